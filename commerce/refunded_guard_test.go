package commerce

import (
	"context"
	"errors"
	"math"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestListRefusesAmountsThatCannotBeSummed: List refuses, as a
// *DecodeError, a request with a negative cancel_price or
// cancel_tax_free_price (applied or not) and applied amounts that sum
// beyond int64, rather than hand Refunded a sum that cancels out or
// wraps; a list of ordinary amounts is summed.
func TestListRefusesAmountsThatCannotBeSummed(t *testing.T) {
	const applied = `"action_at":"2025-07-01T00:00:00Z"`
	for name, list := range map[string]string{
		"a negative price":            `[{"cancel_price":1000,` + applied + `},{"cancel_price":-1000,` + applied + `}]`,
		"a negative tax-free part":    `[{"cancel_price":1000,"cancel_tax_free_price":-1,` + applied + `}]`,
		"a negative request waiting":  `[{"cancel_price":-5}]`,
		"prices beyond int64":         `[{"cancel_price":1000,` + applied + `},{"cancel_price":9223372036854775807,` + applied + `}]`,
		"tax-free parts beyond int64": `[{"cancel_price":1,"cancel_tax_free_price":9223372036854775807,` + applied + `},{"cancel_price":1,"cancel_tax_free_price":1,` + applied + `}]`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, list)
			l, err := c.OrderCancellations.List(context.Background(), CancellationListParams{OrderNumber: "N-1"})
			assert.Nil(t, l)
			var derr *DecodeError
			require.True(t, errors.As(err, &derr), "%v", err)
			assert.Equal(t, orderCancellationEndpoints.list.Op, derr.Op)
		})
	}
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `[{"cancel_price":300,"cancel_tax_free_price":100,`+applied+`},{"cancel_price":9223372036854775000},{"cancel_price":200,`+applied+`}]`)
	l, err := c.OrderCancellations.List(context.Background(), CancellationListParams{OrderNumber: "N-1"})
	require.NoError(t, err)
	price, taxFree := l.Refunded()
	assert.Equal(t, [2]int64{500, 100}, [2]int64{price, taxFree}, "a large request not applied is not summed")
}

// TestRefundedOfAListBuiltByHandNeverReadsAsLittleRefunded: a list List
// never returns — built by hand with a negative amount or a sum beyond
// int64 — reads as refunded beyond any price, never as the sum that cancels
// out or wraps around.
func TestRefundedOfAListBuiltByHandNeverReadsAsLittleRefunded(t *testing.T) {
	var at Time
	require.NoError(t, at.UnmarshalJSON([]byte(`"2025-07-01T00:00:00Z"`)))
	for name, l := range map[string]CancellationList{
		"cancelling out": {{CancelPrice: 1000, ActionAt: at}, {CancelPrice: -1000, ActionAt: at}},
		"wrapping":       {{CancelPrice: 1000, ActionAt: at}, {CancelPrice: math.MaxInt64, ActionAt: at}},
	} {
		price, taxFree := l.Refunded()
		assert.Equal(t, int64(math.MaxInt64), price, name)
		assert.Equal(t, int64(math.MaxInt64), taxFree, name)
	}
}
