package shop_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A Transaction.Paid whose lookup at the hooked instance leaves the
// (required) currency out of PortOne's reply is no 위변조 verdict: the
// payment's currency is unknown, not another one, and package portone
// answers such a reply with a *portone.DecodeError, a failed lookup. The
// webhook is refused, so PortOne delivers it again, and the order records
// no mismatch; the redelivery, whose reply names KRW, makes it paid once.
func TestPortOnePaidWebhookWhoseLookupOmitsCurrencyIsRedelivered(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	hooked := f.portoneRewriting(t, o.PaymentID, func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"currency":"KRW",`), nil, 1)
	})
	if code := f.portoneWebhookTo(t, hooked, "Transaction.Paid", o.PaymentID, "msg-paid"); code == http.StatusOK {
		t.Errorf("Transaction.Paid whose lookup has no currency: 200, want it delivered again (not 200)")
	}
	f.wantAttempts(t, o.ID, "REFUSED", 0)
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-paid"); code != http.StatusOK {
		t.Errorf("redelivery whose reply names KRW: %d, want 200", code)
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
}
