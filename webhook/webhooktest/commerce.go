package webhooktest

import "net/http"

// CommercePayload is a Bootpay Commerce order or subscription webhook body
// with the order's fields and a webhook_type. Commerce's own payload
// schema is UNCONFIRMED: this is the shape webhook.DecodeCommerceEvent
// reads. Zero fields are left out (so that a test can omit a required
// one), except Status, which is always written.
type CommercePayload struct {
	WebhookType         string `json:"webhook_type,omitempty"` // "ORDER_PAID", "ORDER_PARTIAL_CANCELLED", …; "" to derive the kind from the status
	OrderID             string `json:"order_id,omitempty"`
	OrderNumber         string `json:"order_number,omitempty"`
	OrderName           string `json:"order_name,omitempty"`
	Price               int64  `json:"price,omitempty"`
	CancelledPrice      int64  `json:"cancelled_price,omitempty"` // cumulative
	Status              int    `json:"status"`                    // the order status: 2 paid, 10 cancelled, …
	ReceiptStatus       int    `json:"receipt_status,omitempty"`  // 1 paid, 20 cancelled; left out when 0
	ReceiptID           string `json:"receipt_id,omitempty"`
	OrderSubscriptionID string `json:"order_subscription_id,omitempty"`
}

// JSON returns the payload as a JSON object, amounts and codes as numbers.
func (p CommercePayload) JSON() []byte { return payloadJSON(p) }

// Form returns the payload as an application/x-www-form-urlencoded body
// (Commerce's header_content_type 1).
func (p CommercePayload) Form() []byte { return payloadForm(p) }

// NewCommerceRequest returns a POST of body to target, with the
// Content-Type of a form when form is set and of JSON otherwise. Its
// RemoteAddr is BootpayAddress (Commerce's own addresses are not
// documented), so it is NewBootpayRequest's request.
func NewCommerceRequest(target string, body []byte, form bool) (*http.Request, error) {
	return NewBootpayRequest(target, body, form)
}
