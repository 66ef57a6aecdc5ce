package bootpay_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// The tests in this file walk ConfirmVerified's closed list of outcomes,
// one test (or subtest) per outcome, each proving with the sandbox's
// counters what was confirmed and cancelled.

const outcomePrice = 25000

// awaitingReceipt creates a receipt in status 2 for order-o and returns
// the ConfirmParams that match it.
func awaitingReceipt(srv *bootpaytest.Server) (bootpaytest.Receipt, bootpay.ConfirmParams) {
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-o", Price: outcomePrice})
	return rc, bootpay.ConfirmParams{ReceiptID: rc.ReceiptID, OrderID: "order-o", Amount: outcomePrice, CancelOnMismatch: true}
}

// forgedConfirm makes the sandbox apply the confirm and answer with the
// receipt at another amount, as if it had changed in between.
func forgedConfirm(srv *bootpaytest.Server, receiptID string) {
	forged := fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-o","price":300,"status":1}`, receiptID)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.StatusAfterApply(200, forged), 1)
}

func TestConfirmVerifiedOutcomeConfirmed(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	_, p := awaitingReceipt(srv)

	res, err := c.Receipts.ConfirmVerified(context.Background(), p)
	require.NoError(t, err)
	assert.False(t, res.AlreadyConfirmed, "this call confirmed it")
	assert.Equal(t, bootpay.StatusPaid, res.Receipt.Status)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
}

// TestConfirmVerifiedAlreadyConfirmed: ConfirmVerified is idempotent by
// receipt id. Run again on a receipt already confirmed for the same order
// and amount, it succeeds with AlreadyConfirmed and sends no confirm,
// whoever confirmed it first.
func TestConfirmVerifiedAlreadyConfirmed(t *testing.T) {
	ctx := context.Background()
	cases := map[string]func(t *testing.T, srv *bootpaytest.Server, c *bootpay.Client, p bootpay.ConfirmParams){
		"the browser retried": func(t *testing.T, _ *bootpaytest.Server, c *bootpay.Client, p bootpay.ConfirmParams) {
			_, err := c.Receipts.ConfirmVerified(ctx, p)
			require.NoError(t, err)
		},
		"the webhook handler won": func(t *testing.T, _ *bootpaytest.Server, c *bootpay.Client, p bootpay.ConfirmParams) {
			_, err := c.Receipts.Confirm(ctx, p.ReceiptID)
			require.NoError(t, err)
		},
		"the first call ended unknown and its lookup failed": func(t *testing.T, srv *bootpaytest.Server, c *bootpay.Client, p bootpay.ConfirmParams) {
			srv.Inject(bootpaytest.OpConfirm, bootpaytest.CloseAfterApply(), 1)
			srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1) // the first lookup passes
			srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Status(503, bootpaytest.ErrorBody("UNAVAILABLE", "점검 중")), 3)
			_, err := c.Receipts.ConfirmVerified(ctx, p)
			var unknown *bootpay.OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%v", err)
			var pending *bootpay.PendingConfirmError
			assert.False(t, errors.As(err, &pending), "the receipt could not be looked up")
		},
	}
	for name, before := range cases {
		t.Run(name, func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			_, p := awaitingReceipt(srv)
			before(t, srv, c, p)
			require.Equal(t, 1, srv.Stats().ConfirmsApplied)
			confirmsSent := srv.Stats().Requests[bootpaytest.OpConfirm]

			res, err := c.Receipts.ConfirmVerified(ctx, p)
			require.NoError(t, err)
			assert.True(t, res.AlreadyConfirmed)
			assert.Equal(t, bootpay.StatusPaid, res.Receipt.Status)
			assert.Equal(t, 1, srv.Stats().ConfirmsApplied, "confirmed once")
			assert.Equal(t, confirmsSent, srv.Stats().Requests[bootpaytest.OpConfirm], "no confirm was sent")
			assert.Equal(t, 0, srv.Stats().CancelsApplied)
		})
	}
}

// TestConfirmVerifiedRefusedAsNotReady: between ConfirmVerified's lookup
// (status 2) and its confirm, another request confirmed the receipt, so
// Bootpay refuses this confirm as not ready. A lookup shows it confirmed
// for the order: that is a success with AlreadyConfirmed, not a refusal.
func TestConfirmVerifiedRefusedAsNotReady(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	_, p := awaitingReceipt(srv)
	// The confirm lands (as the other request's would) and this one is told "not ready".
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.StatusAfterApply(400, bootpaytest.ErrorBody(bootpaytest.CodeNotConfirmReady, "")), 1)

	res, err := c.Receipts.ConfirmVerified(context.Background(), p)
	require.NoError(t, err)
	assert.True(t, res.AlreadyConfirmed)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpConfirm])
}

func TestConfirmVerifiedOutcomeValidation(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	_, p := awaitingReceipt(srv)
	for name, bad := range map[string]func(*bootpay.ConfirmParams){
		"receipt id ..":     func(p *bootpay.ConfirmParams) { p.ReceiptID = ".." },
		"receipt id NUL":    func(p *bootpay.ConfirmParams) { p.ReceiptID = "r\x00" },
		"no order id":       func(p *bootpay.ConfirmParams) { p.OrderID = "" },
		"no amount":         func(p *bootpay.ConfirmParams) { p.Amount = 0 },
		"a negative amount": func(p *bootpay.ConfirmParams) { p.Amount = -1 },
	} {
		q := p
		bad(&q)
		_, err := c.Receipts.ConfirmVerified(context.Background(), q)
		var verr *bootpay.ValidationError
		assert.True(t, errors.As(err, &verr), "%s: %v", name, err)
		_, err = c.Receipts.ReconcileConfirm(context.Background(), q)
		assert.True(t, errors.As(err, &verr), "ReconcileConfirm, %s: %v", name, err)
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

// TestConfirmVerifiedOutcomeMismatchBefore: a receipt that does not match
// before the confirm is refused with AfterConfirm unset, and nothing is
// confirmed or cancelled, even with CancelOnMismatch and even when the
// receipt is already paid (at another amount).
func TestConfirmVerifiedOutcomeMismatchBefore(t *testing.T) {
	for name, status := range map[string]bootpay.Status{
		"awaiting confirm": bootpay.StatusAwaitingConfirm,
		"already paid":     bootpay.StatusPaid,
	} {
		t.Run(name, func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-o", Price: 100, Status: &status})

			_, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{
				ReceiptID: rc.ReceiptID, OrderID: "order-o", Amount: outcomePrice, CancelOnMismatch: true,
			})
			var mismatch *bootpay.MismatchError
			require.True(t, errors.As(err, &mismatch), "%v", err)
			assert.False(t, mismatch.AfterConfirm)
			assert.True(t, mismatch.Has("price"))
			assert.Nil(t, mismatch.Cancelled)
			assert.NoError(t, mismatch.CancelErr)
			require.NotNil(t, mismatch.Receipt)
			assert.Equal(t, int64(100), mismatch.Receipt.Price.Int64())
			assert.Equal(t, 0, srv.Stats().Requests[bootpaytest.OpConfirm])
			assert.Equal(t, 0, srv.Stats().Requests[bootpaytest.OpCancel])
		})
	}
}

// TestConfirmVerifiedOutcomeMismatchAfter: a receipt that does not match
// after the confirm, with CancelOnMismatch: cancelled in full (Cancelled);
// or the cancel failed, recorded in CancelErr, and the error as a whole
// does NOT match ErrOutcomeUnknown, because the confirm's outcome is
// known; CancelErr says whether the cancel may have been applied.
func TestConfirmVerifiedOutcomeMismatchAfter(t *testing.T) {
	cases := []struct {
		name          string
		cancelFaults  func(srv *bootpaytest.Server)
		cancelled     bool
		cancelUnknown bool
		applied       int
	}{
		{name: "cancelled", cancelFaults: func(*bootpaytest.Server) {}, cancelled: true, applied: 1},
		{name: "cancel refused", cancelFaults: func(srv *bootpaytest.Server) {
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Status(400, bootpaytest.ErrorBody(bootpaytest.CodeNotCancellable, "")), -1)
		}},
		{name: "cancel outcome unknown", cancelFaults: func(srv *bootpaytest.Server) {
			srv.Inject(bootpaytest.OpCancel, bootpaytest.CloseAfterApply(), 1)
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Status(503, bootpaytest.ErrorBody("UNAVAILABLE", "점검 중")), -1)
		}, cancelUnknown: true, applied: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			rc, p := awaitingReceipt(srv)
			forgedConfirm(srv, rc.ReceiptID)
			tc.cancelFaults(srv)

			_, err := c.Receipts.ConfirmVerified(context.Background(), p)
			var mismatch *bootpay.MismatchError
			require.True(t, errors.As(err, &mismatch), "%v", err)
			assert.True(t, mismatch.AfterConfirm)
			assert.True(t, mismatch.Has("price"))
			assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "the confirm's outcome is known: %v", err)
			assert.Equal(t, tc.cancelled, mismatch.Cancelled != nil)
			assert.Equal(t, !tc.cancelled, mismatch.CancelErr != nil)
			assert.Equal(t, tc.cancelUnknown, errors.Is(mismatch.CancelErr, bootpay.ErrOutcomeUnknown), "%v", mismatch.CancelErr)
			assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
			assert.Equal(t, tc.applied, srv.Stats().CancelsApplied)
			if tc.cancelled {
				assert.True(t, mismatch.Cancelled.FullyCancelled())
			}
		})
	}
}

// TestConfirmVerifiedOutcomePending: a confirm still unanswered when the
// attempt times out, and a receipt still in status 2 when looked up: a
// *PendingConfirmError (ErrOutcomeUnknown). The confirm lands later, and
// ReconcileConfirm then finds it, without a second confirm.
func TestConfirmVerifiedOutcomePending(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth(), bootpay.WithTimeout(40*time.Millisecond))
	_, p := awaitingReceipt(srv)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Delay(100*time.Millisecond), 1)

	_, err := c.Receipts.ConfirmVerified(context.Background(), p)
	var pending *bootpay.PendingConfirmError
	require.True(t, errors.As(err, &pending), "%v", err)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.Equal(t, bootpay.StatusAwaitingConfirm, pending.Receipt.Status)

	sandboxtest.Settle(t, srv)
	r, err := c.Receipts.ReconcileConfirm(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusPaid, r.Status)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpConfirm])
}

// TestConfirmVerifiedOutcomeUnknownLookupFailed: the confirm's outcome is
// unknown and the lookup that would settle it fails: an
// *OutcomeUnknownError naming the receipt, never the lookup's own error
// as if nothing had happened; the confirm that was in fact applied is
// found by ReconcileConfirm later.
func TestConfirmVerifiedOutcomeUnknownLookupFailed(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	rc, p := awaitingReceipt(srv)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.TruncatedBody(), 1)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Status(404, bootpaytest.ErrorBody(bootpaytest.CodeReceiptNotFound, "")), 1)

	_, err := c.Receipts.ConfirmVerified(context.Background(), p)
	var unknown *bootpay.OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "%v", err)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.False(t, errors.Is(err, bootpay.ErrNotFound), "the lookup's 404 says nothing about the confirm")
	assert.Equal(t, rc.ReceiptID, unknown.Reference)
	assert.Contains(t, err.Error(), "reconcile failed")

	r, err := c.Receipts.ReconcileConfirm(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusPaid, r.Status)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpConfirm])
}

// TestConfirmVerifiedOutcomeFirstLookupFails: the first lookup's error is
// returned as is; nothing was confirmed and calling again is safe.
func TestConfirmVerifiedOutcomeFirstLookupFails(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	_, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{ReceiptID: "no-such-receipt", OrderID: "order-o", Amount: 1})
	assert.True(t, errors.Is(err, bootpay.ErrNotFound), "%v", err)
	assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.Equal(t, 0, srv.Stats().Requests[bootpaytest.OpConfirm])
}

// TestConfirmVerifiedOutcomeRefused: a confirm refused before it could
// have been applied is returned as Bootpay's answer (or the rate limit),
// not as unknown; nothing was confirmed, and calling again confirms.
func TestConfirmVerifiedOutcomeRefused(t *testing.T) {
	for name, f := range map[string]bootpaytest.Fault{
		"400":           bootpaytest.Status(400, bootpaytest.ErrorBody(bootpaytest.CodeInvalidRequest, "")),
		"429 long wait": bootpaytest.RateLimit("120"),
	} {
		t.Run(name, func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			_, p := awaitingReceipt(srv)
			srv.Inject(bootpaytest.OpConfirm, f, 1)

			_, err := c.Receipts.ConfirmVerified(context.Background(), p)
			var apiErr *bootpay.APIError
			require.True(t, errors.As(err, &apiErr), "%v", err)
			assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
			var mismatch *bootpay.MismatchError
			assert.False(t, errors.As(err, &mismatch))
			assert.Equal(t, 0, srv.Stats().ConfirmsApplied)

			res, err := c.Receipts.ConfirmVerified(context.Background(), p)
			require.NoError(t, err, "calling again is safe")
			assert.False(t, res.AlreadyConfirmed)
			assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
		})
	}
}
