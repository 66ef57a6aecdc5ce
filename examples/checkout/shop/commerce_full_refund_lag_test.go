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

// A Commerce checkout the store refunded in full in its console before the
// shop saw it, while Commerce's order still reads paid (status 2, payment
// 1): both statuses lag the cancellation requests. Orders.Verify refuses
// it for its refunds; the checkout pays nothing, so the shop must neither
// fulfil the order with it nor send a cancellation (nothing remains).
func TestCommerceCheckoutRefundedInFullWhileItsStatusesLagIsNotFulfilled(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	co := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	ctx := context.Background()
	if _, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: co.OrderNumber, CancelID: "console-full", Price: 9900, Message: "관리자 환불", Immediately: true, AsSupervisor: true,
	}); err != nil {
		t.Fatal(err)
	}
	lagging := &rewriteResponse{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/orders/")
		},
		rewrite: func(b []byte) []byte {
			b = bytes.ReplaceAll(b, []byte(`"status":10,`), []byte(`"status":2,`))
			return bytes.ReplaceAll(b, []byte(`"receipt_status":20`), []byte(`"receipt_status":1`))
		}}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Commerce = f.commerceThrough(t, lagging) })
	sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]

	_, err := srv.VerifyCommerce(ctx, shop.VerifyRequest{OrderNumber: co.OrderNumber, OrderID: plan.OrderID})
	if err == nil {
		t.Fatal("a checkout refunded in full was verified")
	}
	if got := f.order(t, plan.OrderID); got.Status == shop.StatusPaid || got.CommerceOrderNumber == co.OrderNumber {
		t.Errorf("order %s with %q: paid with a checkout refunded in full", got.Status, got.CommerceOrderNumber)
	}
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
		t.Errorf("%d cancellation requests for a checkout refunded in full, want none", n)
	}
}
