package portone

// Types of the payment-schedule endpoints (결제 예약). The payment input
// types they share with billing-key payments (CustomerInput,
// PaymentAmountInput, …) are in payments_types.go.

import (
	"encoding/json"
	"log/slog"
	"time"
)

// PaymentSchedule is a scheduled billing-key payment (결제 예약 건). Like
// Payment, it embeds the properties every status shares and holds the
// status-specific rest in Variant:
//
//	switch v := s.Variant.(type) {
//	case *portone.SucceededPaymentSchedule:
//		fmt.Println("paid at", v.CompletedAt)
//	case *portone.FailedPaymentSchedule:
//		fmt.Println("failed at", v.CompletedAt, "- look payment", s.PaymentID, "up for the reason")
//	}
//
// An unknown status decodes into *UnknownPaymentSchedule, never an error.
type PaymentSchedule struct {
	PaymentScheduleCommon
	// Variant is *ScheduledPaymentSchedule, *StartedPaymentSchedule,
	// *SucceededPaymentSchedule, *FailedPaymentSchedule,
	// *RevokedPaymentSchedule, *PendingPaymentSchedule or
	// *UnknownPaymentSchedule. It is never nil after decoding a JSON object.
	Variant PaymentScheduleVariant
}

// PaymentScheduleCommon holds the properties every schedule status shares.
// It is embedded in PaymentSchedule.
type PaymentScheduleCommon struct {
	// Status is the schedule's state (결제 예약 건 상태); it selects the
	// Variant.
	Status PaymentScheduleStatus `json:"status"`
	// ID is the schedule's ID (결제 예약 건 아이디).
	ID string `json:"id"`
	// MerchantID is the merchant's ID (고객사 아이디).
	MerchantID string `json:"merchantId"`
	// StoreID is the store's ID (상점 아이디).
	StoreID string `json:"storeId"`
	// PaymentID is the ID of the payment it makes (결제 건 아이디).
	PaymentID string `json:"paymentId"`
	// BillingKey is the key it charges (빌링키).
	BillingKey BillingKey `json:"billingKey"`
	// OrderName is the order name (주문명).
	OrderName string `json:"orderName"`
	// IsCulturalExpense says whether it is a cultural expense (문화비 지출
	// 여부).
	IsCulturalExpense bool `json:"isCulturalExpense"`
	// IsEscrow says whether it is an escrow payment (에스크로 결제 여부).
	IsEscrow bool `json:"isEscrow"`
	// Customer describes the customer (고객 정보).
	Customer Customer `json:"customer"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData"`
	// TotalAmount is the amount to pay (결제 총 금액).
	TotalAmount int64 `json:"totalAmount"`
	// TaxFreeAmount is the tax-free part (면세액); nil when absent.
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// VATAmount is the VAT (부가세); nil when absent.
	VATAmount *int64 `json:"vatAmount,omitzero"`
	// Currency is the currency (통화).
	Currency Currency `json:"currency"`
	// InstallmentMonth is the number of installments (할부 개월 수); nil when
	// absent.
	InstallmentMonth *int `json:"installmentMonth,omitzero"`
	// NoticeURLs are the webhook URLs for the payment (웹훅 주소).
	NoticeURLs []string `json:"noticeUrls,omitzero"`
	// Products lists the products (상품 정보).
	Products []PaymentProduct `json:"products,omitzero"`
	// CreatedAt is when it was scheduled (결제 예약 등록 시점).
	CreatedAt time.Time `json:"createdAt"`
	// TimeToPay is when the payment is due (결제 예정 시점).
	TimeToPay time.Time `json:"timeToPay"`
}

// PaymentScheduleVariant is the status-specific part of a PaymentSchedule.
// The interface is sealed.
type PaymentScheduleVariant interface {
	// Status returns the schedule status this variant stands for.
	Status() PaymentScheduleStatus
	isPaymentScheduleVariant()
}

// ScheduledPaymentSchedule is a schedule waiting for its time (결제 예약 완료
// 상태). It has no status-specific fields.
type ScheduledPaymentSchedule struct{}

// StartedPaymentSchedule is a schedule whose payment is running (결제 시작
// 상태).
type StartedPaymentSchedule struct {
	// StartedAt is when the payment started (결제 시작 시점).
	StartedAt time.Time `json:"startedAt"`
}

// SucceededPaymentSchedule is a schedule whose payment succeeded (결제 성공
// 상태).
type SucceededPaymentSchedule struct {
	// StartedAt is when the payment started (결제 시작 시점).
	StartedAt time.Time `json:"startedAt"`
	// CompletedAt is when it completed (결제 완료 시점).
	CompletedAt time.Time `json:"completedAt"`
}

// FailedPaymentSchedule is a schedule whose payment failed (결제 실패 상태).
// The reason is on the payment (PaymentID).
type FailedPaymentSchedule struct {
	// StartedAt is when the payment started (결제 시작 시점).
	StartedAt time.Time `json:"startedAt"`
	// CompletedAt is when it ended (결제 완료 시점).
	CompletedAt time.Time `json:"completedAt"`
}

// PendingPaymentSchedule is a schedule whose payment waits for approval
// (결제 완료 대기 상태).
type PendingPaymentSchedule struct {
	// StartedAt is when the payment started (결제 시작 시점).
	StartedAt time.Time `json:"startedAt"`
	// CompletedAt is when it completed (결제 완료 시점).
	CompletedAt time.Time `json:"completedAt"`
}

// RevokedPaymentSchedule is a revoked schedule (결제 예약 취소 상태).
type RevokedPaymentSchedule struct {
	// RevokedAt is when it was revoked (결제 취소 시점).
	RevokedAt time.Time `json:"revokedAt"`
}

// UnknownPaymentSchedule is the Variant of a schedule whose status this
// package does not know. The common fields are decoded as usual; Raw keeps
// the whole object, in the compact form encoding/json writes, and encoding
// the PaymentSchedule writes Raw back unchanged.
type UnknownPaymentSchedule struct {
	// Raw is the schedule's complete JSON object.
	Raw json.RawMessage
}

// LogValue logs s with the billing key masked, also with slog's JSON
// handler.
func (s PaymentSchedule) LogValue() slog.Value {
	type plain PaymentSchedule
	return maskedLogValue(plain(s))
}

// PaymentScheduleSummary identifies a created schedule (결제 예약 건).
type PaymentScheduleSummary struct {
	// ID is the schedule's ID (결제 예약 건 아이디).
	ID string `json:"id"`
}

// CreatePaymentScheduleResponse is the answer to a schedule creation (결제
// 예약 성공 응답).
type CreatePaymentScheduleResponse struct {
	// Schedule identifies the new schedule (결제 예약 건).
	Schedule PaymentScheduleSummary `json:"schedule"`
}

// RevokePaymentSchedulesResponse is the answer to a revocation (결제 예약 건
// 취소 성공 응답).
type RevokePaymentSchedulesResponse struct {
	// RevokedScheduleIDs lists the revoked schedules (취소 완료된 결제 예약 건
	// 아이디 목록).
	RevokedScheduleIDs []string `json:"revokedScheduleIds"`
	// RevokedAt is when they were revoked (결제 예약 건 취소 완료 시점); zero
	// when absent.
	RevokedAt time.Time `json:"revokedAt,omitzero"`
}

// PaymentScheduleFilterInput selects schedules in a list (결제 예약 건 다건
// 조회를 위한 입력 정보). Every field is optional.
type PaymentScheduleFilterInput struct {
	// StoreID limits the list to one store (상점 아이디). Left empty, the
	// List call fills it from WithStoreID or the client's default.
	StoreID string `json:"storeId,omitzero"`
	// BillingKey selects the schedules of one key (빌링키).
	BillingKey BillingKey `json:"billingKey,omitzero"`
	// From starts the range of due times (결제 예정 시점 조건 범위의 시작);
	// zero means 90 days before Until. Set it to see future schedules.
	From time.Time `json:"from,omitzero"`
	// Until ends the range of due times (결제 예정 시점 조건 범위의 끝); zero
	// means now, which hides schedules still due: set it to see them.
	Until time.Time `json:"until,omitzero"`
	// Status lists the states to include (결제 예약 건 상태 리스트).
	Status []PaymentScheduleStatus `json:"status,omitzero"`
	// IsForTest selects test or live schedules (테스트 결제 여부); nil for
	// both.
	IsForTest *bool `json:"isForTest,omitzero"`
}

// PaymentScheduleSortInput orders a schedule list (결제 예약 건 다건 조회 시
// 정렬 조건).
type PaymentScheduleSortInput struct {
	// By is the sort field (정렬 기준 필드); empty means TIME_TO_PAY.
	By PaymentScheduleSortBy `json:"by,omitzero"`
	// Order is the direction (정렬 순서); empty means DESC.
	Order SortOrder `json:"order,omitzero"`
}

// BillingKeyPaymentScheduleInput is the payment a schedule makes (빌링키
// 결제 예약 요청 입력 정보): a billing-key payment without skipWebhook.
type BillingKeyPaymentScheduleInput struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// BillingKey is the key to charge (빌링키). Required.
	BillingKey BillingKey `json:"billingKey"`
	// ChannelKey picks the channel of a key issued on several (채널 키).
	ChannelKey string `json:"channelKey,omitzero"`
	// OrderName is the order name (주문명). Required.
	OrderName string `json:"orderName"`
	// Customer describes the customer (고객 정보), nil for none.
	Customer *CustomerInput `json:"customer,omitzero"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// Amount is the amount to charge (결제 금액 세부 입력 정보). Required.
	Amount PaymentAmountInput `json:"amount"`
	// Currency is the currency (통화). Required.
	Currency Currency `json:"currency"`
	// InstallmentMonth is the number of card installments (할부 개월 수).
	InstallmentMonth *int `json:"installmentMonth,omitzero"`
	// UseFreeInterestFromMerchant says whether the merchant bears the
	// installment interest (무이자 할부 이자를 고객사가 부담할지 여부).
	UseFreeInterestFromMerchant *bool `json:"useFreeInterestFromMerchant,omitzero"`
	// UseCardPoint says whether to use card points (카드 포인트 사용 여부).
	UseCardPoint *bool `json:"useCardPoint,omitzero"`
	// CashReceipt asks for a cash receipt (현금영수증 정보), nil for none.
	CashReceipt *CashReceiptInput `json:"cashReceipt,omitzero"`
	// Country is the payment country (결제 국가).
	Country Country `json:"country,omitzero"`
	// NoticeURLs overrides the store's webhook URLs (웹훅 주소).
	NoticeURLs []string `json:"noticeUrls,omitzero"`
	// Products lists the products (상품 정보).
	Products []PaymentProduct `json:"products,omitzero"`
	// ProductCount is the number of products (상품 개수).
	ProductCount *int `json:"productCount,omitzero"`
	// ProductType is the kind of product (상품 유형).
	ProductType PaymentProductType `json:"productType,omitzero"`
	// ShippingAddress is the delivery address (배송지 주소), nil for none.
	ShippingAddress *SeparatedAddressInput `json:"shippingAddress,omitzero"`
	// PromotionID is the PortOne promotion to apply (프로모션 아이디).
	PromotionID string `json:"promotionId,omitzero"`
	// Locale is the payment language (결제 시 사용할 언어); Eximbay requires
	// it.
	Locale Locale `json:"locale,omitzero"`
	// Bypass holds PG-specific parameters (PG사별 추가 파라미터).
	Bypass map[string]any `json:"bypass,omitzero"`
}

// CreatePaymentScheduleParams schedules one billing-key payment
// (CreatePaymentScheduleBody plus the path's payment ID).
type CreatePaymentScheduleParams struct {
	// PaymentID is the ID the payment will have (결제 건 아이디), chosen by
	// the merchant. Required; it goes in the path.
	PaymentID string `json:"-"`
	// Payment is the payment to make (빌링키 결제 입력 정보). Its StoreID,
	// else WithStoreID, else the client's default is sent as
	// payment.storeId.
	Payment BillingKeyPaymentScheduleInput `json:"payment"`
	// TimeToPay is when to pay (결제 예정 시점). Required.
	TimeToPay time.Time `json:"timeToPay"`
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p CreatePaymentScheduleParams) LogValue() slog.Value {
	type plain CreatePaymentScheduleParams
	return maskedLogValue(plain(p))
}

func (p *CreatePaymentScheduleParams) validate() error {
	in := &p.Payment
	if p.TimeToPay.IsZero() {
		return invalidField("TimeToPay", "is zero")
	}
	if in.CashReceipt != nil && in.CashReceipt.Type == "" {
		return invalidField("Payment.CashReceipt.Type", "is empty")
	}
	return firstError(
		optionalID("Payment.StoreID", in.StoreID),
		requiredID("Payment.BillingKey", string(in.BillingKey)),
		optionalID("Payment.ChannelKey", in.ChannelKey),
		optionalID("Payment.PromotionID", in.PromotionID),
		checkCustomerID("Payment.Customer", in.Customer),
		requireText("Payment.OrderName", in.OrderName),
		in.Amount.validate("Payment.Amount"),
		requireText("Payment.Currency", string(in.Currency)),
		checkNonNegative("Payment.InstallmentMonth", in.InstallmentMonth),
		checkNonNegative("Payment.ProductCount", in.ProductCount),
	)
}

// PaymentScheduleListParams selects schedules to list
// (GetPaymentSchedulesBody). It is sent as JSON in the requestBody query
// parameter.
type PaymentScheduleListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the schedules; zero means TIME_TO_PAY, DESC (정렬 조건).
	Sort PaymentScheduleSortInput `json:"sort,omitzero"`
	// Filter selects the schedules (조회할 결제 예약 건의 조건 필터). Its
	// StoreID, else WithStoreID, else the client's default store is sent as
	// filter.storeId. Without Filter.Until only schedules due before now are
	// listed.
	Filter PaymentScheduleFilterInput `json:"filter,omitzero"`
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p PaymentScheduleListParams) LogValue() slog.Value {
	type plain PaymentScheduleListParams
	return maskedLogValue(plain(p))
}

// PaymentScheduleList is one page of schedules (결제 예약 다건 조회 성공 응답
// 정보).
type PaymentScheduleList struct {
	// Items are the schedules of this page (조회된 결제 예약 건 리스트).
	Items []PaymentSchedule `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

// RevokePaymentSchedulesParams selects schedules to revoke
// (RevokePaymentSchedulesBody). Set BillingKey, ScheduleIDs or both: with
// only BillingKey every schedule of the key is revoked; with ScheduleIDs
// those schedules are, and a BillingKey set too must be theirs.
type RevokePaymentSchedulesParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// BillingKey revokes the key's schedules (빌링키).
	BillingKey BillingKey `json:"billingKey,omitzero"`
	// ScheduleIDs lists the schedules to revoke (결제 예약 건 아이디 목록).
	ScheduleIDs []string `json:"scheduleIds,omitzero"`
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p RevokePaymentSchedulesParams) LogValue() slog.Value {
	type plain RevokePaymentSchedulesParams
	return maskedLogValue(plain(p))
}

func (p *RevokePaymentSchedulesParams) validate() error {
	if p.BillingKey == "" && len(p.ScheduleIDs) == 0 {
		return invalidField("BillingKey", "set it, ScheduleIDs or both")
	}
	if err := firstError(optionalID("StoreID", p.StoreID), optionalID("BillingKey", string(p.BillingKey))); err != nil {
		return err
	}
	for _, id := range p.ScheduleIDs {
		if err := requiredID("ScheduleIDs", id); err != nil {
			return err
		}
	}
	return nil
}

func (p *PaymentScheduleListParams) validate() error {
	return firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until))
}

func (p *PaymentScheduleListParams) page() *PageInput { return &p.Page }

func (p *PaymentScheduleListParams) filterStore() *string { return &p.Filter.StoreID }
