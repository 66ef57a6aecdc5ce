package bootpay

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/paykit-kr/paykit/internal/redact"
)

// PaymentMethod is one payment method enabled for the store. Bootpay's
// element shape is UNCONFIRMED: PG and Method are read from "pg" and
// "method" when present, and RawJSON holds the element as received.
type PaymentMethod struct {
	PG     string `json:"pg"`
	Method string `json:"method"`
	raw    []byte
}

// UnmarshalJSON decodes an element, which must be a JSON object.
func (m *PaymentMethod) UnmarshalJSON(data []byte) error {
	type fields PaymentMethod
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil || probe == nil {
		return errors.New("bootpay: payment method is not a JSON object")
	}
	if err := json.Unmarshal(data, (*fields)(m)); err != nil {
		return fmt.Errorf("bootpay: payment method: %w", err)
	}
	m.raw = append([]byte(nil), data...)
	return nil
}

// RawJSON returns the element as received.
func (m PaymentMethod) RawJSON() json.RawMessage { return append(json.RawMessage(nil), m.raw...) }

// LinkParams creates a payment link (REST 결제요청).
type LinkParams struct {
	PG     string // optional PG alias
	Method string // optional method, e.g. "card"
	// Methods offers several methods; sent only when set.
	Methods   []string
	OrderID   string // required, your unique order id
	OrderName string // required
	Price     int64  // required, > 0
	TaxFree   int64
	User      *User
	Items     []Item
	Metadata  map[string]any
}

type linkRequest struct {
	PG        string         `json:"pg,omitempty"`
	Method    string         `json:"method,omitempty"`
	Methods   []string       `json:"methods,omitempty"`
	Price     int64          `json:"price"`
	TaxFree   int64          `json:"tax_free,omitempty"`
	OrderID   string         `json:"order_id"`
	OrderName string         `json:"order_name"`
	User      *User          `json:"user,omitempty"`
	Items     []Item         `json:"items,omitempty"`
	Metadata  map[string]any `json:"metadata,omitempty"`
}

func (p *LinkParams) validate() error {
	if err := firstError(checkID("OrderID", p.OrderID), required("OrderName", p.OrderName),
		checkAmounts(p.Price, p.TaxFree, true), checkItems(p.Items, p.Price)); err != nil {
		return err
	}
	return p.User.validate("User")
}

func (p *LinkParams) request() linkRequest {
	return linkRequest{PG: p.PG, Method: p.Method, Methods: p.Methods, Price: p.Price, TaxFree: p.TaxFree,
		OrderID: p.OrderID, OrderName: p.OrderName, User: userOrNil(p.User), Items: p.Items,
		Metadata: metadataOrNil(p.Metadata)}
}

// PaymentLink is a created payment link. Bootpay's reply shape is
// UNCONFIRMED: the Java SDK reads {"data": "<url>"}; "url" is accepted
// too. The URL must be an absolute http(s) URL.
type PaymentLink struct {
	URL string
	raw redact.Hidden
}

// RawJSON returns the reply as received.
func (l *PaymentLink) RawJSON() json.RawMessage { return rawOf(l.raw) }

// UnmarshalJSON reads the link's URL from "data" or "url".
func (l *PaymentLink) UnmarshalJSON(data []byte) error {
	var w struct {
		Data json.RawMessage `json:"data"`
		URL  string          `json:"url"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	var fromData string
	if !isNull(w.Data) && json.Unmarshal(w.Data, &fromData) == nil && fromData != "" {
		l.URL = fromData
	} else {
		l.URL = w.URL
	}
	u, err := url.Parse(l.URL)
	if l.URL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("bootpay: payment link reply without an http(s) URL")
	}
	l.raw = redact.Hide(string(data))
	return nil
}
