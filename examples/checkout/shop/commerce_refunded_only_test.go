package shop

import (
	"testing"

	"github.com/paykit-kr/paykit/commerce"
)

// A 부분취소 may show in the payment result too (result_data.status 20):
// the checkout is still refunded in part, not a forgery, so its rest is
// refunded rather than the order refused.
func TestRefundedOnlyTakesAPartlyCancelledPaymentResult(t *testing.T) {
	cancelled := commerce.Mismatch{Field: "cancelled_price", Expected: "0", Actual: "4000"}
	result20 := commerce.Mismatch{Field: "result_data.status", Expected: commerce.ReceiptPaid.String(), Actual: commerce.ReceiptCancelled.String()}
	resultFailed := commerce.Mismatch{Field: "result_data.status", Expected: commerce.ReceiptPaid.String(), Actual: commerce.ReceiptCancelFailed.String()}
	price := commerce.Mismatch{Field: "price", Expected: "10000", Actual: "100"}
	for _, c := range []struct {
		name string
		m    []commerce.Mismatch
		want bool
	}{
		{"refunded in part", []commerce.Mismatch{cancelled}, true},
		{"refunded in part, result reads cancelled", []commerce.Mismatch{result20, cancelled}, true},
		{"result reads cancelled, nothing refunded", []commerce.Mismatch{result20}, false},
		{"result reads cancel failed", []commerce.Mismatch{resultFailed, cancelled}, false},
		{"another price", []commerce.Mismatch{price, cancelled}, false},
	} {
		if got := refundedOnly(&commerce.MismatchError{Mismatches: c.m}); got != c.want {
			t.Errorf("%s: refundedOnly = %v, want %v", c.name, got, c.want)
		}
	}
}
