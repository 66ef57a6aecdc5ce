package bootpay

import (
	"fmt"
	"log/slog"

	"github.com/paykit-kr/paykit/internal/redact"
)

// How paykit's Bootpay types print. Every type that holds a card number, an
// account number, raw gateway JSON or a credential, at any depth, masks it
// with every fmt verb (%v, %+v, %#v, %s, %q, %x, %d …) and in slog's text
// and JSON handlers, whether it is printed itself, through a pointer or
// inside another value:
//
//   - CardNumber and AccountNumber print masked; their Reveal method is the
//     one way to read them on purpose.
//   - The types holding them implement fmt.Formatter and slog.LogValuer
//     with package redact, which walks their exported fields and lets each
//     masked value mask itself. Implementing Format matters even where fmt
//     would call the fields' own Format: a verb that does not suit a pointer
//     (%s, %q) makes fmt print a pointer's target with every method
//     switched off.
//   - Credentials and raw JSON live in unexported fields behind pointers
//     (redact.Hidden), which fmt prints as addresses, so not even %p or a
//     struct of yours holding a Client in an unexported field shows them.
//
// JSON encoding is not printing: it keeps every value as received, because
// requests (RefundAccount.BankAccount) and a Receipt you store need the
// real numbers. slog's JSON handler therefore relies on LogValue, which it
// calls for a value logged as an attribute, through a pointer, in a group
// or embedded in a struct of yours; a slice, a map or a named field of
// yours holding a Receipt is encoded with encoding/json instead: log the
// Receipt itself, or give your type a LogValue.
//
// One verb escapes every method: %p applied to a value that is not a
// pointer. fmt prints such a value with all methods switched off, before
// it looks for any (go vet reports the mistake). Credentials and raw JSON
// are safe even then; a CardNumber or a CardData printed with %p is not.

// Format prints the receipt with its card and account numbers masked and
// without its raw JSON, for every verb.
func (r Receipt) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// LogValue logs the receipt's fields, card and account numbers masked and
// raw JSON left out, with every slog handler.
func (r Receipt) LogValue() slog.Value {
	type plain Receipt
	return redact.LogValue(plain(r))
}

// Format prints the card data with the card number masked, for every verb.
func (d CardData) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the card data with the card number masked.
func (d CardData) LogValue() slog.Value {
	type plain CardData
	return redact.LogValue(plain(d))
}

// Format prints the phone data with the phone number masked, for every
// verb.
func (d PhoneData) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the phone data with the phone number masked.
func (d PhoneData) LogValue() slog.Value {
	type plain PhoneData
	return redact.LogValue(plain(d))
}

// Format prints the bank data with the account number masked, for every
// verb.
func (d BankData) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the bank data with the account number masked.
func (d BankData) LogValue() slog.Value {
	type plain BankData
	return redact.LogValue(plain(d))
}

// Format prints the refund account with its number masked, for every verb.
func (r RefundAccount) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// LogValue logs the refund account with its number masked.
func (r RefundAccount) LogValue() slog.Value { return slog.StringValue(r.String()) }

// Format prints the cancel with the refund account number masked, for
// every verb.
func (p CancelParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs the cancel with the refund account number masked.
func (p CancelParams) LogValue() slog.Value {
	type plain CancelParams
	return redact.LogValue(plain(p))
}

// Format prints the result with the receipt masked, for every verb.
func (r ConfirmResult) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// LogValue logs the result with the receipt masked.
func (r ConfirmResult) LogValue() slog.Value {
	type plain ConfirmResult
	return redact.LogValue(plain(r))
}

// LogValue logs the error's message, as slog does with an error, also
// for a MismatchError value, which is not an error itself.
func (e MismatchError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error's message, as slog does with an error, also
// for a PendingConfirmError value, which is not an error itself.
func (e PendingConfirmError) LogValue() slog.Value {
	if e.Receipt == nil || e.Err == nil { // Error needs both
		type plain PendingConfirmError
		return redact.LogValue(plain(e))
	}
	return slog.StringValue(e.Error())
}

// Format prints String for every verb.
func (a Auth) Format(f fmt.State, verb rune) { redact.Format(f, verb, a.String()) }

// LogValue logs String.
func (a Auth) LogValue() slog.Value { return slog.StringValue(a.String()) }

// Format prints String for every verb, for a Client value as for a
// *Client.
func (c Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue logs String.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// LogValue logs the error's message, as slog does with an error, also for
// a CancelIDConflictError value, which is not an error itself; the
// receipt it holds is never logged in the clear.
func (e CancelIDConflictError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error's message, also for a CancelFailedError value;
// the receipt it holds is never logged in the clear.
func (e CancelFailedError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// The types of billing, identity verification, cash receipts, escrow and
// user tokens: each masks its card, account and phone numbers and hides its
// billing keys, identity data and tokens, with every fmt verb and in slog.

// Format prints the buyer with the phone masked and the birth date hidden, for every verb.
func (u User) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs the buyer with the phone masked and the birth date hidden.
func (u User) LogValue() slog.Value {
	type plain User
	return redact.LogValue(plain(u))
}

// Format prints the issue with the card number masked and the card password and identity number hidden, for every verb.
func (i IssueBillingKeyParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// LogValue logs the issue with the card number masked and the card password and identity number hidden.
func (i IssueBillingKeyParams) LogValue() slog.Value {
	type plain IssueBillingKeyParams
	return redact.LogValue(plain(i))
}

// Format prints the request with the account number masked and the identity numbers hidden, for every verb.
func (t TransferBillingKeyParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, t) }

// LogValue logs the request with the account number masked and the identity numbers hidden.
func (t TransferBillingKeyParams) LogValue() slog.Value {
	type plain TransferBillingKeyParams
	return redact.LogValue(plain(t))
}

// Format prints the billing key with the key hidden, the card number masked and without the raw JSON, for every verb.
func (b BillingKey) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// LogValue logs the billing key with the key hidden, the card number masked and without the raw JSON.
func (b BillingKey) LogValue() slog.Value {
	type plain BillingKey
	return redact.LogValue(plain(b))
}

// Format prints the card or account data masked, for every verb.
func (b BillingData) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// LogValue logs the card or account data masked.
func (b BillingData) LogValue() slog.Value {
	type plain BillingData
	return redact.LogValue(plain(b))
}

// Format prints the charge with the billing key hidden, for every verb.
func (c ChargeParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs the charge with the billing key hidden.
func (c ChargeParams) LogValue() slog.Value {
	type plain ChargeParams
	return redact.LogValue(plain(c))
}

// Format prints the reservation with the billing key hidden, for every verb.
func (r ReserveParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// LogValue logs the reservation with the billing key hidden.
func (r ReserveParams) LogValue() slog.Value {
	type plain ReserveParams
	return redact.LogValue(plain(r))
}

// Format prints the reservation with the billing key hidden and without the raw JSON, for every verb.
func (r ReservationDetail) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// LogValue logs the reservation with the billing key hidden and without the raw JSON.
func (r ReservationDetail) LogValue() slog.Value {
	type plain ReservationDetail
	return redact.LogValue(plain(r))
}

// Format prints the lookup with the billing key hidden, for every verb.
func (s SequentialParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, s) }

// LogValue logs the lookup with the billing key hidden.
func (s SequentialParams) LogValue() slog.Value {
	type plain SequentialParams
	return redact.LogValue(plain(s))
}

// Format prints the request with the phone masked and the identity number hidden, for every verb.
func (a AuthenticationParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, a) }

// LogValue logs the request with the phone masked and the identity number hidden.
func (a AuthenticationParams) LogValue() slog.Value {
	type plain AuthenticationParams
	return redact.LogValue(plain(a))
}

// Format prints the certificate with the identity data hidden and without the raw JSON, for every verb.
func (c Certificate) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs the certificate with the identity data hidden and without the raw JSON.
func (c Certificate) LogValue() slog.Value {
	type plain Certificate
	return redact.LogValue(plain(c))
}

// Format prints the identity data hidden, the phone masked, for every verb.
func (i IdentityData) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// LogValue logs the identity data hidden, the phone masked.
func (i IdentityData) LogValue() slog.Value {
	type plain IdentityData
	return redact.LogValue(plain(i))
}

// Format prints the publish with the identity number hidden and the phone masked, for every verb.
func (c CashReceiptParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs the publish with the identity number hidden and the phone masked.
func (c CashReceiptParams) LogValue() slog.Value {
	type plain CashReceiptParams
	return redact.LogValue(plain(c))
}

// Format prints the publish with the identity number hidden, for every verb.
func (s StandaloneCashReceiptParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, s) }

// LogValue logs the publish with the identity number hidden.
func (s StandaloneCashReceiptParams) LogValue() slog.Value {
	type plain StandaloneCashReceiptParams
	return redact.LogValue(plain(s))
}

// Format prints the shipment with the phone numbers masked, for every verb.
func (s ShippingParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, s) }

// LogValue logs the shipment with the phone numbers masked.
func (s ShippingParams) LogValue() slog.Value {
	type plain ShippingParams
	return redact.LogValue(plain(s))
}

// Format prints the address with the phone masked, for every verb.
func (s ShippingRecipient) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, s) }

// LogValue logs the address with the phone masked.
func (s ShippingRecipient) LogValue() slog.Value {
	type plain ShippingRecipient
	return redact.LogValue(plain(s))
}

// Format prints the address with the phone masked, for every verb.
func (s ShippingSender) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, s) }

// LogValue logs the address with the phone masked.
func (s ShippingSender) LogValue() slog.Value {
	type plain ShippingSender
	return redact.LogValue(plain(s))
}

// Format prints the member with the phone masked and the birth date hidden, for every verb.
func (u UserTokenParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs the member with the phone masked and the birth date hidden.
func (u UserTokenParams) LogValue() slog.Value {
	type plain UserTokenParams
	return redact.LogValue(plain(u))
}

// Format prints the token hidden, for every verb.
func (u UserToken) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs the token hidden.
func (u UserToken) LogValue() slog.Value {
	type plain UserToken
	return redact.LogValue(plain(u))
}

// Format prints the link request with the buyer's phone masked, for every verb.
func (l LinkParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, l) }

// LogValue logs the link request with the buyer's phone masked.
func (l LinkParams) LogValue() slog.Value {
	type plain LinkParams
	return redact.LogValue(plain(l))
}

// LogValue logs the error's message, as slog does with an error, also for
// a PendingChargeError value, which is not an error itself.
func (e PendingChargeError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error's message, also for a ChargeFailedError value.
func (e ChargeFailedError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error's message, also for a ChargeMismatchError value.
func (e ChargeMismatchError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// LogValue logs the error's message, also for a NotVerifiedError value.
func (e NotVerifiedError) LogValue() slog.Value {
	if e.Certificate == nil {
		return slog.StringValue("bootpay: identity verification is not complete")
	}
	return slog.StringValue(e.Error())
}
