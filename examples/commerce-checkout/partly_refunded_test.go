package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// consoleRefund is what the store refunds of a checkout in its console
// (부분취소) before the shop sees it.
const consoleRefund = 1000

// partlyRefund has the store refund consoleRefund won of Commerce order
// number: Commerce's order still reads paid at its price, receipt_status
// 1; the refund is only in its cancellation requests, so Orders.Verify
// refuses it with a lone cancelled_price mismatch.
func partlyRefund(t *testing.T, srv *commercetest.Server, number string) {
	t.Helper()
	_, err := console(t, srv).OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: number, CancelID: "console-partial", Price: consoleRefund, Message: "콘솔 부분취소", Immediately: true, AsSupervisor: true})
	require.NoError(t, err)
	o, _ := srv.Order(number)
	require.True(t, o.Status.Paid(), "a 부분취소 leaves the order paid: %v", o.Status)
}

// console is the store's own client of srv.
func console(t *testing.T, srv *commercetest.Server) *commerce.Client {
	t.Helper()
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return c
}

// wantRestRefunded checks that Commerce order number was refunded exactly
// its price: the console's part and the rest the shop asked for.
func wantRestRefunded(t *testing.T, srv *commercetest.Server, number string) {
	t.Helper()
	o, _ := srv.Order(number)
	assert.Equal(t, commerce.OrderCancelled, o.Status, "the rest of the payment is refunded")
	assert.Equal(t, o.Price, o.CancelledPrice, "refunded: the price, no more and no less")
}

// A second genuine checkout for a paid order, refunded in part at
// Commerce before the shop saw it, is still a stray: the rest of it is
// refunded (its price less the console's refund, which Commerce accepts)
// and the order keeps its first payment.
func TestPartlyRefundedSecondCheckoutIsRefundedAsStray(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	first, second := paidTwice(t, srv, shop, "shop-twice-partly")
	state, err := shop.CompleteCheckout(ctx, "shop-twice-partly", first.OrderNumber)
	require.NoError(t, err)
	require.Equal(t, Paid, state)
	partlyRefund(t, srv, second.OrderNumber)

	state, err = shop.CompleteCheckout(ctx, "shop-twice-partly", second.OrderNumber)
	assert.ErrorIs(t, err, ErrStrayCheckout)
	assert.NotErrorIs(t, err, ErrMismatch, "a refund is no mismatch: %v", err)
	assert.Equal(t, Paid, state)
	wantRestRefunded(t, srv, second.OrderNumber)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the console's request and the shop's, once")
	o1, _ := srv.Order(first.OrderNumber)
	assert.True(t, o1.Status.Paid(), "the first payment is kept: %v", o1.Status)
	assert.Equal(t, first.OrderNumber, shop.orders["shop-twice-partly"].orderNumber)
}

// The order's only checkout, refunded in part at Commerce before the shop
// saw it: the order is not settled with it (it stays pending, and its
// invoice payable), the rest of it is refunded, and the error says so
// rather than calling a refund a forgery. The buyer's next payment then
// pays the order: one payment kept in all.
func TestPartlyRefundedOnlyCheckoutHasTheRestRefunded(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	invoiceID := started(t, shop, "shop-partly", "")
	first := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{})
	partlyRefund(t, srv, first.OrderNumber)

	state, err := shop.CompleteCheckout(ctx, "shop-partly", first.OrderNumber)
	assert.ErrorIs(t, err, ErrPartlyRefunded)
	assert.NotErrorIs(t, err, ErrMismatch)
	assert.NotContains(t, err.Error(), "위변조")
	assert.Equal(t, Pending, state)
	wantRestRefunded(t, srv, first.OrderNumber)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the console's request and the shop's, once")

	again := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{})
	state, err = shop.CompleteCheckout(ctx, "shop-partly", again.OrderNumber)
	require.NoError(t, err)
	assert.Equal(t, Paid, state)
	assert.Equal(t, again.OrderNumber, shop.orders["shop-partly"].orderNumber)
}

// The shop's request for the rest is applied but its answer is lost: the
// error says the outcome is unknown, and the browser's return afterwards
// sends nothing more — the payment is refunded exactly once.
func TestPartlyRefundedCheckoutRestIsRequestedOnce(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	first := checkedOut(t, srv, shop, "shop-partly-lost", commercetest.CheckoutSpec{})
	partlyRefund(t, srv, first.OrderNumber)
	srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.CloseAfterApply(), 1)

	state, err := shop.CompleteCheckout(ctx, "shop-partly-lost", first.OrderNumber)
	assert.ErrorIs(t, err, ErrPartlyRefunded)
	assert.ErrorIs(t, err, commerce.ErrOutcomeUnknown)
	assert.Equal(t, Pending, state)
	for range 2 {
		state, err = shop.CompleteCheckout(ctx, "shop-partly-lost", first.OrderNumber)
		assert.Error(t, err)
		assert.Equal(t, Pending, state)
	}
	wantRestRefunded(t, srv, first.OrderNumber)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the console's request and the shop's, once")
}

// awaitApproval is a transport to the sandbox under which the shop's
// cancellation requests are not applied at once but wait for the store's
// approval, as Commerce may make them wait (a payment method that cannot
// refund at once) although cancel_immediately was asked.
type awaitApproval struct{ next http.RoundTripper }

func (a awaitApproval) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/order/cancel") && r.Body != nil {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		body = bytes.ReplaceAll(body, []byte(`"cancel_immediately":true`), []byte(`"cancel_immediately":false`))
		r = r.Clone(r.Context())
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	}
	return a.next.RoundTrip(r)
}

// The shop's request for the rest waits for the store's approval, and the
// browser comes back meanwhile: Commerce's order still reads paid and
// refunded in part, and the shop finds its request by its cancel_id
// instead of asking again. Once the store approves it, the payment is
// refunded exactly its price.
func TestPartlyRefundedCheckoutRestAwaitingApprovalIsNotAskedAgain(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
		commerce.WithHTTPClient(&http.Client{Transport: awaitApproval{srv.Client().Transport}}))
	require.NoError(t, err)
	shop := NewShop(c)
	ctx := context.Background()
	first := checkedOut(t, srv, shop, "shop-partly-waits", commercetest.CheckoutSpec{})
	partlyRefund(t, srv, first.OrderNumber)

	for range 3 {
		state, err := shop.CompleteCheckout(ctx, "shop-partly-waits", first.OrderNumber)
		assert.ErrorIs(t, err, ErrPartlyRefunded)
		assert.Equal(t, Pending, state)
	}
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the console's request and the shop's, once")

	list, err := console(t, srv).OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: first.OrderNumber})
	require.NoError(t, err)
	var waiting *commerce.CancellationRequest
	for i := range list {
		if !list[i].Applied() && !list[i].Closed() {
			waiting = &list[i]
		}
	}
	require.NotNil(t, waiting, "the shop's request waits for approval")
	assert.Equal(t, plan.Price-consoleRefund, waiting.CancelPrice.Int64(), "the shop asks for the rest")
	_, err = console(t, srv).OrderCancellations.Approve(ctx, waiting.ID, "승인")
	require.NoError(t, err)
	wantRestRefunded(t, srv, first.OrderNumber)
}
