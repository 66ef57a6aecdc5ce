package shop_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// Commerce's ORDER_PAID is looked up by the webhook handler
// (webhook.CommerceLookup), which finds the order; the shop's own Verify
// right after reads 404 (a lagging or misrouted read). That 404 is no
// verdict on an order just found: the delivery is not acknowledged, its
// key stays open, and the redelivery pays the order once. Acknowledging it
// would mark the key done, and no redelivery (nor the reconciler, which
// runs the same key) would ever pay the order.
func TestCommercePaidWebhookLaggingNotFoundIsDeliveredAgain(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
		ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
		co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
		if err != nil {
			t.Fatal(err)
		}
		event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
			OrderName: co.OrderName, Price: 9900, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
		// The webhook's lookup is served; the shop's Verify after it reads 404.
		f.sb.Commerce.Inject(commercetest.OpOrderGet, commercetest.Fault{}, 1)
		f.sb.Commerce.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusNotFound,
			commercetest.ErrorBody(commercetest.CodeOrderNotFound, "")), 1)
		gets := f.sb.Commerce.Stats().Requests[commercetest.OpOrderGet]

		if code := f.commerceWebhook(t, 0, event); code < 500 {
			t.Errorf("ORDER_PAID whose Verify read 404 after its lookup found the order: %d, want a 5xx (deliver again)", code)
		}
		if n := f.sb.Commerce.Stats().Requests[commercetest.OpOrderGet] - gets; n != 2 || f.sb.Commerce.PendingFaults(commercetest.OpOrderGet) != 0 {
			t.Fatalf("%d order lookups, %d faults left; want the webhook's and Verify's (2), none left", n, f.sb.Commerce.PendingFaults(commercetest.OpOrderGet))
		}
		if got := f.order(t, plan.OrderID); got.Status != shop.StatusPending || got.PaidCount != 0 {
			t.Fatalf("after the lagging 404: order %s, paid %d times; want pending, unpaid", got.Status, got.PaidCount)
		}
		if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
			t.Errorf("redelivery: %d, want 200", code)
		}
		if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid || got.PaidCount != 1 || got.CommerceOrderNumber != ref.OrderNumber {
			t.Errorf("after the redelivery: order %s, paid %d times, order number %q; want paid once with %s",
				got.Status, got.PaidCount, got.CommerceOrderNumber, ref.OrderNumber)
		}
	})
}
