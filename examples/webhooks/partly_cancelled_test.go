package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A payment paid and then cancelled in part (부분취소) before its paid event
// is handled (the first delivery failed, say, and the operator gave part
// back meanwhile) matched its order when it was made, but the merchant no
// longer holds the order's amount: it is not fulfilled as paid
// (portone.OutcomePartiallyCancelled). It never becomes paid in full
// again, so its webhook is acknowledged, once, and logged at ERROR for a
// person to refund the rest or ship by hand; it is no 위변조 의심. Bootpay's
// partly cancelled receipt is handled the same way.

// TestPartlyCancelledPortOnePaymentIsNotFulfilled: the Transaction.Paid of
// a PARTIAL_CANCELLED payment of the order's amount, its redelivery and the
// browser's report, in either order, fulfil nothing: the webhook is
// acknowledged (200) and logged once at ERROR naming the payment and the
// amount cancelled, its redelivery finds the key done (no second lookup),
// and the browser is told "partially cancelled". One of another amount
// stays 위변조 의심.
func TestPartlyCancelledPortOnePaymentIsNotFulfilled(t *testing.T) {
	for _, tc := range []struct {
		name         string
		total        int64 // the payment's amount; the order's is 50,000
		browserFirst bool
		browserCode  int
		says         []string
	}{
		{"webhook first", 50000, false, http.StatusOK, []string{"부분취소", "refund the rest", "cancelled=20000"}},
		{"browser first", 50000, true, http.StatusOK, []string{"부분취소", "refund the rest", "cancelled=20000"}},
		{"another amount", 40000, false, http.StatusBadRequest, []string{"위변조 의심", "amount.total"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, rc, h := receiverWithPayment(t, 50000, portonetest.PaymentSpec{ID: "order-pc", Total: tc.total, Channel: liveChannel()})
			log := logTo(rc)
			if _, err := rc.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{
				PaymentID: "order-pc", Amount: 20000, Reason: "부분취소", CurrentCancellableAmount: portone.Ptr(tc.total)}); err != nil {
				t.Fatal(err)
			}
			if p, _ := ps.Payment("order-pc"); p.Status != portone.PaymentStatusPartialCancelled {
				t.Fatalf("payment is %s, want PARTIAL_CANCELLED", p.Status)
			}
			browser := func() {
				rec := serveRec(h, browserComplete("order-pc"))
				if rec.Code != tc.browserCode || strings.Contains(rec.Body.String(), `"paid"`) {
					t.Errorf("browser: %d %s, want %d and never paid", rec.Code, rec.Body, tc.browserCode)
				}
				if tc.browserCode == http.StatusOK && !strings.Contains(rec.Body.String(), `"partially cancelled"`) {
					t.Errorf("browser: %s, want the status partially cancelled", rec.Body)
				}
			}
			if tc.browserFirst {
				browser()
			}
			for attempt := 1; attempt <= 2; attempt++ {
				if rec := serveRec(h, paidWebhook(t, "order-pc", "msg-pc")); rec.Code != http.StatusOK {
					t.Errorf("webhook, attempt %d: %d, want 200 (acknowledged: nothing to deliver again)", attempt, rec.Code)
				}
			}
			if !tc.browserFirst {
				browser()
			}
			if o, _ := rc.Shop.Get("order-pc"); o.Fulfilled != 0 {
				t.Errorf("fulfilled %d time(s) for a payment holding 30,000 of the order's 50,000", o.Fulfilled)
			}
			if n := ps.Stats().Requests[portonetest.OpPaymentGet]; n != 2 {
				t.Errorf("%d lookups, want 2 (the browser's and the first delivery's): the redelivery finds the key done", n)
			}
			assertOneRecord(t, log.String(), "ERROR", append(tc.says, "paymentId=order-pc", "order=order-pc")...)
			if tc.total == 50000 && strings.Contains(log.String(), "위변조") {
				t.Errorf("log: %q: a payment made as ordered and partly refunded is no 위변조 의심", log)
			}
		})
	}
}

// TestPartlyCancelledBootpayReceiptIsNotFulfilled: a Bootpay
// PAYMENT_COMPLETED handled after the merchant's 부분취소 names a receipt
// that no longer holds the order's price: it fulfils nothing, gets
// Bootpay's acknowledgement on both deliveries, and is logged once at
// ERROR naming the receipt and the amount cancelled, without 위변조 의심. A
// receipt cancelled in full since is acknowledged by the webhook package
// (ErrSuperseded), fulfils nothing and logs nothing.
func TestPartlyCancelledBootpayReceiptIsNotFulfilled(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cancel int64 // of 15,000
		logged bool
	}{
		{"partly cancelled", 5000, true},
		{"cancelled in full", 15000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, bs, rc, h := newTestSandboxes(t)
			log := logTo(rc)
			rc.Shop.Add("order-bp-pc", 15000)
			r := bs.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-bp-pc", Price: 15000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
			if _, err := rc.Bootpay.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: r.ReceiptID, Amount: tc.cancel}); err != nil {
				t.Fatal(err)
			}
			for attempt := 1; attempt <= 2; attempt++ {
				if rec := serveRec(h, bootpayPaidWebhook(t, r)); rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != bootpayAck {
					t.Errorf("webhook, attempt %d: %d %q, want 200 %s", attempt, rec.Code, rec.Body, bootpayAck)
				}
			}
			if o, _ := rc.Shop.Get("order-bp-pc"); o.Fulfilled != 0 {
				t.Errorf("fulfilled %d time(s) for a receipt with %d of its 15,000 cancelled", o.Fulfilled, tc.cancel)
			}
			if !tc.logged {
				if log.Len() != 0 {
					t.Errorf("logged %q", log)
				}
				return
			}
			assertOneRecord(t, log.String(), "ERROR", "부분취소", "refund the rest", "cancelled=5000", "receiptId="+r.ReceiptID, "order=order-bp-pc")
			if strings.Contains(log.String(), "위변조") {
				t.Errorf("log: %q: the merchant's own partial refund is no 위변조 의심", log)
			}
		})
	}
}
