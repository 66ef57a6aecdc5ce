package webhooktest_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// secret is a PortOne webhook secret as the console shows it: "whsec_" and
// the base64 of the key ("paykit example secret").
const secret = "whsec_cGF5a2l0IGV4YW1wbGUgc2VjcmV0"

// at is a fixed signing time, so that the signatures below never change.
var at = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// A Transaction.Paid body and its signature at a fixed time: the
// HMAC-SHA256 of "msg_1.1772366400.<body>" under the decoded secret.
func ExamplePortOneSignature() {
	body := webhooktest.PortOneTransaction("Transaction.Paid", at, "store-1", "order-1001", "tx-1", "")
	fmt.Println(string(body))
	sig, err := webhooktest.PortOneSignature(secret, "msg_1", at, body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sig)
	// Output:
	// {"type":"Transaction.Paid","timestamp":"2026-03-01T12:00:00.000Z","data":{"paymentId":"order-1001","storeId":"store-1","transactionId":"tx-1"}}
	// v1,tnPZHpIIkGjsOTfjBSCN6lGUnmgP7Dz9p6xRx1DkIA8=
}

// Test your PortOne endpoint with a signed delivery: the same secret goes to
// the verifier and to NewPortOneRequest, and the verifier's clock is set to
// the signing time. A redelivery is the same request again (same webhook-id).
func ExampleNewPortOneRequest() {
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{
		Secrets: []string{secret},
		Now:     func() time.Time { return at },
	})
	if err != nil {
		log.Fatal(err)
	}
	handler := webhook.PortOneHandler(v, func(ctx context.Context, d *webhook.PortOneDelivery) error {
		fmt.Println("received", d.Event.EventType(), "id", d.WebhookID)
		return nil
	})

	body := webhooktest.PortOneTransaction("Transaction.PartialCancelled", at, "store-1", "order-1001", "tx-1", "cancel-1")
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", secret, "msg_2", at, body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Method, req.URL, req.Header.Get("webhook-id"), req.Header.Get("webhook-timestamp"))
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	fmt.Println("answered", rec.Code)
	// Output:
	// POST /webhooks/portone msg_2 1772366400
	// received Transaction.PartialCancelled id msg_2
	// answered 200
}

// A Bootpay PG webhook body, as JSON and as a form, and the request from
// Bootpay's documented address that BootpayHandler admits.
func ExampleBootpayPayload() {
	p := webhooktest.BootpayPayload{
		WebhookType: "PAYMENT_COMPLETED",
		ReceiptID:   "6710c2f5a1b2c3d4e5f60718",
		OrderID:     "order-1001",
		Price:       15000,
		Method:      "card",
		Status:      1,
	}
	fmt.Println(string(p.JSON()))
	fmt.Println(string(p.Form()))

	req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", p.JSON(), false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.RemoteAddr, req.Header.Get("Content-Type"))
	ev, err := webhook.DecodeBootpayEvent(req.Header.Get("Content-Type"), p.JSON())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ev.Kind(), ev.Key() == webhook.BootpayPaidKey(p.ReceiptID))
	// Output:
	// {"receipt_id":"6710c2f5a1b2c3d4e5f60718","order_id":"order-1001","price":15000,"method_symbol":"card","status":1,"webhook_type":"PAYMENT_COMPLETED"}
	// method_symbol=card&order_id=order-1001&price=15000&receipt_id=6710c2f5a1b2c3d4e5f60718&status=1&webhook_type=PAYMENT_COMPLETED
	// 223.130.82.4:443 application/json
	// PAYMENT_COMPLETED true
}

// A Bootpay Commerce order webhook body, as JSON and as a form (Commerce's
// header_content_type 1 and 2). Commerce's own payload is UNCONFIRMED: this
// is the shape webhook.DecodeCommerceEvent reads.
func ExampleCommercePayload() {
	p := webhooktest.CommercePayload{
		WebhookType:    "ORDER_PARTIAL_CANCELLED",
		OrderID:        "665f1c2b9a1e4b0012345678",
		OrderNumber:    "20260301120000000042",
		Price:          29900,
		CancelledPrice: 9900, // cumulative
		Status:         2,    // 결제완료: a partly cancelled order stays paid
		ReceiptStatus:  1,
	}
	fmt.Println(string(p.JSON()))
	fmt.Println(string(p.Form()))

	req, err := webhooktest.NewCommerceRequest("/webhooks/commerce", p.Form(), true)
	if err != nil {
		log.Fatal(err)
	}
	ev, err := webhook.DecodeCommerceEvent(req.Header.Get("Content-Type"), p.Form())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ev.Kind(), ev.CancelledPrice)
	// Output:
	// {"webhook_type":"ORDER_PARTIAL_CANCELLED","order_id":"665f1c2b9a1e4b0012345678","order_number":"20260301120000000042","price":29900,"cancelled_price":9900,"status":2,"receipt_status":1}
	// cancelled_price=9900&order_id=665f1c2b9a1e4b0012345678&order_number=20260301120000000042&price=29900&receipt_status=1&status=2&webhook_type=ORDER_PARTIAL_CANCELLED
	// order partially cancelled (부분취소) 9900
}

// Alimtalk (KakaoTalk message) webhooks are signed with an HMAC of
// "{timestamp}.{body}" in hex.
func ExampleAlimtalkHeaders() {
	body := []byte(`{"event_code":301,"event":"delivered","delivery_id":"d-1"}`)
	h := webhooktest.AlimtalkHeaders("alimtalk-secret", at, body)
	fmt.Println(h.Get("X-Bootpay-Timestamp"))
	fmt.Println(h.Get("X-Bootpay-Signature"))

	v, err := webhook.NewAlimtalkVerifier(webhook.AlimtalkConfig{Secret: "alimtalk-secret", Now: func() time.Time { return at }})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verified:", v.Verify(h, body))
	// Output:
	// 1772366400
	// sha256=529b343e1392b29ac417359e4e5a8f27532f99a717c2027671fd355f37cf49fd
	// verified: <nil>
}
