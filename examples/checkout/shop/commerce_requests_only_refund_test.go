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

// A checkout whose cancellation requests alone read as covering its price,
// while Commerce's order still reads paid (receipt_status 1). The request
// statuses are UNCONFIRMED: here the request was never approved, and the
// shop reads it acted on under a status value paykit does not know (3).
// The shop must not fulfil the order with it, and must not forget it
// either: the checkout is recorded as a stray of the order (once), logged
// at error level, and every reconciler pass looks at it again — sending
// nothing while the requests cover the price, reporting at error level —
// until Commerce's order shows the cancellation, when the stray is
// recorded refunded and the reports stop.
func TestCommerceCheckoutRefundedOnlyByItsRequestsIsNotForgotten(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	ctx := context.Background()
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	co := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: time.Now()})
	req, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: co.OrderNumber, CancelID: "buyer-request", Price: plan.Price, Message: "환불 요청",
	})
	if err != nil {
		t.Fatal(err)
	}
	unknownStatus := &rewriteResponse{next: f.sb.Commerce.Client().Transport,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/order/cancel")
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"status":1,`), []byte(`"status":3,"action_at":"2026-01-02T00:00:00Z",`))
		}}
	srv := f.hookedServer(t, func(c *shop.Config) {
		c.Log = slog.New(logs)
		c.Commerce = f.commerceThrough(t, unknownStatus)
	})
	sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]

	f.reconcilePasses(t, srv, 1)
	if _, err := srv.VerifyCommerce(ctx, shop.VerifyRequest{OrderNumber: co.OrderNumber, OrderID: plan.OrderID}); err == nil {
		t.Error("the buyer's redirect verified a checkout whose requests read refunded in full")
	}
	if got := f.order(t, plan.OrderID); got.Status == shop.StatusPaid || got.CommerceOrderNumber == co.OrderNumber {
		t.Fatalf("order %s with %q: paid with a checkout whose requests read refunded in full", got.Status, got.CommerceOrderNumber)
	}
	if n := f.attempts(t, plan.OrderID, "STRAY"); n != 1 {
		t.Fatalf("%d STRAY records for a checkout paid in full at Commerce and not fulfilled, want 1", n)
	}
	reported := logs.errorsNaming(co.OrderNumber)
	f.reconcilePasses(t, srv, 2)
	if n := logs.errorsNaming(co.OrderNumber); n < reported+2 {
		t.Errorf("error records naming %s: %d, then %d after two more passes; want each pass to report it", co.OrderNumber, reported, n)
	}
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
		t.Errorf("%d cancellation requests while the requests cover the price, want none", n)
	}
	if n := f.attempts(t, plan.OrderID, "STRAY_REFUNDED"); n != 0 {
		t.Errorf("the stray recorded refunded %d times while Commerce's order reads paid", n)
	}

	// The store approves the request: Commerce's order shows the refund.
	if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(ctx, req.ID, "승인"); err != nil {
		t.Fatal(err)
	}
	f.reconcilePasses(t, srv, 1)
	if n := f.attempts(t, plan.OrderID, "STRAY_REFUNDED"); n != 1 {
		t.Errorf("the stray recorded refunded %d times once Commerce's order shows the refund, want 1", n)
	}
	reported = logs.errorsNaming(co.OrderNumber)
	f.reconcilePasses(t, srv, 1)
	if n := logs.errorsNaming(co.OrderNumber); n != reported {
		t.Errorf("%d more error records naming %s after its refund showed, want none", n-reported, co.OrderNumber)
	}
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
		t.Errorf("%d cancellation requests sent by the shop, want none", n)
	}
}
