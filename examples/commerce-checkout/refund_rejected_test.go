package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// awaitingShop is a shop on a fresh sandbox whose cancellation requests
// wait for the store (awaitApproval), logging into the buffer returned.
func awaitingShop(t *testing.T) (*commercetest.Server, *Shop, *bytes.Buffer) {
	t.Helper()
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
		commerce.WithHTTPClient(&http.Client{Transport: awaitApproval{srv.Client().Transport}}))
	require.NoError(t, err)
	shop := NewShop(c)
	var log bytes.Buffer
	shop.Log = slog.New(slog.NewTextHandler(&log, nil))
	return srv, shop, &log
}

// rejectOnly rejects the one cancellation request of Commerce order
// number and returns its cancel_id.
func rejectOnly(t *testing.T, srv *commercetest.Server, number string) string {
	t.Helper()
	ctx := context.Background()
	list, err := console(t, srv).OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: number})
	require.NoError(t, err)
	require.Len(t, list, 1)
	_, err = console(t, srv).OrderCancellations.Reject(ctx, list[0].ID, "거절")
	require.NoError(t, err)
	return list[0].CancelID
}

// A forged checkout whose cancellation (Verify's) waits for the store is
// not yet refunded: the order stays Pending. The store then rejects it:
// the forged payment is still held and Verify never asks again under its
// cancel_id, so the order is never closed as Refunded; the shop says
// ErrRefundFailed and logs at ERROR, naming the cancel_id, for a person.
func TestForgedCheckoutWhoseCancellationWasRejectedIsNotRefunded(t *testing.T) {
	srv, shop, log := awaitingShop(t)
	ctx := context.Background()
	forged := checkedOut(t, srv, shop, "shop-forged-rejected", commercetest.CheckoutSpec{Paid: 100})

	state, err := shop.CompleteCheckout(ctx, "shop-forged-rejected", forged.OrderNumber)
	require.ErrorIs(t, err, ErrMismatch)
	assert.NotErrorIs(t, err, ErrRefundFailed, "the cancellation is only open")
	assert.Equal(t, Pending, state, "an open cancellation refunded nothing yet")
	assert.Contains(t, log.String(), "level=INFO")

	cancelID := rejectOnly(t, srv, forged.OrderNumber)
	state, err = shop.CompleteCheckout(ctx, "shop-forged-rejected", forged.OrderNumber)
	assert.ErrorIs(t, err, ErrRefundFailed, "a rejected cancellation is no refund: %v", err)
	assert.ErrorIs(t, err, ErrMismatch)
	assert.Equal(t, Pending, state)
	assert.Equal(t, Pending, shop.State("shop-forged-rejected"))
	assert.Contains(t, log.String(), "level=ERROR")
	assert.Contains(t, log.String(), cancelID)
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest], "nothing sent beside the rejected request")
}

// A stray whose refund the store rejected still holds the buyer's money:
// the shop must not answer "this payment is refunded" but ErrRefundFailed
// (beside ErrStrayCheckout), logged at ERROR naming the cancel_id, and
// send nothing again under it.
func TestStrayWhoseRefundWasRejectedIsReportedAsNotRefunded(t *testing.T) {
	srv, shop, log := awaitingShop(t)
	ctx := context.Background()
	first, second := paidTwice(t, srv, shop, "shop-stray-rejected")
	_, err := shop.CompleteCheckout(ctx, "shop-stray-rejected", first.OrderNumber)
	require.NoError(t, err)
	_, err = shop.CompleteCheckout(ctx, "shop-stray-rejected", second.OrderNumber)
	require.ErrorIs(t, err, ErrStrayCheckout)
	cancelID := rejectOnly(t, srv, second.OrderNumber)

	state, err := shop.CompleteCheckout(ctx, "shop-stray-rejected", second.OrderNumber)
	assert.ErrorIs(t, err, ErrRefundFailed, "a rejected refund is no refund: %v", err)
	assert.ErrorIs(t, err, ErrStrayCheckout)
	if err != nil {
		assert.NotContains(t, err.Error(), "payment is refunded")
	}
	assert.Equal(t, Paid, state)
	assert.Contains(t, log.String(), "level=ERROR")
	assert.Contains(t, log.String(), cancelID)
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest], "nothing sent beside the rejected request")
}
