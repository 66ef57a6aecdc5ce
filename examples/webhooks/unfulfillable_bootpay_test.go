package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// bootpayAck is the answer Bootpay requires to stop delivering a webhook.
const bootpayAck = `{"success":true}`

// bootpayPaidWebhook is Bootpay's PAYMENT_COMPLETED delivery for r as it
// was when paid (status 1, nothing cancelled), from Bootpay's address.
func bootpayPaidWebhook(t *testing.T, r bootpaytest.Receipt) *http.Request {
	t.Helper()
	body := webhooktest.BootpayPayload{WebhookType: "PAYMENT_COMPLETED", ReceiptID: r.ReceiptID, OrderID: r.OrderID, Price: r.Price, Status: 1}.JSON()
	req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", body, false)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// A verified Bootpay PAYMENT_COMPLETED whose receipt, looked up now, can
// never fulfil its order is acknowledged and logged, never fulfilled: a
// 5xx would only have Bootpay deliver it again until it gives up. A
// receipt of another amount is 위변조 의심 (ERROR), also when the merchant
// has partly cancelled it since (부분취소: a partly cancelled receipt of the
// order's amount is logged without 위변조 의심 instead, see
// TestPartlyCancelledBootpayReceiptIsNotFulfilled). Both attempts get
// Bootpay's acknowledgement, and the redelivery runs nothing (one log
// record).
func TestUnfulfillableBootpayReceiptIsAcknowledgedNotFulfilled(t *testing.T) {
	for _, tc := range []struct {
		name          string
		price, cancel int64 // the receipt's price, and the amount cancelled before the webhook is handled
		level         string
		says          []string
	}{
		{"another amount", 100, 0, "ERROR", []string{"위변조 의심", "price"}},
		{"another amount, partly cancelled since", 100, 50, "ERROR", []string{"위변조 의심", "price"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, bs, rc, h := newTestSandboxes(t)
			log := logTo(rc)
			rc.Shop.Add("order-bp", 15000)
			r := bs.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-bp", Price: tc.price, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
			if tc.cancel > 0 {
				if _, err := rc.Bootpay.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: r.ReceiptID, Amount: tc.cancel}); err != nil {
					t.Fatal(err)
				}
			}
			for attempt := 1; attempt <= 2; attempt++ {
				if rec := serveRec(h, bootpayPaidWebhook(t, r)); rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != bootpayAck {
					t.Errorf("webhook, attempt %d: %d %q, want 200 %s (nothing to deliver again)", attempt, rec.Code, rec.Body, bootpayAck)
				}
			}
			if o, _ := rc.Shop.Get("order-bp"); o.Fulfilled != 0 {
				t.Errorf("fulfilled %d time(s)", o.Fulfilled)
			}
			assertOneRecord(t, log.String(), tc.level, append(tc.says, "receiptId="+r.ReceiptID, "order=order-bp")...)
		})
	}
}

// A Bootpay PAYMENT_COMPLETED for an order this instance does not know
// (yet) may still match: it is refused with a 5xx so that Bootpay
// delivers it again, and the redelivery once the order is known fulfils
// it once.
func TestBootpayPaidWebhookForAnUnknownOrderIsRedelivered(t *testing.T) {
	_, bs, rc, h := newTestSandboxes(t)
	log := logTo(rc)
	r := bs.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-bp-late", Price: 20000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})

	if rec := serveRec(h, bootpayPaidWebhook(t, r)); rec.Code < 500 {
		t.Fatalf("webhook before the order is known: %d, want a 5xx (deliver again)", rec.Code)
	}
	rc.Shop.Add("order-bp-late", 20000)
	if rec := serveRec(h, bootpayPaidWebhook(t, r)); rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != bootpayAck {
		t.Fatalf("redelivery: %d %q", rec.Code, rec.Body)
	}
	if rec := serveRec(h, bootpayPaidWebhook(t, r)); rec.Code != http.StatusOK {
		t.Fatalf("second redelivery: %d", rec.Code)
	}
	if o, _ := rc.Shop.Get("order-bp-late"); o.Fulfilled != 1 {
		t.Errorf("fulfilled %d time(s), want 1", o.Fulfilled)
	}
	if log.Len() != 0 {
		t.Errorf("logged %q for a payment that was fulfilled", log)
	}
}

// assertOneRecord checks that log holds exactly one record, at level, and
// that it says each of says.
func assertOneRecord(t *testing.T, log, level string, says ...string) {
	t.Helper()
	if strings.Count(log, "level=") != 1 || !strings.Contains(log, "level="+level+" ") {
		t.Errorf("log: %q, want one %s record", log, level)
	}
	for _, s := range says {
		if !strings.Contains(log, s) {
			t.Errorf("log: %q, want it to say %q", log, s)
		}
	}
}
