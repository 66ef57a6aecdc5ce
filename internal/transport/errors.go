package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"time"
)

// The shared error categories. Each gateway package re-exports these same
// values, so errors.Is(err, bootpay.ErrNotFound) and
// errors.Is(err, portone.ErrNotFound) test against one sentinel.
var (
	// ErrNotFound: the gateway says the object does not exist (HTTP 404 or
	// a not-found code).
	ErrNotFound = errors.New("paykit: not found")
	// ErrUnauthorized: the credentials were refused (HTTP 401/403), after
	// one token refresh where the auth mode has tokens.
	ErrUnauthorized = errors.New("paykit: unauthorized")
	// ErrInvalidRequest: the gateway rejected the request as malformed or
	// not allowed in the object's current state (HTTP 400/422).
	ErrInvalidRequest = errors.New("paykit: invalid request")
	// ErrConflict: the request conflicts with the object's state, such as
	// an already cancelled payment (HTTP 409 or a matching code).
	ErrConflict = errors.New("paykit: conflict")
	// ErrRateLimited: the gateway asked the client to slow down (HTTP 429).
	ErrRateLimited = errors.New("paykit: rate limited")
	// ErrServer: the gateway failed (HTTP 5xx).
	ErrServer = errors.New("paykit: gateway server error")
	// ErrOutcomeUnknown: a write may or may not have been applied by the
	// gateway. Look the object up before doing anything else with it.
	ErrOutcomeUnknown = errors.New("paykit: outcome unknown")
)

// CategoryForStatus returns the shared category for an HTTP status, or nil
// when the status has none. Gateway error types use it as the fallback
// when the gateway's own code is not one they recognise. gatewayCode
// reports that the body carried the gateway's own error code: a 404
// without one (a proxy's or load balancer's page, a wrong base URL) is
// no category, never ErrNotFound, because it says nothing about the
// object asked for, and code that reads ErrNotFound as "it does not
// exist" (cancel the order, report it missing) must not act on it.
func CategoryForStatus(status int, gatewayCode bool) error {
	switch {
	case status == http.StatusNotFound:
		if !gatewayCode {
			return nil
		}
		return ErrNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrUnauthorized
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity:
		return ErrInvalidRequest
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	}
	return nil
}

// ValidationError reports input the SDK refused before sending anything.
type ValidationError struct {
	Gateway string // package name that refused it, e.g. "bootpay"
	Field   string // the parameter or field, as the caller names it
	Reason  string // what is wrong with it
}

// Error reads "<gateway>: invalid <field>: <reason>".
func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: invalid %s: %s", e.Gateway, e.Field, e.Reason)
}

// Is reports ErrInvalidRequest as a match, so callers can treat client-side
// and gateway-side refusals alike when they wish.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidRequest }

// RateLimitError is returned instead of sleeping when the gateway asks the
// client to wait longer than the configured Retry-After limit. Schedule the
// call again after RetryAfter. It is never found inside an
// *OutcomeUnknownError (see OutcomeUnknownError.As): a write whose retry
// was rate limited after an attempt that may have been applied is an
// unknown outcome, never one to send again.
type RateLimitError struct {
	RetryAfter time.Duration // what the gateway asked for
	Err        error         // the gateway's error for the 429 response
}

// Error is the gateway's error with the requested wait.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("%v (retry after %s)", e.Err, e.RetryAfter)
}

// Unwrap returns the gateway's error.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// OutcomeUnknownError reports a write that may or may not have been applied:
// the request reached the gateway (or may have), and no trustworthy answer
// came back. Do not send the same write again blindly; look the object up
// by Reference, or repeat a keyed write with the same IdempotencyKey.
type OutcomeUnknownError struct {
	Gateway        string // package name, e.g. "bootpay"
	Op             string // operation, e.g. "receipts.confirm"
	Reference      string // the id to reconcile with: receipt id, payment id, order id
	IdempotencyKey string // the key sent with a keyed write (PortOne Idempotency-Key, Bootpay cancel_id); empty otherwise
	Attempts       int    // how many attempts were sent
	Err            error  // the failure that left the outcome unknown
}

// Error names the operation, the reference and key to reconcile with, and
// the failure.
func (e *OutcomeUnknownError) Error() string {
	msg := fmt.Sprintf("%s: %s: outcome unknown after %d attempt(s)", e.Gateway, e.Op, e.Attempts)
	if e.Reference != "" {
		msg += "; reconcile with " + e.Reference
	}
	if e.IdempotencyKey != "" {
		msg += " (idempotency key " + e.IdempotencyKey + ")"
	}
	return msg + ": " + errorText(e.Err)
}

// Is matches ErrOutcomeUnknown and, through Err, anything that is not one
// of the shared categories (context.DeadlineExceeded, io.ErrUnexpectedEOF).
// It deliberately does not match ErrRateLimited, ErrInvalidRequest,
// ErrUnauthorized or any other category that Err may carry: a proxy's 429
// or a WAF's 403 on a retry says nothing about whether an earlier attempt
// moved money, and a caller who branched on it and retried with a new key
// could move it twice.
func (e *OutcomeUnknownError) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return true
	}
	return !isCategory(target) && errors.Is(e.Err, target)
}

// As reaches the errors inside Err (the gateway's *APIError, a
// *NetworkError) for diagnosis. OutcomeUnknownError has no Unwrap method,
// so that errors.Is cannot find a category through it; see Is.
//
// It never reaches a *RateLimitError, the transport's or a gateway's copy
// of it, for the reason Is refuses ErrRateLimited: that type tells its
// caller that nothing was applied and to send the call again, and a
// caller who branched on it here would send a write that may have been
// applied a second time, under a new key.
func (e *OutcomeUnknownError) As(target any) bool {
	return e.Err != nil && !isRateLimitTarget(target) && errors.As(e.Err, target)
}

// rateLimitType is RateLimitError's type. A gateway's RateLimitError is a
// struct of the same fields, converted from it (ErrorTypes.RateLimit), so
// its type converts to this one.
var rateLimitType = reflect.TypeFor[RateLimitError]()

// isRateLimitTarget reports an errors.As target that points to a
// *RateLimitError or to a gateway's copy of it.
func isRateLimitTarget(target any) bool {
	t := reflect.TypeOf(target)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Pointer {
		return false
	}
	t = t.Elem().Elem()
	return t.Kind() == reflect.Struct && t.ConvertibleTo(rateLimitType)
}

// isCategory reports the shared category sentinels other than
// ErrOutcomeUnknown.
func isCategory(err error) bool {
	switch err {
	case ErrNotFound, ErrUnauthorized, ErrInvalidRequest, ErrConflict, ErrRateLimited, ErrServer:
		return true
	}
	return false
}

// NetworkError is a failure to exchange a request and a response with the
// gateway: a refused or reset connection, a timeout, a body cut short. It
// names the operation but never the URL, so nothing from the query string
// reaches a log.
type NetworkError struct {
	Gateway  string
	Op       string
	Attempts int
	Err      error // the underlying error; *net.OpError, context.DeadlineExceeded, io.ErrUnexpectedEOF …
}

// Error names the operation and the failure, never the URL.
func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s: %s: network error after %d attempt(s): %s", e.Gateway, e.Op, e.Attempts, errorText(e.Err))
}

// Unwrap returns the underlying error.
func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the failure was a timeout.
func (e *NetworkError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.Is(e.Err, context.DeadlineExceeded) || (errors.As(e.Err, &t) && t.Timeout())
}

// DecodeError reports a 2xx response whose body is not what the gateway
// documents. For a write, the gateway has applied it; see the method docs.
type DecodeError struct {
	Gateway string
	Op      string
	Status  int
	Err     error // from encoding/json
}

// Error names the operation and the decoding failure.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: %s: cannot decode %d response: %v", e.Gateway, e.Op, e.Status, e.Err)
}

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

// ResponseTooLargeError reports a response body over the configured limit.
type ResponseTooLargeError struct {
	Gateway string
	Op      string
	Limit   int64
}

// Error names the operation and the limit.
func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("%s: %s: response body exceeds %d bytes", e.Gateway, e.Op, e.Limit)
}

func errorText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// ErrorTypes converts the transport's error values into a gateway
// package's own error types. Each gateway declares ValidationError,
// OutcomeUnknownError and the rest as real types with the same fields as
// the transport's (so that go doc shows them) and sets one func per type,
// a pointer conversion: func(e *transport.NetworkError) error { return
// (*NetworkError)(e) }. A nil func keeps the transport's type.
type ErrorTypes struct {
	Validation     func(*ValidationError) error
	OutcomeUnknown func(*OutcomeUnknownError) error
	RateLimit      func(*RateLimitError) error
	Network        func(*NetworkError) error
	Decode         func(*DecodeError) error
	TooLarge       func(*ResponseTooLargeError) error
}

// Export converts err, and every transport error it carries (the Err of
// an *OutcomeUnknownError, a *RateLimitError, a *NetworkError), into the
// gateway's types. Other errors, and the gateway's own, pass unchanged. A
// nil *ErrorTypes exports nothing.
func (x *ErrorTypes) Export(err error) error {
	if x == nil || err == nil {
		return err
	}
	switch e := err.(type) {
	case *OutcomeUnknownError:
		e.Err = x.Export(e.Err)
		return convert(e, x.OutcomeUnknown)
	case *RateLimitError:
		e.Err = x.Export(e.Err)
		return convert(e, x.RateLimit)
	case *NetworkError:
		e.Err = x.Export(e.Err)
		return convert(e, x.Network)
	case *contextEndedError:
		e.err = x.Export(e.err)
		return e
	case *ValidationError:
		return convert(e, x.Validation)
	case *DecodeError:
		return convert(e, x.Decode)
	case *ResponseTooLargeError:
		return convert(e, x.TooLarge)
	}
	return err
}

func convert[E error](e E, to func(E) error) error {
	if to == nil {
		return e
	}
	return to(e)
}
