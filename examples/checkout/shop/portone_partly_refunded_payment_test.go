package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// The PortOne analogue of a partly refunded client-confirm receipt: the
// buyer's card payment, of the order's amount, was PAID; the browser's
// callback and Transaction.Paid were lost; the store refunded 1,000 won of
// it in PortOne's console before the shop saw it (PARTIAL_CANCELLED). The
// reconciler's lookup used to record reason cancelled on every pass while
// PortOne kept the rest, unreported. The rest is refunded as a stray, once,
// an error logged, and the order stays pending; later passes and the
// browser's late completion send nothing more. A paid order's own payment
// refunded in part by the store after the order was fulfilled is the
// store's to make: Transaction.Paid delivered late and the reconciler
// refund nothing more of it, and the order stays paid.
func TestPortOnePaymentRefundedInPartBeforeTheShopSawItIsRefunded(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	paid := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: paid.PaymentID, Total: price})
	if code, body := f.complete(t, 0, paid.PaymentID, paid.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Fatalf("complete: %d %+v", code, body)
	}
	if err := f.consoleRefund(paid.PaymentID, 1000, "부분 환불"); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", paid.PaymentID, "msg-late"); code != http.StatusOK {
		t.Errorf("Transaction.Paid delivered late: %d", code)
	}

	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	if err := f.consoleRefund(o.PaymentID, 1000, "콘솔 부분취소"); err != nil {
		t.Fatal(err)
	}
	f.reconcilePasses(t, srv, 3)
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusConflict {
		t.Errorf("the browser's late completion: %d %+v, want 409 cancelled", code, body)
	}

	p, err := f.sb.Config.PortOne.Payments.Get(context.Background(), o.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if st := f.sb.PortOne.Stats(); p.Status != portone.PaymentStatusCancelled || st.CancelsApplied != 3 || st.Requests[portonetest.OpPaymentCancel] != 3 {
		t.Errorf("PortOne's payment reads %s after %d cancel requests, %d applied; want CANCELLED, and three in all: the store's on the paid order, the console's and one of the rest",
			p.Status, st.Requests[portonetest.OpPaymentCancel], st.CancelsApplied)
	}
	if got := f.order(t, paid.ID); got.Status != shop.StatusPaid || f.attempts(t, paid.ID, "STRAY") != 0 {
		t.Errorf("the paid order, its payment refunded in part by the store: %s, %d strays; want paid, none", got.Status, f.attempts(t, paid.ID, "STRAY"))
	}
	f.wantAttempts(t, o.ID, "STRAY", 1)
	f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)
	if got := f.order(t, o.ID); got.Status != shop.StatusPending || got.PaidCount != 0 || got.Held {
		t.Errorf("order %s, paid %d times, held %v; want pending, never paid, holding nothing", got.Status, got.PaidCount, got.Held)
	}
	if logs.errorsNaming(o.ID, o.PaymentID) == 0 {
		t.Error("no error names the order whose payment was refunded in part")
	}
}
