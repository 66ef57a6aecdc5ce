package shop_test

import (
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// The client confirm's /api/payment/complete verifies the whole receipt:
// outside sandbox mode a Bootpay test-mode receipt (no money moved) never
// pays the order and is not refunded; a receipt captured in another
// currency is a mismatch too, never a sale, and is refunded once.
func TestClientConfirmCompleteVerifiesTheReceipt(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) { c.AcceptTestPayments = false }})
	paid := bootpay.StatusPaid
	for _, tc := range []struct {
		name    string
		spec    bootpaytest.ReceiptSpec
		cancels int
	}{
		{"test mode", bootpaytest.ReceiptSpec{Price: price, Status: &paid, Sandbox: true}, 0},
		{"another currency", bootpaytest.ReceiptSpec{Price: price, Status: &paid, Currency: "USD"}, 1},
	} {
		o := f.newOrder(t, shop.FlowBootpayClient)
		tc.spec.OrderID = o.ID
		rid := f.sb.Bootpay.CreateReceipt(tc.spec).ReceiptID
		if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}); code != http.StatusBadRequest || body.Success {
			t.Errorf("%s: %d %+v, want 400", tc.name, code, body)
		}
		if got := f.order(t, o.ID); got.Status == shop.StatusPaid || got.PaidCount != 0 {
			t.Errorf("%s: order %s, paid %d times", tc.name, got.Status, got.PaidCount)
		}
		if n := f.sb.Bootpay.Stats().CancelsApplied; n != tc.cancels {
			t.Errorf("%s: %d cancels applied in all, want %d", tc.name, n, tc.cancels)
		}
	}
	if got := f.stock(t); got != 10 {
		t.Errorf("stock %d, want 10", got)
	}
}

// A Bootpay receipt naming a PortOne order (its id and amount) never pays
// it: the Bootpay webhook acts on the Bootpay flows only.
func TestBootpayWebhookActsOnBootpayOrdersOnly(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: "READY"})
	rid := f.receipt(o, price, bootpay.StatusPaid)
	if code := f.bootpayWebhook(t, 0, rid, o.ID, price); code != http.StatusOK {
		t.Errorf("webhook: %d, want 200 (a verdict: redelivering changes nothing)", code)
	}
	f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
}
