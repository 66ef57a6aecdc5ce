package commerce_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// anotherOrder is an order Commerce would answer for another order
// number: paid, at another price, its metadata naming the merchant's
// order, so that Verify with CancelOnMismatch would cancel it if it were
// taken for the order asked for.
const anotherOrder = `{"order_id":"oid-other","order_number":"N-other","price":100,"status":2,"receipt_status":1,
	"metadata":{"order_id":"mine"}}`

// TestOrderLookupOnAnotherOrder: Orders.Get and Verify whose lookup is
// answered about another order return a *DecodeError naming both: a bad
// reply, never ErrNotFound or the *MismatchError that reads as a forged
// checkout. The lookup is sent once (a bad 2xx is not retried) and Verify
// neither looks for nor requests a cancellation.
func TestOrderLookupOnAnotherOrder(t *testing.T) {
	for name, call := range map[string]func(c *commerce.Client, ref commercetest.OrderRef) error{
		"get by number": func(c *commerce.Client, ref commercetest.OrderRef) error {
			_, err := c.Orders.Get(context.Background(), ref.OrderNumber)
			return err
		},
		"get by id": func(c *commerce.Client, ref commercetest.OrderRef) error {
			_, err := c.Orders.Get(context.Background(), ref.OrderID)
			return err
		},
		"verify": func(c *commerce.Client, ref commercetest.OrderRef) error {
			_, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 29900,
				MerchantOrderID: "mine", CancelOnMismatch: true})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := newSandbox(t)
			ref := srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Metadata: map[string]any{"order_id": "mine"}})
			srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusOK, anotherOrder), 1)
			err := call(c, ref)
			var derr *commerce.DecodeError
			require.ErrorAs(t, err, &derr)
			assert.Equal(t, "orders.get", derr.Op)
			assert.Contains(t, err.Error(), `"N-other"`)
			assert.NotErrorIs(t, err, commerce.ErrNotFound)
			var me *commerce.MismatchError
			assert.False(t, errors.As(err, &me), "not a verdict: %v", err)
			stats := srv.Stats()
			assert.Equal(t, 1, stats.Requests[commercetest.OpOrderGet], "a bad 2xx is not retried")
			assert.Zero(t, stats.Requests[commercetest.OpCancelList])
			assert.Zero(t, stats.Requests[commercetest.OpCancelRequest])
		})
	}
}
