package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestListForOfAFoundOrderNeverReadsAsAVerdict: an order Commerce returned
// whose order_number transport.CheckID refuses (here with trailing white
// space: the number is Commerce's data, not the caller's input) is no
// invalid request. ListFor lists its cancellation requests by its order_id
// instead, so Verify passes; when the order carries no usable order_id
// either, the failure is a *CancellationListError around a *DecodeError,
// never a bare *ValidationError matching ErrInvalidRequest, and nothing is
// listed.
func TestListForOfAFoundOrderNeverReadsAsAVerdict(t *testing.T) {
	ctx := context.Background()

	t.Run("by order_id", func(t *testing.T) {
		m, c := newWire(t, `{"list":[],"count":0}`)
		m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1 ","price":2800,"status":2,"receipt_status":1,"metadata":{"order_id":"shop-1"}}`)

		o, err := c.Orders.Verify(ctx, VerifyParams{OrderID: "o-1", Amount: 2800, MerchantOrderID: "shop-1"})
		require.NoError(t, err, "the order was found and its list is empty")
		assert.Equal(t, "o-1", o.OrderID)
		reqs := m.Requests()
		require.Len(t, reqs, 2, "the order, then its list")
		q := reqs[1].Query
		assert.Equal(t, "o-1", q.Get("order_id"), "listed by the order's id")
		assert.False(t, q.Has("order_number"), "not by the number CheckID refuses")
	})

	t.Run("no usable id", func(t *testing.T) {
		m, c := newWire(t, `{"list":[],"count":0}`)
		for _, id := range []string{"", "o-1\t"} {
			list, err := c.OrderCancellations.ListFor(ctx, &Order{OrderNumber: "N-1 ", OrderID: id})
			assert.Nil(t, list)
			assert.NotErrorIs(t, err, ErrInvalidRequest, "%q: the order was found: its list's failure is no verdict on it", id)
			var lerr *CancellationListError
			require.True(t, errors.As(err, &lerr), "%q: a *CancellationListError, as ListFor documents: %v", id, err)
			var derr *DecodeError
			assert.True(t, errors.As(err, &derr), "%q: Commerce's data cannot name the list: %v", id, err)
		}
		assert.Empty(t, m.Requests(), "nothing listed")
	})

	t.Run("nil or without a number", func(t *testing.T) {
		m, c := newWire(t, `{"list":[],"count":0}`)
		for _, o := range []*Order{nil, {OrderID: "o-1"}} {
			_, err := c.OrderCancellations.ListFor(ctx, o)
			var verr *ValidationError
			assert.True(t, errors.As(err, &verr), "the caller's own mistake: %v", err)
		}
		assert.Empty(t, m.Requests())
	})
}
