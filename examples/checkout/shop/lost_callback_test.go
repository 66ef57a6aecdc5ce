package shop_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// Seed 003: the buyer paid through PortOne and neither the browser's
// callback (a closed tab, a mobile redirect lost) nor the webhook (off, or
// lost) reached the shop. A reconciler pass looks the pending order's
// payment up and completes it. Its lookups are bounded: an order older
// than Config.PendingLookback is not looked up, and an order looked up
// once is not looked up again before a quarter of its age has passed.
func TestReconcilerCompletesAPaidPendingPortOneOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		lookups := func() int { return f.sb.PortOne.Stats().Requests[portonetest.OpPaymentGet] }
		paid := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: paid.PaymentID, Total: price})
		abandoned := f.newOrder(t, shop.FlowPortOne) // the window was opened and left
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: abandoned.PaymentID, Total: price, Status: portone.PaymentStatusReady})
		before := lookups()
		f.reconcile(t, 0)
		if got := f.order(t, paid.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
			t.Errorf("PortOne says PAID; after a reconciler pass the order is %s (paid %d times), want paid once", got.Status, got.PaidCount)
		}
		if got := f.order(t, abandoned.ID); got.Status != shop.StatusPending {
			t.Errorf("abandoned order %s, want pending", got.Status)
		}
		if n := lookups() - before; n != 2 {
			t.Errorf("%d payment lookups in the first pass, want 2 (the paid and the abandoned order)", n)
		}

		// The abandoned order is an hour old now: its next lookup waits a
		// quarter of that. An order older than the lookback, paid, is not
		// looked up at all.
		f.exec(t, `UPDATE orders SET created_at = created_at - 3600000 WHERE id = ?`, abandoned.ID)
		old := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: old.PaymentID, Total: price})
		f.exec(t, `UPDATE orders SET created_at = created_at - ? WHERE id = ?`, (shop.DefaultPendingLookback + time.Hour).Milliseconds(), old.ID)
		before = lookups()
		f.reconcile(t, 0)
		if n := lookups() - before; n != 0 {
			t.Errorf("%d payment lookups in the next pass, want 0", n)
		}
		if got := f.order(t, old.ID); got.Status != shop.StatusPending {
			t.Errorf("an order older than the lookback was completed (%s): it should not even be looked up", got.Status)
		}
	})
}

// Seed 001 ("웹훅으로 주문 상태 동기화"): the buyer pays the checkout and
// never reaches redirect_url (closes the tab, the app's WebView dies), so
// /api/orders/verify is never called. Commerce's ORDER_PAID webhook,
// looked up and agreeing with Commerce, names the shop's order in its
// metadata: the order is verified and paid, once.
func TestCommercePaidWebhookCompletesTheOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
		ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
		co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
		if err != nil {
			t.Fatal(err)
		}
		event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
			OrderName: co.OrderName, Price: 9900, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
		if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
			t.Errorf("ORDER_PAID: %d, want 200", code)
		}
		got := f.order(t, plan.OrderID)
		if got.Status != shop.StatusPaid || got.PaidCount != 1 || got.CommerceOrderNumber != ref.OrderNumber {
			t.Errorf("shop order %s (paid %d times, order number %q), want paid once with %s", got.Status, got.PaidCount, got.CommerceOrderNumber, ref.OrderNumber)
		}
		// The redirect arriving late finds it paid.
		if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK || body.Status != shop.StatusPaid {
			t.Errorf("late redirect: %d %s", code, body.Status)
		}
		if got := f.order(t, plan.OrderID); got.PaidCount != 1 {
			t.Errorf("paid %d times, want 1", got.PaidCount)
		}
	})
}

// PortOne's Transaction.Paid can arrive before its payment lookup shows
// PAID (here: a virtual account's deposit, the lookup still saying
// VIRTUAL_ACCOUNT_ISSUED). The webhook is then not acknowledged — its
// process-once key is not marked done — so PortOne's redelivery, once the
// lookup has caught up, completes the order.
func TestPortOnePaidWebhookBeforeTheLookupIsRedelivered(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued})
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-paid"); code == http.StatusOK {
		t.Errorf("Transaction.Paid whose lookup is not PAID yet: %d, want it delivered again (not 200)", code)
	}
	if _, err := f.sb.PortOne.Deposit(o.PaymentID); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-paid"); code != http.StatusOK {
		t.Errorf("redelivery: %d, want 200", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Errorf("order %s (paid %d times) after the redelivery, want paid once", got.Status, got.PaidCount)
	}
}
