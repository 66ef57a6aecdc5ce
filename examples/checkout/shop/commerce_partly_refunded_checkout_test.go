package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// partlyRefundedCheckout makes the plan order's Commerce checkout, paid at
// the plan's price, with its redirect and ORDER_PAID lost, then refunded
// in part (1,000 won) in Commerce's console (부분취소) before the shop saw
// it. Commerce's order still reads paid at its price with its payment paid
// (the sandbox's model of a 부분취소: the cancelled amount is in the
// order's cancellation requests only).
func (f *fixture) partlyRefundedCheckout(t *testing.T) (*shop.PlanOrder, commercetest.OrderRef) {
	t.Helper()
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	co := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: time.Now()})
	if _, err := f.sb.Config.Commerce.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: co.OrderNumber, CancelID: "console-partial", Price: 1000, Message: "콘솔 부분취소", Immediately: true, AsSupervisor: true,
	}); err != nil {
		t.Fatal(err)
	}
	return &shop.PlanOrder{OrderID: plan.OrderID, Price: plan.Price}, co
}

// wantCheckoutRestRefunded checks that the plan order was never fulfilled
// (pending, never paid), that Commerce's checkout reads cancelled after
// ONE request of the shop's for the rest (price less the console's 1,000),
// that the stray is recorded and recorded refunded once, and that an error
// names the plan order.
func (f *fixture) wantCheckoutRestRefunded(t *testing.T, plan *shop.PlanOrder, number string, logs *logRecords) {
	t.Helper()
	got := f.order(t, plan.OrderID)
	if got.Status != shop.StatusPending || got.PaidCount != 0 || got.CommerceOrderNumber != "" {
		t.Errorf("checkout %s was refunded in part (1000 of %d won) before the shop saw it; the plan order is %s with %q, paid %d times: want pending, never fulfilled",
			number, plan.Price, got.Status, got.CommerceOrderNumber, got.PaidCount)
	}
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.cancellationRequests(t, number)
	if co.Status != commerce.OrderCancelled || len(reqs) != 2 || reqs[1].CancelPrice.Int64() != plan.Price-1000 {
		t.Errorf("checkout %s reads %v with cancellation requests %+v; want cancelled, the console's 1000 and the shop's one for the %d left",
			number, co.Status, reqs, plan.Price-1000)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
	if logs.errorsNaming(plan.OrderID, number) == 0 {
		t.Error("no error names the plan order and its partly refunded checkout")
	}
}

// The reconciler finds the lost checkout (findCommerceCheckouts) and
// hands it to ORDER_PAID's path, VerifyCommerce: it verifies (price, paid,
// receipt_status 1) but its cancellation requests show 1,000 won refunded,
// so the plan is not fulfilled for a payment Commerce holds only part of:
// the rest is refunded as a stray, once, and an error logged. Further
// passes send nothing more.
func TestPartlyRefundedCommerceCheckoutIsNotFulfilled(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	plan, co := f.partlyRefundedCheckout(t)
	f.reconcilePasses(t, srv, 3)
	f.wantCheckoutRestRefunded(t, plan, co.OrderNumber, logs)
}

// The same checkout reaching the shop through the buyer's redirect: 409
// cancelled, the order left payable, the rest refunded once. The page
// reloaded (the checkout now reads cancelled) and ORDER_PAID arriving
// after all pay nothing and send nothing more.
func TestPartlyRefundedCommerceCheckoutRedirectIsRefused(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	base := f.hookedInstance(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	plan, co := f.partlyRefundedCheckout(t)
	body := `{"order_number":"` + co.OrderNumber + `","order_id":"` + plan.OrderID + `"}`
	if code, got := f.postTo(t, base, "/api/orders/verify", body); code != http.StatusConflict || got.Reason != shop.ReasonCancelled {
		t.Errorf("verify: %d %+v, want 409 cancelled", code, got)
	}
	if code, got := f.postTo(t, base, "/api/orders/verify", body); code == http.StatusOK {
		t.Errorf("the page reloaded: %d %+v, want refused", code, got)
	}
	if _, err := f.inst[0].srv.VerifyCommerce(context.Background(), shop.VerifyRequest{OrderNumber: co.OrderNumber, OrderID: plan.OrderID}); err == nil {
		t.Error("ORDER_PAID's path verified the partly refunded checkout")
	}
	f.wantCheckoutRestRefunded(t, plan, co.OrderNumber, logs)
}

// A cancellation list that cannot be read is a lookup failure, never "no
// refund": the redirect fails (502) and the order is not paid; once the
// list reads, the rest is refunded.
func TestCommerceCheckoutWithUnreadableCancellationsIsNotFulfilled(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	plan, co := f.partlyRefundedCheckout(t)
	f.sb.Commerce.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusBadRequest, ""), 1)
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: co.OrderNumber, OrderID: plan.OrderID}); code != http.StatusBadGateway {
		t.Errorf("verify while the cancellation list fails: %d %+v, want 502", code, body)
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPending || got.PaidCount != 0 {
		t.Errorf("order %s paid %d times with its cancellation requests unread, want pending", got.Status, got.PaidCount)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 0)
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: co.OrderNumber, OrderID: plan.OrderID}); code != http.StatusConflict {
		t.Errorf("verify once the list reads: %d %+v, want 409 cancelled", code, body)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
}
