package commerce

import (
	"encoding/json"
	"errors"
	"maps"
	"time"
)

// InvoiceCreateParams creates an invoice (청구서, 링크페이): the body of
// POST /invoices. Bootpay's checkout guide uses one to give a buyer a
// discount computed on your server: create the invoice with the final
// price and pass its InvoiceID to the checkout as request_id. Optional
// fields left zero are not sent (Commerce is known to choke on empty
// objects).
type InvoiceCreateParams struct {
	Name         string // 청구서 이름 (required)
	Title        string
	Price        int64 // the amount to charge, in won (required)
	TaxFreePrice int64
	// OriginalPrice is the price before your discount, for display.
	OriginalPrice int64
	// OrderID is your own order id, sent as the invoice's order_id and,
	// unless Metadata names it already, as Metadata["order_id"] too:
	// Orders.Verify reads your order id from the paid order's metadata
	// (metadata.order_id) only, never from its order_id, which is
	// Commerce's own id, so an invoice carrying yours only in order_id
	// would make a genuine checkout fail Verify (위변조 의심). Whether
	// Commerce copies an invoice's metadata into the order its checkout
	// creates is UNCONFIRMED (commercetest does); if it does not, Verify
	// refuses the checkout on metadata.order_id and, naming no order of
	// yours, never cancels it: no money moves.
	OrderID  string
	UserID   string
	User     *InvoiceUser
	Products []InvoiceProduct
	// Metadata is sent as the invoice's metadata. Its "order_id", when
	// set with OrderID, must be OrderID itself, a string: one naming
	// another order, or of another type, is refused with a
	// *ValidationError before any request, since Verify would compare
	// the checkout with that order. Leave it out and OrderID fills it;
	// your map is not modified.
	Metadata    map[string]any
	RedirectURL string
	WebhookURL  string
	SendTypes   []SendType
	// ExpiredAt is when the invoice stops being payable.
	ExpiredAt time.Time
}

// InvoiceUser is the buyer an invoice is for.
type InvoiceUser struct {
	UserID string      `json:"user_id,omitempty"`
	Name   string      `json:"name,omitempty"`
	Email  string      `json:"email,omitempty"`
	Phone  PhoneNumber `json:"phone,omitempty"`
}

// InvoiceProduct is one product of an invoice.
type InvoiceProduct struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity,omitempty"`
	// Duration is the number of subscription cycles; -1 is unlimited.
	Duration int `json:"duration,omitempty"`
}

// invoiceCreateBody is the wire form of InvoiceCreateParams.
type invoiceCreateBody struct {
	Name          string           `json:"name"`
	Title         string           `json:"title,omitempty"`
	Price         int64            `json:"price"`
	TaxFreePrice  int64            `json:"tax_free_price,omitempty"`
	OriginalPrice int64            `json:"original_price,omitempty"`
	OrderID       string           `json:"order_id,omitempty"`
	UserID        string           `json:"user_id,omitempty"`
	User          *InvoiceUser     `json:"user,omitempty"`
	Products      []InvoiceProduct `json:"products,omitempty"`
	Metadata      map[string]any   `json:"metadata,omitempty"`
	RedirectURL   string           `json:"redirect_url,omitempty"`
	WebhookURL    string           `json:"webhook_url,omitempty"`
	SendTypes     []int            `json:"send_types,omitempty"`
	ExpiredAt     *time.Time       `json:"expired_at,omitempty"`
}

func (p *InvoiceCreateParams) validate() error {
	field := func(name, reason string) error {
		return &ValidationError{Gateway: "commerce", Field: name, Reason: reason}
	}
	switch {
	case p.Name == "":
		return field("Name", "is empty")
	case p.Price <= 0:
		return field("Price", "must be positive")
	case p.TaxFreePrice < 0 || p.TaxFreePrice > p.Price:
		return field("TaxFreePrice", "must be between 0 and Price")
	case p.OriginalPrice < 0:
		return field("OriginalPrice", "may not be negative")
	case p.User != nil && *p.User == InvoiceUser{}:
		return field("User", "is empty; leave it nil")
	case p.metadataNamesAnotherOrder():
		return field("Metadata", `"order_id" must be OrderID (a string), which Orders.Verify reads from metadata.order_id; leave it out and OrderID fills it`)
	}
	for _, pr := range p.Products {
		if err := checkID("Products.ProductID", pr.ProductID); err != nil {
			return err
		}
	}
	return nil
}

func (p *InvoiceCreateParams) body() invoiceCreateBody {
	b := invoiceCreateBody{
		Name: p.Name, Title: p.Title, Price: p.Price, TaxFreePrice: p.TaxFreePrice, OriginalPrice: p.OriginalPrice,
		OrderID: p.OrderID, UserID: p.UserID, User: p.User, Products: p.Products, RedirectURL: p.RedirectURL,
		WebhookURL: p.WebhookURL, SendTypes: ints(p.SendTypes),
	}
	if len(p.Metadata) > 0 {
		b.Metadata = p.Metadata
	}
	if _, set := p.Metadata[metadataOrderID]; p.OrderID != "" && !set {
		b.Metadata = make(map[string]any, len(p.Metadata)+1)
		maps.Copy(b.Metadata, p.Metadata)
		b.Metadata[metadataOrderID] = p.OrderID
	}
	if !p.ExpiredAt.IsZero() {
		b.ExpiredAt = &p.ExpiredAt
	}
	return b
}

// metadataOrderID is the metadata key of the merchant's order id, the one
// Bootpay's checkout guide uses and VerifyParams.MetadataKey defaults to.
const metadataOrderID = "order_id"

// metadataNamesAnotherOrder reports a Metadata["order_id"] that is not
// OrderID: the checkout would be verified against another order.
func (p *InvoiceCreateParams) metadataNamesAnotherOrder() bool {
	v, set := p.Metadata[metadataOrderID]
	s, isString := v.(string)
	return p.OrderID != "" && set && (!isString || s != p.OrderID)
}

// Invoice is a Commerce invoice (청구서). invoice_id is required; other
// fields Commerce omits are zero.
type Invoice struct {
	InvoiceID    string     `json:"invoice_id"`
	Name         string     `json:"name"`
	Title        string     `json:"title"`
	Price        Amount     `json:"price"`
	TaxFreePrice Amount     `json:"tax_free_price"`
	Status       int        `json:"status"` // Commerce documents no values for it
	OrderID      string     `json:"order_id"`
	UserID       string     `json:"user_id"`
	Metadata     Metadata   `json:"metadata"`
	SendTypes    []SendType `json:"send_types"`
	PaymentURL   string     `json:"payment_url"` // the page the buyer pays on
	ExpiredAt    Time       `json:"expired_at"`
	CreatedAt    Time       `json:"created_at"`
}

// UnmarshalJSON decodes the invoice and refuses one without its id: for a
// creation that means the outcome is unknown, never an invoice to lose.
func (inv *Invoice) UnmarshalJSON(data []byte) error {
	type fields Invoice
	if err := json.Unmarshal(data, (*fields)(inv)); err != nil {
		return err
	}
	if inv.InvoiceID == "" {
		return errors.New("commerce: invoice without invoice_id")
	}
	return nil
}

// InvoiceListParams filters the invoice list (GET /invoices).
type InvoiceListParams struct {
	ListPage
	UserID string
	// DateField, From and To filter by a date range (cs_type, css_at,
	// cse_at), sent as YYYY-MM-DD.
	DateField DateField
	From, To  Date
}

// defaultInvoiceLimit is Commerce's invoice page size when none is sent.
const defaultInvoiceLimit = 24

type invoiceListQuery struct {
	Page      int    `url:"page"`
	Limit     int    `url:"limit"`
	Keyword   string `url:"keyword,omitempty"`
	UserID    string `url:"user_id,omitempty"`
	DateField string `url:"cs_type,omitempty"`
	From      Date   `url:"css_at,omitempty"`
	To        Date   `url:"cse_at,omitempty"`
}

func (p *InvoiceListParams) validate() error {
	if err := p.ListPage.validate(); err != nil {
		return err
	}
	if p.UserID != "" {
		if err := checkID("UserID", p.UserID); err != nil {
			return err
		}
	}
	return checkRange(p.From, p.To)
}

func (p *InvoiceListParams) query(page, limit int) invoiceListQuery {
	q := invoiceListQuery{Page: page, Limit: limit, Keyword: p.Keyword, UserID: p.UserID,
		DateField: string(p.DateField), From: p.From, To: p.To}
	if q.DateField == "" && !(p.From.IsZero() && p.To.IsZero()) {
		q.DateField = string(DateCreated)
	}
	return q
}

// notifyBody is the body of POST /invoices/{id}/notify: send_types is
// omitted when empty, which leaves the channels to Commerce.
type notifyBody struct {
	SendTypes []int `json:"send_types,omitempty"`
}
