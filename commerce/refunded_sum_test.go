package commerce

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyRefusesRefundsThatSumBelowZero: Verify sums the order's
// applied cancellation requests and passes the order only when the sum is
// not above zero. commerce.Amount, unlike bootpay.Amount, decodes a
// negative amount, and the sum is not checked for overflow, so a list
// whose refunds cancel out (a negative cancel_price beside a real one) or
// wrap around int64 passes a refunded order as paid at its full price.
// Neither list is one Commerce documents; like a list of another order or
// one that cannot be read to its end, it must not end as a pass.
func TestVerifyRefusesRefundsThatSumBelowZero(t *testing.T) {
	for name, list := range map[string]string{
		"a negative refund beside a real one": `{"list":[
			{"order_number":"N-1","cancel_price":1000,"action_at":"2025-07-01T00:00:00Z"},
			{"order_number":"N-1","cancel_price":-1000,"action_at":"2025-07-01T00:00:00Z"}],"count":2}`,
		"refunds that wrap around int64": `{"list":[
			{"order_number":"N-1","cancel_price":1000,"action_at":"2025-07-01T00:00:00Z"},
			{"order_number":"N-1","cancel_price":9223372036854775807,"action_at":"2025-07-01T00:00:00Z"}],"count":2}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, paidOrderJSON)
			m.Then(http.StatusOK, list)
			o, err := verifyPaid(c)
			assert.Nil(t, o, "an order with 1000 won refunded passed as paid at its full price")
			require.Error(t, err)
			var mismatch *MismatchError
			var derr *DecodeError
			assert.True(t, errors.As(err, &mismatch) || errors.As(err, &derr), "%v", err)
		})
	}
}
