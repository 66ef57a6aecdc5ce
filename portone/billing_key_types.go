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

// UnknownBillingKeyInfo is the Variant of a billing key whose status this
// package does not know. The common fields are decoded as usual; Raw keeps
// the whole object, in the compact form encoding/json writes, and encoding
// the BillingKeyInfo writes Raw back unchanged.
type UnknownBillingKeyInfo struct {
	// Raw is the billing key's complete JSON object.
	Raw json.RawMessage
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

// UnknownChannelSpecificFailure is a channel failure whose "type" this
// package does not know; Raw is encoded back unchanged.
type UnknownChannelSpecificFailure struct {
	// Raw is the failure's complete JSON object.
	Raw json.RawMessage
}

// String masks the card.
func (c BillingKeyCardInput) String() string { return "{Credential:" + c.Credential.String() + "}" }

// GoString masks the card.
func (c BillingKeyCardInput) GoString() string { return c.String() }

// LogValue masks the card in slog output.
func (c BillingKeyCardInput) LogValue() slog.Value { return slog.StringValue(c.String()) }

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

// customerID is the customer id Issue sent, "" for none: the Reference of
// its unknown outcome, which List filters by.
func (p *IssueBillingKeyParams) customerID() string {
	if p.Customer == nil {
		return ""
	}
	return p.Customer.ID
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

func (p *ConfirmBillingKeyIssueAndPayParams) validate() error {
	err := firstError(
		optionalID("StoreID", p.StoreID),
		requireText("BillingIssueToken", p.BillingIssueToken),
		requiredID("PaymentID", p.PaymentID),
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

// The answers of the billing-key writes below decode only when the members
// that say what was applied are present (the schema's required ones): a
// 2xx whose body is {} or lacks them is not a result, and the transport
// reports the write as an unknown outcome (ErrOutcomeUnknown) instead of a
// success with zero values. IssueBillingKeyResponse, which holds a union,
// does the same in its generated UnmarshalJSON.

// UnmarshalJSON requires deletedAt.
func (r *DeleteBillingKeyResponse) UnmarshalJSON(data []byte) error {
	type plain DeleteBillingKeyResponse
	return decodeRequired(data, (*plain)(r), "deletedAt")
}

// UnmarshalJSON requires billingKey.
func (s *ConfirmedBillingKeySummary) UnmarshalJSON(data []byte) error {
	type plain ConfirmedBillingKeySummary
	return decodeRequired(data, (*plain)(s), "billingKey")
}

// UnmarshalJSON requires billingKey and paymentId.
func (s *ConfirmedBillingKeyIssueAndPaySummary) UnmarshalJSON(data []byte) error {
	type plain ConfirmedBillingKeyIssueAndPaySummary
	return decodeRequired(data, (*plain)(s), "billingKey", "paymentId")
}
