package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// The mobile payment window's redirect comes back in another browser than
// the one that ordered (a card company's app opens the default browser),
// with no session of the buyer's: the result page completes the payment
// all the same, and shows the outcome the server answers a stranger
// (status and reason) — never the account to deposit into — saying where
// to see the rest.
func TestBrowserPortOneRedirectInAnotherBrowser(t *testing.T) {
	tab := browser(t)
	s := newSite(t)
	// The buyer orders in one browser (this client)...
	resp, err := http.Post(s.URL+"/api/orders", "application/json", strings.NewReader(`{"product_id":"shoe-270","quantity":1,"flow":"portone"}`))
	if err != nil {
		t.Fatal(err)
	}
	var created shop.OrderView
	err = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating the order: %d %v", resp.StatusCode, err)
	}
	s.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: created.PaymentID, Total: created.Amount, Status: portone.PaymentStatusVirtualAccountIssued})
	// ...and the payment window redirects to Chromium, another browser.
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(s.URL+"/orders/"+created.OrderID+"/result?payment_id="+created.PaymentID))
	text, _, shot := resultOf(t, ctx, shop.StatusAwaitingDeposit)
	save(t, "portone-redirect-another-browser", shot)
	o, err := s.srv.Order(t.Context(), created.OrderID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != shop.StatusAwaitingDeposit || o.VANumber == "" {
		t.Fatalf("order %s, account %q: want the redirect to have completed it awaiting the deposit", o.Status, o.VANumber)
	}
	page := get(t, ctx, chromedp.Text(chromedp.CSS("main")))
	if text != "입금 대기" || strings.Contains(page, o.VANumber) || !strings.Contains(page, "주문한 브라우저") {
		t.Errorf("the page shows %q and %q: want 입금 대기, where to see the order, and no account number", text, page)
	}
}
