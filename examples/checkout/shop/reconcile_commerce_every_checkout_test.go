package shop_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// reconcilePasses runs n reconciler passes on srv, each with every order's
// lookup due (no rate limit in the way).
func (f *fixture) reconcilePasses(t *testing.T, srv *shop.Server, n int) {
	t.Helper()
	for range n {
		f.exec(t, `UPDATE orders SET looked_up_at = 0`)
		reconcileOn(t, srv)
	}
}

// Two tabs: the buyer paid the plan's checkout twice, and neither redirect
// nor either ORDER_PAID reached the shop. The reconciler hands over every
// listed checkout naming the plan order, each under its own ORDER_PAID
// key: the first pays the order, and the second is refunded as the stray
// it is (refused by adopt, recorded, cancelled once at Commerce) — never
// kept, unfulfilled, with nobody told.
func TestReconcilerRefundsTheSecondOfTwoLostCommerceCheckouts(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	start := time.Now()
	older := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: start})
	newer := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: start.Add(time.Second)})
	f.reconcilePasses(t, srv, 3)

	got := f.order(t, plan.OrderID)
	if got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Fatalf("plan order %s, paid %d times; want paid once", got.Status, got.PaidCount)
	}
	kept, other := older.OrderNumber, newer.OrderNumber
	if got.CommerceOrderNumber == newer.OrderNumber {
		kept, other = newer.OrderNumber, older.OrderNumber
	}
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	if co.Status != commerce.OrderCancelled {
		t.Errorf("the plan order is paid with %s; the buyer's second checkout %s reads %v after 3 passes (%d STRAY records, %d cancellation requests): want it refunded as a stray",
			got.CommerceOrderNumber, other, co.Status, f.attempts(t, plan.OrderID, "STRAY"), f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest])
	}
	if co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), kept); err != nil || !co.Status.Paid() {
		t.Errorf("the checkout the order is paid with reads %v (%v), want still paid", co.Status, err)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
	if st := f.sb.Commerce.Stats(); st.Requests[commercetest.OpCancelRequest] != 1 || st.CancellationsApplied != 1 {
		t.Errorf("%d cancellation requests, %d applied over 3 passes; want 1 and 1 (refunded once)",
			st.Requests[commercetest.OpCancelRequest], st.CancellationsApplied)
	}
}

// A stranger who knows a buyer's plan order id pays a 100-won checkout
// naming it, after the buyer's genuine one; the buyer's redirect and
// ORDER_PAID were lost. The stranger's checkout is refunded as a stray, and
// its cancellation waits for the store's approval (a method Commerce cannot
// refund at once), so it stays listed paid, newest first, on every pass.
// The reconciler still reads on past it: the buyer's genuine checkout is
// found and pays the plan order, and the stranger's is cancelled once, not
// on every pass.
func TestStrangersCheckoutDoesNotHideTheBuyersFromTheReconciler(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	held := &rewriteRequest{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/order/cancel")
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"cancel_immediately":true`), []byte(`"cancel_immediately":false`))
		}}
	srv := f.hookedServer(t, func(c *shop.Config) {
		c.Commerce = f.commerceThrough(t, held)
		c.Log = slog.New(logs)
	})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	start := time.Now()
	genuine := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: start})
	forged := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: start.Add(time.Second)})
	f.reconcilePasses(t, srv, 3)

	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid || got.CommerceOrderNumber != genuine.OrderNumber || got.PaidCount != 1 {
		t.Errorf("the buyer's genuine checkout %s (%d won, paid) is not found: after 3 passes the plan order is %s (order number %q, paid %d times)",
			genuine.OrderNumber, plan.Price, got.Status, got.CommerceOrderNumber, got.PaidCount)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 0) // awaiting the store's approval
	if len(held.seen) != 1 || !strings.Contains(held.seen[0], forged.OrderNumber) {
		t.Errorf("cancellation requests %q, want one, of the stranger's checkout %s", held.seen, forged.OrderNumber)
	}
}
