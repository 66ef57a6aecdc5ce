package shop_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
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

// The payment endpoints act on the session buyer's orders only: a stranger
// (another browser, no session of the buyer's) holding an order id gets
// 404, as for an unknown order, and nothing is held, confirmed, checked or
// verified — no confirm, no lookup reaches the gateway.
func TestPaymentEndpointsAreTheBuyers(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	server := f.newOrder(t, shop.FlowBootpay)
	client := f.newOrder(t, shop.FlowBootpayClient)
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	ready := f.receipt(server, price)
	paid := f.receipt(client, price, bootpay.StatusPaid)
	lookupsBefore := f.sb.Bootpay.Stats().Requests[bootpaytest.OpReceiptGet]
	for _, tc := range []struct{ path, body string }{
		{"/api/confirm", `{"receipt_id":"` + ready + `","order_id":"` + server.ID + `"}`},
		{"/api/payment/confirm-check", `{"receipt_id":"` + paid + `","order_id":"` + client.ID + `"}`},
		{"/api/payment/complete", `{"receipt_id":"` + paid + `","order_id":"` + client.ID + `"}`},
		{"/api/orders/verify", `{"order_number":"` + ref.OrderNumber + `","order_id":"` + plan.OrderID + `"}`},
	} {
		resp, err := http.Post(f.inst[0].api.URL+tc.path, "application/json", strings.NewReader(tc.body)) // no session cookie
		if err != nil {
			t.Fatal(err)
		}
		if code, body := decode(t, resp); code != http.StatusNotFound || body.Message != shop.ErrUnknownOrder.Error() {
			t.Errorf("a stranger's %s: %d %q, want 404 (no such order)", tc.path, code, body.Message)
		}
	}
	f.wantOrder(t, server.ID, shop.StatusPending, "", 0, 10)
	f.wantOrder(t, client.ID, shop.StatusPending, "", 0, 10)
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPending {
		t.Errorf("plan order %s, want pending", got.Status)
	}
	f.wantBootpay(t, 0, 0, 0)
	if n := f.sb.Bootpay.Stats().Requests[bootpaytest.OpReceiptGet] - lookupsBefore; n != 0 {
		t.Errorf("%d receipt lookups for a stranger's requests, want 0", n)
	}
	// The buyer still can.
	if code, body := f.confirm(t, 0, ready, server.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Errorf("the buyer's confirm: %d %s, want 200 paid", code, body.Status)
	}
}
