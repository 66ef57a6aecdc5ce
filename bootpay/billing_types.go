package bootpay

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// invalid is the *ValidationError of a parameter.
func invalid(field, reason string) error {
	return &ValidationError{Gateway: "bootpay", Field: field, Reason: reason}
}

// required refuses an empty text parameter.
func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return invalid(field, "is required")
	}
	if !utf8.ValidString(v) {
		return invalid(field, "is not valid UTF-8")
	}
	return nil
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// PhoneNumber is a phone number (휴대폰 번호). It prints masked, all but
// the last four digits, with every fmt verb and in slog; Reveal (or
// string(n)) gives the value, and JSON encoding keeps it, so requests carry
// the real number.
type PhoneNumber string

// Reveal returns the number as given or received.
func (n PhoneNumber) Reveal() string { return string(n) }

// String masks the number.
func (n PhoneNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number.
func (n PhoneNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n PhoneNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb.
func (n PhoneNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }

// Secret is a value that must never be printed: a billing key, a card
// password, a birth date or resident number, an identity's CI/DI, a user
// token. It prints as [REDACTED] (or nothing when empty) with every fmt
// verb and in slog; Reveal (or string(s)) gives the value, and JSON
// encoding keeps it, because the gateway needs it.
type Secret string

// Reveal returns the value, for code that must send or store it.
func (s Secret) Reveal() string { return string(s) }

// String is [REDACTED], or "" for an empty value.
func (s Secret) String() string { return redact.Secret(string(s)) }

// GoString is String, quoted.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// LogValue hides the value in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Format hides the value for every fmt verb.
func (s Secret) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String()) }

// Int is an integer field of a Bootpay response (gender, card_type,
// version, …) that decodes from 1, 1.0 or "1"; null gives 0. A fraction
// or a value beyond int is an error.
type Int int

// UnmarshalJSON decodes the forms Int accepts.
func (n *Int) UnmarshalJSON(data []byte) error {
	v, err := jsonx.Int(data)
	if err != nil {
		return fmt.Errorf("bootpay: integer %w", err)
	}
	*n = Int(v)
	return nil
}

// Gender is the buyer's gender as Bootpay's PG API codes it: 0 female,
// 1 male (the Commerce API codes it differently).
type Gender int

// Genders of the PG API.
const (
	GenderFemale Gender = 0
	GenderMale   Gender = 1
)

// User is the buyer (구매자 정보) sent with a payment, a billing key or an
// identity verification. Every field is optional and an empty one is
// omitted from the request; a nil *User sends no "user" object at all.
// Some PGs need the phone (페이앱 for billing charges).
type User struct {
	ID       string      `json:"id,omitempty"`
	Username string      `json:"username,omitempty"`
	Email    string      `json:"email,omitempty"`
	Phone    PhoneNumber `json:"phone,omitempty"`
	// Gender is sent only when set: Bootpay's SDKs sent a zero gender,
	// which reads as female, for every buyer.
	Gender *Gender `json:"gender,omitempty"`
	Area   string  `json:"area,omitempty"`
	Birth  Secret  `json:"birth,omitempty"` // YYYYMMDD or YYYY-MM-DD
	Addr   string  `json:"addr,omitempty"`
}

func (u *User) validate(field string) error {
	if u == nil {
		return nil
	}
	if u.Gender != nil && *u.Gender != GenderFemale && *u.Gender != GenderMale {
		return invalid(field+".Gender", "must be GenderFemale (0) or GenderMale (1)")
	}
	if u.Birth != "" && !isDate(string(u.Birth)) {
		return invalid(field+".Birth", "must be a date, YYYYMMDD or YYYY-MM-DD")
	}
	if u.Phone != "" && !isPhone(string(u.Phone)) {
		return invalid(field+".Phone", "must be a phone number of digits (and dashes)")
	}
	return nil
}

// empty reports a User with nothing set, which is omitted like nil.
func (u *User) empty() bool { return u == nil || *u == User{} }

// Item is one product of a payment (상품 정보). Payco requires items, and
// Bootpay requires their total (Price × Quantity summed) to equal the
// payment's price, which paykit checks before sending.
type Item struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Quantity int    `json:"qty"`
	Price    int64  `json:"price"` // unit price in won
	Cat1     string `json:"cat1,omitempty"`
	Cat2     string `json:"cat2,omitempty"`
	Cat3     string `json:"cat3,omitempty"`
	// CategoryType and CategoryCode classify the product for some PGs.
	CategoryType string `json:"category_type,omitempty"`
	CategoryCode string `json:"category_code,omitempty"`
	// StartDate and EndDate bound a rental or service period, YYYYMMDD.
	StartDate string `json:"start_date,omitempty"`
	EndDate   string `json:"end_date,omitempty"`
}

// checkItems validates items and that they add up to price.
func checkItems(items []Item, price int64) error {
	if len(items) == 0 {
		return nil
	}
	var total int64
	for i, it := range items {
		f := fmt.Sprintf("Items[%d]", i)
		switch {
		case strings.TrimSpace(it.ID) == "" || strings.TrimSpace(it.Name) == "":
			return invalid(f, "needs an ID and a Name")
		case it.Quantity <= 0:
			return invalid(f+".Quantity", "must be positive")
		case it.Price < 0 || it.Price > 1e12:
			return invalid(f+".Price", "must be between 0 and 10^12 won")
		case it.StartDate != "" && !isCompactDate(it.StartDate):
			return invalid(f+".StartDate", "must be YYYYMMDD")
		case it.EndDate != "" && !isCompactDate(it.EndDate):
			return invalid(f+".EndDate", "must be YYYYMMDD")
		}
		total += it.Price * int64(it.Quantity)
		if total > 1e15 {
			return invalid("Items", "add up to more than 10^15 won")
		}
	}
	if total != price {
		return invalid("Items", fmt.Sprintf("add up to %d won, not the price %d", total, price))
	}
	return nil
}

// BillingExtra holds the billing options Bootpay reads from "extra".
// Only what is set is sent; a nil *BillingExtra sends no "extra" at all.
type BillingExtra struct {
	// CardQuota is the installment count for a charge made with the
	// issuance ("0"/"00" 일시불, "2"…"12").
	CardQuota string
	// TestPayment makes Bootpay charge 100 won to test the card
	// (subscribe_test_payment).
	TestPayment bool
	// RawData asks Bootpay for the PG's raw error (raw_data).
	RawData bool
}

// MarshalJSON sends the set options only, the flags as 1 (Bootpay's
// documented form).
func (e BillingExtra) MarshalJSON() ([]byte, error) {
	type wire struct {
		CardQuota   string `json:"card_quota,omitempty"`
		TestPayment int    `json:"subscribe_test_payment,omitempty"`
		RawData     int    `json:"raw_data,omitempty"`
	}
	w := wire{CardQuota: e.CardQuota}
	if e.TestPayment {
		w.TestPayment = 1
	}
	if e.RawData {
		w.RawData = 1
	}
	return json.Marshal(w)
}

// extraOrNil drops an extra with nothing set, so that "extra": {} is never
// sent (Bootpay's servers fail on empty objects).
func extraOrNil(e *BillingExtra) *BillingExtra {
	if e == nil || *e == (BillingExtra{}) {
		return nil
	}
	return e
}

// userOrNil drops a user with nothing set.
func userOrNil(u *User) *User {
	if u.empty() {
		return nil
	}
	return u
}

// metadataOrNil drops empty metadata; omitempty then leaves it out.
func metadataOrNil(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return m
}

// IssueBillingKeyParams issues a card billing key (빌링키 발급, 비인증
// REST billing) from raw card data. The PG must allow card data sent from
// the merchant's server.
type IssueBillingKeyParams struct {
	PG             string // required: the PG alias, e.g. "nicepay", "kcp"
	Method         string // optional, e.g. "card_rebill"
	OrderName      string // required: what the subscription is (상품명)
	SubscriptionID string // required: your unique id of this subscription
	// CardNumber is the card number, digits with or without dashes.
	CardNumber CardNumber
	// CardPassword is the first two digits of the card password.
	CardPassword Secret
	// CardIdentityNo is the holder's birth date (YYMMDD, 6 digits) or the
	// business registration number (10 digits).
	CardIdentityNo Secret
	// CardExpireYear (YY or YYYY) and CardExpireMonth (MM, 01–12).
	CardExpireYear  string
	CardExpireMonth string
	// Price and TaxFree charge an amount together with the issuance;
	// zero charges nothing and neither is sent.
	Price    int64
	TaxFree  int64
	User     *User
	Extra    *BillingExtra
	Metadata map[string]any
	// AllowSandbox accepts a test-mode first charge (sandbox: true) as the
	// charge made with the issue, as ChargeParams.AllowSandbox. Leave it
	// false in production: a test-mode charge moved no money, so Issue
	// answers it with an *OutcomeUnknownError reaching a *MismatchError
	// naming "sandbox" there. It is never sent to Bootpay.
	AllowSandbox bool
	// Currency is the currency the first charge (with a Price) must be in,
	// as ChargeParams.Currency: empty means KRW, and a first charge in
	// another currency is not the charge asked (an *OutcomeUnknownError
	// reaching a *MismatchError naming "currency").
	// It is never sent to Bootpay (its billing requests carry no
	// currency). Whether Bootpay billing is ever in another currency than
	// KRW is UNCONFIRMED: set it only if your billing PG charges in one.
	Currency string
}

// issueBillingKeyRequest is the body of POST /request/subscribe.
type issueBillingKeyRequest struct {
	PG              string         `json:"pg"`
	Method          string         `json:"method,omitempty"`
	OrderName       string         `json:"order_name"`
	SubscriptionID  string         `json:"subscription_id"`
	CardNo          string         `json:"card_no"`
	CardPw          string         `json:"card_pw"`
	CardIdentityNo  string         `json:"card_identity_no"`
	CardExpireYear  string         `json:"card_expire_year"`
	CardExpireMonth string         `json:"card_expire_month"`
	Price           int64          `json:"price,omitempty"`
	TaxFree         int64          `json:"tax_free,omitempty"`
	User            *User          `json:"user,omitempty"`
	Extra           *BillingExtra  `json:"extra,omitempty"`
	Metadata        map[string]any `json:"metadata,omitempty"`
}

func (p *IssueBillingKeyParams) validate() error {
	if err := firstError(required("PG", p.PG), required("OrderName", p.OrderName),
		required("SubscriptionID", p.SubscriptionID)); err != nil {
		return err
	}
	digits := onlyDigits(string(p.CardNumber), "-", " ")
	switch {
	case !transport.Digits(digits, 12, 19):
		// Digits only: letters or other characters would reach the PG as
		// a card number, and its refusal could echo them.
		return invalid("CardNumber", "must be 12 to 19 digits (dashes and spaces between them allowed)")
	case !transport.Digits(string(p.CardPassword), 2, 2):
		return invalid("CardPassword", "must be the first 2 digits of the card password")
	case !transport.Digits(string(p.CardIdentityNo), 6, 6) && !transport.Digits(string(p.CardIdentityNo), 10, 10):
		return invalid("CardIdentityNo", "must be a birth date YYMMDD (6 digits) or a business number (10 digits)")
	case !transport.Digits(p.CardExpireYear, 2, 2) && !transport.Digits(p.CardExpireYear, 4, 4):
		return invalid("CardExpireYear", "must be YY or YYYY")
	case !isMonth(p.CardExpireMonth):
		return invalid("CardExpireMonth", "must be MM, 01 to 12")
	}
	if err := checkAmounts(p.Price, p.TaxFree, false); err != nil {
		return err
	}
	if p.Extra != nil && p.Extra.CardQuota != "" {
		if err := checkQuota(p.Extra.CardQuota, p.Price); err != nil {
			return err
		}
	}
	return p.User.validate("User")
}

func (p *IssueBillingKeyParams) request() issueBillingKeyRequest {
	return issueBillingKeyRequest{
		PG: p.PG, Method: p.Method, OrderName: p.OrderName, SubscriptionID: p.SubscriptionID,
		CardNo: onlyDigits(string(p.CardNumber), "-", " "), CardPw: string(p.CardPassword),
		CardIdentityNo: string(p.CardIdentityNo), CardExpireYear: p.CardExpireYear, CardExpireMonth: p.CardExpireMonth,
		Price: p.Price, TaxFree: p.TaxFree, User: userOrNil(p.User), Extra: extraOrNil(p.Extra),
		Metadata: metadataOrNil(p.Metadata),
	}
}

// TransferBillingKeyParams requests a bank-account billing key (계좌
// 자동이체, 출금동의): Bootpay calls the account holder (ARS) or asks for
// simple authentication, and answers with status 41 (인증 완료, 확정 대기);
// then PublishTransfer issues the key. Only 나이스페이먼츠 supports it.
type TransferBillingKeyParams struct {
	PG             string // required
	OrderName      string // required
	SubscriptionID string // required, unique
	// AuthType is "ARS" (the default when empty) or "간편인증".
	AuthType string
	// Username is the account holder (예금주).
	Username string
	// BankName is the Korean bank name Bootpay expects: "국민", "신한",
	// "우리", "하나", "농협", "카카오뱅크", "토스뱅크", …
	BankName string
	// BankAccount is the account number.
	BankAccount AccountNumber
	// IdentityNo is the holder's birth date (6 digits) or business
	// number (10 digits).
	IdentityNo Secret
	// CashReceiptType is "소득공제" (the default when empty) or "지출증빙";
	// CashReceiptIdentityNo the number the cash receipts are issued to.
	CashReceiptType       CashReceiptType
	CashReceiptIdentityNo Secret
	// Phone receives the ARS call.
	Phone    PhoneNumber
	Price    int64
	TaxFree  int64
	User     *User
	Extra    *BillingExtra
	Metadata map[string]any
}

// transferRequest is the body of POST /request/subscribe/automatic-transfer.
type transferRequest struct {
	PG                    string          `json:"pg"`
	OrderName             string          `json:"order_name"`
	SubscriptionID        string          `json:"subscription_id"`
	AuthType              string          `json:"auth_type"`
	Username              string          `json:"username"`
	BankName              string          `json:"bank_name"`
	BankAccount           string          `json:"bank_account"`
	IdentityNo            string          `json:"identity_no"`
	CashReceiptType       CashReceiptType `json:"cash_receipt_type,omitempty"`
	CashReceiptIdentityNo string          `json:"cash_receipt_identity_no,omitempty"`
	Phone                 string          `json:"phone,omitempty"`
	Price                 int64           `json:"price,omitempty"`
	TaxFree               int64           `json:"tax_free,omitempty"`
	User                  *User           `json:"user,omitempty"`
	Extra                 *BillingExtra   `json:"extra,omitempty"`
	Metadata              map[string]any  `json:"metadata,omitempty"`
}

func (p *TransferBillingKeyParams) validate() error {
	if err := firstError(required("PG", p.PG), required("OrderName", p.OrderName),
		required("SubscriptionID", p.SubscriptionID), required("Username", p.Username),
		required("BankName", p.BankName)); err != nil {
		return err
	}
	switch {
	case p.AuthType != "" && p.AuthType != "ARS" && p.AuthType != "간편인증":
		return invalid("AuthType", `must be "ARS" or "간편인증"`)
	case !transport.Digits(onlyDigits(string(p.BankAccount), "-", " "), 6, 20):
		return invalid("BankAccount", "must be 6 to 20 digits")
	case !transport.Digits(string(p.IdentityNo), 6, 6) && !transport.Digits(string(p.IdentityNo), 10, 10):
		return invalid("IdentityNo", "must be a birth date (6 digits) or a business number (10 digits)")
	case p.CashReceiptType != "" && !p.CashReceiptType.valid():
		return invalid("CashReceiptType", `must be "소득공제" or "지출증빙"`)
	case p.Phone != "" && !isPhone(string(p.Phone)):
		return invalid("Phone", "must be a phone number")
	}
	if err := checkAmounts(p.Price, p.TaxFree, false); err != nil {
		return err
	}
	return p.User.validate("User")
}

func (p *TransferBillingKeyParams) request() transferRequest {
	auth := p.AuthType
	if auth == "" {
		auth = "ARS"
	}
	return transferRequest{
		PG: p.PG, OrderName: p.OrderName, SubscriptionID: p.SubscriptionID, AuthType: auth,
		Username: p.Username, BankName: p.BankName, BankAccount: onlyDigits(string(p.BankAccount), "-", " "),
		IdentityNo: string(p.IdentityNo), CashReceiptType: p.CashReceiptType,
		CashReceiptIdentityNo: string(p.CashReceiptIdentityNo), Phone: string(p.Phone),
		Price: p.Price, TaxFree: p.TaxFree, User: userOrNil(p.User), Extra: extraOrNil(p.Extra),
		Metadata: metadataOrNil(p.Metadata),
	}
}

// receiptIDRequest is a body naming one receipt: the transfer publish,
// the OTP resend.
type receiptIDRequest struct {
	ReceiptID string `json:"receipt_id"`
}

// BillingKey is a billing key (빌링키) as Bootpay describes it after an
// issue, a lookup or a bank-account publish. Store BillingKey on your
// server only; never send it to a browser. It prints with the key hidden
// and the card number masked.
//
// receipt_id and status are required when decoding, and so is
// billing_key in status 11 (빌링키 발급완료).
type BillingKey struct {
	ReceiptID          string       `json:"receipt_id"`
	BillingKey         Secret       `json:"billing_key"`
	SubscriptionID     string       `json:"subscription_id"`
	BillingData        *BillingData `json:"billing_data,omitempty"`
	GatewayURL         string       `json:"gateway_url"`
	Metadata           Metadata     `json:"metadata"`
	PG                 string       `json:"pg"`
	Method             string       `json:"method"`
	MethodSymbol       string       `json:"method_symbol"`
	MethodOrigin       string       `json:"method_origin"`
	MethodOriginSymbol string       `json:"method_origin_symbol"`
	PublishedAt        Time         `json:"published_at"` // 빌링키 발급 시각
	RequestedAt        Time         `json:"requested_at"`
	BillingExpireAt    Time         `json:"billing_expire_at"`
	// ReceiptData is the first charge, when one was made with the issue.
	ReceiptData  *Receipt `json:"receipt_data,omitempty"`
	Status       Status   `json:"status"`
	StatusLocale string   `json:"status_locale"`

	raw redact.Hidden
}

// BillingData describes the card (or account) behind a billing key. The
// card number comes masked by Bootpay and prints masked regardless.
type BillingData struct {
	CardNo          CardNumber    `json:"card_no"`
	CardCompany     string        `json:"card_company"`
	CardCompanyCode string        `json:"card_company_code"`
	CardType        Int           `json:"card_type"`
	CardHash        Secret        `json:"card_hash,omitempty"`
	BankName        string        `json:"bank_name,omitempty"`
	BankCode        string        `json:"bank_code,omitempty"`
	BankAccount     AccountNumber `json:"bank_account,omitempty"`
}

// Issued reports a usable billing key: status 11 (빌링키 발급완료) with a
// key. For a bank-account publish Bootpay's documentation says status 1;
// which one it sends is UNCONFIRMED, so status 1 with a key counts too.
// BillingService.Issue returns only issued keys; check it after
// PublishTransfer and the lookups.
func (b *BillingKey) Issued() bool {
	return b.BillingKey != "" && (b.Status == StatusBillingKeyIssued || b.Status == StatusPaid)
}

// AwaitingPublish reports a bank-account request in status 41 (자동이체
// 인증 완료): call BillingService.PublishTransfer with its ReceiptID.
func (b *BillingKey) AwaitingPublish() bool { return b.Status == StatusTransferAuthenticated }

// RawJSON returns the response as received (it holds the key in the
// clear); nil for a BillingKey not decoded from JSON.
func (b *BillingKey) RawJSON() json.RawMessage { return rawOf(b.raw) }

func rawOf(h redact.Hidden) json.RawMessage {
	if raw := h.Reveal(); raw != "" {
		return json.RawMessage(raw)
	}
	return nil
}

// UnmarshalJSON decodes a billing key, requiring receipt_id and status
// (and billing_key in status 11): a reply without them is not a billing
// key.
func (b *BillingKey) UnmarshalJSON(data []byte) error {
	type fields BillingKey
	var w struct {
		*fields
		ReceiptID json.RawMessage `json:"receipt_id"`
		Status    json.RawMessage `json:"status"`
	}
	w.fields = (*fields)(b)
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if err := requireText("billing key", "receipt_id", w.ReceiptID, &b.ReceiptID); err != nil {
		return err
	}
	if isNull(w.Status) {
		return errors.New("bootpay: billing key without status")
	}
	if err := b.Status.UnmarshalJSON(w.Status); err != nil {
		return err
	}
	if b.Status == StatusBillingKeyIssued && b.BillingKey == "" {
		return errors.New("bootpay: billing key in status 11 without billing_key")
	}
	b.raw = redact.Hide(string(data))
	return nil
}

// isNull reports an absent or null JSON value.
func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// requireText decodes a required, non-empty JSON string.
func requireText(object, name string, raw json.RawMessage, dst *string) error {
	if isNull(raw) {
		return fmt.Errorf("bootpay: %s without %s", object, name)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("bootpay: %s: %s: %w", object, name, err)
	}
	if *dst == "" {
		return fmt.Errorf("bootpay: %s with an empty %s", object, name)
	}
	return nil
}

// ChargeParams is a payment with a billing key (빌링키 결제): POST
// /subscribe/payment charges at once; ReserveParams schedules the same
// charge.
type ChargeParams struct {
	BillingKey Secret // required
	OrderName  string // required
	// OrderID is required and must be new for every charge: it is what an
	// ambiguous charge is reconciled by (BillingService.ReconcileCharge).
	OrderID string
	Price   int64 // required, > 0
	TaxFree int64 // the tax-free part of Price
	// CardQuota is the installment count: "" or "0"/"00" 일시불, "2"…"12"
	// (only for 50,000 won and more). "1" is refused by Bootpay.
	CardQuota string
	// CardInterest is the 무이자 flag (웰컴페이먼츠 only).
	CardInterest string
	User         *User
	Items        []Item
	// FeedbackURL receives this charge's webhook; an http(s) URL that is
	// not localhost.
	FeedbackURL string
	// ContentType is the webhook body's encoding: "application/json" or
	// "application/x-www-form-urlencoded"; empty leaves Bootpay's default.
	ContentType string
	Extra       *BillingExtra
	Metadata    map[string]any
	// AllowSandbox accepts a test-mode receipt (sandbox: true) as the
	// charge, as VerifyParams.AllowSandbox and
	// ReconcileChargeParams.AllowSandbox. Leave it false in production: a
	// test-mode charge moved no money, so Charge answers it with a
	// *ChargeMismatchError naming "sandbox" there. It is never sent to
	// Bootpay, and Reserve ignores it.
	AllowSandbox bool
	// Currency is the currency the charge's receipt must be in, compared
	// as VerifyParams.Currency (regardless of case; a receipt naming none
	// is KRW): empty means KRW, and a receipt in another currency is a
	// *ChargeMismatchError naming "currency". Reserve ignores it.
	// It is never sent to Bootpay (its billing requests carry no
	// currency). Whether Bootpay billing is ever in another currency than
	// KRW is UNCONFIRMED: set it only if your billing PG charges in one.
	Currency string
}

// chargeRequest is the body of POST /subscribe/payment and, with
// reserve_execute_at, of POST /subscribe/payment/reserve.
type chargeRequest struct {
	BillingKey       string         `json:"billing_key"`
	OrderName        string         `json:"order_name"`
	OrderID          string         `json:"order_id"`
	Price            int64          `json:"price"`
	TaxFree          int64          `json:"tax_free,omitempty"`
	CardQuota        string         `json:"card_quota,omitempty"`
	CardInterest     string         `json:"card_interest,omitempty"`
	User             *User          `json:"user,omitempty"`
	Items            []Item         `json:"items,omitempty"`
	FeedbackURL      string         `json:"feedback_url,omitempty"`
	ContentType      string         `json:"content_type,omitempty"`
	Extra            *BillingExtra  `json:"extra,omitempty"`
	Metadata         map[string]any `json:"metadata,omitempty"`
	ReserveExecuteAt string         `json:"reserve_execute_at,omitempty"`
}

func (p *ChargeParams) validate() error {
	if err := firstError(checkID("BillingKey", string(p.BillingKey)), required("OrderName", p.OrderName),
		checkID("OrderID", p.OrderID)); err != nil {
		return err
	}
	if err := checkAmounts(p.Price, p.TaxFree, true); err != nil {
		return err
	}
	if err := checkQuota(p.CardQuota, p.Price); err != nil {
		return err
	}
	switch p.ContentType {
	case "", "application/json", "application/x-www-form-urlencoded":
	default:
		return invalid("ContentType", `must be "application/json" or "application/x-www-form-urlencoded"`)
	}
	if err := checkWebhookURL("FeedbackURL", p.FeedbackURL); err != nil {
		return err
	}
	if err := checkItems(p.Items, p.Price); err != nil {
		return err
	}
	return p.User.validate("User")
}

func (p *ChargeParams) request() chargeRequest {
	return chargeRequest{
		BillingKey: string(p.BillingKey), OrderName: p.OrderName, OrderID: p.OrderID,
		Price: p.Price, TaxFree: p.TaxFree, CardQuota: p.CardQuota, CardInterest: p.CardInterest,
		User: userOrNil(p.User), Items: p.Items, FeedbackURL: p.FeedbackURL, ContentType: p.ContentType,
		Extra: extraOrNil(p.Extra), Metadata: metadataOrNil(p.Metadata),
	}
}

// MaxReservationsPerKey is how many scheduled charges Bootpay keeps for
// one billing key at a time.
const MaxReservationsPerKey = 10

// ReserveParams schedules a charge (예약 결제): Bootpay charges the
// billing key at ExecuteAt and sends the webhook to FeedbackURL.
type ReserveParams struct {
	ChargeParams
	// ExecuteAt is when Bootpay charges; it must be in the future.
	ExecuteAt time.Time
	// Scheduled is how many reservations of this billing key you hold
	// that have neither run nor been cancelled, from your own records.
	// Bootpay keeps at most MaxReservationsPerKey per key and Reserve
	// refuses, before sending anything, one that would pass the limit.
	Scheduled int
}

func (p *ReserveParams) validate(now time.Time) error {
	if err := p.ChargeParams.validate(); err != nil {
		return err
	}
	switch {
	case p.ExecuteAt.IsZero():
		return invalid("ExecuteAt", "is required")
	case !p.ExecuteAt.After(now):
		return invalid("ExecuteAt", "must be in the future")
	case p.ExecuteAt.Year() > 9999:
		return invalid("ExecuteAt", "is after year 9999")
	case p.Scheduled < 0:
		return invalid("Scheduled", "may not be negative")
	case p.Scheduled >= MaxReservationsPerKey:
		return invalid("Scheduled", fmt.Sprintf("the billing key already has %d reservations; Bootpay keeps at most %d",
			p.Scheduled, MaxReservationsPerKey))
	}
	return nil
}

// Reservation is a scheduled charge as Bootpay confirms it.
type Reservation struct {
	ReserveID string `json:"reserve_id"`
	ExecuteAt Time   `json:"reserve_execute_at"`
}

// UnmarshalJSON requires reserve_id.
func (r *Reservation) UnmarshalJSON(data []byte) error {
	type fields Reservation
	var w struct {
		*fields
		ReserveID json.RawMessage `json:"reserve_id"`
	}
	w.fields = (*fields)(r)
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	return requireText("reservation", "reserve_id", w.ReserveID, &r.ReserveID)
}

// ReservationDetail is a reservation as GET
// /subscribe/payment/reserve/{reserve_id} describes it. Bootpay does not
// document the meaning of its status codes (UNCONFIRMED), so read its
// state from the times: Executed and Revoked.
type ReservationDetail struct {
	ReserveID   string   `json:"reserve_id"`
	ReceiptID   string   `json:"receipt_id"` // the charge, once executed
	OrderID     string   `json:"order_id"`
	OrderName   string   `json:"order_name"`
	Price       Amount   `json:"price"`
	TaxFree     Amount   `json:"tax_free"`
	BillingKey  Secret   `json:"billing_key"`
	CardQuota   string   `json:"card_quota"`
	FeedbackURL string   `json:"feedback_url"`
	ContentType string   `json:"content_type"`
	Metadata    Metadata `json:"metadata"`
	Version     Int      `json:"version"`
	Status      Int      `json:"status"` // meanings UNCONFIRMED
	// The reservation's times: requested, due, started and finished
	// (executed), revoked (cancelled).
	RequestedAt Time `json:"reserve_requested_at"`
	ExecuteAt   Time `json:"reserve_execute_at"`
	StartedAt   Time `json:"reserve_started_at"`
	FinishedAt  Time `json:"reserve_finished_at"`
	RevokedAt   Time `json:"reserve_revoked_at"`

	raw redact.Hidden
}

// Executed reports that Bootpay ran the charge (its receipt is
// ReceiptID; look it up to see whether it was paid).
func (d *ReservationDetail) Executed() bool { return d.ReceiptID != "" || !d.FinishedAt.IsZero() }

// Revoked reports a cancelled reservation.
func (d *ReservationDetail) Revoked() bool { return !d.RevokedAt.IsZero() }

// RawJSON returns the response as received.
func (d *ReservationDetail) RawJSON() json.RawMessage { return rawOf(d.raw) }

// UnmarshalJSON requires reserve_id and keeps the raw JSON.
func (d *ReservationDetail) UnmarshalJSON(data []byte) error {
	type fields ReservationDetail
	var w struct {
		*fields
		ReserveID json.RawMessage `json:"reserve_id"`
	}
	w.fields = (*fields)(d)
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if err := requireText("reservation", "reserve_id", w.ReserveID, &d.ReserveID); err != nil {
		return err
	}
	d.raw = redact.Hide(string(data))
	return nil
}

// ReconcileChargeParams is the input of BillingService.ReconcileCharge:
// the charge as your database recorded it before sending it.
type ReconcileChargeParams struct {
	OrderID string // the order_id the charge was sent with
	Amount  int64  // its price in won
	// AllowSandbox accepts a test-mode receipt (sandbox: true) as the
	// charge, as VerifyParams.AllowSandbox. Leave it false in production:
	// a test-mode charge moved no money, so it is a *MismatchError there.
	AllowSandbox bool
	// Currency is the currency the charged receipt must be in, as
	// ChargeParams.Currency (the one the charge was asked in): empty means
	// KRW, and a charged receipt in another currency is a *MismatchError
	// naming "currency". Whether Bootpay billing is ever in another
	// currency than KRW is UNCONFIRMED.
	Currency string
}

func (p ReconcileChargeParams) validate() error {
	if err := checkID("OrderID", p.OrderID); err != nil {
		return err
	}
	if p.Amount <= 0 {
		return invalid("Amount", "must be positive")
	}
	return nil
}

// PendingChargeError reports a charge whose outcome is still unknown
// after looking it up by its order id (ReconcileCharge) or after reading
// the receipt the charge was answered with (Charge): no receipt shows it
// yet, or its receipt is in a status that settles nothing (still being
// approved, or one this package cannot read; for Charge also a failed
// one, see Charge). The charge may still land. Keep the order pending and
// call ReconcileCharge again later (or wait for the webhook); never charge
// again with a new order id. It matches ErrOutcomeUnknown.
type PendingChargeError struct {
	OrderID string
	// Receipt is the receipt found in a status that neither shows the
	// money taken nor says the charge failed (0 결제대기, 3 결제승인중, 2,
	// 5, or a code this package does not know), or the receipt in status
	// -1 or -2 a charge was answered with; nil when none was found.
	Receipt *Receipt
	Err     error // why it is unknown (the charge's error, when known)
}

// Error names the order.
func (e *PendingChargeError) Error() string {
	msg := "bootpay: billing.charge: order " + e.OrderID + ": no paid receipt yet"
	if e.Receipt != nil {
		msg += " (receipt " + e.Receipt.ReceiptID + " in status " + e.Receipt.Status.String() + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is matches ErrOutcomeUnknown.
func (e *PendingChargeError) Is(target error) bool { return target == ErrOutcomeUnknown }

// As reaches the errors inside Err for diagnosis, as OutcomeUnknownError
// does, without matching their categories.
func (e *PendingChargeError) As(target any) bool {
	return e.Err != nil && errors.As(e.Err, target)
}

// ChargeFailedError reports, from ReconcileCharge, a charge that was not
// made: the order's receipts are all in status -1 (결제 중간 실패) or -2
// (결제 승인 실패), and none shows money taken or a status that could
// still turn into a charge. It is the only answer of ReconcileCharge
// after which charging again (with a new order id) is safe. It matches
// no shared category: it is a settled outcome, not a failed call.
type ChargeFailedError struct {
	OrderID string
	Receipt *Receipt // the failed receipt, as Bootpay returned it
}

// Error names the order, the receipt and its status.
func (e *ChargeFailedError) Error() string {
	msg := "bootpay: billing.charge: order " + e.OrderID + " was not charged"
	if e.Receipt != nil {
		msg += " (receipt " + e.Receipt.ReceiptID + " in status " + e.Receipt.Status.String() + ")"
	}
	return msg
}

// ChargeMismatchError reports a charge Bootpay answered with a receipt of
// this order that shows money taken, but not as asked: another price, a
// status other than 1 (20 결제취소 완료, -20 결제취소 실패, -30 결제취소
// 진행중), money cancelled since, or a test-mode receipt (sandbox: true)
// without ChargeParams.AllowSandbox. Read Receipt.Status. It matches
// ErrOutcomeUnknown, so that code written to Charge's rule (charge again
// only after an error that does not match it) never charges twice. Do not
// charge again and do not fulfil: cancel Receipt (Receipts.Cancel with
// its ReceiptID) or reconcile the order. errors.As also reaches the
// *MismatchError naming each field that differs ("price", "status",
// "cancelled_price", "sandbox").
type ChargeMismatchError struct {
	OrderID   string
	Requested int64    // the price the charge asked for
	Receipt   *Receipt // the receipt Bootpay answered with
	Mismatch  *MismatchError
}

// Error names the order, the receipt, both prices and what differs.
func (e *ChargeMismatchError) Error() string {
	msg := "bootpay: billing.charge: order " + e.OrderID + " asked for " + strconv.FormatInt(e.Requested, 10)
	if e.Receipt != nil {
		msg += " but receipt " + e.Receipt.ReceiptID + " is for " + strconv.FormatInt(e.Receipt.Price.Int64(), 10) +
			" in status " + e.Receipt.Status.String()
	}
	if e.Mismatch != nil && len(e.Mismatch.Mismatches) > 0 {
		msg += " (" + transport.JoinMismatches(e.Mismatch.Mismatches, nil) + ")"
	}
	return msg + ": money may have been taken; do not charge again"
}

// Is matches ErrOutcomeUnknown: what was charged is not what was asked.
func (e *ChargeMismatchError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the *MismatchError naming "price".
func (e *ChargeMismatchError) Unwrap() error { return e.Mismatch }

// checkAmounts checks a price and its tax-free part.
func checkAmounts(price, taxFree int64, priceRequired bool) error {
	switch {
	case priceRequired && price <= 0:
		return invalid("Price", "must be positive")
	case price < 0:
		return invalid("Price", "may not be negative")
	case price > 1e12:
		return invalid("Price", "is more than 10^12 won")
	case taxFree < 0:
		return invalid("TaxFree", "may not be negative")
	case taxFree > price:
		return invalid("TaxFree", "exceeds the price")
	}
	return nil
}

// minQuotaPrice is the least amount Korean card companies allow in
// installments (할부).
const minQuotaPrice = 50000

// checkQuota checks a card_quota: "", "0" or "00" (일시불), or "2"…"12"
// for at least 50,000 won.
func checkQuota(quota string, price int64) error {
	switch quota {
	case "", "0", "00":
		return nil
	}
	n, err := strconv.Atoi(quota)
	switch {
	case err != nil || n < 2 || n > 12 || quota[0] == '+':
		return invalid("CardQuota", `must be "0"/"00" (일시불) or "2" to "12"`)
	case price < minQuotaPrice:
		return invalid("CardQuota", "installments need a price of 50,000 won or more")
	}
	return nil
}

// checkWebhookURL accepts an empty URL or an absolute http(s) URL that
// does not point at localhost, which Bootpay could never reach.
func checkWebhookURL(field, raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid(field, "must be an absolute http(s) URL")
	}
	switch h := u.Hostname(); {
	case h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1":
		return invalid(field, "must be reachable by Bootpay, not localhost")
	}
	return nil
}

// onlyDigits removes the given separators from s.
func onlyDigits(s string, seps ...string) string {
	for _, sep := range seps {
		s = strings.ReplaceAll(s, sep, "")
	}
	return s
}

func isMonth(s string) bool {
	if !transport.Digits(s, 2, 2) {
		return false
	}
	n, _ := strconv.Atoi(s)
	return n >= 1 && n <= 12
}

// isCompactDate reports a valid YYYYMMDD date.
func isCompactDate(s string) bool {
	_, err := time.Parse("20060102", s)
	return err == nil && transport.Digits(s, 8, 8)
}

// isDate reports a valid YYYYMMDD or YYYY-MM-DD date.
func isDate(s string) bool {
	if isCompactDate(s) {
		return true
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// isPhone reports 9 to 12 digits, dashes allowed between them.
func isPhone(s string) bool {
	return !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, "-") && transport.Digits(onlyDigits(s, "-"), 9, 12)
}

// kstLayout formats a reservation time as Bootpay documents it, e.g.
// "2022-04-21T17:05:36+09:00".
func kstTimestamp(t time.Time) string { return t.In(kst).Format(time.RFC3339) }
