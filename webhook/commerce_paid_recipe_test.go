package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// paidRecipe is the README's Commerce webhook recipe for a paid event
// (README.md "Webhooks", the commercewebhook block; README.ko.md the
// same): the merchant's own order, then Orders.Verify, which sums the
// order's refunds, before fulfilling; a mismatch is held for a person and
// acknowledged; any other failure is returned, so Commerce delivers again.
type paidRecipe struct {
	client          *commerce.Client
	amount          int64 // the merchant's order merchant-42, from its database
	fulfilled, held atomic.Int32
	heldFor         atomic.Pointer[commerce.MismatchError]
	refused         atomic.Int32 // deliveries the recipe refused
	refusedWith     atomic.Pointer[error]
	failRefundList  atomic.Bool // the recipe's cancellation list fails (a 503)
}

func (p *paidRecipe) callback(ctx context.Context, d *webhook.CommerceDelivery) error {
	if k := d.Event.Kind(); k != webhook.CommerceOrderPaid && k != webhook.CommerceSubscriptionPaid {
		return nil
	}
	id := d.Order.Metadata.String("order_id")
	_, err := p.client.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: d.Order.OrderNumber, Amount: p.amount, MerchantOrderID: id})
	var mismatch *commerce.MismatchError
	switch {
	case errors.As(err, &mismatch):
		p.held.Add(1)
		p.heldFor.Store(mismatch)
		return nil
	case err != nil:
		p.refused.Add(1)
		p.refusedWith.Store(&err)
		return err
	}
	p.fulfilled.Add(1)
	return nil
}

// transport answers the recipe's cancellation list with a 503 while
// failRefundList is set; everything else goes to next, the sandbox.
func (p *paidRecipe) transport(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if p.failRefundList.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/order/cancel") {
			return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		}
		return next.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newPaidRecipe starts a Commerce sandbox with the order merchant-42
// (29,900 won) paid, and a CommerceHandler running paidRecipe once per
// key.
func newPaidRecipe(t *testing.T) (*commercetest.Server, commercetest.OrderRef, *paidRecipe, http.Handler) {
	t.Helper()
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	opts := []commerce.Option{commerce.WithBaseURL(srv.URL()), commerce.WithRetryPolicy(commerce.RetryPolicy{})}
	lookup, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, append(opts, commerce.WithHTTPClient(srv.Client()))...)
	require.NoError(t, err)
	p := &paidRecipe{amount: 29900}
	p.client, err = commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		append(opts, commerce.WithHTTPClient(&http.Client{Transport: p.transport(srv.Client().Transport)}))...)
	require.NoError(t, err)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Metadata: map[string]any{"order_id": "merchant-42"}})
	h := webhook.CommerceHandler(webhook.CommerceLookup{Client: lookup}, p.callback,
		webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}))
	return srv, ref, p, h
}

func deliverPaid(t *testing.T, h http.Handler, ref commercetest.OrderRef) int {
	t.Helper()
	body := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
		Price: 29900, Status: int(commerce.OrderPaid), ReceiptStatus: int(commerce.ReceiptPaid)}.JSON()
	req, err := webhooktest.NewCommerceRequest("/webhooks/commerce", body, false)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// TestCommercePaidRecipeChecksRefundsFirst: CommerceHandler runs a paid
// event for an order refunded in part (부분취소) since, and the order
// still reads its full price; the README's recipe verifies it before
// fulfilling, so that order is held for a person (a "cancelled_price"
// mismatch), never fulfilled, and acknowledged. An order with no refund is
// fulfilled once. A refund list that fails is no verdict: the delivery is
// refused, nothing fulfilled, and the redelivery fulfils the order.
func TestCommercePaidRecipeChecksRefundsFirst(t *testing.T) {
	ctx := context.Background()
	t.Run("refunded in part since", func(t *testing.T) {
		_, ref, p, h := newPaidRecipe(t)
		_, err := p.client.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 3000, Immediately: true})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, deliverPaid(t, h, ref), "acknowledged")
		assert.Zero(t, p.fulfilled.Load(), "an order refunded in part is never fulfilled at its full price")
		require.EqualValues(t, 1, p.held.Load(), "it is held for a person")
		assert.Equal(t, []commerce.Mismatch{{Field: "cancelled_price", Expected: "0", Actual: "3000"}}, p.heldFor.Load().Mismatches)
	})
	t.Run("no refund", func(t *testing.T) {
		_, ref, p, h := newPaidRecipe(t)
		require.Equal(t, http.StatusOK, deliverPaid(t, h, ref))
		require.Equal(t, http.StatusOK, deliverPaid(t, h, ref), "a redelivery")
		assert.EqualValues(t, 1, p.fulfilled.Load(), "fulfilled once")
		assert.Zero(t, p.held.Load())
	})
	t.Run("refunds not listed", func(t *testing.T) {
		_, ref, p, h := newPaidRecipe(t)
		p.failRefundList.Store(true)
		assert.Equal(t, http.StatusInternalServerError, deliverPaid(t, h, ref), "refused: Commerce delivers it again")
		require.EqualValues(t, 1, p.refused.Load())
		var listErr *commerce.CancellationListError
		assert.ErrorAs(t, *p.refusedWith.Load(), &listErr, "no verdict on the order")
		assert.Zero(t, p.fulfilled.Load()+p.held.Load(), "neither fulfilled nor given up")
		p.failRefundList.Store(false)
		require.Equal(t, http.StatusOK, deliverPaid(t, h, ref))
		assert.EqualValues(t, 1, p.fulfilled.Load(), "the redelivery fulfils it")
	})
}
