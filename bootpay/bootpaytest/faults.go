package bootpaytest

import "github.com/paykit-kr/paykit/internal/sandbox"

// A Fault describes how the sandbox mistreats one request, for [Server.Inject]. The zero Fault
// serves the request normally. Faults are immutable values: WithHeader(key, value) and
// WithBody(body) return modified copies (they matter for the [Faults].Status,
// [Faults].StatusAfterApply and [Faults].RateLimit faults, whose responses the fault defines), and
// String describes the fault, for example "status 503", "delay 2s" or "close-after-apply".
//
// Faults act before authentication: a Status fault is answered even without credentials, and an
// operation "applied" under a fault still checks credentials and input and may fail as usual.
//
// Beware of net/http's own retries: when a connection fault ([Faults].CloseBeforeRead,
// [Faults].CloseAfterApply) hits a request sent on a reused keep-alive connection, http.Transport
// silently resends it if the request is idempotent in its eyes (GET, HEAD, OPTIONS, or any request
// carrying an Idempotency-Key or X-Idempotency-Key header), so the client may never see the fault.
// Inject such faults for more than one request when testing lookups, and count attempts with
// [Server.Stats] or [Server.Requests] rather than assuming one request per client call. POST
// /v2/confirm and POST /v2/cancel without those headers are not resent by http.Transport.
type Fault = sandbox.Fault

// Faults builds the faults [Server.Inject] serves requests under:
//
//   - Faults.Status(code, body) answers with the HTTP status code and body without applying the
//     operation, like a load balancer refusing the request; [ErrorBody] builds a Bootpay-shaped
//     body. It panics if code is not in 100–999.
//   - Faults.StatusAfterApply(code, body) applies the operation (confirm, cancel… take effect) and
//     then answers with code and body instead of the real response, like a proxy timing out after
//     the gateway committed.
//   - Faults.RateLimit(retryAfter) answers 429 Too Many Requests with the header
//     Retry-After: retryAfter (seconds such as "2", or an HTTP date) and the body
//     {"error_code":"TOO_MANY_REQUESTS","message":"…"}, without applying the operation.
//   - Faults.CloseBeforeRead() closes the connection as soon as the request headers have arrived:
//     nothing is applied and no response byte is sent.
//   - Faults.CloseAfterApply() reads the request, applies the operation (a confirm or cancel takes
//     effect and is counted in [Stats]) and closes the connection without a response byte.
//   - Faults.Delay(d) waits d after reading the request and then serves it normally; the operation
//     is applied after d even if the client has given up meanwhile ([Server.Settle] waits for it),
//     and abandoned unapplied if the server is closed during the wait.
//   - Faults.TruncatedBody() applies the operation and sends its real status line and headers, with
//     a Content-Length of the full body, but only the first half of the body, then closes the
//     connection: reading the body fails with io.ErrUnexpectedEOF although the change was made.
var Faults = sandbox.NewFaults(ErrorBody(CodeTooManyRequests, ""))

// Inject serves the next n requests to op under f. Faults injected for one operation queue up in
// order: after Inject(OpConfirm, a, 2) and Inject(OpConfirm, b, 1) the next three confirms get a, a
// and b, and later ones none. Injecting the zero Fault lets n requests through normally, which
// builds sequences such as "first succeeds, second fails". A negative n applies f to every request to
// op until [Server.ClearFaults]; n == 0 does nothing.
func (s *Server) Inject(op Operation, f Fault, n int) { s.kit.Inject(op, f, n) }

// ClearFaults removes every fault still queued, for every operation.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// PendingFaults returns how many requests to op will still be served under an injected fault (-1 if
// a fault was injected for every request).
func (s *Server) PendingFaults(op Operation) int { return s.kit.PendingFaults(op) }
