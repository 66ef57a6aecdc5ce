package bootpay

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// Carrier is a mobile carrier (통신사) as Bootpay's identity verification
// takes it.
type Carrier string

// Carriers; the _MVNO ones are the budget (알뜰폰) networks.
const (
	CarrierSKT     Carrier = "SKT"
	CarrierKT      Carrier = "KT"
	CarrierLGU     Carrier = "LGU+"
	CarrierSKTMVNO Carrier = "SKT_MVNO"
	CarrierKTMVNO  Carrier = "KT_MVNO"
	CarrierLGUMVNO Carrier = "LGU+_MVNO"
)

var carriers = map[Carrier]bool{CarrierSKT: true, CarrierKT: true, CarrierLGU: true,
	CarrierSKTMVNO: true, CarrierKTMVNO: true, CarrierLGUMVNO: true}

// AuthenticationParams starts an identity verification by REST (본인인증
// 요청): Bootpay sends the person an SMS code (or a PASS push), which
// CertificatesService.Confirm checks.
type AuthenticationParams struct {
	PG     string // required, e.g. "danal" or "다날"
	Method string // required, e.g. "본인인증"
	// AuthenticationID is your unique id of this verification (required).
	AuthenticationID string
	OrderName        string // required
	Username         string // required: the person's name
	// IdentityNo is the birth date YYMMDD followed by the first digit of
	// the resident number (7 digits); whether Bootpay also takes the 6
	// digits alone is UNCONFIRMED, so both are accepted.
	IdentityNo Secret
	Carrier    Carrier     // required
	Phone      PhoneNumber // required
	// ClientIP is the person's IP address (required by Bootpay since
	// 2023).
	ClientIP string
	SiteURL  string
	// Type is "sms" or "pass"; empty leaves Bootpay's default.
	Type     string
	User     *User
	Metadata map[string]any
}

type authenticationRequest struct {
	PG               string         `json:"pg"`
	Method           string         `json:"method"`
	Username         string         `json:"username"`
	IdentityNo       string         `json:"identity_no"`
	Carrier          Carrier        `json:"carrier"`
	Phone            string         `json:"phone"`
	SiteURL          string         `json:"site_url,omitempty"`
	OrderName        string         `json:"order_name"`
	AuthenticationID string         `json:"authentication_id"`
	ClientIP         string         `json:"client_ip"`
	Type             string         `json:"authenticate_type,omitempty"`
	User             *User          `json:"user,omitempty"`
	Metadata         map[string]any `json:"metadata,omitempty"`
}

func (p *AuthenticationParams) validate() error {
	if err := firstError(required("PG", p.PG), required("Method", p.Method), checkID("AuthenticationID", p.AuthenticationID),
		required("OrderName", p.OrderName), required("Username", p.Username)); err != nil {
		return err
	}
	switch {
	case !transport.Digits(string(p.IdentityNo), 6, 7):
		return invalid("IdentityNo", "must be the birth date YYMMDD and the first digit of the resident number (7 digits)")
	case !carriers[p.Carrier]:
		return invalid("Carrier", "must be one of the Carrier constants")
	case !isPhone(string(p.Phone)):
		return invalid("Phone", "must be a phone number")
	case net.ParseIP(p.ClientIP) == nil:
		return invalid("ClientIP", "must be an IP address")
	case p.Type != "" && p.Type != "sms" && p.Type != "pass":
		return invalid("Type", `must be "sms" or "pass"`)
	}
	return firstError(checkWebhookURL("SiteURL", p.SiteURL), p.User.validate("User"))
}

func (p *AuthenticationParams) request() authenticationRequest {
	return authenticationRequest{PG: p.PG, Method: p.Method, Username: p.Username, IdentityNo: string(p.IdentityNo),
		Carrier: p.Carrier, Phone: onlyDigits(string(p.Phone), "-"), SiteURL: p.SiteURL, OrderName: p.OrderName,
		AuthenticationID: p.AuthenticationID, ClientIP: p.ClientIP, Type: p.Type, User: userOrNil(p.User),
		Metadata: metadataOrNil(p.Metadata)}
}

// Authentication is a started identity verification: the receipt id the
// code is confirmed against. receipt_id is required when decoding.
type Authentication struct {
	ReceiptID        string `json:"receipt_id"`
	AuthenticationID string `json:"authentication_id"`
	AuthenticateID   string `json:"authenticate_id"` // the same id under the name Bootpay's certificates give it
	Status           Status `json:"status"`
	StatusLocale     string `json:"status_locale"`

	raw redact.Hidden
}

// RawJSON returns the reply as received.
func (a *Authentication) RawJSON() json.RawMessage { return rawOf(a.raw) }

// UnmarshalJSON requires receipt_id.
func (a *Authentication) UnmarshalJSON(data []byte) error {
	type fields Authentication
	var w struct {
		*fields
		ReceiptID json.RawMessage `json:"receipt_id"`
	}
	w.fields = (*fields)(a)
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if err := requireText("authentication", "receipt_id", w.ReceiptID, &a.ReceiptID); err != nil {
		return err
	}
	a.raw = redact.Hide(string(data))
	return nil
}

type otpRequest struct {
	ReceiptID string `json:"receipt_id"`
	OTP       string `json:"otp"`
}

// Certificate is the result of an identity verification (본인인증 결과).
// It counts as verified only in status 12 (본인인증 완료): check Verified,
// never the presence of data. A certificate returned by
// CertificatesService.Confirm or Verify (not Get) also has Data with its
// Unique (CI/DI) set. It prints with the identity data hidden and the
// phone masked. receipt_id and status are required when decoding.
type Certificate struct {
	ReceiptID          string        `json:"receipt_id"`
	AuthenticateID     string        `json:"authenticate_id"`
	PG                 string        `json:"pg"`
	Method             string        `json:"method"`
	MethodOrigin       string        `json:"method_origin"`
	MethodOriginSymbol string        `json:"method_origin_symbol"`
	AuthenticatedAt    Time          `json:"authenticated_at"`
	RequestedAt        Time          `json:"requested_at"`
	Status             Status        `json:"status"`
	StatusLocale       string        `json:"status_locale"`
	Data               *IdentityData `json:"authenticate_data,omitempty"`
	Metadata           Metadata      `json:"metadata"`

	raw redact.Hidden
}

// IdentityData is who was verified. Unique (CI/DI) is the stable id of a
// person: use it to find duplicate accounts.
type IdentityData struct {
	Name      Secret      `json:"name"`
	Phone     PhoneNumber `json:"phone"`
	Unique    Secret      `json:"unique"` // CI/DI
	Birth     Secret      `json:"birth"`
	Gender    Int         `json:"gender"`    // 0 female, 1 male
	Foreigner Int         `json:"foreigner"` // 0 내국인, 1 외국인
	Carrier   string      `json:"carrier"`
	Realarms  Int         `json:"number_of_realarms"` // SMS resends
	TID       string      `json:"tid"`
}

// Verified reports a completed verification: status 12 (본인인증 완료).
func (c *Certificate) Verified() bool { return c.Status == StatusCertified }

// RawJSON returns the reply as received (identity data in the clear).
func (c *Certificate) RawJSON() json.RawMessage { return rawOf(c.raw) }

// UnmarshalJSON requires receipt_id and status and keeps the raw JSON.
func (c *Certificate) UnmarshalJSON(data []byte) error {
	type fields Certificate
	var w struct {
		*fields
		ReceiptID json.RawMessage `json:"receipt_id"`
		Status    json.RawMessage `json:"status"`
	}
	w.fields = (*fields)(c)
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if err := requireText("certificate", "receipt_id", w.ReceiptID, &c.ReceiptID); err != nil {
		return err
	}
	if isNull(w.Status) {
		return errors.New("bootpay: certificate without status")
	}
	if err := c.Status.UnmarshalJSON(w.Status); err != nil {
		return err
	}
	c.raw = redact.Hide(string(data))
	return nil
}

// DefaultCertificateMaxAge is the oldest completed verification Verify and
// Confirm accept when CertificateParams.MaxAge is zero: the 30 minutes
// Bootpay gives a person to finish one.
const DefaultCertificateMaxAge = 30 * time.Minute

// CertificateParams names the identity verification a certificate must
// belong to: the input of CertificatesService.Verify and Confirm.
type CertificateParams struct {
	// ReceiptID is the verification's receipt id (Authentication.ReceiptID,
	// or what the browser reports). Required.
	ReceiptID string
	// AuthenticationID is the id your server sent with Request for this
	// person and session, from your session or database, never from the
	// browser. The certificate's authenticate_id must equal it, so that a
	// receipt id of another verification is refused. Required.
	AuthenticationID string
	// MaxAge is the oldest authenticated_at accepted, measured with the
	// client's clock (WithClock); zero means DefaultCertificateMaxAge. A
	// certificate without authenticated_at is refused: its age cannot be
	// proved. So is one whose authenticated_at is more than 5 minutes
	// ahead of the client's clock: a little skew between Bootpay's clock
	// and yours is normal, but a certificate dated further ahead would
	// never grow older than MaxAge and would be accepted forever.
	MaxAge time.Duration
}

// certificateClockSkew is how far ahead of the client's clock a
// certificate's authenticated_at may be: enough for two NTP-synchronised
// clocks (and a slow reply), far less than any MaxAge worth setting.
const certificateClockSkew = 5 * time.Minute

func (p CertificateParams) validate() error {
	if err := firstError(checkID("ReceiptID", p.ReceiptID), checkID("AuthenticationID", p.AuthenticationID)); err != nil {
		return err
	}
	if p.MaxAge < 0 {
		return invalid("MaxAge", "may not be negative")
	}
	return nil
}

// check returns c when it is verified, is the verification p names and
// carries the person's identity data with its unique (CI/DI), and a
// *NotVerifiedError otherwise.
func (p CertificateParams) check(c *Certificate, now time.Time) (*Certificate, error) {
	if !c.Verified() {
		return nil, &NotVerifiedError{Certificate: c}
	}
	maxAge := p.MaxAge
	if maxAge == 0 {
		maxAge = DefaultCertificateMaxAge
	}
	var ms []Mismatch
	if c.AuthenticateID != p.AuthenticationID {
		ms = append(ms, Mismatch{Field: "authenticate_id", Expected: p.AuthenticationID, Actual: c.AuthenticateID})
	}
	// A verification that names no person verifies nobody: a caller keeps
	// the CI (Data.Unique), and there would be none to keep.
	switch {
	case c.Data == nil:
		ms = append(ms, Mismatch{Field: "authenticate_data", Expected: "the person's identity data", Actual: "missing"})
	case c.Data.Unique == "":
		ms = append(ms, Mismatch{Field: "authenticate_data", Expected: "the person's unique (CI/DI)", Actual: "missing"})
	}
	switch at := c.AuthenticatedAt.Time; {
	case at.IsZero():
		ms = append(ms, Mismatch{Field: "authenticated_at", Expected: "within " + maxAge.String(), Actual: "missing"})
	case now.Sub(at) > maxAge:
		ms = append(ms, Mismatch{Field: "authenticated_at", Expected: "within " + maxAge.String(),
			Actual: at.Format(time.RFC3339) + " (" + now.Sub(at).Round(time.Second).String() + " ago)"})
	case at.Sub(now) > certificateClockSkew:
		ms = append(ms, Mismatch{Field: "authenticated_at", Expected: "not after now (" + certificateClockSkew.String() + " of clock skew allowed)",
			Actual: at.Format(time.RFC3339) + " (" + at.Sub(now).Round(time.Second).String() + " ahead)"})
	}
	if len(ms) > 0 {
		return nil, &NotVerifiedError{Certificate: c, Mismatches: ms}
	}
	return c, nil
}

// NotVerifiedError reports a certificate that does not verify the person
// for you: it is not in status 12 (본인인증 완료), or it is but belongs to
// another verification (authenticate_id), is too old or dated in the
// future (authenticated_at), or names no person (authenticate_data
// missing, or without its unique, the CI/DI), as Mismatches names. Treat
// the person as not verified. It matches ErrConflict.
type NotVerifiedError struct {
	Certificate *Certificate
	// Mismatches names each field of a completed certificate that is not
	// the verification you asked about; empty when it is not complete.
	Mismatches []Mismatch
}

// Error names the receipt and its status, or each field that differs.
func (e *NotVerifiedError) Error() string {
	if len(e.Mismatches) > 0 {
		parts := make([]string, len(e.Mismatches))
		for i, m := range e.Mismatches {
			parts[i] = fmt.Sprintf("%s: expected %s, got %s", m.Field, m.Expected, m.Actual)
		}
		return "bootpay: identity verification " + e.Certificate.ReceiptID + " is not this verification: " + strings.Join(parts, "; ")
	}
	return "bootpay: identity verification " + e.Certificate.ReceiptID + " is not complete: status " + e.Certificate.Status.String()
}

// Has reports whether field is among the mismatches.
func (e *NotVerifiedError) Has(field string) bool {
	for _, m := range e.Mismatches {
		if m.Field == field {
			return true
		}
	}
	return false
}

// Is matches ErrConflict.
func (e *NotVerifiedError) Is(target error) bool { return target == ErrConflict }
