package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// The shop's row kept the amount of the first StartCheckout, but a later
// StartCheckout for the same order (the first one refused before anything
// was created, the buyer then applying the coupon) created the invoice at
// the new price. The buyer pays exactly that invoice, and CompleteCheckout
// compared it with the row's stale amount: an honest checkout was
// cancelled as 금액 위변조 and the order closed Refunded. (Had the stale
// amount been the lower one, the row would hold a price the invoice never
// asked.) Now the row is repriced while nothing was sent for it.
func TestCheckoutAfterARepricedStartIsPaid(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	srv.Inject(commercetest.OpInvoiceCreate, commercetest.Faults.Status(400, `{"success":false,"code":"INVALID_PARAMS","message":"refused"}`), 1)
	_, err := shop.StartCheckout(ctx, "shop-reprice", plan, "")
	require.Error(t, err, "the first start is refused before anything is created")
	require.Zero(t, srv.Stats().InvoicesCreated)

	invoiceID, err := shop.StartCheckout(ctx, "shop-reprice", plan, "WELCOME10")
	require.NoError(t, err)
	ref := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{}) // the buyer pays the invoice as issued
	state, err := shop.CompleteCheckout(ctx, "shop-reprice", ref.OrderNumber)
	assert.NoError(t, err)
	assert.Equal(t, Paid, state, "the buyer paid the invoice the shop issued")
	assert.Zero(t, srv.Stats().CancellationsApplied, "an honest payment was refunded")
}

// gate holds the first invoice creation at the transport until release
// is closed, after telling entered: the creation is in flight, its outcome
// not known yet.
type gate struct {
	next             http.RoundTripper
	entered, release chan struct{}
	held             bool
}

func (g *gate) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/invoices") && !g.held {
		g.held = true // only the first creation's goroutine gets here before entered is closed
		close(g.entered)
		<-g.release
	}
	return g.next.RoundTrip(r)
}

// A start repriced while another start's creation is in flight does not
// reprice the row: an invoice at the old price may yet exist. Both
// invoices are created at the row's price, the only price verified, so the
// buyer paying either one (here the second start's) is paid. (Repricing
// the row anyway would leave the first invoice at a price the row no
// longer holds.)
// Before the fix the second invoice carried the promotion's price while
// the row kept the first, and the honest payment was refunded as 금액
// 위변조.
func TestStartRepricedWhileACreationIsInFlightKeepsTheRowsPrice(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	hc := srv.Client()
	g := &gate{next: hc.Transport, entered: make(chan struct{}), release: make(chan struct{})}
	hc.Transport = g
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(hc))
	require.NoError(t, err)
	shop := NewShop(c)
	ctx := context.Background()

	first := make(chan error, 1)
	var firstID string
	go func() {
		var err error
		firstID, err = shop.StartCheckout(ctx, "shop-inflight", plan, "")
		first <- err
	}()
	select {
	case <-g.entered:
	case err := <-first:
		t.Fatalf("the first start never sent its creation: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the first start never sent its creation")
	}
	invoiceID, err := shop.StartCheckout(ctx, "shop-inflight", plan, "WELCOME10")
	close(g.release)
	require.NoError(t, err)
	require.NoError(t, <-first)
	for _, id := range []string{firstID, invoiceID} { // whichever the buyer pays, it is at the price verified
		inv, err := c.Invoices.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, plan.Price, inv.Price.Int64(), "invoice %s is not at the row's price", id)
	}

	ref := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{}) // the buyer pays the invoice the second start returned
	state, err := shop.CompleteCheckout(ctx, "shop-inflight", ref.OrderNumber)
	assert.NoError(t, err)
	assert.Equal(t, Paid, state, "the buyer paid the invoice the shop issued")
	assert.Zero(t, srv.Stats().CancellationsApplied, "an honest payment was refunded")
}
