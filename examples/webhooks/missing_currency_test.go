package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit-kr/paykit/portone/portonetest"
)

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
