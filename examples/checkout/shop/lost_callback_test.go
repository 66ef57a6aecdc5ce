package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// The client-confirm exception. confirm-check passed (the receipt id is
// recorded), the browser called Bootpay.confirm() and the money was
// captured; then the tab died before /api/payment/complete and Bootpay's
// webhook never arrived. The reconciler must find the payment (as it does
// for PortOne): paid, or at least an operator told — never paid, never
// fulfilled, nobody told.
func TestClientConfirmPaidWithoutCallbackOrWebhookIsFound(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.receipt(o, price)
	if code, body := f.post(t, 0, "/api/payment/confirm-check", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}); code != http.StatusOK || !body.CanConfirm {
		t.Fatalf("confirm-check: %d %+v", code, body)
	}
	if _, err := f.sb.Config.Bootpay.Receipts.Confirm(context.Background(), rid); err != nil { // Bootpay.confirm() in the browser
		t.Fatal(err)
	}
	for range 3 {
		if _, err := srv.ReconcileOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	got := f.order(t, o.ID)
	if got.Status != shop.StatusPaid && logs.errorsNaming(o.ID) == 0 {
		t.Errorf("Bootpay captured %d won for order %s; after 3 reconciler passes the order is %s and no error names it: want it paid (or an operator told)",
			price, o.ID, got.Status)
	}
}

// The buyer paid the plan's checkout, never reached redirect_url, and
// ORDER_PAID was lost (Commerce documents no redelivery guarantee). The
// reconciler must find the Commerce order naming the pending plan order:
// paid, or at least an operator told.
func TestCommerceCheckoutPaidWithoutRedirectOrWebhookIsFound(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	for range 3 {
		if _, err := srv.ReconcileOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid && logs.errorsNaming(plan.OrderID) == 0 {
		t.Errorf("Commerce holds 9900 won for plan order %s; after 3 reconciler passes it is %s and no error names it: want it paid (or an operator told)",
			plan.OrderID, got.Status)
	}
}

// wantKeyDone checks whether webhook_keys holds key done: the reconciler
// processes what it finds under the key of the webhook it stands in for.
func (f *fixture) wantKeyDone(t *testing.T, key string, done bool) {
	t.Helper()
	if n := queryOne[int](t, f, `SELECT COUNT(*) FROM webhook_keys WHERE key = ? AND done = TRUE`, key); (n == 1) != done {
		t.Errorf("webhook key %s done: %v, want %v", key, n == 1, done)
	}
}

// A client-confirm payment the reconciler finds is processed under the
// key of Bootpay's PAYMENT_COMPLETED webhook: paid once, the stock taken,
// and the webhook arriving after all finds its key done and changes
// nothing.
func TestClientConfirmFoundSharesTheWebhooksKey(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.receipt(o, price)
	if code, body := f.post(t, 0, "/api/payment/confirm-check", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}); code != http.StatusOK || !body.CanConfirm {
		t.Fatalf("confirm-check: %d %+v", code, body)
	}
	if _, err := f.sb.Config.Bootpay.Receipts.Confirm(context.Background(), rid); err != nil { // Bootpay.confirm() in the browser
		t.Fatal(err)
	}
	f.reconcile(t, 0)
	f.wantOrder(t, o.ID, shop.StatusPaid, rid, 1, 9)
	f.wantKeyDone(t, webhook.BootpayPaidKey(rid), true)
	if code := f.bootpayWebhook(t, 0, rid, o.ID, price); code != http.StatusOK {
		t.Errorf("the late webhook: %d, want 200", code)
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, rid, 1, 9)
	f.wantAttempts(t, o.ID, "PAID", 1)
	f.wantBootpay(t, 1, 1, 0) // the browser's one confirm; the reconciler never confirms
}

// A receipt that passed confirm-check but was never captured (the buyer
// closed the window before Bootpay.confirm(): still awaiting confirm) is
// looked up and left alone: the order stays pending, nothing is confirmed,
// and PAYMENT_COMPLETED's key stays free — the buyer's confirm and its
// webhook later still pay the order.
func TestClientConfirmNotCapturedLeavesTheWebhookItsKey(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.receipt(o, price)
	if code, body := f.post(t, 0, "/api/payment/confirm-check", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}); code != http.StatusOK || !body.CanConfirm {
		t.Fatalf("confirm-check: %d %+v", code, body)
	}
	lookups := f.sb.Bootpay.Stats().Requests[bootpaytest.OpReceiptGet]
	f.reconcile(t, 0)
	if n := f.sb.Bootpay.Stats().Requests[bootpaytest.OpReceiptGet] - lookups; n != 1 {
		t.Errorf("the reconciler looked the confirm-checked receipt up %d times, want 1", n)
	}
	f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
	f.wantKeyDone(t, webhook.BootpayPaidKey(rid), false)
	f.wantBootpay(t, 0, 0, 0)

	if _, err := f.sb.Config.Bootpay.Receipts.Confirm(context.Background(), rid); err != nil {
		t.Fatal(err)
	}
	if code := f.bootpayWebhook(t, 0, rid, o.ID, price); code != http.StatusOK {
		t.Errorf("webhook: %d, want 200", code)
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, rid, 1, 9)
}

// A Commerce checkout the reconciler finds is processed under the key of
// ORDER_PAID: verified and paid once with its order number, and the
// webhook arriving after all finds its key done. Before any plan order is
// pending, a pass lists no Commerce orders at all.
func TestCommerceCheckoutFoundSharesTheWebhooksKey(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	f.reconcile(t, 0)
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpOrderList]; n != 0 {
		t.Errorf("a pass with no pending plan order listed Commerce's orders %d times, want 0", n)
	}
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	f.reconcile(t, 0)
	got := f.order(t, plan.OrderID)
	if got.Status != shop.StatusPaid || got.PaidCount != 1 || got.CommerceOrderNumber != ref.OrderNumber {
		t.Errorf("shop order %s (paid %d times, order number %q), want paid once with %s", got.Status, got.PaidCount, got.CommerceOrderNumber, ref.OrderNumber)
	}
	f.wantKeyDone(t, webhook.CommercePaidKey(ref.OrderNumber), true)
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
		OrderName: co.OrderName, Price: 9900, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
	if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
		t.Errorf("the late ORDER_PAID: %d, want 200", code)
	}
	if got := f.order(t, plan.OrderID); got.PaidCount != 1 {
		t.Errorf("paid %d times, want 1", got.PaidCount)
	}
	f.wantAttempts(t, plan.OrderID, "PAID", 1)
}

// One pass reads a bounded number of paid Commerce orders. When more were
// paid since the pending plan order was made than a pass reads, the
// orders it could not look for are named at error level: an operator is
// told rather than a payment silently missed.
func TestCommerceCheckoutBeyondOnePassIsReported(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	start := time.Now()
	f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: start})
	for i := range 5*commerce.MaxLimit + 1 { // newer paid orders of other buyers, listed first
		f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": "elsewhere"},
			CreatedAt: start.Add(time.Duration(i+1) * time.Second)})
	}
	if _, err := srv.ReconcileOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid && logs.errorsNaming(plan.OrderID) == 0 {
		t.Errorf("plan order %s is %s and no error names it after a pass that could not read every paid Commerce order", plan.OrderID, got.Status)
	}
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpOrderList]; n > 6 {
		t.Errorf("one pass read %d pages of Commerce orders, want at most 6", n)
	}
}
