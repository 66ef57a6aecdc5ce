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

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c Card) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c Card) LogValue() slog.Value {
	type plain Card
	return redact.LogValue(plain(c))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentMethodCard) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentMethodCard) LogValue() slog.Value {
	type plain PaymentMethodCard
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentMethodVirtualAccount) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentMethodVirtualAccount) LogValue() slog.Value {
	type plain PaymentMethodVirtualAccount
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentMethodTransfer) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentMethodTransfer) LogValue() slog.Value {
	type plain PaymentMethodTransfer
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentMethodEasyPay) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentMethodEasyPay) LogValue() slog.Value {
	type plain PaymentMethodEasyPay
	return redact.LogValue(plain(p))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownPaymentMethod) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownPaymentMethod) LogValue() slog.Value {
	type plain UnknownPaymentMethod
	return redact.LogValue(plain(u))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentCommon) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentCommon) LogValue() slog.Value {
	type plain PaymentCommon
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p Payment) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p Payment) LogValue() slog.Value {
	type plain Payment
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaidPayment) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaidPayment) LogValue() slog.Value {
	type plain PaidPayment
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PartialCancelledPayment) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PartialCancelledPayment) LogValue() slog.Value {
	type plain PartialCancelledPayment
	return redact.LogValue(plain(p))
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CancelledPayment) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c CancelledPayment) LogValue() slog.Value {
	type plain CancelledPayment
	return redact.LogValue(plain(c))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownPayment) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownPayment) LogValue() slog.Value {
	type plain UnknownPayment
	return redact.LogValue(plain(u))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentPage) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentPage) LogValue() slog.Value {
	type plain PaymentPage
	return redact.LogValue(plain(p))
}

// Format prints v with its card and account numbers, secrets and raw
// data masked, for every verb.
func (v VerifiedPayment) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, v) }

// LogValue logs v with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (v VerifiedPayment) LogValue() slog.Value {
	type plain VerifiedPayment
	return redact.LogValue(plain(v))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentEventCommon) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentEventCommon) LogValue() slog.Value {
	type plain PaymentEventCommon
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentEvent) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentEvent) LogValue() slog.Value {
	type plain PaymentEvent
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaidPaymentEvent) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaidPaymentEvent) LogValue() slog.Value {
	type plain PaidPaymentEvent
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PartialCancelledPaymentEvent) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PartialCancelledPaymentEvent) LogValue() slog.Value {
	type plain PartialCancelledPaymentEvent
	return redact.LogValue(plain(p))
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CancelledPaymentEvent) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c CancelledPaymentEvent) LogValue() slog.Value {
	type plain CancelledPaymentEvent
	return redact.LogValue(plain(c))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownPaymentEvent) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownPaymentEvent) LogValue() slog.Value {
	type plain UnknownPaymentEvent
	return redact.LogValue(plain(u))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownPaymentCancellation) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownPaymentCancellation) LogValue() slog.Value {
	type plain UnknownPaymentCancellation
	return redact.LogValue(plain(u))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownPaymentCashReceipt) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownPaymentCashReceipt) LogValue() slog.Value {
	type plain UnknownPaymentCashReceipt
	return redact.LogValue(plain(u))
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CancelPaymentParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// Format prints r with its card and account numbers, secrets and raw
// data masked, for every verb.
func (r RefundAccount) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyPaymentParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i InstantPaymentParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i InstantPaymentMethodInput) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i InstantPaymentCardInput) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i InstantPaymentVirtualAccountInput) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, i)
}

// Format prints v with its card and account numbers, secrets and raw
// data masked, for every verb.
func (v VirtualAccountOption) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, v) }

// Format prints o with its card and account numbers, secrets and raw
// data masked, for every verb.
func (o FixedVirtualAccountOption) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, o) }

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CashReceiptInput) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CardCredential) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c ConfirmPaymentParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c ConfirmPaymentParams) LogValue() slog.Value {
	type plain ConfirmPaymentParams
	return redact.LogValue(plain(c))
}

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyInfoCommon) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// LogValue logs b with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (b BillingKeyInfoCommon) LogValue() slog.Value {
	type plain BillingKeyInfoCommon
	return redact.LogValue(plain(b))
}

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyInfo) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownBillingKeyInfo) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownBillingKeyInfo) LogValue() slog.Value {
	type plain UnknownBillingKeyInfo
	return redact.LogValue(plain(u))
}

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyInfoList) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// LogValue logs b with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (b BillingKeyInfoList) LogValue() slog.Value {
	type plain BillingKeyInfoList
	return redact.LogValue(plain(b))
}

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyPaymentMethodCard) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// LogValue logs b with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (b BillingKeyPaymentMethodCard) LogValue() slog.Value {
	type plain BillingKeyPaymentMethodCard
	return redact.LogValue(plain(b))
}

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyPaymentMethodEasyPay) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, b)
}

// LogValue logs b with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (b BillingKeyPaymentMethodEasyPay) LogValue() slog.Value {
	type plain BillingKeyPaymentMethodEasyPay
	return redact.LogValue(plain(b))
}

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyPaymentMethodTransfer) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, b)
}

// LogValue logs b with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (b BillingKeyPaymentMethodTransfer) LogValue() slog.Value {
	type plain BillingKeyPaymentMethodTransfer
	return redact.LogValue(plain(b))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownBillingKeyPaymentMethod) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, u)
}

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownBillingKeyPaymentMethod) LogValue() slog.Value {
	type plain UnknownBillingKeyPaymentMethod
	return redact.LogValue(plain(u))
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IssuedPGBillingKeyIssueResponse) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, i)
}

// LogValue logs i with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (i IssuedPGBillingKeyIssueResponse) LogValue() slog.Value {
	type plain IssuedPGBillingKeyIssueResponse
	return redact.LogValue(plain(i))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownPGBillingKeyIssueResponse) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, u)
}

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownPGBillingKeyIssueResponse) LogValue() slog.Value {
	type plain UnknownPGBillingKeyIssueResponse
	return redact.LogValue(plain(u))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownChannelSpecificFailure) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownChannelSpecificFailure) LogValue() slog.Value {
	type plain UnknownChannelSpecificFailure
	return redact.LogValue(plain(u))
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IssueBillingKeyResponse) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyInfoSummary) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// LogValue logs b with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (b BillingKeyInfoSummary) LogValue() slog.Value {
	type plain BillingKeyInfoSummary
	return redact.LogValue(plain(b))
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c ConfirmedBillingKeySummary) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c ConfirmedBillingKeyIssueAndPaySummary) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, c)
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IssueBillingKeyParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyMethodInput) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyCardInput) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, b) }

// Format prints d with its card and account numbers, secrets and raw
// data masked, for every verb.
func (d DeleteBillingKeyParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c ConfirmBillingKeyParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c ConfirmBillingKeyParams) LogValue() slog.Value {
	type plain ConfirmBillingKeyParams
	return redact.LogValue(plain(c))
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c ConfirmBillingKeyIssueAndPayParams) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, c)
}

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c ConfirmBillingKeyIssueAndPayParams) LogValue() slog.Value {
	type plain ConfirmBillingKeyIssueAndPayParams
	return redact.LogValue(plain(c))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentScheduleCommon) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentScheduleCommon) LogValue() slog.Value {
	type plain PaymentScheduleCommon
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentSchedule) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownPaymentSchedule) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownPaymentSchedule) LogValue() slog.Value {
	type plain UnknownPaymentSchedule
	return redact.LogValue(plain(u))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentScheduleList) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentScheduleList) LogValue() slog.Value {
	type plain PaymentScheduleList
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentScheduleFilterInput) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs p with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (p PaymentScheduleFilterInput) LogValue() slog.Value {
	type plain PaymentScheduleFilterInput
	return redact.LogValue(plain(p))
}

// Format prints p with its card and account numbers, secrets and raw
// data masked, for every verb.
func (p PaymentScheduleListParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// Format prints r with its card and account numbers, secrets and raw
// data masked, for every verb.
func (r RevokePaymentSchedulesParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// Format prints b with its card and account numbers, secrets and raw
// data masked, for every verb.
func (b BillingKeyPaymentScheduleInput) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, b)
}

// LogValue logs b with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (b BillingKeyPaymentScheduleInput) LogValue() slog.Value {
	type plain BillingKeyPaymentScheduleInput
	return redact.LogValue(plain(b))
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CreatePaymentScheduleParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CashReceipt) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c CashReceipt) LogValue() slog.Value {
	type plain CashReceipt
	return redact.LogValue(plain(c))
}

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownCashReceipt) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownCashReceipt) LogValue() slog.Value {
	type plain UnknownCashReceipt
	return redact.LogValue(plain(u))
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c CashReceiptList) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs c with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (c CashReceiptList) LogValue() slog.Value {
	type plain CashReceiptList
	return redact.LogValue(plain(c))
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IssueCashReceiptParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IssueCashReceiptCustomerInput) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IdentityVerification) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// Format prints r with its card and account numbers, secrets and raw
// data masked, for every verb.
func (r ReadyIdentityVerification) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// Format prints v with its card and account numbers, secrets and raw
// data masked, for every verb.
func (v VerifiedIdentityVerification) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, v) }

// Format prints v with its card and account numbers, secrets and raw
// data masked, for every verb.
func (v FailedIdentityVerification) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, v) }

// Format prints u with its card and account numbers, secrets and raw
// data masked, for every verb.
func (u UnknownIdentityVerification) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs u with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (u UnknownIdentityVerification) LogValue() slog.Value {
	type plain UnknownIdentityVerification
	return redact.LogValue(plain(u))
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IdentityVerificationRequestedCustomer) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, i)
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IdentityVerificationVerifiedCustomer) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, i)
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IdentityVerificationList) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// LogValue logs i with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (i IdentityVerificationList) LogValue() slog.Value {
	type plain IdentityVerificationList
	return redact.LogValue(plain(i))
}

// Format prints s with its card and account numbers, secrets and raw
// data masked, for every verb.
func (s SendIdentityVerificationParams) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, s)
}

// Format prints s with its card and account numbers, secrets and raw
// data masked, for every verb.
func (s SendIdentityVerificationCustomer) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, s)
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c ConfirmIdentityVerificationParams) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, c)
}

// Format prints c with its card and account numbers, secrets and raw
// data masked, for every verb.
func (c ConfirmIdentityVerificationResponse) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, c)
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IdentityVerificationListParams) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, i)
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IdentityVerificationFilterInput) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, i)
}

// LogValue logs i with its card and account numbers, secrets and raw
// data masked, with every slog handler.
func (i IdentityVerificationFilterInput) LogValue() slog.Value {
	type plain IdentityVerificationFilterInput
	return redact.LogValue(plain(i))
}

// Format prints i with its card and account numbers, secrets and raw
// data masked, for every verb.
func (i IdentityVerificationFilterCustomerInput) Format(f fmt.State, verb rune) {
	redact.FormatValue(f, verb, i)
}
