package commerce

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
)

// Subscription is an order subscription, a subscription contract (구독
// 계약), as GET /order_subscriptions/{id} and the subscription list return
// it. Amounts are exact won. Fields Commerce leaves out are zero; the
// answers of the decisions (pause, resume, …) are decoded into it as
// Commerce sends them (their shape is UNCONFIRMED).
type Subscription struct {
	OrderSubscriptionID string             `json:"order_subscription_id"`
	OrderNumber         string             `json:"order_number"`
	OrderName           string             `json:"order_name"`
	Status              SubscriptionStatus `json:"status"`
	UserID              string             `json:"user_id"`
	UserGroupID         string             `json:"user_group_id"`
	ProductID           string             `json:"product_id"`
	ProductOptionID     string             `json:"product_option_id"`
	Quantity            int                `json:"quantity"`
	// Price is the base price of one cycle (회차 금액).
	Price        Amount `json:"price"`
	TaxFreePrice Amount `json:"tax_free_price"`
	// CurrentDuration is the current cycle; TotalSubscriptionDuration the
	// cycles in all (-1: unlimited).
	CurrentDuration           int      `json:"current_duration"`
	TotalSubscriptionDuration int      `json:"total_subscription_duration"`
	Metadata                  Metadata `json:"metadata"`
	ServiceStartAt            Time     `json:"service_start_at"`
	ServiceEndAt              Time     `json:"service_end_at"`
	NextBillingAt             Time     `json:"next_billing_at"`
	PausedAt                  Time     `json:"paused_at"`
	ExpectedResumeAt          Time     `json:"expected_resume_at"`
	CreatedAt                 Time     `json:"created_at"`
}

// SubscriptionPage is one page of the subscription list. Commerce answers
// GET /order_subscriptions with an object of counters (count, total,
// sum_active, ing_pause, …) and, as the other lists do, the subscriptions
// under "list" (or "items"); whether it always carries the list is
// UNCONFIRMED, so a page without one is empty when its count (or total)
// is 0, and refused otherwise: counters alone never pass for a page that
// lost its subscriptions. Stats keeps every sum_* and ing_* counter by its
// name.
type SubscriptionPage struct {
	Items []Subscription
	Total int64
	Stats map[string]int64
}

// UnmarshalJSON decodes the list and its counters in one pass over the
// members.
func (p *SubscriptionPage) UnmarshalJSON(data []byte) error {
	var page Page[Subscription]
	if err := page.UnmarshalJSON(data); err != nil && (!errors.Is(err, errNoList) || !countsNone(data)) {
		return err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return err
	}
	p.Items, p.Total, p.Stats = page.Items, page.Total, nil
	for name, raw := range members {
		if !strings.HasPrefix(name, "sum_") && !strings.HasPrefix(name, "ing_") {
			continue
		}
		n, _, err := jsonx.Int64(raw)
		if err != nil {
			return fmt.Errorf("commerce: subscription list %s %w", name, err)
		}
		if p.Stats == nil {
			p.Stats = map[string]int64{}
		}
		p.Stats[name] = n
	}
	return nil
}

// countsNone reports an answer whose count (or, without one, total) is
// present and 0.
func countsNone(data []byte) bool {
	var w struct{ Count, Total json.RawMessage }
	if json.Unmarshal(data, &w) != nil {
		return false
	}
	n := w.Count
	if len(n) == 0 || string(n) == "null" {
		n = w.Total
	}
	v, ok, err := jsonx.Int64(n)
	return err == nil && ok && v == 0
}

// SubscriptionListParams filters the subscription list (GET
// /order_subscriptions). Empty filters are not sent.
type SubscriptionListParams struct {
	ListPage
	// From and To bound the contracts' dates (s_at, e_at), inclusive.
	From, To    Date
	Statuses    []SubscriptionStatus
	OrderNumber string
	UserID      string
	UserGroupID string
	// RequestType keeps contracts with an in-progress request of this type
	// (request_type); its values are UNCONFIRMED.
	RequestType string
}

type subscriptionListQuery struct {
	Page        int    `url:"page"`
	Limit       int    `url:"limit"`
	Keyword     string `url:"keyword,omitempty"`
	From        Date   `url:"s_at,omitempty"`
	To          Date   `url:"e_at,omitempty"`
	Status      []int  `url:"status,omitempty,comma"`
	OrderNumber string `url:"order_number,omitempty"`
	UserID      string `url:"user_id,omitempty"`
	UserGroupID string `url:"user_group_id,omitempty"`
	RequestType string `url:"request_type,omitempty"`
}

func (p *SubscriptionListParams) query(page, limit int) subscriptionListQuery {
	return subscriptionListQuery{Page: page, Limit: limit, Keyword: p.Keyword, From: p.From, To: p.To, Status: ints(p.Statuses),
		OrderNumber: p.OrderNumber, UserID: p.UserID, UserGroupID: p.UserGroupID, RequestType: p.RequestType}
}

func (p *SubscriptionListParams) validate() error {
	if err := p.ListPage.validate(); err != nil {
		return err
	}
	return checkRange(p.From, p.To)
}

// SubscriptionUpdateParams changes a contract (PUT
// /order_subscriptions/{id}); only the fields set are sent.
type SubscriptionUpdateParams struct {
	OrderName       string `json:"order_name,omitempty"`
	ProductID       string `json:"product_id,omitempty"`
	ProductOptionID string `json:"product_option_id,omitempty"`
	Quantity        int    `json:"quantity,omitempty"`
	// Price is the new per-cycle base price (> 0); Commerce re-prices the
	// bills not yet charged.
	Price                     int64  `json:"price,omitempty"`
	TotalSubscriptionDuration int    `json:"total_subscription_duration,omitempty"`
	NextBillingAt             Time   `json:"next_billing_at,omitzero"`
	ServiceEndAt              Time   `json:"service_end_at,omitzero"`
	Memo                      string `json:"memo,omitempty"`
}

func (p *SubscriptionUpdateParams) validate() error {
	if p.Price < 0 || p.Quantity < 0 {
		return &ValidationError{Gateway: "commerce", Field: "Price", Reason: "price and quantity may not be negative"}
	}
	if *p == (SubscriptionUpdateParams{}) {
		return &ValidationError{Gateway: "commerce", Field: "params", Reason: "set at least one field to change"}
	}
	return nil
}

// TerminateParams ends a contract (해지, PUT
// /order_subscriptions/{id}/terminate). The fees are sent only when set.
// TerminationFee and LastBillRefundPrice may not be negative (a
// *ValidationError before any I/O). FinalFee is not checked: the balance
// of a fee and a refund may legitimately be negative (how Commerce
// computes it is UNCONFIRMED).
type TerminateParams struct {
	Reason              string `json:"reason"`
	TerminationFee      *int64 `json:"termination_fee,omitempty"`
	LastBillRefundPrice *int64 `json:"last_bill_refund_price,omitempty"`
	FinalFee            *int64 `json:"final_fee,omitempty"`
	ServiceEndAt        Time   `json:"service_end_at,omitzero"`
	CancelDate          Time   `json:"cancel_date,omitzero"`
}

func (p *TerminateParams) validate() error {
	return checkFees(p.TerminationFee, p.LastBillRefundPrice)
}

// checkFees refuses a negative termination fee or last-bill refund of a
// termination (TerminateParams, TerminationRequest); an unset one is not
// sent. FinalFee is not checked: it may be negative.
func checkFees(terminationFee, lastBillRefund *int64) error {
	switch {
	case terminationFee != nil && *terminationFee < 0:
		return &ValidationError{Gateway: "commerce", Field: "TerminationFee", Reason: "may not be negative"}
	case lastBillRefund != nil && *lastBillRefund < 0:
		return &ValidationError{Gateway: "commerce", Field: "LastBillRefundPrice", Reason: "may not be negative"}
	}
	return nil
}

// PauseParams pauses a contract (일시정지). PausedAt is required.
type PauseParams struct {
	Reason           string `json:"reason,omitempty"`
	PausedAt         Time   `json:"paused_at"`
	ExpectedResumeAt Time   `json:"expected_resume_at,omitzero"`
}

func (p *PauseParams) validate() error {
	if p.PausedAt.IsZero() {
		return &ValidationError{Gateway: "commerce", Field: "PausedAt", Reason: "is required"}
	}
	return nil
}

// ChargeKey is a subscription's charge key (정기결제 키), the credential an
// on-demand charge spends. It prints masked with every fmt verb and in
// slog; JSON encoding sends it, in the body only (never in a URL).
type ChargeKey string

// String masks the key.
func (k ChargeKey) String() string { return redact.Secret(string(k)) }

// GoString masks the key.
func (k ChargeKey) GoString() string { return strconv.Quote(k.String()) }

// LogValue masks the key in slog output.
func (k ChargeKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// Format masks the key for every fmt verb.
func (k ChargeKey) Format(f fmt.State, verb rune) { redact.Format(f, verb, k.String()) }

// ChargeUser is the buyer an on-demand charge or a key revocation names.
type ChargeUser struct {
	UserID   string      `json:"user_id,omitempty"`
	Username string      `json:"username,omitempty"`
	Email    string      `json:"email,omitempty"`
	Phone    PhoneNumber `json:"phone,omitempty"`
}

// ChargeParams is an on-demand charge of a subscription (수동 결제, POST
// /order_subscriptions/charge).
type ChargeParams struct {
	ChargeKey    ChargeKey   `json:"charge_key"`
	Price        int64       `json:"price"`
	TaxFreePrice int64       `json:"tax_free_price,omitempty"`
	User         *ChargeUser `json:"user,omitempty"`
	// Metadata must carry your own id of this intended charge under
	// "order_id", a non-empty string (the key Bootpay's checkout guide and
	// Verify use): an unknown outcome carries it as its Reference, and it
	// finds the charge's order again. A charge without it is refused
	// before any I/O.
	Metadata map[string]any `json:"metadata,omitempty"`
}

func (p *ChargeParams) validate() error {
	switch {
	case p.ChargeKey == "":
		return &ValidationError{Gateway: "commerce", Field: "ChargeKey", Reason: "is required"}
	case p.Price <= 0:
		return &ValidationError{Gateway: "commerce", Field: "Price", Reason: "must be positive"}
	case p.TaxFreePrice < 0 || p.TaxFreePrice > p.Price:
		return &ValidationError{Gateway: "commerce", Field: "TaxFreePrice", Reason: "must be between 0 and Price"}
	case p.orderID() == "":
		return &ValidationError{Gateway: "commerce", Field: `Metadata["order_id"]`, Reason: "must be your non-empty order id of this charge"}
	}
	return nil
}

// orderID is the merchant's id of the charge, Metadata["order_id"].
func (p *ChargeParams) orderID() string {
	id, _ := p.Metadata["order_id"].(string)
	return id
}

// Charge is Commerce's answer to an on-demand charge. Its shape is
// UNCONFIRMED: the order and payment ids, the amount and the statuses are
// decoded when present, and RawJSON keeps the whole answer. An answer
// naming neither order_id nor receipt_id proves no charge and is refused
// (Charge then reports an unknown outcome). A Charge that
// SubscriptionsService.Charge returns was not contradicted by its answer:
// see there for the answers it turns into errors.
type Charge struct {
	OrderID       string        `json:"order_id"`
	OrderNumber   string        `json:"order_number"`
	ReceiptID     string        `json:"receipt_id"`
	Price         Amount        `json:"price"`
	Status        OrderStatus   `json:"status"`
	ReceiptStatus ReceiptStatus `json:"receipt_status"`
	// Metadata is the order's metadata as Commerce echoes it: one whose
	// "order_id" is not the charge's is another charge's answer.
	Metadata Metadata `json:"metadata"`

	// sent records which of price, status and receipt_status the answer
	// carried (not null): only those can contradict the request.
	sent chargeSent
	raw  redact.Hidden
}

// chargeSent records the members of a charge answer that were present.
type chargeSent struct{ price, status, receiptStatus bool }

type chargeFields Charge

// chargeWire decodes a charge in one pass while seeing which of its
// checked members are present: the shallower fields shadow the embedded
// ones of the same name.
type chargeWire struct {
	*chargeFields
	Price         *Amount        `json:"price"`
	Status        *OrderStatus   `json:"status"`
	ReceiptStatus *ReceiptStatus `json:"receipt_status"`
}

// UnmarshalJSON decodes the charge and keeps the raw answer.
func (c *Charge) UnmarshalJSON(data []byte) error {
	w := chargeWire{chargeFields: (*chargeFields)(c)}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if c.OrderID == "" && c.ReceiptID == "" {
		return errors.New("commerce: charge answer names neither order_id nor receipt_id")
	}
	c.sent = chargeSent{price: w.Price != nil, status: w.Status != nil, receiptStatus: w.ReceiptStatus != nil}
	if w.Price != nil {
		c.Price = *w.Price
	}
	if w.Status != nil {
		c.Status = *w.Status
	}
	if w.ReceiptStatus != nil {
		c.ReceiptStatus = *w.ReceiptStatus
	}
	c.raw = redact.Hide(string(data))
	return nil
}

// RawJSON returns the answer as Commerce sent it.
func (c *Charge) RawJSON() json.RawMessage { return json.RawMessage(c.raw.Reveal()) }

// chargeKeyBody is the body of DELETE /order_subscriptions/charge.
type chargeKeyBody struct {
	ChargeKey ChargeKey   `json:"charge_key"`
	User      *ChargeUser `json:"user,omitempty"`
}

// SubscriptionTarget names the contract of a buyer's request: by its id
// or its order number (one of them).
type SubscriptionTarget struct {
	OrderSubscriptionID string `json:"order_subscription_id,omitempty"`
	OrderNumber         string `json:"order_number,omitempty"`
}

func (t SubscriptionTarget) validate() error {
	if t.OrderSubscriptionID == "" && t.OrderNumber == "" {
		return &ValidationError{Gateway: "commerce", Field: "OrderSubscriptionID", Reason: "name the contract by its id or its order number"}
	}
	return nil
}

func (t SubscriptionTarget) ref() string {
	if t.OrderSubscriptionID != "" {
		return t.OrderSubscriptionID
	}
	return t.OrderNumber
}

// PauseRequest is a buyer's request to pause (POST
// /order_subscriptions/requests/ing/pause).
type PauseRequest struct {
	SubscriptionTarget
	Reason           string `json:"reason,omitempty"`
	PausedAt         Time   `json:"paused_at,omitzero"`
	ExpectedResumeAt Time   `json:"expected_resume_at,omitzero"`
}

// ResumeRequest is a buyer's request to resume (PUT
// /order_subscriptions/requests/ing/resume).
type ResumeRequest struct {
	SubscriptionTarget
	Reason   string `json:"reason,omitempty"`
	ResumeAt Time   `json:"resume_at,omitzero"`
}

// PurchaseRequest is a buyer's request to buy the rented goods out (중도인수,
// POST /order_subscriptions/requests/ing/purchase). Price may not be
// negative nor TaxFreePrice outside 0 to Price (a *ValidationError before
// any I/O); a zero one is not sent.
type PurchaseRequest struct {
	SubscriptionTarget
	Price        int64  `json:"price,omitempty"`
	TaxFreePrice int64  `json:"tax_free_price,omitempty"`
	Reason       string `json:"reason,omitempty"`
}

func (p *PurchaseRequest) validate() error {
	if err := p.SubscriptionTarget.validate(); err != nil {
		return err
	}
	switch {
	case p.Price < 0:
		return &ValidationError{Gateway: "commerce", Field: "Price", Reason: "may not be negative"}
	case p.TaxFreePrice < 0 || p.TaxFreePrice > p.Price:
		return &ValidationError{Gateway: "commerce", Field: "TaxFreePrice", Reason: "must be between 0 and Price"}
	}
	return nil
}

// TransferRequest is a buyer's request to hand the contract to another
// person (승계, POST /order_subscriptions/requests/ing/transfer). Commerce
// takes the contract by id only.
type TransferRequest struct {
	OrderSubscriptionID string      `json:"order_subscription_id"`
	NewUserID           string      `json:"new_user_id,omitempty"`
	NewUsername         string      `json:"new_username,omitempty"`
	NewUserEmail        string      `json:"new_user_email,omitempty"`
	NewUserPhone        PhoneNumber `json:"new_user_phone,omitempty"`
	NewUserAddress      string      `json:"new_user_address,omitempty"`
	WalletID            string      `json:"wallet_id,omitempty"`
	Reason              string      `json:"reason,omitempty"`
}

// TerminationRequest is a buyer's request to terminate (POST
// /order_subscriptions/requests/ing/termination). Its fees are checked as
// TerminateParams's are.
type TerminationRequest struct {
	SubscriptionTarget
	TerminationFee      *int64 `json:"termination_fee,omitempty"`
	LastBillRefundPrice *int64 `json:"last_bill_refund_price,omitempty"`
	FinalFee            *int64 `json:"final_fee,omitempty"`
	ServiceEndAt        Time   `json:"service_end_at,omitzero"`
	Reason              string `json:"reason,omitempty"`
}

func (p *TerminationRequest) validate() error {
	if err := p.SubscriptionTarget.validate(); err != nil {
		return err
	}
	return checkFees(p.TerminationFee, p.LastBillRefundPrice)
}

// TerminationFee is Commerce's calculation of what ending a contract
// costs (GET /order_subscriptions/requests/ing/calculate_termination_fee).
type TerminationFee struct {
	Termination       TerminationCalc `json:"termination"`
	HasPendingRequest bool            `json:"has_pending_request"`
}

// TerminationCalc is the fee calculation itself (Bootpay's
// CalcTerminateFee).
type TerminationCalc struct {
	OrderSubscriptionID string `json:"order_subscription_id"`
	UseTermination      bool   `json:"use_termination"`
	UseTerminationFee   bool   `json:"use_termination_fee"`
	RemainingDuration   int    `json:"remaining_duration"`
	RemainingPrice      Amount `json:"remaining_price"`
	TerminationFee      Amount `json:"termination_fee"`
	LastBillRefundPrice Amount `json:"last_bill_refund_price"`
	FinalFee            Amount `json:"final_fee"`
	Price               Amount `json:"price"`
	IsUnlimited         bool   `json:"is_unlimited"`
	ServiceEndAt        Time   `json:"service_end_at"`
	CancelDate          Time   `json:"cancel_date"`
}

type terminationFeeQuery struct {
	OrderSubscriptionID string `url:"order_subscription_id,omitempty"`
	OrderNumber         string `url:"order_number,omitempty"`
}

// Adjustment is a price adjustment of some cycles of a contract (금액 조정):
// a negative Price is a discount.
type Adjustment struct {
	Name         string `json:"name"`
	Price        int64  `json:"price"`
	TaxFreePrice int64  `json:"tax_free_price,omitempty"`
	// Duration is how many cycles it applies to (Commerce's default 1; -1
	// every cycle); DurationFrom and DurationTo bound them instead.
	Duration     int  `json:"duration,omitempty"`
	DurationFrom int  `json:"duration_from,omitempty"`
	DurationTo   int  `json:"duration_to,omitempty"`
	IsUnlimited  bool `json:"is_unlimited,omitempty"`
	// Type 1 is a period discount.
	Type int `json:"type,omitempty"`
}

func (a *Adjustment) validate() error {
	if a.Name == "" {
		return &ValidationError{Gateway: "commerce", Field: "Name", Reason: "is required"}
	}
	if a.DurationFrom < 0 || a.DurationTo < 0 || (a.DurationTo > 0 && a.DurationTo < a.DurationFrom) {
		return &ValidationError{Gateway: "commerce", Field: "DurationTo", Reason: "must not be before DurationFrom"}
	}
	return nil
}

// adjustmentsBody replaces the adjustments of one cycle.
type adjustmentsBody struct {
	Duration    int          `json:"duration"`
	Adjustments []Adjustment `json:"adjustments"`
}

type adjustmentIDBody struct {
	ID string `json:"order_subscription_adjustment_id"`
}

// Bill is one bill of a subscription (구독 청구서, order_subscription_bill).
type Bill struct {
	OrderSubscriptionBillID string     `json:"order_subscription_bill_id"`
	OrderSubscriptionID     string     `json:"order_subscription_id"`
	OrderID                 string     `json:"order_id"`
	Status                  BillStatus `json:"status"`
	Duration                int        `json:"duration"`
	Price                   Amount     `json:"price"`
	TaxFreePrice            Amount     `json:"tax_free_price"`
	BillingAt               Time       `json:"billing_at"`
	PurchasedAt             Time       `json:"purchased_at"`
	CreatedAt               Time       `json:"created_at"`
}

// BillListParams filters the bill list (GET /order_subscription_bills).
type BillListParams struct {
	ListPage
	OrderSubscriptionID string
	Statuses            []BillStatus
	ExternalUID         string
}

type billListQuery struct {
	Page                int    `url:"page"`
	Limit               int    `url:"limit"`
	Keyword             string `url:"keyword,omitempty"`
	OrderSubscriptionID string `url:"order_subscription_id,omitempty"`
	Status              []int  `url:"status,omitempty,comma"`
	ExternalUID         string `url:"external_uid,omitempty"`
}

func (p *BillListParams) query(page, limit int) billListQuery {
	return billListQuery{Page: page, Limit: limit, Keyword: p.Keyword, OrderSubscriptionID: p.OrderSubscriptionID,
		Status: ints(p.Statuses), ExternalUID: p.ExternalUID}
}
