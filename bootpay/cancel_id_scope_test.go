package bootpay

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDuplicateCancelIDOnAnotherReceiptIsNotProof: Bootpay documents
// cancel_id as the merchant's unique cancel id (가맹점 취소 고유 ID), so
// RC_CANCEL_ID_DUPLICATED for receipt r-2 proves only that the id was
// applied somewhere: here it was used on another receipt, and r-2's 1,000
// won cancelled is an earlier cancel of r-2 under another id, there
// before this call's first attempt (the lookup Cancel makes before it).
// Cancel must not report this 1,000-won refund of r-2 as applied (it
// never happened): the cancelled total did not rise by the Amount, and
// the receipt keeps no per-cancel history, so the answer is unknown,
// naming the receipt and the cancel id. The same holds when the caller
// passes that total as CancelledBefore.
func TestDuplicateCancelIDOnAnotherReceiptIsNotProof(t *testing.T) {
	const earlier = `{"receipt_id":"r-2","order_id":"o-2","price":10000,"cancelled_price":1000,"status":20}`
	ws := newWireServer(t)
	ws.then(http.StatusOK, earlier) // the lookup before the first attempt
	ws.then(http.StatusBadRequest, `{"error_code":"RC_CANCEL_ID_DUPLICATED","message":"이미 사용된 cancel_id 입니다."}`)
	ws.then(http.StatusOK, `{"receipt_id":"r-2","order_id":"o-2","price":10000,"cancelled_price":1000,"status":20}`)
	r, err := ws.client(t, BasicAuth("ck", "sk")).Receipts.Cancel(context.Background(),
		CancelParams{ReceiptID: "r-2", Amount: 1000, CancelID: "o-1-refund-1"})
	require.Error(t, err, "a refund that never happened reads as applied: %v", r)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "r-2", unknown.Reference)
	assert.Equal(t, "o-1-refund-1", unknown.IdempotencyKey)

	before := int64(1000)
	ws = newWireServer(t)
	ws.then(http.StatusBadRequest, `{"error_code":"RC_CANCEL_ID_DUPLICATED","message":"이미 사용된 cancel_id 입니다."}`)
	ws.then(http.StatusOK, earlier)
	r, err = ws.client(t, BasicAuth("ck", "sk")).Receipts.Cancel(context.Background(),
		CancelParams{ReceiptID: "r-2", Amount: 1000, CancelID: "o-1-refund-1", CancelledBefore: &before})
	require.Error(t, err, "a refund that never happened reads as applied: %v", r)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, ws.requests(), 2, "CancelledBefore replaces the lookup before the first attempt")
}
