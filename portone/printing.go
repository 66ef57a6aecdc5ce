package portone

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/paykit-kr/paykit/internal/redact"
)

// How paykit's PortOne types print. Every type that holds a card number, an
// account number, a billing key, another secret (Secret), a PG's raw
// response (RawText), the raw JSON of an object this package does not know
// (the Raw field of the Unknown types) or the API secret, at any depth,
// masks it with every fmt verb (%v, %+v, %#v, %s, %q, %x, %d …) and in
// slog's text and JSON handlers, whether it is printed itself, through a
// pointer or inside another value:
//
//   - CardNumber, AccountNumber, Secret, BillingKey and RawText print
//     masked; their Reveal method is the one way to read them on purpose
//     (a virtual account number must be shown to the customer, a billing key
//     stored). The Raw fields are the raw JSON by definition: printing a
//     Raw field itself prints it, printing the value holding it does not.
//   - The types holding them implement fmt.Formatter and slog.LogValuer
//     with package redact, which walks their exported fields and lets each
//     masked value mask itself; raw JSON prints as its length. Implementing
//     Format matters even where fmt would call the fields' own Format: a
//     verb that does not suit a pointer (%s, %q) makes fmt print a pointer's
//     target with every method switched off.
//   - The API secret and the refresh token live in unexported fields behind
//     pointers (redact.Hidden), which fmt prints as addresses, so not even
//     %p or a struct of yours holding a Client in an unexported field shows
//     them.
//
// JSON encoding is not printing: it keeps every value as received, because
// requests (RefundAccount.Number, CardCredential.Number, BillingKey) and a
// Payment you store need the real values. slog's JSON handler therefore
// relies on LogValue, which it calls for a value logged as an attribute,
// through a pointer, in a group or embedded in a struct of yours; a slice,
// a map or a named field of yours holding a Payment is encoded with
// encoding/json instead: log the Payment itself, or give your type a
// LogValue.
//
// One verb escapes every method: %p applied to a value that is not a
// pointer. fmt prints such a value with all methods switched off, before
// it looks for any (go vet reports the mistake). The API secret and raw
// JSON are safe even then; a CardNumber or a Card printed with %p is not.

// CardNumber is a card number (카드 번호). It prints masked (every digit
// but the last four replaced by '*', separators kept) with every fmt verb
// and in slog, whether or not the PG already masked it. Reveal (or
// string(n)) and JSON give it as received, so a CardCredential is sent with
// the real number. See Card.number and CardCredential.number at
// https://developers.portone.io/api/rest-v2/payment.
type CardNumber string

// Reveal returns the number as received, for code that must send or show
// it. It is the one way to read it on purpose; every printing of n masks
// it.
func (n CardNumber) Reveal() string { return string(n) }

// String masks the number.
func (n CardNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number, quoted.
func (n CardNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n CardNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb, %d and %x included.
func (n CardNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }

// RawText is raw text from PortOne, such as a PG's response body
// (PGResponse, PGRawResponse), that may hold card numbers or the
// customer's personal data in the clear. It prints as its length only,
// with every fmt verb and in slog; Reveal (or string(t)) and JSON give the
// text.
type RawText string

// Reveal returns the text as received. Print or log it only where the
// data in it may be seen.
func (t RawText) Reveal() string { return string(t) }

// String returns the text's length, e.g. "[1234 bytes]".
func (t RawText) String() string { return "[" + strconv.Itoa(len(t)) + " bytes]" }

// GoString is String, quoted.
func (t RawText) GoString() string { return strconv.Quote(t.String()) }

// LogValue logs the text's length.
func (t RawText) LogValue() slog.Value { return slog.StringValue(t.String()) }

// Format prints the text's length for every fmt verb.
func (t RawText) Format(f fmt.State, verb rune) { redact.Format(f, verb, t.String()) }

// Format prints String for every verb, for a Client value as for a
// *Client.
func (c Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue logs String.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// LogValue logs the error's message, as slog does with an error, also for
// a MismatchError value, which is not an error itself.
func (e MismatchError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// Format prints o with its card and account numbers, secrets and raw
// data masked, for every verb.
func (o FixedVirtualAccountOption) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, o) }

// Format prints v with its card and account numbers, secrets and raw
// data masked, for every verb.
func (v FailedIdentityVerification) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, v) }
