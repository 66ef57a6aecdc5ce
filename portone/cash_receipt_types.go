package portone

// Types of the cash-receipt endpoints (현금영수증).

import (
	"encoding/json"
	"log/slog"
	"time"
)

// CashReceipt is a cash receipt (현금영수증 내역), issued with a payment or
// manually. Like Payment, it embeds the properties every status shares and
// holds the status-specific rest in Variant:
//
//	if r, ok := receipt.Variant.(*portone.IssuedCashReceipt); ok {
//		fmt.Println(r.IssueNumber, r.URL)
//	}
//
// An unknown status decodes into *UnknownCashReceipt, never an error.
type CashReceipt struct {
	CashReceiptCommon
	// Variant is *IssuedCashReceipt, *CancelledCashReceipt,
	// *IssueFailedCashReceipt or *UnknownCashReceipt. It is never nil after
	// decoding a JSON object.
	Variant CashReceiptVariant
}

// CashReceiptCommon holds the properties every cash-receipt status shares.
// It is embedded in CashReceipt.
type CashReceiptCommon struct {
	// Status is the receipt's state (현금영수증 상태); it selects the Variant.
	Status CashReceiptStatus `json:"status"`
	// MerchantID is the merchant's ID (고객사 아이디).
	MerchantID string `json:"merchantId"`
	// StoreID is the store's ID (상점 아이디).
	StoreID string `json:"storeId"`
	// PaymentID is the payment's ID (결제 건 아이디).
	PaymentID string `json:"paymentId"`
	// Channel is the channel used (현금영수증 발급에 사용된 채널). It is
	// required for ISSUED and CANCELLED and optional for ISSUE_FAILED.
	Channel *SelectedChannel `json:"channel,omitzero"`
	// OrderName is the order name (주문명).
	OrderName string `json:"orderName"`
	// IsManual says whether it was issued manually (수동 발급 여부).
	IsManual bool `json:"isManual"`
	// StatusUpdatedAt is when the status last changed (상태 업데이트 시점);
	// zero when absent.
	StatusUpdatedAt time.Time `json:"statusUpdatedAt,omitzero"`
}

// CashReceiptVariant is the status-specific part of a CashReceipt. The
// interface is sealed.
type CashReceiptVariant interface {
	// Status returns the cash-receipt status this variant stands for.
	Status() CashReceiptStatus
	isCashReceiptVariant()
}

// IssuedCashReceipt is an issued cash receipt (발급 완료).
type IssuedCashReceipt struct {
	// Amount is the payment amount (결제 금액).
	Amount int64 `json:"amount"`
	// TaxFreeAmount is the tax-free part (면세액); nil when absent.
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// VATAmount is the VAT (부가세액); nil when absent.
	VATAmount *int64 `json:"vatAmount,omitzero"`
	// Currency is the currency (통화).
	Currency Currency `json:"currency"`
	// Type is the receipt's purpose (현금영수증 유형).
	Type CashReceiptType `json:"type,omitzero"`
	// PGReceiptID is the PG's receipt ID (PG사 현금영수증 아이디).
	PGReceiptID string `json:"pgReceiptId,omitzero"`
	// IssueNumber is the approval number (승인 번호).
	IssueNumber string `json:"issueNumber"`
	// URL is the receipt's URL (현금영수증 URL).
	URL string `json:"url,omitzero"`
	// IssuedAt is when it was issued (발급 시점).
	IssuedAt time.Time `json:"issuedAt"`
}

// CancelledCashReceipt is a cash receipt that was cancelled (발급 취소).
type CancelledCashReceipt struct {
	// Amount is the payment amount (결제 금액).
	Amount int64 `json:"amount"`
	// TaxFreeAmount is the tax-free part (면세액); nil when absent.
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// VATAmount is the VAT (부가세액); nil when absent.
	VATAmount *int64 `json:"vatAmount,omitzero"`
	// Currency is the currency (통화).
	Currency Currency `json:"currency"`
	// Type is the receipt's purpose (현금영수증 유형).
	Type CashReceiptType `json:"type,omitzero"`
	// PGReceiptID is the PG's receipt ID (PG사 현금영수증 아이디).
	PGReceiptID string `json:"pgReceiptId,omitzero"`
	// IssueNumber is the approval number (승인번호).
	IssueNumber string `json:"issueNumber"`
	// URL is the receipt's URL (현금영수증 URL).
	URL string `json:"url,omitzero"`
	// IssuedAt is when it was issued (발급 시점).
	IssuedAt time.Time `json:"issuedAt"`
	// CancelledAt is when it was cancelled (취소 시점).
	CancelledAt time.Time `json:"cancelledAt"`
}

// IssueFailedCashReceipt is a cash receipt whose issuance failed (발급
// 실패). It has no status-specific fields.
type IssueFailedCashReceipt struct{}

// UnknownCashReceipt is the Variant of a cash receipt whose status this
// package does not know. The common fields are decoded as usual; Raw keeps
// the whole object, in the compact form encoding/json writes, and encoding
// the CashReceipt writes Raw back unchanged.
type UnknownCashReceipt struct {
	// Raw is the receipt's complete JSON object.
	Raw json.RawMessage
}

// IssueCashReceiptParams issues a cash receipt manually
// (IssueCashReceiptBody), e.g. for a payment made outside PortOne. The
// customer's identity number prints masked.
type IssueCashReceiptParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// PaymentID is the payment's ID (결제 건 아이디); for a payment made
	// outside PortOne, choose one. Required.
	PaymentID string `json:"paymentId"`
	// ChannelKey is the channel to issue on (채널 키). Required.
	ChannelKey string `json:"channelKey"`
	// Type is the receipt's purpose (현금 영수증 유형). Required.
	Type CashReceiptType `json:"type"`
	// OrderName is the order name (주문명). Required.
	OrderName string `json:"orderName"`
	// Currency is the currency (통화). Required.
	Currency Currency `json:"currency"`
	// Amount is the amount (금액 세부 입력 정보). Required.
	Amount PaymentAmountInput `json:"amount"`
	// ProductType is the kind of product (상품 유형).
	ProductType PaymentProductType `json:"productType,omitzero"`
	// Customer identifies the customer (고객 정보). Required.
	Customer IssueCashReceiptCustomerInput `json:"customer"`
	// PaidAt is when the payment was made (결제 일자); zero to omit.
	PaidAt time.Time `json:"paidAt,omitzero"`
	// BusinessRegistrationNumber is a business registration number (사업자
	// 등록번호); Welcome Payments only.
	BusinessRegistrationNumber string `json:"businessRegistrationNumber,omitzero"`
	// PaymentMethod is how the customer paid (결제 수단); Welcome Payments
	// only.
	PaymentMethod IssueCashReceiptPaymentMethodType `json:"paymentMethod,omitzero"`
}

// LogValue logs the params with the identity number masked, also with
// slog's JSON handler.
func (p IssueCashReceiptParams) LogValue() slog.Value {
	type plain IssueCashReceiptParams
	return maskedLogValue(plain(p))
}

func (p *IssueCashReceiptParams) validate() error {
	return firstError(
		optionalID("StoreID", p.StoreID),
		requiredID("PaymentID", p.PaymentID),
		requiredID("ChannelKey", p.ChannelKey),
		requireText("Type", string(p.Type)),
		requireText("OrderName", p.OrderName),
		requireText("Currency", string(p.Currency)),
		p.Amount.validate("Amount"),
		requireText("Customer.IdentityNumber", string(p.Customer.IdentityNumber)),
	)
}

// IssueCashReceiptCustomerInput identifies the customer of a cash receipt
// (현금영수증 발급 시 고객 관련 입력 정보).
type IssueCashReceiptCustomerInput struct {
	// IdentityNumber identifies the customer (고객 식별값): a phone,
	// resident-registration, card or business number. Required. It prints
	// masked.
	IdentityNumber Secret `json:"identityNumber"`
	// IdentityNumberType says which it is (고객 식별값 유형); Galaxia Money
	// Tree requires it.
	IdentityNumberType CashReceiptIdentityNumberType `json:"identityNumberType,omitzero"`
	// Name is the customer's name (이름).
	Name string `json:"name,omitzero"`
	// Email is the e-mail address (이메일).
	Email string `json:"email,omitzero"`
	// PhoneNumber is the phone number (전화번호).
	PhoneNumber string `json:"phoneNumber,omitzero"`
}

// LogValue logs c with the identity number masked, also with slog's JSON handler.
func (c IssueCashReceiptCustomerInput) LogValue() slog.Value {
	type plain IssueCashReceiptCustomerInput
	return maskedLogValue(plain(c))
}

// IssueCashReceiptResponse is the answer to a manual issuance (현금 영수증
// 발급 성공 응답).
type IssueCashReceiptResponse struct {
	// CashReceipt identifies the issued receipt.
	CashReceipt CashReceiptSummary `json:"cashReceipt"`
}

// CashReceiptSummary identifies an issued cash receipt (현금영수증 내역).
type CashReceiptSummary struct {
	// IssueNumber is the issue number (발행 번호).
	IssueNumber string `json:"issueNumber"`
	// URL is the receipt's URL (현금 영수증 URL).
	URL string `json:"url"`
	// PGReceiptID is the PG's receipt ID (PG사 현금영수증 아이디).
	PGReceiptID string `json:"pgReceiptId"`
}

// CancelCashReceiptResponse is the answer to a cancellation (현금 영수증 취소
// 성공 응답).
type CancelCashReceiptResponse struct {
	// CancelledAmount is the amount cancelled (취소 금액).
	CancelledAmount int64 `json:"cancelledAmount"`
	// CancelledAt is when it was cancelled (현금 영수증 취소 완료 시점).
	CancelledAt time.Time `json:"cancelledAt"`
}

// CashReceiptFilterInput selects cash receipts in a list (현금영수증 다건
// 조회를 위한 입력 정보). Every field is optional.
type CashReceiptFilterInput struct {
	// StoreID limits the list to one store (상점 아이디). Left empty, the
	// List call fills it from WithStoreID or the client's default; with
	// neither, a merchant-level secret lists every store's receipts.
	StoreID string `json:"storeId,omitzero"`
	// TimeRangeField is the time From and Until apply to (조회 기준 시점
	// 유형); empty means ISSUED_AT.
	TimeRangeField CashReceiptTimeRangeField `json:"timeRangeField,omitzero"`
	// From starts the time range (조회 기준 시점 범위의 시작); zero means 90
	// days before Until.
	From time.Time `json:"from,omitzero"`
	// Until ends the time range (조회 기준 시점 범위의 끝); zero means now.
	Until time.Time `json:"until,omitzero"`
	// PaymentID selects one payment (고객사 결제 아이디).
	PaymentID string `json:"paymentId,omitzero"`
	// IsTest selects test or live receipts (테스트 결제 필터링); nil for both.
	IsTest *bool `json:"isTest,omitzero"`
	// OrderName selects an order name (주문명).
	OrderName string `json:"orderName,omitzero"`
	// Statuses lists the states to include (현금영수증 발급 상태 리스트).
	Statuses []CashReceiptFilterStatus `json:"statuses,omitzero"`
	// IsManual selects manual or automatic receipts (수동 발급 여부); nil for
	// both.
	IsManual *bool `json:"isManual,omitzero"`
	// PGReceiptID selects one PG receipt ID (PG사 현금영수증 발급 번호).
	PGReceiptID string `json:"pgReceiptId,omitzero"`
	// PGMerchantID selects one PG merchant ID (PG 상점아이디).
	PGMerchantID string `json:"pgMerchantId,omitzero"`
	// PGProviders lists PG modules to include (PG사 결제 모듈 리스트).
	PGProviders []PGProvider `json:"pgProviders,omitzero"`
	// PGCompanies lists PGs to include (PG사 리스트).
	PGCompanies []PGCompany `json:"pgCompanies,omitzero"`
	// Version selects V1 or V2 receipts (포트원 버전).
	Version Version `json:"version,omitzero"`
	// Types lists the purposes to include (현금영수증 유형 리스트).
	Types []CashReceiptType `json:"types,omitzero"`
}

// CashReceiptSortInput orders a cash-receipt list (현금영수증 다건 조회 시 정렬
// 조건).
type CashReceiptSortInput struct {
	// By is the sort field (정렬 기준 필드); empty means ISSUED_AT.
	By CashReceiptSortBy `json:"by,omitzero"`
	// Order is the direction (정렬 순서); empty means DESC.
	Order SortOrder `json:"order,omitzero"`
}

// CashReceiptListParams selects cash receipts to list (GetCashReceiptsBody).
// It is sent as JSON in the requestBody query parameter.
type CashReceiptListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the receipts; zero means ISSUED_AT, DESC (정렬 조건).
	Sort CashReceiptSortInput `json:"sort,omitzero"`
	// Filter selects the receipts (조회할 현금영수증 조건 필터). Its StoreID,
	// else WithStoreID, else the client's default store is sent as
	// filter.storeId.
	Filter CashReceiptFilterInput `json:"filter,omitzero"`
}

// CashReceiptList is one page of cash receipts (현금영수증 다건 조회 성공 응답
// 정보).
type CashReceiptList struct {
	// Items are the receipts of this page (조회된 현금영수증 리스트).
	Items []CashReceipt `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

func (p *CashReceiptListParams) validate() error {
	return firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until))
}

func (p *CashReceiptListParams) page() *PageInput { return &p.Page }

func (p *CashReceiptListParams) filterStore() *string { return &p.Filter.StoreID }
