package commerce

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// The shared error categories, the same values in every paykit package.
// Match them with errors.Is.
var (
	ErrNotFound       = transport.ErrNotFound       // Commerce says the order, invoice or cancellation does not exist (a 404 in another shape, a proxy's page, matches no category)
	ErrUnauthorized   = transport.ErrUnauthorized   // the keys, the role or the user JWT were refused
	ErrInvalidRequest = transport.ErrInvalidRequest // the request was refused as invalid (also *ValidationError)
	ErrConflict       = transport.ErrConflict       // the object's state forbids it, or the write was already made
	ErrRateLimited    = transport.ErrRateLimited    // HTTP 429
	ErrServer         = transport.ErrServer         // HTTP 5xx
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown // a write may or may not have been applied: look the object up
)

// ErrPermissionDenied is Commerce's own category: the keys are valid but
// not for this operation's role (API_ROLE_NOT_SUPPORT) or scope
// (API_SCOPE_INVALID), answered with 403. Such an error matches
// ErrUnauthorized too. Nothing was applied.
var ErrPermissionDenied = errors.New("commerce: role or scope not permitted")

// ValidationError reports input refused before any network I/O: a
// parameter, an id or a request option. Nothing was sent. It matches
// ErrInvalidRequest.
type ValidationError struct {
	Gateway string // "commerce"
	Field   string // the parameter or field as you name it: "OrderID", "Limit", "base URL"
	Reason  string // what is wrong with it
}

// Error reads "commerce: invalid <field>: <reason>".
func (e *ValidationError) Error() string { return (*transport.ValidationError)(e).Error() }

// Is matches ErrInvalidRequest.
func (e *ValidationError) Is(target error) bool { return (*transport.ValidationError)(e).Is(target) }

// OutcomeUnknownError reports a write that may or may not have been
// applied: the request reached Commerce (or may have) and no trustworthy
// answer came back. Do not send the write again blindly: look the object
// up by Reference, or repeat a Keyed write with the same IdempotencyKey
// (WithIdempotencyKey). IdempotencyKey is empty for an Unsafe write, which
// carries none.
//
// It matches ErrOutcomeUnknown and no other category (ErrPermissionDenied
// included), whatever the last answer was; errors.As still reaches that
// answer (*APIError, *NetworkError) for your logs, but never a
// *RateLimitError, whose "send it again" does not hold here.
type OutcomeUnknownError struct {
	Gateway        string // "commerce"
	Op             string // the operation: "invoices.create", "order_cancellations.request"
	Reference      string // the order number, invoice or cancellation id to look up
	IdempotencyKey string // the Idempotency-Key sent, or an order cancellation's cancel_id
	Attempts       int    // requests sent, retries included
	Err            error  // the failure that left the outcome unknown
}

// Error names the operation, the reference and key to reconcile with,
// and the failure.
func (e *OutcomeUnknownError) Error() string { return (*transport.OutcomeUnknownError)(e).Error() }

// Is matches ErrOutcomeUnknown and, through Err, errors that are not one
// of the categories (context.DeadlineExceeded, say).
func (e *OutcomeUnknownError) Is(target error) bool {
	if target == ErrPermissionDenied {
		return false
	}
	return (*transport.OutcomeUnknownError)(e).Is(target)
}

// As reaches the errors inside Err (*APIError, *NetworkError) for
// diagnosis, never a *RateLimitError (a rate-limited retry of a write
// that may have been applied must not be sent again). There is no Unwrap,
// so that errors.Is finds no category through it.
func (e *OutcomeUnknownError) As(target any) bool {
	return (*transport.OutcomeUnknownError)(e).As(target)
}

// RateLimitError is returned instead of sleeping when Commerce asks for a
// longer wait (Retry-After) than the client's limit. Nothing was applied;
// send the call again after RetryAfter. It matches ErrRateLimited.
// errors.As never finds it inside an *OutcomeUnknownError: a write rate
// limited on a retry, after an attempt that may have been applied, is an
// unknown outcome and must not be sent again (check ErrOutcomeUnknown
// first).
type RateLimitError struct {
	RetryAfter time.Duration // the wait Commerce asked for
	Err        error         // Commerce's *APIError for the 429
}

// Error is Commerce's error with the requested wait.
func (e *RateLimitError) Error() string { return (*transport.RateLimitError)(e).Error() }

// Unwrap returns Commerce's error.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return (*transport.RateLimitError)(e).Is(target) }

// NetworkError reports a failed exchange with Commerce: a refused or
// reset connection, a timeout, a body cut short. It names the operation,
// never the URL.
//
// Returned as it is, not inside an *OutcomeUnknownError, it means nothing
// can have been applied: the call was a lookup (or a token request), or a
// write that provably never reached Commerce (the connection failed before
// the request was written). Send the call again, with a live context if
// the caller's ended (errors.Is(err, context.DeadlineExceeded)). A write
// that may have reached Commerce never ends as a bare NetworkError but as an
// *OutcomeUnknownError, inside which errors.As finds this error for your
// logs only: settle that write as *OutcomeUnknownError says, never as if
// this error said "send it again".
type NetworkError struct {
	Gateway  string // "commerce"
	Op       string // the operation, e.g. "orders.get"
	Attempts int    // requests sent, retries included
	Err      error  // the cause: *net.OpError, context.DeadlineExceeded, io.ErrUnexpectedEOF …
}

// Error names the operation and the failure, never the URL.
func (e *NetworkError) Error() string { return (*transport.NetworkError)(e).Error() }

// Unwrap returns the cause.
func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the failure was a timeout.
func (e *NetworkError) Timeout() bool { return (*transport.NetworkError)(e).Timeout() }

// DecodeError reports a 2xx response whose body is not what Commerce
// documents (empty, not JSON, an order without its id, a reply about
// another order than the one asked for).
//
// Returned as it is, it is about the reply to a lookup or a list (or a
// token request), the lookup a method makes before it writes included:
// nothing was changed, and nothing is known about the object asked for.
// Look it up again, and report it if it persists (Commerce's answer no longer
// reads as documented; Op and Status name it). OrdersService.Verify's CancelErr can be one too, for a
// cancellation it could not send at all: nothing was sent. A DecodeError about a
// write's own reply always comes inside an *OutcomeUnknownError, since the
// write may have been applied: settle it as that error says, never by
// sending the write again.
type DecodeError struct {
	Gateway string // "commerce"
	Op      string // the operation, e.g. "orders.get"
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
	Gateway string // "commerce"
	Op      string // the operation, e.g. "orders.list"
	Limit   int64  // the limit in bytes
}

// Error names the operation and the limit.
func (e *ResponseTooLargeError) Error() string { return (*transport.ResponseTooLargeError)(e).Error() }

// CancellationListError reports that the cancellation requests of an
// order Commerce had just returned could not be listed
// (OrderCancellationsService.ListFor, and so OrdersService.Verify and
// webhook.CommerceLookup): a network failure, a 5xx, a 404 from the list
// (an ORDER_CANCEL_REQUEST_NOT_FOUND, or an ORDER_NOT_FOUND from a replica
// lagging the order just read), a list that cannot be read to its end
// or summed, or an order whose order_number and order_id no request can
// carry (a *DecodeError). The order exists: this is no verdict on it,
// and it cannot say whether money went back, so do not fulfil the order
// on it and do not give it up either; look again later.
//
// It therefore matches none of the categories that read as a verdict on
// the order (ErrNotFound, ErrInvalidRequest, ErrConflict) nor
// ErrOutcomeUnknown, whatever the list's answer was; it matches the others
// through Err (ErrServer, ErrRateLimited, ErrUnauthorized and
// ErrPermissionDenied, context.DeadlineExceeded), which say to try again
// or to fix the keys. errors.As reaches the failure itself (*APIError,
// *NetworkError, *DecodeError, *RateLimitError) for your logs.
type CancellationListError struct {
	OrderNumber string // the order whose cancellation requests were listed
	Err         error  // the list's failure
}

// Error names the order and the list's failure.
func (e *CancellationListError) Error() string {
	return fmt.Sprintf("commerce: order %s was found but its cancellation requests could not be listed (no verdict on the order): %v",
		e.OrderNumber, e.Err)
}

// Is matches, through Err, every error but the categories that read as a
// verdict on the order (ErrNotFound, ErrInvalidRequest, ErrConflict) and
// ErrOutcomeUnknown.
func (e *CancellationListError) Is(target error) bool {
	switch target {
	case ErrNotFound, ErrInvalidRequest, ErrConflict, ErrOutcomeUnknown:
		return false
	}
	return errors.Is(e.Err, target)
}

// As reaches the errors inside Err (*APIError, *NetworkError,
// *DecodeError, *RateLimitError). There is no Unwrap, so that errors.Is
// finds no verdict category through it; see Is.
func (e *CancellationListError) As(target any) bool { return e.Err != nil && errors.As(e.Err, target) }

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

// checkID refuses, before any I/O, an id that cannot name an object
// (transport.CheckID, the rule of every gateway).
func checkID(field, id string) error {
	return errorTypes.Export(transport.CheckID("commerce", field, id))
}

// ErrorCode is a Commerce error code, as text: the string codes
// ("ORDER_NOT_FOUND") as they are, the numeric ones (3700) in decimal.
type ErrorCode string

// Error codes Commerce is documented or seen to send
// (https://commerce.bootpay.ai/). Codes are open-ended: an unknown
// one is kept and categorised by its HTTP status.
const (
	CodeRoleNotSupported     ErrorCode = "API_ROLE_NOT_SUPPORT" // 403: the BOOTPAY-ROLE is not allowed here
	CodeScopeInvalid         ErrorCode = "API_SCOPE_INVALID"    // 403: the keys are not scoped for this role
	CodeParamInvalid         ErrorCode = "API_PARAM_INVALID"    // a parameter was refused
	CodeServerError          ErrorCode = "SERVER_ERROR"         // Commerce failed
	CodeProcessDuplicated    ErrorCode = "PROCESS_DUPLICATED"   // the same write is being, or was, processed
	CodeOrderNotFound        ErrorCode = "ORDER_NOT_FOUND"      // no such order
	CodeProductNotFound      ErrorCode = "PRODUCT_NOT_FOUND"    // no such product
	CodeUserNotFound         ErrorCode = "USER_NOT_FOUND"       // no such user
	CodeInvoiceNotFound      ErrorCode = "INVOICE_NOT_FOUND"    // no such invoice
	CodeInvoiceTargetMissing ErrorCode = "INVOICE_TARGET_NOT_FOUND"
	CodeOrderProductNotFound ErrorCode = "ORDER_PRODUCT_NOT_FOUND" // checkout: a product_id does not exist
	CodeOrderPriceNotMatch   ErrorCode = "ORDER_PRICE_NOT_MATCH"   // checkout: the price differs from the products'
	CodeOrderAddressBlank    ErrorCode = "ORDER_ADDRESS_BLANK"     // checkout: a shipped product needs an address
	CodeOrderNotFoundNumeric ErrorCode = "3700"                    // the documented numeric code of a missing order
	// CodeUserJWTRequired is the code of the 500 answer to a storefront
	// call without a valid Bootpay-User-JWT. Commerce answers that case
	// with 500; the code itself is UNCONFIRMED (it is commercetest's).
	// Such an error matches ErrUnauthorized, not ErrServer, and is final:
	// it is neither retried nor reported as an unknown outcome.
	CodeUserJWTRequired ErrorCode = "USER_JWT_REQUIRED"
)

// codeCategories maps the codes paykit knows to their category; other
// codes ending in _NOT_FOUND are ErrNotFound, and the rest fall back to
// the HTTP status.
var codeCategories = map[ErrorCode]error{
	CodeRoleNotSupported:     ErrUnauthorized,
	CodeScopeInvalid:         ErrUnauthorized,
	CodeUserJWTRequired:      ErrUnauthorized,
	CodeParamInvalid:         ErrInvalidRequest,
	CodeOrderPriceNotMatch:   ErrInvalidRequest,
	CodeOrderAddressBlank:    ErrInvalidRequest,
	CodeProcessDuplicated:    ErrConflict,
	CodeServerError:          ErrServer,
	CodeOrderNotFoundNumeric: ErrNotFound,
}

// statusUnprocessable442 is the status Commerce has been seen to answer an
// unprocessable request with, where 422 is meant.
const statusUnprocessable442 = 442

// APIError is an error response from Commerce. Commerce documents
// {"status", "code", "message", "data"}, and has also been seen answering
// {"success": false, "error_code", "message"}, with codes as strings or
// numbers: every one of those fields is read when present.
//
// errors.As finds it inside an *OutcomeUnknownError too, for your logs:
// there it is only the last answer to a write an earlier attempt of which
// may have been applied, and proves nothing about that attempt, so check
// ErrOutcomeUnknown before acting on its code.
type APIError struct {
	StatusCode int       // HTTP status
	Code       ErrorCode // error_code, else code, as text; empty when the body had neither
	// NumericCode is the code when Commerce sent a number (3700); 0
	// otherwise.
	NumericCode int
	Message     string // Commerce's message, often Korean, verbatim but for runs of 10+ digits (a card, account or phone number it echoes), masked; RawBody has the original
	Op          string // the operation, e.g. "orders.get"
	Attempts    int    // requests sent, retries included
	RequestID   string // the response's request id header, if any
	raw         redact.Hidden
}

// Error reads "commerce: orders.get: 404 ORDER_NOT_FOUND: <message>".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "commerce: %s: %d", e.Op, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + string(e.Code))
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Is maps the error to the categories: by code where paykit knows it
// (API_ROLE_NOT_SUPPORT and API_SCOPE_INVALID are ErrPermissionDenied as
// well as ErrUnauthorized; any *_NOT_FOUND code is ErrNotFound), otherwise
// by HTTP status, 442 read as 422 (ErrInvalidRequest). A 404 without
// Commerce's code (a proxy's page, a wrong base URL) matches no category,
// not ErrNotFound.
func (e *APIError) Is(target error) bool {
	if target == nil {
		return false
	}
	if target == ErrPermissionDenied {
		return e.Code == CodeRoleNotSupported || e.Code == CodeScopeInvalid
	}
	if cat, ok := codeCategories[e.Code]; ok {
		return cat == target
	}
	if strings.HasSuffix(string(e.Code), "_NOT_FOUND") {
		return target == ErrNotFound
	}
	status := e.StatusCode
	if status == statusUnprocessable442 {
		status = http.StatusUnprocessableEntity
	}
	return transport.CategoryForStatus(status, e.Code != "") == target
}

// RawBody returns the error body as received (at most 1 MiB). No printing
// of the error shows it.
func (e *APIError) RawBody() []byte { return []byte(e.raw.Reveal()) }

// errorBody holds every field of both error shapes; the codes arrive raw
// because they may be strings or numbers.
type errorBody struct {
	Code      json.RawMessage `json:"code"`
	ErrorCode json.RawMessage `json:"error_code"`
	Message   string          `json:"message"`
}

// decodeAPIError builds an *APIError from any body: either JSON shape,
// with string or numeric codes, or something else entirely.
func decodeAPIError(r *transport.ErrorResponse) error {
	e := &APIError{
		StatusCode: r.StatusCode, Op: r.Op, Attempts: r.Attempts, RequestID: r.RequestID,
		raw: redact.Hide(string(r.Body)),
	}
	var body errorBody
	if json.Unmarshal(r.Body, &body) == nil {
		e.Message = redact.DigitRuns(body.Message)
		raw := body.ErrorCode
		if jsonx.CodeText(raw) == "" {
			raw = body.Code
		}
		e.Code = ErrorCode(jsonx.CodeText(raw))
		if n, err := strconv.Atoi(string(e.Code)); err == nil && !isJSONString(raw) {
			e.NumericCode = n
		}
	}
	switch {
	case e.Code != "" || e.Message != "":
	case r.StatusCode >= 200 && r.StatusCode <= 299:
		e.Message = "success: false" // a 2xx refusal (transport.Refusal) with neither: not the status text ("OK")
	default:
		e.Message = http.StatusText(r.StatusCode)
	}
	return e
}

func isJSONString(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '"'
}

// errorCodeOf reads the code of an error body, for the transport's
// retry decisions.
func errorCodeOf(body []byte) ErrorCode {
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return ""
	}
	if c := jsonx.CodeText(b.ErrorCode); c != "" {
		return ErrorCode(c)
	}
	return ErrorCode(jsonx.CodeText(b.Code))
}

// isOutstanding reports a 409 PROCESS_DUPLICATED: the same keyed write is
// still being processed, so it is retried with the same key. Should
// Commerce mean "already processed" by it instead, the retries end in an
// *OutcomeUnknownError, never in a second write.
func isOutstanding(status int, body []byte) bool {
	return status == http.StatusConflict && errorCodeOf(body) == CodeProcessDuplicated
}

// isDefinitive reports the 500 Commerce answers a missing user JWT with:
// a refusal, neither retried nor an unknown outcome.
func isDefinitive(status int, body []byte) bool {
	return status == http.StatusInternalServerError && errorCodeOf(body) == CodeUserJWTRequired
}
