package portone

// Types of the billing-key endpoints (빌링키), and the pieces the billing-key,
// schedule, cash-receipt and identity-verification services share: masked
// secrets (Secret, BillingKey) and checkPage. They follow the field
// conventions written at the top of payment.go; their enums and union
// plumbing are generated (enums_gen.go, unions_gen.go).

import (
	"encoding/json"
	"fmt"
	"github.com/paykit-kr/paykit/internal/redact"
	"log/slog"
	"strconv"
	"time"
)

// redactSecret returns "" for an empty value and [REDACTED] otherwise, so a
// printout still shows whether the value was set.
func redactSecret(s string) string { return redact.Secret(s) }

// Secret is a sensitive string sent to or received from PortOne: card
// credentials, resident-registration and business numbers, phone numbers,
// CI and DI, one-time tokens. It is encoded to JSON unchanged (requests
// need it), but prints as [REDACTED] with every fmt verb and in slog, so
// params and results can be logged without leaking it. Reveal (or
// string(s)) gives the value.
type Secret string

// Reveal returns the value, for code that must use it. It is the one way to
// read it on purpose; every printing of s masks it.
func (s Secret) Reveal() string { return string(s) }

// String returns [REDACTED], or "" when s is empty.
func (s Secret) String() string { return redactSecret(string(s)) }

// GoString returns the masked value, quoted.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// LogValue masks s in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Format masks s for every fmt verb, %d and %x included.
func (s Secret) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String()) }

// BillingKey is a billing key (빌링키): a reusable credential that charges
// the customer's card or account without them. Treat it like a password.
// It is encoded to JSON unchanged but prints as [REDACTED] with every fmt
// verb and in slog; Reveal (or string(k)) gives the value to store.
type BillingKey string

// Reveal returns the key, for storing it with the customer. It is the one
// way to read it on purpose; every printing of k masks it.
func (k BillingKey) Reveal() string { return string(k) }

// String returns [REDACTED], or "" when k is empty.
func (k BillingKey) String() string { return redactSecret(string(k)) }

// GoString returns the masked value, quoted.
func (k BillingKey) GoString() string { return strconv.Quote(k.String()) }

// LogValue masks k in slog output.
func (k BillingKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// Format masks k for every fmt verb, %d and %x included.
func (k BillingKey) Format(f fmt.State, verb rune) { redact.Format(f, verb, k.String()) }

// maskedString renders v (a struct converted to a type without methods)
// as "{Name:value …}" with every masked value masked (see package redact).
// Types holding secrets that can be reached through a pointer or an
// interface use it for String: fmt prints such a pointer's target raw,
// bypassing the fields' own methods, when the verb (%s, %q) does not suit
// a pointer.
func maskedString(v any) string { return redact.String(v) }

// maskedLogValue is maskedString for LogValue, as a group of v's fields.
// Types holding secrets need LogValue because slog's JSON handler would
// otherwise encode them with encoding/json, which writes secrets in the
// clear.
func maskedLogValue(v any) slog.Value { return redact.LogValue(v) }

// checkPage refuses a negative page number or size.
func checkPage(p PageInput) error {
	switch {
	case p.Number < 0:
		return invalidField("Page.Number", "may not be negative")
	case p.Size < 0:
		return invalidField("Page.Size", "may not be negative")
	}
	return nil
}

// BillingKeyInfo is a billing key and what it was issued for (빌링키 정보).
// Like Payment, it embeds the properties every status shares and holds the
// status-specific rest in Variant:
//
//	if d, ok := info.Variant.(*portone.DeletedBillingKeyInfo); ok {
//		fmt.Println("deleted at", d.DeletedAt)
//	}
//
// An unknown status decodes into *UnknownBillingKeyInfo, never an error.
type BillingKeyInfo struct {
	BillingKeyInfoCommon
	// Variant is *IssuedBillingKeyInfo, *DeletedBillingKeyInfo or
	// *UnknownBillingKeyInfo. It is never nil after decoding a JSON object.
	Variant BillingKeyInfoVariant
}

// BillingKeyInfoCommon holds the properties that every billing-key status
// shares. It is embedded in BillingKeyInfo.
type BillingKeyInfoCommon struct {
	// Status is the billing key's state (빌링키 상태); it selects the Variant.
	Status BillingKeyStatus `json:"status"`
	// BillingKey is the billing key itself (빌링키).
	BillingKey BillingKey `json:"billingKey"`
	// MerchantID is the merchant's ID (고객사 아이디).
	MerchantID string `json:"merchantId"`
	// StoreID is the store's ID (상점 아이디).
	StoreID string `json:"storeId"`
	// Methods describes the means the key charges (빌링키 결제수단 상세 정보);
	// more than one only for a super billing key (슈퍼빌링키).
	Methods []BillingKeyPaymentMethod `json:"methods,omitzero"`
	// Channels lists the channels used to issue the key (빌링키 발급 시 사용된
	// 채널). It is required, so it is encoded as [] when nil.
	Channels []SelectedChannel `json:"channels"`
	// Customer describes the customer (고객 정보).
	Customer Customer `json:"customer"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// IssueID is the merchant's ID for the issuance (고객사가 채번하는 빌링키
	// 발급 건 고유 아이디).
	IssueID string `json:"issueId,omitzero"`
	// IssueName is the issuance's name (빌링키 발급 건 이름).
	IssueName string `json:"issueName,omitzero"`
	// RequestedAt is when issuance was requested (발급 요청 시점); zero when
	// absent.
	RequestedAt time.Time `json:"requestedAt,omitzero"`
	// IssuedAt is when the key was issued (발급 시점).
	IssuedAt time.Time `json:"issuedAt"`
	// ChannelGroup is the channel group (채널 그룹), nil when absent.
	ChannelGroup *ChannelGroupSummary `json:"channelGroup,omitzero"`
	// PGBillingKeyIssueResponses holds each channel's issuance result (채널 별
	// 빌링키 발급 응답): for a super billing key some channels may fail.
	PGBillingKeyIssueResponses []PGBillingKeyIssueResponse `json:"pgBillingKeyIssueResponses,omitzero"`
}

// MarshalJSON encodes c, writing Channels as [] when nil: the schema
// requires the array.
func (c BillingKeyInfoCommon) MarshalJSON() ([]byte, error) {
	type plain BillingKeyInfoCommon
	c.Channels = nonNil(c.Channels)
	return json.Marshal(plain(c))
}

// BillingKeyInfoVariant is the status-specific part of a BillingKeyInfo:
// *IssuedBillingKeyInfo, *DeletedBillingKeyInfo or *UnknownBillingKeyInfo.
// The interface is sealed.
type BillingKeyInfoVariant interface {
	// Status returns the billing-key status this variant stands for.
	Status() BillingKeyStatus
	isBillingKeyInfoVariant()
}

// IssuedBillingKeyInfo is a billing key that can be charged (빌링키 발급 완료
// 상태). It has no status-specific fields.
type IssuedBillingKeyInfo struct{}

// DeletedBillingKeyInfo is a billing key that was deleted (빌링키 삭제 완료
// 상태).
type DeletedBillingKeyInfo struct {
	// DeletedAt is when it was deleted (발급 삭제 시점).
	DeletedAt time.Time `json:"deletedAt"`
}

// UnknownBillingKeyInfo is the Variant of a billing key whose status this
// package does not know. The common fields are decoded as usual; Raw keeps
// the whole object, in the compact form encoding/json writes, and encoding
// the BillingKeyInfo writes Raw back unchanged.
type UnknownBillingKeyInfo struct {
	// Raw is the billing key's complete JSON object.
	Raw json.RawMessage
}

// LogValue logs b with the billing key masked, also with slog's JSON
// handler.
func (b BillingKeyInfo) LogValue() slog.Value {
	type plain BillingKeyInfo
	return maskedLogValue(plain(b))
}

// BillingKeyPaymentMethod is what a billing key charges (빌링키 발급 수단
// 정보). It is a union on "type"; the concrete type is
// *BillingKeyPaymentMethodCard, *BillingKeyPaymentMethodEasyPay,
// *BillingKeyPaymentMethodMobile, *BillingKeyPaymentMethodPaypal,
// *BillingKeyPaymentMethodTransfer or, for a type this package does not
// know, *UnknownBillingKeyPaymentMethod. The interface is sealed.
type BillingKeyPaymentMethod interface {
	// MethodType returns the union discriminator, the JSON "type", which is
	// the schema name of the case, e.g. "BillingKeyPaymentMethodCard".
	MethodType() string
	isBillingKeyPaymentMethod()
}

// BillingKeyEasyPayMethod is the means inside an easy-pay
// billing key (간편 결제 수단): *BillingKeyPaymentMethodCard,
// *BillingKeyPaymentMethodEasyPayCharge, *BillingKeyPaymentMethodTransfer or
// *UnknownBillingKeyPaymentMethod. The interface is sealed.
type BillingKeyEasyPayMethod interface {
	// MethodType returns the union discriminator, the JSON "type".
	MethodType() string
	isBillingKeyEasyPayMethod()
}

// BillingKeyPaymentMethodCard is a card billing key (카드 정보).
type BillingKeyPaymentMethodCard struct {
	// Card describes the card (카드 상세 정보), nil when absent.
	Card *Card `json:"card,omitzero"`
}

// BillingKeyPaymentMethodEasyPay is an easy-pay billing key (간편 결제 정보).
type BillingKeyPaymentMethodEasyPay struct {
	// Provider is the easy-pay service (간편 결제 PG사).
	Provider EasyPayProvider `json:"provider,omitzero"`
	// Method is the means inside the service (간편 결제 수단), nil when absent.
	Method BillingKeyEasyPayMethod `json:"method,omitzero"`
}

// BillingKeyPaymentMethodEasyPayCharge is an easy-pay billing key that
// charges prepaid points (충전식 포인트 결제 정보). It has no fields.
type BillingKeyPaymentMethodEasyPayCharge struct{}

// BillingKeyPaymentMethodMobile is a billing key on a phone bill (모바일 정보).
type BillingKeyPaymentMethodMobile struct {
	// PhoneNumber is the phone number (전화번호).
	PhoneNumber string `json:"phoneNumber,omitzero"`
}

// BillingKeyPaymentMethodPaypal is a PayPal billing key (페이팔 정보). It has
// no fields.
type BillingKeyPaymentMethodPaypal struct{}

// BillingKeyPaymentMethodTransfer is a bank-transfer billing key (계좌이체
// 정보).
type BillingKeyPaymentMethodTransfer struct {
	// Bank is the bank (표준 은행 코드).
	Bank Bank `json:"bank,omitzero"`
	// AccountNumber is the account number (계좌번호). It prints masked.
	AccountNumber AccountNumber `json:"accountNumber,omitzero"`
}

// UnknownBillingKeyPaymentMethod is a billing-key method, or easy-pay
// method, whose "type" this package does not know. Raw keeps its JSON in
// the compact form encoding/json writes; it is encoded back unchanged.
type UnknownBillingKeyPaymentMethod struct {
	// Raw is the method's complete JSON object.
	Raw json.RawMessage
}

// PGBillingKeyIssueResponse is one channel's answer to a billing-key
// issuance (채널 별 빌링키 발급 응답). It is a union on "type":
// *IssuedPGBillingKeyIssueResponse ("ISSUED"),
// *FailedPGBillingKeyIssueResponse ("FAILED") or
// *UnknownPGBillingKeyIssueResponse. The interface is sealed.
type PGBillingKeyIssueResponse interface {
	// Type returns the union discriminator, "ISSUED" or "FAILED".
	Type() string
	isPGBillingKeyIssueResponse()
}

// IssuedPGBillingKeyIssueResponse is a channel that issued the billing key
// (빌링키 발급 성공 채널 응답).
type IssuedPGBillingKeyIssueResponse struct {
	// Channel is the channel tried (채널).
	Channel SelectedChannel `json:"channel"`
	// PGTxID is the PG's transaction ID (PG사 거래 아이디).
	PGTxID string `json:"pgTxId,omitzero"`
	// Method is the means the PG reported for this channel (빌링키 결제수단 상세
	// 정보), nil when absent.
	Method BillingKeyPaymentMethod `json:"method,omitzero"`
}

// FailedPGBillingKeyIssueResponse is a channel that failed to issue the
// billing key (빌링키 발급 실패 채널 응답).
type FailedPGBillingKeyIssueResponse struct {
	// Channel is the channel tried (채널).
	Channel SelectedChannel `json:"channel"`
	// Failure describes the failure (발급 실패 상세 정보).
	Failure BillingKeyFailure `json:"failure"`
}

// BillingKeyFailure describes a failed issuance (발급 실패 상세 정보).
type BillingKeyFailure struct {
	// Message is the failure reason (실패 사유).
	Message string `json:"message,omitzero"`
	// PGCode is the PG's failure code (PG사 실패 코드).
	PGCode string `json:"pgCode,omitzero"`
	// PGMessage is the PG's failure message (PG사 실패 사유).
	PGMessage string `json:"pgMessage,omitzero"`
	// FailedAt is when it failed (실패 시점).
	FailedAt time.Time `json:"failedAt"`
}

// UnknownPGBillingKeyIssueResponse is a channel response whose "type" this
// package does not know; Raw is encoded back unchanged.
type UnknownPGBillingKeyIssueResponse struct {
	// Raw is the response's complete JSON object.
	Raw json.RawMessage
}

// ChannelSpecificFailure is the failure of one channel in a request that
// named several (채널별 실패 정보), found in IssueBillingKeyResponse and in
// the body of a CHANNEL_SPECIFIC error. It is a union on "type":
// *ChannelSpecificFailureInvalidRequest, *ChannelSpecificFailurePGProvider
// or *UnknownChannelSpecificFailure. The interface is sealed.
type ChannelSpecificFailure interface {
	// Type returns the union discriminator, an error type such as
	// ErrorTypePGProvider.
	Type() ErrorType
	isChannelSpecificFailure()
}

// ChannelSpecificFailureInvalidRequest is a channel that refused the
// request as invalid (요청된 입력 정보가 유효하지 않은 경우).
type ChannelSpecificFailureInvalidRequest struct {
	// Channel is the channel that failed.
	Channel SelectedChannel `json:"channel"`
	// Message is PortOne's message.
	Message string `json:"message,omitzero"`
}

// ChannelSpecificFailurePGProvider is a channel whose PG returned an error
// (PG사에서 오류를 전달한 경우).
type ChannelSpecificFailurePGProvider struct {
	// Channel is the channel that failed.
	Channel SelectedChannel `json:"channel"`
	// Message is PortOne's message.
	Message string `json:"message,omitzero"`
	// PGCode is the PG's own error code.
	PGCode string `json:"pgCode"`
	// PGMessage is the PG's own message.
	PGMessage string `json:"pgMessage"`
}

// UnknownChannelSpecificFailure is a channel failure whose "type" this
// package does not know; Raw is encoded back unchanged.
type UnknownChannelSpecificFailure struct {
	// Raw is the failure's complete JSON object.
	Raw json.RawMessage
}

// DeleteBillingKeyResponse is the answer to a deletion (빌링키 삭제 성공 응답).
type DeleteBillingKeyResponse struct {
	// DeletedAt is when the key was deleted (빌링키 삭제 완료 시점).
	DeletedAt time.Time `json:"deletedAt"`
}

// IssueBillingKeyResponse is the answer to an issuance (빌링키 발급 성공 응답).
type IssueBillingKeyResponse struct {
	// BillingKeyInfo is the issued key (빌링키 정보).
	BillingKeyInfo BillingKeyInfoSummary `json:"billingKeyInfo"`
	// ChannelSpecificFailures lists the channels that failed, when some did
	// (발급에 실패한 채널이 있을시 실패 정보).
	ChannelSpecificFailures []ChannelSpecificFailure `json:"channelSpecificFailures,omitzero"`
}

// LogValue logs r with the billing key masked, also with slog's JSON
// handler.
func (r IssueBillingKeyResponse) LogValue() slog.Value {
	type plain IssueBillingKeyResponse
	return maskedLogValue(plain(r))
}

// BillingKeyInfoSummary is a newly issued billing key.
type BillingKeyInfoSummary struct {
	// BillingKey is the issued key (발급된 빌링키).
	BillingKey BillingKey `json:"billingKey"`
	// Channels lists the channels it was issued on (발급된 채널).
	Channels []SelectedChannel `json:"channels,omitzero"`
	// IssuedAt is when it was issued (빌링키 발급 완료 시점).
	IssuedAt time.Time `json:"issuedAt"`
}

// ConfirmedBillingKeySummary is the answer to a manual issuance approval
// (빌링키 발급 수동 승인 완료 응답).
type ConfirmedBillingKeySummary struct {
	// BillingKey is the issued key (빌링키).
	BillingKey BillingKey `json:"billingKey"`
}

// LogValue logs s with the billing key masked, also with slog's JSON
// handler.
func (s ConfirmedBillingKeySummary) LogValue() slog.Value {
	type plain ConfirmedBillingKeySummary
	return maskedLogValue(plain(s))
}

// ConfirmedBillingKeyIssueAndPaySummary is the answer to a manual approval
// of issuance and first payment (빌링키 발급 및 초회 결제 수동 승인 완료 응답).
type ConfirmedBillingKeyIssueAndPaySummary struct {
	// BillingKey is the issued key (빌링키).
	BillingKey BillingKey `json:"billingKey"`
	// PaymentID is the first payment's ID (결제 건 아이디).
	PaymentID string `json:"paymentId"`
}

// LogValue logs s with the billing key masked, also with slog's JSON
// handler.
func (s ConfirmedBillingKeyIssueAndPaySummary) LogValue() slog.Value {
	type plain ConfirmedBillingKeyIssueAndPaySummary
	return maskedLogValue(plain(s))
}

// BillingKeyFilterInput selects billing keys in a list (빌링키 다건 조회를 위한
// 입력 정보). Every field is optional.
type BillingKeyFilterInput struct {
	// StoreID limits the list to one store (상점 아이디). Left empty, the
	// List call fills it from WithStoreID or the client's default; with
	// neither, a merchant-level secret lists every store's keys.
	StoreID string `json:"storeId,omitzero"`
	// TimeRangeField is the time From and Until apply to (조회 기준 시점 유형).
	TimeRangeField BillingKeyTimeRangeField `json:"timeRangeField,omitzero"`
	// From starts the time range (조회 기준 시점 범위의 시작); zero means 90
	// days before Until.
	From time.Time `json:"from,omitzero"`
	// Until ends the time range (조회 기준 시점 범위의 끝); zero means now.
	Until time.Time `json:"until,omitzero"`
	// Status lists the states to include (빌링키 상태 리스트).
	Status []BillingKeyStatus `json:"status,omitzero"`
	// ChannelGroupIDs lists channel groups to include (채널 그룹 아이디
	// 리스트).
	ChannelGroupIDs []string `json:"channelGroupIds,omitzero"`
	// CustomerID selects one customer (고객 ID).
	CustomerID string `json:"customerId,omitzero"`
	// PlatformType selects the client platform (플랫폼 유형).
	PlatformType PaymentClientType `json:"platformType,omitzero"`
	// TextSearch searches one field (통합 검색 필터), nil for none.
	TextSearch *BillingKeyTextSearch `json:"textSearch,omitzero"`
	// PGProviders lists PG modules to include (PG사 결제 모듈 리스트).
	PGProviders []PGProvider `json:"pgProviders,omitzero"`
	// PGCompanies lists PGs to include (PG사 리스트).
	PGCompanies []PGCompany `json:"pgCompanies,omitzero"`
	// Methods lists means to include (결제수단 리스트).
	Methods []BillingKeyPaymentMethodType `json:"methods,omitzero"`
	// Version selects V1 or V2 keys (포트원 버전).
	Version Version `json:"version,omitzero"`
}

// BillingKeyTextSearch searches one field of billing keys (통합검색 입력 정보).
type BillingKeyTextSearch struct {
	// Field is the field searched.
	Field BillingKeyTextSearchField `json:"field"`
	// Value is the text searched for.
	Value string `json:"value"`
}

// BillingKeySortInput orders a billing-key list (빌링키 다건 조회 시 정렬 조건).
type BillingKeySortInput struct {
	// By is the sort field (정렬 기준 필드); empty means REQUESTED_AT.
	By BillingKeySortBy `json:"by,omitzero"`
	// Order is the direction (정렬 순서); empty means DESC.
	Order SortOrder `json:"order,omitzero"`
}

// BillingKeyListParams selects billing keys to list (GetBillingKeyInfosBody).
// It is sent as JSON in the requestBody query parameter.
type BillingKeyListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the keys; zero means REQUESTED_AT, DESC (정렬 조건).
	Sort BillingKeySortInput `json:"sort,omitzero"`
	// Filter selects the keys (조회할 빌링키 조건 필터). Its StoreID, else
	// WithStoreID, else the client's default store is sent as filter.storeId.
	Filter BillingKeyFilterInput `json:"filter,omitzero"`
}

// BillingKeyInfoList is one page of billing keys (빌링키 다건 조회 성공 응답
// 정보).
type BillingKeyInfoList struct {
	// Items are the keys of this page (조회된 빌링키 리스트).
	Items []BillingKeyInfo `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

// IssueBillingKeyParams describes a billing-key issuance from card
// credentials (IssueBillingKeyBody). The credentials print masked.
type IssueBillingKeyParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// Method holds the card credentials (빌링키 결제 수단 정보). Required.
	Method BillingKeyMethodInput `json:"method"`
	// ChannelKey is the channel to issue on (채널 키). Set it or
	// ChannelGroupID.
	ChannelKey string `json:"channelKey,omitzero"`
	// ChannelGroupID is the channel group to issue on (채널 그룹 ID). Set it
	// or ChannelKey.
	ChannelGroupID string `json:"channelGroupId,omitzero"`
	// Customer describes the customer (고객 정보), nil for none.
	Customer *CustomerInput `json:"customer,omitzero"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// Bypass holds PG-specific parameters (PG사별 추가 파라미터).
	Bypass map[string]any `json:"bypass,omitzero"`
	// NoticeURLs overrides the store's webhook URLs for this issuance
	// (웹훅 주소).
	NoticeURLs []string `json:"noticeUrls,omitzero"`
	// SkipWebhook, when true, suppresses the issuance webhook (웹훅 생략
	// 여부).
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

// BillingKeyMethodInput is the means a billing key is issued for
// (InstantBillingKeyPaymentMethodInput). Only cards are defined.
type BillingKeyMethodInput struct {
	// Card holds the card credentials. Required.
	Card *BillingKeyCardInput `json:"card,omitzero"`
}

// LogValue logs m with the card masked, also with slog's JSON handler.
func (m BillingKeyMethodInput) LogValue() slog.Value {
	type plain BillingKeyMethodInput
	return maskedLogValue(plain(m))
}

// BillingKeyCardInput wraps card credentials
// (InstantBillingKeyPaymentMethodInputCard). It prints masked, also through
// a pointer with %s, where fmt would otherwise dump the pointee raw.
type BillingKeyCardInput struct {
	// Credential is the card's credentials.
	Credential CardCredential `json:"credential"`
}

// String masks the card.
func (c BillingKeyCardInput) String() string { return "{Credential:" + c.Credential.String() + "}" }

// GoString masks the card.
func (c BillingKeyCardInput) GoString() string { return c.String() }

// LogValue masks the card in slog output.
func (c BillingKeyCardInput) LogValue() slog.Value { return slog.StringValue(c.String()) }

// LogValue logs the params with their credentials masked, also with slog's
// JSON handler (which would otherwise encode the struct as JSON).
func (p IssueBillingKeyParams) LogValue() slog.Value {
	type plain IssueBillingKeyParams
	return maskedLogValue(plain(p))
}

func (p *IssueBillingKeyParams) validate() error {
	err := firstError(optionalID("StoreID", p.StoreID), optionalID("ChannelKey", p.ChannelKey),
		optionalID("ChannelGroupID", p.ChannelGroupID), checkCustomerID("Customer", p.Customer))
	switch {
	case err != nil:
		return err
	case p.ChannelKey == "" && p.ChannelGroupID == "":
		return invalidField("ChannelKey", "set it or ChannelGroupID")
	case p.Method.Card == nil:
		return invalidField("Method.Card", "is required")
	}
	c := p.Method.Card.Credential
	switch {
	case c.BirthOrBusinessRegistrationNumber != "" && !allDigits(c.BirthOrBusinessRegistrationNumber):
		return invalidField("Method.Card.Credential.BirthOrBusinessRegistrationNumber", "must be digits (yyMMdd, or 10 for a business)")
	case c.PasswordTwoDigits != "" && (!allDigits(c.PasswordTwoDigits) || len(c.PasswordTwoDigits) != 2):
		return invalidField("Method.Card.Credential.PasswordTwoDigits", "must be two digits")
	}
	return c.validate("Method.Card.Credential")
}

// DeleteBillingKeyParams describes a billing-key deletion. Everything but
// the key is sent in the query.
type DeleteBillingKeyParams struct {
	// BillingKey is the key to delete (삭제할 빌링키). Required.
	BillingKey BillingKey
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string
	// Reason is why (사유); Naver Pay requires it.
	Reason string
	// Requester is who asked for it (요청 주체); Naver Pay requires it.
	Requester BillingKeyDeleteRequester
	// SkipWebhook, when true, suppresses the deletion webhook (웹훅 생략
	// 여부).
	SkipWebhook bool
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p DeleteBillingKeyParams) LogValue() slog.Value {
	type plain DeleteBillingKeyParams
	return maskedLogValue(plain(p))
}

// ConfirmBillingKeyParams approves a billing-key issuance made with manual
// approval (ConfirmBillingKeyBody).
type ConfirmBillingKeyParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// BillingIssueToken is the token the browser received when the
	// issuance request completed (빌링키 발급 토큰). Required. It prints
	// masked.
	BillingIssueToken Secret `json:"billingIssueToken"`
	// IsTest, when set, must match whether the issuance is a test one (테스트
	// 결제 여부), or PortOne refuses with INFORMATION_MISMATCH.
	IsTest *bool `json:"isTest,omitzero"`
	// SkipWebhook, when true, suppresses the issuance webhook (웹훅 생략
	// 여부).
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

// ConfirmBillingKeyIssueAndPayParams approves a billing-key issuance with a
// first payment made with manual approval
// (ConfirmBillingKeyIssueAndPayBody). The optional fields are checks:
// PortOne refuses with INFORMATION_MISMATCH when one differs.
type ConfirmBillingKeyIssueAndPayParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// BillingIssueToken is the token the browser received (빌링키 발급 토큰).
	// Required. It prints masked.
	BillingIssueToken Secret `json:"billingIssueToken"`
	// PaymentID is the expected payment ID (결제 건 아이디).
	PaymentID string `json:"paymentId,omitzero"`
	// Currency is the expected currency (통화).
	Currency Currency `json:"currency,omitzero"`
	// TotalAmount is the expected total (결제 금액); positive when set.
	TotalAmount *int64 `json:"totalAmount,omitzero"`
	// TaxFreeAmount is the expected tax-free part (면세 금액).
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// IsTest is whether the payment is a test one (테스트 결제 여부).
	IsTest *bool `json:"isTest,omitzero"`
	// SkipWebhook, when true, suppresses the webhooks of the issuance and
	// payment (웹훅 생략 여부).
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

func (p *ConfirmBillingKeyIssueAndPayParams) validate() error {
	err := firstError(
		optionalID("StoreID", p.StoreID),
		requireText("BillingIssueToken", p.BillingIssueToken),
		optionalID("PaymentID", p.PaymentID),
		checkNonNegative("TaxFreeAmount", p.TaxFreeAmount),
	)
	switch {
	case err != nil:
		return err
	case p.TotalAmount != nil && *p.TotalAmount <= 0:
		return invalidField("TotalAmount", "must be positive")
	case p.TaxFreeAmount != nil && p.TotalAmount != nil && *p.TaxFreeAmount > *p.TotalAmount:
		return invalidField("TaxFreeAmount", "exceeds TotalAmount")
	}
	return nil
}

func (p *BillingKeyListParams) validate() error {
	return firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until))
}

func (p *BillingKeyListParams) page() *PageInput { return &p.Page }

func (p *BillingKeyListParams) filterStore() *string { return &p.Filter.StoreID }
