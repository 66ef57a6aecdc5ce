package shop_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

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

// POST /api/confirm with a receipt that is not awaiting confirm — status 0
// (결제대기: the window is open) or 5 (a virtual account issued) — naming
// the order with its amount is refused by ConfirmVerified before any
// confirm is sent (MismatchError.AfterConfirm false: nothing captured).
// The order goes back to pending with its pair given back, answered 400
// not confirmed, so the buyer's real receipt can still be confirmed; kept
// confirming, the pair would stay held and the real receipt be refused
// ("not pending").
func TestConfirmRefusedBeforeConfirmingReleasesTheHold(t *testing.T) {
	for _, status := range []bootpay.Status{bootpay.StatusReady, bootpay.StatusVirtualAccountIssued} {
		t.Run(status.String(), func(t *testing.T) {
			f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
			o := f.newOrder(t, shop.FlowBootpay)
			early := f.receipt(o, price, status)
			if code, body := f.confirm(t, 0, early, o.ID); code != http.StatusBadRequest || body.Message != shop.ErrNotConfirmed.Error() {
				t.Errorf("a receipt not awaiting confirm: %d %s %q, want 400 not confirmed", code, body.Status, body.Message)
			}
			f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
			if got := f.order(t, o.ID); got.Held || got.Reason != shop.ReasonNotConfirmed {
				t.Errorf("held %v, reason %q; want nothing held, not_confirmed", got.Held, got.Reason)
			}
			real := f.receipt(o, price)
			if code, body := f.confirm(t, 0, real, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
				t.Errorf("the buyer's own receipt, awaiting confirm: %d %s %q, want 200 paid", code, body.Status, body.Message)
			}
			f.wantBootpay(t, 1, 1, 0)
		})
	}
}
