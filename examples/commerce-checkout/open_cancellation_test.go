package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// buyerAsksToCancel files the buyer's request to cancel price won of
// Commerce order number, waiting for the store's approval.
func buyerAsksToCancel(t *testing.T, srv *commercetest.Server, number string, price int64) *commerce.CancellationRequest {
	t.Helper()
	r, err := console(t, srv).OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: number, Price: price, Requester: "buyer", Message: "단순 변심"})
	require.NoError(t, err)
	return r
}

// A buyer who pays and at once asks to cancel: the return finds the
// payment being asked back, so the order is not settled with it
// (ErrCancellationRequested, still Pending) and the shop refunds nothing
// itself (only the buyer's request exists). Once the store rejects the
// request, the same checkout pays the order.
func TestCheckoutBeingCancelledIsNotSettledUntilDecided(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	first := checkedOut(t, srv, shop, "shop-asked-back", commercetest.CheckoutSpec{})
	req := buyerAsksToCancel(t, srv, first.OrderNumber, plan.Price)

	for range 2 {
		state, err := shop.CompleteCheckout(ctx, "shop-asked-back", first.OrderNumber)
		assert.ErrorIs(t, err, ErrCancellationRequested)
		assert.NotErrorIs(t, err, ErrMismatch)
		assert.Equal(t, Pending, state)
	}
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest], "only the buyer's request")

	_, err := console(t, srv).OrderCancellations.Reject(ctx, req.ID, "배송 시작됨")
	require.NoError(t, err)
	state, err := shop.CompleteCheckout(ctx, "shop-asked-back", first.OrderNumber)
	require.NoError(t, err)
	assert.Equal(t, Paid, state)
	o, _ := srv.Order(first.OrderNumber)
	assert.Equal(t, int64(0), o.CancelledPrice)
}

// A checkout refunded in part at Commerce whose buyer has also asked for
// the rest back (an open request): the shop does not ask for the rest on
// top of it — approved, the two would refund more than was paid — and
// the order is not settled with it. Once the store approves the buyer's
// request, the payment is refunded exactly its price.
func TestPartlyRefundedCheckoutWithAnOpenRequestSendsNothing(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	first := checkedOut(t, srv, shop, "shop-partly-asked", commercetest.CheckoutSpec{})
	partlyRefund(t, srv, first.OrderNumber)
	req := buyerAsksToCancel(t, srv, first.OrderNumber, plan.Price-consoleRefund)

	state, err := shop.CompleteCheckout(ctx, "shop-partly-asked", first.OrderNumber)
	assert.ErrorIs(t, err, ErrPartlyRefunded)
	assert.Equal(t, Pending, state)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the console's and the buyer's; none of the shop's")

	_, err = console(t, srv).OrderCancellations.Approve(ctx, req.ID, "승인")
	require.NoError(t, err)
	wantRestRefunded(t, srv, first.OrderNumber)
}
