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

// The enums (enums_gen.go), the struct declarations of the schema's
// objects (models_gen.go), the plumbing of every union (unions_gen.go,
// wires_gen.go) and the one-pattern printing methods (printing_gen.go)
// are generated from PortOne's OpenAPI description, vendored in
// internal/schema. The other methods of those structs, and the types that
// carry judgment (interfaces, masking types, Unknown fallbacks), are
// written by hand in the files named after each service.
//
//go:generate go run ./internal/gen

import (
	"encoding/json"
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
