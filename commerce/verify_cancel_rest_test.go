package commerce_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// TestVerifyCancelsWhatIsLeftOfAPartlyRefundedForgedOrder: a forged-price
// order the store already refunded in part is cancelled by
// CancelOnMismatch for what is left of its price, not for its whole price,
// which Commerce refuses (more than remains), leaving the forged payment's
// rest with the shop; and one whose requests already cover its price is
// sent nothing.
func TestVerifyCancelsWhatIsLeftOfAPartlyRefundedForgedOrder(t *testing.T) {
	ctx := context.Background()
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000, Metadata: map[string]any{"order_id": "m-30"}}) // 29900 expected
	_, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, CancelID: "store-partial", Price: 300, Immediately: true})
	require.NoError(t, err)

	_, err = c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 29900, MerchantOrderID: "m-30", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	require.NoError(t, me.CancelErr)
	require.NotNil(t, me.Cancellation)
	assert.Equal(t, int64(700), me.Cancellation.CancelPrice.Int64(), "the rest of the price")
	state, _ := srv.Order(ref.OrderNumber)
	assert.Equal(t, int64(1000), state.CancelledPrice, "the forged payment is refunded in full")
	assert.Equal(t, 2, srv.Stats().CancellationsApplied)
}

// TestVerifySendsNothingForAForgedOrderItsRequestsCover: the order still
// reads paid while its applied requests cover its price (Commerce's order
// lagging them): Verify's CancelOnMismatch sends nothing and says why.
func TestVerifySendsNothingForAForgedOrderItsRequestsCover(t *testing.T) {
	ctx := context.Background()
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000, Metadata: map[string]any{"order_id": "m-31"}})
	srv.Inject(commercetest.OpCancelList, commercetest.Faults.Status(200, `{"list":[{"order_number":"`+ref.OrderNumber+
		`","cancel_id":"store-full","cancel_price":1000,"status":3,"action_at":"2025-07-01T00:00:00Z"}],"count":1}`), 1)
	_, err := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 29900, MerchantOrderID: "m-31", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	assert.Nil(t, me.Cancellation)
	require.Error(t, me.CancelErr)
	assert.Contains(t, me.CancelErr.Error(), "cover its price")
	assert.Equal(t, 0, srv.Stats().Requests[commercetest.OpCancelRequest], "nothing sent")
}
