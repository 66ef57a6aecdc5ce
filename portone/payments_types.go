package portone

// Request and response types of the payment endpoints (PaymentsService).
//
// Params types (…Params) are the inputs of the PaymentsService methods.
// Most of them are also the JSON body PortOne takes: the ids that travel in
// the path are tagged json:"-", and StoreID is replaced by the store the
// call resolves (the params' own, else WithStoreID, else the client's
// default). Beyond the conventions at the top of payment.go:
//
//   - Required fields are plain values, always sent, and checked before any
//     I/O (a *ValidationError).
//   - Optional fields are omitted when unset, never sent as zero values. An
//     optional number or boolean whose zero means something other than "not
//     sent" is a pointer, set with Ptr: a VAT of 0 is not "compute the VAT",
//     and IsTest false is not "do not check". Where PortOne documents that
//     absent means false or 0 (SkipWebhook, IsEscrow, a page number), the
//     field is a plain value. Empty lists are not sent.
//   - Card numbers, account numbers and identity numbers print masked with
//     %v, %+v, %#v and slog; they are sent unmasked.

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// ---------------------------------------------------------------------------
// Input types shared with other services (billing keys, schedules, cash
// receipts use the same schema types).

// PageInput selects one page of a page-based list (다건 조회 페이지 입력 정보).
type PageInput struct {
	// Number is the 0-based page number (0부터 시작하는 페이지 번호).
	Number int `json:"number,omitzero"`
	// Size is the number of items per page (각 페이지 당 포함할 객체 수).
	// 0 sends nothing, and PortOne uses 10.
	Size int `json:"size,omitzero"`
}

// PageInfo describes the page PortOne returned (반환된 페이지 결과 정보).
type PageInfo struct {
	// Number is the page number requested (요청된 페이지 번호).
	Number int `json:"number"`
	// Size is the page size requested (요청된 페이지 당 객체 수).
	Size int `json:"size"`
	// TotalCount is titled "실제 반환된 객체 수" (objects actually returned)
	// in the schema; PortOne's own CLI treats it as the count across all
	// pages. Which it is, is UNCONFIRMED.
	TotalCount int `json:"totalCount"`
}

// DateTimeRange is a time range (시간 범위); both ends are required.
type DateTimeRange struct {
	From  time.Time `json:"from"`  // start (시작)
	Until time.Time `json:"until"` // end (끝)
}

// PaymentAmountInput is the amount of a new payment (금액 세부 입력 정보), in
// the currency's minor unit.
type PaymentAmountInput struct {
	// Total is the total amount (총 금액). Required, positive.
	Total int64 `json:"total"`
	// TaxFree is the tax-free part of Total (면세액).
	TaxFree *int64 `json:"taxFree,omitzero"`
	// VAT is the VAT (부가세액). Unset, PortOne computes 1/11 of the taxable
	// part.
	VAT *int64 `json:"vat,omitzero"`
}

func (a PaymentAmountInput) validate(field string) error {
	err := firstError(
		checkPositive(field+".Total", a.Total),
		checkNonNegative(field+".TaxFree", a.TaxFree),
		checkNonNegative(field+".VAT", a.VAT),
	)
	if err == nil && partsExceed(a.Total, deref(a.TaxFree), deref(a.VAT)) {
		err = invalidField(field, "TaxFree and VAT exceed Total")
	}
	return err
}

// checkCustomerID refuses a customer id that could not name anyone, by the
// rule of requiredID; a nil customer or an empty id is unset.
func checkCustomerID(field string, c *CustomerInput) error {
	if c == nil {
		return nil
	}
	return optionalID(field+".ID", c.ID)
}

// CustomerInput describes the buyer of a new payment (고객 정보 입력 정보).
// Every field is optional.
type CustomerInput struct {
	// ID is your own customer id (고객 아이디).
	ID string `json:"id,omitzero"`
	// Name is the customer's name (이름).
	Name *CustomerNameInput `json:"name,omitzero"`
	// BirthYear, BirthMonth and BirthDay are the date of birth (출생 연도, 월,
	// 일), as strings such as "1990", "01", "31".
	BirthYear  string `json:"birthYear,omitzero"`
	BirthMonth string `json:"birthMonth,omitzero"`
	BirthDay   string `json:"birthDay,omitzero"`
	// Country is the customer's country (국가).
	Country Country `json:"country,omitzero"`
	// Gender is the customer's gender (성별).
	Gender Gender `json:"gender,omitzero"`
	// Email is the e-mail address (이메일).
	Email string `json:"email,omitzero"`
	// PhoneNumber is the phone number (전화번호).
	PhoneNumber string `json:"phoneNumber,omitzero"`
	// Address is the address (주소).
	Address *SeparatedAddressInput `json:"address,omitzero"`
	// Zipcode is the postal code (우편번호).
	Zipcode string `json:"zipcode,omitzero"`
	// BusinessRegistrationNumber is the business registration number (사업자
	// 등록 번호).
	BusinessRegistrationNumber string `json:"businessRegistrationNumber,omitzero"`
}

// CustomerNameInput is a customer's name (고객 이름 입력 정보): set one of
// Full or Separated.
type CustomerNameInput struct {
	// Full is the name on one line (한 줄 이름 형식).
	Full string `json:"full,omitzero"`
	// Separated is the name in parts (분리형 이름 형식).
	Separated *CustomerSeparatedName `json:"separated,omitzero"`
}

// CustomerSeparatedName is a name in parts (고객 분리형 이름).
type CustomerSeparatedName struct {
	First string `json:"first"` // 이름
	Last  string `json:"last"`  // 성
}

// SeparatedAddressInput is an address in parts (분리 형식 주소 입력 정보).
type SeparatedAddressInput struct {
	AddressLine1 string  `json:"addressLine1"`      // 상세 주소 1
	AddressLine2 string  `json:"addressLine2"`      // 상세 주소 2
	City         string  `json:"city,omitzero"`     // 시/군/구
	Province     string  `json:"province,omitzero"` // 주/도/시
	Country      Country `json:"country,omitzero"`  // 국가
}

// CashReceiptInput asks for a cash receipt with a payment (현금영수증 입력
// 정보). CustomerIdentityNumber (a phone, card or business number) prints
// masked.
type CashReceiptInput struct {
	// Type is the kind of receipt (현금영수증 유형). Required.
	Type CashReceiptInputType `json:"type"`
	// CustomerIdentityNumber identifies the customer (사용자 식별 번호); leave
	// it empty for NO_RECEIPT.
	CustomerIdentityNumber Secret `json:"customerIdentityNumber,omitzero"`
}

// String prints the input with the identity number masked.
func (r CashReceiptInput) String() string {
	type plain CashReceiptInput
	return maskedString(plain(r))
}

// GoString is String.
func (r CashReceiptInput) GoString() string { return r.String() }

// LogValue is String, so JSON handlers mask too.
func (r CashReceiptInput) LogValue() slog.Value { return slog.StringValue(r.String()) }

// CardCredential is the card data of a non-authenticated card payment (카드
// 인증 관련 정보). It prints masked with %v, %+v, %#v and slog: only the last
// four digits of the number show.
type CardCredential struct {
	// Number is the card number, digits only (카드 번호). Required.
	Number CardNumber `json:"number"`
	// ExpiryYear is the expiry year, two digits (유효 기간 만료 연도). Required.
	ExpiryYear string `json:"expiryYear"`
	// ExpiryMonth is the expiry month, two digits (유효 기간 만료 월). Required.
	ExpiryMonth string `json:"expiryMonth"`
	// BirthOrBusinessRegistrationNumber is the holder's birth date (yyMMdd)
	// or business registration number (10 digits).
	BirthOrBusinessRegistrationNumber string `json:"birthOrBusinessRegistrationNumber,omitzero"`
	// PasswordTwoDigits is the first two digits of the card password (비밀번호
	// 앞 2자리).
	PasswordTwoDigits string `json:"passwordTwoDigits,omitzero"`
}

// String masks the card data.
func (c CardCredential) String() string {
	return "CardCredential{" + c.Number.String() + " " + redact.Redacted + "}"
}

// GoString masks the card data.
func (c CardCredential) GoString() string { return c.String() }

// LogValue masks the card data in slog output.
func (c CardCredential) LogValue() slog.Value { return slog.StringValue(c.String()) }

func (c CardCredential) validate(field string) error {
	switch {
	case !allDigits(string(c.Number)) || len(c.Number) < 12 || len(c.Number) > 19:
		return invalidField(field+".Number", "must be 12 to 19 digits")
	case !allDigits(c.ExpiryYear) || len(c.ExpiryYear) != 2:
		return invalidField(field+".ExpiryYear", "must be two digits")
	case !allDigits(c.ExpiryMonth) || len(c.ExpiryMonth) != 2:
		return invalidField(field+".ExpiryMonth", "must be two digits")
	}
	return nil
}

// AccountNumber is a bank account number. It prints masked (every digit but
// the last four replaced by '*') with every fmt verb and in slog; Reveal
// (or string(n)) and JSON give the number itself, so a RefundAccount is
// sent with the real number.
type AccountNumber string

// Reveal returns the number. A virtual account number (가상계좌) must be
// shown to the customer so that they can deposit: read it with Reveal,
// never by printing the payment.
func (n AccountNumber) Reveal() string { return string(n) }

// String masks the number.
func (n AccountNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number.
func (n AccountNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n AccountNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb, %d and %x included.
func (n AccountNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ---------------------------------------------------------------------------
// List (GET /payments)

// PaymentListParams selects payments for List (결제 다건 조회 입력 정보,
// schema GetPaymentsBody).
type PaymentListParams struct {
	// Page is the page to return. (Number+1)*Size may not exceed 60,000.
	Page PageInput `json:"page,omitzero"`
	// Filter narrows the payments returned; V1 payments may ignore some
	// fields. Filter.StoreID defaults to WithStoreID, then the client's
	// default store.
	Filter PaymentFilter `json:"filter,omitzero"`
}

func (p *PaymentListParams) validate() error {
	size := p.Page.Size
	if size == 0 {
		size = 10
	}
	switch {
	case p.Page.Number < 0:
		return invalidField("Page.Number", "may not be negative")
	case p.Page.Size < 0:
		return invalidField("Page.Size", "may not be negative")
	case (int64(p.Page.Number)+1)*int64(size) > 60000:
		return invalidField("Page", "(Number+1)*Size may not exceed 60000")
	}
	return checkRange("Filter", p.Filter.From, p.Filter.Until)
}

// PaymentFilter is the filter of List (결제 다건 조회를 위한 입력 정보,
// schema PaymentFilterInput). Every field is optional; unset fields do not
// filter.
type PaymentFilter struct {
	// MerchantID is the merchant (고객사 아이디).
	MerchantID string `json:"merchantId,omitzero"`
	// StoreID is the store (상점 아이디). Merchant-level users only; unset,
	// all the merchant's stores are searched, unless WithStoreID or the
	// client's default store sets it.
	StoreID string `json:"storeId,omitzero"`
	// TimestampType selects the time From and Until apply to (조회 기준 시점
	// 유형); PortOne's default is STATUS_CHANGED_AT.
	TimestampType PaymentTimestampType `json:"timestampType,omitzero"`
	// From is the start of the time range (시점 범위의 시작); unset, 90 days
	// before Until.
	From time.Time `json:"from,omitzero"`
	// Until is the end of the time range (시점 범위의 끝); unset, now.
	Until time.Time `json:"until,omitzero"`
	// Status lists the statuses wanted (결제 상태 리스트). Note the filter
	// spelling of the pending status, PENDING.
	Status []PaymentFilterStatus `json:"status,omitempty"`
	// Methods lists the payment methods wanted (결제수단 리스트).
	Methods []PaymentMethodType `json:"methods,omitempty"`
	// PGProvider lists the PG modules wanted (PG사 결제 모듈 리스트).
	PGProvider []PGProvider `json:"pgProvider,omitempty"`
	// IsTest selects test (true) or live (false) payments (테스트 결제 여부).
	IsTest *bool `json:"isTest,omitzero"`
	// IsScheduled selects scheduled payments or not (결제 예약 건 필터링).
	IsScheduled *bool `json:"isScheduled,omitzero"`
	// SortBy is the sort key (결제 건 정렬 기준).
	SortBy PaymentSortBy `json:"sortBy,omitzero"`
	// SortOrder is the sort direction (결제 건 정렬 방식).
	SortOrder SortOrder `json:"sortOrder,omitzero"`
	// Version is the PortOne generation (포트원 버전).
	Version Version `json:"version,omitzero"`
	// WebhookStatus is the webhook state of the final status (최종 결제
	// 상태의 웹훅 상태).
	WebhookStatus PaymentWebhookStatus `json:"webhookStatus,omitzero"`
	// PlatformType is the client environment (플랫폼 유형).
	PlatformType PaymentClientType `json:"platformType,omitzero"`
	// Currency is the currency (통화).
	Currency Currency `json:"currency,omitzero"`
	// IsEscrow selects escrow payments or not (에스크로 결제 여부).
	IsEscrow *bool `json:"isEscrow,omitzero"`
	// EscrowStatus is the escrow delivery state (에스크로 결제의 배송 정보
	// 상태).
	EscrowStatus PaymentFilterEscrowStatus `json:"escrowStatus,omitzero"`
	// CardBrand is the card brand (카드 브랜드).
	CardBrand CardBrand `json:"cardBrand,omitzero"`
	// CardType is the card type (카드 유형).
	CardType CardType `json:"cardType,omitzero"`
	// CardOwnerType is the card owner type (카드 소유주 유형).
	CardOwnerType CardOwnerType `json:"cardOwnerType,omitzero"`
	// GiftCertificateType is the gift certificate kind (상품권 종류).
	GiftCertificateType PaymentMethodGiftCertificateType `json:"giftCertificateType,omitzero"`
	// CashReceiptType is the cash receipt kind (현금영수증 유형).
	CashReceiptType CashReceiptInputType `json:"cashReceiptType,omitzero"`
	// CashReceiptStatus is the cash receipt state (현금영수증 상태).
	CashReceiptStatus PaymentCashReceiptStatus `json:"cashReceiptStatus,omitzero"`
	// CashReceiptIssuedAtRange bounds the cash receipt issue time (현금영수증
	// 발급 시간 범위).
	CashReceiptIssuedAtRange *DateTimeRange `json:"cashReceiptIssuedAtRange,omitzero"`
	// CashReceiptCancelledAtRange bounds the cash receipt cancel time
	// (현금영수증 취소 시간 범위).
	CashReceiptCancelledAtRange *DateTimeRange `json:"cashReceiptCancelledAtRange,omitzero"`
	// TextSearch lists full-text conditions (통합 검색 리스트 필터).
	TextSearch []PaymentTextSearch `json:"textSearch,omitempty"`
}

// PaymentTextSearch is one full-text condition (통합검색 입력 정보).
type PaymentTextSearch struct {
	Field PaymentTextSearchField `json:"field"` // the field searched
	Value string                 `json:"value"` // the text to find
}

// PaymentPage is one page of List (결제 건 다건 조회 성공 응답 정보).
type PaymentPage struct {
	// Items are the payments on this page (조회된 결제 건 리스트).
	Items []Payment `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

// ---------------------------------------------------------------------------
// Cursor lists (GET /payments-by-cursor, GET /payment-events-by-cursor)

// PaymentCursorParams selects the payments of All, or the payment events of
// AllEvents (schemas GetAllPaymentsByCursorBody and
// GetAllPaymentEventsByCursorBody, which have the same fields). The range
// applies to the creation time of the payment or event.
type PaymentCursorParams struct {
	// StoreID is the store (상점 아이디); unset, WithStoreID or the client's
	// default store. For events, unset with no default means all the
	// merchant's stores.
	StoreID string `json:"storeId,omitzero"`
	// From is the start of the range (생성시점 범위 조건의 시작); unset, 90
	// days before Until.
	From time.Time `json:"from,omitzero"`
	// Until is the end of the range (생성시점 범위 조건의 끝); unset, now.
	Until time.Time `json:"until,omitzero"`
	// Cursor resumes a listing after the item that carried it (커서). Leave
	// it empty to start at the beginning.
	Cursor string `json:"cursor,omitzero"`
	// Size is the page size (페이지 크기), 1 to 1000; 0 sends nothing and
	// PortOne uses 10.
	Size int `json:"size,omitzero"`
}

// defaultCursorSize is PortOne's page size when none is sent.
const defaultCursorSize = 10

func (p *PaymentCursorParams) validate() error {
	if p.Size < 0 || p.Size > 1000 {
		return invalidField("Size", "must be between 1 and 1000 (or 0 for the default)")
	}
	return checkRange("", p.From, p.Until)
}

type paymentsByCursorResponse struct {
	Items []struct {
		Payment Payment `json:"payment"`
		Cursor  string  `json:"cursor"`
	} `json:"items"`
}

type paymentEventsByCursorResponse struct {
	Items []struct {
		PaymentEvent PaymentEvent `json:"paymentEvent"`
		Cursor       string       `json:"cursor"`
	} `json:"items"`
}

// PaymentEvent is one event in a payment's history (결제 이벤트): a payment
// completed, or was cancelled in part or in full. Like Payment it is the
// common fields (promoted from PaymentEventCommon) plus a Variant to switch
// on; an unknown "type" decodes into *UnknownPaymentEvent, not an error.
type PaymentEvent struct {
	PaymentEventCommon
	// Variant is *PaidPaymentEvent, *PartialCancelledPaymentEvent,
	// *CancelledPaymentEvent or *UnknownPaymentEvent. It is never nil after
	// decoding a JSON object.
	Variant PaymentEventVariant
}

// PaymentEventCommon holds the properties every payment event has.
type PaymentEventCommon struct {
	// Type is the kind of event; it selects the Variant.
	Type PaymentEventType `json:"type"`
	// ID is the event's id (결제 이벤트 아이디).
	ID string `json:"id"`
	// PaymentID is the payment's id (결제 건 아이디).
	PaymentID string `json:"paymentId"`
	// TransactionID is the payment attempt's id (결제 시도 아이디).
	TransactionID string `json:"transactionId"`
	// MerchantID is the merchant (고객사 아이디).
	MerchantID string `json:"merchantId"`
	// StoreID is the store (상점 아이디).
	StoreID string `json:"storeId"`
	// Method is the payment method (결제수단 정보), nil when absent.
	Method PaymentMethod `json:"method,omitzero"`
	// Channel is the channel that processed the payment (결제 채널).
	Channel SelectedChannel `json:"channel"`
	// ChannelGroup is the channel group (결제 채널 그룹 정보), nil when absent.
	ChannelGroup *ChannelGroupSummary `json:"channelGroup,omitzero"`
	// Version is the PortOne generation (포트원 버전).
	Version Version `json:"version"`
	// ScheduleID is the payment schedule (결제 예약 건 아이디), if any.
	ScheduleID string `json:"scheduleId,omitzero"`
	// Webhooks is the webhook history (웹훅 발송 내역).
	Webhooks []PaymentWebhook `json:"webhooks,omitzero"`
	// RequestedAt is when the payment was requested (결제 요청 시점).
	RequestedAt time.Time `json:"requestedAt"`
	// CreatedAt is when the event was created (이벤트 생성 시점).
	CreatedAt time.Time `json:"createdAt"`
	// OrderName is the order name (주문명).
	OrderName string `json:"orderName"`
	// TotalAmount holds the payment's amounts (총 결제 금액 관련 세부 정보).
	TotalAmount PaymentAmount `json:"totalAmount"`
	// Currency is the currency (통화).
	Currency Currency `json:"currency"`
	// Customer describes the buyer (구매자 정보).
	Customer Customer `json:"customer"`
	// IsCulturalExpense says whether it is a cultural expense (문화비 지출
	// 여부); nil when absent.
	IsCulturalExpense *bool `json:"isCulturalExpense,omitzero"`
	// Escrow is the escrow information (에스크로 결제 정보), if any.
	Escrow *PaymentEscrow `json:"escrow,omitzero"`
	// Products lists the products (상품 정보).
	Products []PaymentProduct `json:"products,omitzero"`
	// ProductCount is the number of products (상품 갯수); nil when absent.
	ProductCount *int `json:"productCount,omitzero"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// Country is the country (국가 코드).
	Country Country `json:"country,omitzero"`
	// PGTxID is the PG's transaction id (PG사 거래 아이디).
	PGTxID string `json:"pgTxId,omitzero"`
	// CashReceipt is the cash receipt (현금영수증), nil when absent.
	CashReceipt PaymentCashReceipt `json:"cashReceipt,omitzero"`
	// CashReceiptIssuanceStatus says whether a cash receipt was issued
	// (현금영수증 발행여부).
	CashReceiptIssuanceStatus CashReceiptIssuanceStatus `json:"cashReceiptIssuanceStatus,omitzero"`
	// ReceiptURL is the transaction receipt's URL (거래 영수증 URL).
	ReceiptURL string `json:"receiptUrl,omitzero"`
	// PromotionID is the promotion applied (프로모션 아이디).
	PromotionID string `json:"promotionId,omitzero"`
	// EventAmount is the amount this event moved (처리 금액); negative for a
	// cancellation.
	EventAmount int64 `json:"eventAmount"`
	// Origin is where the payment was requested from (결제 출처 정보); nil for
	// data that predates it.
	Origin *PaymentOrigin `json:"origin,omitzero"`
}

// PaymentEventVariant is the type-specific part of a PaymentEvent. The
// interface is sealed.
type PaymentEventVariant interface {
	// Type returns the event type this variant stands for.
	Type() PaymentEventType
	isPaymentEventVariant()
}

// PaidPaymentEvent is a payment that completed (결제 완료 이벤트).
type PaidPaymentEvent struct {
	// PGResponse is the PG's raw response (PG사 거래 응답 본문). It prints as
	// its length only.
	PGResponse RawText `json:"pgResponse,omitzero"`
	// Disputes lists disputes (분쟁 목록); encoded as [] when nil.
	Disputes []Dispute `json:"disputes"`
}

// MarshalJSON encodes e, writing Disputes as [] when nil: the schema
// requires the array.
func (e PaidPaymentEvent) MarshalJSON() ([]byte, error) {
	type plain PaidPaymentEvent
	e.Disputes = nonNil(e.Disputes)
	return json.Marshal(plain(e))
}

// PartialCancelledPaymentEvent is a partial cancellation (결제 부분 취소
// 상태 이벤트).
type PartialCancelledPaymentEvent struct {
	// Cancellation is the cancellation (결제 취소 정보), nil when absent.
	Cancellation PaymentCancellation `json:"cancellation,omitzero"`
}

// CancelledPaymentEvent is a full cancellation (결제 취소 상태 이벤트).
type CancelledPaymentEvent struct {
	// Cancellation is the cancellation (결제 취소 정보), nil when absent.
	Cancellation PaymentCancellation `json:"cancellation,omitzero"`
}

// UnknownPaymentEvent is the Variant of an event whose type this package
// does not know. Raw keeps the whole event; encoding the PaymentEvent writes
// it back unchanged.
type UnknownPaymentEvent struct {
	Raw json.RawMessage // the whole event, compact (see UnknownPaymentMethod.Raw)
}

// ---------------------------------------------------------------------------
// Transactions (GET /payments/{paymentId}/transactions)

// PaymentTransaction is one attempt at a payment (결제 시도). PortOne
// describes an attempt with the fields of a payment in some status, so it
// embeds Payment: Status, Amount, Method and the status-specific Variant
// work as on a Payment. In PortOne's JSON an attempt's "id" is the
// attempt's own id and "paymentId" the payment's; PaymentTransaction keeps
// them where Payment does: ID is the payment id, TransactionID the
// attempt's. Origin is always nil: attempts do not carry one.
type PaymentTransaction struct {
	Payment
}

// UnmarshalJSON decodes an attempt in any status (see PaymentTransaction
// for where the ids go). Like Payment.UnmarshalJSON it refuses null and an
// attempt without status, id, amount.total or paymentId.
func (t *PaymentTransaction) UnmarshalJSON(data []byte) error {
	var p Payment
	if err := p.UnmarshalJSON(data); err != nil {
		return err
	}
	paymentID := jsonx.StringMember(data, "paymentId")
	if paymentID == "" {
		return errors.New("portone: payment transaction has no paymentId")
	}
	p.TransactionID, p.ID = p.ID, paymentID
	t.Payment = p
	return nil
}

// MarshalJSON writes PortOne's form back: "id" is the attempt's id and
// "paymentId" the payment's ("transactionId" is written too, equal to
// "id"). An attempt with an unknown status is written as its Raw JSON.
func (t PaymentTransaction) MarshalJSON() ([]byte, error) {
	if u, ok := t.Variant.(*UnknownPayment); ok && u != nil && len(u.Raw) > 0 {
		return u.Raw, nil
	}
	p := t.Payment
	p.ID = t.TransactionID
	return jsonx.Join(p, struct {
		PaymentID string `json:"paymentId"`
	}{t.ID})
}

type paymentTransactionsResponse struct {
	Items []PaymentTransaction `json:"items"`
}

// ---------------------------------------------------------------------------
// Cancel (POST /payments/{paymentId}/cancel)

// CancelPaymentParams describes a cancel (결제 취소, schema CancelPaymentBody).
// Set exactly one of Full (cancel whatever remains: PortOne's "omit amount")
// and Amount (a partial cancel, 부분 취소), so a zero amount never becomes a
// full cancel by accident.
type CancelPaymentParams struct {
	// PaymentID is the payment to cancel (결제 건 아이디). Required.
	PaymentID string
	// StoreID is the store (상점 아이디); unset, WithStoreID or the client's
	// default.
	StoreID string
	// Full cancels the whole remaining amount (전액 취소).
	Full bool
	// Amount is the amount to cancel in a partial cancel (취소 총 금액).
	Amount int64
	// TaxFreeAmount is the tax-free part of the cancel (취소 금액 중 면세
	// 금액); unset, the whole cancel is taxable.
	TaxFreeAmount *int64
	// VATAmount is the VAT part of the cancel (취소 금액 중 부가세액); unset,
	// PortOne computes it.
	VATAmount *int64
	// Reason is why the payment is cancelled (취소 사유). Required.
	Reason string
	// Requester says who asked for the cancel (취소 요청자).
	Requester CancelRequester
	// PromotionDiscountRetainOption chooses, for a partial cancel of a
	// promoted payment, whether the original discount rate is kept (RETAIN)
	// or recomputed on what remains (RELEASE, PortOne's default).
	PromotionDiscountRetainOption PromotionDiscountRetainOption
	// CurrentCancellableAmount is the cancellable balance you believe the
	// payment has before this cancel (결제 건의 취소 가능 잔액). When set,
	// PortOne cancels only if it matches, else refuses with 409
	// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: it guards against cancelling
	// twice from two stale views of the same payment. Recommended.
	CurrentCancellableAmount *int64
	// RefundAccount is where the money goes back for account refunds (환불
	// 계좌): virtual-account payments, next-month mobile refunds.
	RefundAccount *RefundAccount
	// RefundEmail receives the refund notice (환불 이메일); Triple-A only.
	RefundEmail string
	// SkipWebhook suppresses the webhook of a successful cancel (웹훅 생략
	// 여부).
	SkipWebhook bool
}

// LogValue logs the cancel with the refund account number masked, JSON
// handlers too.
func (p CancelPaymentParams) LogValue() slog.Value {
	type plain CancelPaymentParams
	return maskedLogValue(plain(p))
}

func (p *CancelPaymentParams) validate() error {
	err := firstError(
		optionalID("StoreID", p.StoreID),
		checkNonNegative("TaxFreeAmount", p.TaxFreeAmount),
		checkNonNegative("VATAmount", p.VATAmount),
		checkNonNegative("CurrentCancellableAmount", p.CurrentCancellableAmount),
	)
	switch {
	case err != nil:
		return err
	case p.Full && p.Amount != 0:
		return invalidField("Amount", "set either Full or Amount, not both")
	case !p.Full && p.Amount <= 0:
		return invalidField("Amount", "must be positive for a partial cancel (or set Full)")
	case !p.Full && partsExceed(p.Amount, deref(p.TaxFreeAmount), deref(p.VATAmount)):
		return invalidField("TaxFreeAmount", "TaxFreeAmount and VATAmount exceed Amount")
	case !p.Full && p.CurrentCancellableAmount != nil && p.Amount > *p.CurrentCancellableAmount:
		return invalidField("Amount", "exceeds CurrentCancellableAmount")
	case strings.TrimSpace(p.Reason) == "":
		return invalidField("Reason", "is empty")
	}
	return p.RefundAccount.validate()
}

// cancelPaymentBody is CancelPaymentBody on the wire.
type cancelPaymentBody struct {
	StoreID                       string                        `json:"storeId,omitzero"`
	Amount                        *int64                        `json:"amount,omitzero"`
	TaxFreeAmount                 *int64                        `json:"taxFreeAmount,omitzero"`
	VATAmount                     *int64                        `json:"vatAmount,omitzero"`
	Reason                        string                        `json:"reason"`
	Requester                     CancelRequester               `json:"requester,omitzero"`
	PromotionDiscountRetainOption PromotionDiscountRetainOption `json:"promotionDiscountRetainOption,omitzero"`
	CurrentCancellableAmount      *int64                        `json:"currentCancellableAmount,omitzero"`
	RefundAccount                 *RefundAccount                `json:"refundAccount,omitzero"`
	RefundEmail                   string                        `json:"refundEmail,omitzero"`
	SkipWebhook                   bool                          `json:"skipWebhook,omitzero"`
}

func (p *CancelPaymentParams) body(storeID string) cancelPaymentBody {
	b := cancelPaymentBody{
		StoreID: storeID, TaxFreeAmount: p.TaxFreeAmount, VATAmount: p.VATAmount, Reason: p.Reason,
		Requester: p.Requester, PromotionDiscountRetainOption: p.PromotionDiscountRetainOption,
		CurrentCancellableAmount: p.CurrentCancellableAmount, RefundAccount: p.RefundAccount,
		RefundEmail: p.RefundEmail, SkipWebhook: p.SkipWebhook,
	}
	if !p.Full {
		b.Amount = &p.Amount
	}
	return b
}

// cancelPaymentResponse is CancelPaymentResponse: {"cancellation": …}.
type cancelPaymentResponse struct {
	Cancellation PaymentCancellation
}

// UnmarshalJSON decodes the cancellation union. A response that is null,
// {}, or whose cancellation lacks its status, id or totalAmount is an
// error, which the transport reports as an unknown outcome of the cancel:
// without them the answer cannot say that (and how much) was cancelled.
// Other properties are lenient, and an unknown status decodes into
// *UnknownPaymentCancellation.
func (r *cancelPaymentResponse) UnmarshalJSON(data []byte) error {
	if err := requireMembers(data, "cancellation.status", "cancellation.id", "cancellation.totalAmount"); err != nil {
		return err
	}
	raw, _, err := jsonx.Member(data, "cancellation")
	if err != nil {
		return err
	}
	r.Cancellation, err = paymentCancellationUnion.Decode(raw)
	return err
}

// RefundAccount is the account a cancel refunds to (환불 계좌, schema
// CancelPaymentBodyRefundAccount). Its number prints masked.
type RefundAccount struct {
	// Bank is the bank (은행). Required.
	Bank Bank `json:"bank"`
	// Number is the account number (계좌번호). Required.
	Number AccountNumber `json:"number"`
	// HolderName is the account holder (예금주). Required.
	HolderName string `json:"holderName"`
	// HolderPhoneNumber is the holder's phone number (예금주 연락처), needed
	// for Smartro virtual accounts.
	HolderPhoneNumber string `json:"holderPhoneNumber,omitzero"`
}

// String masks the account number.
func (r RefundAccount) String() string {
	return "RefundAccount{" + string(r.Bank) + " " + r.Number.String() + " " + r.HolderName + "}"
}

// GoString masks the account number.
func (r RefundAccount) GoString() string { return r.String() }

// LogValue masks the account number in slog output.
func (r RefundAccount) LogValue() slog.Value { return slog.StringValue(r.String()) }

func (r *RefundAccount) validate() error {
	if r != nil && (r.Bank == "" || r.Number == "" || r.HolderName == "") {
		return invalidField("RefundAccount", "needs the bank, account number and holder name")
	}
	return nil
}

// ---------------------------------------------------------------------------
// Other writes

// StopPaymentCancellationParams identifies an asynchronous cancel to stop
// (결제 취소 요청 취소).
type StopPaymentCancellationParams struct {
	// PaymentID is the payment (결제 건 아이디). Required.
	PaymentID string `json:"-"`
	// CancellationID is the cancel request (취소 요청 아이디). Required.
	CancellationID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
}

// StoppedCancellation is the result of StopCancellation (결제 취소 요청 취소
// 성공 응답).
type StoppedCancellation struct {
	// StoppedAt is when the cancel request was stopped (취소 완료 시각).
	StoppedAt time.Time `json:"stoppedAt"`
}

// CapturePaymentParams identifies a payment to capture (수동 매입).
type CapturePaymentParams struct {
	// PaymentID is the payment (결제 건 아이디). Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
}

// ConfirmPaymentParams approves an authenticated payment whose channel uses
// manual approval (인증 결제 수동 승인, schema ConfirmPaymentBody). The
// optional fields are checks: PortOne refuses the confirm with 409
// INFORMATION_MISMATCH when one differs from the payment. Send Currency,
// TotalAmount and IsTest, as PortOne recommends.
type ConfirmPaymentParams struct {
	// PaymentID is the payment (결제 아이디). Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// PaymentToken is the token the browser received when authentication
	// completed (결제 토큰). Required. It prints masked.
	PaymentToken Secret `json:"paymentToken"`
	// TxID must equal the payment attempt's id (결제 시도 아이디).
	TxID string `json:"txId,omitzero"`
	// Currency must equal the payment's currency (통화).
	Currency Currency `json:"currency,omitzero"`
	// TotalAmount must equal the payment's total (결제 금액).
	TotalAmount *int64 `json:"totalAmount,omitzero"`
	// TaxFreeAmount must equal the payment's tax-free amount (면세 금액).
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// IsTest must equal whether the payment is a test (테스트 결제 여부).
	IsTest *bool `json:"isTest,omitzero"`
	// SkipWebhook suppresses the webhook of a successful payment (웹훅 생략
	// 여부); webhooks of external events (a deposit) are still sent.
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

// ConfirmedPaymentSummary is the result of Confirm (결제 수동 승인 완료된 결제
// 건 요약 정보).
type ConfirmedPaymentSummary struct {
	// PGTxID is the PG's payment id (PG사 결제 아이디).
	PGTxID string `json:"pgTxId"`
	// PaidAt is when the payment completed (결제 완료 시점).
	PaidAt time.Time `json:"paidAt"`
}

// PreRegisterPaymentParams registers a payment's amount and currency before
// the payment window opens (결제 정보 사전 등록).
type PreRegisterPaymentParams struct {
	// PaymentID is the payment id the browser will use (결제 건 아이디).
	// Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// TotalAmount is the total (결제 총 금액).
	TotalAmount *int64 `json:"totalAmount,omitzero"`
	// TaxFreeAmount is the tax-free part (결제 면세 금액).
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// Currency is the currency (통화).
	Currency Currency `json:"currency,omitzero"`
}

// BillingKeyPaymentParams charges a billing key (빌링키 결제, schema
// BillingKeyPaymentInput).
type BillingKeyPaymentParams struct {
	// PaymentID is the new payment's id (결제 건 아이디), chosen by you and
	// unique. Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// BillingKey is the billing key to charge (빌링키). Required.
	BillingKey BillingKey `json:"billingKey"`
	// ChannelKey picks the channel of a key issued for several (채널 키).
	ChannelKey string `json:"channelKey,omitzero"`
	// OrderName is the order name (주문명). Required.
	OrderName string `json:"orderName"`
	// Customer describes the buyer (고객 정보).
	Customer *CustomerInput `json:"customer,omitzero"`
	// CustomData is your own data, returned with the payment (사용자 지정
	// 데이터).
	CustomData string `json:"customData,omitzero"`
	// Amount is the amount (결제 금액 세부 입력 정보). Required.
	Amount PaymentAmountInput `json:"amount"`
	// Currency is the currency (통화). Required.
	Currency Currency `json:"currency"`
	// InstallmentMonth is the number of card installments (할부 개월 수).
	InstallmentMonth *int `json:"installmentMonth,omitzero"`
	// UseFreeInterestFromMerchant says whether you bear the installment
	// interest (무이자 할부 이자를 고객사가 부담할지 여부).
	UseFreeInterestFromMerchant *bool `json:"useFreeInterestFromMerchant,omitzero"`
	// UseCardPoint says whether card points are used (카드 포인트 사용 여부).
	UseCardPoint *bool `json:"useCardPoint,omitzero"`
	// CashReceipt asks for a cash receipt (현금영수증 정보), e.g. for Naver Pay
	// points through NICE Payments.
	CashReceipt *CashReceiptInput `json:"cashReceipt,omitzero"`
	// Country is the payment's country (결제 국가).
	Country Country `json:"country,omitzero"`
	// NoticeURLs override the store's webhook URLs for this payment (웹훅
	// 주소).
	NoticeURLs []string `json:"noticeUrls,omitempty"`
	// Products lists the products (상품 정보).
	Products []PaymentProduct `json:"products,omitempty"`
	// ProductCount is the number of products (상품 개수).
	ProductCount *int `json:"productCount,omitzero"`
	// ProductType is physical or digital (상품 유형).
	ProductType PaymentProductType `json:"productType,omitzero"`
	// ShippingAddress is the delivery address (배송지 주소).
	ShippingAddress *SeparatedAddressInput `json:"shippingAddress,omitzero"`
	// PromotionID is the promotion to apply (프로모션 아이디).
	PromotionID string `json:"promotionId,omitzero"`
	// Locale is the language (결제 시 사용할 언어); required by Eximbay.
	Locale Locale `json:"locale,omitzero"`
	// Bypass holds PG-specific parameters (PG사별 추가 파라미터).
	Bypass map[string]any `json:"bypass,omitempty"`
	// SkipWebhook suppresses the webhook of a successful payment (웹훅 생략
	// 여부).
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

// LogValue logs the params with the billing key and identity numbers
// masked, JSON handlers too.
func (p BillingKeyPaymentParams) LogValue() slog.Value {
	type plain BillingKeyPaymentParams
	return maskedLogValue(plain(p))
}

func (p *BillingKeyPaymentParams) validate() error {
	if p.CashReceipt != nil && p.CashReceipt.Type == "" {
		return invalidField("CashReceipt.Type", "is empty") // as a schedule's payment checks it
	}
	return firstError(
		optionalID("StoreID", p.StoreID),
		requiredID("BillingKey", string(p.BillingKey)),
		optionalID("ChannelKey", p.ChannelKey),
		optionalID("PromotionID", p.PromotionID),
		checkCustomerID("Customer", p.Customer),
		requireText("OrderName", p.OrderName),
		p.Amount.validate("Amount"),
		requireText("Currency", string(p.Currency)),
		checkNonNegative("InstallmentMonth", p.InstallmentMonth),
		checkNonNegative("ProductCount", p.ProductCount),
	)
}

// BillingKeyPaymentSummary is the result of PayWithBillingKey (빌링키 결제
// 완료된 결제 건 요약 정보).
type BillingKeyPaymentSummary struct {
	// PGTxID is the PG's payment id (PG사 결제 아이디).
	PGTxID string `json:"pgTxId"`
	// PaidAt is when the payment completed (결제 완료 시점).
	PaidAt time.Time `json:"paidAt"`
}

type payWithBillingKeyResponse struct {
	Payment BillingKeyPaymentSummary `json:"payment"`
}

// UnmarshalJSON requires the "payment" object and its paidAt: a 2xx
// without them is a decode error of an applied write (an unknown outcome),
// not a success with zero values. pgTxId is taken as sent.
func (r *payWithBillingKeyResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "payment", &r.Payment, "paidAt")
}

// InstantPaymentParams is a payment made from the server without the
// customer's authentication (수기 결제, schema InstantPaymentInput): a card
// charged with its number, or a virtual account issued. The card data
// prints masked (see CardCredential); LogValue logs no card data.
type InstantPaymentParams struct {
	// PaymentID is the new payment's id (결제 건 아이디). Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// ChannelKey is the channel (채널 키). Set it or ChannelGroupID.
	ChannelKey string `json:"channelKey,omitzero"`
	// ChannelGroupID is the channel group (채널 그룹 ID). Set it or
	// ChannelKey.
	ChannelGroupID string `json:"channelGroupId,omitzero"`
	// Method is the card or virtual account (결제수단 정보). Required.
	Method InstantPaymentMethodInput `json:"method"`
	// OrderName is the order name (주문명). Required.
	OrderName string `json:"orderName"`
	// IsCulturalExpense marks a cultural expense (문화비 지출 여부); default
	// false.
	IsCulturalExpense bool `json:"isCulturalExpense,omitzero"`
	// IsEscrow marks an escrow payment (에스크로 결제 여부); default false.
	IsEscrow bool `json:"isEscrow,omitzero"`
	// Customer describes the buyer (고객 정보).
	Customer *CustomerInput `json:"customer,omitzero"`
	// CustomData is your own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// Amount is the amount (결제 금액 세부 입력 정보). Required.
	Amount PaymentAmountInput `json:"amount"`
	// Currency is the currency (통화). Required.
	Currency Currency `json:"currency"`
	// Country is the payment's country (결제 국가).
	Country Country `json:"country,omitzero"`
	// NoticeURLs override the store's webhook URLs (웹훅 주소).
	NoticeURLs []string `json:"noticeUrls,omitempty"`
	// Products lists the products (상품 정보).
	Products []PaymentProduct `json:"products,omitempty"`
	// ProductCount is the number of products (상품 개수).
	ProductCount *int `json:"productCount,omitzero"`
	// ProductType is physical or digital (상품 유형).
	ProductType PaymentProductType `json:"productType,omitzero"`
	// ShippingAddress is the delivery address (배송지 주소).
	ShippingAddress *SeparatedAddressInput `json:"shippingAddress,omitzero"`
	// PromotionID is the promotion to apply (프로모션 아이디).
	PromotionID string `json:"promotionId,omitzero"`
	// Bypass holds PG-specific parameters (PG사별 추가 파라미터).
	Bypass map[string]any `json:"bypass,omitempty"`
	// SkipWebhook suppresses the webhook of a successful payment (웹훅 생략
	// 여부); a later deposit's webhook is still sent.
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

// String prints the params with the card and account data masked.
func (p InstantPaymentParams) String() string {
	type plain InstantPaymentParams
	return maskedString(plain(p))
}

// GoString is String.
func (p InstantPaymentParams) GoString() string { return p.String() }

// LogValue is String, so JSON handlers mask too.
func (p InstantPaymentParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

func (p *InstantPaymentParams) validate() error {
	if (p.ChannelKey == "") == (p.ChannelGroupID == "") {
		return invalidField("ChannelKey", "set exactly one of ChannelKey and ChannelGroupID")
	}
	return firstError(
		optionalID("StoreID", p.StoreID),
		optionalID("ChannelKey", p.ChannelKey),
		optionalID("ChannelGroupID", p.ChannelGroupID),
		optionalID("PromotionID", p.PromotionID),
		checkCustomerID("Customer", p.Customer),
		p.Method.validate(),
		requireText("OrderName", p.OrderName),
		p.Amount.validate("Amount"),
		requireText("Currency", string(p.Currency)),
		checkNonNegative("ProductCount", p.ProductCount),
	)
}

// InstantPaymentMethodInput is the means of an instant payment (수기 결제
// 수단 입력 정보): set exactly one field.
type InstantPaymentMethodInput struct {
	// Card charges a card (카드).
	Card *InstantPaymentCardInput `json:"card,omitzero"`
	// VirtualAccount issues a virtual account (가상계좌).
	VirtualAccount *InstantPaymentVirtualAccountInput `json:"virtualAccount,omitzero"`
}

// LogValue masks the card and account data, JSON handlers too.
func (m InstantPaymentMethodInput) LogValue() slog.Value {
	type plain InstantPaymentMethodInput
	return maskedLogValue(plain(m))
}

func (m *InstantPaymentMethodInput) validate() error {
	switch {
	case (m.Card == nil) == (m.VirtualAccount == nil):
		return invalidField("Method", "set exactly one of Card and VirtualAccount")
	case m.Card != nil:
		return firstError(
			m.Card.Credential.validate("Method.Card.Credential"),
			checkNonNegative("Method.Card.InstallmentMonth", m.Card.InstallmentMonth),
		)
	}
	return m.VirtualAccount.validate()
}

// InstantPaymentCardInput is a card charged by number (카드 수단 정보 입력
// 정보).
type InstantPaymentCardInput struct {
	// Credential is the card data (카드 인증 관련 정보). Required.
	Credential CardCredential `json:"credential"`
	// InstallmentMonth is the number of installments (카드 할부 개월 수).
	InstallmentMonth *int `json:"installmentMonth,omitzero"`
	// UseFreeInstallmentPlan applies an interest-free plan (무이자 할부 적용
	// 여부).
	UseFreeInstallmentPlan *bool `json:"useFreeInstallmentPlan,omitzero"`
	// UseFreeInterestFromMerchant says whether you bear the interest (무이자
	// 할부 이자를 고객사가 부담할지 여부).
	UseFreeInterestFromMerchant *bool `json:"useFreeInterestFromMerchant,omitzero"`
	// UseCardPoint says whether card points are used (카드 포인트 사용 여부).
	UseCardPoint *bool `json:"useCardPoint,omitzero"`
}

// String prints the card input with the credential masked.
func (c InstantPaymentCardInput) String() string {
	type plain InstantPaymentCardInput
	return maskedString(plain(c))
}

// GoString is String.
func (c InstantPaymentCardInput) GoString() string { return c.String() }

// LogValue is String, so JSON handlers mask too.
func (c InstantPaymentCardInput) LogValue() slog.Value { return slog.StringValue(c.String()) }

// InstantPaymentVirtualAccountInput issues a virtual account (가상계좌 수단
// 정보 입력 정보).
type InstantPaymentVirtualAccountInput struct {
	// Bank is the bank (은행). Required.
	Bank Bank `json:"bank"`
	// Expiry is the deposit deadline (입금 만료 기한). Required.
	Expiry VirtualAccountExpiry `json:"expiry"`
	// Option is how the account is issued (가상계좌 유형). Required.
	Option VirtualAccountOption `json:"option"`
	// CashReceipt asks for a cash receipt on deposit (현금영수증 정보); its
	// CustomerIdentityNumber is required here.
	CashReceipt *CashReceiptInput `json:"cashReceipt,omitzero"`
	// RemitteeName is the account holder's name (예금주명).
	RemitteeName string `json:"remitteeName,omitzero"`
}

// String prints the input with account and identity numbers masked.
func (v InstantPaymentVirtualAccountInput) String() string {
	type plain InstantPaymentVirtualAccountInput
	return maskedString(plain(v))
}

// GoString is String.
func (v InstantPaymentVirtualAccountInput) GoString() string { return v.String() }

// LogValue is String, so JSON handlers mask too.
func (v InstantPaymentVirtualAccountInput) LogValue() slog.Value { return slog.StringValue(v.String()) }

func (v *InstantPaymentVirtualAccountInput) validate() error {
	e, o := v.Expiry, v.Option
	switch {
	case v.Bank == "":
		return invalidField("Method.VirtualAccount.Bank", "is empty")
	case (e.ValidHours == nil) == e.DueDate.IsZero():
		return invalidField("Method.VirtualAccount.Expiry", "set exactly one of ValidHours and DueDate")
	case e.ValidHours != nil && *e.ValidHours <= 0:
		return invalidField("Method.VirtualAccount.Expiry.ValidHours", "must be positive")
	case o.Type == "":
		return invalidField("Method.VirtualAccount.Option.Type", "is empty")
	case o.Fixed != nil && o.Type != VirtualAccountOptionTypeFixed:
		return invalidField("Method.VirtualAccount.Option.Fixed", "is only for Type FIXED")
	case o.Fixed != nil && (o.Fixed.PGAccountID == "") == (o.Fixed.AccountNumber == ""):
		return invalidField("Method.VirtualAccount.Option.Fixed", "set exactly one of PGAccountID and AccountNumber")
	case v.CashReceipt != nil && v.CashReceipt.CustomerIdentityNumber == "":
		return invalidField("Method.VirtualAccount.CashReceipt.CustomerIdentityNumber", "is empty")
	}
	return nil
}

// VirtualAccountExpiry is a deposit deadline (입금 만료 기한): set exactly one
// field.
type VirtualAccountExpiry struct {
	// ValidHours is how many hours the account stays open (유효 시간).
	ValidHours *int `json:"validHours,omitzero"`
	// DueDate is when the account closes (만료 시점).
	DueDate time.Time `json:"dueDate,omitzero"`
}

// VirtualAccountOption is how a virtual account is issued (가상계좌 발급 방식).
type VirtualAccountOption struct {
	// Type is NORMAL (per payment) or FIXED (per customer). Required.
	Type VirtualAccountOptionType `json:"type"`
	// Fixed picks the fixed account; only with Type FIXED.
	Fixed *FixedVirtualAccountOption `json:"fixed,omitzero"`
}

// LogValue masks a fixed account number, JSON handlers too.
func (o VirtualAccountOption) LogValue() slog.Value {
	type plain VirtualAccountOption
	return maskedLogValue(plain(o))
}

// FixedVirtualAccountOption picks a fixed virtual account (고정식 가상계좌
// 발급 유형): set exactly one field.
type FixedVirtualAccountOption struct {
	// PGAccountID maps to an account the PG keeps for it (Account ID 고정식
	// 가상계좌).
	PGAccountID string `json:"pgAccountId,omitzero"`
	// AccountNumber is one of the accounts the PG gave you (Account Number
	// 고정식 가상계좌).
	AccountNumber AccountNumber `json:"accountNumber,omitzero"`
}

// String prints the option with the account number masked.
func (f FixedVirtualAccountOption) String() string {
	return "FixedVirtualAccountOption{PGAccountID:" + f.PGAccountID + " AccountNumber:" + f.AccountNumber.String() + "}"
}

// GoString is String.
func (f FixedVirtualAccountOption) GoString() string { return f.String() }

// LogValue is String, so JSON handlers mask too.
func (f FixedVirtualAccountOption) LogValue() slog.Value { return slog.StringValue(f.String()) }

// InstantPaymentSummary is the result of PayInstantly (수기 결제가 완료된 결제
// 건 요약 정보).
type InstantPaymentSummary struct {
	// PGTxID is the PG's payment id (PG 결제 아이디).
	PGTxID string `json:"pgTxId"`
	// PaidAt is when the payment completed; for a virtual account, when it
	// was issued (결제 완료 시점).
	PaidAt time.Time `json:"paidAt"`
}

type payInstantlyResponse struct {
	Payment InstantPaymentSummary `json:"payment"`
}

// UnmarshalJSON requires the "payment" object and its paidAt: a 2xx
// without them is a decode error of an applied write (an unknown outcome),
// not a success with zero values. pgTxId is taken as sent.
func (r *payInstantlyResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "payment", &r.Payment, "paidAt")
}

// ResendWebhookParams selects a webhook to send again (웹훅 재발송).
type ResendWebhookParams struct {
	// PaymentID is the payment (결제 건 아이디). Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// WebhookID is the webhook (웹훅 아이디); unset, the payment's latest.
	WebhookID string `json:"webhookId,omitzero"`
}

type resendWebhookResponse struct {
	Webhook PaymentWebhook `json:"webhook"`
}

// UnmarshalJSON requires the "webhook" object: a 2xx without it is a decode
// error of an applied write, not a success with zero values.
func (r *resendWebhookResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "webhook", &r.Webhook)
}

// CloseVirtualAccountParams identifies a virtual account to close (가상계좌
// 말소).
type CloseVirtualAccountParams struct {
	// PaymentID is the payment (결제 건 아이디). Required.
	PaymentID string
	// StoreID is the store, sent in the query; unset, WithStoreID or the
	// client's default.
	StoreID string
}

// ClosedVirtualAccount is the result of CloseVirtualAccount (가상계좌 말소
// 성공 응답).
type ClosedVirtualAccount struct {
	// ClosedAt is when the account was closed (가상계좌 말소 시점).
	ClosedAt time.Time `json:"closedAt"`
}

// EscrowLogisticsParams registers or changes the delivery of an escrow
// payment (에스크로 배송 정보 등록/수정, schemas RegisterEscrowLogisticsBody
// and ModifyEscrowLogisticsBody, which have the same fields).
type EscrowLogisticsParams struct {
	// PaymentID is the payment (결제 건 아이디). Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// Sender is the sender (에스크로 발송자 정보).
	Sender *EscrowSenderInput `json:"sender,omitzero"`
	// Receiver is the receiver (에스크로 수취인 정보).
	Receiver *EscrowReceiverInput `json:"receiver,omitzero"`
	// Logistics is the delivery (에스크로 물류 정보). Required.
	Logistics PaymentLogistics `json:"logistics"`
	// SendEmail says whether to e-mail on purchase confirmation (이메일 알림
	// 전송 여부).
	SendEmail *bool `json:"sendEmail,omitzero"`
	// Products lists the products (상품 정보).
	Products []PaymentProduct `json:"products,omitempty"`
}

func (p *EscrowLogisticsParams) validate() error {
	l := p.Logistics
	switch err := optionalID("StoreID", p.StoreID); {
	case err != nil:
		return err
	case l.Company == "":
		return invalidField("Logistics.Company", "is empty")
	case strings.TrimSpace(l.InvoiceNumber) == "":
		return invalidField("Logistics.InvoiceNumber", "is empty")
	case l.SentAt.IsZero():
		return invalidField("Logistics.SentAt", "is zero")
	}
	return nil
}

// EscrowSenderInput is the sender of an escrow delivery (에스크로 발송자
// 정보).
type EscrowSenderInput struct {
	Name         string                 `json:"name,omitzero"`         // 이름
	PhoneNumber  string                 `json:"phoneNumber,omitzero"`  // 전화번호
	Zipcode      string                 `json:"zipcode,omitzero"`      // 우편번호
	Relationship string                 `json:"relationship,omitzero"` // 수취인과의 관계
	Address      *SeparatedAddressInput `json:"address,omitzero"`      // 주소
}

// EscrowReceiverInput is the receiver of an escrow delivery (에스크로 수취인
// 정보).
type EscrowReceiverInput struct {
	Name        string                 `json:"name,omitzero"`        // 이름
	PhoneNumber string                 `json:"phoneNumber,omitzero"` // 전화번호
	Zipcode     string                 `json:"zipcode,omitzero"`     // 우편번호
	Address     *SeparatedAddressInput `json:"address,omitzero"`     // 주소
}

// PaymentLogistics is an escrow delivery (배송정보).
type PaymentLogistics struct {
	// Company is the carrier (물류회사). Required.
	Company PaymentLogisticsCompany `json:"company"`
	// InvoiceNumber is the tracking number (송장번호). Required.
	InvoiceNumber string `json:"invoiceNumber"`
	// SentAt is when the goods were sent (발송시점). Required.
	SentAt time.Time `json:"sentAt"`
	// ReceivedAt is when they were received (수령시점).
	ReceivedAt time.Time `json:"receivedAt,omitzero"`
	// Address is the delivery address (주소).
	Address *SeparatedAddressInput `json:"address,omitzero"`
}

// EscrowLogisticsResult is the result of ApplyEscrowLogistics and
// ModifyEscrowLogistics (에스크로 배송 정보 등록/수정 성공 응답).
type EscrowLogisticsResult struct {
	// InvoiceNumber is the tracking number (송장 번호).
	InvoiceNumber string `json:"invoiceNumber"`
	// SentAt is when the goods were sent (발송 시점).
	SentAt time.Time `json:"sentAt"`
	// AppliedAt is when the delivery was registered (에스크로 정보 등록
	// 시점); set by ApplyEscrowLogistics only.
	AppliedAt time.Time `json:"appliedAt,omitzero"`
	// ModifiedAt is when it was changed (에스크로 정보 수정 시점); set by
	// ModifyEscrowLogistics only.
	ModifiedAt time.Time `json:"modifiedAt,omitzero"`
}

// CompleteEscrowParams confirms the purchase of an escrow payment (에스크로
// 구매 확정, schema ConfirmEscrowBody).
type CompleteEscrowParams struct {
	// PaymentID is the payment (결제 건 아이디). Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// FromStore says the store, not the buyer, confirms (확인 주체가 상점인지
	// 여부); Naver Pay only. PortOne advises true when unsure.
	FromStore *bool `json:"fromStore,omitzero"`
}

// CompletedEscrow is the result of CompleteEscrow (에스크로 구매 확정 성공
// 응답).
type CompletedEscrow struct {
	// CompletedAt is when the purchase was confirmed (에스크로 구매 확정 시점).
	CompletedAt time.Time `json:"completedAt"`
}

// RegisterStoreReceiptParams adds sub-store transactions to a payment's
// sales slip (영수증 내 하위 상점 거래 등록); KG Inicis only.
type RegisterStoreReceiptParams struct {
	// PaymentID is the sub-store payment (하위 상점 결제 건 아이디). Required.
	PaymentID string `json:"-"`
	// StoreID is the store; unset, WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// Items are the sub-store transactions (하위 상점 거래 목록). Required.
	Items []StoreReceiptItem `json:"items"`
}

func (p *RegisterStoreReceiptParams) validate() error {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return err
	}
	if len(p.Items) == 0 {
		return invalidField("Items", "is empty")
	}
	for i, it := range p.Items {
		f := "Items[" + strconv.Itoa(i) + "]"
		err := firstError(
			requireText(f+".StoreBusinessRegistrationNumber", it.StoreBusinessRegistrationNumber),
			requireText(f+".StoreName", it.StoreName),
			checkPositive(f+".TotalAmount", it.TotalAmount),
			requireText(f+".Currency", string(it.Currency)),
		)
		if err != nil {
			return err
		}
	}
	return nil
}

// StoreReceiptItem is one sub-store transaction (하위 상점 거래 정보).
type StoreReceiptItem struct {
	StoreBusinessRegistrationNumber string   `json:"storeBusinessRegistrationNumber"` // 하위 상점 사업자등록번호
	StoreName                       string   `json:"storeName"`                       // 하위 상점명
	TotalAmount                     int64    `json:"totalAmount"`                     // 결제 총 금액
	TaxFreeAmount                   *int64   `json:"taxFreeAmount,omitzero"`          // 면세액
	VATAmount                       *int64   `json:"vatAmount,omitzero"`              // 부가세액
	SupplyAmount                    *int64   `json:"supplyAmount,omitzero"`           // 공급가액
	Currency                        Currency `json:"currency"`                        // 통화
}

// RegisteredStoreReceipt is the result of RegisterStoreReceipt.
type RegisteredStoreReceipt struct {
	// ReceiptURL is the sales slip's URL (결제 영수증 URL).
	ReceiptURL string `json:"receiptUrl,omitzero"`
}

// unmarshalRequired decodes the member name of the JSON object data into
// dst, in one pass, and fails when the member is absent, null or "", or
// lacks one of its own required members (see requireMembers).
func unmarshalRequired[T any](data []byte, name string, dst *T, required ...string) error {
	paths := []string{name}
	for _, r := range required {
		paths = append(paths, name+"."+r)
	}
	if err := requireMembers(data, paths...); err != nil {
		return err
	}
	raw, _, err := jsonx.Member(data, name)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, dst)
}

// requireMembers fails unless the JSON object data has each of paths
// (dot-separated, "payment.paidAt"), neither null nor the empty string.
// It decodes nothing.
func requireMembers(data []byte, paths ...string) error {
	missing, err := jsonx.Missing(data, paths...)
	if err == nil && missing != "" {
		err = errors.New("response has no " + missing)
	}
	return err
}

func (p *PaymentListParams) page() *PageInput { return &p.Page }

func (p *PaymentListParams) filterStore() *string { return &p.Filter.StoreID }

// The results of the payment writes below are decoded only when the members
// that say what was applied are present: a 2xx whose body is {} or lacks
// them is not a result, and the transport reports the write as an unknown
// outcome (ErrOutcomeUnknown) instead of a success with zero values. The
// members are the schema's required ones, except where a PG may leave one
// empty (pgTxId).

// UnmarshalJSON requires stoppedAt.
func (s *StoppedCancellation) UnmarshalJSON(data []byte) error {
	type plain StoppedCancellation
	return decodeRequired(data, (*plain)(s), "stoppedAt")
}

// UnmarshalJSON requires paidAt.
func (s *ConfirmedPaymentSummary) UnmarshalJSON(data []byte) error {
	type plain ConfirmedPaymentSummary
	return decodeRequired(data, (*plain)(s), "paidAt")
}

// UnmarshalJSON requires closedAt.
func (c *ClosedVirtualAccount) UnmarshalJSON(data []byte) error {
	type plain ClosedVirtualAccount
	return decodeRequired(data, (*plain)(c), "closedAt")
}

// UnmarshalJSON requires invoiceNumber and sentAt.
func (r *EscrowLogisticsResult) UnmarshalJSON(data []byte) error {
	type plain EscrowLogisticsResult
	return decodeRequired(data, (*plain)(r), "invoiceNumber", "sentAt")
}

// UnmarshalJSON requires completedAt.
func (c *CompletedEscrow) UnmarshalJSON(data []byte) error {
	type plain CompletedEscrow
	return decodeRequired(data, (*plain)(c), "completedAt")
}

// decodeRequired decodes the JSON object data into dst (a type without an
// UnmarshalJSON of its own) once each required member is present and not
// null.
func decodeRequired(data []byte, dst any, required ...string) error {
	if err := requireMembers(data, required...); err != nil {
		return err
	}
	return json.Unmarshal(data, dst)
}
