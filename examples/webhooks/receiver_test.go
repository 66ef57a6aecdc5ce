package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	if err := demo(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"PortOne webhook, attempt 2: 200",
		"PortOne browser /payment/complete: 200",
		`Bootpay webhook, attempt 2: 200 {"success":true}`,
		"order-portone-1 fulfilled 1 time(s)",
		"order-bootpay-1 fulfilled 1 time(s)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// newTestReceiver is the demo's receiver on a PortOne and a Bootpay
// sandbox, with its routes.
func newTestReceiver(t *testing.T) (*portonetest.Server, *Receiver, http.Handler) {
	t.Helper()
	ps := portonetest.NewServer()
	t.Cleanup(ps.Close)
	bs := bootpaytest.NewServer()
	t.Cleanup(bs.Close)
	rc, err := newDemoReceiver(ps, bs)
	if err != nil {
		t.Fatal(err)
	}
	return ps, rc, rc.Routes()
}

// serveRec serves req with h and returns the answer.
func serveRec(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// browserComplete is the browser's /payment/complete report of paymentID.
func browserComplete(paymentID string) *http.Request {
	return httptest.NewRequest(http.MethodPost, "/payment/complete", strings.NewReader(`{"paymentId":"`+paymentID+`"}`))
}

// paidWebhook is PortOne's signed Transaction.Paid delivery msgID for
// paymentID.
func paidWebhook(t *testing.T, paymentID, msgID string) *http.Request {
	t.Helper()
	event := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", paymentID, "tx-1", "")
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", demoSecret, msgID, time.Now(), event)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestBrowserFirstThenWebhook: the browser reports the payment before the
// webhook arrives; the order is fulfilled once, and the sandbox saw one
// lookup (the webhook's redelivery found the key done and looked nothing up).
func TestBrowserFirstThenWebhook(t *testing.T) {
	ps, rc, h := newTestReceiver(t)
	rc.Shop.Add("order-7", 9900)
	ps.CreatePayment(portonetest.PaymentSpec{ID: "order-7", Total: 9900})

	if rec := serveRec(h, browserComplete("order-7")); rec.Code != http.StatusOK {
		t.Fatalf("browser: %d", rec.Code)
	}
	if rec := serveRec(h, paidWebhook(t, "order-7", "msg-7")); rec.Code != http.StatusOK {
		t.Fatalf("webhook: %d", rec.Code)
	}
	if o, _ := rc.Shop.Get("order-7"); o.Fulfilled != 1 {
		t.Fatalf("fulfilled %d times", o.Fulfilled)
	}
	if n := ps.Stats().Requests[portonetest.OpPaymentGet]; n != 1 {
		t.Fatalf("%d payment lookups, want 1", n)
	}
}

// TestForgedAmountNotFulfilled: a payment whose amount differs from the
// order is never fulfilled, by the webhook or the browser.
func TestForgedAmountNotFulfilled(t *testing.T) {
	ps, rc, h := newTestReceiver(t)
	rc.Shop.Add("order-8", 50000)
	ps.CreatePayment(portonetest.PaymentSpec{ID: "order-8", Total: 100})
	if rec := serveRec(h, paidWebhook(t, "order-8", "msg-8")); rec.Code != http.StatusInternalServerError {
		t.Fatalf("webhook: %d", rec.Code)
	}
	if rec := serveRec(h, browserComplete("order-8")); rec.Code != http.StatusBadRequest {
		t.Fatalf("browser: %d", rec.Code)
	}
	if o, _ := rc.Shop.Get("order-8"); o.Fulfilled != 0 {
		t.Fatalf("fulfilled %d times", o.Fulfilled)
	}
}
