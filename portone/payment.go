package portone

// Why Payment looks the way it does
//
// In PortOne's schema a payment (결제 건) is a oneOf of seven objects chosen
// by "status". The seven share 27 properties (id, amount, customer, …) and
// differ in a handful (paidAt, cancellations, failure, …). Payment models
// this as a struct that embeds PaymentCommon, the shared properties, plus a
// Variant field holding the status-specific rest behind a sealed interface:
//
//   - []Payment, *Payment and struct fields of type Payment decode directly
//     with encoding/json. An interface-typed Payment would need a helper or
//     a wrapper at every place a payment appears (lists, webhooks, pages).
//   - Fields every payment has are promoted from PaymentCommon, so p.ID,
//     p.Amount.Total and p.Status need no type switch.
//   - Status-specific fields are reached by switching on p.Variant (or with
//     accessors such as p.Paid()). The concrete types say which fields exist
//     in which status: PaidAt exists only on PAID and the cancelled states.
//   - The interface is sealed (it has an unexported method), so only this
//     package's variant types can be stored in it.
//   - PortOne may add statuses at any time (its backward-compatibility
//     policy says so). An unknown status is not an error: it decodes into
//     UnknownPayment, which keeps the raw JSON, while the common fields are
//     still decoded, so p.ID and p.Amount work for it too. Re-encoding such
//     a payment writes the raw JSON back unchanged.
//
// The nested unions (PaymentMethod, EasyPayMethod,
// PaymentCancellation and PaymentCashReceipt) follow the same rule: a sealed
// interface with one pointer-to-struct type per case and an Unknown…
// fallback that keeps the raw JSON. Two unions whose cases differ only in
// which optional fields are present, PaymentEscrow and Address, are single
// structs with their discriminator as an ordinary field.
//
// Field conventions for every type in this package:
//
//   - Required properties are plain values and are always encoded. Decoding
//     does not fail because a required property is missing: it is left at
//     its zero value. PortOne adds "required" output properties over time
//     (origin was added that way), so old data lacks them, and its
//     backward-compatibility policy lets an output become optional in a new
//     use case. The exceptions are the few properties without which a value
//     means nothing, so that a zero never passes for a real one: a payment's
//     status, id and amount.total (see Payment.UnmarshalJSON), and the
//     result of a write (see PaymentsService.Cancel and PayWithBillingKey).
//     A JSON null where such a value belongs is an error too.
//   - Optional strings and enums use "" for absent. Optional integers and
//     booleans are pointers (nil = absent), because 0 and false are real
//     values distinct from "not reported" (a VAT of 0 is not an unknown VAT).
//     Optional objects are pointers. Optional arrays use nil for absent; an
//     empty array in the input stays empty (and is re-encoded as []).
//   - Date-times are always time.Time, never *time.Time. For an optional one
//     the zero time means absent (test with IsZero); such fields are encoded
//     with omitzero, so they stay absent on re-encoding.
//   - Money is int64 in the currency's minor unit (KRW: won, USD: cents),
//     never a float. Counts (int32 in the schema) are int.
//   - Enums are open string types: unknown values decode unchanged. Unknown
//     JSON properties are ignored.
//   - Exception: PaymentCommon.Origin is required but a pointer, because it
//     was added in a later schema version and must not be invented as an
//     empty object when a payment without it is re-encoded.

// The enums (enums_gen.go) and the plumbing of every union (unions_gen.go)
// are generated from PortOne's OpenAPI description, vendored in
// internal/schema.
//
//go:generate go run ./internal/gen

import (
	"encoding/json"
	"time"
)

// FilterStatus returns the spelling of s used by payment search filters:
// PAY_PENDING becomes PENDING, every other value is unchanged.
func (s PaymentStatus) FilterStatus() PaymentFilterStatus {
	if s == PaymentStatusPayPending {
		return PaymentFilterStatusPending
	}
	return PaymentFilterStatus(s)
}

// PaymentStatus returns the spelling of s used in a Payment's "status":
// PENDING becomes PAY_PENDING, every other value is unchanged.
func (s PaymentFilterStatus) PaymentStatus() PaymentStatus {
	if s == PaymentFilterStatusPending {
		return PaymentStatusPayPending
	}
	return PaymentStatus(s)
}

// Payment is one PortOne payment (결제 건). Common fields are promoted from
// PaymentCommon, so p.ID, p.Amount.Total and p.Status work without a type
// switch; the status-specific fields are on Variant, whose concrete type a
// caller can switch on:
//
//	switch v := p.Variant.(type) {
//	case *portone.PaidPayment:
//		fmt.Println("paid at", v.PaidAt)
//	case *portone.CancelledPayment:
//		fmt.Println("cancelled at", v.CancelledAt)
//	}
//
// Payment decodes from and encodes to PortOne's JSON; decoding reads the
// body once. An unknown status is not an error (see UnknownPayment).
// Decoding fails on malformed JSON, on a property of the wrong JSON type,
// on null (it would leave a Payment without a Variant), and when "status",
// "id" or "amount.total" is absent, null or (for the two strings) empty:
// they identify the payment, select its Variant and give its amount, and a
// zero in their place must never read as a real payment of 0. PortOne
// marks them required for every status. Other required properties stay
// lenient: PortOne's backward-compatibility policy
// (https://developers.portone.io/api/backward-compatibility) lets an
// output become optional in a new use case, and data older than a property
// lacks it. A lookup that fails this way returns a *DecodeError.
//
// When encoding, the status written is the Variant's (see
// PaymentVariant.Status), not Status, unless Variant is nil.
type Payment struct {
	PaymentCommon
	// Variant is *ReadyPayment, *PayPendingPayment,
	// *VirtualAccountIssuedPayment, *PaidPayment, *FailedPayment,
	// *PartialCancelledPayment, *CancelledPayment or *UnknownPayment. It is
	// never nil after a successful decoding.
	Variant PaymentVariant
}

// PaymentCommon holds the properties that all seven payment variants share.
// It is embedded in Payment.
type PaymentCommon struct {
	// Status is the payment's status (결제 건 상태); it selects the Variant.
	Status PaymentStatus `json:"status"`
	// ID is the payment ID chosen by the merchant (결제 건 아이디).
	ID string `json:"id"`
	// TransactionID is PortOne's own ID for the payment (결제 건 포트원 채번
	// 아이디). For V1 payments it is the imp_uid.
	TransactionID string `json:"transactionId"`
	// MerchantID is the merchant's ID (고객사 아이디).
	MerchantID string `json:"merchantId"`
	// StoreID is the store's ID (상점 아이디).
	StoreID string `json:"storeId"`
	// Method is the payment method (결제수단 정보), nil when absent. Its concrete
	// type is one of the PaymentMethod implementations.
	Method PaymentMethod `json:"method,omitzero"`
	// Channel is the channel that processed the payment (결제 채널). It is
	// optional for READY and FAILED payments and required otherwise.
	Channel *SelectedChannel `json:"channel,omitzero"`
	// ChannelGroup is the channel group (결제 채널 그룹 정보), nil when absent.
	ChannelGroup *ChannelGroupSummary `json:"channelGroup,omitzero"`
	// Version is the PortOne generation of the payment (포트원 버전).
	Version Version `json:"version"`
	// ScheduleID is the payment schedule's ID (결제 예약 건 아이디); set only for
	// scheduled payments.
	ScheduleID string `json:"scheduleId,omitzero"`
	// BillingKey is the billing key used (결제 시 사용된 빌링키); set only for
	// billing-key payments.
	BillingKey BillingKey `json:"billingKey,omitzero"`
	// Webhooks is the webhook delivery history (웹훅 발송 내역).
	Webhooks []PaymentWebhook `json:"webhooks,omitzero"`
	// RequestedAt is when the payment was requested (결제 요청 시점).
	RequestedAt time.Time `json:"requestedAt"`
	// UpdatedAt is when the payment was last updated (업데이트 시점).
	UpdatedAt time.Time `json:"updatedAt"`
	// StatusChangedAt is when the status last changed (상태 업데이트 시점).
	StatusChangedAt time.Time `json:"statusChangedAt"`
	// OrderName is the order name shown to the customer (주문명).
	OrderName string `json:"orderName"`
	// Amount holds the amounts of the payment (결제 금액 관련 세부 정보).
	Amount PaymentAmount `json:"amount"`
	// Currency is the payment's currency (통화).
	Currency Currency `json:"currency"`
	// Customer describes the buyer (구매자 정보).
	Customer Customer `json:"customer"`
	// Origin describes where the payment was requested from (결제 출처 정보).
	// The schema requires it, but it was added in a later schema version, so
	// it is nil for data that predates it.
	Origin *PaymentOrigin `json:"origin,omitzero"`
	// PromotionID is the ID of the PortOne promotion applied (프로모션 아이디).
	PromotionID string `json:"promotionId,omitzero"`
	// IsCulturalExpense says whether the payment is a cultural expense (문화비
	// 지출 여부) for income deduction; nil when absent.
	IsCulturalExpense *bool `json:"isCulturalExpense,omitzero"`
	// Escrow is the escrow and delivery information (에스크로 결제 정보); set
	// only for escrow payments.
	Escrow *PaymentEscrow `json:"escrow,omitzero"`
	// Products lists the products sold (상품 정보).
	Products []PaymentProduct `json:"products,omitzero"`
	// ProductCount is the number of products (상품 갯수); nil when absent.
	ProductCount *int `json:"productCount,omitzero"`
	// CustomData is the merchant's own data (사용자 지정 데이터). It is a string,
	// usually JSON encoded by the merchant; it is not decoded here.
	CustomData string `json:"customData,omitzero"`
	// Country is the country code (국가 코드).
	Country Country `json:"country,omitzero"`
}

// PaymentAmount holds the amounts of a payment (결제 금액 세부 정보), as
// integers in the currency's minor unit (KRW: won, USD: cents).
type PaymentAmount struct {
	// Total is the total amount (총 결제금액).
	Total int64 `json:"total"`
	// TaxFree is the tax-free part of Total (면세액).
	TaxFree int64 `json:"taxFree"`
	// VAT is the VAT (부가세액); nil when PortOne did not report it. A VAT of 0
	// is reported as a pointer to 0.
	VAT *int64 `json:"vat,omitzero"`
	// Supply is the supply value (공급가액); nil when not reported.
	Supply *int64 `json:"supply,omitzero"`
	// Discount is the total discount (총 할인금액): card-company, PortOne
	// promotion and easy-pay discounts (points, coupons).
	Discount int64 `json:"discount"`
	// Paid is the amount actually paid (실제 결제금액).
	Paid int64 `json:"paid"`
	// Cancelled is the total amount cancelled so far (총 취소금액).
	Cancelled int64 `json:"cancelled"`
	// CancelledTaxFree is the tax-free part of Cancelled (총 취소금액 중 면세액).
	CancelledTaxFree int64 `json:"cancelledTaxFree"`
}

// PaymentVariant is the status-specific part of a Payment. Its concrete type
// is one of *ReadyPayment, *PayPendingPayment, *VirtualAccountIssuedPayment,
// *PaidPayment, *FailedPayment, *PartialCancelledPayment, *CancelledPayment
// or *UnknownPayment. The interface is sealed: only this package's types
// implement it.
type PaymentVariant interface {
	// Status returns the payment status this variant stands for. For
	// UnknownPayment it is the status found in the raw JSON.
	Status() PaymentStatus
	isPaymentVariant()
}

// ReadyPayment is a payment that was created but not yet attempted (결제 준비).
// It has no status-specific fields.
type ReadyPayment struct{}

// PayPendingPayment is a payment waiting for final approval (결제 완료 대기),
// for example after an asynchronous PG approval.
type PayPendingPayment struct {
	// PGTxID is the PG's transaction ID (PG사 거래 아이디).
	PGTxID string `json:"pgTxId,omitzero"`
}

// VirtualAccountIssuedPayment is a payment whose virtual account was issued
// and awaits the deposit (가상계좌 발급 완료).
type VirtualAccountIssuedPayment struct {
	// PGTxID is the PG's transaction ID (PG사 거래 아이디).
	PGTxID string `json:"pgTxId,omitzero"`
}

// PaidPayment is a payment that completed (결제 완료).
type PaidPayment struct {
	// PaidAt is when the payment completed (결제 완료 시점).
	PaidAt time.Time `json:"paidAt"`
	// PGTxID is the PG's transaction ID (PG사 거래 아이디).
	PGTxID string `json:"pgTxId,omitzero"`
	// PGResponse is the PG's raw response body (PG사 거래 응답 본문). It may
	// hold the card number or the buyer's data in the clear, so it prints
	// as its length only; Reveal gives the text.
	PGResponse RawText `json:"pgResponse,omitzero"`
	// CashReceipt is the cash receipt issued for the payment (현금영수증), nil
	// when absent.
	CashReceipt PaymentCashReceipt `json:"cashReceipt,omitzero"`
	// CashReceiptIssuanceStatus says whether a cash receipt was issued, as
	// known at approval time (현금영수증 발행여부). It can be ISSUED while
	// CashReceipt is nil.
	CashReceiptIssuanceStatus CashReceiptIssuanceStatus `json:"cashReceiptIssuanceStatus,omitzero"`
	// ReceiptURL is the URL of the transaction receipt (거래 영수증 URL).
	ReceiptURL string `json:"receiptUrl,omitzero"`
	// Disputes lists disputes (분쟁 목록). It is required, so it is encoded as
	// [] when nil.
	Disputes []Dispute `json:"disputes"`
	// Cancellations lists cancellation requests (결제 취소 요청 내역), e.g. a
	// requested or failed cancellation that did not change the status.
	Cancellations []PaymentCancellation `json:"cancellations,omitzero"`
}

// FailedPayment is a payment that failed (결제 실패).
type FailedPayment struct {
	// FailedAt is when the payment failed (결제 실패 시점).
	FailedAt time.Time `json:"failedAt"`
	// Failure describes the failure (결제 실패 정보).
	Failure PaymentFailure `json:"failure"`
}

// PartialCancelledPayment is a paid payment of which a part was cancelled
// (결제 부분 취소).
type PartialCancelledPayment struct {
	// PaidAt is when the payment completed (결제 완료 시점); zero when absent.
	PaidAt time.Time `json:"paidAt,omitzero"`
	// PGTxID is the PG's transaction ID (PG사 거래 아이디).
	PGTxID string `json:"pgTxId,omitzero"`
	// CashReceipt is the cash receipt (현금영수증), nil when absent.
	CashReceipt PaymentCashReceipt `json:"cashReceipt,omitzero"`
	// CashReceiptIssuanceStatus says whether a cash receipt was issued, as
	// known at approval time (현금영수증 발행여부).
	CashReceiptIssuanceStatus CashReceiptIssuanceStatus `json:"cashReceiptIssuanceStatus,omitzero"`
	// ReceiptURL is the URL of the transaction receipt (거래 영수증 URL).
	ReceiptURL string `json:"receiptUrl,omitzero"`
	// Cancellations lists the cancellations (결제 취소 내역). It is required,
	// so it is encoded as [] when nil.
	Cancellations []PaymentCancellation `json:"cancellations"`
	// CancelledAt is when the payment was (last) cancelled (결제 취소 시점).
	CancelledAt time.Time `json:"cancelledAt"`
}

// CancelledPayment is a payment that was cancelled in full (결제 취소).
type CancelledPayment struct {
	// PaidAt is when the payment completed (결제 완료 시점); zero when absent,
	// e.g. for a virtual account cancelled before the deposit.
	PaidAt time.Time `json:"paidAt,omitzero"`
	// PGTxID is the PG's transaction ID (PG사 거래 아이디).
	PGTxID string `json:"pgTxId,omitzero"`
	// CashReceipt is the cash receipt (현금영수증), nil when absent.
	CashReceipt PaymentCashReceipt `json:"cashReceipt,omitzero"`
	// CashReceiptIssuanceStatus says whether a cash receipt was issued, as
	// known at approval time (현금영수증 발행여부).
	CashReceiptIssuanceStatus CashReceiptIssuanceStatus `json:"cashReceiptIssuanceStatus,omitzero"`
	// ReceiptURL is the URL of the transaction receipt (거래 영수증 URL).
	ReceiptURL string `json:"receiptUrl,omitzero"`
	// Cancellations lists the cancellations (결제 취소 내역). It is required,
	// so it is encoded as [] when nil.
	Cancellations []PaymentCancellation `json:"cancellations"`
	// CancelledAt is when the payment was cancelled (결제 취소 시점).
	CancelledAt time.Time `json:"cancelledAt"`
}

// MarshalJSON encodes p, writing Disputes as [] when nil: the schema
// requires the array.
func (p PaidPayment) MarshalJSON() ([]byte, error) {
	type plain PaidPayment
	p.Disputes = nonNil(p.Disputes)
	return json.Marshal(plain(p))
}

// MarshalJSON encodes p, writing Cancellations as [] when nil: the schema
// requires the array.
func (p PartialCancelledPayment) MarshalJSON() ([]byte, error) {
	type plain PartialCancelledPayment
	p.Cancellations = nonNil(p.Cancellations)
	return json.Marshal(plain(p))
}

// MarshalJSON encodes p, writing Cancellations as [] when nil: the schema
// requires the array.
func (p CancelledPayment) MarshalJSON() ([]byte, error) {
	type plain CancelledPayment
	p.Cancellations = nonNil(p.Cancellations)
	return json.Marshal(plain(p))
}

// nonNil returns s, or an empty slice for nil: a required array encodes as
// [], never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// UnknownPayment is the Variant of a payment whose status this package does
// not know, for example one PortOne added after this code was written. The
// Payment's common fields are decoded as usual; Raw keeps the whole payment
// so that the status-specific fields are not lost. Encoding the Payment
// writes Raw back unchanged.
type UnknownPayment struct {
	// Raw is the payment's complete JSON object, in the compact form
	// encoding/json writes (see UnknownPaymentMethod.Raw).
	Raw json.RawMessage
}
