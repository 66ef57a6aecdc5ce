package webhook

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
)

// ErrUnverified is the category of every verification failure: errors.Is
// matches it for each *VerificationError, whatever its reason. A handler
// answers such a request 4xx without detail.
var ErrUnverified = errors.New("webhook: not verified")

// The reasons a delivery is not verified. Each *VerificationError matches
// exactly one of them (and ErrUnverified) with errors.Is.
var (
	// ErrMissingHeader: a required header is absent or empty.
	ErrMissingHeader = errors.New("missing required header")
	// ErrDuplicateHeader: a header that must appear once appears twice.
	ErrDuplicateHeader = errors.New("duplicated header")
	// ErrMalformedTimestamp: the timestamp header is not a decimal integer
	// of Unix seconds.
	ErrMalformedTimestamp = errors.New("malformed timestamp")
	// ErrTooOld: the timestamp is older than the tolerance allows (a
	// replay, or a delivery held up too long).
	ErrTooOld = errors.New("timestamp too old")
	// ErrTooNew: the timestamp lies further in the future than the
	// tolerance allows.
	ErrTooNew = errors.New("timestamp too new")
	// ErrNoMatchingSignature: no signature in the header matches the body
	// under any of the secrets (a tampered body, a wrong secret, a forgery).
	ErrNoMatchingSignature = errors.New("no matching signature")
	// ErrUntrustedSource: the request did not come from the sender's
	// documented addresses (Bootpay's PG webhooks).
	ErrUntrustedSource = errors.New("untrusted source address")
	// ErrMismatch: looking the payment up at the gateway contradicts the
	// event (Bootpay PG and Commerce webhooks; see BootpayLookup and
	// CommerceLookup).
	ErrMismatch = errors.New("event does not match the gateway's record")
	// ErrSuperseded: the gateway's record has moved past the event since
	// it was sent (a Bootpay receipt cancelled further, a Commerce order
	// cancelled in full): the event names a real payment but is no longer
	// its state (see BootpayLookup and CommerceLookup). The handlers
	// acknowledge it without running your callback, because the later
	// state comes with its own webhook, and refusing it would only have the
	// sender deliver it again until it gives up. Its *VerificationError
	// names what moved on and unwraps to the gateway's *MismatchError.
	ErrSuperseded = errors.New("event superseded by a later state of the payment")
)

// ErrNotCaughtUp: the gateway's record has not caught up with the event
// yet — the opposite of ErrSuperseded. The event names a real payment and
// differs from its record only in how far the payment has gone (its
// status, cumulative cancelled amount and webhook type), and the record
// shows less than the event: a 부분취소 the cancellation list does not show
// yet, a cancellation the receipt does not show yet, a completion while
// the receipt still reads 결제대기 or 가상계좌 발급완료 (see BootpayLookup and
// CommerceLookup). It is no verdict: the next lookup may accept the same
// delivery. So it is not a *VerificationError (ErrUnverified does not
// match it): the handlers answer it 502, as a failed lookup, so that the
// sender delivers it again — a 4xx is an answer a sender may not retry
// (UNCONFIRMED for Commerce). The error names the fields and unwraps to
// the gateway's *MismatchError. An event the record contradicts in any
// other way (price, ids, a test-mode payment, a kind the event's own
// status contradicts) stays ErrMismatch, and one the record has moved
// past stays ErrSuperseded or ErrMismatch as each lookup says.
//
// CommerceLookup also answers it to a paid event whose order agrees with
// it but holds an open cancellation request: not to be acted on while its
// money may go back, and accepted or superseded once the request is
// decided (see CommerceLookup.Verify).
//
// BootpayHandler also answers it to a second delivery of a cancellation
// that names no amount and no cancelled_at earlier than the receipt's
// (none, or one equal to the second), while the receipt is not cancelled
// in full: such a body cannot tell a redelivery from a further cancel the
// receipt does not show yet (see BootpayLookup).
var ErrNotCaughtUp = errors.New("webhook: the gateway's record has not caught up with the event")

// ErrInvalidSecret reports a webhook secret that is empty or not base64.
// The secret itself is never part of the error.
var ErrInvalidSecret = errors.New("webhook: invalid secret")

// VerificationError reports a delivery that failed verification. It never
// holds a signature, a secret or the body: only which check failed, on
// which header, and by how much a timestamp was off.
type VerificationError struct {
	Sender string // "portone", "bootpay", "commerce" or "alimtalk"
	Reason error  // ErrMissingHeader, ErrTooOld, ErrNoMatchingSignature, …
	Header string // the header concerned, if any ("webhook-timestamp")
	// Skew is how far the timestamp lay outside the tolerance (ErrTooOld,
	// ErrTooNew); zero otherwise.
	Skew time.Duration
	// Err is the underlying cause for ErrMismatch (a *bootpay.MismatchError
	// or *commerce.MismatchError naming the fields, or the gateway's
	// not-found error) and nil otherwise.
	Err error
}

// Error reads "webhook: portone: timestamp too old (webhook-timestamp, 10m0s
// outside the tolerance)".
func (e *VerificationError) Error() string {
	msg := "webhook: " + e.Sender + ": " + e.Reason.Error()
	switch {
	case e.Header != "" && e.Skew != 0:
		msg += " (" + e.Header + ", " + e.Skew.String() + " outside the tolerance)"
	case e.Header != "":
		msg += " (" + e.Header + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is matches ErrUnverified and the reason.
func (e *VerificationError) Is(target error) bool {
	return target == ErrUnverified || target == e.Reason
}

// Unwrap returns the underlying cause of a mismatch, so that errors.As
// reaches a *bootpay.MismatchError or *commerce.MismatchError.
func (e *VerificationError) Unwrap() error { return e.Err }

// LogValue logs the error's message, as slog does with an error, also for
// a VerificationError value, which is not an error itself: slog's JSON
// handler would otherwise encode the receipt or order a mismatch holds
// with its card and phone numbers in the clear.
func (e VerificationError) LogValue() slog.Value {
	if e.Reason == nil { // Error needs it
		type plain VerificationError
		return redact.LogValue(plain(e))
	}
	return slog.StringValue(e.Error())
}

// DecodeError reports a verified body that is not a well-formed event: not
// JSON (or form data), or missing a member without which the event means
// nothing (a Bootpay receipt_id). Redelivering the same body cannot fix it,
// so a handler answers 400.
type DecodeError struct {
	Sender string
	Err    error
}

// Error reads "webhook: bootpay: decoding the event: …".
func (e *DecodeError) Error() string {
	return "webhook: " + e.Sender + ": decoding the event: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

func unverified(sender string, reason error, header string) *VerificationError {
	return &VerificationError{Sender: sender, Reason: reason, Header: header}
}

// secretError names the secret by its position, never by its value.
func secretError(i int, why string) error {
	return fmt.Errorf("%w: secret #%d %s", ErrInvalidSecret, i+1, why)
}
