package bootpay

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// The shared error categories, the same values in every paykit package.
// Match them with errors.Is.
var (
	ErrNotFound       = transport.ErrNotFound       // Bootpay says the receipt (or other object) does not exist (a 404 in another shape, a proxy's page, matches no category)
	ErrUnauthorized   = transport.ErrUnauthorized   // the keys were refused
	ErrInvalidRequest = transport.ErrInvalidRequest // the request was refused as invalid (also *ValidationError)
	ErrConflict       = transport.ErrConflict       // the receipt's state forbids it (already cancelled, not awaiting confirm)
	ErrRateLimited    = transport.ErrRateLimited    // HTTP 429
	ErrServer         = transport.ErrServer         // HTTP 5xx
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown // a write may or may not have been applied: look the receipt up
)

// ValidationError reports input refused before any network I/O: a
// parameter, an id or a request option. Nothing was sent. It matches
// ErrInvalidRequest. (A bad client option makes NewClient return a plain
// error naming the option.)
type ValidationError struct {
	Gateway string // "bootpay"
	Field   string // the parameter or field as you name it: "ReceiptID", "Amount", "base URL"
	Reason  string // what is wrong with it
}

// Error reads "bootpay: invalid <field>: <reason>".
func (e *ValidationError) Error() string { return (*transport.ValidationError)(e).Error() }

// Is matches ErrInvalidRequest.
func (e *ValidationError) Is(target error) bool { return (*transport.ValidationError)(e).Is(target) }

// OutcomeUnknownError reports a write that may or may not have been
// applied: the request reached Bootpay (or may have) and no trustworthy
// answer came back. Do not send the write again blindly: look the receipt
// up by Reference, or repeat a cancel with CancelID set to IdempotencyKey
// (which may end unknown again, never as "not refunded": see
// ReceiptsService.Cancel).
//
// It matches ErrOutcomeUnknown and no other category, whatever the last
// answer was (a 429 or 403 on a retry proves nothing about the attempt
// before it); errors.As still reaches that answer (*APIError,
// *NetworkError) for your logs, but never a *RateLimitError, whose "send
// it again" does not hold here.
type OutcomeUnknownError struct {
	Gateway        string // "bootpay"
	Op             string // the operation: "receipts.confirm", "receipts.cancel"
	Reference      string // the receipt id to look up
	IdempotencyKey string // for a cancel, the cancel_id that was sent; empty for a confirm
	Attempts       int    // requests sent, retries included
	Err            error  // the failure that left the outcome unknown
}

// Error names the operation, the receipt and cancel_id to reconcile with,
// and the failure.
func (e *OutcomeUnknownError) Error() string { return (*transport.OutcomeUnknownError)(e).Error() }

// Is matches ErrOutcomeUnknown and, through Err, errors that are not one
// of the shared categories (context.DeadlineExceeded, say).
func (e *OutcomeUnknownError) Is(target error) bool {
	return (*transport.OutcomeUnknownError)(e).Is(target)
}

// As reaches the errors inside Err (*APIError, *NetworkError) for
// diagnosis, never a *RateLimitError (a rate-limited retry of a write
// that may have been applied must not be sent again). There is no Unwrap,
// so that errors.Is finds no category through it.
func (e *OutcomeUnknownError) As(target any) bool {
	return (*transport.OutcomeUnknownError)(e).As(target)
}

// RateLimitError is returned instead of sleeping when Bootpay asks for a
// longer wait (Retry-After) than the client's limit. Nothing was applied;
// send the call again after RetryAfter. It matches ErrRateLimited.
// errors.As never finds it inside an *OutcomeUnknownError: a write rate
// limited on a retry, after an attempt that may have been applied, is an
// unknown outcome and must not be sent again (check ErrOutcomeUnknown
// first).
type RateLimitError struct {
	RetryAfter time.Duration // the wait Bootpay asked for
	Err        error         // Bootpay's *APIError for the 429
}

// Error is Bootpay's error with the requested wait.
func (e *RateLimitError) Error() string { return (*transport.RateLimitError)(e).Error() }

// Unwrap returns Bootpay's error.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return (*transport.RateLimitError)(e).Is(target) }

// NetworkError reports a failed exchange with Bootpay: a refused or reset
// connection, a timeout, a body cut short. It names the operation, never
// the URL.
//
// Returned as it is, not inside an *OutcomeUnknownError, it means nothing
// can have been applied: the call was a lookup (or a token request), or a
// write that provably never reached Bootpay (the connection failed before
// the request was written). Send the call again, with a live context if
// the caller's ended (errors.Is(err, context.DeadlineExceeded)). A write
// that may have reached Bootpay never ends as a bare NetworkError but as an
// *OutcomeUnknownError, inside which errors.As finds this error for your
// logs only: settle that write as *OutcomeUnknownError says, never as if
// this error said "send it again".
type NetworkError struct {
	Gateway  string // "bootpay"
	Op       string // the operation, e.g. "receipts.get"
	Attempts int    // requests sent, retries included
	Err      error  // the cause: *net.OpError, context.DeadlineExceeded, io.ErrUnexpectedEOF …
}

// Error names the operation and the failure, never the URL.
func (e *NetworkError) Error() string { return (*transport.NetworkError)(e).Error() }

// Unwrap returns the cause.
func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the failure was a timeout.
func (e *NetworkError) Timeout() bool { return (*transport.NetworkError)(e).Timeout() }

// DecodeError reports a 2xx response whose body is not what Bootpay
// documents (empty, not JSON, a receipt without its required fields, a
// reply about another receipt than the one asked for).
//
// Returned as it is, it is about the reply to a lookup or a list (or a
// token request), the lookup a method makes before it writes included:
// nothing was changed, and nothing is known about the object asked for.
// Look it up again, and report it if it persists (Bootpay's answer no longer
// reads as documented; Op and Status name it). A DecodeError about a
// write's own reply always comes inside an *OutcomeUnknownError, since the
// write may have been applied: settle it as that error says, never by
// sending the write again.
type DecodeError struct {
	Gateway string // "bootpay"
	Op      string // the operation, e.g. "receipts.get"
	Status  int    // the HTTP status of the response
	Err     error  // what is wrong with the body
}

// Error names the operation and the decoding failure.
func (e *DecodeError) Error() string { return (*transport.DecodeError)(e).Error() }

// Unwrap returns the decoding failure.
func (e *DecodeError) Unwrap() error { return e.Err }

// ResponseTooLargeError reports a successful response over the client's
// limit (WithMaxResponseBytes). Returned as it is, it comes from a lookup
// or a list (or a token request): nothing was changed; raise the limit
// with WithMaxResponseBytes and call again. For a write it always comes
// inside an *OutcomeUnknownError: the write may have been applied and its
// answer was not read, so look the object up by the error's Reference
// first; never send the write again to read its answer.
type ResponseTooLargeError struct {
	Gateway string // "bootpay"
	Op      string // the operation, e.g. "receipts.get"
	Limit   int64  // the limit in bytes
}

// Error names the operation and the limit.
func (e *ResponseTooLargeError) Error() string { return (*transport.ResponseTooLargeError)(e).Error() }

// errorTypes turns the transport's errors into this package's, at the one
// place a call returns (transport.Send).
var errorTypes = &transport.ErrorTypes{
	Validation:     func(e *transport.ValidationError) error { return (*ValidationError)(e) },
	OutcomeUnknown: func(e *transport.OutcomeUnknownError) error { return (*OutcomeUnknownError)(e) },
	RateLimit:      func(e *transport.RateLimitError) error { return (*RateLimitError)(e) },
	Network:        func(e *transport.NetworkError) error { return (*NetworkError)(e) },
	Decode:         func(e *transport.DecodeError) error { return (*DecodeError)(e) },
	TooLarge:       func(e *transport.ResponseTooLargeError) error { return (*ResponseTooLargeError)(e) },
}

// checkID refuses, before any I/O, an id that cannot name a receipt
// (transport.CheckID, the rule of every gateway).
func checkID(field, id string) error {
	return errorTypes.Export(transport.CheckID("bootpay", field, id))
}

// ErrorCode is Bootpay's error_code, as a string even when the gateway
// sends a number (older codes such as -2410 become "-2410").
type ErrorCode string

// Error codes seen from the PG API (error_code).
const (
	CodeReceiptNotFound          ErrorCode = "RC_NOT_FOUND"
	CodeAlreadyCancelled         ErrorCode = "RC_ALREADY_CANCELLED"
	CodeNotConfirmReady          ErrorCode = "RC_NOT_CONFIRM_READY"
	CodeNotSubscribe             ErrorCode = "RC_NOT_SUBSCRIBE"
	CodeNotEscrow                ErrorCode = "RC_NOT_ESCROW"
	CodeInvalidExpMonth          ErrorCode = "RC_INVALID_EXP_MONTH"
	CodeCashReceiptFailed        ErrorCode = "RC_CASH_RECEIPT_FAILED"
	CodeBillingKeyExpired        ErrorCode = "SUBSCRIBE_BK_EXPIRED"
	CodePublishNotReady          ErrorCode = "SUBSCRIBE_PUBLISH_NOT_READY"
	CodeTransferLookupUserFailed ErrorCode = "SUBSCRIBE_AT_LOOKUP_USER_FAILED"
	CodeAuthExpired              ErrorCode = "AUTH_EXPIRED"
	CodeAuthNotReady             ErrorCode = "AUTH_NOT_READY"
	CodeAuthConfirmReadyFailed   ErrorCode = "AUTH_CONFIRM_READY_FAILED"
	CodeAuthNeedPGMethod         ErrorCode = "AUTH_NEED_PG_METHOD"
	CodeAuthAlreadyAuthenticated ErrorCode = "AUTH_ALREADY_AUTHENTICATED"
	CodeAuthNotConfirmed         ErrorCode = "AUTH_NOT_CONFIRMED"
	CodeTokenKeyInvalid          ErrorCode = "TOKEN_KEY_INVALID"
)

// Cancel refusals whose codes no Bootpay source names. These are the codes
// bootpaytest sends; they are UNCONFIRMED against the live API, so paykit
// never relies on them alone: a refusal of a retried cancel whose code it
// does not recognise ends as *OutcomeUnknownError, not as success, and
// even CodeCancelIDDuplicated is a success only when a lookup of the
// receipt proves the cancel (see ReceiptsService.Cancel).
const (
	CodeCancelIDDuplicated    ErrorCode = "RC_CANCEL_ID_DUPLICATED"     // the cancel_id was already applied
	CodeCancelPriceExceeded   ErrorCode = "RC_CANCEL_PRICE_EXCEEDED"    // more than what remains
	CodeCancelTaxFreeExceeded ErrorCode = "RC_CANCEL_TAX_FREE_EXCEEDED" // more tax-free than what remains
	CodeNotCancellable        ErrorCode = "RC_NOT_CANCELLABLE"          // not paid
)

var codeCategories = map[ErrorCode]error{
	CodeReceiptNotFound:       ErrNotFound,
	CodeAlreadyCancelled:      ErrConflict,
	CodeNotConfirmReady:       ErrConflict,
	CodeCancelIDDuplicated:    ErrConflict,
	CodeNotCancellable:        ErrConflict,
	CodeNotSubscribe:          ErrInvalidRequest,
	CodeNotEscrow:             ErrInvalidRequest,
	CodeInvalidExpMonth:       ErrInvalidRequest,
	CodeCancelPriceExceeded:   ErrInvalidRequest,
	CodeCancelTaxFreeExceeded: ErrInvalidRequest,
	CodeTokenKeyInvalid:       ErrUnauthorized,
}

// APIError is an error response from Bootpay.
//
// errors.As finds it inside an *OutcomeUnknownError too, for your logs:
// there it is only the last answer to a write an earlier attempt of which
// may have been applied, and proves nothing about that attempt, so check
// ErrOutcomeUnknown before acting on its code.
type APIError struct {
	StatusCode  int       // HTTP status
	Code        ErrorCode // error_code; empty when the body had none (an HTML page from a proxy, say)
	Message     string    // the gateway's message, often Korean, verbatim but for runs of 10+ digits (a card, account or phone number it echoes), masked; RawBody has the original
	PGErrorCode string    // pg_error_code, when the PG's own code is passed through
	Op          string    // the operation, e.g. "receipts.cancel"
	Attempts    int       // requests sent, retries included
	RequestID   string    // the response's request id header, if any
	raw         redact.Hidden
}

// Error reads "bootpay: receipts.cancel: 400 RC_ALREADY_CANCELLED: <message>".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bootpay: %s: %d", e.Op, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + string(e.Code))
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Is maps the error to the shared categories: by code where paykit knows
// the code, otherwise by HTTP status. A 404 without Bootpay's error_code (a
// proxy's page, a wrong base URL) matches no category, not ErrNotFound.
func (e *APIError) Is(target error) bool {
	if cat, ok := codeCategories[e.Code]; ok {
		return cat == target
	}
	return target != nil && transport.CategoryForStatus(e.StatusCode, e.Code != "") == target
}

// RawBody returns the error body as received (at most 1 MiB). No printing
// of the error shows it.
func (e *APIError) RawBody() []byte { return []byte(e.raw.Reveal()) }

// errorBody is the PG error shape: {"error_code": "...", "message": "..."}.
type errorBody struct {
	ErrorCode   json.RawMessage `json:"error_code"`
	Message     string          `json:"message"`
	PGErrorCode json.RawMessage `json:"pg_error_code"`
}

// decodeAPIError builds an *APIError from any body: JSON with a string or
// numeric error_code, or something else entirely.
func decodeAPIError(r *transport.ErrorResponse) error {
	e := &APIError{
		StatusCode: r.StatusCode, Op: r.Op, Attempts: r.Attempts, RequestID: r.RequestID,
		raw: redact.Hide(string(r.Body)),
	}
	var body errorBody
	if err := json.Unmarshal(r.Body, &body); err == nil {
		e.Code = ErrorCode(jsonx.CodeText(body.ErrorCode))
		e.Message = redact.DigitRuns(body.Message)
		e.PGErrorCode = jsonx.CodeText(body.PGErrorCode)
	}
	if e.Code == "" && e.Message == "" {
		e.Message = http.StatusText(r.StatusCode)
	}
	return e
}

// CancelIDConflictError reports a cancel that Bootpay refused because its
// CancelID had already been applied, and the receipt shows that the
// earlier cancel under that id was a different one: less was cancelled in
// total than this cancel asks for (or, for a full cancel, something
// remains). Bootpay keeps cancel_id unique per merchant, so the earlier
// cancel may have been of this receipt or of another. Nothing was
// cancelled by the refused call. The refund you asked for has NOT
// happened: find out what the earlier cancel with this id was before
// sending a cancel with a new id.
//
// Bootpay's receipt carries only cumulative amounts, so Applied is what
// this receipt shows cancelled in total (the most the earlier cancel can
// have been if it was of this receipt), not its exact amount. It matches
// ErrConflict; Err is Bootpay's refusal (CodeCancelIDDuplicated).
// See https://developers.bootpay.co.kr/pg/server/cancel
type CancelIDConflictError struct {
	ReceiptID string
	CancelID  string
	// Full, Requested and RequestedTaxFree describe the refused cancel:
	// a full cancel, or Requested won of which RequestedTaxFree tax-free.
	Full             bool
	Requested        int64
	RequestedTaxFree int64
	// Applied and AppliedTaxFree are the receipt's cumulative cancelled
	// amounts (cancelled_price, cancelled_tax_free) when it was looked up.
	Applied        int64
	AppliedTaxFree int64
	// Receipt is the receipt as looked up.
	Receipt *Receipt
	// Err is Bootpay's refusal of the cancel.
	Err error
}

// Error names the receipt, the cancel_id and both amounts.
func (e *CancelIDConflictError) Error() string {
	asked := fmt.Sprintf("a cancel of %d won (tax-free %d)", e.Requested, e.RequestedTaxFree)
	if e.Full {
		asked = "a full cancel"
	}
	return fmt.Sprintf("bootpay: receipts.cancel: cancel_id %q was already used on receipt %s for a different cancel: "+
		"%s was not applied; the receipt shows %d won (tax-free %d) cancelled in total",
		e.CancelID, e.ReceiptID, asked, e.Applied, e.AppliedTaxFree)
}

// Is matches ErrConflict.
func (e *CancelIDConflictError) Is(target error) bool { return target == ErrConflict }

// Unwrap returns Bootpay's refusal.
func (e *CancelIDConflictError) Unwrap() error { return e.Err }
