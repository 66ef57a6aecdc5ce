package bootpay

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDuplicateOnFirstAttemptIsNotProvenByALaterRise: Cancel's own
// lookup before the first attempt read 0 won cancelled, and that first
// attempt (nothing of this call was applied before it) is refused as
// RC_CANCEL_ID_DUPLICATED: the id was applied BEFORE the lookup (to
// another receipt here), so it is not in the rise. A console 부분취소 of
// 1,000 won landing between the lookup and the settling lookup makes the
// total rise by Amount; that rise is someone else's cancel. Cancel must
// not report this refund as applied (the doc promises: a repeat whose own
// lookup already holds the applied attempt ends unknown).
func TestDuplicateOnFirstAttemptIsNotProvenByALaterRise(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"r-2","order_id":"o-2","price":10000,"cancelled_price":0,"status":1}`)
	ws.then(http.StatusBadRequest, `{"error_code":"RC_CANCEL_ID_DUPLICATED","message":"이미 사용된 cancel_id 입니다."}`)
	ws.then(http.StatusOK, `{"receipt_id":"r-2","order_id":"o-2","price":10000,"cancelled_price":1000,"status":20}`)
	r, err := ws.client(t, BasicAuth("ck", "sk")).Receipts.Cancel(context.Background(),
		CancelParams{ReceiptID: "r-2", Amount: 1000, CancelID: "o-1-refund-1"})
	require.Error(t, err, "a refund that never happened on r-2 reads as applied: %v", r)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, ws.requests(), 3)
}
