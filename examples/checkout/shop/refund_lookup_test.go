package shop_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// rewriteRequest changes the body of the requests match accepts before
// they reach the gateway, and keeps what it sent.
type rewriteRequest struct {
	next    http.RoundTripper
	match   func(*http.Request) bool
	rewrite func([]byte) []byte
	mu      sync.Mutex
	seen    []string
}

func (rw *rewriteRequest) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && rw.match(r) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		b = rw.rewrite(b)
		rw.mu.Lock()
		rw.seen = append(rw.seen, string(b))
		rw.mu.Unlock()
		r = r.Clone(r.Context())
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	}
	return rw.next.RoundTrip(r)
}

// The shop's Commerce refund counts only an applied cancellation. Commerce
// answers a cancellation request with the request, which may wait for the
// store's approval (action_at empty) rather than be applied — the sandbox
// does that for a request without cancel_immediately, which stands here
// for Commerce not applying it at once (a PG or method that needs approval
// or a refund account). The order stays refunding while Commerce holds the
// money, and ends refunded on the reconciler's pass after the request was
// approved. The request says why the order is refunded, not "중복 결제".
func TestCommerceRefundCountsOnlyAnAppliedCancellation(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	f.exec(t, `UPDATE coupons SET uses_left = 1 WHERE code = 'WELCOME3000'`)
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
	f.exec(t, `UPDATE coupons SET uses_left = 0 WHERE code = 'WELCOME3000'`) // used up meanwhile: the checkout must be refunded
	ref := f.sb.Commerce.CompleteCheckout(plan.RequestID, commercetest.CheckoutSpec{})
	rw := &rewriteRequest{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/order/cancel")
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"cancel_immediately":true`), []byte(`"cancel_immediately":false`))
		}}
	hooked := f.hookedInstance(t, func(c *shop.Config) { c.Commerce = f.commerceThrough(t, rw) })
	f.postTo(t, hooked, "/api/orders/verify", `{"order_number":"`+ref.OrderNumber+`","order_id":"`+plan.OrderID+`"}`)
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.order(t, plan.OrderID); !co.Status.Paid() || got.Status != shop.StatusRefunding || got.Reason != shop.ReasonCouponInvalid {
		t.Errorf("Commerce order %v (cancel requests sent: %q); shop order %s (%q), want refunding for coupon_invalid while Commerce holds the money",
			co.Status, rw.seen, got.Status, got.Reason)
	}
	if len(rw.seen) != 1 || !strings.Contains(rw.seen[0], shop.ReasonCouponInvalid) || strings.Contains(rw.seen[0], "중복") {
		t.Errorf("cancel requests %q, want one whose message gives the reason (coupon_invalid)", rw.seen)
	}

	// The store approves the request; the reconciler's next pass sees the
	// Commerce order cancelled and ends the refund.
	reqs, err := f.sb.Config.Commerce.OrderCancellations.List(context.Background(), commerce.CancellationListParams{OrderNumber: ref.OrderNumber})
	if err != nil || len(reqs) != 1 {
		t.Fatalf("cancellation requests %+v, %v; want one", reqs, err)
	}
	if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(context.Background(), reqs[0].ID, "승인"); err != nil {
		t.Fatal(err)
	}
	f.reconcile(t, 0)
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusRefunded {
		t.Errorf("after the approval and a reconciler pass: %s, want refunded", got.Status)
	}
	if st := f.sb.Commerce.Stats(); st.CancellationsApplied != 1 {
		t.Errorf("%d cancellations applied, want 1", st.CancellationsApplied)
	}
}

// A refunding Bootpay order whose receipt was cancelled in full in
// Bootpay's console meanwhile (under another cancel_id): the refund looks
// the receipt up first and counts it refunded, instead of being refused
// (RC_ALREADY_CANCELLED) on every reconciler pass. No cancel is sent.
func TestBootpayRefundOfAReceiptCancelledInTheConsole(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.receipt(o, price, bootpay.StatusPaid)
	// The order is refunding (the stock went after the payment), its refund not sent yet.
	f.exec(t, `UPDATE orders SET status = 'refunding', receipt_id = ?, reason = 'out_of_stock' WHERE id = ?`, rid, o.ID)
	if _, err := f.sb.Config.Bootpay.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rid, Full: true, CancelID: "console-1", Message: "관리자 취소"}); err != nil {
		t.Fatal(err)
	}
	cancels := f.sb.Bootpay.Stats().Requests[bootpaytest.OpCancel]
	f.reconcile(t, 0)
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonOutOfStock {
		t.Errorf("order %s (%q), want refunded (out_of_stock)", got.Status, got.Reason)
	}
	if n := f.sb.Bootpay.Stats().Requests[bootpaytest.OpCancel] - cancels; n != 0 {
		t.Errorf("%d cancels sent for a receipt cancelled in full, want 0", n)
	}
}
