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

// TestBrowserFirstThenWebhook: the browser reports the payment before the
// webhook arrives; the order is fulfilled once, and the sandbox saw one
// lookup (the webhook's redelivery found the key done and looked nothing up).
func TestBrowserFirstThenWebhook(t *testing.T) {
	ps := portonetest.NewServer()
	defer ps.Close()
	bs := bootpaytest.NewServer()
	defer bs.Close()
	rc, err := newDemoReceiver(ps, bs)
	if err != nil {
		t.Fatal(err)
	}
	h := rc.Routes()
	rc.Shop.Add("order-7", 9900)
	ps.CreatePayment(portonetest.PaymentSpec{ID: "order-7", Total: 9900})

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/payment/complete", strings.NewReader(`{"paymentId":"order-7"}`)))
	if rec.Code != http.StatusOK {
		t.Fatalf("browser: %d", rec.Code)
	}
	event := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", "order-7", "tx-1", "")
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", demoSecret, "msg-7", time.Now(), event)
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
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
	ps := portonetest.NewServer()
	defer ps.Close()
	bs := bootpaytest.NewServer()
	defer bs.Close()
	rc, err := newDemoReceiver(ps, bs)
	if err != nil {
		t.Fatal(err)
	}
	h := rc.Routes()
	rc.Shop.Add("order-8", 50000)
	ps.CreatePayment(portonetest.PaymentSpec{ID: "order-8", Total: 100})
	event := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", "order-8", "tx-1", "")
	req, _ := webhooktest.NewPortOneRequest("/webhooks/portone", demoSecret, "msg-8", time.Now(), event)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("webhook: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/payment/complete", strings.NewReader(`{"paymentId":"order-8"}`)))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("browser: %d", rec.Code)
	}
	if o, _ := rc.Shop.Get("order-8"); o.Fulfilled != 0 {
		t.Fatalf("fulfilled %d times", o.Fulfilled)
	}
}
