package commerce

import (
	"strings"
	"testing"
)

// An order refunded, or being refunded, is reported as such: only a
// mismatch of another field reads as a suspected forgery.
func TestMismatchMessageSaysRefundedOrSuspect(t *testing.T) {
	refundOnly := &MismatchError{Reference: "o-1", Mismatches: []Mismatch{
		{Field: "cancelled_price", Expected: "0", Actual: "400"},
		{Field: "cancellation_requested", Expected: "none", Actual: "600"},
	}}
	if msg := refundOnly.Error(); strings.Contains(msg, "위변조") || !strings.Contains(msg, "is refunded or being refunded") {
		t.Errorf("refund-only mismatch reads %q", msg)
	}
	priced := &MismatchError{Reference: "o-1", Mismatches: []Mismatch{
		{Field: "price", Expected: "1000", Actual: "100"},
		{Field: "cancelled_price", Expected: "0", Actual: "400"},
	}}
	if msg := priced.Error(); !strings.Contains(msg, "does not match (위변조 의심)") {
		t.Errorf("price mismatch reads %q", msg)
	}
	if got := ReceiptCancelling.String(); got != "cancelling (결제취소 진행중)" {
		t.Errorf("ReceiptStatus(-30) = %q", got)
	}
}
