package shop_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// commerceWebhook posts a Commerce order webhook to instance i as Commerce
// would (JSON) and returns the answer's status.
func (f *fixture) commerceWebhook(t *testing.T, i int, p webhooktest.CommercePayload) int {
	t.Helper()
	req, err := webhooktest.NewCommerceRequest(f.inst[i].api.URL+"/webhooks/commerce", p.JSON(), false)
	if err != nil {
		t.Fatal(err)
	}
	return statusOf(t, req)
}

// Plan orders nobody pays use no coupon: the use is taken when the
// checkout is verified. A checkout verified after the coupon ran out is
// cancelled at Commerce and the order refunded.
func TestCommerceCouponUsedOnlyWhenPaid(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	f.exec(t, `UPDATE coupons SET uses_left = 1 WHERE code = 'WELCOME3000'`)
	var plans []reply
	for range 3 {
		code, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
		if code != http.StatusCreated {
			t.Fatalf("plan: %d %+v", code, plan)
		}
		plans = append(plans, plan)
	}
	if n := f.couponUses(t); n != 1 {
		t.Fatalf("%d uses left after three unpaid plan orders, want 1", n)
	}
	first := f.sb.Commerce.CompleteCheckout(plans[0].RequestID, commercetest.CheckoutSpec{})
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: first.OrderNumber, OrderID: plans[0].OrderID}); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Fatalf("verify: %d %+v", code, body)
	}
	if n := f.couponUses(t); n != 0 {
		t.Errorf("%d uses left after a paid one, want 0", n)
	}
	late := f.sb.Commerce.CompleteCheckout(plans[1].RequestID, commercetest.CheckoutSpec{})
	f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: late.OrderNumber, OrderID: plans[1].OrderID})
	if got := f.order(t, plans[1].OrderID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonCouponInvalid || got.PaidCount != 0 {
		t.Errorf("late order %s (%q), paid %d; want refunded for coupon_invalid", got.Status, got.Reason, got.PaidCount)
	}
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), late.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	if co.Status != commerce.OrderCancelled || f.couponUses(t) != 0 {
		t.Errorf("late Commerce order %v, coupon uses %d; want cancelled, 0", co.Status, f.couponUses(t))
	}
}

// Seed 001 ("웹훅으로 주문 상태 동기화"): the buyer pays the checkout and
// never reaches redirect_url (closes the tab, the app's WebView dies), so
// /api/orders/verify is never called. Commerce's ORDER_PAID webhook,
// looked up and agreeing with Commerce, names the shop's order in its
// metadata: the order is verified and paid, once.
func TestCommercePaidWebhookCompletesTheOrder(t *testing.T) {
	for _, kind := range []string{"ORDER_PAID", "SUBSCRIPTION_PAID"} { // a plan's payment may come as either
		t.Run(kind, func(t *testing.T) {
			eachDB(t, func(t *testing.T, dsn string) {
				f := newFixture(t, dsn, options{})
				_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
				ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
				co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
				if err != nil {
					t.Fatal(err)
				}
				event := webhooktest.CommercePayload{WebhookType: kind, OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
					OrderName: co.OrderName, Price: 9900, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
				if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
					t.Errorf("%s: %d, want 200", kind, code)
				}
				got := f.order(t, plan.OrderID)
				if got.Status != shop.StatusPaid || got.PaidCount != 1 || got.CommerceOrderNumber != ref.OrderNumber {
					t.Errorf("shop order %s (paid %d times, order number %q), want paid once with %s", got.Status, got.PaidCount, got.CommerceOrderNumber, ref.OrderNumber)
				}
				// The redirect arriving late finds it paid.
				if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK || body.Status != shop.StatusPaid {
					t.Errorf("late redirect: %d %s", code, body.Status)
				}
				if got := f.order(t, plan.OrderID); got.PaidCount != 1 {
					t.Errorf("paid %d times, want 1", got.PaidCount)
				}
			})
		})
	}
}
