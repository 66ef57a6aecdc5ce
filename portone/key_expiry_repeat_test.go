package portone_test

// The repeat the docs prescribe after an *OutcomeUnknownError ("repeat
// the call with WithIdempotencyKey(key)"), made once PortOne's key store
// has forgotten the key (about 3 hours), or made under a new key. PortOne
// then answers with what the earlier call did (ALREADY_PAID,
// PAYMENT_ALREADY_CANCELLED), which must not read as a definite refusal;
// and a partial cancel would be applied again unless it names
// CurrentCancellableAmount, which Cancel therefore requires of every partial cancel.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// keyExpiry is past PortOne's documented key lifetime (3 hours).
const keyExpiry = 3*time.Hour + time.Minute

// unknownCall makes call fail on every attempt after applying it
// (CloseAfterApply), and returns the *OutcomeUnknownError it ends with.
func unknownCall(t *testing.T, srv *portonetest.Server, op portonetest.Operation, call func(opts ...portone.RequestOption) error) *portone.OutcomeUnknownError {
	t.Helper()
	srv.Inject(op, portonetest.Faults.CloseAfterApply(), -1)
	err := call()
	sandboxtest.Settle(t, srv)
	var unknown *portone.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown, "every reply lost: %v", err)
	srv.ClearFaults()
	return unknown
}

// requireSettledRefusal checks that err, the answer to a repeat, is an
// unknown outcome of paymentID carrying PortOne's 409 of type want: not
// a definite refusal (ErrConflict), which would read as "nothing
// applied" while the earlier call went through.
func requireSettledRefusal(t *testing.T, err error, paymentID string, want portone.ErrorType) {
	t.Helper()
	require.Error(t, err)
	assert.True(t, errors.Is(err, portone.ErrOutcomeUnknown),
		"the payment is where the earlier call took it, yet the repeat ends as a definite refusal, 'nothing applied': %v", err)
	assert.False(t, errors.Is(err, portone.ErrConflict), "a write that went through reads as refused: %v", err)
	var unknown *portone.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, paymentID, unknown.Reference, "the payment to look up")
	var apiErr *portone.APIError
	require.ErrorAs(t, err, &apiErr, "PortOne's refusal stays reachable")
	assert.Equal(t, want, apiErr.Type)
}

// TestChargeRepeatedLaterIsNotADefiniteRefusal: a billing-key charge is
// applied and every reply is lost (ErrOutcomeUnknown). The caller repeats
// it as PaymentsService and PayWithBillingKey say, with the key, but after
// PortOne forgot the key, or under a new key. PortOne refuses the second
// payment under the paid id (409 ALREADY_PAID): that is the charge that
// went through, so the call ends unknown with the payment id to look up,
// never as a refusal a merchant would take for "charge again under a new
// payment id". PortOne charged once.
func TestChargeRepeatedLaterIsNotADefiniteRefusal(t *testing.T) {
	for _, repeat := range []string{"same key after expiry", "new key"} {
		t.Run(repeat, func(t *testing.T) {
			clock := sandbox.NewClock(time.Now())
			srv := portonetest.NewServer(portonetest.WithClock(clock.Now))
			t.Cleanup(srv.Close)
			c := sandboxClient(t, srv)
			card := srv.IssueBillingKey(portonetest.BillingKeySpec{})
			params := portone.BillingKeyPaymentParams{
				PaymentID: "sub-2026-11", BillingKey: portone.BillingKey(card.BillingKey), OrderName: "멤버십 11월",
				Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW,
			}
			ctx := context.Background()
			unknown := unknownCall(t, srv, portonetest.OpBillingKeyPay, func(opts ...portone.RequestOption) error {
				_, err := c.Payments.PayWithBillingKey(ctx, params, opts...)
				return err
			})
			require.Equal(t, 1, srv.Stats().BillingKeyPaymentsApplied)

			var opts []portone.RequestOption
			if repeat == "same key after expiry" {
				clock.Advance(keyExpiry)
				opts = append(opts, portone.WithIdempotencyKey(unknown.IdempotencyKey))
			}
			before := srv.Stats()
			_, err := c.Payments.PayWithBillingKey(ctx, params, opts...)
			st := srv.Stats()
			require.Equal(t, 1, st.BillingKeyPaymentsApplied, "PortOne charged once")
			assert.Equal(t, before.Requests[portonetest.OpBillingKeyPay]+1, st.Requests[portonetest.OpBillingKeyPay],
				"one request: a 409 is not retried")
			assert.Equal(t, before.IdempotentReplays, st.IdempotentReplays, "the repeat was a new request to PortOne, not a replay")
			requireSettledRefusal(t, err, params.PaymentID, portone.ErrorTypeAlreadyPaid)

			p, err := c.Payments.Get(ctx, params.PaymentID)
			require.NoError(t, err)
			assert.Equal(t, portone.PaymentStatusPaid, p.Status, "the lookup the error sends the caller to shows the charge")
		})
	}
}

// TestPartialCancelRepeatedAfterKeyExpiryRefundsOnce: a partial cancel,
// naming the balance it read before its first attempt, is applied and
// every reply is lost (ErrOutcomeUnknown). Repeated with the key after
// PortOne forgot it, the cancel is a new request that PortOne would apply
// again. Without CurrentCancellableAmount the repeat is refused before any
// I/O (*ValidationError); with the balance the payment had before the
// first attempt, PortOne refuses it (409
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: the balance moved), which ends
// unknown, not as "nothing applied". Refunded once.
func TestPartialCancelRepeatedAfterKeyExpiryRefundsOnce(t *testing.T) {
	const total, amount = 30000, 10000
	clock := sandbox.NewClock(time.Now())
	srv := portonetest.NewServer(portonetest.WithClock(clock.Now))
	t.Cleanup(srv.Close)
	c := sandboxClient(t, srv)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order-77", Total: total})
	p := portone.CancelPaymentParams{PaymentID: "order-77", Amount: amount, Reason: "부분 환불",
		CurrentCancellableAmount: portone.Ptr(int64(total))}
	ctx := context.Background()
	unknown := unknownCall(t, srv, portonetest.OpPaymentCancel, func(opts ...portone.RequestOption) error {
		_, err := c.Payments.Cancel(ctx, p, opts...)
		return err
	})
	require.Equal(t, 1, srv.Stats().CancelsApplied)
	clock.Advance(keyExpiry)
	key := portone.WithIdempotencyKey(unknown.IdempotencyKey)

	bare := p
	bare.CurrentCancellableAmount = nil
	before := srv.Stats()
	sent := before.Requests[portonetest.OpPaymentCancel]
	_, err := c.Payments.Cancel(ctx, bare, key)
	var invalid *portone.ValidationError
	require.ErrorAs(t, err, &invalid, "a partial cancel without CurrentCancellableAmount: %v", err)
	assert.Equal(t, "CurrentCancellableAmount", invalid.Field)
	assert.Equal(t, sent, srv.Stats().Requests[portonetest.OpPaymentCancel], "refused before any I/O")

	_, err = c.Payments.Cancel(ctx, p, key) // the same call, the balance before the first attempt
	st := srv.Stats()
	assert.Equal(t, sent+1, st.Requests[portonetest.OpPaymentCancel])
	assert.Equal(t, before.IdempotentReplays, st.IdempotentReplays, "PortOne had forgotten the key: no replay")
	requireSettledRefusal(t, err, "order-77", portone.ErrorTypeCancellableAmountConsistencyBroken)

	stored, ok := srv.Payment("order-77")
	require.True(t, ok)
	assert.Equal(t, 1, st.CancelsApplied, "refunded %d of %d", stored.Amount.Cancelled, total)
	assert.Equal(t, int64(amount), stored.Amount.Cancelled)
}

// TestFullCancelRepeatedLaterIsNotADefiniteRefusal: the same for a full
// cancel. Its repeat after PortOne forgot the key (or under a new key) is
// answered 409 PAYMENT_ALREADY_CANCELLED: the refund went through, so the
// call ends unknown with the payment id, never as a refusal ("nothing
// applied") that a merchant would answer by refunding some other way.
func TestFullCancelRepeatedLaterIsNotADefiniteRefusal(t *testing.T) {
	for _, repeat := range []string{"same key after expiry", "new key"} {
		t.Run(repeat, func(t *testing.T) {
			clock := sandbox.NewClock(time.Now())
			srv := portonetest.NewServer(portonetest.WithClock(clock.Now))
			t.Cleanup(srv.Close)
			c := sandboxClient(t, srv)
			srv.CreatePayment(portonetest.PaymentSpec{ID: "order-78", Total: 30000})
			p := portone.CancelPaymentParams{PaymentID: "order-78", Full: true, Reason: "전액 환불"}
			ctx := context.Background()
			unknown := unknownCall(t, srv, portonetest.OpPaymentCancel, func(opts ...portone.RequestOption) error {
				_, err := c.Payments.Cancel(ctx, p, opts...)
				return err
			})
			require.Equal(t, 1, srv.Stats().CancelsApplied)

			var opts []portone.RequestOption
			if repeat == "same key after expiry" {
				clock.Advance(keyExpiry)
				opts = append(opts, portone.WithIdempotencyKey(unknown.IdempotencyKey))
			}
			_, err := c.Payments.Cancel(ctx, p, opts...)
			require.Equal(t, 1, srv.Stats().CancelsApplied, "PortOne refunded once")
			requireSettledRefusal(t, err, "order-78", portone.ErrorTypePaymentAlreadyCancelled)
		})
	}
}
