package bootpay_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// The TestConfirmVerifiedOutcome tests walk ConfirmVerified's closed list of outcomes,
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
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.StatusAfterApply(200, forged), 1)
}

func TestConfirmVerifiedOutcomeConfirmed(t *testing.T) {
	srv, c := basicSandbox(t)
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
			srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.CloseAfterApply(), 1)
			srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1) // the first lookup passes
			srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(503, bootpaytest.ErrorBody("UNAVAILABLE", "점검 중")), 3)
			_, err := c.Receipts.ConfirmVerified(ctx, p)
			var unknown *bootpay.OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%v", err)
			var pending *bootpay.PendingConfirmError
			assert.False(t, errors.As(err, &pending), "the receipt could not be looked up")
		},
	}
	for name, before := range cases {
		t.Run(name, func(t *testing.T) {
			srv, c := basicSandbox(t)
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
	srv, c := basicSandbox(t)
	_, p := awaitingReceipt(srv)
	// The confirm lands (as the other request's would) and this one is told "not ready".
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.StatusAfterApply(400, bootpaytest.ErrorBody(bootpaytest.CodeNotConfirmReady, "")), 1)

	res, err := c.Receipts.ConfirmVerified(context.Background(), p)
	require.NoError(t, err)
	assert.True(t, res.AlreadyConfirmed)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpConfirm])
}

func TestConfirmVerifiedOutcomeValidation(t *testing.T) {
	srv, c := basicSandbox(t)
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
			srv, c := basicSandbox(t)
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

// TestConfirmVerifiedChecksTheCurrency: a receipt in another currency for
// the same order and amount is refused before any confirm when Currency is
// set, and confirmed as before when it matches.
func TestConfirmVerifiedChecksTheCurrency(t *testing.T) {
	srv, c := basicSandbox(t)
	usd := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-o", Price: outcomePrice, Currency: "USD"})
	_, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{
		ReceiptID: usd.ReceiptID, OrderID: "order-o", Amount: outcomePrice, Currency: "KRW", CancelOnMismatch: true,
	})
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.True(t, mismatch.Has("currency"))
	assert.False(t, mismatch.AfterConfirm)
	assert.Equal(t, 0, srv.Stats().Requests[bootpaytest.OpConfirm], "nothing confirmed")

	_, p := awaitingReceipt(srv)
	p.Currency = "KRW"
	_, err = c.Receipts.ConfirmVerified(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
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
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(400, bootpaytest.ErrorBody(bootpaytest.CodeNotCancellable, "")), -1)
		}},
		{name: "cancel outcome unknown", cancelFaults: func(srv *bootpaytest.Server) {
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1)
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(503, bootpaytest.ErrorBody("UNAVAILABLE", "점검 중")), -1)
		}, cancelUnknown: true, applied: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := basicSandbox(t)
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
	srv, c := basicSandbox(t, bootpay.WithTimeout(40*time.Millisecond))
	_, p := awaitingReceipt(srv)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.Delay(100*time.Millisecond), 1)

	_, err := c.Receipts.ConfirmVerified(context.Background(), p)
	var pending *bootpay.PendingConfirmError
	require.True(t, errors.As(err, &pending), "%v", err)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.Equal(t, bootpay.StatusAwaitingConfirm, pending.Receipt.Status)

	sandboxtest.Settle(t, srv)
	requireReconciledPaid(t, srv, c, p)
}

// TestConfirmVerifiedOutcomeUnknownLookupFailed: the confirm's outcome is
// unknown and the lookup that would settle it fails: an
// *OutcomeUnknownError naming the receipt, never the lookup's own error
// as if nothing had happened; the confirm that was in fact applied is
// found by ReconcileConfirm later.
func TestConfirmVerifiedOutcomeUnknownLookupFailed(t *testing.T) {
	srv, c := basicSandbox(t)
	rc, p := awaitingReceipt(srv)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.TruncatedBody(), 1)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(404, bootpaytest.ErrorBody(bootpaytest.CodeReceiptNotFound, "")), 1)

	_, err := c.Receipts.ConfirmVerified(context.Background(), p)
	var unknown *bootpay.OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "%v", err)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.False(t, errors.Is(err, bootpay.ErrNotFound), "the lookup's 404 says nothing about the confirm")
	assert.Equal(t, rc.ReceiptID, unknown.Reference)
	assert.Contains(t, err.Error(), "reconcile failed")

	requireReconciledPaid(t, srv, c, p)
}

// requireReconciledPaid checks that ReconcileConfirm finds the receipt of
// p paid by the one confirm the sandbox received and applied.
func requireReconciledPaid(t *testing.T, srv *bootpaytest.Server, c *bootpay.Client, p bootpay.ConfirmParams) {
	t.Helper()
	r, err := c.Receipts.ReconcileConfirm(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusPaid, r.Status)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpConfirm])
}

// TestConfirmVerifiedOutcomeFirstLookupFails: the first lookup's error is
// returned as is; nothing was confirmed and calling again is safe.
func TestConfirmVerifiedOutcomeFirstLookupFails(t *testing.T) {
	srv, c := basicSandbox(t)
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
		"400":           bootpaytest.Faults.Status(400, bootpaytest.ErrorBody(bootpaytest.CodeInvalidRequest, "")),
		"429 long wait": bootpaytest.Faults.RateLimit("120"),
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := basicSandbox(t)
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

// paidReceipt creates a paid receipt of price won, taxFree of it tax-free.
func paidReceipt(srv *bootpaytest.Server, price, taxFree int64) bootpaytest.Receipt {
	return srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: price, TaxFree: taxFree, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
}

// TestCancelIDReusedForAnotherAmount: cancelling 1,000 with id X and then
// 5,000 with the same id X must not report the 5,000 as refunded. The
// receipt shows only 1,000 cancelled in total, which rules the 5,000 out:
// a *CancelIDConflictError (ErrConflict) naming both amounts, and nothing
// more is cancelled.
func TestCancelIDReusedForAnotherAmount(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := paidReceipt(srv, 10000, 0)
	ctx := context.Background()

	_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 1000, CancelID: "refund-x"})
	require.NoError(t, err)
	r, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 5000, CancelID: "refund-x"})
	require.Error(t, err, "the 5,000 was never refunded")
	assert.Nil(t, r)

	var conflict *bootpay.CancelIDConflictError
	require.True(t, errors.As(err, &conflict), "%v", err)
	assert.True(t, errors.Is(err, bootpay.ErrConflict))
	assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "the receipt proves this cancel was not applied")
	assert.Equal(t, rc.ReceiptID, conflict.ReceiptID)
	assert.Equal(t, "refund-x", conflict.CancelID)
	assert.Equal(t, int64(5000), conflict.Requested)
	assert.Equal(t, int64(1000), conflict.Applied)
	assert.False(t, conflict.Full)
	assert.Contains(t, err.Error(), "5000")
	assert.Contains(t, err.Error(), "1000")
	var apiErr *bootpay.APIError
	require.True(t, errors.As(err, &apiErr), "Bootpay's refusal stays reachable")
	assert.Equal(t, bootpay.CodeCancelIDDuplicated, apiErr.Code)

	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	snapshot, _ := srv.Receipt(rc.ReceiptID)
	assert.Equal(t, int64(1000), snapshot.CancelledPrice)
}

// TestCancelIDReusedRuledOut: the other ways the receipt rules a reused
// cancel_id out: less tax-free money cancelled than asked, and a full
// cancel under an id that cancelled only part.
func TestCancelIDReusedRuledOut(t *testing.T) {
	cases := map[string]bootpay.CancelParams{
		"tax-free part": {Amount: 1000, TaxFree: 500, CancelID: "refund-y"},
		"full cancel":   {Full: true, CancelID: "refund-y"},
	}
	for name, again := range cases {
		t.Run(name, func(t *testing.T) {
			srv, c := basicSandbox(t)
			rc := paidReceipt(srv, 10000, 2000)
			ctx := context.Background()
			_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 1000, CancelID: "refund-y"})
			require.NoError(t, err) // the sandbox cancels the taxable part first: tax-free 0

			again.ReceiptID = rc.ReceiptID
			_, err = c.Receipts.Cancel(ctx, again)
			var conflict *bootpay.CancelIDConflictError
			require.True(t, errors.As(err, &conflict), "%v", err)
			assert.Equal(t, again.Full, conflict.Full)
			assert.Equal(t, again.TaxFree, conflict.RequestedTaxFree)
			assert.Equal(t, int64(0), conflict.AppliedTaxFree)
			assert.Equal(t, 1, srv.Stats().CancelsApplied)
		})
	}
}

// TestCancelIDRepeated: repeating the same cancel with the same id (your
// own retry after an unknown outcome) cancels nothing more. A full cancel
// is a success, since nothing remains; a partial one is an unknown
// outcome, since cancel_id is unique per merchant and the receipt keeps
// no per-cancel history, so its amounts cannot tell this cancel from
// others while the id went to another receipt.
func TestCancelIDRepeated(t *testing.T) {
	for name, p := range map[string]bootpay.CancelParams{
		"partial":           {Amount: 4000, CancelID: "refund-z"},
		"partial, tax-free": {Amount: 4000, TaxFree: 1000, CancelID: "refund-z"},
		"full":              {Full: true, CancelID: "refund-z"},
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := basicSandbox(t)
			rc := paidReceipt(srv, 9000, 2000)
			p.ReceiptID = rc.ReceiptID
			first, err := c.Receipts.Cancel(context.Background(), p)
			require.NoError(t, err)
			again, err := c.Receipts.Cancel(context.Background(), p)
			if p.Full {
				require.NoError(t, err)
				assert.Equal(t, first.CancelledPrice, again.CancelledPrice)
			} else {
				requireUnknownCancel(t, err, rc.ReceiptID, "refund-z")
			}
			assert.Equal(t, 1, srv.Stats().CancelsApplied)
			assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpCancel])
		})
	}
}

// requireUnknownCancel checks that err is a cancel's unknown outcome
// carrying what to reconcile with: the receipt id and the cancel_id.
func requireUnknownCancel(t *testing.T, err error, receiptID, cancelID string) {
	t.Helper()
	require.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "%v", err)
	var unknown *bootpay.OutcomeUnknownError
	require.True(t, errors.As(err, &unknown))
	assert.Equal(t, receiptID, unknown.Reference)
	assert.Equal(t, cancelID, unknown.IdempotencyKey)
}

// TestCancelIDReusedUndetermined: when other cancels on the receipt make
// its cumulative amount larger than this cancel, the receipt can neither
// prove nor rule out that the id was used for this cancel. That is an
// unknown outcome carrying the receipt id and cancel_id, never a success:
// here the id cancelled 3,000 and is reused for 4,000.
func TestCancelIDReusedUndetermined(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := paidReceipt(srv, 10000, 0)
	ctx := context.Background()
	_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-a"})
	require.NoError(t, err)
	_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 2000, CancelID: "refund-b"})
	require.NoError(t, err)

	r, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 4000, CancelID: "refund-a"})
	assert.Nil(t, r)
	requireUnknownCancel(t, err, rc.ReceiptID, "refund-a")
	assert.False(t, errors.Is(err, bootpay.ErrConflict))
	assert.Equal(t, 2, srv.Stats().CancelsApplied, "the 4,000 was not cancelled")
}

// TestCancelGeneratedIDProvenAfterOtherCancels: with a generated cancel_id
// only this call ever sent the id, so a duplicate refusal after a lost
// reply proves this cancel even when earlier cancels make the receipt's
// total larger than it.
func TestCancelGeneratedIDProvenAfterOtherCancels(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := paidReceipt(srv, 10000, 0)
	ctx := context.Background()
	_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-earlier"})
	require.NoError(t, err)

	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1) // applied, the reply is lost
	r, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 2000})
	require.NoError(t, err)
	assert.Equal(t, int64(5000), r.CancelledPrice.Int64())
	assert.Equal(t, 2, srv.Stats().CancelsApplied)
	assert.Equal(t, 3, srv.Stats().Requests[bootpaytest.OpCancel], "one retry, refused as a duplicate")
}

// TestCancelDuplicateLookupFails: a duplicate-cancel_id refusal whose
// lookup fails proves nothing: the cancel was applied (here by the lost
// first attempt), so the error must be ErrOutcomeUnknown with the
// receipt id and cancel_id, never the lookup's own error (ErrServer) as if
// the cancel had definitely failed. The lookup before the first attempt
// (a 부분취소 under the caller's CancelID) fails too, and the cancel is
// sent all the same.
func TestCancelDuplicateLookupFails(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := paidReceipt(srv, 10000, 0)
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(503, bootpaytest.ErrorBody("UNAVAILABLE", "점검 중")), -1)

	_, err := c.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 1000, CancelID: "refund-l"})
	requireUnknownCancel(t, err, rc.ReceiptID, "refund-l")
	assert.False(t, errors.Is(err, bootpay.ErrServer), "the lookup's failure is not the cancel's answer")
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	assert.Equal(t, 6, srv.Stats().Requests[bootpaytest.OpReceiptGet],
		"the lookups before the first attempt and after the refusal were tried, each with its retries")
}

// bodiesWithoutAReceipt are 2xx bodies that are not a receipt: empty,
// {}, null, or a receipt missing a required field or with it null.
func bodiesWithoutAReceipt(receiptID string) map[string]string {
	return map[string]string{
		"empty":           "",
		"{}":              "{}",
		"null":            "null",
		"no price":        fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-r","status":1}`, receiptID),
		"status null":     fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-r","price":9000,"status":null}`, receiptID),
		"no status":       fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-r","price":9000}`, receiptID),
		"receipt_id \"\"": `{"receipt_id":"","order_id":"order-r","price":9000,"status":1}`,
		"order_id null":   fmt.Sprintf(`{"receipt_id":%q,"order_id":null,"price":9000,"status":1}`, receiptID),
	}
}

// sandboxAnswering starts a sandbox holding receipt r-1 (order-r, 9,000
// won, awaiting confirmation) whose next op is answered by fault, and a
// client of it.
func sandboxAnswering(t *testing.T, op bootpaytest.Operation, fault bootpaytest.Fault) (*bootpaytest.Server, *bootpay.Client, bootpaytest.Receipt) {
	t.Helper()
	srv, c := basicSandbox(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "r-1", OrderID: "order-r", Price: 9000})
	srv.Inject(op, fault, 1)
	return srv, c, rc
}

// TestGetWithoutAReceipt: a lookup answered 200 with a body that is not a
// receipt is a *DecodeError, never a zero receipt in status 0
// (StatusReady) with a zero amount.
func TestGetWithoutAReceipt(t *testing.T) {
	for name, body := range bodiesWithoutAReceipt("r-1") {
		t.Run(name, func(t *testing.T) {
			_, c, rc := sandboxAnswering(t, bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(200, body))

			r, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
			assert.Nil(t, r)
			var derr *bootpay.DecodeError
			require.True(t, errors.As(err, &derr), "%v", err)
			assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "a lookup changes nothing")
		})
	}
}

// TestConfirmWithoutAReceipt: a confirm answered 2xx with a body that is
// not a receipt was applied (here it was), but what it did cannot be
// read: Confirm reports ErrOutcomeUnknown, and ConfirmVerified reconciles
// by looking the receipt up and succeeds, instead of reporting a zero
// receipt as 위변조.
func TestConfirmWithoutAReceipt(t *testing.T) {
	for name, body := range bodiesWithoutAReceipt("r-1") {
		t.Run(name, func(t *testing.T) {
			srv, c, rc := sandboxAnswering(t, bootpaytest.OpConfirm, bootpaytest.Faults.StatusAfterApply(200, body))

			_, err := c.Receipts.Confirm(context.Background(), rc.ReceiptID)
			require.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "%v", err)
			var derr *bootpay.DecodeError
			assert.True(t, errors.As(err, &derr), "%v", err)
			assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
		})
		t.Run(name+"/verified", func(t *testing.T) {
			srv, c, rc := sandboxAnswering(t, bootpaytest.OpConfirm, bootpaytest.Faults.StatusAfterApply(200, body))

			res, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{
				ReceiptID: rc.ReceiptID, OrderID: "order-r", Amount: 9000, CancelOnMismatch: true,
			})
			require.NoError(t, err, "reconciled by a lookup")
			assert.Equal(t, bootpay.StatusPaid, res.Receipt.Status)
			assert.False(t, res.AlreadyConfirmed)
			assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
			assert.Equal(t, 0, srv.Stats().Requests[bootpaytest.OpCancel], "nothing was cancelled")
			assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpReceiptGet], "checked before, reconciled after")
		})
	}
}

// TestReceiptRequiredFields: decoding a receipt requires receipt_id,
// order_id, price and status, present and not null.
func TestReceiptRequiredFields(t *testing.T) {
	for name, body := range bodiesWithoutAReceipt("r-1") {
		if body == "" {
			continue // not JSON at all
		}
		var r bootpay.Receipt
		assert.Error(t, json.Unmarshal([]byte(body), &r), name)
	}
	var r bootpay.Receipt
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"r-1","order_id":"o","price":0,"status":0}`), &r),
		"zero is a value, not a missing field")
	assert.Equal(t, bootpay.StatusReady, r.Status)
	assert.Equal(t, "r-1", r.ReceiptID)
}

// badIDs cannot name anything at Bootpay: "." and ".." become another path
// once resolved, control characters and invalid UTF-8 are never ids, and
// blanks are mistakes.
var badIDs = map[string]string{
	"dot":          ".",
	"dot dot":      "..",
	"NUL":          "r\x00-1",
	"newline":      "r-1\n",
	"inner tab":    "r\t1",
	"blank":        " ",
	"invalid UTF8": "r-\xff",
	"too long":     strings.Repeat("r", 1025),
}

// TestBadIDsNeverReachTheWire: every operation refuses a bad receipt id
// (and Cancel a bad cancel_id) with a *ValidationError, and the sandbox
// receives no request at all.
func TestBadIDsNeverReachTheWire(t *testing.T) {
	srv, c := basicSandbox(t)
	ctx := context.Background()
	for name, id := range badIDs {
		calls := map[string]func() error{
			"Get":             func() error { _, err := c.Receipts.Get(ctx, id); return err },
			"GetWithUserData": func() error { _, err := c.Receipts.GetWithUserData(ctx, id); return err },
			"Confirm":         func() error { _, err := c.Receipts.Confirm(ctx, id); return err },
			"ConfirmVerified": func() error {
				_, err := c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: id, OrderID: "o", Amount: 1})
				return err
			},
			"ReconcileConfirm": func() error {
				_, err := c.Receipts.ReconcileConfirm(ctx, bootpay.ConfirmParams{ReceiptID: id, OrderID: "o", Amount: 1})
				return err
			},
			"Cancel": func() error {
				_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: id, Full: true})
				return err
			},
		}
		if len(id) <= 64 { // a longer cancel_id is refused for its length already
			calls["Cancel CancelID"] = func() error {
				_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: "r-1", Full: true, CancelID: id})
				return err
			}
		}
		for op, call := range calls {
			err := call()
			var verr *bootpay.ValidationError
			assert.True(t, errors.As(err, &verr), "%s with %s: %v", op, name, err)
			assert.True(t, strings.HasPrefix(err.Error(), "bootpay: "), "%v", err)
		}
	}
	assert.Empty(t, srv.Requests(), "no bad id reached the wire")
}

// TestBaseURLWithoutVersionPrefix: a base URL without Bootpay's /v2 prefix
// is refused by NewClient, before a lookup's 404 could be misread as "no
// such receipt"; the sandbox's own URL (which has it) works, with or
// without a trailing slash.
func TestBaseURLWithoutVersionPrefix(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	host := strings.TrimSuffix(srv.URL(), "/v2")
	for _, bad := range []string{host, host + "/", host + "/v1", host + "/v2/receipt", "https://api.bootpay.co.kr"} {
		_, err := bootpay.NewClient(basicAuth(), bootpay.WithBaseURL(bad))
		var verr *bootpay.ValidationError
		require.True(t, errors.As(err, &verr), "%s: %v", bad, err)
		assert.Contains(t, err.Error(), "/v2")
		assert.NotContains(t, err.Error(), host, "errors never carry a URL")
	}
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	for _, good := range []string{srv.URL(), srv.URL() + "/"} {
		c, err := bootpay.NewClient(basicAuth(), bootpay.WithBaseURL(good))
		require.NoError(t, err, good)
		_, err = c.Receipts.Get(context.Background(), rc.ReceiptID)
		require.NoError(t, err, good)
	}
	assert.Len(t, srv.Requests(), 2, "only the good clients sent anything")
}

// TestVerifyRefusesSandboxReceipts: a test-mode receipt (sandbox: true)
// never passes a production check: ReceiptsService.Verify, Receipt.Verify,
// ConfirmVerified (which then confirms nothing) and ReconcileCharge refuse
// it with a *MismatchError naming "sandbox", unless the caller opts in
// with AllowSandbox.
func TestVerifyRefusesSandboxReceipts(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	paid := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-sb", Price: 1000, Sandbox: true, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	want := bootpay.VerifyParams{ReceiptID: paid.ReceiptID, OrderID: "order-sb", Amount: 1000, Status: bootpay.StatusPaid}

	_, err := c.Receipts.Verify(ctx, want)
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.True(t, mismatch.Has("sandbox"))
	want.AllowSandbox = true
	_, err = c.Receipts.Verify(ctx, want)
	require.NoError(t, err, "opted in")

	_, err = c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-sb", Amount: 1000})
	require.ErrorAs(t, err, &mismatch, "a test-mode charge is not a production charge")
	assert.True(t, mismatch.Has("sandbox"))
	r, err := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-sb", Amount: 1000, AllowSandbox: true})
	require.NoError(t, err)
	assert.Equal(t, paid.ReceiptID, r.ReceiptID)

	waiting := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-sb2", Price: 1000, Sandbox: true})
	_, err = c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: waiting.ReceiptID, OrderID: "order-sb2", Amount: 1000})
	require.ErrorAs(t, err, &mismatch)
	assert.True(t, mismatch.Has("sandbox"))
	assert.False(t, mismatch.AfterConfirm)
	assert.Zero(t, srv.Stats().ConfirmsApplied, "nothing confirmed")
	res, err := c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: waiting.ReceiptID, OrderID: "order-sb2", Amount: 1000, AllowSandbox: true})
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusPaid, res.Receipt.Status)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
}

// receiptBody is the sandbox's own JSON of receipt id with the fields in
// set replaced: a 2xx body that is a well-formed receipt of the right id
// but says something other than what a write asked for.
func receiptBody(t *testing.T, c *bootpay.Client, id string, set map[string]any) string {
	t.Helper()
	r, err := c.Receipts.Get(context.Background(), id)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.RawJSON(), &m))
	for k, v := range set {
		m[k] = v
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return string(b)
}

// TestVerifyRefusesAnUnsetStatus: a VerifyParams that leaves Status at its
// zero value (StatusReady, 결제대기: never approved, no money taken) is
// refused with a *ValidationError naming Status before any request, so a
// buyer who abandons a payment for the right order and amount cannot pass
// its receipt off as paid. Before the fix the unpaid receipt verified.
func TestVerifyRefusesAnUnsetStatus(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-unpaid", Price: 50000, Status: bootpaytest.Ptr(bootpay.StatusReady)})
	before := len(srv.Requests())

	r, err := c.Receipts.Verify(context.Background(), bootpay.VerifyParams{ReceiptID: rc.ReceiptID, OrderID: "order-unpaid", Amount: 50000})
	assert.Nil(t, r, "an unpaid receipt verified as the order's payment")
	var v *bootpay.ValidationError
	require.ErrorAs(t, err, &v)
	assert.Equal(t, "Status", v.Field)
	assert.True(t, errors.Is(err, bootpay.ErrInvalidRequest))
	assert.Len(t, srv.Requests(), before, "refused before any request")
}

// TestCancelReplyThatShowsNoCancelIsNotARefund: a 2xx to POST /cancel
// whose receipt (the right receipt_id) does not show the cancel is never
// returned as a refund. Nothing was cancelled in the sandbox in any case.
// Status -20 (결제취소 실패) with nothing cancelled on the receipt, on the
// only attempt, is a *CancelFailedError (settled: nothing refunded);
// every other reply that does not show the cancel, -30 (결제취소 진행중)
// included, is an *OutcomeUnknownError carrying the receipt id and the
// cancel_id. Before the fix each of them was a successful refund.
func TestCancelReplyThatShowsNoCancelIsNotARefund(t *testing.T) {
	partial := bootpay.CancelParams{Amount: 20000, CancelID: "refund-cx"}
	full := bootpay.CancelParams{Full: true, CancelID: "refund-cx"}
	cases := []struct {
		name   string
		p      bootpay.CancelParams
		set    map[string]any
		failed bool // a *CancelFailedError rather than an unknown outcome
	}{
		{"status -20 (cancel failed), nothing cancelled", partial, map[string]any{"status": -20, "status_locale": "결제취소실패"}, true},
		{"status -20 showing earlier cancels", partial, map[string]any{"status": -20, "cancelled_price": 5000}, false},
		{"status -30 (cancel in progress)", partial, map[string]any{"status": -30, "status_locale": "결제취소진행중"}, false},
		{"still paid, nothing cancelled", partial, map[string]any{"status": 1, "cancelled_price": 0}, false},
		{"still paid, the amount shown cancelled", partial, map[string]any{"status": 1, "cancelled_price": 20000}, false},
		{"status 20 but less than asked for", partial, map[string]any{"status": 20, "cancelled_price": 1000}, false},
		{"status 20 but less tax-free than asked for", bootpay.CancelParams{Amount: 20000, TaxFree: 3000},
			map[string]any{"status": 20, "cancelled_price": 20000, "cancelled_tax_free": 0}, false},
		{"full cancel, status 20 with money left", full, map[string]any{"status": 20, "cancelled_price": 29000}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := basicSandbox(t)
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-cx", Price: 30000, TaxFree: 5000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(200, receiptBody(t, c, rc.ReceiptID, tc.set)), 1)
			p := tc.p
			p.ReceiptID = rc.ReceiptID

			r, err := c.Receipts.Cancel(context.Background(), p)
			now, _ := srv.Receipt(rc.ReceiptID)
			require.Zero(t, now.CancelledPrice, "setup: nothing was cancelled")
			require.Error(t, err, "Cancel succeeded with a receipt in status %v", r)
			assert.Nil(t, r)
			var failed *bootpay.CancelFailedError
			if tc.failed {
				require.ErrorAs(t, err, &failed)
				assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "settled: nothing was refunded")
				assert.Equal(t, rc.ReceiptID, failed.ReceiptID)
				assert.Equal(t, "refund-cx", failed.CancelID)
				assert.Equal(t, bootpay.StatusCancelFailed, failed.Receipt.Status)
				return
			}
			assert.False(t, errors.As(err, &failed), "never read as settled")
			cancelID := p.CancelID
			if cancelID == "" {
				var unknown *bootpay.OutcomeUnknownError
				require.ErrorAs(t, err, &unknown)
				cancelID = unknown.IdempotencyKey
				assert.True(t, strings.HasPrefix(cancelID, "paykit-"), "the generated cancel_id: %q", cancelID)
			}
			requireUnknownCancel(t, err, rc.ReceiptID, cancelID)
		})
	}
}

// TestCancelFailedReplyAfterAnAmbiguousAttemptIsUnknown: a 2xx with status
// -20 is a settled *CancelFailedError only on a cancel whose every attempt
// is accounted for. After an attempt that may have been applied (a 502),
// the same reply leaves the outcome unknown.
func TestCancelFailedReplyAfterAnAmbiguousAttemptIsUnknown(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit, bootpay.WithRetryPolicy(sandboxtest.FastRetries()))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-cf", Price: 30000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	failedBody := receiptBody(t, c, rc.ReceiptID, map[string]any{"status": -20})
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), 1)
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(200, failedBody), 1)

	_, err := c.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 1000, CancelID: "refund-cf"})
	requireUnknownCancel(t, err, rc.ReceiptID, "refund-cf")
	var failed *bootpay.CancelFailedError
	assert.False(t, errors.As(err, &failed))
	assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpCancel])
}

// TestCancelRepeatedIDRefusedUnderAnotherCodeIsUnknown: the recovery Cancel
// documents after an unknown outcome is to repeat it with the same
// CancelID. That is safe only if Bootpay's refusal of the repeated
// cancel_id is recognised, and its code is UNCONFIRMED. Here the first
// call is applied and its answers are lost; the repeat is refused under a
// code paykit does not know, with a 4xx or with a 2xx carrying the
// error_code. Since the receipt shows this cancel's amount cancelled, the
// refusal must be an unknown outcome settled by one lookup, never a
// definitive "not refunded" that invites a second refund under a new
// cancel_id.
func TestCancelRepeatedIDRefusedUnderAnotherCodeIsUnknown(t *testing.T) {
	for _, status := range []int{400, 200} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv, c := basicSandbox(t, noAttemptLimit)
			ctx := context.Background()
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-rep", Price: 10000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
			p := bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-77"}

			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.StatusAfterApply(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), 1)
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), -1)
			_, err := c.Receipts.Cancel(ctx, p)
			require.ErrorIs(t, err, bootpay.ErrOutcomeUnknown)
			srv.ClearFaults()
			require.Equal(t, 1, srv.Stats().CancelsApplied)

			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(status, bootpaytest.ErrorBody("RC_DUPLICATE_CANCEL_ID", "이미 처리된 취소 요청입니다.")), 1)
			gets := srv.Stats().Requests[bootpaytest.OpReceiptGet]
			_, err = c.Receipts.Cancel(ctx, p)
			requireUnknownCancel(t, err, rc.ReceiptID, "refund-77")
			assert.False(t, errors.Is(err, bootpay.ErrInvalidRequest), "no category of a definitive refusal")
			var apiErr *bootpay.APIError
			require.ErrorAs(t, err, &apiErr, "Bootpay's refusal stays reachable")
			assert.Equal(t, bootpay.ErrorCode("RC_DUPLICATE_CANCEL_ID"), apiErr.Code)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Equal(t, gets+2, srv.Stats().Requests[bootpaytest.OpReceiptGet],
				"settled by one lookup (after the one before the first attempt)")
			assert.Equal(t, 1, srv.Stats().CancelsApplied, "refunded once")
		})
	}
}

// TestCancelWithCallerIDRefusalTheReceiptRulesOutStands: the lookup after a
// refusal of a caller-supplied CancelID only turns the refusal into an
// unknown outcome when the receipt could include this cancel. A receipt
// with less cancelled than this cancel (here nothing, the refusal being
// the sandbox's own for a cancel larger than the payment) keeps the
// refusal as Bootpay gave it; one whose cumulative cancelled amount covers
// this cancel (another cancel of 6,000 earlier) makes it unknown even on
// a first call, since the 6,000 could include an earlier call with this
// cancel_id. So does a full cancel refused as already cancelled: nothing
// remains, which is what an earlier full cancel under this id would have
// left. With a generated cancel_id (never sent before) that refusal stays
// the plain ErrConflict it was. A refusal of the keys (401) is returned as
// it is, with no lookup.
func TestCancelWithCallerIDRefusalTheReceiptRulesOutStands(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	rc := paidReceipt(srv, 10000, 0)

	_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 20000, CancelID: "refund-big"})
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodeCancelPriceExceeded, apiErr.Code)
	assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "the receipt shows nothing cancelled: %v", err)
	assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpReceiptGet], "one lookup settled it (after the one before the first attempt)")

	_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 6000, CancelID: "refund-other"})
	require.NoError(t, err)
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(409, bootpaytest.ErrorBody("RC_SOMETHING_NEW", "")), 1)
	_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-mine"})
	requireUnknownCancel(t, err, rc.ReceiptID, "refund-mine")
	assert.Equal(t, 1, srv.Stats().CancelsApplied)

	done := paidReceipt(srv, 8000, 0)
	_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: done.ReceiptID, Full: true, CancelID: "refund-first"})
	require.NoError(t, err)
	_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: done.ReceiptID, Full: true, CancelID: "refund-again"})
	requireUnknownCancel(t, err, done.ReceiptID, "refund-again")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodeAlreadyCancelled, apiErr.Code, "Bootpay's refusal stays reachable")
	_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: done.ReceiptID, Full: true})
	assert.True(t, errors.Is(err, bootpay.ErrConflict), "a generated cancel_id was never sent before: %v", err)
	assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.Equal(t, 2, srv.Stats().CancelsApplied)

	wrong := sandboxClient(t, srv, bootpay.BasicAuth(bootpaytest.ClientKey, "wrong-secret"), noAttemptLimit)
	gets := srv.Stats().Requests[bootpaytest.OpReceiptGet]
	_, err = wrong.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 1000, CancelID: "refund-keys"})
	assert.True(t, errors.Is(err, bootpay.ErrUnauthorized), "%v", err)
	assert.Equal(t, gets+1, srv.Stats().Requests[bootpaytest.OpReceiptGet], "no lookup but the one before the first attempt (refused too)")
}
