package shop_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// GET /api/orders/{id} answers the order's buyer only: another browser
// gets 404, as for an unknown order, and never sees the virtual account.
// Polls of a confirming order look its receipt up at Bootpay at most once
// per PollLookupEvery, on any instance.
func TestOrderReadIsTheBuyers(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{instances: 2, tweak: func(c *shop.Config) { c.PollLookupEvery = time.Minute }})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued})
	f.complete(t, 0, o.PaymentID, o.ID)
	if code, body := f.get(t, 0, "/api/orders/"+o.ID); code != http.StatusOK || body.VirtualAccount == nil {
		t.Fatalf("the buyer: %d %+v", code, body)
	}
	resp, err := http.Get(f.inst[0].api.URL + "/api/orders/" + o.ID) // another browser
	if err != nil {
		t.Fatal(err)
	}
	if code, body := decode(t, resp); code != http.StatusNotFound || body.VirtualAccount != nil {
		t.Errorf("a stranger: %d %+v, want 404", code, body)
	}

	c := f.newOrder(t, shop.FlowBootpay)
	f.confirming(t, c, f.receipt(c, price))
	before := f.sb.Bootpay.Stats().Requests[bootpaytest.OpReceiptGet]
	for i := range 4 {
		if code, _ := f.get(t, i%2, "/api/orders/"+c.ID); code != http.StatusAccepted {
			t.Errorf("poll %d: %d, want 202", i, code)
		}
	}
	if n := f.sb.Bootpay.Stats().Requests[bootpaytest.OpReceiptGet] - before; n != 1 {
		t.Errorf("%d lookups for 4 polls on two instances, want 1", n)
	}
}

// An error answer never carries a gateway's detail: a Commerce order that
// names another shop order is refused without that order's id.
func TestErrorsNameNoOtherOrder(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, mine := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	stranger := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": "order-SOMEONEELSE0001"}})
	b, _ := json.Marshal(shop.VerifyRequest{OrderNumber: stranger.OrderNumber, OrderID: mine.OrderID})
	resp, err := f.browser.Post(f.inst[0].api.URL+"/api/orders/verify", "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	code, body := decode(t, resp)
	if code != http.StatusBadRequest || strings.Contains(body.Message, "SOMEONEELSE") || body.Message != shop.ErrMismatch.Error() {
		t.Errorf("%d %q, want 400 with the shop's own message", code, body.Message)
	}
}
