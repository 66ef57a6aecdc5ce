package portone

// Types of the identity-verification endpoints (본인인증).

import (
	"encoding/json"
	"log/slog"
	"time"
)

// IdentityVerification is one identity verification (본인인증 내역). Like
// Payment, it embeds the properties every status shares and holds the
// status-specific rest in Variant:
//
//	if v, ok := iv.Variant.(*portone.VerifiedIdentityVerification); ok {
//		fmt.Println(v.VerifiedCustomer.Name, v.VerifiedCustomer.BirthDate)
//	}
//
// An unknown status decodes into *UnknownIdentityVerification, never an
// error. The customer's CI, DI and phone number print masked.
type IdentityVerification struct {
	IdentityVerificationCommon
	// Variant is *ReadyIdentityVerification, *VerifiedIdentityVerification,
	// *FailedIdentityVerification or *UnknownIdentityVerification. It is
	// never nil after decoding a JSON object.
	Variant IdentityVerificationVariant
}

// IdentityVerificationCommon holds the properties every status shares. It
// is embedded in IdentityVerification.
type IdentityVerificationCommon struct {
	// Status is the verification's state (본인인증 상태); it selects the
	// Variant.
	Status IdentityVerificationStatus `json:"status"`
	// ID is the merchant's verification ID (고객사 본인인증 번호).
	ID string `json:"id"`
	// Channel is the channel used (사용된 본인인증 채널), nil when absent.
	Channel *SelectedChannel `json:"channel,omitzero"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// RequestedAt is when it was requested (본인인증 요청 시점).
	RequestedAt time.Time `json:"requestedAt"`
	// UpdatedAt is when it was last updated (업데이트 시점).
	UpdatedAt time.Time `json:"updatedAt"`
	// StatusChangedAt is when the status last changed (상태 업데이트 시점).
	StatusChangedAt time.Time `json:"statusChangedAt"`
	// Version is the PortOne generation (포트원 버전).
	Version Version `json:"version"`
	// PGTxID is the PG's verification ID (본인인증 내역 PG사 아이디); always
	// set once VERIFIED.
	PGTxID string `json:"pgTxId,omitzero"`
}

// IdentityVerificationVariant is the status-specific part of an
// IdentityVerification. The interface is sealed.
type IdentityVerificationVariant interface {
	// Status returns the verification status this variant stands for.
	Status() IdentityVerificationStatus
	isIdentityVerificationVariant()
}

// ReadyIdentityVerification is a verification not completed yet (준비
// 상태의 본인인증 내역).
type ReadyIdentityVerification struct {
	// RequestedCustomer is the customer as requested (요청 시 고객 정보).
	RequestedCustomer IdentityVerificationRequestedCustomer `json:"requestedCustomer"`
}

// String prints v with its secrets masked, also through a pointer with
// %s.
func (v ReadyIdentityVerification) String() string {
	type plain ReadyIdentityVerification
	return maskedString(plain(v))
}

// LogValue logs v with its secrets masked, also with slog's JSON handler.
func (v ReadyIdentityVerification) LogValue() slog.Value { return slog.StringValue(v.String()) }

// VerifiedIdentityVerification is a completed verification (완료된 본인인증
// 내역).
type VerifiedIdentityVerification struct {
	// VerifiedCustomer is the customer as verified (인증된 고객 정보).
	VerifiedCustomer IdentityVerificationVerifiedCustomer `json:"verifiedCustomer"`
	// VerifiedAt is when it completed (본인인증 완료 시점).
	VerifiedAt time.Time `json:"verifiedAt"`
	// PGRawResponse is the PG's raw response (PG사 응답 데이터). It holds the
	// customer's data (CI, DI, phone number) in the clear, so it prints as
	// its length only; Reveal gives the text.
	PGRawResponse RawText `json:"pgRawResponse"`
}

// String prints v with its secrets masked, also through a pointer with
// %s.
func (v VerifiedIdentityVerification) String() string {
	type plain VerifiedIdentityVerification
	return maskedString(plain(v))
}

// LogValue logs v with its secrets masked, also with slog's JSON handler.
func (v VerifiedIdentityVerification) LogValue() slog.Value { return slog.StringValue(v.String()) }

// FailedIdentityVerification is a verification that failed (실패한 본인인증
// 내역).
type FailedIdentityVerification struct {
	// RequestedCustomer is the customer as requested (요청 시 고객 정보).
	RequestedCustomer IdentityVerificationRequestedCustomer `json:"requestedCustomer"`
	// Failure describes the failure (본인인증 실패 정보).
	Failure IdentityVerificationFailure `json:"failure"`
}

// String prints v with its secrets masked, also through a pointer with
// %s.
func (v FailedIdentityVerification) String() string {
	type plain FailedIdentityVerification
	return maskedString(plain(v))
}

// LogValue logs v with its secrets masked, also with slog's JSON handler.
func (v FailedIdentityVerification) LogValue() slog.Value { return slog.StringValue(v.String()) }

// UnknownIdentityVerification is the Variant of a verification whose status
// this package does not know. The common fields are decoded as usual; Raw
// keeps the whole object, in the compact form encoding/json writes, and
// encoding the IdentityVerification writes Raw back unchanged.
type UnknownIdentityVerification struct {
	// Raw is the verification's complete JSON object.
	Raw json.RawMessage
}

// LogValue logs v without the customer's CI, DI and phone number, also
// with slog's JSON handler.
func (v IdentityVerification) LogValue() slog.Value {
	type plain IdentityVerification
	return maskedLogValue(plain(v))
}

// IdentityVerificationRequestedCustomer is the customer as the request
// described them (요청 시 고객 정보). The phone number prints masked.
type IdentityVerificationRequestedCustomer struct {
	// ID is the merchant's customer ID (식별 아이디).
	ID string `json:"id,omitzero"`
	// Name is the name (이름).
	Name string `json:"name,omitzero"`
	// PhoneNumber is the phone number, digits only (전화번호).
	PhoneNumber Secret `json:"phoneNumber,omitzero"`
	// BirthYear is the year of birth (출생연도).
	BirthYear string `json:"birthYear,omitzero"`
	// BirthMonth is the month of birth (출생월).
	BirthMonth string `json:"birthMonth,omitzero"`
	// BirthDay is the day of birth (출생일).
	BirthDay string `json:"birthDay,omitzero"`
}

// LogValue logs c with the phone number masked, also with slog's JSON handler.
func (c IdentityVerificationRequestedCustomer) LogValue() slog.Value {
	type plain IdentityVerificationRequestedCustomer
	return maskedLogValue(plain(c))
}

// IdentityVerificationVerifiedCustomer is the customer as verified (인증된
// 고객 정보). What a PG provides varies (Danal and KG Inicis differ; see the
// schema). CI, DI and the phone number print masked.
type IdentityVerificationVerifiedCustomer struct {
	// ID is the merchant's customer ID (식별 아이디).
	ID string `json:"id,omitzero"`
	// Name is the verified name (이름).
	Name string `json:"name"`
	// Operator is the mobile carrier (통신사).
	Operator IdentityVerificationOperator `json:"operator,omitzero"`
	// PhoneNumber is the phone number, digits only (전화번호).
	PhoneNumber Secret `json:"phoneNumber,omitzero"`
	// BirthDate is the date of birth as a civil date "yyyy-MM-dd" (생년월일),
	// e.g. "1990-01-31"; parse it with time.Parse(time.DateOnly, …). Always
	// set for V2 verifications.
	BirthDate string `json:"birthDate,omitzero"`
	// Gender is the gender (성별).
	Gender Gender `json:"gender,omitzero"`
	// IsForeigner says whether the customer is a foreigner (외국인 여부); nil
	// when not provided.
	IsForeigner *bool `json:"isForeigner,omitzero"`
	// CI identifies the person across sites (CI, 개인 고유 식별키).
	CI Secret `json:"ci,omitzero"`
	// DI identifies the person on this site, to prevent duplicate sign-ups
	// (DI, 사이트별 개인 고유 식별키).
	DI Secret `json:"di,omitzero"`
}

// LogValue logs c with CI, DI and the phone number masked, also with slog's JSON handler.
func (c IdentityVerificationVerifiedCustomer) LogValue() slog.Value {
	type plain IdentityVerificationVerifiedCustomer
	return maskedLogValue(plain(c))
}

// IdentityVerificationFailure describes a failed verification (본인인증 실패
// 정보).
type IdentityVerificationFailure struct {
	// Reason is the failure reason (실패 사유).
	Reason string `json:"reason,omitzero"`
	// PGCode is the PG's failure code (PG사 실패 코드).
	PGCode string `json:"pgCode,omitzero"`
	// PGMessage is the PG's failure message (PG사 실패 메시지).
	PGMessage string `json:"pgMessage,omitzero"`
}

// SendIdentityVerificationParams starts an API-driven verification
// (SendIdentityVerificationBody plus the path's ID). The customer's phone
// and identity numbers print masked.
type SendIdentityVerificationParams struct {
	// IdentityVerificationID is the verification's ID (본인인증 아이디),
	// chosen by the merchant. Required; it goes in the path.
	IdentityVerificationID string `json:"-"`
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// ChannelKey is the channel (채널 키). Required.
	ChannelKey string `json:"channelKey"`
	// Customer is the customer to verify (고객 정보). Required.
	Customer SendIdentityVerificationCustomer `json:"customer"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// Bypass holds PG-specific parameters (PG사별 추가 파라미터).
	Bypass map[string]any `json:"bypass,omitzero"`
	// Operator is the customer's carrier (통신사). Required.
	Operator IdentityVerificationOperator `json:"operator"`
	// Method is SMS or APP (본인인증 방식). Required.
	Method IdentityVerificationMethod `json:"method"`
}

// LogValue logs the params with the phone and identity numbers masked,
// also with slog's JSON handler.
func (p SendIdentityVerificationParams) LogValue() slog.Value {
	type plain SendIdentityVerificationParams
	return maskedLogValue(plain(p))
}

func (p *SendIdentityVerificationParams) validate() error {
	c := p.Customer
	err := firstError(
		optionalID("StoreID", p.StoreID),
		requiredID("ChannelKey", p.ChannelKey),
		optionalID("Customer.ID", c.ID),
		requireText("Customer.Name", c.Name),
		requireText("Customer.PhoneNumber", string(c.PhoneNumber)),
		requireText("Customer.IPAddress", c.IPAddress),
		requireText("Operator", string(p.Operator)),
		requireText("Method", string(p.Method)),
	)
	switch {
	case err != nil:
		return err
	case !allDigits(string(c.PhoneNumber)):
		return invalidField("Customer.PhoneNumber", "must be digits only, without '-'")
	case p.Method == IdentityVerificationMethodSMS && c.IdentityNumber == "":
		return invalidField("Customer.IdentityNumber", "is required for SMS")
	case c.IdentityNumber != "" && (!allDigits(string(c.IdentityNumber)) || len(c.IdentityNumber) != 7):
		return invalidField("Customer.IdentityNumber", "must be the first 7 digits of the resident registration number")
	}
	return nil
}

// SendIdentityVerificationCustomer is the customer to verify (본인인증 요청을
// 위한 고객 정보).
type SendIdentityVerificationCustomer struct {
	// ID is the merchant's customer ID (식별 아이디).
	ID string `json:"id,omitzero"`
	// Name is the name (이름). Required.
	Name string `json:"name"`
	// PhoneNumber is the phone number, digits only (전화번호). Required.
	PhoneNumber Secret `json:"phoneNumber"`
	// IdentityNumber is the first 7 digits of the resident registration
	// number (주민등록번호 앞 7자리); required for SMS.
	IdentityNumber Secret `json:"identityNumber,omitzero"`
	// IPAddress is the customer's IP address (IP 주소), used to rate-limit
	// them. Required.
	IPAddress string `json:"ipAddress"`
}

// LogValue logs c with the phone and identity numbers masked, also with slog's JSON handler.
func (c SendIdentityVerificationCustomer) LogValue() slog.Value {
	type plain SendIdentityVerificationCustomer
	return maskedLogValue(plain(c))
}

// SendIdentityVerificationResponse is the (empty) answer to Send (본인인증
// 요청 전송 성공 응답).
type SendIdentityVerificationResponse struct{}

// ConfirmIdentityVerificationParams completes an API-driven verification
// (ConfirmIdentityVerificationBody plus the path's ID).
type ConfirmIdentityVerificationParams struct {
	// IdentityVerificationID is the verification's ID (본인인증 아이디).
	// Required; it goes in the path.
	IdentityVerificationID string `json:"-"`
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// OTP is the code the customer received by SMS (OTP); SMS only. It
	// prints masked.
	OTP Secret `json:"otp,omitzero"`
}

// LogValue logs the params with the OTP masked, also with slog's JSON
// handler.
func (p ConfirmIdentityVerificationParams) LogValue() slog.Value {
	type plain ConfirmIdentityVerificationParams
	return maskedLogValue(plain(p))
}

// ConfirmIdentityVerificationResponse is the answer to Confirm (본인인증 확인
// 성공 응답).
type ConfirmIdentityVerificationResponse struct {
	// IdentityVerification is the completed verification; its Variant is
	// *VerifiedIdentityVerification (완료된 본인인증 내역).
	IdentityVerification IdentityVerification `json:"identityVerification"`
}

// LogValue logs r without the customer's CI, DI and phone number, also
// with slog's JSON handler.
func (r ConfirmIdentityVerificationResponse) LogValue() slog.Value {
	type plain ConfirmIdentityVerificationResponse
	return maskedLogValue(plain(r))
}

// ResendIdentityVerificationResponse is the (empty) answer to Resend
// (본인인증 요청 재전송 성공 응답).
type ResendIdentityVerificationResponse struct{}

// IdentityVerificationFilterInput selects verifications in a list (본인인증
// 다건 조회를 위한 입력 정보). Every field is optional.
type IdentityVerificationFilterInput struct {
	// StoreID limits the list to one store (상점 아이디). Left empty, the
	// List call fills it from WithStoreID or the client's default; with
	// neither, a merchant-level secret lists every store's verifications.
	StoreID string `json:"storeId,omitzero"`
	// TimeRangeField is the time From and Until apply to (조회 기준 시점
	// 유형); empty means REQUESTED_AT.
	TimeRangeField IdentityVerificationTimeRangeField `json:"timeRangeField,omitzero"`
	// From starts the time range (조회 기준 시점 범위의 시작); zero means 90
	// days before Until.
	From time.Time `json:"from,omitzero"`
	// Until ends the time range (조회 기준 시점 범위의 끝); zero means now.
	Until time.Time `json:"until,omitzero"`
	// IdentityVerificationID selects one verification (고객사 본인인증 번호).
	IdentityVerificationID string `json:"identityVerificationId,omitzero"`
	// IdentityVerificationTxID selects one PortOne attempt (포트원 본인인증
	// 시도 번호).
	IdentityVerificationTxID string `json:"identityVerificationTxId,omitzero"`
	// IsTest selects test or live verifications (테스트 결제 필터링); nil for
	// both.
	IsTest *bool `json:"isTest,omitzero"`
	// Statuses lists the states to include (본인인증 상태 리스트).
	Statuses []IdentityVerificationStatus `json:"statuses,omitzero"`
	// PGTxID selects one PG verification ID (PG사 본인인증 번호).
	PGTxID string `json:"pgTxId,omitzero"`
	// PGMerchantID selects one PG merchant ID (PG 상점아이디).
	PGMerchantID string `json:"pgMerchantId,omitzero"`
	// PGProviders lists PG modules to include (PG사 결제 모듈 리스트).
	PGProviders []PGProvider `json:"pgProviders,omitzero"`
	// PGCompanies lists PGs to include (PG사 리스트).
	PGCompanies []PGCompany `json:"pgCompanies,omitzero"`
	// Carriers lists carriers to include (통신사 리스트).
	Carriers []Carrier `json:"carriers,omitzero"`
	// Version selects V1 or V2 verifications (포트원 버전).
	Version Version `json:"version,omitzero"`
	// Customer selects a customer (고객 정보): the requested customer of
	// unfinished verifications, the verified one of finished ones. Nil for
	// any.
	Customer *IdentityVerificationFilterCustomerInput `json:"customer,omitzero"`
}

// IdentityVerificationFilterCustomerInput selects verifications by customer
// (본인인증 다건 조회를 위한 고객 정보 입력 정보).
type IdentityVerificationFilterCustomerInput struct {
	// Name is the name (이름).
	Name string `json:"name,omitzero"`
	// BirthYear is the year of birth (출생 연도).
	BirthYear string `json:"birthYear,omitzero"`
	// BirthMonth is the month of birth (출생월).
	BirthMonth string `json:"birthMonth,omitzero"`
	// BirthDay is the day of birth (출생일).
	BirthDay string `json:"birthDay,omitzero"`
	// PhoneNumber is the phone number, digits only (전화번호). It prints
	// masked.
	PhoneNumber Secret `json:"phoneNumber,omitzero"`
	// Gender is the gender (성별).
	Gender Gender `json:"gender,omitzero"`
}

// String prints v with its secrets masked, also through a pointer with
// %s.
func (v IdentityVerificationFilterCustomerInput) String() string {
	type plain IdentityVerificationFilterCustomerInput
	return maskedString(plain(v))
}

// LogValue logs v with the phone number masked, also with slog's JSON handler.
func (v IdentityVerificationFilterCustomerInput) LogValue() slog.Value {
	type plain IdentityVerificationFilterCustomerInput
	return maskedLogValue(plain(v))
}

// IdentityVerificationSortInput orders a verification list (본인인증 내역 다건
// 조회 시 정렬 조건).
type IdentityVerificationSortInput struct {
	// By is the sort field (정렬 기준 필드); empty means REQUESTED_AT.
	By IdentityVerificationSortBy `json:"by,omitzero"`
	// Order is the direction (정렬 순서); empty means DESC.
	Order SortOrder `json:"order,omitzero"`
}

// IdentityVerificationListParams selects verifications to list
// (GetIdentityVerificationsBody). It is sent as JSON in the requestBody
// query parameter.
type IdentityVerificationListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the verifications; zero means REQUESTED_AT, DESC (정렬
	// 조건).
	Sort IdentityVerificationSortInput `json:"sort,omitzero"`
	// Filter selects the verifications (조회할 본인인증 내역 조건 필터). Its
	// StoreID, else WithStoreID, else the client's default store is sent as
	// filter.storeId.
	Filter IdentityVerificationFilterInput `json:"filter,omitzero"`
}

// LogValue logs p with the customer's phone number masked, also with
// slog's JSON handler.
func (p IdentityVerificationListParams) LogValue() slog.Value {
	type plain IdentityVerificationListParams
	return maskedLogValue(plain(p))
}

// IdentityVerificationList is one page of verifications (본인인증 내역 다건
// 조회 성공 응답 정보).
type IdentityVerificationList struct {
	// Items are the verifications of this page (조회된 본인인증 내역 리스트).
	Items []IdentityVerification `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

func (p *IdentityVerificationListParams) validate() error {
	return firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until))
}

func (p *IdentityVerificationListParams) page() *PageInput { return &p.Page }

func (p *IdentityVerificationListParams) filterStore() *string { return &p.Filter.StoreID }
