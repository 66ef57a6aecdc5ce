package portonetest

import "github.com/paykit-kr/paykit/internal/sandbox"

// A Fault describes how the sandbox mistreats one request, for [Server.Inject]. The zero Fault
// serves the request normally. Faults are immutable values: WithHeader(key, value) and
// WithBody(body) return modified copies (they matter for the [Faults].Status,
// [Faults].StatusAfterApply and [Faults].RateLimit faults, whose responses the fault defines), and
// String describes the fault, for example "status 503", "delay 2s" or "close-after-apply".
//
// Faults act before authentication and before the Idempotency-Key is looked at: a Status fault is
// answered even without credentials, and an operation "applied" under a fault still checks
// credentials, key and input and may fail as usual. A keyed write that is applied stores its real
// response under its key even when the fault then hides it from the client
// ([Faults].CloseAfterApply, [Faults].TruncatedBody, [Faults].StatusAfterApply, [Faults].Delay
// after the client gave up), so a retry with the same key receives that response and the change
// happens once. A write that is not applied ([Faults].Status, [Faults].RateLimit,
// [Faults].CloseBeforeRead) leaves its key unused.
//
// Beware of net/http's own retries: when a connection fault ([Faults].CloseBeforeRead,
// [Faults].CloseAfterApply) hits a request sent on a reused keep-alive connection, http.Transport
// silently resends it once if the request is idempotent in its eyes: GET, HEAD, OPTIONS, or any
// request carrying an Idempotency-Key (or X-Idempotency-Key) header and a re-readable body. A keyed
// cancel that was applied and then lost its connection is therefore resent by the transport itself
// and answered with the stored response: the client sees success, [Stats] shows two requests, one
// cancel applied and one replay. Count attempts with [Server.Stats] or [Server.Requests] rather
// than assuming one request per client call, and send the first request on a fresh connection (or
// with Request.Close set) when a test needs to see the connection error.
type Fault = sandbox.Fault

// Faults builds the faults [Server.Inject] serves requests under:
//
//   - Faults.Status(code, body) answers with the HTTP status code and body without applying the
//     operation, like a load balancer refusing the request; [ErrorBody] and [PGProviderErrorBody]
//     build PortOne-shaped bodies. It panics if code is not in 100–999.
//   - Faults.StatusAfterApply(code, body) applies the operation (a cancel or payment takes effect,
//     and a keyed request's real response is stored under its key) and then answers with code and
//     body instead of the real response, like a proxy timing out after PortOne committed.
//   - Faults.RateLimit(retryAfter) answers 429 Too Many Requests with the header
//     Retry-After: retryAfter (seconds such as "2", or an HTTP date) and the body
//     {"type":"TOO_MANY_REQUESTS","message":"…"}, without applying the operation.
//   - Faults.CloseBeforeRead() closes the connection as soon as the request headers have arrived:
//     nothing is applied and no response byte is sent.
//   - Faults.CloseAfterApply() reads the request, applies the operation (counted in [Stats], its
//     response stored under its Idempotency-Key if it has one) and closes the connection without a
//     response byte.
//   - Faults.Delay(d) waits d after reading the request and then serves it normally; the operation
//     is applied after d even if the client has given up meanwhile ([Server.Settle] waits for it),
//     a keyed request holds its key during the wait (a duplicate gets 409
//     IDEMPOTENCY_OUTSTANDING_REQUEST), and the request is abandoned unapplied if the server is
//     closed during the wait.
//   - Faults.TruncatedBody() applies the operation and sends its real status line and headers, with
//     a Content-Length of the full body, but only the first half of the body, then closes the
//     connection: reading the body fails with io.ErrUnexpectedEOF although the change was made.
var Faults = sandbox.NewFaults(ErrorBody(ErrorTypeTooManyRequests, ""))

// Inject serves the next n requests to op under f. Faults injected for one operation queue up in
// order: after Inject(OpPaymentCancel, a, 2) and Inject(OpPaymentCancel, b, 1) the next three
// cancels get a, a and b, and later ones none. Injecting the zero Fault lets n requests through
// normally, which builds sequences such as "first succeeds, second fails". A negative n applies f
// to every request to op until [Server.ClearFaults]; n == 0 does nothing.
func (s *Server) Inject(op Operation, f Fault, n int) { s.kit.Inject(op, f, n) }

// ClearFaults removes every fault still queued, for every operation.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// PendingFaults returns how many requests to op will still be served under an injected fault (-1 if
// a fault was injected for every request).
func (s *Server) PendingFaults(op Operation) int { return s.kit.PendingFaults(op) }
