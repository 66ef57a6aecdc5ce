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
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// An ORDER_CANCELLED the lookup confirms for an order whose payment is
// cancelled (receipt_status 20) while its own status still reads paid (2)
// refunds the shop's order: its key carries no amount, so the later
// ORDER_CANCELLED, once the order reads 취소완료 (10), runs nothing, and
// recording nothing the first time would leave the order paid for good.
func TestCommerceCancelWhileOrderStatusReadsPaid(t *testing.T) {
	for _, typ := range []string{"ORDER_CANCELLED", ""} {
		t.Run("kind "+typ, func(t *testing.T) {
			f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
			_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
			ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}})
			if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK || body.Status != shop.StatusPaid {
				t.Fatalf("verify: %d %+v", code, body)
			}

			// Commerce refunds the order in full.
			if _, err := f.sb.Config.Commerce.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
				OrderNumber: ref.OrderNumber, Price: plan.Price, Immediately: true, AsSupervisor: true, Message: "환불",
			}); err != nil {
				t.Fatal(err)
			}
			// The lookup reads the payment cancelled, the order status not
			// yet: the state paykit accepts ORDER_CANCELLED for.
			rw := &rewriteResponse{next: f.sb.Commerce.Client().Transport,
				match: func(r *http.Request) bool {
					return r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/orders/")
				},
				rewrite: func(b []byte) []byte {
					return bytes.ReplaceAll(b, []byte(`"status":10,`), []byte(`"status":2,`))
				}}
			lagging := f.hookedInstance(t, func(c *shop.Config) { c.Commerce = f.commerceThrough(t, rw) })

			event := webhooktest.CommercePayload{WebhookType: typ, OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
				Price: plan.Price, Status: int(commerce.OrderPaid), ReceiptStatus: int(commerce.ReceiptCancelled)}
			req, err := webhooktest.NewCommerceRequest(lagging+"/webhooks/commerce", event.JSON(), false)
			if err != nil {
				t.Fatal(err)
			}
			first := statusOf(t, req)

			// Commerce's order status catches up (취소완료); its ORDER_CANCELLED.
			event.WebhookType, event.Status = "ORDER_CANCELLED", int(commerce.OrderCancelled)
			second := f.commerceWebhook(t, 0, event)

			got := f.order(t, plan.OrderID)
			if got.Status != shop.StatusRefunded {
				t.Errorf("shop order %s after Commerce refunded it in full and both cancellation webhooks were answered %d, %d; want refunded",
					got.Status, first, second)
			}
		})
	}
}
