package webhooktest

import (
	"net/http"
	"strconv"
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

func (p CommercePayload) fields() fields {
	var f fields
	f.add("webhook_type", p.WebhookType)
	f.add("order_id", p.OrderID)
	f.add("order_number", p.OrderNumber)
	f.add("order_name", p.OrderName)
	f.num("price", p.Price)
	f.num("cancelled_price", p.CancelledPrice)
	f.add("status", strconv.Itoa(p.Status))
	f.num("receipt_status", int64(p.ReceiptStatus))
	f.add("receipt_id", p.ReceiptID)
	f.add("order_subscription_id", p.OrderSubscriptionID)
	return f
}

// commerceNumbers are the members written as JSON numbers.
var commerceNumbers = map[string]bool{"price": true, "cancelled_price": true, "status": true, "receipt_status": true}

// JSON returns the payload as a JSON object, amounts and codes as numbers.
func (p CommercePayload) JSON() []byte { return p.fields().json(commerceNumbers) }

// Form returns the payload as an application/x-www-form-urlencoded body
// (Commerce's header_content_type 1).
func (p CommercePayload) Form() []byte { return p.fields().form() }

// NewCommerceRequest returns a POST of body to target, with the
// Content-Type of a form when form is set and of JSON otherwise. Its
// RemoteAddr is BootpayAddress (Commerce's own addresses are not
// documented), so it is NewBootpayRequest's request.
func NewCommerceRequest(target string, body []byte, form bool) (*http.Request, error) {
	return NewBootpayRequest(target, body, form)
}
