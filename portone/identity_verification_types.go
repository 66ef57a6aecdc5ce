package portone

// Types of the identity-verification endpoints (본인인증).

import (
	"encoding/json"
	"fmt"
	"log/slog"
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

// IdentityVerificationVariant is the status-specific part of an
// IdentityVerification. The interface is sealed.
type IdentityVerificationVariant interface {
	// Status returns the verification status this variant stands for.
	Status() IdentityVerificationStatus
	isIdentityVerificationVariant()
}

// String prints v with its secrets masked, also through a pointer with
// %s.
func (v ReadyIdentityVerification) String() string {
	type plain ReadyIdentityVerification
	return maskedString(plain(v))
}

// LogValue logs v with its secrets masked, also with slog's JSON handler.
func (v ReadyIdentityVerification) LogValue() slog.Value { return slog.StringValue(v.String()) }

// String prints v with its secrets masked, also through a pointer with
// %s.
func (v VerifiedIdentityVerification) String() string {
	type plain VerifiedIdentityVerification
	return maskedString(plain(v))
}

// LogValue logs v with its secrets masked, also with slog's JSON handler.
func (v VerifiedIdentityVerification) LogValue() slog.Value { return slog.StringValue(v.String()) }

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

// UnmarshalJSON requires the identityVerification object with its id and
// status: a 2xx without them ({}, null) says nothing about what was
// confirmed, and the transport reports the confirm as an unknown outcome
// instead of a success whose Variant is nil.
func (r *ConfirmIdentityVerificationResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "identityVerification", &r.IdentityVerification, "id", "status")
}

// confirms refuses a confirm's reply that is not verification id
// completed: another verification (its id), or one not VERIFIED.
func (v *IdentityVerification) confirms(id string) error {
	if v.ID != id {
		return fmt.Errorf("the reply names identity verification %q, not %q", shorten(v.ID), id)
	}
	if _, ok := v.Variant.(*VerifiedIdentityVerification); !ok {
		return fmt.Errorf("the reply's verification is %q, not VERIFIED", shorten(string(v.Status)))
	}
	return nil
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

// String prints v with its secrets masked, also through a pointer with
// %s.
func (v IdentityVerificationFilterCustomerInput) String() string {
	type plain IdentityVerificationFilterCustomerInput
	return maskedString(plain(v))
}

func (p *IdentityVerificationListParams) validate() error {
	return firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until))
}

func (p *IdentityVerificationListParams) page() *PageInput { return &p.Page }

func (p *IdentityVerificationListParams) filterStore() *string { return &p.Filter.StoreID }
