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

// awaitingApprovalCommerceRefund makes a Commerce plan order the shop must
// refund (its coupon used up between pricing and checkout) and verifies it
// through an instance whose cancellation requests reach Commerce without
// cancel_immediately, so that the sandbox keeps the refund waiting for the
// store's approval (action_at empty) — standing in for a PG or payment
// method Commerce cannot refund at once. It returns the shop's order id,
// the Commerce order number and what the instance's requests carried.
func (f *fixture) awaitingApprovalCommerceRefund(t *testing.T) (orderID, orderNumber string, rw *rewriteRequest) {
	t.Helper()
	f.exec(t, `UPDATE coupons SET uses_left = 1 WHERE code = 'WELCOME3000'`)
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
	f.exec(t, `UPDATE coupons SET uses_left = 0 WHERE code = 'WELCOME3000'`) // used up meanwhile: the checkout must be refunded
	ref := f.sb.Commerce.CompleteCheckout(plan.RequestID, commercetest.CheckoutSpec{})
	rw = &rewriteRequest{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/order/cancel")
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"cancel_immediately":true`), []byte(`"cancel_immediately":false`))
		}}
	hooked := f.hookedInstance(t, func(c *shop.Config) { c.Commerce = f.commerceThrough(t, rw) })
	f.postTo(t, hooked, "/api/orders/verify", `{"order_number":"`+ref.OrderNumber+`","order_id":"`+plan.OrderID+`"}`)
	return plan.OrderID, ref.OrderNumber, rw
}

// cancellationRequests lists the cancellation requests of a Commerce order.
func (f *fixture) cancellationRequests(t *testing.T, orderNumber string) []commerce.CancellationRequest {
	t.Helper()
	reqs, err := f.sb.Config.Commerce.OrderCancellations.List(context.Background(), commerce.CancellationListParams{OrderNumber: orderNumber})
	if err != nil {
		t.Fatal(err)
	}
	return reqs
}

// onlyCancellationRequest is the id of a Commerce order's one cancellation
// request.
func (f *fixture) onlyCancellationRequest(t *testing.T, orderNumber string) string {
	t.Helper()
	reqs := f.cancellationRequests(t, orderNumber)
	if len(reqs) != 1 {
		t.Fatalf("cancellation requests %+v, want one", reqs)
	}
	return reqs[0].ID
}

// A refund Commerce holds as a request awaiting the store's approval is
// looked up on every reconciler pass, on any instance, and waited for:
// the passes send no second cancellation request (which Commerce would
// refuse as a duplicate cancel_id). Once the store approves it, the next
// pass ends the order refunded, with one refund made.
func TestCommerceRefundAwaitingApprovalIsNotSentAgain(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		id, number, _ := f.awaitingApprovalCommerceRefund(t)
		st := f.sb.Commerce.Stats()
		if st.Requests[commercetest.OpCancelRequest] != 1 || f.order(t, id).Status != shop.StatusRefunding {
			t.Fatalf("%d cancellation requests, order %s; want 1 and refunding", st.Requests[commercetest.OpCancelRequest], f.order(t, id).Status)
		}
		const passes = 4
		for i := range passes {
			f.reconcile(t, i%2)
		}
		after := f.sb.Commerce.Stats()
		if n := after.Requests[commercetest.OpCancelRequest]; n != 1 {
			t.Errorf("%d cancellation requests after %d passes awaiting approval, want the first one only", n, passes)
		}
		if n := after.Requests[commercetest.OpCancelList] - st.Requests[commercetest.OpCancelList]; n < passes {
			t.Errorf("%d lookups of the cancellation requests in %d passes, want one a pass at least", n, passes)
		}
		if got := f.order(t, id); got.Status != shop.StatusRefunding {
			t.Errorf("order %s while Commerce holds the money, want refunding", got.Status)
		}

		if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(context.Background(), f.onlyCancellationRequest(t, number), "승인"); err != nil {
			t.Fatal(err)
		}
		f.reconcile(t, 1)
		f.reconcile(t, 0)
		if got := f.order(t, id); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonCouponInvalid {
			t.Errorf("order %s (%q) after the approval, want refunded (coupon_invalid)", got.Status, got.Reason)
		}
		end := f.sb.Commerce.Stats()
		if end.Requests[commercetest.OpCancelRequest] != 1 || end.CancellationsApplied != 1 {
			t.Errorf("%d cancellation requests, %d applied; want 1 and 1", end.Requests[commercetest.OpCancelRequest], end.CancellationsApplied)
		}
		f.wantAttempts(t, id, "REFUNDED", 1)
	})
}

// A request the store rejected refunded nothing, and Commerce refuses its
// cancel_id again: the rejection is recorded (CANCEL_FAILED) and the next
// pass requests the refund under a new cancel_id, which ends the order
// refunded.
func TestCommerceRefundRejectedMovesToANewCancelID(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		id, number, _ := f.awaitingApprovalCommerceRefund(t)
		if _, err := f.sb.Config.Commerce.OrderCancellations.Reject(context.Background(), f.onlyCancellationRequest(t, number), "거절"); err != nil {
			t.Fatal(err)
		}
		f.reconcile(t, 0)
		f.reconcile(t, 0)
		reqs := f.cancellationRequests(t, number)
		if len(reqs) != 2 || reqs[0].CancelID == reqs[1].CancelID {
			t.Errorf("cancellation requests %+v, want the rejected one and one under a new cancel_id", reqs)
		}
		if got := f.order(t, id); got.Status != shop.StatusRefunded {
			t.Errorf("order %s, want refunded", got.Status)
		}
		if n := f.sb.Commerce.Stats().CancellationsApplied; n != 1 {
			t.Errorf("%d cancellations applied, want 1", n)
		}
		f.wantAttempts(t, id, "CANCEL_FAILED", 1)
	})
}
