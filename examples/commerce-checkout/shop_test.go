package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

func newShop(t *testing.T) (*commercetest.Server, *Shop) {
	t.Helper()
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, NewShop(c)
}

var plan = Plan{Name: "Professional 플랜", Price: 29900}

// An honest checkout is verified and paid; the invoice carried the
// server's discounted price, and retrying the start creates no second
// invoice.
func TestHonestCheckoutIsPaid(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	invoiceID, err := shop.StartCheckout(ctx, "shop-1", plan, "WELCOME10")
	require.NoError(t, err)
	again, err := shop.StartCheckout(ctx, "shop-1", plan, "WELCOME10")
	require.NoError(t, err)
	assert.Equal(t, invoiceID, again)
	assert.Equal(t, 1, srv.Stats().InvoicesCreated)

	ref := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{})
	state, err := shop.CompleteCheckout(ctx, "shop-1", ref.OrderNumber)
	require.NoError(t, err)
	assert.Equal(t, Paid, state)
	o, _ := srv.Order(ref.OrderNumber)
	assert.Equal(t, int64(26910), o.Price, "29900 less 10%, priced by the server")
	assert.Zero(t, srv.Stats().CancellationsApplied)
}

// A checkout that paid less than the invoice is never marked paid: it is
// cancelled once, even when the browser comes back twice.
func TestTamperedCheckoutIsCancelledOnce(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	invoiceID, err := shop.StartCheckout(ctx, "shop-2", plan, "")
	require.NoError(t, err)
	ref := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{Paid: 100})
	for range 2 {
		state, err := shop.CompleteCheckout(ctx, "shop-2", ref.OrderNumber)
		assert.ErrorIs(t, err, ErrMismatch)
		assert.Equal(t, Refunded, state)
	}
	assert.Equal(t, Refunded, shop.State("shop-2"))
	assert.Equal(t, 1, srv.Stats().CancellationsApplied)
	o, _ := srv.Order(ref.OrderNumber)
	assert.Equal(t, commerce.OrderCancelled, o.Status)
}

// Another checkout's Commerce order (its metadata names another shop
// order) is refused and left alone: nothing is cancelled.
func TestOrderOfAnotherCheckoutIsRefused(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	_, err := shop.StartCheckout(ctx, "shop-3", plan, "")
	require.NoError(t, err)
	other, err := shop.StartCheckout(ctx, "shop-4", plan, "")
	require.NoError(t, err)
	ref := srv.CompleteCheckout(other, commercetest.CheckoutSpec{})
	state, err := shop.CompleteCheckout(ctx, "shop-3", ref.OrderNumber)
	assert.ErrorIs(t, err, ErrMismatch)
	assert.Equal(t, Pending, state)
	assert.Zero(t, srv.Stats().CancellationsApplied)
	o, _ := srv.Order(ref.OrderNumber)
	assert.Equal(t, commerce.OrderPaid, o.Status, "the other buyer's order is untouched")
}

// The program runs both checkouts against its sandbox.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	assert.Contains(t, out.String(), "shop-1001: order")
	assert.Contains(t, out.String(), "→ paid")
	assert.Contains(t, out.String(), "→ refunded")
	assert.Contains(t, out.String(), "cancellations applied: 1")
}
