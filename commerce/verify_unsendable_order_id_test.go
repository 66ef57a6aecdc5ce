package commerce

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyCancelOnMismatchOfAnUnsendableOrderID: the sibling of
// TestVerifyCancelOnMismatchOfAnUnsendableOrderNumber. Verify's
// cancellation names the order by its (sendable) order_number, but its
// cancel_id is derived from the order_id ("paykit-verify-" + order_id,
// verifyCancelID). An order Commerce returned whose order_id
// transport.CheckID refuses (trailing white space), or one over 50 bytes,
// which makes the cancel_id exceed the 64 bytes Request allows, cannot be
// cancelled under that cancel_id: CancelErr is then Commerce's bad answer
// (a *DecodeError), never a *ValidationError matching ErrInvalidRequest
// that blames the caller's input, and nothing is sent.
func TestVerifyCancelOnMismatchOfAnUnsendableOrderID(t *testing.T) {
	for name, orderID := range map[string]string{
		"trailing white space": "o-1 ",
		"51 bytes":             strings.Repeat("a", 51),
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{"list":[],"count":0}`)
			m.Then(http.StatusOK, `{"order_id":"`+orderID+`","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"shop-1"}}`)

			_, err := c.Orders.Verify(context.Background(), VerifyParams{OrderNumber: "N-1", Amount: 2800, MerchantOrderID: "shop-1", CancelOnMismatch: true})
			var merr *MismatchError
			require.True(t, errors.As(err, &merr), "a price mismatch: %v", err)
			require.True(t, merr.Has("price"))
			require.Error(t, merr.CancelErr, "no cancellation can be sent under that cancel_id")
			assert.NotErrorIs(t, merr.CancelErr, ErrInvalidRequest,
				"the order id is Commerce's data: CancelErr must not blame the caller's input: %v", merr.CancelErr)
			var verr *ValidationError
			assert.False(t, errors.As(merr.CancelErr, &verr), "a *ValidationError for an order Commerce returned: %v", merr.CancelErr)
			var derr *DecodeError
			assert.True(t, errors.As(merr.CancelErr, &derr), "Commerce's bad answer: %v", merr.CancelErr)
			for _, r := range m.Requests() {
				assert.NotEqual(t, http.MethodPost, r.Method, "no cancellation is sent: %s %s", r.Method, r.Path)
			}
		})
	}
}
