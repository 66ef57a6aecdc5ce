package commerce

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A MismatchError naming only the refund fields reads "is refunded or
// being refunded", not 위변조 의심, and Verify names a 부분취소 beside a
// payment result reading 20, which is how a Bootpay receipt reads after
// one (commercetest.WithReceiptResultStatus). That refusal —
// result_data.status 20 beside cancelled_price — is exactly a 부분취소, so
// its text must not say 위변조 의심 either: examples/commerce-checkout
// wraps it into ErrCancellationRequested when an open request stands
// beside it, and an alert keyed on 위변조 would fire for every partial
// refund.
func TestVerifyPartialRefundBehindResult20IsNoSuspectedForgery(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
		"result_data":{"receipt_id":"r-1","status":20}}`)
	m.Then(http.StatusOK, `{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,
		"status":1,"action_at":"2025-07-01T00:00:00Z"},{"order_cancellation_request_id":"r2","order_number":"N-1","cancel_id":"c2",
		"cancel_price":100,"status":1}],"count":2}`)
	_, err := verifyPaid(c)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	require.True(t, me.Has("cancelled_price") && me.Has("result_data.status"), "%v", me.Mismatches)
	assert.False(t, strings.Contains(err.Error(), "위변조"), "a 부분취소 behind a payment result of 20 reads %q", err)
}

// The payment result's status reads as a refund's trace only beside a
// refund field, and only when it reads 20 or -30: alone it contradicts the
// order (no request explains it), and beside any other field the order is
// suspect whatever the payment result says.
func TestMismatchMessageReadsARefundResultBesideARefundOnly(t *testing.T) {
	result := func(s ReceiptStatus) Mismatch {
		return Mismatch{"result_data.status", ReceiptPaid.String(), s.String()}
	}
	refunded, requested := Mismatch{"cancelled_price", "0", "400"}, Mismatch{"cancellation_requested", "none", "400"}
	for _, tc := range []struct {
		name    string
		ms      []Mismatch
		suspect bool
	}{
		{"20 beside cancelled_price", []Mismatch{result(ReceiptCancelled), refunded}, false},
		{"20 beside cancellation_requested", []Mismatch{result(ReceiptCancelled), requested}, false},
		{"-30 beside cancellation_requested", []Mismatch{result(ReceiptCancelling), requested}, false},
		{"refund fields alone", []Mismatch{refunded, requested}, false},
		{"20 alone", []Mismatch{result(ReceiptCancelled)}, true},
		{"-2 beside cancelled_price", []Mismatch{result(ReceiptFailed), refunded}, true},
		{"20 beside cancelled_price and the price", []Mismatch{result(ReceiptCancelled), refunded, {"price", "1000", "900"}}, true},
	} {
		err := &MismatchError{Reference: "N-1", Mismatches: tc.ms}
		assert.Equal(t, tc.suspect, strings.Contains(err.Error(), "위변조"), "%s: %q", tc.name, err)
	}
}
