package commerce

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A request the store approved (action_at) whose PG cancellation then
// failed (last_errored_at after action_at) is open, not applied: its money
// has not gone back, and it may on a retry. Refunded does not count it,
// and Verify names it "cancellation_requested", never "cancelled_price".
func TestARequestWhosePGCancellationFailedAfterApprovalIsOpen(t *testing.T) {
	approved := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	r := CancellationRequest{CancelID: "c1", Status: 1, CancelPrice: 400,
		ActionAt: Time{approved}, LastErroredAt: Time{approved.Add(time.Minute)}}
	assert.True(t, r.Open(), "a request whose PG cancellation failed after the approval does not read open, as Open's doc says")
	assert.False(t, r.Applied(), "a refund that failed reads applied")
	refunded, _ := CancellationList{r}.Refunded()
	assert.Zero(t, refunded, "a failed refund is summed as refunded")

	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, paidOrderJSON)
	m.Then(http.StatusOK, `{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,"status":1,
		"action_at":"2025-07-01T00:00:00Z","last_errored_at":"2025-07-01T00:01:00Z"}],"count":1}`)
	_, err := verifyPaid(c)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []Mismatch{{"cancellation_requested", "none", "400"}}, me.Mismatches)
}

// last_errored_at decides against action_at: an error at or after the
// store's action (or with no action) leaves the request open; an error
// before an action was followed by the action that carried it out
// (applied); a withdrawn or rejected request stays closed whatever its
// errors.
func TestLastErroredAtAgainstActionAt(t *testing.T) {
	action := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) Time { return Time{action.Add(d)} }
	for _, tc := range []struct {
		name                  string
		r                     CancellationRequest
		open, applied, closed bool
	}{
		{"errored after the action", CancellationRequest{Status: 1, ActionAt: at(0), LastErroredAt: at(time.Second)}, true, false, false},
		{"errored at the action", CancellationRequest{Status: 1, ActionAt: at(0), LastErroredAt: at(0)}, true, false, false},
		{"errored, no action", CancellationRequest{Status: 1, LastErroredAt: at(0)}, true, false, false},
		{"errored, then acted on again", CancellationRequest{Status: 1, ActionAt: at(0), LastErroredAt: at(-time.Second)}, false, true, false},
		{"errored, then withdrawn", CancellationRequest{Status: 1, LastErroredAt: at(0), WithdrawnAt: at(time.Second)}, false, false, true},
		{"rejected, errored after", CancellationRequest{Status: 2, ActionAt: at(0), LastErroredAt: at(time.Second)}, false, false, true},
	} {
		assert.Equal(t, tc.open, tc.r.Open(), "open: %s", tc.name)
		assert.Equal(t, tc.applied, tc.r.Applied(), "applied: %s", tc.name)
		assert.Equal(t, tc.closed, tc.r.Closed(), "closed: %s", tc.name)
	}

	list := CancellationList{
		{CancelID: "failed", Status: 1, CancelPrice: 400, CancelTaxFreePrice: 40, ActionAt: at(0), LastErroredAt: at(time.Minute)},
		{CancelID: "done", Status: 1, CancelPrice: 100, ActionAt: at(0)},
	}
	refunded, _ := list.Refunded()
	pending, pendingTaxFree := list.Pending()
	assert.Equal(t, int64(100), refunded, "only the carried-out refund is counted")
	assert.Equal(t, [2]int64{400, 40}, [2]int64{pending, pendingTaxFree}, "the failed refund is what may still go back")
	assert.True(t, list.HasOpen())
}

// Verify's refusal points the merchant to the open requests: its message
// counts them and names OrderCancellations.ListFor and Open, beside
// cancelled_price for the one carried out.
func TestVerifyNamesTheOpenRequestsOfAFailedRefund(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, paidOrderJSON)
	m.Then(http.StatusOK, `{"list":[
		{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,"status":1,"action_at":"2025-07-01T00:00:00Z","last_errored_at":"2025-07-01T00:01:00Z"},
		{"order_cancellation_request_id":"r2","order_number":"N-1","cancel_id":"c2","cancel_price":100,"status":1,"action_at":"2025-07-01T00:00:00Z"},
		{"order_cancellation_request_id":"r3","order_number":"N-1","cancel_id":"c3","cancel_price":200,"status":1}],"count":3}`)
	_, err := verifyPaid(c)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []Mismatch{{"cancelled_price", "0", "100"}, {"cancellation_requested", "none", "600"}}, me.Mismatches)
	assert.Contains(t, err.Error(), "2 cancellation request(s) open")
	assert.Contains(t, err.Error(), "OrderCancellations.ListFor")
	assert.Contains(t, err.Error(), "CancellationRequest.Open")
}

// With CancelOnMismatch, an order of the merchant's at another price whose
// only earlier refund failed at the PG sends nothing: the failed request
// is open and may still refund.
func TestVerifyCancelsNothingWhileARefundFailedAtThePG(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":900,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"}}`)
	m.Then(http.StatusOK, `{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,"status":1,
		"action_at":"2025-07-01T00:00:00Z","last_errored_at":"2025-07-01T00:01:00Z"}],"count":1}`)
	_, err := c.Orders.Verify(t.Context(), VerifyParams{OrderNumber: "N-1", Amount: 1000, MerchantOrderID: "m-1", CancelOnMismatch: true})
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Nil(t, me.Cancellation)
	require.Error(t, me.CancelErr)
	assert.Contains(t, me.CancelErr.Error(), "open")
	for _, r := range m.Requests() {
		assert.NotEqual(t, orderCancellationEndpoints.request.Op, r.Op, "a cancellation was sent")
	}
}
