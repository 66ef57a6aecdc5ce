package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A stranger who knows a buyer's plan order id pays a 100-won checkout
// naming it and sends the buyer a link to /commerce/result with that
// order_number. The checkout's redirect page posts whatever order_number
// its URL carries, so the buyer's browser, with the buyer's session, asks
// /api/orders/verify about the stranger's checkout. The session proves
// whose order it is, not whose payment: the stranger's payment is refunded
// as a stray and the buyer's order is left pending, still payable — as
// when the same checkout arrives by ORDER_PAID — and the page shows the
// refusal.
func TestBrowserStrangersLinkDoesNotEndTheBuyersOrder(t *testing.T) {
	tab := browser(t)
	s := newSite(t)
	ctx := tab(t)
	// The buyer opens a plan's checkout and leaves it unpaid: a pending
	// plan order whose buyer is this browser's session.
	do(t, ctx, chromedp.Navigate(s.URL+"/plans"), click("#plan-basic"), click("#paykit-sandbox-cancel"))
	_, loc, _ := resultOf(t, ctx, shop.StatusPending)
	id := orderID(t, ctx, loc)

	// The stranger's checkout naming it, and the link the buyer clicks.
	forged := s.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": id}})
	link := s.URL + "/commerce/result?" + url.Values{"event": {"done"}, "order_number": {forged.OrderNumber}, "order_id": {id}}.Encode()
	do(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#order-status")))

	o, err := s.srv.Order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != shop.StatusPending || o.CommerceOrderNumber != "" {
		t.Errorf("after a link to a stranger's 100-won checkout the buyer's plan order is %s (%q, order number %q): want pending, still payable",
			o.Status, o.Reason, o.CommerceOrderNumber)
	}
	if co, err := s.sb.Config.Commerce.Orders.Get(context.Background(), forged.OrderNumber); err != nil || co.Status != commerce.OrderCancelled {
		t.Errorf("the stranger's checkout reads %v (%v), want refunded as a stray (cancelled)", co.Status, err)
	}
	if msg := get(t, ctx, chromedp.Text(chromedp.CSS("#message"))); !strings.Contains(msg, "위변조") {
		t.Errorf("the page shows %q, want the mismatch (위변조)", msg)
	}
}
