package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// Seed 003: on mobile PortOne's payment window does not resolve
// requestPayment; it redirects to redirectUrl — the result page — with
// ?payment_id=…. The page completes the payment on the server
// (/payment/complete looks it up) and shows the order paid; with a failure
// (?code=…&message=…) it shows PortOne's message and the order unpaid.
func TestBrowserPortOneMobileRedirect(t *testing.T) {
	tab := browser(t)
	s := newSite(t)
	for _, tc := range []struct {
		name, query, want string
	}{
		{"paid", "", shop.StatusPaid},
		{"failed", "&code=FAILURE_TYPE_PG&message=" + "카드%20한도%20초과", shop.StatusPending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := tab(t)
			// The buyer's browser makes the order, as the PortOne page does.
			do(t, ctx, chromedp.Navigate(s.URL+"/portone"))
			id := get(t, ctx, chromedp.Evaluate[string](`api('POST', '/api/orders', {product_id: 'shoe-270', quantity: 1, flow: 'portone'}).then((o) => o.order_id)`,
				chromedp.EvalAwaitPromise))
			o, err := s.srv.Order(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == shop.StatusPaid {
				s.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: o.Amount}) // paid in the mobile window
			}
			do(t, ctx, chromedp.Navigate(s.URL+"/orders/"+id+"/result?payment_id="+o.PaymentID+tc.query))
			text, _, shot := resultOf(t, ctx, tc.want)
			save(t, "portone-redirect-"+tc.name, shot)
			if tc.want == shop.StatusPaid {
				if text != "결제 완료" {
					t.Errorf("page shows %q, want 결제 완료", text)
				}
				s.wantPaid(t, id)
				return
			}
			if msg := get(t, ctx, chromedp.Text(chromedp.CSS("#message"))); msg != "카드 한도 초과" {
				t.Errorf("message %q, want PortOne's", msg)
			}
		})
	}
}
