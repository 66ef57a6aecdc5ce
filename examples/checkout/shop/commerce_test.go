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
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (f *fixture) couponUses(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.inst[0].db.QueryRow(context.Background(), `SELECT uses_left FROM coupons WHERE code = 'WELCOME3000'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
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
