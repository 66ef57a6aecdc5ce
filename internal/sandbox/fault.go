package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Kind says what a [Fault] does to a request.
type Kind uint8

// The kinds of fault. The zero Kind, KindNone, handles the request normally.
const (
	// KindNone handles the request normally: the body is read, the operation applied and its
	// response written.
	KindNone Kind = iota
	// KindStatus reads the request body and answers with a fixed status, headers and body without
	// applying the operation (a load balancer or gateway front end refusing the request).
	KindStatus
	// KindStatusAfterApply applies the operation and then answers with a fixed status, headers and
	// body instead of the operation's own response (a proxy timing out after the backend committed).
	KindStatusAfterApply
	// KindCloseBeforeRead closes the connection as soon as the request headers have arrived, without
	// reading the request body and without applying the operation or writing anything.
	KindCloseBeforeRead
	// KindCloseAfterApply reads the body, applies the operation and then closes the connection
	// without writing any response byte.
	KindCloseAfterApply
	// KindDelay waits before handling the request normally. The wait does not end when the client
	// disconnects (the operation is still applied afterwards), only when the sandbox shuts down.
	KindDelay
	// KindTruncatedBody applies the operation, then writes the status line and headers with the
	// full Content-Length but only part of the body, and closes the connection.
	KindTruncatedBody
)

// String returns a short lower-case name for k, such as "close-after-apply".
func (k Kind) String() string {
	switch k {
	case KindNone:
		return "none"
	case KindStatus:
		return "status"
	case KindStatusAfterApply:
		return "status-after-apply"
	case KindCloseBeforeRead:
		return "close-before-read"
	case KindCloseAfterApply:
		return "close-after-apply"
	case KindDelay:
		return "delay"
	case KindTruncatedBody:
		return "truncated-body"
	default:
		return "kind(" + strconv.Itoa(int(k)) + ")"
	}
}

// Applies reports whether a request served under a fault of this kind runs the operation (when the
// sandbox is not shut down meanwhile).
func (k Kind) Applies() bool {
	switch k {
	case KindStatus, KindCloseBeforeRead:
		return false
	default:
		return true
	}
}

// A Fault describes what to do to one request. The zero Fault handles it normally. Fault values are
// immutable: the With methods return modified copies, so one value may be shared freely.
type Fault struct {
	kind   Kind
	status int
	body   string
	header []headerField
	delay  time.Duration
}

type headerField struct{ key, value string }

// Status returns a fault that answers with the given status code and body without applying the
// operation. The Content-Type is application/json when body is valid JSON, otherwise it is sniffed;
// set another one with [Fault.WithHeader]. It panics if code is not a valid HTTP status (100–999).
func Status(code int, body string) Fault {
	checkStatus(code)
	return Fault{kind: KindStatus, status: code, body: body}
}

// StatusAfterApply returns a fault that applies the operation and then answers with the given status
// code and body instead of the operation's response, so the client sees a failure although the change
// was made. It panics if code is not a valid HTTP status (100–999).
func StatusAfterApply(code int, body string) Fault {
	checkStatus(code)
	return Fault{kind: KindStatusAfterApply, status: code, body: body}
}

// RateLimit returns a fault that answers 429 Too Many Requests with the header Retry-After set to
// retryAfter (delay-seconds such as "2" or an HTTP date) and an empty body, without applying the
// operation. Add a body with [Fault.WithBody].
func RateLimit(retryAfter string) Fault {
	return Status(http.StatusTooManyRequests, "").WithHeader("Retry-After", retryAfter)
}

// CloseBeforeRead returns a fault that closes the connection once the request headers have been
// received, before the body is read: nothing is applied and no response byte is written.
func CloseBeforeRead() Fault { return Fault{kind: KindCloseBeforeRead} }

// CloseAfterApply returns a fault that reads the request, applies the operation and closes the
// connection without writing a response.
func CloseAfterApply() Fault { return Fault{kind: KindCloseAfterApply} }

// Delay returns a fault that waits d after reading the request body and then handles the request
// normally. As on a real server, a client that gives up meanwhile does not stop the operation from
// being applied once d has elapsed. If the sandbox shuts down during the wait ([Runner.Shutdown]),
// the request is abandoned: nothing is applied and the connection is closed. A negative d counts as 0.
func Delay(d time.Duration) Fault {
	return Fault{kind: KindDelay, delay: max(d, 0)}
}

// TruncatedBody returns a fault that applies the operation and sends its status line and headers
// with a Content-Length of the full body, but only the first half of the body (rounded down; for an
// empty body the Content-Length is 1 and no byte follows), and then closes the connection.
func TruncatedBody() Fault { return Fault{kind: KindTruncatedBody} }

// WithHeader returns a copy of f that also sends the response header key: value. It only matters
// for [KindStatus] and [KindStatusAfterApply] faults, whose responses the fault defines. Several
// values for one key are all sent.
func (f Fault) WithHeader(key, value string) Fault {
	h := make([]headerField, len(f.header), len(f.header)+1)
	copy(h, f.header)
	f.header = append(h, headerField{key, value})
	return f
}

// WithBody returns a copy of f whose response body is body. It only matters for [KindStatus] and
// [KindStatusAfterApply] faults.
func (f Fault) WithBody(body string) Fault {
	f.body = body
	return f
}

// Kind returns what f does.
func (f Fault) Kind() Kind { return f.kind }

// StatusCode returns the status code f answers with, or 0 when the response comes from the operation.
func (f Fault) StatusCode() int { return f.status }

// Body returns the response body f answers with (for status faults).
func (f Fault) Body() string { return f.body }

// Header returns a new copy of the response headers f adds (for status faults), or nil.
func (f Fault) Header() http.Header {
	if len(f.header) == 0 {
		return nil
	}
	h := make(http.Header, len(f.header))
	for _, kv := range f.header {
		h.Add(kv.key, kv.value)
	}
	return h
}

// Duration returns the wait of a [KindDelay] fault.
func (f Fault) Duration() time.Duration { return f.delay }

// IsZero reports whether f is the zero Fault, which handles requests normally.
func (f Fault) IsZero() bool {
	return f.kind == KindNone && f.status == 0 && f.body == "" && len(f.header) == 0 && f.delay == 0
}

// String describes f for test failure messages, for example "status 503" or "delay 2s".
func (f Fault) String() string {
	switch f.kind {
	case KindStatus, KindStatusAfterApply:
		s := f.kind.String() + " " + strconv.Itoa(f.status)
		for _, kv := range f.header {
			s += fmt.Sprintf(" %s=%q", kv.key, kv.value)
		}
		return s
	case KindDelay:
		return "delay " + f.delay.String()
	default:
		return f.kind.String()
	}
}

func checkStatus(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("sandbox: invalid HTTP status code %d", code))
	}
}

// Faults is the set of fault constructors a gateway's sandbox offers its users. Each sandbox
// exports one value of it, named Faults, so that a test writes
// srv.Inject(op, bootpaytest.Faults.CloseAfterApply(), 1): the constructors are declared once,
// here, and the sandboxes differ only in the body of their 429 answer. The zero Faults answers
// RateLimit with an empty body.
type Faults struct {
	rateLimitBody string
}

// NewFaults returns the fault constructors of a sandbox whose [Faults.RateLimit] answers carry
// rateLimitBody, its gateway's "too many requests" error body.
func NewFaults(rateLimitBody string) Faults { return Faults{rateLimitBody: rateLimitBody} }

// Status returns a fault that answers with the HTTP status code and body without applying the
// operation, like a load balancer refusing the request. body may be empty. Its Content-Type is
// application/json when body is valid JSON and sniffed otherwise. It panics if code is not in
// 100–999.
func (Faults) Status(code int, body string) Fault { return Status(code, body) }

// StatusAfterApply returns a fault that applies the operation and then answers with the HTTP
// status code and body instead of the real response, like a proxy timing out after the gateway
// committed. It panics if code is not in 100–999.
func (Faults) StatusAfterApply(code int, body string) Fault { return StatusAfterApply(code, body) }

// RateLimit returns a fault that answers 429 Too Many Requests with the header
// Retry-After: retryAfter (seconds such as "2", or an HTTP date) and the gateway's
// "too many requests" error body, without applying the operation.
func (fs Faults) RateLimit(retryAfter string) Fault {
	return RateLimit(retryAfter).WithBody(fs.rateLimitBody)
}

// CloseBeforeRead returns a fault that closes the connection as soon as the request headers have
// arrived, without reading the body: nothing is applied and no response byte is sent. The client
// sees a connection error (EOF or reset) after having written its request.
func (Faults) CloseBeforeRead() Fault { return CloseBeforeRead() }

// CloseAfterApply returns a fault that reads the request, applies the operation (counted in the
// sandbox's Stats) and closes the connection without sending any response byte. The client sees
// a connection error although the change was made.
func (Faults) CloseAfterApply() Fault { return CloseAfterApply() }

// Delay returns a fault that waits d after reading the request and then serves it normally. As on
// a real server, the operation is applied after d even if the client has given up (timed out or
// cancelled its context) meanwhile; the sandbox's Settle waits for it. If the server is closed
// during the wait, the request is abandoned without being applied.
func (Faults) Delay(d time.Duration) Fault { return Delay(d) }

// TruncatedBody returns a fault that applies the operation and sends its real status line and
// headers, with a Content-Length of the full body, but only the first half of the body; then it
// closes the connection. Reading the body fails with io.ErrUnexpectedEOF although the change was
// made.
func (Faults) TruncatedBody() Fault { return TruncatedBody() }
