package shop_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// TestCancellationListNotFoundIsNoVerdictOnAPaidCheckout: Orders.Verify
// lists the checkout's cancellation requests after the order itself was
// found. A 404 from that LIST with a Commerce code (here
// ORDER_CANCEL_REQUEST_NOT_FOUND, how Commerce may answer an order without
// requests, UNCONFIRMED; or an ORDER_NOT_FOUND from a replica lagging the
// order just read) must not match commerce.ErrNotFound, which
// VerifyCommerce reads as "Commerce has no such order" (ErrUnknownOrder), a
// verdict: the reconciler's pass would mark the checkout's ORDER_PAID key
// done, and neither the next pass nor ORDER_PAID's redelivery would look
// at it again, leaving the buyer's money at Commerce for a plan order never
// fulfilled. The order WAS found: a failed list is no verdict on it.
func TestCancellationListNotFoundIsNoVerdictOnAPaidCheckout(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	srv := f.hookedServer(t, func(*shop.Config) {})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	co := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}, CreatedAt: time.Now()})

	f.sb.Commerce.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusNotFound,
		`{"success":false,"error_code":"ORDER_CANCEL_REQUEST_NOT_FOUND","message":"취소 요청을 찾지 못했습니다."}`), 1)
	f.reconcilePasses(t, srv, 1) // the pass that meets the 404
	f.reconcilePasses(t, srv, 2) // the list reads again

	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid || got.CommerceOrderNumber != co.OrderNumber {
		t.Errorf("a paid checkout whose cancellation list once answered 404: order %s with %q after later passes; want paid with %s",
			got.Status, got.CommerceOrderNumber, co.OrderNumber)
	}
	// ORDER_PAID's redelivery is processed under the same key.
	live, err := f.sb.Config.Commerce.Orders.Get(context.Background(), co.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: co.OrderID, OrderNumber: co.OrderNumber,
		OrderName: live.OrderName, Price: plan.Price, Status: int(live.Status), ReceiptStatus: int(live.ReceiptStatus)}
	if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
		t.Logf("ORDER_PAID answered %d", code)
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid {
		t.Errorf("after ORDER_PAID's redelivery the order is %s, want paid", got.Status)
	}
}
