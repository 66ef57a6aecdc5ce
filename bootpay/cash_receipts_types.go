package bootpay

import (
	"encoding/json"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// CashReceiptType is the kind of a cash receipt (현금영수증), as Bootpay
// takes it: in Korean.
type CashReceiptType string

// Cash receipt kinds.
const (
	CashReceiptIncomeDeduction CashReceiptType = "소득공제" // for a person (income deduction)
	CashReceiptExpenseProof    CashReceiptType = "지출증빙" // for a business (expense proof)
)

func (t CashReceiptType) valid() bool {
	return t == CashReceiptIncomeDeduction || t == CashReceiptExpenseProof
}

// CashReceiptParams publishes a cash receipt for a Bootpay payment
// (결제 건 현금영수증 발행).
type CashReceiptParams struct {
	ReceiptID string          // required: the payment
	Type      CashReceiptType // required
	// IdentityNo is the number the receipt is issued to: a phone number,
	// a resident number or a business number (required).
	IdentityNo Secret
	Username   string
	Email      string
	Phone      PhoneNumber
	Currency   string // "KRW" when empty on Bootpay's side
}

type cashReceiptRequest struct {
	ReceiptID  string          `json:"receipt_id"`
	Username   string          `json:"username,omitempty"`
	Email      string          `json:"email,omitempty"`
	Phone      string          `json:"phone,omitempty"`
	IdentityNo string          `json:"identity_no"`
	Type       CashReceiptType `json:"cash_receipt_type"`
	Currency   string          `json:"currency,omitempty"`
}

func (p *CashReceiptParams) validate() error {
	if err := firstError(checkID("ReceiptID", p.ReceiptID), checkIdentityNo(p.IdentityNo)); err != nil {
		return err
	}
	if !p.Type.valid() {
		return invalid("Type", `must be CashReceiptIncomeDeduction ("소득공제") or CashReceiptExpenseProof ("지출증빙")`)
	}
	if p.Phone != "" && !isPhone(string(p.Phone)) {
		return invalid("Phone", "must be a phone number")
	}
	return nil
}

// checkIdentityNo accepts 9 to 13 digits, dashes allowed: a phone,
// resident or business number.
func checkIdentityNo(n Secret) error {
	if !transport.Digits(onlyDigits(string(n), "-"), 9, 13) {
		return invalid("IdentityNo", "must be a phone, resident or business number (9 to 13 digits)")
	}
	return nil
}

func (p *CashReceiptParams) request() cashReceiptRequest {
	return cashReceiptRequest{ReceiptID: p.ReceiptID, Username: p.Username, Email: p.Email, Phone: string(p.Phone),
		IdentityNo: onlyDigits(string(p.IdentityNo), "-"), Type: p.Type, Currency: p.Currency}
}

// StandaloneCashReceiptParams publishes a cash receipt for a payment made
// outside Bootpay (별건 현금영수증 발행).
type StandaloneCashReceiptParams struct {
	// PG is optional: Bootpay uses the store's default PG when empty.
	PG         string
	OrderID    string          // required, unique
	OrderName  string          // required
	Price      int64           // required, > 0
	TaxFree    int64           // the tax-free part
	Type       CashReceiptType // required
	IdentityNo Secret          // required
	// PurchasedAt is when the buyer paid; zero leaves it out.
	PurchasedAt time.Time
	Currency    string
	User        *User
	Metadata    map[string]any
}

type standaloneCashReceiptRequest struct {
	PG          string          `json:"pg,omitempty"`
	Price       int64           `json:"price"`
	TaxFree     int64           `json:"tax_free,omitempty"`
	OrderName   string          `json:"order_name"`
	OrderID     string          `json:"order_id"`
	Type        CashReceiptType `json:"cash_receipt_type"`
	IdentityNo  string          `json:"identity_no"`
	PurchasedAt string          `json:"purchased_at,omitempty"`
	Currency    string          `json:"currency,omitempty"`
	User        *User           `json:"user,omitempty"`
	Metadata    map[string]any  `json:"metadata,omitempty"`
}

func (p *StandaloneCashReceiptParams) validate() error {
	if err := firstError(checkID("OrderID", p.OrderID), required("OrderName", p.OrderName),
		checkAmounts(p.Price, p.TaxFree, true), checkIdentityNo(p.IdentityNo)); err != nil {
		return err
	}
	if !p.Type.valid() {
		return invalid("Type", `must be CashReceiptIncomeDeduction ("소득공제") or CashReceiptExpenseProof ("지출증빙")`)
	}
	if p.PurchasedAt.Year() > 9999 {
		return invalid("PurchasedAt", "is after year 9999")
	}
	return p.User.validate("User")
}

func (p *StandaloneCashReceiptParams) request() standaloneCashReceiptRequest {
	r := standaloneCashReceiptRequest{PG: p.PG, Price: p.Price, TaxFree: p.TaxFree, OrderName: p.OrderName,
		OrderID: p.OrderID, Type: p.Type, IdentityNo: onlyDigits(string(p.IdentityNo), "-"), Currency: p.Currency,
		User: userOrNil(p.User), Metadata: metadataOrNil(p.Metadata)}
	if !p.PurchasedAt.IsZero() {
		r.PurchasedAt = kstTimestamp(p.PurchasedAt)
	}
	return r
}

// CashReceiptCancelParams cancels a cash receipt. Username and Message
// are optional; they are sent both as query parameters and in the body,
// because which of them Bootpay reads is UNCONFIRMED (its SDKs differ).
type CashReceiptCancelParams struct {
	ReceiptID string // required
	Username  string // who cancels (취소 요청자)
	Message   string // why (취소 사유)
}

type cashReceiptCancelRequest struct {
	ReceiptID string `json:"receipt_id"`
	Username  string `json:"cancel_username,omitempty"`
	Message   string `json:"cancel_message,omitempty"`
}

// StandaloneCashReceipt is a cash receipt published on its own, as
// Bootpay describes it. receipt_id is required when decoding.
type StandaloneCashReceipt struct {
	ReceiptID       string           `json:"receipt_id"`
	OrderID         string           `json:"order_id"`
	OrderName       string           `json:"order_name"`
	Price           Amount           `json:"price"`
	TaxFree         Amount           `json:"tax_free"`
	PG              string           `json:"pg"`
	ReceiptURL      string           `json:"receipt_url"`
	Status          Status           `json:"status"`
	StatusLocale    string           `json:"status_locale"`
	PurchasedAt     Time             `json:"purchased_at"`
	CancelledAt     Time             `json:"cancelled_at"`
	CashReceiptData *CashReceiptData `json:"cash_receipt_data,omitempty"`
	Metadata        Metadata         `json:"metadata"`

	raw redact.Hidden
}

// RawJSON returns the reply as received.
func (r *StandaloneCashReceipt) RawJSON() json.RawMessage { return rawOf(r.raw) }

// UnmarshalJSON requires receipt_id and keeps the raw JSON.
func (r *StandaloneCashReceipt) UnmarshalJSON(data []byte) error {
	type fields StandaloneCashReceipt
	var w struct {
		*fields
		ReceiptID json.RawMessage `json:"receipt_id"`
	}
	w.fields = (*fields)(r)
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if err := requireText("cash receipt", "receipt_id", w.ReceiptID, &r.ReceiptID); err != nil {
		return err
	}
	r.raw = redact.Hide(string(data))
	return nil
}
