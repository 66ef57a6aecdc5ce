package webhooktest

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// CommercePayload is a Bootpay Commerce order or subscription webhook body
// with the order's fields and a webhook_type. Commerce's own payload
// schema is UNCONFIRMED: this is the shape webhook.DecodeCommerceEvent
// reads. Zero fields are left out (so that a test can omit a required
// one), except Status, which is always written.
type CommercePayload struct {
	WebhookType         string // "ORDER_PAID", "ORDER_PARTIAL_CANCELLED", …; "" to derive the kind from the status
	OrderID             string
	OrderNumber         string
	OrderName           string
	Price               int64
	CancelledPrice      int64 // cumulative
	Status              int   // the order status: 2 paid, 10 cancelled, …
	ReceiptStatus       int   // 1 paid, 20 cancelled; left out when 0
	ReceiptID           string
	OrderSubscriptionID string
}

func (p CommercePayload) fields() [][2]string {
	var out [][2]string
	add := func(k, v string) {
		if v != "" {
			out = append(out, [2]string{k, v})
		}
	}
	num := func(k string, n int64) {
		if n != 0 {
			add(k, strconv.FormatInt(n, 10))
		}
	}
	add("webhook_type", p.WebhookType)
	add("order_id", p.OrderID)
	add("order_number", p.OrderNumber)
	add("order_name", p.OrderName)
	num("price", p.Price)
	num("cancelled_price", p.CancelledPrice)
	add("status", strconv.Itoa(p.Status))
	num("receipt_status", int64(p.ReceiptStatus))
	add("receipt_id", p.ReceiptID)
	add("order_subscription_id", p.OrderSubscriptionID)
	return out
}

// commerceNumbers are the members written as JSON numbers.
var commerceNumbers = map[string]bool{"price": true, "cancelled_price": true, "status": true, "receipt_status": true}

// JSON returns the payload as a JSON object, amounts and codes as numbers.
func (p CommercePayload) JSON() []byte {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range p.fields() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(f[0]) + ":")
		if commerceNumbers[f[0]] {
			b.WriteString(f[1])
		} else {
			b.WriteString(strconv.Quote(f[1]))
		}
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// Form returns the payload as an application/x-www-form-urlencoded body
// (Commerce's header_content_type 1).
func (p CommercePayload) Form() []byte {
	q := url.Values{}
	for _, f := range p.fields() {
		q.Set(f[0], f[1])
	}
	return []byte(q.Encode())
}

// NewCommerceRequest returns a POST of body to target, with the
// Content-Type of a form when form is set and of JSON otherwise. Its
// RemoteAddr is BootpayAddress (Commerce's own addresses are not
// documented).
func NewCommerceRequest(target string, body []byte, form bool) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.RemoteAddr = BootpayAddress + ":443"
	req.Header.Set("Content-Type", "application/json")
	if form {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, nil
}
