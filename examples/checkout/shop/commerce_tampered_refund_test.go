package shop_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A tampered Commerce checkout is refused and refunded as a stray — the
// plan order stays pending, still payable, whoever posts the checkout
// (the buyer's session does not make it the buyer's) — and the stray is
// recorded refunded only once Commerce applied the cancellation. Here
// Commerce holds the shop's cancellation for the store's approval (the
// sandbox does that for a request without cancel_immediately, as the
// shop's own refund tests stand it in): the Commerce order is still paid,
// so no STRAY_REFUNDED is recorded — and the reconciler looks again until
// the money is back, then records it.
func TestTamperedCommerceCheckoutRefundedOnlyWhenApplied(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
	ref := f.sb.Commerce.CompleteCheckout(plan.RequestID, commercetest.CheckoutSpec{Paid: 100})
	rw := &rewriteRequest{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/order/cancel")
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"cancel_immediately":true`), []byte(`"cancel_immediately":false`))
		}}
	hooked := f.hookedInstance(t, func(c *shop.Config) { c.Commerce = f.commerceThrough(t, rw) })
	if code, body := f.postTo(t, hooked, "/api/orders/verify", `{"order_number":"`+ref.OrderNumber+`","order_id":"`+plan.OrderID+`"}`); code != http.StatusBadRequest || body.Reason != shop.ReasonAmountMismatch {
		t.Errorf("verify: %d %+v, want 400 amount_mismatch", code, body)
	}

	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	if len(rw.seen) != 1 || !co.Status.Paid() {
		t.Fatalf("cancellation requests %q, Commerce order %v; want one request, the order still paid", rw.seen, co.Status)
	}
	if !strings.Contains(rw.seen[0], `"cancel_price":100`) {
		t.Errorf("cancellation request %s, want the 100 won paid", rw.seen[0])
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPending || got.CommerceOrderNumber != "" || got.PaidCount != 0 {
		t.Errorf("shop order %s (%q, order number %q, paid %d times) after a tampered checkout; want pending, still payable",
			got.Status, got.Reason, got.CommerceOrderNumber, got.PaidCount)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 0) // Commerce still holds the money
	// The page reloads: the checkout is still refused, nothing is sent.
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusBadRequest || body.Reason != shop.ReasonAmountMismatch {
		t.Errorf("verify again: %d %+v, want 400 amount_mismatch", code, body)
	}
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]; n != 1 {
		t.Errorf("%d cancellation requests, want 1", n)
	}

	// Once the store approves, the shop's records agree with Commerce.
	if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(context.Background(), f.onlyCancellationRequest(t, ref.OrderNumber), "승인"); err != nil {
		t.Fatal(err)
	}
	f.reconcile(t, 0)
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPending || got.PaidCount != 0 {
		t.Errorf("after the approval and a reconciler pass: %s (%q), paid %d times; want pending, never paid", got.Status, got.Reason, got.PaidCount)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
	if st := f.sb.Commerce.Stats(); st.CancellationsApplied != 1 || st.Requests[commercetest.OpCancelRequest] != 1 {
		t.Errorf("%d cancellation requests, %d applied; want 1 and 1", st.Requests[commercetest.OpCancelRequest], st.CancellationsApplied)
	}
}
