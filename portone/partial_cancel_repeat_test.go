package portone_test

// Review 53: the repeat the docs prescribe for a partial Cancel that ended
// unknown, within PortOne's key lifetime.

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestPartialCancelUnknownRepeatsUnderItsKey: a 부분취소 without
// CurrentCancellableAmount and without WithIdempotencyKey (the package's
// first example of Cancel used to allow it) that is applied with every
// reply lost has no documented repeat: the repeat under its key needs the
// balance, and adding it makes another request under the key, which
// PortOne refuses (422 IDEMPOTENCY_KEY_REUSED): the stored result is out
// of reach. So it is refused up front, nothing sent. Named from the first
// attempt on (the balance read before it), the same call ending unknown
// is repeated as the docs say, identical under its key, and gets the
// stored answer: refunded once.
func TestPartialCancelUnknownRepeatsUnderItsKey(t *testing.T) {
	const total = 30000
	srv := portonetest.NewServer()
	t.Cleanup(srv.Close)
	c := sandboxClient(t, srv)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order-90", Total: total})
	p := portone.CancelPaymentParams{PaymentID: "order-90", Amount: 10000, Reason: "부분 환불"}
	ctx := context.Background()

	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.CloseAfterApply(), -1)
	_, err := c.Payments.Cancel(ctx, p)
	var invalid *portone.ValidationError
	require.ErrorAs(t, err, &invalid, "a partial cancel naming no balance: %v", err)
	assert.Equal(t, "CurrentCancellableAmount", invalid.Field)
	assert.Zero(t, srv.Stats().Requests[portonetest.OpPaymentCancel], "refused before any I/O")
	srv.ClearFaults()

	before, err := c.Payments.Get(ctx, "order-90") // read before the first attempt
	require.NoError(t, err)
	p.CurrentCancellableAmount = portone.Ptr(before.Amount.Total - before.Amount.Cancelled)
	unknown := unknownCall(t, srv, portonetest.OpPaymentCancel, func(opts ...portone.RequestOption) error {
		_, err := c.Payments.Cancel(ctx, p, opts...)
		return err
	})
	require.Equal(t, 1, srv.Stats().CancelsApplied)
	assert.Equal(t, "order-90", unknown.Reference)

	replays := srv.Stats().IdempotentReplays
	_, err = c.Payments.Cancel(ctx, p, portone.WithIdempotencyKey(unknown.IdempotencyKey))
	require.NoError(t, err, "the documented repeat of the same call under its key")
	st := srv.Stats()
	assert.Equal(t, replays+1, st.IdempotentReplays, "the stored result")
	assert.Equal(t, 1, st.CancelsApplied, "refunded once")
	assert.Zero(t, st.IdempotencyMismatches, "the repeat is the identical request")
}

// TestKeyReusedAfterUnknownIsNotADefiniteRefusal: a 부분취소 naming its
// balance is applied and every reply lost. Repeated under its key with a
// body that differs (the balance re-read from a lookup, as the
// *ValidationError of the rule above tells a caller to do: "look the
// payment up and set it to the balance"), PortOne answers 422
// IDEMPOTENCY_KEY_REUSED. That answer exists only because an earlier
// request under the key exists, and that request was applied; HEAD
// returns it as a definite *APIError (ErrInvalidRequest: "nothing
// applied, send a corrected request with a new key"), and the corrected
// request under a new key, naming the re-read balance, refunds again.
// It must end unknown, naming the payment.
func TestKeyReusedAfterUnknownIsNotADefiniteRefusal(t *testing.T) {
	const total, amount = 30000, 10000
	srv := portonetest.NewServer()
	t.Cleanup(srv.Close)
	c := sandboxClient(t, srv)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order-91", Total: total})
	p := portone.CancelPaymentParams{PaymentID: "order-91", Amount: amount, Reason: "부분 환불",
		CurrentCancellableAmount: portone.Ptr(int64(total))}
	ctx := context.Background()
	unknown := unknownCall(t, srv, portonetest.OpPaymentCancel, func(opts ...portone.RequestOption) error {
		_, err := c.Payments.Cancel(ctx, p, opts...)
		return err
	})
	require.Equal(t, 1, srv.Stats().CancelsApplied)

	looked, err := c.Payments.Get(ctx, "order-91")
	require.NoError(t, err)
	reread := p
	reread.CurrentCancellableAmount = portone.Ptr(looked.Amount.Total - looked.Amount.Cancelled)
	_, err = c.Payments.Cancel(ctx, reread, portone.WithIdempotencyKey(unknown.IdempotencyKey))
	require.Error(t, err)
	var apiErr *portone.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "IDEMPOTENCY_KEY_REUSED", string(apiErr.Type))
	assert.NotErrorIs(t, err, portone.ErrInvalidRequest, "the key's earlier request was applied; this reads as 'nothing applied': %v", err)
	assert.ErrorIs(t, err, portone.ErrOutcomeUnknown)

	if !errors.Is(err, portone.ErrOutcomeUnknown) {
		// What the package doc prescribes for a definite refusal.
		_, err = c.Payments.Cancel(ctx, reread)
		t.Logf("the corrected request under a new key: %v", err)
	}
	assert.Equal(t, 1, srv.Stats().CancelsApplied, "refunded once")
}
