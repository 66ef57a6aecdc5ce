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
