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

// TestFirstPartialCancelLostReplySettlesWithinTheCall: the recommended
// use (CancelID from the merchant's refund row, per receipt, never used
// before) of the most common fault: the FIRST 부분취소 of a receipt is
// applied and its reply lost, and Cancel's own retry (same cancel_id) is
// refused as RC_CANCEL_ID_DUPLICATED. Review 56 made every such
// duplicate for a partial cancel under the caller's CancelID unknown, so
// this refund, which the same Cancel call sent and saw applied moments
// before, now ends ErrOutcomeUnknown, and every repeat under the same
// CancelID ends unknown again: the refund row stays pending forever
// unless the caller settles it by hand from cumulative amounts. Before
// review 56 the receipt (3,000 cancelled in total, exactly this cancel)
// proved it. Within one call, a lookup before the first attempt (or the
// receipt's cumulative amount persisted with the CancelID) tells this
// cancel's 3,000 from cancels that were there before.
func TestFirstPartialCancelLostReplySettlesWithinTheCall(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 15000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1) // applied, the reply lost; the retry is refused as a duplicate

	r, err := c.Receipts.Cancel(context.Background(), bootpay.CancelParams{
		ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-row-00001-" + rc.ReceiptID, Message: "부분 반품",
	})
	require.NoError(t, err, "the only cancel ever sent under this id, applied by this very call, ends unknown")
	assert.Equal(t, int64(3000), r.CancelledPrice.Int64())
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpCancel], "the retry was sent and refused as a duplicate")
	assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpReceiptGet], "one lookup before the first attempt, one after the refusal")
}

// TestRepeatedPartialCancelSettlesWithCancelledBefore: across calls. A
// 부분취소 of 3,000 under the caller's CancelID, after an earlier refund of
// 2,000 under another id, is applied and every answer of its call lost:
// unknown. Its repeat is refused as a repeated cancel_id. Without
// CancelledBefore the repeat's own lookup already holds the lost cancel,
// so it stays unknown, with the duplicate refusal reachable as the signal
// that the id was used; with the total the caller read before the first
// attempt (2,000) and persisted with the CancelID, the rise to 5,000
// proves it, and nothing is refunded twice.
func TestRepeatedPartialCancelSettlesWithCancelledBefore(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2", Price: 15000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 2000, CancelID: "refund-row-0-" + rc.ReceiptID})
	require.NoError(t, err)

	read, err := c.Receipts.Get(ctx, rc.ReceiptID)
	require.NoError(t, err)
	before := read.CancelledPrice.Int64() // persisted with the refund row and its CancelID
	p := bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-row-1-" + rc.ReceiptID, CancelledBefore: &before}
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.StatusAfterApply(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), 1)
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), -1)
	_, err = c.Receipts.Cancel(ctx, p)
	require.ErrorIs(t, err, bootpay.ErrOutcomeUnknown)
	srv.ClearFaults()

	withoutBefore := p
	withoutBefore.CancelledBefore = nil
	_, err = c.Receipts.Cancel(ctx, withoutBefore)
	require.ErrorIs(t, err, bootpay.ErrOutcomeUnknown, "the lookup of the repeat already holds the lost cancel: it cannot tell")
	var apiErr *bootpay.APIError
	require.True(t, errors.As(err, &apiErr) && apiErr.Code == bootpay.CodeCancelIDDuplicated,
		"the duplicate refusal, the signal that the id was used, is reachable: %v", err)

	r, err := c.Receipts.Cancel(ctx, p)
	require.NoError(t, err, "the total rose by 3,000 since the caller read it before the first attempt")
	assert.Equal(t, int64(5000), r.CancelledPrice.Int64())
	assert.Equal(t, 2, srv.Stats().CancelsApplied, "each refund once")
}

// TestCancelledBeforeIsChecked: CancelledBefore is refused before any
// request when negative, or without the caller's own CancelID (a
// generated cancel_id is new on every call, so nothing persisted with it
// can be passed again).
func TestCancelledBeforeIsChecked(t *testing.T) {
	srv, c := basicSandbox(t)
	negative, zero := int64(-1), int64(0)
	for name, p := range map[string]bootpay.CancelParams{
		"negative":        {ReceiptID: "r-1", Amount: 1000, CancelID: "refund-1", CancelledBefore: &negative},
		"no own CancelID": {ReceiptID: "r-1", Amount: 1000, CancelledBefore: &zero},
	} {
		_, err := c.Receipts.Cancel(context.Background(), p)
		var verr *bootpay.ValidationError
		require.ErrorAs(t, err, &verr, name)
		assert.Equal(t, "CancelledBefore", verr.Field, name)
	}
	assert.Zero(t, srv.Stats().Requests[bootpaytest.OpCancel]+srv.Stats().Requests[bootpaytest.OpReceiptGet])
}
