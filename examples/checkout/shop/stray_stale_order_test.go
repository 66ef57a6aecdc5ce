package shop_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// refundMismatch once decided "the order holds this payment already" from
// the order read BEFORE the Commerce lookup. Between that read and the
// lookup's answer the plan order is paid with this very checkout (the
// buyer's redirect on another instance) and the store refunds 1,000 won of
// it in its console; the lookup then reads a lowered price (should
// Commerce lower an order's price as it cancels part of it, which
// cancelCommerce's doc calls UNCONFIRMED), so the checkout reads forged.
// The stray refund re-reads the order under its row lock: the order holds
// the checkout, so nothing is recorded as a stray and no cancellation
// request is sent — the order's own payment, fulfilled, is never refunded
// behind it.
func TestStaleOrderNeverRefundsItsOwnPaymentAsAStray(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	genuine := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}})
	ctx := context.Background()
	lowered := strconv.FormatInt(plan.Price-1000, 10)
	lowering := &rewriteResponse{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/orders/"+genuine.OrderNumber)
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"price":`+strconv.FormatInt(plan.Price, 10)), []byte(`"price":`+lowered))
		}}
	fired := false
	raced := &beforeRequest{next: lowering,
		match: func(r *http.Request) bool {
			return !fired && r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/orders/"+genuine.OrderNumber)
		},
		hook: func() {
			fired = true
			if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: genuine.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK {
				t.Errorf("the buyer's redirect: %d %+v", code, body)
			}
			if _, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
				OrderNumber: genuine.OrderNumber, CancelID: "console-partial", Price: 1000, Message: "콘솔 부분취소", Immediately: true, AsSupervisor: true,
			}); err != nil {
				t.Error(err)
			}
		}}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Commerce = f.commerceThrough(t, raced) })
	_, _ = srv.VerifyCommerce(ctx, shop.VerifyRequest{OrderNumber: genuine.OrderNumber, OrderID: plan.OrderID}) // ORDER_PAID's path

	got := f.order(t, plan.OrderID)
	if got.Status != shop.StatusPaid || got.CommerceOrderNumber != genuine.OrderNumber || got.PaidCount != 1 {
		t.Fatalf("the plan order is %s with %q, paid %d times; want paid once with %s (the race did not happen)",
			got.Status, got.CommerceOrderNumber, got.PaidCount, genuine.OrderNumber)
	}
	if n, sent := f.attempts(t, plan.OrderID, "STRAY"), f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]; n != 0 || sent != 1 {
		t.Errorf("the plan order is paid (fulfilled) with checkout %s, yet it was recorded as a stray %d times and %d cancellation requests were sent (want 0 and the console's 1): the order's own payment refunded",
			genuine.OrderNumber, n, sent)
	}
	f.reconcile(t, 0) // nothing recorded, so nothing for the reconciler to send either
	if sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]; sent != 1 {
		t.Errorf("%d cancellation requests after a reconciler pass, want the console's 1", sent)
	}
}
