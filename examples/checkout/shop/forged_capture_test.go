package shop_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// A stranger who knows a buyer's order id pays a forged amount naming it
// (Bootpay's order_id is the browser's to set) and lets Bootpay's
// PAYMENT_COMPLETED webhook deliver it — no session is involved. The
// stranger's capture is refunded as a stray, and the buyer's pending order
// stays payable: the buyer's genuine payment then pays it and is kept.
func TestForgedCaptureByAStrangerDoesNotKillTheBuyersOrder(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)                                    // the buyer's order
	forged := f.receipt(o, 100, bootpay.StatusPaid)                               // the stranger's 100-won capture naming it
	if code := f.bootpayWebhook(t, 0, forged, o.ID, 100); code != http.StatusOK { // Bootpay's webhook for it
		t.Fatalf("webhook: %d", code)
	}
	if rc, _ := f.sb.Bootpay.Receipt(forged); rc.Status != bootpay.StatusCancelled {
		t.Errorf("forged receipt %s, want refunded", rc.Status)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusPending {
		t.Errorf("the buyer's order is %s (%q, receipt %q) after a stranger's forged capture; want pending, still payable", got.Status, got.Reason, got.ReceiptID)
	}
	f.wantAttempts(t, o.ID, "STRAY", 1)
	f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)

	// The buyer pays the real amount.
	genuine := f.receipt(o, price, bootpay.StatusPaid)
	code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: genuine, OrderID: o.ID})
	if code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Errorf("the buyer's genuine payment: %d %s (%q), want 200 paid", code, body.Status, body.Reason)
	}
	if rc, _ := f.sb.Bootpay.Receipt(genuine); rc.Status != bootpay.StatusPaid {
		t.Errorf("the buyer's genuine receipt is %s, want kept (paid)", rc.Status)
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, genuine, 1, 9)
	if n := f.sb.Bootpay.Stats().CancelsApplied; n != 1 {
		t.Errorf("%d cancels applied, want the forged capture's one", n)
	}
}

// The same through Commerce: a stranger's checkout of another price whose
// metadata names a buyer's plan order, reported by Commerce's ORDER_PAID
// webhook (no session). It is cancelled at Commerce as a stray; the plan
// order stays pending, and the buyer's genuine checkout then pays it.
func TestForgedCommerceCheckoutByAStrangerDoesNotKillTheBuyersOrder(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	forged := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": plan.OrderID}})
	ctx := context.Background()
	co, err := f.sb.Config.Commerce.Orders.Get(ctx, forged.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: forged.OrderID, OrderNumber: forged.OrderNumber,
		OrderName: co.OrderName, Price: 100, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
	if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
		t.Fatalf("ORDER_PAID: %d, want 200 (a verdict)", code)
	}
	if co, err := f.sb.Config.Commerce.Orders.Get(ctx, forged.OrderNumber); err != nil || co.Status != commerce.OrderCancelled {
		t.Errorf("the forged checkout reads %v (%v), want cancelled", co.Status, err)
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPending || got.CommerceOrderNumber != "" {
		t.Errorf("the buyer's plan order is %s (%q, order number %q) after a stranger's forged checkout; want pending, still payable",
			got.Status, got.Reason, got.CommerceOrderNumber)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)

	genuine := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}})
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: genuine.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Errorf("the buyer's genuine checkout: %d %s (%q), want 200 paid", code, body.Status, body.Reason)
	}
	if co, err := f.sb.Config.Commerce.Orders.Get(ctx, genuine.OrderNumber); err != nil || !co.Status.Paid() {
		t.Errorf("the buyer's genuine checkout reads %v (%v), want kept (paid)", co.Status, err)
	}
	if n := f.sb.Commerce.Stats().CancellationsApplied; n != 1 {
		t.Errorf("%d cancellations applied, want the forged checkout's one", n)
	}
}
