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
	"github.com/paykit-kr/paykit/portone"
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
	ps, _, rc, h := newTestSandboxes(t)
	return ps, rc, h
}

// newTestSandboxes is newTestReceiver that also returns its Bootpay
// sandbox.
func newTestSandboxes(t *testing.T) (*portonetest.Server, *bootpaytest.Server, *Receiver, http.Handler) {
	t.Helper()
	ps := portonetest.NewServer()
	t.Cleanup(ps.Close)
	bs := bootpaytest.NewServer()
	t.Cleanup(bs.Close)
	rc, err := newDemoReceiver(ps, bs)
	if err != nil {
		t.Fatal(err)
	}
	return ps, bs, rc, rc.Routes()
}

// receiverWithPayment is a test receiver whose shop holds order p.ID at
// price and whose PortOne sandbox holds p, that order's payment.
func receiverWithPayment(t *testing.T, price int64, p portonetest.PaymentSpec) (*portonetest.Server, *Receiver, http.Handler) {
	t.Helper()
	ps, rc, h := newTestReceiver(t)
	rc.Shop.Add(p.ID, price)
	ps.CreatePayment(p)
	return ps, rc, h
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
	return portOneWebhook(t, msgID, webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", paymentID, "tx-1", ""))
}

// portOneWebhook is PortOne's signed delivery msgID of body.
func portOneWebhook(t *testing.T, msgID string, body []byte) *http.Request {
	t.Helper()
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", demoSecret, msgID, time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestBrowserFirstThenWebhook: the browser reports the payment before the
// webhook arrives; the order is fulfilled once, and the sandbox saw one
// lookup (the webhook's redelivery found the key done and looked nothing up).
func TestBrowserFirstThenWebhook(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 9900, portonetest.PaymentSpec{ID: "order-7", Total: 9900, Channel: liveChannel()})

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

// A virtual-account payment is not paid when the browser reports it
// (VIRTUAL_ACCOUNT_ISSUED); the deposit comes later with its
// Transaction.Paid webhook. The browser's report must leave the paid key
// open, so that webhook fulfils the order once the buyer has deposited.
func TestVirtualAccountReportedBeforeTheDepositIsFulfilledByTheWebhook(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 30000, portonetest.PaymentSpec{ID: "order-va", Total: 30000, Status: portone.PaymentStatusVirtualAccountIssued, Channel: liveChannel()})

	rec := serveRec(h, browserComplete("order-va"))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"awaiting deposit"`) {
		t.Errorf("browser before the deposit: %d %s, want 200 awaiting deposit", rec.Code, rec.Body)
	}
	if o, _ := rc.Shop.Get("order-va"); o.Fulfilled != 0 {
		t.Fatalf("fulfilled %d times before the deposit", o.Fulfilled)
	}
	depositThenPaidWebhook(t, ps, rc, h, "order-va", "msg-va", "webhook after the deposit")
}

// A Transaction.Paid webhook whose lookup still reads the payment as not
// paid (PortOne's record lagging its webhook) is refused with a 5xx and
// its key released, so PortOne's redelivery fulfils the order once the
// lookup reads PAID.
func TestPaidWebhookBeforeTheLookupReadsPaidIsRedelivered(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 30000, portonetest.PaymentSpec{ID: "order-lag", Total: 30000, Status: portone.PaymentStatusVirtualAccountIssued, Channel: liveChannel()})

	if rec := serveRec(h, paidWebhook(t, "order-lag", "msg-lag")); rec.Code != http.StatusInternalServerError {
		t.Fatalf("webhook while the lookup reads VIRTUAL_ACCOUNT_ISSUED: %d, want 500 (deliver again)", rec.Code)
	}
	depositThenPaidWebhook(t, ps, rc, h, "order-lag", "msg-lag", "redelivery")
}

// depositThenPaidWebhook makes the buyer's deposit into id's account and
// delivers its Transaction.Paid webhook (the delivery named what): the
// webhook must be acknowledged and the order fulfilled once.
func depositThenPaidWebhook(t *testing.T, ps *portonetest.Server, rc *Receiver, h http.Handler, id, msgID, what string) {
	t.Helper()
	if _, err := ps.Deposit(id); err != nil {
		t.Fatal(err)
	}
	if rec := serveRec(h, paidWebhook(t, id, msgID)); rec.Code != http.StatusOK {
		t.Fatalf("%s: %d", what, rec.Code)
	}
	if o, _ := rc.Shop.Get(id); o.Fulfilled != 1 {
		t.Errorf("deposited and its Transaction.Paid webhook delivered (%s): fulfilled %d times, want 1", what, o.Fulfilled)
	}
}
