package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/portone/portonetest"
)

// logTo sends rc's log to the returned buffer.
func logTo(rc *Receiver) *bytes.Buffer {
	var buf bytes.Buffer
	rc.Log = slog.New(slog.NewTextHandler(&buf, nil))
	return &buf
}

// A verified Transaction.Paid whose payment can never match its order (a
// TEST channel: no money moved, and anyone with the store's test channel
// key can make one for any paymentId, here the order id; or another
// amount: 위변조 의심) is acknowledged and logged, never fulfilled: a 5xx
// would only have PortOne deliver it again and again. Its redelivery is
// acknowledged without another lookup (the key is done), and the browser's
// report of it is refused.
func TestUnfulfillablePaymentIsAcknowledgedNotFulfilled(t *testing.T) {
	for _, tc := range []struct {
		name, level, says string
		pay               portonetest.PaymentSpec
	}{
		{"TEST channel", "WARN", "TEST-channel payment", portonetest.PaymentSpec{ID: "order-free", Total: 50000}}, // the sandbox's default: a TEST channel
		{"forged amount", "ERROR", "amount.total", portonetest.PaymentSpec{ID: "order-8", Total: 100, Channel: liveChannel()}},
		{"TEST channel and forged amount", "ERROR", "amount.total", portonetest.PaymentSpec{ID: "order-9", Total: 100}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, rc, h := receiverWithPayment(t, 50000, tc.pay)
			log := logTo(rc)
			for attempt := 1; attempt <= 2; attempt++ {
				if rec := serveRec(h, paidWebhook(t, tc.pay.ID, "msg-1")); rec.Code != http.StatusOK {
					t.Errorf("webhook, attempt %d: %d, want 200 (nothing to deliver again)", attempt, rec.Code)
				}
			}
			if rec := serveRec(h, browserComplete(tc.pay.ID)); rec.Code != http.StatusBadRequest {
				t.Errorf("browser: %d, want 400", rec.Code)
			}
			if o, _ := rc.Shop.Get(tc.pay.ID); o.Fulfilled != 0 {
				t.Errorf("fulfilled %d time(s)", o.Fulfilled)
			}
			if n := ps.Stats().Requests[portonetest.OpPaymentGet]; n != 2 {
				t.Errorf("%d payment lookups, want 2 (the webhook's first attempt and the browser)", n)
			}
			if got := log.String(); strings.Count(got, "level=") != 1 || !strings.Contains(got, "level="+tc.level) ||
				!strings.Contains(got, tc.says) || !strings.Contains(got, "paymentId="+tc.pay.ID) {
				t.Errorf("log: %q, want one %s record naming %s and the payment", got, tc.level, tc.says)
			}
		})
	}
}

// A Transaction.Paid for an order this instance does not know (yet: not
// created or not replicated here) may still match: it is refused with a
// 5xx so that PortOne delivers it again, and the redelivery once the
// order is known fulfils it once.
func TestPaidWebhookForAnUnknownOrderIsRedelivered(t *testing.T) {
	ps, rc, h := newTestReceiver(t)
	ps.CreatePayment(portonetest.PaymentSpec{ID: "order-late", Total: 20000, Channel: liveChannel()})
	log := logTo(rc)

	if rec := serveRec(h, paidWebhook(t, "order-late", "msg-late")); rec.Code != http.StatusInternalServerError {
		t.Fatalf("webhook before the order is known: %d, want 500 (deliver again)", rec.Code)
	}
	rc.Shop.Add("order-late", 20000)
	if rec := serveRec(h, paidWebhook(t, "order-late", "msg-late")); rec.Code != http.StatusOK {
		t.Fatalf("redelivery: %d", rec.Code)
	}
	if o, _ := rc.Shop.Get("order-late"); o.Fulfilled != 1 {
		t.Errorf("fulfilled %d time(s), want 1", o.Fulfilled)
	}
	if log.Len() != 0 {
		t.Errorf("logged %q for a payment that was fulfilled", log)
	}
}
