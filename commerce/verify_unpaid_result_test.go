package commerce

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A payment result that says no money was taken (result_data.status -2,
// 결제 승인 실패, or 0 결제대기) is a refusal no cancellation request can
// lift: Verify never passes an order whose payment result is not 1. Were
// the cancellation list read whenever result_data.status is the only
// mismatch, a list that fails — here the 404 ListFor's own doc worries
// Commerce may answer for an order with no requests, which then fails
// every time — would turn that refusal into a *CancellationListError ("no
// verdict on the order … look again later"), and callers retry forever
// (examples/checkout answers errGateway, 503, and ORDER_PAID is 5xx'd
// until Commerce gives up) instead of refusing. Only a payment result
// that a cancellation explains (20, -20, -30) needs the list.
func TestVerifyRefusesAnUnpaidPaymentResultEvenWhenTheListFails(t *testing.T) {
	for _, status := range []string{"-2", "0"} {
		t.Run(status, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
				"result_data":{"receipt_id":"r-1","status":`+status+`}}`)
			m.Then(http.StatusNotFound, `{"success":false,"error_code":"ORDER_CANCEL_REQUEST_NOT_FOUND","message":"취소 요청을 찾지 못했습니다."}`)
			_, err := verifyPaid(c)
			var le *CancellationListError
			assert.False(t, errors.As(err, &le), "a payment result reading %s became no verdict: %v", status, err)
			var me *MismatchError
			require.True(t, errors.As(err, &me), "%v", err)
			assert.True(t, me.Has("result_data.status"))
		})
	}
}

// A payment result a cancellation explains (20, -20, -30) is still read
// beside the order's cancellation requests, so a list that fails there is
// no verdict (verify again), never a refusal on a guess.
func TestVerifyReadsTheListBehindACancelledPaymentResult(t *testing.T) {
	for _, status := range []string{"20", "-20", "-30"} {
		t.Run(status, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
				"result_data":{"receipt_id":"r-1","status":`+status+`}}`)
			m.Then(http.StatusNotFound, `{"success":false,"error_code":"ORDER_CANCEL_REQUEST_NOT_FOUND","message":"취소 요청을 찾지 못했습니다."}`)
			_, err := verifyPaid(c)
			var le *CancellationListError
			assert.True(t, errors.As(err, &le), "a payment result reading %s is refused without its cancellation requests: %v", status, err)
			assert.Len(t, m.Requests(), 2, "the order and its cancellation list")
		})
	}
}
