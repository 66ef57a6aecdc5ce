package bootpay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// The shared error categories, the same values in every paykit package.
// Match them with errors.Is.
var (
	ErrNotFound       = transport.ErrNotFound       // the receipt (or other object) does not exist
	ErrUnauthorized   = transport.ErrUnauthorized   // the keys were refused
	ErrInvalidRequest = transport.ErrInvalidRequest // the request was refused as invalid (also *ValidationError)
	ErrConflict       = transport.ErrConflict       // the receipt's state forbids it (already cancelled, not awaiting confirm)
	ErrRateLimited    = transport.ErrRateLimited    // HTTP 429
	ErrServer         = transport.ErrServer         // HTTP 5xx
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown // a write may or may not have been applied: look the receipt up
)

type (
	// ValidationError reports input refused before any network I/O.
	ValidationError = transport.ValidationError
	// OutcomeUnknownError reports a write that may or may not have been
	// applied. Its Reference is the receipt id to look up; for a cancel,
	// IdempotencyKey is the cancel_id that was sent.
	OutcomeUnknownError = transport.OutcomeUnknownError
	// RateLimitError is returned instead of sleeping when Bootpay asks for
	// a longer wait than the client's Retry-After limit.
	RateLimitError = transport.RateLimitError
	// NetworkError reports a failed exchange with the gateway (refused,
	// reset, timed out). It names the operation, never the URL.
	NetworkError = transport.NetworkError
	// DecodeError reports a 2xx response whose body could not be decoded.
	DecodeError = transport.DecodeError
	// ResponseTooLargeError reports a response over the client's limit.
	ResponseTooLargeError = transport.ResponseTooLargeError
)

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
type APIError struct {
	StatusCode  int       // HTTP status
	Code        ErrorCode // error_code; empty when the body had none (an HTML page from a proxy, say)
	Message     string    // the gateway's message, often Korean, kept verbatim
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
// the code, otherwise by HTTP status.
func (e *APIError) Is(target error) bool {
	if cat, ok := codeCategories[e.Code]; ok {
		return cat == target
	}
	return target != nil && transport.CategoryForStatus(e.StatusCode) == target
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
		e.Code = ErrorCode(codeText(body.ErrorCode))
		e.Message = body.Message
		e.PGErrorCode = codeText(body.PGErrorCode)
	}
	if e.Code == "" && e.Message == "" {
		e.Message = http.StatusText(r.StatusCode)
	}
	return e
}

// codeText renders a JSON string or number as text; anything else is "".
func codeText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// CancelIDConflictError reports a cancel that Bootpay refused because its
// CancelID had already been applied to the receipt, and the receipt shows
// that the earlier cancel under that id was a different one: less was
// cancelled in total than this cancel asks for (or, for a full cancel,
// something remains). Nothing was cancelled by the refused call. The
// refund you asked for has NOT happened: find out what the earlier cancel
// with this id was before sending a cancel with a new id.
//
// Bootpay's receipt carries only cumulative amounts, so Applied is the
// most the earlier cancel can have been, not its exact amount. It matches
// ErrConflict; Err is Bootpay's refusal (CodeCancelIDDuplicated).
// See https://docs.bootpay.co.kr/rest/cancel
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
