package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// newReceiptShop is newShop against a sandbox whose payment results read
// as a Bootpay receipt does: 20 (결제취소 완료) after a 부분취소, while the
// order still reads paid.
func newReceiptShop(t *testing.T) (*commercetest.Server, *Shop) {
	t.Helper()
	srv := commercetest.NewServer(commercetest.WithReceiptResultStatus())
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, NewShop(c)
}

// A checkout refunded in part before the shop saw it, whose payment
// result then reads 20: Verify names the refund beside it, so the shop
// takes its partly-refunded path (the rest refunded, once, the order left
// pending) instead of calling it a forgery; the buyer's next payment pays
// the order.
func TestPartlyRefundedCheckoutWhosePaymentResultReads20HasTheRestRefunded(t *testing.T) {
	srv, shop := newReceiptShop(t)
	ctx := context.Background()
	invoiceID := started(t, shop, "shop-partly-20", "")
	first := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{})
	partlyRefund(t, srv, first.OrderNumber)

	state, err := shop.CompleteCheckout(ctx, "shop-partly-20", first.OrderNumber)
	assert.ErrorIs(t, err, ErrPartlyRefunded)
	assert.NotErrorIs(t, err, ErrMismatch, "a 부분취소 read as a forgery: %v", err)
	assert.Equal(t, Pending, state)
	wantRestRefunded(t, srv, first.OrderNumber)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the console's request and the shop's, once")

	state, err = shop.CompleteCheckout(ctx, "shop-partly-20", first.OrderNumber)
	assert.Error(t, err)
	assert.Equal(t, Pending, state)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "a return after the refund sends nothing more")

	again := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{})
	state, err = shop.CompleteCheckout(ctx, "shop-partly-20", again.OrderNumber)
	require.NoError(t, err)
	assert.Equal(t, Paid, state)
}

// A second genuine checkout for a paid order, refunded in part with its
// payment result reading 20, is refunded as a stray: the rest of it, once.
func TestPartlyRefundedStrayWhosePaymentResultReads20IsRefunded(t *testing.T) {
	srv, shop := newReceiptShop(t)
	ctx := context.Background()
	first, second := paidTwice(t, srv, shop, "shop-twice-20")
	state, err := shop.CompleteCheckout(ctx, "shop-twice-20", first.OrderNumber)
	require.NoError(t, err)
	require.Equal(t, Paid, state)
	partlyRefund(t, srv, second.OrderNumber)

	state, err = shop.CompleteCheckout(ctx, "shop-twice-20", second.OrderNumber)
	assert.ErrorIs(t, err, ErrStrayCheckout)
	assert.NotErrorIs(t, err, ErrMismatch)
	assert.Equal(t, Paid, state)
	wantRestRefunded(t, srv, second.OrderNumber)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest])
}
