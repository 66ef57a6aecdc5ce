package webhooktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// PortOneSignature returns the webhook-signature entry "v1,<base64>" that
// PortOne (Standard Webhooks) sends for body: the HMAC-SHA256, under the
// secret (base64, with or without "whsec_"), of "{id}.{unix seconds}.{body}".
//
// Standard Webhooks: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
func PortOneSignature(secret, id string, at time.Time, body []byte) (string, error) {
	return PortOneSignatureText(secret, id, strconv.FormatInt(at.Unix(), 10), body)
}

// PortOneSignatureText is PortOneSignature with the timestamp as the exact
// header text to sign, for tests of unusual timestamps ("0123").
func PortOneSignatureText(secret, id, timestamp string, body []byte) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + timestamp + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil)), nil
}

func decodeSecret(secret string) ([]byte, error) {
	s := strings.TrimPrefix(secret, "whsec_")
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil || len(key) == 0 {
		return nil, errors.New("webhooktest: the secret is empty or not base64")
	}
	return key, nil
}

// PortOneHeaders returns the three Standard Webhooks headers of a delivery
// of body signed with secret at the given time, with id as webhook-id.
func PortOneHeaders(secret, id string, at time.Time, body []byte) (http.Header, error) {
	sig, err := PortOneSignature(secret, id, at, body)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("webhook-id", id)
	h.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
	h.Set("webhook-signature", sig)
	return h, nil
}

// NewPortOneRequest returns a POST of body to target, signed as PortOne
// signs it (see PortOneHeaders). Serve it with httptest.NewRecorder, or
// send it with an http.Client.
func NewPortOneRequest(target, secret, id string, at time.Time, body []byte) (*http.Request, error) {
	h, err := PortOneHeaders(secret, id, at, body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = h
	return req, nil
}

// PortOneTransaction returns a 2024-04-25 Transaction.* event body such as
// PortOne sends: {"type":…,"timestamp":…,"data":{"paymentId":…,
// "storeId":…,"transactionId":…}}, with "cancellationId" when it is not
// empty.
//
// PortOne docs: https://developers.portone.io/opi/ko/integration/webhook/readme-v2
func PortOneTransaction(eventType string, at time.Time, storeID, paymentID, transactionID, cancellationID string) []byte {
	data := `"paymentId":` + strconv.Quote(paymentID) + `,"storeId":` + strconv.Quote(storeID) +
		`,"transactionId":` + strconv.Quote(transactionID)
	if cancellationID != "" {
		data += `,"cancellationId":` + strconv.Quote(cancellationID)
	}
	return envelope(eventType, at, data)
}

// PortOneBillingKey returns a 2024-04-25 BillingKey.* event body.
func PortOneBillingKey(eventType string, at time.Time, storeID, billingKey string) []byte {
	return envelope(eventType, at, `"storeId":`+strconv.Quote(storeID)+`,"billingKey":`+strconv.Quote(billingKey))
}

func envelope(eventType string, at time.Time, data string) []byte {
	return []byte(`{"type":` + strconv.Quote(eventType) + `,"timestamp":"` + at.UTC().Format("2006-01-02T15:04:05.000Z") +
		`","data":{` + data + `}}`)
}

// AlimtalkHeaders returns the headers of a Bootpay alimtalk webhook:
// X-Bootpay-Timestamp (Unix seconds) and X-Bootpay-Signature
// "sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">" under the secret as
// Bootpay shows it (used as bytes, not decoded).
func AlimtalkHeaders(secret string, at time.Time, body []byte) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Bootpay-Timestamp", ts)
	h.Set("X-Bootpay-Signature", "sha256="+hex.EncodeToString(m.Sum(nil)))
	return h
}

// BootpayAddress is an address in Bootpay's documented webhook range
// (223.130.82.0/24), for a request's RemoteAddr.
const BootpayAddress = "223.130.82.4"

// BootpayPayload is a Bootpay PG webhook body, as Bootpay posts it: the
// receipt's fields and webhook_type. Zero fields are left out (so that a
// test can omit a required one), except Status, which is always written.
type BootpayPayload struct {
	ReceiptID      string `json:"receipt_id,omitempty"`
	OrderID        string `json:"order_id,omitempty"`
	Price          int64  `json:"price,omitempty"`
	TaxFree        int64  `json:"tax_free,omitempty"`
	CancelledPrice int64  `json:"cancelled_price,omitempty"`
	OrderName      string `json:"order_name,omitempty"`
	PG             string `json:"pg,omitempty"`
	Method         string `json:"method_symbol,omitempty"` // "card", "vbank", …
	Status         int    `json:"status"`                  // 1 paid, 5 virtual account issued, 20 cancelled
	// WebhookType is last, where Bootpay's documented body has it.
	WebhookType string `json:"webhook_type,omitempty"` // "PAYMENT_COMPLETED", "PAYMENT_CANCELLED", "PAYMENT_PARTIAL_CANCELLED", …; "" for an older payload
}

// JSON returns the payload as a JSON object, amounts and status as numbers.
func (p BootpayPayload) JSON() []byte { return payloadJSON(p) }

// Form returns the payload as an application/x-www-form-urlencoded body.
func (p BootpayPayload) Form() []byte { return payloadForm(p) }

// payloadJSON writes a payload (BootpayPayload, CommercePayload) as its
// tags say: members in the order declared, a zero member left out
// (omitempty), amounts and codes as JSON numbers. HTML characters stay as
// they are ("&" in an order name), as the senders write them.
func payloadJSON(p any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		panic("webhooktest: " + err.Error()) // strings and integers always encode
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// payloadForm writes the members payloadJSON writes as an
// application/x-www-form-urlencoded body, numbers as their digits.
func payloadForm(p any) []byte {
	dec := json.NewDecoder(bytes.NewReader(payloadJSON(p)))
	dec.UseNumber()
	var members map[string]any
	if err := dec.Decode(&members); err != nil {
		panic("webhooktest: " + err.Error()) // payloadJSON wrote an object
	}
	q := url.Values{}
	for k, v := range members {
		q.Set(k, fmt.Sprint(v))
	}
	return []byte(q.Encode())
}

// NewBootpayRequest returns a POST of body to target from BootpayAddress,
// with the Content-Type of a form when form is set and of JSON otherwise.
func NewBootpayRequest(target string, body []byte, form bool) (*http.Request, error) {
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
