package shop_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A Commerce payment the shop must refund (here a second checkout for a
// paid order: a stray) that the store has already refunded in part in its
// console. The shop's cancellation asks for what is left — the price less
// the applied cancellations — which Commerce accepts: the rest of the
// money is returned, once, and the stray recorded refunded. (Asking for
// the whole price, Commerce refuses it as more than remains, on every
// pass.)
func TestCommerceStrayRefundAfterAPartialRefund(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	first := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	second := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: first.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK {
		t.Fatalf("first: %d %+v", code, body)
	}
	// The store refunds 1000 won of the second checkout by hand before the
	// shop learns of it.
	ctx := context.Background()
	if _, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: second.OrderNumber, CancelID: "console-partial", Price: 1000, Message: "부분 환불", Immediately: true, AsSupervisor: true,
	}); err != nil {
		t.Fatal(err)
	}
	f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: second.OrderNumber, OrderID: plan.OrderID})
	for range 3 {
		f.reconcile(t, 0)
	}
	co, err := f.sb.Config.Commerce.Orders.Get(ctx, second.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	st := f.sb.Commerce.Stats()
	if co.Status != commerce.OrderCancelled {
		t.Errorf("the stray Commerce order is %v after 3 passes (%d cancellation requests sent, %d applied); want cancelled: the remaining 8900 won returned",
			co.Status, st.Requests[commercetest.OpCancelRequest], st.CancellationsApplied)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
	reqs := f.cancellationRequests(t, second.OrderNumber)
	if len(reqs) != 2 || reqs[1].CancelPrice.Int64() != 8900 || st.CancellationsApplied != 2 {
		t.Errorf("cancellation requests %+v (%d applied); want the store's 1000 and the shop's one for the 8900 left, both applied", reqs, st.CancellationsApplied)
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid || got.CommerceOrderNumber != first.OrderNumber {
		t.Errorf("order %s with %q, want paid with the first checkout", got.Status, got.CommerceOrderNumber)
	}
}

// A stray Commerce payment whose refund failed once (nothing applied) and
// that the store then refunded in full in its console, while Commerce's
// order still reads paid (2) with its payment cancelled (receipt_status
// 20): its status lags its payment. The applied cancellations cover the
// price, so the reconciler counts the stray refunded and sends nothing —
// not a request for the whole price, which Commerce refuses (nothing
// remains) on every pass.
func TestCommerceStrayRefundedWhileTheOrderStatusLags(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	first := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	second := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: first.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK {
		t.Fatalf("first: %d %+v", code, body)
	}
	f.sb.Commerce.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusServiceUnavailable, ""), 1)
	f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: second.OrderNumber, OrderID: plan.OrderID})
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 0)

	ctx := context.Background()
	if _, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: second.OrderNumber, CancelID: "console-full", Price: 9900, Message: "관리자 환불", Immediately: true, AsSupervisor: true,
	}); err != nil {
		t.Fatal(err)
	}
	lagging := &rewriteResponse{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/orders/")
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"status":10,`), []byte(`"status":2,`))
		}}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Commerce = f.commerceThrough(t, lagging) })
	if co, err := srv.Order(ctx, plan.OrderID); err != nil || co.Status != shop.StatusPaid {
		t.Fatalf("order %+v %v, want paid", co, err)
	}
	sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]
	for range 3 {
		if _, err := srv.ReconcileOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
		t.Errorf("%d cancellation requests in 3 passes for an order refunded in full, want none", n)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
	if st := f.sb.Commerce.Stats(); st.CancellationsApplied != 1 {
		t.Errorf("%d cancellations applied, want the store's one", st.CancellationsApplied)
	}
}
