package bootpay_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

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
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
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
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
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

// TestCancelIDRepeatedIsProven: repeating the same cancel with the same id
// (your own retry after an unknown outcome) is a success when the receipt
// proves it, and cancels nothing more.
func TestCancelIDRepeatedIsProven(t *testing.T) {
	for name, p := range map[string]bootpay.CancelParams{
		"partial":           {Amount: 4000, CancelID: "refund-z"},
		"partial, tax-free": {Amount: 4000, TaxFree: 1000, CancelID: "refund-z"},
		"full":              {Full: true, CancelID: "refund-z"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			rc := paidReceipt(srv, 9000, 2000)
			p.ReceiptID = rc.ReceiptID
			first, err := c.Receipts.Cancel(context.Background(), p)
			require.NoError(t, err)
			again, err := c.Receipts.Cancel(context.Background(), p)
			require.NoError(t, err)
			assert.Equal(t, first.CancelledPrice, again.CancelledPrice)
			assert.Equal(t, 1, srv.Stats().CancelsApplied)
			assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpCancel])
		})
	}
}

// TestCancelIDReusedUndetermined: when other cancels on the receipt make
// its cumulative amount larger than this cancel, the receipt can neither
// prove nor rule out that the id was used for this cancel. That is an
// unknown outcome carrying the receipt id and cancel_id, never a success:
// here the id cancelled 3,000 and is reused for 4,000.
func TestCancelIDReusedUndetermined(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	rc := paidReceipt(srv, 10000, 0)
	ctx := context.Background()
	_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-a"})
	require.NoError(t, err)
	_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 2000, CancelID: "refund-b"})
	require.NoError(t, err)

	r, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 4000, CancelID: "refund-a"})
	assert.Nil(t, r)
	require.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "%v", err)
	assert.False(t, errors.Is(err, bootpay.ErrConflict))
	var unknown *bootpay.OutcomeUnknownError
	require.True(t, errors.As(err, &unknown))
	assert.Equal(t, rc.ReceiptID, unknown.Reference)
	assert.Equal(t, "refund-a", unknown.IdempotencyKey)
	assert.Equal(t, 2, srv.Stats().CancelsApplied, "the 4,000 was not cancelled")
}

// TestCancelGeneratedIDProvenAfterOtherCancels: with a generated cancel_id
// only this call ever sent the id, so a duplicate refusal after a lost
// reply proves this cancel even when earlier cancels make the receipt's
// total larger than it.
func TestCancelGeneratedIDProvenAfterOtherCancels(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	rc := paidReceipt(srv, 10000, 0)
	ctx := context.Background()
	_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-earlier"})
	require.NoError(t, err)

	srv.Inject(bootpaytest.OpCancel, bootpaytest.CloseAfterApply(), 1) // applied, the reply is lost
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
// the cancel had definitely failed.
func TestCancelDuplicateLookupFails(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	rc := paidReceipt(srv, 10000, 0)
	srv.Inject(bootpaytest.OpCancel, bootpaytest.CloseAfterApply(), 1)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Status(503, bootpaytest.ErrorBody("UNAVAILABLE", "점검 중")), -1)

	_, err := c.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 1000, CancelID: "refund-l"})
	require.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "%v", err)
	assert.False(t, errors.Is(err, bootpay.ErrServer), "the lookup's failure is not the cancel's answer")
	var unknown *bootpay.OutcomeUnknownError
	require.True(t, errors.As(err, &unknown))
	assert.Equal(t, rc.ReceiptID, unknown.Reference)
	assert.Equal(t, "refund-l", unknown.IdempotencyKey)
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	assert.Equal(t, 3, srv.Stats().Requests[bootpaytest.OpReceiptGet], "the lookup was tried, with its retries")
}
