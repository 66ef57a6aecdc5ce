package main

import (
	"bytes"
	"context"
	"errors"
	"sync"
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

// started starts the checkout of shop order id for the plan, with coupon
// ("" for none): the invoice's id.
func started(t *testing.T, shop *Shop, id, coupon string) string {
	t.Helper()
	invoiceID, err := shop.StartCheckout(context.Background(), id, plan, coupon)
	require.NoError(t, err)
	return invoiceID
}

// checkedOut starts the checkout of shop order id (no coupon) and has the
// buyer complete it at Commerce as spec says: the Commerce order it made.
func checkedOut(t *testing.T, srv *commercetest.Server, shop *Shop, id string, spec commercetest.CheckoutSpec) commercetest.OrderRef {
	t.Helper()
	return srv.CompleteCheckout(started(t, shop, id, ""), spec)
}

// paidTwice starts the checkout of shop order id and has the buyer pay it
// twice at Commerce (two tabs, or the invoice's checkout opened again):
// two Commerce orders, each naming id and carrying the plan's price.
func paidTwice(t *testing.T, srv *commercetest.Server, shop *Shop, id string) (first, second commercetest.OrderRef) {
	t.Helper()
	started(t, shop, id, "")
	meta := map[string]any{"order_id": id}
	return srv.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: meta}),
		srv.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: meta})
}

// An honest checkout is verified and paid; the invoice carried the
// server's discounted price, and retrying the start creates no second
// invoice.
func TestHonestCheckoutIsPaid(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	invoiceID := started(t, shop, "shop-1", "WELCOME10")
	again := started(t, shop, "shop-1", "WELCOME10")
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
	ref := checkedOut(t, srv, shop, "shop-2", commercetest.CheckoutSpec{Paid: 100})
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
	started(t, shop, "shop-3", "")
	other := started(t, shop, "shop-4", "")
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

// The buyer pays the same order twice (two tabs, or the invoice's
// checkout opened again): each Commerce order names the shop order and
// carries its price, so each passes Verify. The order keeps the first; the
// second is refunded as a stray, once, however often its browser returns.
func TestSecondGenuineCheckoutIsRefundedAsStray(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	first, second := paidTwice(t, srv, shop, "shop-twice")
	state, err := shop.CompleteCheckout(ctx, "shop-twice", first.OrderNumber)
	require.NoError(t, err)
	require.Equal(t, Paid, state)

	state, err = shop.CompleteCheckout(ctx, "shop-twice", second.OrderNumber)
	assert.ErrorIs(t, err, ErrStrayCheckout)
	assert.Equal(t, Paid, state)
	// Its browser comes back: the stray is cancelled now, so it no longer
	// verifies, and nothing more is sent.
	state, err = shop.CompleteCheckout(ctx, "shop-twice", second.OrderNumber)
	assert.ErrorIs(t, err, ErrMismatch)
	assert.Equal(t, Paid, state)

	o1, _ := srv.Order(first.OrderNumber)
	o2, _ := srv.Order(second.OrderNumber)
	assert.True(t, o1.Status.Paid(), "the first payment is kept: %v", o1.Status)
	assert.Equal(t, commerce.OrderCancelled, o2.Status, "the second payment is refunded")
	assert.Equal(t, 1, srv.Stats().CancellationsRequested, "the stray's cancellation was requested once")
	assert.Equal(t, Paid, shop.State("shop-twice"))
	assert.Equal(t, first.OrderNumber, shop.orders["shop-twice"].orderNumber, "the order keeps the payment it was paid with")

	state, err = shop.CompleteCheckout(ctx, "shop-twice", first.OrderNumber)
	assert.NoError(t, err, "the first checkout's return still reads paid")
	assert.Equal(t, Paid, state)
}

// Two genuine checkouts of one order complete at once: exactly one
// settles it, and the other is refunded as a stray.
func TestConcurrentGenuineCheckoutsSettleOnce(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	first, second := paidTwice(t, srv, shop, "shop-race")
	refs := []commercetest.OrderRef{first, second}
	errs := make([]error, len(refs))
	var wg sync.WaitGroup
	for i, ref := range refs {
		wg.Go(func() { _, errs[i] = shop.CompleteCheckout(ctx, "shop-race", ref.OrderNumber) })
	}
	wg.Wait()

	strays := 0
	for _, err := range errs {
		if errors.Is(err, ErrStrayCheckout) {
			strays++
		} else {
			assert.NoError(t, err)
		}
	}
	assert.Equal(t, 1, strays, "one checkout is the stray")
	assert.Equal(t, 1, srv.Stats().CancellationsApplied, "one payment refunded, one kept")
	assert.Equal(t, Paid, shop.State("shop-race"))
}

// After an honest checkout paid the order, the buyer brings back a second
// checkout for the same order at another price. Its Commerce order is
// cancelled (the buyer's own money, rightly), and the shop order stays
// paid: Commerce still holds its first payment.
func TestTamperedSecondCheckoutDoesNotUnpayThePaidOrder(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	honest := checkedOut(t, srv, shop, "shop-flip", commercetest.CheckoutSpec{})
	state, err := shop.CompleteCheckout(ctx, "shop-flip", honest.OrderNumber)
	require.NoError(t, err)
	require.Equal(t, Paid, state)

	forged := srv.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": "shop-flip"}})
	state, err = shop.CompleteCheckout(ctx, "shop-flip", forged.OrderNumber)
	assert.ErrorIs(t, err, ErrMismatch)
	assert.Equal(t, Paid, state)

	o, _ := srv.Order(honest.OrderNumber)
	require.True(t, o.Status.Paid(), "the honest Commerce order is still paid: %v", o.Status)
	f, _ := srv.Order(forged.OrderNumber)
	assert.Equal(t, commerce.OrderCancelled, f.Status, "the forged checkout is refunded")
	assert.Equal(t, Paid, shop.State("shop-flip"), "a paid order whose money Commerce still holds")
	assert.Equal(t, honest.OrderNumber, shop.orders["shop-flip"].orderNumber)
}

// A refunded order is closed: a genuine checkout after its tampered one
// was cancelled does not reopen it as paid, and is refunded as a stray.
func TestCheckoutAfterTheOrderWasRefundedIsRefundedAsStray(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	tampered := checkedOut(t, srv, shop, "shop-closed", commercetest.CheckoutSpec{Paid: 100})
	state, err := shop.CompleteCheckout(ctx, "shop-closed", tampered.OrderNumber)
	require.ErrorIs(t, err, ErrMismatch)
	require.Equal(t, Refunded, state)

	honest := srv.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": "shop-closed"}})
	state, err = shop.CompleteCheckout(ctx, "shop-closed", honest.OrderNumber)
	assert.ErrorIs(t, err, ErrStrayCheckout)
	assert.Equal(t, Refunded, state)
	o, _ := srv.Order(honest.OrderNumber)
	assert.Equal(t, commerce.OrderCancelled, o.Status, "the payment for a closed order is refunded")
	assert.Equal(t, 2, srv.Stats().CancellationsApplied)
}

// A forged checkout naming the order at another price that was never paid
// has nothing to refund: it does not close the order, and the buyer's
// honest checkout then pays it.
func TestUnpaidForgedCheckoutLeavesTheOrderPending(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	invoiceID := started(t, shop, "shop-unpaid", "")
	forged := srv.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": "shop-unpaid"},
		Status: commercetest.Ptr(commerce.OrderReady), ReceiptStatus: commercetest.Ptr(commerce.ReceiptReady)})
	state, err := shop.CompleteCheckout(ctx, "shop-unpaid", forged.OrderNumber)
	assert.ErrorIs(t, err, ErrMismatch)
	assert.Equal(t, Pending, state)

	honest := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{})
	state, err = shop.CompleteCheckout(ctx, "shop-unpaid", honest.OrderNumber)
	assert.NoError(t, err)
	assert.Equal(t, Paid, state)
	assert.Zero(t, srv.Stats().CancellationsRequested)
}
