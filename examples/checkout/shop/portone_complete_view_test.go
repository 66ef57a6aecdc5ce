package shop_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// GET /api/orders/{id} shows an order to its buyer only ("the answer shows
// a virtual account's number"), but POST /payment/complete — open to any
// browser, for the mobile redirect — answers the same whole OrderView to
// anyone holding the order id and its paymentId, which the result page's
// URL carries (?payment_id=…, PortOne's redirectUrl: browser history,
// proxies' logs, a link shared). A browser that is not the buyer's may
// complete the payment, but should be answered the outcome only, never
// the account to deposit into, the amounts or the references.
func TestPortOneCompleteShowsAStrangerNoAccount(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued})
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.VirtualAccount == nil {
		t.Fatalf("the buyer's completion: %d %+v", code, body)
	}
	req, err := http.NewRequest(http.MethodPost, f.inst[0].api.URL+"/payment/complete",
		strings.NewReader(`{"paymentId":"`+o.PaymentID+`","orderId":"`+o.ID+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req) // another browser: no session of the buyer's
	if err != nil {
		t.Fatal(err)
	}
	code, body := decode(t, resp)
	if body.VirtualAccount != nil {
		t.Errorf("a stranger's POST /payment/complete: %d with the order's virtual account (bank %s), want no account shown", code, body.VirtualAccount.Bank)
	}
}
