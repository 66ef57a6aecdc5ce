package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// paidOrderJSON is order N-1 (o-1) of merchant order m-1, paid 1000 as
// expected: Verify's own checks pass, so it lists the order's
// cancellation requests.
const paidOrderJSON = `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"}}`

func verifyPaid(c *Client) (*Order, error) {
	return c.Orders.Verify(context.Background(), VerifyParams{OrderNumber: "N-1", Amount: 1000, MerchantOrderID: "m-1"})
}

// A list answered with another order's applied request (a Commerce
// ignoring the order_number filter: UNCONFIRMED whether it honours it) says
// nothing about this order: Verify returns the *DecodeError, neither a
// pass nor a cancelled_price verdict summed from a stranger's refund; and
// a list naming this order (by number or id, or naming none) is summed.
func TestVerifyRefusesACancellationListOfAnotherOrder(t *testing.T) {
	for name, list := range map[string]string{
		"another order_number": `{"list":[{"order_number":"N-2","cancel_price":1000,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`,
		"another order_id":     `{"list":[{"order_number":"N-1","order_id":"o-2","cancel_price":1000,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, paidOrderJSON)
			m.Then(http.StatusOK, list)
			o, err := verifyPaid(c)
			assert.Nil(t, o)
			var derr *DecodeError
			require.True(t, errors.As(err, &derr), "%v", err)
			assert.Equal(t, orderCancellationEndpoints.list.Op, derr.Op)
			var mismatch *MismatchError
			assert.False(t, errors.As(err, &mismatch), "another order's refund summed into a verdict: %v", err)
		})
	}
	for name, list := range map[string]string{
		"by number and id": `{"list":[{"order_number":"N-1","order_id":"o-1","cancel_price":300,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`,
		"naming no order":  `{"list":[{"cancel_price":300,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, paidOrderJSON)
			m.Then(http.StatusOK, list)
			_, err := verifyPaid(c)
			var mismatch *MismatchError
			require.True(t, errors.As(err, &mismatch), "%v", err)
			assert.Equal(t, []Mismatch{{"cancelled_price", "0", "300"}}, mismatch.Mismatches)
		})
	}
}

// A list that cannot be read to its end (a page ignoring the page number
// repeats, its count says more exist) is a *DecodeError, never a pass:
// the refund may be on the page not read.
func TestVerifyFailsWhenItsCancellationPagesRepeat(t *testing.T) {
	m, c := newWire(t, `[]`)
	page := `{"list":[{"order_cancellation_request_id":"r0","order_number":"N-1"}],"count":2}`
	m.Then(http.StatusOK, paidOrderJSON)
	m.Then(http.StatusOK, page)
	m.Then(http.StatusOK, page)
	o, err := verifyPaid(c)
	assert.Nil(t, o)
	var derr *DecodeError
	require.True(t, errors.As(err, &derr), "%v", err)
	assert.Len(t, m.Requests(), 3, "the order and two pages")
}

// ListFor refuses an order without a number before any request.
func TestListForNeedsTheOrdersNumber(t *testing.T) {
	m, c := newWire(t, `[]`)
	for _, o := range []*Order{nil, {OrderID: "o-1"}} {
		_, err := c.OrderCancellations.ListFor(context.Background(), o)
		var verr *ValidationError
		assert.True(t, errors.As(err, &verr), "%v", err)
	}
	assert.Empty(t, m.Requests())
}
