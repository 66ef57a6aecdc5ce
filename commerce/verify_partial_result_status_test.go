package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// After a 부분취소 Bootpay's receipt reads status 20 (결제취소 완료, "full
// or partial": https://developers.bootpay.co.kr/pg/server/cancel) while
// Commerce's order may still read receipt_status 1 at its full price.
// Verify still lists the order's cancellation requests, so the refund is
// named (cancelled_price) beside the payment result's status, and a caller
// can take its partly-refunded path.
func TestVerifyStillNamesAPartialRefundWhenThePaymentResultReads20(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
		"result_data":{"receipt_id":"r-1","status":20}}`)
	m.Then(http.StatusOK, `{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,
		"status":1,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`)
	o, err := verifyPaid(c)
	assert.Nil(t, o)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.True(t, me.Has("cancelled_price"),
		"an order refunded in part (400 of 1000) is reported only as %v: the documented cancelled_price is missing", me.Mismatches)
}

// With CancelOnMismatch, a payment result reading 20 beside a 부분취소
// still cancels nothing (the answer contradicts itself, and its price is
// the merchant's): the refund is named, no cancellation is sent.
func TestVerifyNamesAPartialRefundBesideResult20AndCancelsNothing(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
		"result_data":{"receipt_id":"r-1","status":20}}`)
	m.Then(http.StatusOK, `{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,
		"status":1,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`)
	_, err := c.Orders.Verify(context.Background(), VerifyParams{OrderNumber: "N-1", Amount: 1000, MerchantOrderID: "m-1", CancelOnMismatch: true})
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []Mismatch{{"result_data.status", ReceiptPaid.String(), ReceiptCancelled.String()}, {"cancelled_price", "0", "400"}}, me.Mismatches)
	assert.Nil(t, me.Cancellation)
	assert.NoError(t, me.CancelErr)
	for _, r := range m.Requests() {
		assert.NotEqual(t, orderCancellationEndpoints.request.Op, r.Op, "a cancellation was sent")
	}
}

// Beside another order-field mismatch (the price) the payment result's
// status does not make Verify read the cancellation requests: that order
// is refused on its own fields.
func TestVerifyReadsNoCancellationsBesideResult20AndAnotherMismatch(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":900,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
		"result_data":{"receipt_id":"r-1","status":20}}`)
	_, err := verifyPaid(c)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.False(t, me.Has("cancelled_price"))
	assert.Len(t, m.Requests(), 1, "only the order is looked up")
}

// A payment result reading -20 (결제취소 실패: the money is still held) is
// refused by name, beside the request whose PG cancellation failed, which
// reads open ("cancellation_requested").
func TestVerifyRefusesAPaymentResultWhoseCancellationFailed(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
		"result_data":{"receipt_id":"r-1","status":-20}}`)
	m.Then(http.StatusOK, `{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,"status":1,
		"action_at":"2025-07-01T00:00:00Z","last_errored_at":"2025-07-01T00:01:00Z"}],"count":1}`)
	o, err := verifyPaid(c)
	assert.Nil(t, o)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []Mismatch{{"result_data.status", ReceiptPaid.String(), "cancel failed (결제취소 실패)"},
		{"cancellation_requested", "none", "400"}}, me.Mismatches)
}

// A list that fails beside a payment result reading 20 is no verdict: the
// *CancellationListError says verify again, when the refund can be named.
func TestVerifyBesideResult20WithAFailedListIsAListError(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
		"result_data":{"receipt_id":"r-1","status":20}}`)
	m.Then(http.StatusOK, `{"list":[{"order_number":"N-2","cancel_price":400,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`)
	_, err := verifyPaid(c)
	var le *CancellationListError
	require.True(t, errors.As(err, &le), "%v", err)
}
