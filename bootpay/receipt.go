package bootpay

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// Receipt is a Bootpay payment (결제 건) as GET /receipt/{receipt_id},
// confirm and cancel return it.
//
// Amounts are exact won. Compare them with the int64 in your own database:
//
//	if r.Price.Int64() != order.Amount { … }
//
// receipt_id, order_id, price and status are required (see UnmarshalJSON);
// other fields the gateway omits are zero. The whole response is kept and
// available from RawJSON, so fields this type does not name yet (such as
// the user data of GetWithUserData) are not lost.
//
// A Receipt prints (with every fmt verb) and logs (with slog's text and
// JSON handlers) its fields with the card and account numbers masked and
// without the raw JSON, which holds them in the clear. Encoding it to JSON
// keeps the numbers as received.
type Receipt struct {
	ReceiptID          string   `json:"receipt_id"`
	OrderID            string   `json:"order_id"`
	Price              Amount   `json:"price"`              // total amount (결제 금액)
	TaxFree            Amount   `json:"tax_free"`           // tax-free part (면세 금액)
	CancelledPrice     Amount   `json:"cancelled_price"`    // cumulative cancelled amount
	CancelledTaxFree   Amount   `json:"cancelled_tax_free"` // cumulative cancelled tax-free amount
	OrderName          string   `json:"order_name"`
	CompanyName        string   `json:"company_name"`
	GatewayURL         string   `json:"gateway_url"`
	Metadata           Metadata `json:"metadata"` // echoed from the payment request; numbers as json.Number (see Metadata)
	Sandbox            bool     `json:"sandbox"`  // a test payment
	PG                 string   `json:"pg"`       // PG alias, e.g. "nicepay", "kcp"
	Method             string   `json:"method"`   // method display name (often Korean)
	MethodSymbol       string   `json:"method_symbol"`
	MethodOrigin       string   `json:"method_origin"`
	MethodOriginSymbol string   `json:"method_origin_symbol"`
	Currency           string   `json:"currency"`
	ReceiptURL         string   `json:"receipt_url"` // the PG's sales slip
	RequestedAt        Time     `json:"requested_at"`
	PurchasedAt        Time     `json:"purchased_at"` // zero until paid
	CancelledAt        Time     `json:"cancelled_at"`
	Status             Status   `json:"status"`
	StatusLocale       string   `json:"status_locale"` // Korean label, e.g. "결제완료"

	CardData        *CardData        `json:"card_data,omitempty"`
	PhoneData       *PhoneData       `json:"phone_data,omitempty"`
	BankData        *BankData        `json:"bank_data,omitempty"`  // 계좌이체
	VbankData       *BankData        `json:"vbank_data,omitempty"` // 가상계좌
	EscrowData      *EscrowData      `json:"escrow_data,omitempty"`
	CashReceiptData *CashReceiptData `json:"cash_receipt_data,omitempty"`
	NaverPointData  *PointData       `json:"naver_point_data,omitempty"`
	KakaoMoneyData  *PointData       `json:"kakao_money_data,omitempty"`
	PaycoPointData  *PointData       `json:"payco_point_data,omitempty"`
	TossPointData   *PointData       `json:"toss_point_data,omitempty"`

	raw redact.Hidden // the response as received; see RawJSON
}

// receiptWire is the receipt as UnmarshalJSON decodes it, in one pass:
// Receipt's fields, flat and in the same order, except that the required
// ones arrive in types that record their presence (see requiredString)
// and the metadata as whatever JSON value it is. It is flat rather than
// embedding Receipt's fields because encoding/json pays for every key it
// decodes into an embedded struct (a reflect.StructField and an error
// context entry each: about 0.8 µs of the ~20 µs a card receipt takes).
// load and store copy the other fields; TestReceiptWireMatchesReceipt
// keeps the field lists in step.
type receiptWire struct {
	ReceiptID        requiredString                 `json:"receipt_id"`
	OrderID          requiredString                 `json:"order_id"`
	Price            requiredField[Amount, *Amount] `json:"price"`
	TaxFree          Amount                         `json:"tax_free"`
	CancelledPrice   Amount                         `json:"cancelled_price"`
	CancelledTaxFree Amount                         `json:"cancelled_tax_free"`
	OrderName        string                         `json:"order_name"`
	CompanyName      string                         `json:"company_name"`
	GatewayURL       string                         `json:"gateway_url"`
	// Metadata is decoded in the same pass, numbers as json.Number
	// (decoded into an any, they would be float64, and an order id above
	// 2^53 would change), its error reported after the required fields.
	Metadata           jsonx.MetadataMember           `json:"metadata"`
	Sandbox            bool                           `json:"sandbox"`
	PG                 string                         `json:"pg"`
	Method             string                         `json:"method"`
	MethodSymbol       string                         `json:"method_symbol"`
	MethodOrigin       string                         `json:"method_origin"`
	MethodOriginSymbol string                         `json:"method_origin_symbol"`
	Currency           string                         `json:"currency"`
	ReceiptURL         string                         `json:"receipt_url"`
	RequestedAt        Time                           `json:"requested_at"`
	PurchasedAt        Time                           `json:"purchased_at"`
	CancelledAt        Time                           `json:"cancelled_at"`
	Status             requiredField[Status, *Status] `json:"status"`
	StatusLocale       string                         `json:"status_locale"`

	CardData        *CardData        `json:"card_data,omitempty"`
	PhoneData       *PhoneData       `json:"phone_data,omitempty"`
	BankData        *BankData        `json:"bank_data,omitempty"`
	VbankData       *BankData        `json:"vbank_data,omitempty"`
	EscrowData      *EscrowData      `json:"escrow_data,omitempty"`
	CashReceiptData *CashReceiptData `json:"cash_receipt_data,omitempty"`
	NaverPointData  *PointData       `json:"naver_point_data,omitempty"`
	KakaoMoneyData  *PointData       `json:"kakao_money_data,omitempty"`
	PaycoPointData  *PointData       `json:"payco_point_data,omitempty"`
	TossPointData   *PointData       `json:"toss_point_data,omitempty"`
}

// load starts the wire from r's current values, so that decoding into a
// Receipt that already holds values keeps those the body does not set and
// merges into the structs r points to, as json.Unmarshal does. The
// required fields and the metadata are set by UnmarshalJSON itself.
func (w *receiptWire) load(r *Receipt) {
	w.TaxFree, w.CancelledPrice, w.CancelledTaxFree = r.TaxFree, r.CancelledPrice, r.CancelledTaxFree
	w.OrderName, w.CompanyName, w.GatewayURL = r.OrderName, r.CompanyName, r.GatewayURL
	w.Sandbox, w.PG, w.Method, w.MethodSymbol = r.Sandbox, r.PG, r.Method, r.MethodSymbol
	w.MethodOrigin, w.MethodOriginSymbol, w.Currency, w.ReceiptURL = r.MethodOrigin, r.MethodOriginSymbol, r.Currency, r.ReceiptURL
	w.RequestedAt, w.PurchasedAt, w.CancelledAt, w.StatusLocale = r.RequestedAt, r.PurchasedAt, r.CancelledAt, r.StatusLocale
	w.CardData, w.PhoneData, w.BankData, w.VbankData, w.EscrowData = r.CardData, r.PhoneData, r.BankData, r.VbankData, r.EscrowData
	w.CashReceiptData, w.NaverPointData, w.KakaoMoneyData = r.CashReceiptData, r.NaverPointData, r.KakaoMoneyData
	w.PaycoPointData, w.TossPointData = r.PaycoPointData, r.TossPointData
}

// store copies what load copied back into r, once decoded.
func (w *receiptWire) store(r *Receipt) {
	r.TaxFree, r.CancelledPrice, r.CancelledTaxFree = w.TaxFree, w.CancelledPrice, w.CancelledTaxFree
	r.OrderName, r.CompanyName, r.GatewayURL = w.OrderName, w.CompanyName, w.GatewayURL
	r.Sandbox, r.PG, r.Method, r.MethodSymbol = w.Sandbox, w.PG, w.Method, w.MethodSymbol
	r.MethodOrigin, r.MethodOriginSymbol, r.Currency, r.ReceiptURL = w.MethodOrigin, w.MethodOriginSymbol, w.Currency, w.ReceiptURL
	r.RequestedAt, r.PurchasedAt, r.CancelledAt, r.StatusLocale = w.RequestedAt, w.PurchasedAt, w.CancelledAt, w.StatusLocale
	r.CardData, r.PhoneData, r.BankData, r.VbankData, r.EscrowData = w.CardData, w.PhoneData, w.BankData, w.VbankData, w.EscrowData
	r.CashReceiptData, r.NaverPointData, r.KakaoMoneyData = w.CashReceiptData, w.NaverPointData, w.KakaoMoneyData
	r.PaycoPointData, r.TossPointData = w.PaycoPointData, w.TossPointData
}

// requiredString is a required string field: it decodes the value in the
// same pass as the rest of the receipt and records whether it arrived
// (absent and null both count as missing). A decoding error is kept, not
// returned, and the Receipt's field is set only by UnmarshalJSON once the
// checks pass: the missing fields are named before any bad one, and a
// failed decoding leaves the Receipt as it always did, when these fields
// arrived as json.RawMessage (a copy and a second decoding each).
type requiredString struct {
	v   string
	set bool
	err error
}

// UnmarshalJSON is called by encoding/json with the field's value, null
// included, once it has validated the whole receipt. A repeated key is
// decoded again: the last one wins, as it does for every field.
func (f *requiredString) UnmarshalJSON(data []byte) error {
	f.set, f.err = string(data) != "null", nil
	if !f.set {
		return nil
	}
	if s, ok := jsonx.PlainString(data); ok {
		f.v = string(s)
		return nil
	}
	var v string
	if f.err = json.Unmarshal(data, &v); f.err == nil {
		f.v = v
	}
	return nil
}

// requiredField is requiredString for a field with its own UnmarshalJSON
// (Amount, Status).
type requiredField[T any, P interface {
	*T
	json.Unmarshaler
}] struct {
	v   T
	set bool
	err error
}

// UnmarshalJSON records the value and decodes it with T's method.
func (f *requiredField[T, P]) UnmarshalJSON(data []byte) error {
	f.set, f.err = string(data) != "null", nil
	if !f.set {
		return nil
	}
	var v T
	if f.err = P(&v).UnmarshalJSON(data); f.err == nil {
		f.v = v
	}
	return nil
}

// UnmarshalJSON decodes the receipt and keeps a copy of the raw JSON.
//
// receipt_id, order_id, price and status are required: a body that is
// null, {} or lacks one of them (or has it null, or an empty id) is an
// error, never a receipt with a silent zero amount or status 0
// (StatusReady). Bootpay documents every receipt with these fields
// (https://developers.bootpay.co.kr/pg/server/receipt); a reply without them is not a
// receipt, and for a confirm or cancel it means the outcome is unknown.
func (r *Receipt) UnmarshalJSON(data []byte) error { return r.decode(data, false) }

// decodeResponse decodes a 2xx response body for the client
// (transport.Config.DecodeBody). A Receipt keeps the body itself as its
// raw JSON instead of a copy: the transport hands over a buffer it
// allocated for this response alone and never touches again. The copy
// was the largest allocation of a receipt lookup, and its garbage
// collection a tenth of the decoding time.
//
// A body whose top level carries an error_code is Bootpay's refusal
// whatever its status, as Bootpay's SDKs read it (a success body has no
// error_code): a *transport.Refusal, never the call's result, which the
// call returns as an *APIError (or, for a write that may have been
// applied before, inside an *OutcomeUnknownError). It is looked for
// before decoding, for every result: a search of the body that finds no
// "error_code" costs little next to decoding it.
func decodeResponse(body []byte, out any) error {
	if r := transport.RefusalOf(body, false); r != nil {
		return r
	}
	if r, ok := out.(*Receipt); ok {
		return r.decode(transport.TrimJSONSpace(body), true)
	}
	return transport.DecodeJSON(body, out)
}

// decode is UnmarshalJSON. owned reports that data is the response's own
// buffer, which nothing else writes: r then keeps it without copying.
func (r *Receipt) decode(data []byte, owned bool) error {
	var w receiptWire
	w.load(r)
	err := json.Unmarshal(data, &w)
	w.store(r) // what json.Unmarshal decoded stays in r, even on an error, as before
	if err != nil {
		return err
	}
	if missing := missingFields(&w); len(missing) > 0 {
		return fmt.Errorf("bootpay: receipt without %s", strings.Join(missing, ", "))
	}
	if err := w.ReceiptID.err; err != nil {
		return fmt.Errorf("bootpay: receipt_id: %w", err)
	}
	r.ReceiptID = w.ReceiptID.v
	if err := w.OrderID.err; err != nil {
		return fmt.Errorf("bootpay: order_id: %w", err)
	}
	r.OrderID = w.OrderID.v
	if err := w.Price.err; err != nil {
		return err
	}
	r.Price = w.Price.v
	if err := w.Status.err; err != nil {
		return err
	}
	r.Status = w.Status.v
	if r.ReceiptID == "" || r.OrderID == "" {
		return errors.New("bootpay: receipt with an empty receipt_id or order_id")
	}
	if err := w.Metadata.Err; err != nil {
		return fmt.Errorf("bootpay: %w", err)
	}
	r.Metadata = w.Metadata.Value
	r.raw = redact.Hide(keptJSON(data, owned))
	return nil
}

// keptJSON is data as a string to keep: the bytes themselves when the
// caller owns nothing else of them (owned), else a copy, as json.Unmarshaler
// requires (json.Decoder reuses its buffer).
func keptJSON(data []byte, owned bool) string {
	if owned && len(data) > 0 {
		return unsafe.String(&data[0], len(data))
	}
	return string(data)
}

// missingFields names the required fields that are absent or null.
func missingFields(w *receiptWire) []string {
	var missing []string
	for _, f := range []struct {
		name string
		set  bool
	}{{"receipt_id", w.ReceiptID.set}, {"order_id", w.OrderID.set}, {"price", w.Price.set}, {"status", w.Status.set}} {
		if !f.set {
			missing = append(missing, f.name)
		}
	}
	return missing
}

// RawJSON returns the receipt exactly as the gateway sent it, including
// fields this type does not declare. It is nil for a Receipt that was not
// decoded from JSON. It holds the card and account numbers in the clear,
// which is why no printing of the Receipt shows it: print or log it only
// where they may be seen. Each call returns a new copy.
func (r *Receipt) RawJSON() json.RawMessage {
	if raw := r.raw.Reveal(); raw != "" {
		return json.RawMessage(raw)
	}
	return nil
}

// Remaining is what can still be cancelled: Price − CancelledPrice.
func (r *Receipt) Remaining() int64 { return r.Price.Int64() - r.CancelledPrice.Int64() }

// FullyCancelled reports a receipt in status 20 with nothing left to
// cancel. Status 20 alone covers partial cancels too.
func (r *Receipt) FullyCancelled() bool {
	return r.Status == StatusCancelled && r.Remaining() <= 0
}

// Status is a receipt's status code (결제 상태). Unknown codes still decode
// and print as Status(n).
type Status int

// Receipt status codes (결제 상태).
const (
	StatusReady                 Status = 0   // 결제대기: requested, not approved yet
	StatusPaid                  Status = 1   // 결제완료: approved
	StatusAwaitingConfirm       Status = 2   // 승인대기: separately confirmed payment waiting for POST /confirm
	StatusConfirming            Status = 3   // 결제승인중: the PG is approving
	StatusVirtualAccountIssued  Status = 5   // 가상계좌 발급완료: awaiting the deposit
	StatusBillingKeyIssued      Status = 11  // 빌링키 발급완료
	StatusCertified             Status = 12  // 본인인증 완료
	StatusCancelled             Status = 20  // 결제취소 완료 (full or partial; see Receipt.FullyCancelled)
	StatusTransferAuthenticated Status = 41  // 계좌 자동이체 인증 완료, publish 대기
	StatusFailedBeforeApproval  Status = -1  // 결제 중간 실패
	StatusApprovalFailed        Status = -2  // 결제 승인 실패
	StatusVirtualAccountRevoked Status = -3  // 가상계좌 발급 취소
	StatusBillingKeyRevoked     Status = -11 // 빌링키 취소 완료
	StatusCancelFailed          Status = -20 // 결제취소 실패
	StatusCancelling            Status = -30 // 결제취소 진행중
)

var statusNames = map[Status]string{
	StatusReady:                 "ready (결제대기)",
	StatusPaid:                  "paid (결제완료)",
	StatusAwaitingConfirm:       "awaiting confirm (승인대기)",
	StatusConfirming:            "confirming (결제승인중)",
	StatusVirtualAccountIssued:  "virtual account issued (가상계좌 발급완료)",
	StatusBillingKeyIssued:      "billing key issued (빌링키 발급완료)",
	StatusCertified:             "certified (본인인증 완료)",
	StatusCancelled:             "cancelled (결제취소 완료)",
	StatusTransferAuthenticated: "transfer authenticated (자동이체 인증 완료)",
	StatusFailedBeforeApproval:  "failed before approval (결제 중간 실패)",
	StatusApprovalFailed:        "approval failed (결제 승인 실패)",
	StatusVirtualAccountRevoked: "virtual account revoked (가상계좌 발급 취소)",
	StatusBillingKeyRevoked:     "billing key revoked (빌링키 취소 완료)",
	StatusCancelFailed:          "cancel failed (결제취소 실패)",
	StatusCancelling:            "cancelling (결제취소 진행중)",
}

// String names the status in English with the Korean term.
func (s Status) String() string {
	if name, ok := statusNames[s]; ok {
		return name
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// UnmarshalJSON accepts the code as a JSON number with an integral value
// (1, 1.0, -20) or such a number inside a string ("1"). A code beyond the
// range of int is an error, never truncated into another code.
func (s *Status) UnmarshalJSON(data []byte) error {
	n, err := jsonx.Int(data)
	if err != nil {
		return fmt.Errorf("bootpay: status %w", err)
	}
	*s = Status(n)
	return nil
}

// Amount is an exact amount of won. Bootpay writes amounts as JSON numbers
// that may look like 1000 or 1000.0; both decode to 1000. A fractional
// amount is a decoding error, never rounded, and so is a negative one:
// every receipt amount Bootpay documents (price, tax_free,
// cancelled_price, points, coupons; https://developers.bootpay.co.kr/pg/server/receipt)
// is an amount paid or cancelled, never below zero, so a negative one means
// the response is not what Bootpay documents.
type Amount int64

// Int64 returns the amount as an int64, for comparison with your database.
func (a Amount) Int64() int64 { return int64(a) }

// errNegativeAmount reports an amount below zero, which Bootpay never sends.
var errNegativeAmount = errors.New("negative amount")

// UnmarshalJSON decodes 1000, 1000.0, 1e3 or "1000" exactly: a JSON number
// (RFC 8259) with an integral value, bare or inside a string. Anything else
// is an error: hexadecimal, a sign "+", leading zeros, a fraction, a value
// beyond int64, a negative amount, "" and non-numbers. null gives zero.
func (a *Amount) UnmarshalJSON(data []byte) error {
	if n, ok := plainInteger(data); ok {
		*a = Amount(n)
		return nil
	}
	n, _, err := jsonx.Int64(data)
	if err != nil {
		return fmt.Errorf("bootpay: amount %w", err)
	}
	if n < 0 {
		return fmt.Errorf("bootpay: amount %d: %w", n, errNegativeAmount)
	}
	*a = Amount(n)
	return nil
}

// plainInteger reads the form Bootpay writes nearly every amount in: 0,
// or 1 to 18 digits without a leading zero (so no overflow). Every such
// value is what jsonx.Int64 returns for it; anything else is left to
// jsonx.Int64, which is several times slower on these.
func plainInteger(data []byte) (int64, bool) {
	if len(data) == 0 || len(data) > 18 || (data[0] == '0' && len(data) > 1) {
		return 0, false
	}
	var n int64
	for _, c := range data {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// kst is Korea Standard Time; Bootpay's zone-less timestamps are read in it.
var kst = jsonx.KST

// Time is a timestamp that decodes RFC 3339, Bootpay's older
// "2006-01-02 15:04:05" layout (read as KST), and empty or null values (the
// zero time). A number is read as Unix seconds below 1e11 and Unix
// milliseconds from 1e11. A time before 1970 or after 9999 (in its own zone or
// in UTC) is a decoding error, so every decoded Time encodes again with
// MarshalJSON.
type Time struct{ time.Time }

// UnmarshalJSON decodes the layouts Time accepts.
func (t *Time) UnmarshalJSON(data []byte) error {
	v, err := jsonx.Time(data, kst)
	if err != nil {
		return fmt.Errorf("bootpay: time %w", err)
	}
	t.Time = v
	return nil
}

// MarshalJSON encodes RFC 3339, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) { return jsonx.TimeJSON(t.Time) }

// Metadata is the merchant's metadata object echoed by the gateway. It is
// a JSON object; Bootpay's own SDKs wrongly type it as a string. A string
// holding a JSON object is decoded too.
//
// Its numbers, nested ones included, decode as json.Number, the digits
// as sent (a float64 would turn an order id of 9007199254740993, above
// 2^53, into 9007199254740992, and 0.1 into its nearest binary value):
// read one with String, or with json.Number's String, Int64 or Float64.
// Objects are map[string]any, arrays []any, strings, booleans and null
// as encoding/json gives them. Encoding the Metadata to JSON writes the
// numbers with the same digits.
type Metadata map[string]any

// String returns the value at key as text: a string as it is, a number
// with the digits Bootpay sent, "" when absent or of another kind.
func (m Metadata) String(key string) string { return jsonx.MetadataString(m, key) }

// UnmarshalJSON accepts an object, a string holding an object, or null.
func (m *Metadata) UnmarshalJSON(data []byte) error {
	v, err := jsonx.MetadataJSON(data)
	if err != nil {
		return fmt.Errorf("bootpay: %w", err)
	}
	*m = v
	return nil
}

// CardData describes a card payment (카드 결제 정보).
type CardData struct {
	TID             string     `json:"tid"`
	ApproveNo       string     `json:"card_approve_no"`
	CardNo          CardNumber `json:"card_no"`    // masked by the gateway
	Quota           string     `json:"card_quota"` // "00" = 일시불 (no installments)
	CompanyCode     string     `json:"card_company_code"`
	Company         string     `json:"card_company"`
	Interest        string     `json:"card_interest"`
	Type            string     `json:"card_type"`
	OwnerType       string     `json:"card_owner_type"`
	ReceiptURL      string     `json:"receipt_url"`
	Point           Amount     `json:"point"`
	CancelledPoint  Amount     `json:"cancelled_point"`
	Coupon          Amount     `json:"coupon"`
	CancelledCoupon Amount     `json:"cancelled_coupon"`
	CancelTID       string     `json:"cancel_tid"`
}

// PhoneData describes a mobile-phone payment (휴대폰 결제 정보). Phone is
// the buyer's number, which prints masked (see PhoneNumber).
type PhoneData struct {
	TID        string      `json:"tid"`
	AuthNo     string      `json:"auth_no"`
	Phone      PhoneNumber `json:"phone"`
	ReceiptURL string      `json:"receipt_url"`
}

// BankData describes a bank transfer (계좌이체) or a virtual account
// (가상계좌). ExpiredAt is the deposit deadline of a virtual account.
type BankData struct {
	TID             string        `json:"tid"`
	BankCode        string        `json:"bank_code"`
	BankName        string        `json:"bank_name"`
	BankUsername    string        `json:"bank_username"`
	BankAccount     AccountNumber `json:"bank_account"`
	SenderName      string        `json:"sender_name"`
	ExpiredAt       Time          `json:"expired_at"`
	CashReceiptTID  string        `json:"cash_receipt_tid"`
	CashReceiptType string        `json:"cash_receipt_type"`
	CashReceiptNo   string        `json:"cash_receipt_no"`
	ReceiptURL      string        `json:"receipt_url"`
	CashReceiptURL  string        `json:"cash_receipt_url"`
}

// EscrowData describes an escrow payment's shipping state.
type EscrowData struct {
	Status             int    `json:"status"`
	StatusLocale       string `json:"status_locale"`
	ShippingStartedAt  Time   `json:"shipping_started_at"`
	ReceiptConfirmedAt Time   `json:"receipt_confirmed_at"`
}

// CashReceiptData describes the cash receipt (현금영수증) of a payment.
type CashReceiptData struct {
	TID             string `json:"tid"`
	CashReceiptType int    `json:"cash_receipt_type"`
	CashReceiptNo   string `json:"cash_receipt_no"`
	ReceiptURL      string `json:"receipt_url"`
}

// PointData describes a point or money payment (Naver Point, Kakao Money,
// Payco Point, Toss Point).
type PointData struct {
	TID string `json:"tid"`
}

// CardNumber is a card number. It prints masked (all but the last four
// digits) with every fmt verb and in slog, whether or not the gateway
// already masked it, so that a receipt can be printed or logged. Reveal
// (or string(n)) gives the value as received; JSON encoding keeps it too.
// See card_data.card_no at https://developers.bootpay.co.kr/pg/server/receipt.
type CardNumber string

// Reveal returns the number as received, for code that must show or
// store it. It is the one way to read it on purpose; every printing of n
// masks it.
func (n CardNumber) Reveal() string { return string(n) }

// String masks the number.
func (n CardNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number.
func (n CardNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n CardNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb, %d and %x included.
func (n CardNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }

// AccountNumber is a bank account number. It prints masked like
// CardNumber, with every fmt verb and in slog. Reveal (or string(n)) gives
// the value as received; JSON encoding keeps it too, so a RefundAccount is
// sent with the real number.
type AccountNumber string

// Reveal returns the number as received. A virtual account number (가상계좌)
// must be shown to the buyer so that they can deposit: read it with Reveal,
// never by printing the receipt.
func (n AccountNumber) Reveal() string { return string(n) }

// String masks the number.
func (n AccountNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number.
func (n AccountNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n AccountNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb, %d and %x included.
func (n AccountNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }
