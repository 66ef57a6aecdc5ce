package portone

import (
	"encoding/json"
	"time"
)

// SelectedChannel is the channel chosen for a payment (결제 채널): which PG
// module and PG merchant account processed it, live or test.
type SelectedChannel struct {
	// Type says whether the channel is live or a test channel (채널 타입).
	Type SelectedChannelType `json:"type"`
	// ID is the channel's ID (채널 아이디).
	ID string `json:"id,omitzero"`
	// Key is the channel key (채널 키).
	Key string `json:"key,omitzero"`
	// Name is the channel's name (채널 명).
	Name string `json:"name,omitzero"`
	// PGProvider is the PG module (PG사 결제 모듈).
	PGProvider PGProvider `json:"pgProvider"`
	// PGMerchantID is the merchant's ID at the PG (PG사 고객사 식별 아이디).
	PGMerchantID string `json:"pgMerchantId"`
}

// ChannelGroupSummary identifies the channel group of a payment (채널 그룹
// 정보).
type ChannelGroupSummary struct {
	// ID is the channel group's ID (채널 그룹 아이디).
	ID string `json:"id"`
	// Name is the channel group's name (채널 그룹 이름).
	Name string `json:"name"`
	// IsForTest says whether it is a test channel group (테스트 채널 그룹 여부).
	IsForTest bool `json:"isForTest"`
}

// Customer describes the buyer (고객 정보). All fields are optional.
type Customer struct {
	// ID is the merchant's own customer ID (고객 아이디).
	ID string `json:"id,omitzero"`
	// Name is the customer's name (이름).
	Name string `json:"name,omitzero"`
	// BirthYear is the year of birth as a string (출생 연도), e.g. "1990".
	BirthYear string `json:"birthYear,omitzero"`
	// BirthMonth is the month of birth as a string (출생 월).
	BirthMonth string `json:"birthMonth,omitzero"`
	// BirthDay is the day of birth as a string (출생 일자).
	BirthDay string `json:"birthDay,omitzero"`
	// Gender is the customer's gender (성별).
	Gender Gender `json:"gender,omitzero"`
	// Email is the e-mail address (이메일).
	Email string `json:"email,omitzero"`
	// PhoneNumber is the phone number (전화번호).
	PhoneNumber string `json:"phoneNumber,omitzero"`
	// Address is the address (주소), nil when absent.
	Address *Address `json:"address,omitzero"`
	// Zipcode is the postal code (우편번호).
	Zipcode string `json:"zipcode,omitzero"`
}

// Address is a postal address (주소). The schema's union of OneLineAddress
// and SeparatedAddress is flattened into this one struct: OneLine is always
// present (한 줄 형식 주소는 항상 존재합니다), and the separated parts are
// set only when Type is SEPARATED.
type Address struct {
	// Type is the form of the address.
	Type AddressType `json:"type"`
	// OneLine is the whole address on one line (주소 (한 줄)). For a
	// SEPARATED address it is the parts joined.
	OneLine string `json:"oneLine"`
	// AddressLine1 is the first address line (상세 주소 1); SEPARATED only.
	AddressLine1 string `json:"addressLine1,omitzero"`
	// AddressLine2 is the second address line (상세 주소 2); SEPARATED only.
	AddressLine2 string `json:"addressLine2,omitzero"`
	// City is the city or district (시/군/구); SEPARATED only, optional.
	City string `json:"city,omitzero"`
	// Province is the province or state (주/도/시); SEPARATED only, optional.
	Province string `json:"province,omitzero"`
	// Country is the country (국가); SEPARATED only, optional.
	Country Country `json:"country,omitzero"`
}

// MarshalJSON encodes a, writing AddressLine1 and AddressLine2 even when
// empty if Type is SEPARATED, where the schema requires them.
func (a Address) MarshalJSON() ([]byte, error) {
	type plain Address
	if a.Type != AddressTypeSeparated {
		return json.Marshal(plain(a))
	}
	return json.Marshal(struct {
		plain
		AddressLine1 string `json:"addressLine1"`
		AddressLine2 string `json:"addressLine2"`
	}{plain(a), a.AddressLine1, a.AddressLine2})
}

// PaymentOrigin describes where a payment was requested from (결제 출처
// 정보).
type PaymentOrigin struct {
	// PlatformType is the requesting platform (결제를 요청한 플랫폼 타입).
	PlatformType PaymentOriginPlatformType `json:"platformType"`
	// UserAgent is the requesting user agent (결제를 요청한 user agent 문자열).
	UserAgent string `json:"userAgent,omitzero"`
	// URL is the page the payment was requested from (결제를 요청한 페이지 URL).
	URL string `json:"url,omitzero"`
	// IPAddress is the requesting IP address (결제를 요청한 IP 주소).
	IPAddress string `json:"ipAddress"`
}

// PaymentProduct is one product of a payment (상품 정보).
type PaymentProduct struct {
	// ID is the merchant's product ID (상품 고유 식별자).
	ID string `json:"id"`
	// Name is the product name (상품명).
	Name string `json:"name"`
	// Tag is a free-form tag such as a category (상품 태그).
	Tag string `json:"tag,omitzero"`
	// Code is the product code (상품 코드).
	Code string `json:"code,omitzero"`
	// Amount is the unit price in the currency's minor unit (상품 단위가격).
	Amount int64 `json:"amount"`
	// Quantity is the quantity ordered (주문 수량).
	Quantity int `json:"quantity"`
	// Link is the product page URL (판매 링크).
	Link string `json:"link,omitzero"`
}

// PaymentWebhook is one webhook delivery for a payment (성공 웹훅 내역).
type PaymentWebhook struct {
	// PaymentStatus is the payment's status when the webhook was sent (웹훅
	// 발송 시 결제 건 상태); absent for V1 payments.
	PaymentStatus PaymentWebhookPaymentStatus `json:"paymentStatus,omitzero"`
	// ID is the webhook's ID (웹훅 아이디).
	ID string `json:"id"`
	// Status is the delivery outcome (웹훅 상태).
	Status PaymentWebhookStatus `json:"status,omitzero"`
	// URL is where the webhook was sent (웹훅이 발송된 url). The schema
	// requires it but notes it is absent for V1 payments.
	URL string `json:"url"`
	// IsAsync says whether the webhook was asynchronous (비동기 웹훅 여부); nil
	// when absent, e.g. for V1 payments.
	IsAsync *bool `json:"isAsync,omitzero"`
	// CurrentExecutionCount is how many times it was sent so far (현재 발송
	// 횟수); nil when absent.
	CurrentExecutionCount *int `json:"currentExecutionCount,omitzero"`
	// MaxExecutionCount is the maximum number of attempts (최대 발송 횟수);
	// nil when absent.
	MaxExecutionCount *int `json:"maxExecutionCount,omitzero"`
	// Trigger is what caused the webhook (웹훅 실행 맥락).
	Trigger PaymentWebhookTrigger `json:"trigger,omitzero"`
	// Request is the request that was sent (웹훅 요청 정보), nil when absent.
	Request *PaymentWebhookRequest `json:"request,omitzero"`
	// Response is the response received (웹훅 응답 정보), nil when absent.
	Response *PaymentWebhookResponse `json:"response,omitzero"`
	// TriggeredAt is when processing of the webhook started (웹훅 처리 시작
	// 시점); zero when absent.
	TriggeredAt time.Time `json:"triggeredAt,omitzero"`
}

// PaymentWebhookRequest is the HTTP request of a webhook delivery (웹훅 요청
// 정보).
type PaymentWebhookRequest struct {
	// Header is the request header block (요청 헤더).
	Header string `json:"header,omitzero"`
	// Body is the request body (요청 본문).
	Body string `json:"body"`
	// RequestedAt is when the request was sent (요청 시점); zero when absent.
	RequestedAt time.Time `json:"requestedAt,omitzero"`
}

// PaymentWebhookResponse is the merchant's HTTP response to a webhook
// delivery (웹훅 응답 정보).
type PaymentWebhookResponse struct {
	// Code is the HTTP status code, as a string (응답 HTTP 코드).
	Code string `json:"code"`
	// Header is the response header block (응답 헤더).
	Header string `json:"header"`
	// Body is the response body (응답 본문).
	Body string `json:"body"`
	// RespondedAt is when the response arrived (응답 시점).
	RespondedAt time.Time `json:"respondedAt"`
}

// PaymentEscrow is the escrow and delivery information of an escrow payment
// (에스크로 정보). The schema's seven-case union on "status" is flattened into
// this one struct, because the cases differ only in which fields are
// present: every status except BEFORE_REGISTERED has Company and
// InvoiceNumber, and only CONFIRMED has IsAutomaticallyConfirmed. For V1
// payments the status is always REGISTERED.
type PaymentEscrow struct {
	// Status is the escrow state (에스크로 상태).
	Status PaymentEscrowStatus `json:"status"`
	// Company is the delivery company (택배사); empty before registration.
	Company string `json:"company,omitzero"`
	// InvoiceNumber is the delivery invoice number (송장번호); empty before
	// registration.
	InvoiceNumber string `json:"invoiceNumber,omitzero"`
	// SentAt is when the goods were sent (발송 일시); zero when absent.
	SentAt time.Time `json:"sentAt,omitzero"`
	// AppliedAt is when the delivery registration was processed (배송등록 처리
	// 일자); zero when absent.
	AppliedAt time.Time `json:"appliedAt,omitzero"`
	// IsAutomaticallyConfirmed says whether the purchase was confirmed
	// automatically (자동 구매 확정 처리 여부); set only when Status is
	// CONFIRMED.
	IsAutomaticallyConfirmed *bool `json:"isAutomaticallyConfirmed,omitzero"`
}

// MarshalJSON encodes e, writing Company and InvoiceNumber even when empty
// unless Status is BEFORE_REGISTERED, the only status where the schema does
// not require them.
func (e PaymentEscrow) MarshalJSON() ([]byte, error) {
	type plain PaymentEscrow
	if e.Status == PaymentEscrowStatusBeforeRegistered {
		return json.Marshal(plain(e))
	}
	return json.Marshal(struct {
		plain
		Company       string `json:"company"`
		InvoiceNumber string `json:"invoiceNumber"`
	}{plain(e), e.Company, e.InvoiceNumber})
}

// PaymentFailure describes why a payment failed (결제 실패 정보). All fields
// are optional.
type PaymentFailure struct {
	// Reason is the failure reason (실패 사유).
	Reason string `json:"reason,omitzero"`
	// PGCode is the PG's failure code (PG사 실패 코드).
	PGCode string `json:"pgCode,omitzero"`
	// PGMessage is the PG's failure message (PG사 실패 메시지).
	PGMessage string `json:"pgMessage,omitzero"`
}

// Dispute is a dispute (chargeback) on a paid payment (분쟁 내역).
type Dispute struct {
	// Status is the dispute's state (분쟁 상태).
	Status DisputeStatus `json:"status"`
	// PGDisputeID is the PG's dispute ID (PG사 분쟁 아이디).
	PGDisputeID string `json:"pgDisputeId,omitzero"`
	// Reason is the dispute reason (분쟁 사유).
	Reason string `json:"reason"`
	// CreatedAt is when the dispute arose (분쟁 발생 시각).
	CreatedAt time.Time `json:"createdAt"`
	// ResolvedAt is when it was resolved (분쟁 해소 시각); zero while unresolved.
	ResolvedAt time.Time `json:"resolvedAt,omitzero"`
}

// PaymentCancellation is one cancellation of a payment (결제 취소 내역). It is
// a union discriminated by the JSON property "status"; the concrete type is
// *RequestedPaymentCancellation, *SucceededPaymentCancellation,
// *FailedPaymentCancellation or, for a status this package does not know,
// *UnknownPaymentCancellation. The interface is sealed.
type PaymentCancellation interface {
	// Status returns the cancellation's status, the union discriminator.
	Status() PaymentCancellationStatus
	isPaymentCancellation()
}

// RequestedPaymentCancellation is a cancellation that was requested and is
// not yet complete (취소 요청 상태).
type RequestedPaymentCancellation struct {
	// ID is the cancellation's ID (취소 내역 아이디).
	ID string `json:"id"`
	// PGCancellationID is the PG's cancellation ID (PG사 결제 취소 내역 아이디).
	PGCancellationID string `json:"pgCancellationId,omitzero"`
	// TotalAmount is the amount cancelled (취소 금액).
	TotalAmount int64 `json:"totalAmount"`
	// TaxFreeAmount is the tax-free part of TotalAmount (취소 금액 중 면세 금액).
	TaxFreeAmount int64 `json:"taxFreeAmount"`
	// VATAmount is the VAT part of TotalAmount (취소 금액 중 부가세액).
	VATAmount int64 `json:"vatAmount"`
	// EasyPayDiscountAmount is the refunded amount of accumulated easy-pay
	// points (적립형 포인트의 환불 금액); nil when absent.
	EasyPayDiscountAmount *int64 `json:"easyPayDiscountAmount,omitzero"`
	// Reason is the cancellation reason (취소 사유).
	Reason string `json:"reason"`
	// CancelledAt is when the cancellation took effect (취소 시점); zero when
	// absent.
	CancelledAt time.Time `json:"cancelledAt,omitzero"`
	// RequestedAt is when the cancellation was requested (취소 요청 시점).
	RequestedAt time.Time `json:"requestedAt"`
	// Trigger is where the cancellation was requested from (취소 요청 경로).
	Trigger CancellationTrigger `json:"trigger,omitzero"`
}

// SucceededPaymentCancellation is a completed cancellation (취소 완료 상태).
type SucceededPaymentCancellation struct {
	// ID is the cancellation's ID (취소 내역 아이디).
	ID string `json:"id"`
	// PGCancellationID is the PG's cancellation ID (PG사 결제 취소 내역 아이디).
	PGCancellationID string `json:"pgCancellationId,omitzero"`
	// TotalAmount is the amount cancelled (취소 금액).
	TotalAmount int64 `json:"totalAmount"`
	// TaxFreeAmount is the tax-free part of TotalAmount (취소 금액 중 면세 금액).
	TaxFreeAmount int64 `json:"taxFreeAmount"`
	// VATAmount is the VAT part of TotalAmount (취소 금액 중 부가세액).
	VATAmount int64 `json:"vatAmount"`
	// EasyPayDiscountAmount is the refunded amount of accumulated easy-pay
	// points (적립형 포인트의 환불 금액); nil when absent.
	EasyPayDiscountAmount *int64 `json:"easyPayDiscountAmount,omitzero"`
	// Reason is the cancellation reason (취소 사유).
	Reason string `json:"reason"`
	// CancelledAt is when the cancellation took effect (취소 시점); zero when
	// absent.
	CancelledAt time.Time `json:"cancelledAt,omitzero"`
	// RequestedAt is when the cancellation was requested (취소 요청 시점).
	RequestedAt time.Time `json:"requestedAt"`
	// ReceiptURL is the URL of the cancellation receipt (취소 영수증 URL).
	ReceiptURL string `json:"receiptUrl,omitzero"`
	// Trigger is where the cancellation was requested from (취소 요청 경로).
	Trigger CancellationTrigger `json:"trigger,omitzero"`
}

// FailedPaymentCancellation is a cancellation that failed (취소 실패 상태).
type FailedPaymentCancellation struct {
	// ID is the cancellation's ID (취소 내역 아이디).
	ID string `json:"id"`
	// PGCancellationID is the PG's cancellation ID (PG사 결제 취소 내역 아이디).
	PGCancellationID string `json:"pgCancellationId,omitzero"`
	// TotalAmount is the amount that was to be cancelled (취소 금액).
	TotalAmount int64 `json:"totalAmount"`
	// TaxFreeAmount is the tax-free part of TotalAmount (취소 금액 중 면세 금액).
	TaxFreeAmount int64 `json:"taxFreeAmount"`
	// VATAmount is the VAT part of TotalAmount (취소 금액 중 부가세액).
	VATAmount int64 `json:"vatAmount"`
	// EasyPayDiscountAmount is the refunded amount of accumulated easy-pay
	// points (적립형 포인트의 환불 금액); nil when absent.
	EasyPayDiscountAmount *int64 `json:"easyPayDiscountAmount,omitzero"`
	// Reason is the cancellation reason (취소 사유).
	Reason string `json:"reason"`
	// CancelledAt is the cancellation time (취소 시점); zero when absent.
	CancelledAt time.Time `json:"cancelledAt,omitzero"`
	// RequestedAt is when the cancellation was requested (취소 요청 시점).
	RequestedAt time.Time `json:"requestedAt"`
	// Trigger is where the cancellation was requested from (취소 요청 경로).
	Trigger CancellationTrigger `json:"trigger,omitzero"`
}

// UnknownPaymentCancellation is a cancellation whose "status" this package
// does not know. It is encoded back unchanged.
type UnknownPaymentCancellation struct {
	// Raw is the cancellation's complete JSON object, in the compact form
	// encoding/json writes (see UnknownPaymentMethod.Raw).
	Raw json.RawMessage
}

// PaymentCashReceipt is the cash receipt (현금영수증) issued for a payment. It
// is a union discriminated by the JSON property "status"; the concrete type
// is *IssuedPaymentCashReceipt, *CancelledPaymentCashReceipt or, for a status
// this package does not know, *UnknownPaymentCashReceipt. The interface is
// sealed.
type PaymentCashReceipt interface {
	// Status returns the cash receipt's status, the union discriminator.
	Status() PaymentCashReceiptStatus
	isPaymentCashReceipt()
}

// IssuedPaymentCashReceipt is an issued cash receipt (발급 완료된 현금영수증).
type IssuedPaymentCashReceipt struct {
	// Type is the purpose of the receipt (현금영수증 유형).
	Type CashReceiptType `json:"type,omitzero"`
	// PGReceiptID is the PG's receipt ID (PG사 영수증 발급 아이디).
	PGReceiptID string `json:"pgReceiptId,omitzero"`
	// IssueNumber is the approval number (승인 번호).
	IssueNumber string `json:"issueNumber"`
	// TotalAmount is the receipt's total (총 금액).
	TotalAmount int64 `json:"totalAmount"`
	// TaxFreeAmount is the tax-free part (면세액); nil when absent.
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// Currency is the receipt's currency (통화).
	Currency Currency `json:"currency"`
	// URL is the receipt's URL (현금영수증 URL).
	URL string `json:"url,omitzero"`
	// IssuedAt is when it was issued (발급 시점).
	IssuedAt time.Time `json:"issuedAt"`
}

// CancelledPaymentCashReceipt is a cash receipt that was cancelled (취소된
// 현금영수증).
type CancelledPaymentCashReceipt struct {
	// Type is the purpose of the receipt (현금영수증 유형).
	Type CashReceiptType `json:"type,omitzero"`
	// PGReceiptID is the PG's receipt ID (PG사 영수증 발급 아이디).
	PGReceiptID string `json:"pgReceiptId,omitzero"`
	// IssueNumber is the approval number (승인 번호).
	IssueNumber string `json:"issueNumber"`
	// TotalAmount is the receipt's total (총 금액).
	TotalAmount int64 `json:"totalAmount"`
	// TaxFreeAmount is the tax-free part (면세액); nil when absent.
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// Currency is the receipt's currency (통화).
	Currency Currency `json:"currency"`
	// URL is the receipt's URL (현금영수증 URL).
	URL string `json:"url,omitzero"`
	// IssuedAt is when it was issued (발급 시점).
	IssuedAt time.Time `json:"issuedAt"`
	// CancelledAt is when it was cancelled (취소 시점).
	CancelledAt time.Time `json:"cancelledAt"`
}

// UnknownPaymentCashReceipt is a cash receipt whose "status" this package
// does not know. It is encoded back unchanged.
type UnknownPaymentCashReceipt struct {
	// Raw is the cash receipt's complete JSON object, in the compact form
	// encoding/json writes (see UnknownPaymentMethod.Raw).
	Raw json.RawMessage
}
