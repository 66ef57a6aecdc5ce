package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// TestCommercePaidLasting404IsToldAboveInfo: ORDER_PAID whose webhook
// lookup finds the order but whose Verify reads 404 on every delivery (not
// a lag: the order stays unreadable by its number). The 404 is answered
// for a redelivery (errGateway), which webhookError logs at INFO only; if
// it never settles, Commerce's retries end with the order paid there and
// pending at the shop, so a record above INFO must name it.
func TestCommercePaidLasting404IsToldAboveInfo(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	base := f.hookedInstance(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
		OrderName: co.OrderName, Price: 9900, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
	for range 5 { // every delivery Commerce makes
		f.sb.Commerce.Inject(commercetest.OpOrderGet, commercetest.Fault{}, 1)
		f.sb.Commerce.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusNotFound,
			commercetest.ErrorBody(commercetest.CodeOrderNotFound, "")), 1)
		req, err := webhooktest.NewCommerceRequest(base+"/webhooks/commerce", event.JSON(), false)
		if err != nil {
			t.Fatal(err)
		}
		if code := statusOf(t, req); code < 500 {
			t.Fatalf("delivery answered %d, want a 5xx", code)
		}
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPending {
		t.Fatalf("order %s, want pending", got.Status)
	}
	if logs.atLeast(slog.LevelInfo, "webhook not acknowledged") == 0 {
		t.Fatal("the capture saw no webhookError record: the test cannot tell")
	}
	if n := logs.atLeast(slog.LevelWarn, ref.OrderNumber); n == 0 {
		t.Errorf("a paid Commerce order the shop cannot read by its number, its deliveries refused: nothing logged above INFO names %s", ref.OrderNumber)
	}
}

// atLeast counts the records at level or above whose message and
// attributes contain word.
func (l *logRecords) atLeast(level slog.Level, word string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.recs {
		if r.Level < level {
			continue
		}
		var text strings.Builder
		text.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool { text.WriteString(" " + a.String()); return true })
		if strings.Contains(text.String(), word) {
			n++
		}
	}
	return n
}
