package shop_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// portoneLegacyWebhook delivers PortOne's signed webhook webhookID in the
// 2024-01-01 shape ({"payment_id","tx_id","status"}, the webhook version a
// store may still choose in PortOne's console) to instance i and returns
// the answer's status.
func (f *fixture) portoneLegacyWebhook(t *testing.T, i int, status, paymentID, webhookID string) int {
	t.Helper()
	body := []byte(`{"payment_id":"` + paymentID + `","tx_id":"tx-` + paymentID + `","status":"` + status + `"}`)
	return postPortOneWebhook(t, f.inst[i].api.URL, webhookID, body)
}

// portoneRewriting is one more shop instance on the fixture's database
// whose PortOne lookups of paymentID are answered with what rewrite makes
// of PortOne's reply; it returns the instance's URL.
func (f *fixture) portoneRewriting(t *testing.T, paymentID string, rewrite func([]byte) []byte) string {
	t.Helper()
	return f.hookedInstance(t, func(c *shop.Config) {
		rt := &rewriteResponse{next: http.DefaultTransport, match: getOf(paymentID), rewrite: rewrite}
		pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			t.Fatal(err)
		}
		c.PortOne = pc
	})
}

// A Transaction.Paid in PortOne's 2024-01-01 shape, which package webhook
// decodes as *webhook.PortOneLegacyEvent under the current
// Transaction.Paid's key, completes the order as the current shape does,
// once across its redelivery. Acknowledged without acting, its key would be
// done and every redelivery acknowledged unrun: a card payment whose buyer
// closed the tab would stay pending until the reconciler's lookback
// happened to find it.
func TestPortOneLegacyPaidWebhookCompletesTheOrder(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	for range 2 {
		if code := f.portoneLegacyWebhook(t, 0, "Paid", o.PaymentID, "msg-legacy"); code != http.StatusOK {
			t.Errorf("legacy Transaction.Paid of a PAID payment: %d, want 200", code)
		}
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
}

// A legacy-shape VirtualAccountIssued stores the account and holds the
// pair, as the current shape's does; the deposit's legacy Transaction.Paid
// then makes the order paid.
func TestPortOneLegacyVirtualAccountWebhooks(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued})
	if code := f.portoneLegacyWebhook(t, 0, "VirtualAccountIssued", o.PaymentID, "msg-issued"); code != http.StatusOK {
		t.Errorf("legacy VirtualAccountIssued: %d, want 200", code)
	}
	f.wantOrder(t, o.ID, shop.StatusAwaitingDeposit, "", 0, 9)
	if got := f.order(t, o.ID); got.VANumber == "" {
		t.Errorf("legacy VirtualAccountIssued stored no account")
	}
	if _, err := f.sb.PortOne.Deposit(o.PaymentID); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneLegacyWebhook(t, 0, "Paid", o.PaymentID, "msg-deposit"); code != http.StatusOK {
		t.Errorf("legacy Transaction.Paid after the deposit: %d, want 200", code)
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
}

// A legacy-shape Cancelled of a paid order cancelled in full at PortOne
// ends the order refunded and gives the pair back, as the current shape's
// Transaction.Cancelled does.
func TestPortOneLegacyCancelledWebhookRefundsTheOrder(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Fatalf("complete: %d %+v", code, body)
	}
	if _, err := f.sb.Config.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{PaymentID: o.PaymentID, Full: true, Reason: "고객 요청"}); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneLegacyWebhook(t, 0, "Cancelled", o.PaymentID, "msg-cancel"); code != http.StatusOK {
		t.Errorf("legacy Cancelled: %d, want 200", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded || got.Held || f.stock(t) != 10 {
		t.Errorf("order %s, held %v, stock %d; want refunded, nothing held, stock 10", got.Status, got.Held, f.stock(t))
	}
}

// A Transaction.Paid whose lookup at the hooked instance still reads
// FAILED (an earlier attempt under the same paymentId, or PortOne's record
// lagging its webhook: PortOne sends Transaction.Paid only for an approved
// payment) is no verdict: it is refused, so PortOne delivers it again, and
// records no payment_failed reason on the order. The redelivery, whose
// lookup reads PAID, makes the order paid once.
func TestPortOnePaidWebhookWhoseLookupReadsFailedIsRedelivered(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	hooked := f.portoneRewriting(t, o.PaymentID, func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"status":"PAID"`),
			[]byte(`"status":"FAILED","failedAt":"2025-01-01T00:00:00Z","failure":{"reason":"an earlier attempt"}`), 1)
	})
	if code := f.portoneWebhookTo(t, hooked, "Transaction.Paid", o.PaymentID, "msg-paid"); code == http.StatusOK {
		t.Errorf("Transaction.Paid whose lookup reads FAILED: 200, want it delivered again (not 200)")
	}
	f.wantUnpaid(t, o.ID, "")
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-paid"); code != http.StatusOK {
		t.Errorf("redelivery once the lookup reads PAID: %d, want 200", code)
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
}

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
