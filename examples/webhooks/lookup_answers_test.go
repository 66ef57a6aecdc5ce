package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A paid order whose Transaction.Paid arrives in PortOne's legacy
// 2024-01-01 shape (the webhook version a store may still choose in
// PortOne's console), as JSON or as a form, is fulfilled once: by that
// webhook, and not again by the browser's report after it. The legacy
// event shares the current Transaction.Paid's key (webhook.PortOneKey), so
// acknowledging it unrun would mark the key done and the browser's report
// would then answer "paid" with nothing fulfilled.
func TestLegacyPaidWebhookDoesNotConsumeThePaidKey(t *testing.T) {
	for name, tc := range map[string]struct{ contentType, body string }{
		"json": {"application/json", `{"payment_id":"order-legacy","tx_id":"tx-1","status":"Paid"}`},
		"form": {"application/x-www-form-urlencoded", `payment_id=order-legacy&tx_id=tx-1&status=Paid`},
	} {
		t.Run(name, func(t *testing.T) {
			_, rc, h := receiverWithPayment(t, 12000, portonetest.PaymentSpec{ID: "order-legacy", Total: 12000, Channel: liveChannel()})
			req := portOneWebhook(t, "msg-legacy", []byte(tc.body))
			req.Header.Set("Content-Type", tc.contentType)

			if rec := serveRec(h, req); rec.Code != http.StatusOK {
				t.Errorf("legacy Transaction.Paid of a paid order: %d %s, want 200", rec.Code, strings.TrimSpace(rec.Body.String()))
			}
			if o, _ := rc.Shop.Get("order-legacy"); o.Fulfilled != 1 {
				t.Errorf("after the legacy Transaction.Paid: fulfilled %d time(s), want 1", o.Fulfilled)
			}
			rec := serveRec(h, browserComplete("order-legacy"))
			if o, _ := rc.Shop.Get("order-legacy"); o.Fulfilled != 1 {
				t.Errorf("after the browser's report (%d %s): fulfilled %d time(s), want 1",
					rec.Code, strings.TrimSpace(rec.Body.String()), o.Fulfilled)
			}
		})
	}
}

// A Transaction.Paid whose first lookup still reads FAILED (an earlier
// attempt under the same paymentId, or a record lagging its webhook:
// PortOne sends Transaction.Paid only for an approved payment) is no
// verdict. It is refused, its key left open, so PortOne delivers it again;
// the redelivery, whose lookup reads PAID, fulfils the order once, and the
// browser's report after it fulfils nothing more.
func TestPaidWebhookWhoseLookupReadsFailedIsNotAVerdict(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 12000, portonetest.PaymentSpec{ID: "order-failed-lag", Total: 12000, Channel: liveChannel()})
	var edited atomic.Bool
	withPortOneTransport(t, rc, ps, func(next http.RoundTripper) http.RoundTripper {
		return editReply{next: next, match: func(*http.Request) bool { return !edited.Load() }, edit: func(m map[string]json.RawMessage) {
			edited.Store(true)
			m["status"] = json.RawMessage(`"FAILED"`)
			m["failedAt"] = json.RawMessage(`"2025-01-01T00:00:00Z"`)
			m["failure"] = json.RawMessage(`{"reason":"earlier attempt"}`)
		}}
	})

	first := serveRec(h, paidWebhook(t, "order-failed-lag", "msg-failed-lag"))
	if !edited.Load() {
		t.Fatal("the first lookup was not answered FAILED")
	}
	if first.Code == http.StatusOK {
		t.Errorf("Transaction.Paid whose lookup reads FAILED: 200, want it delivered again (not 200)")
	}
	second := serveRec(h, paidWebhook(t, "order-failed-lag", "msg-failed-lag"))
	browser := serveRec(h, browserComplete("order-failed-lag"))
	if o, _ := rc.Shop.Get("order-failed-lag"); o.Fulfilled != 1 {
		t.Errorf("webhook %d, redelivery %d, browser %d %s: fulfilled %d time(s), want 1",
			first.Code, second.Code, browser.Code, strings.TrimSpace(browser.Body.String()), o.Fulfilled)
	}
}

// A lookup whose reply leaves out the (required) currency says nothing
// about the payment's currency: it is a failed lookup (package portone
// answers it with a *portone.DecodeError), not a payment of another
// currency that never comes to match. The Transaction.Paid is refused
// (500) and its key left open, so the redelivery, whose reply names KRW,
// fulfils the order once; the browser reporting first is told to try
// again (502), not that the payment failed verification (400).
func TestLookupWithoutCurrencyIsDeliveredAgain(t *testing.T) {
	setup := func(t *testing.T) (*Receiver, http.Handler, *atomic.Bool) {
		ps, rc, h := receiverWithPayment(t, 12000, portonetest.PaymentSpec{ID: "order-nocur", Total: 12000, Channel: liveChannel()})
		var edited atomic.Bool
		withPortOneTransport(t, rc, ps, func(next http.RoundTripper) http.RoundTripper {
			return editReply{next: next, match: func(*http.Request) bool { return !edited.Load() }, edit: func(m map[string]json.RawMessage) {
				edited.Store(true)
				delete(m, "currency")
			}}
		})
		return rc, h, &edited
	}
	t.Run("webhook", func(t *testing.T) {
		rc, h, edited := setup(t)
		first := serveRec(h, paidWebhook(t, "order-nocur", "msg-nocur"))
		if !edited.Load() {
			t.Fatal("the first lookup's reply kept its currency")
		}
		if first.Code != http.StatusInternalServerError {
			t.Errorf("Transaction.Paid whose lookup has no currency: %d, want 500 (delivered again)", first.Code)
		}
		second := serveRec(h, paidWebhook(t, "order-nocur", "msg-nocur"))
		if o, _ := rc.Shop.Get("order-nocur"); o.Fulfilled != 1 {
			t.Errorf("webhook %d, redelivery %d: fulfilled %d time(s), want 1", first.Code, second.Code, o.Fulfilled)
		}
	})
	t.Run("browser", func(t *testing.T) {
		rc, h, _ := setup(t)
		first := serveRec(h, browserComplete("order-nocur"))
		if first.Code != http.StatusBadGateway {
			t.Errorf("browser's report whose lookup has no currency: %d %s, want 502 (try again)", first.Code, strings.TrimSpace(first.Body.String()))
		}
		again := serveRec(h, browserComplete("order-nocur"))
		if o, _ := rc.Shop.Get("order-nocur"); again.Code != http.StatusOK || o.Fulfilled != 1 {
			t.Errorf("browser's retry: %d, fulfilled %d time(s), want 200 and 1", again.Code, o.Fulfilled)
		}
	})
}
