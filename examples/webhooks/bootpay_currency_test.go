package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// A Bootpay receipt of the order's number but in another
// currency is not the order's amount. The PortOne path refuses another
// currency (neverMatches names it); the Bootpay path must too, as the
// checkout example's does (Currency: "KRW"). It is acknowledged and
// logged (it never comes to match), never fulfilled.
func TestBootpayReceiptInAnotherCurrencyIsNotFulfilled(t *testing.T) {
	_, bs, rc, h := newTestSandboxes(t)
	log := logTo(rc)
	rc.Shop.Add("order-usd", 15000)
	r := bs.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-usd", Price: 15000, Currency: "USD",
		Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	if rec := serveRec(h, bootpayPaidWebhook(t, r)); rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != bootpayAck {
		t.Errorf("webhook: %d %q, want 200 %s (it never comes to match)", rec.Code, rec.Body, bootpayAck)
	}
	if o, _ := rc.Shop.Get("order-usd"); o.Fulfilled != 0 {
		t.Fatalf("a 15000 USD receipt fulfilled a 15000 KRW order %d time(s)", o.Fulfilled)
	}
	assertOneRecord(t, log.String(), "ERROR", "currency", "order=order-usd")
}
