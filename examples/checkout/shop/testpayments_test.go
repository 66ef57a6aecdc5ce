package shop_test

import (
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// Outside sandbox mode a payment through a PortOne TEST channel moved no
// money and never pays an order; a LIVE channel's payment does.
func TestPortOneTestChannelNeverPays(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) { c.AcceptTestPayments = false }})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price}) // the sandbox's default: a TEST channel
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusBadRequest || body.Status == shop.StatusPaid {
		t.Errorf("test channel: %d %+v, want 400", code, body)
	}
	f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)

	live := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: live.PaymentID, Total: price,
		Channel: &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, PGProvider: portone.PGProviderTosspayments, PGMerchantID: "tosstest"}})
	if code, body := f.complete(t, 0, live.PaymentID, live.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Errorf("live channel: %d %+v, want 200 paid", code, body)
	}
}
