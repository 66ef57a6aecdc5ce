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

// A forged checkout (paid below the invoice) whose cancellation, made by
// Orders.Verify's CancelOnMismatch under cancel_id "paykit-verify-" + its
// order id, was approved and then failed at the PG
// (commerce.CancellationRequest.CancelFailed): the forged payment is still
// held at Commerce. The next return finds that request by its cancel_id
// and Verify reports it as MismatchError.Cancellation with no CancelErr.
// The shop must read it as the shop reads its own failed refund
// (refundRest): ErrRefundFailed, logged at ERROR naming the cancel_id for
// a person, never the order closed as Refunded on a refund that did not
// happen. On HEAD CompleteCheckout settles the order Refunded
// ("cancelled") and logs nothing.
func TestForgedCheckoutWhoseCancellationFailedAtThePGIsNotRefunded(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
		commerce.WithHTTPClient(&http.Client{Transport: failedAtThePG{awaitApproval{srv.Client().Transport}}}))
	require.NoError(t, err)
	shop := NewShop(c)
	var log bytes.Buffer
	shop.Log = slog.New(slog.NewTextHandler(&log, nil))
	ctx := context.Background()

	forged := checkedOut(t, srv, shop, "shop-forged-failed", commercetest.CheckoutSpec{Paid: 100})
	_, err = shop.CompleteCheckout(ctx, "shop-forged-failed", forged.OrderNumber)
	require.ErrorIs(t, err, ErrMismatch)

	// The store approves; the PG's cancellation fails (the sandbox has no
	// failed PG cancellation: its rejection reads so through failedAtThePG).
	list, err := console(t, srv).OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: forged.OrderNumber})
	require.NoError(t, err)
	require.Len(t, list, 1, "Verify's cancellation of the forged checkout")
	cancelID := list[0].CancelID
	_, err = console(t, srv).OrderCancellations.Reject(ctx, list[0].ID, "PG 취소 실패 대역")
	require.NoError(t, err)
	o, _ := srv.Order(forged.OrderNumber)
	require.True(t, o.Status.Paid(), "the forged payment is still held: %v", o.Status)

	state, err := shop.CompleteCheckout(ctx, "shop-forged-failed", forged.OrderNumber)
	assert.ErrorIs(t, err, ErrRefundFailed, "a cancellation that failed at the PG is no refund: state %s, %v", state, err)
	assert.Contains(t, log.String(), "level=ERROR", "nobody is told the forged payment is still held")
	assert.Contains(t, log.String(), cancelID, "the log names the failed request")
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest], "nothing sent beside the failed request")
}

// A second genuine checkout (a stray: the order is paid with the first)
// whose refund the shop requested in full under its cancel_id
// "shop-stray-" + its order id, approved by the store and then failed at
// the PG. The stray's payment is still held, with no refund applied, so
// Orders.Verify refuses it with a lone "cancellation_requested" (the
// failed request reads open) and the shop answers ErrCancellationRequested
// ("call again once the store has decided"), as if the buyer had asked
// back, forever: refundRest, the one place that reads CancelFailed, is
// reached only beside a cancelled_price. ErrRefundFailed's doc promises it
// for "a stray's" refund too, and a person must be told (ERROR, naming the
// cancel_id). On HEAD neither happens.
func TestStrayWhoseRefundFailedAtThePGIsReportedAsFailed(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
		commerce.WithHTTPClient(&http.Client{Transport: failedAtThePG{awaitApproval{srv.Client().Transport}}}))
	require.NoError(t, err)
	shop := NewShop(c)
	var log bytes.Buffer
	shop.Log = slog.New(slog.NewTextHandler(&log, nil))
	ctx := context.Background()

	first, second := paidTwice(t, srv, shop, "shop-stray-failed")
	state, err := shop.CompleteCheckout(ctx, "shop-stray-failed", first.OrderNumber)
	require.NoError(t, err)
	require.Equal(t, Paid, state)
	_, err = shop.CompleteCheckout(ctx, "shop-stray-failed", second.OrderNumber)
	require.ErrorIs(t, err, ErrStrayCheckout)

	list, err := console(t, srv).OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: second.OrderNumber})
	require.NoError(t, err)
	require.Len(t, list, 1, "the shop's refund of the stray")
	cancelID := list[0].CancelID
	_, err = console(t, srv).OrderCancellations.Reject(ctx, list[0].ID, "PG 취소 실패 대역")
	require.NoError(t, err)

	state, err = shop.CompleteCheckout(ctx, "shop-stray-failed", second.OrderNumber)
	assert.ErrorIs(t, err, ErrRefundFailed, "the stray's refund failed at the PG: %v", err)
	assert.Equal(t, Paid, state)
	assert.Contains(t, log.String(), "level=ERROR", "nobody is told the stray's money is still held")
	assert.Contains(t, log.String(), cancelID)
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest], "nothing sent beside the failed request")
}
