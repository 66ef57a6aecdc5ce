package shop_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestPortOneStrayRefundedThenAdoptedByAStaleLookup: instance A's lookup
// reads the order's own payment PAID; before A adopts it, the store
// refunds 1,000 won of it in PortOne's console and instance B (the
// browser's retry, Transaction.Paid, the reconciler) reads
// PARTIAL_CANCELLED, records it a stray and cancels the rest. A's adopt
// then finds the payment recorded a stray under the order's row lock and
// leaves the order unpaid: it never ships goods whose money went back.
func TestPortOneStrayRefundedThenAdoptedByAStaleLookup(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		hook := &afterResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), hook: func(n int) {
			if n != 1 {
				return
			}
			if err := f.consoleRefund(o.PaymentID, 1000, "콘솔 부분취소"); err != nil {
				t.Error(err)
			}
			if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusConflict {
				t.Errorf("instance B's completion: %d %+v, want 409 cancelled", code, body)
			}
		}}
		a := f.hookedServer(t, func(c *shop.Config) {
			pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: hook}))
			if err != nil {
				t.Fatal(err)
			}
			c.PortOne = pc
		})
		_, _, _ = a.CompletePortOne(context.Background(), shop.CompleteRequest{PaymentID: o.PaymentID, OrderID: o.ID})

		p, err := f.sb.Config.PortOne.Payments.Get(context.Background(), o.PaymentID)
		if err != nil {
			t.Fatal(err)
		}
		got := f.order(t, o.ID)
		if p.Status == portone.PaymentStatusCancelled && (got.Status == shop.StatusPaid || got.PaidCount != 0) {
			t.Errorf("order %s (paid %d times) while its payment reads %s, refunded as a stray (%d STRAY_REFUNDED): fulfilled goods refunded",
				got.Status, got.PaidCount, p.Status, f.attempts(t, o.ID, "STRAY_REFUNDED"))
		}
	})
}
