package bootpaytest

import "github.com/paykit-kr/paykit/internal/sandbox"

// Operation names an endpoint of the sandbox, for [Server.Inject], the Op field of [Request] and
// [Stats.Requests].
type Operation string

// The operations the sandbox serves.
const (
	OpToken      Operation = "token"       // POST /v2/request/token
	OpReceiptGet Operation = "receipt.get" // GET /v2/receipt/{receipt_id}
	OpConfirm    Operation = "confirm"     // POST /v2/confirm
	OpCancel     Operation = "cancel"      // POST /v2/cancel
)

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

// FaultKind says what a [Fault] does to a request; [Request] records it in its Fault field. Its
// String method gives a short name such as "close-after-apply". Compare it with the Kind of the
// fault injected: req.Fault == bootpaytest.Faults.CloseAfterApply().Kind().
type FaultKind = sandbox.Kind

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

// A Request is one HTTP request the sandbox received, as returned by [Server.Requests]. Its fields:
//
//   - Time: when it arrived, by the server's clock ([WithClock]);
//   - Op: the [Operation] it was routed to, or "" for an unknown path or method;
//   - Method, Path (including /v2) and RawQuery, from the request line;
//   - Header: the request headers, Authorization included;
//   - Body: the request body, or nil if it was not read (under [Faults].CloseBeforeRead);
//   - Fault: the [FaultKind] it was served under, [FaultNone] for none;
//   - StatusCode: the HTTP status sent (also for a truncated response), or 0 while the request is
//     still being served and when the connection was closed without a response.
type Request = sandbox.Request[Operation]

// Requests returns a copy of every request received so far, in arrival order.
func (s *Server) Requests() []Request { return s.kit.Requests() }

// Stats counts what the sandbox did, as returned by [Server.Stats].
type Stats struct {
	// TokensIssued counts new access tokens created by POST /v2/request/token. A re-request
	// answered with the still-fresh current token does not count.
	TokensIssued int
	// ConfirmsApplied counts receipts moved from status 2 to 1 by POST /v2/confirm.
	ConfirmsApplied int
	// CancelsApplied counts cancellations (full or partial) applied by POST /v2/cancel.
	CancelsApplied int
	// Requests counts the requests received per operation, whatever their outcome (faulted,
	// rejected or applied); requests to unknown routes count under "".
	Requests map[Operation]int
}

const (
	counterTokens   = "tokens_issued"
	counterConfirms = "confirms_applied"
	counterCancels  = "cancels_applied"
)

// Stats returns the counters of requests received and of state changes actually applied. Comparing
// Requests with the applied counts shows, for example, that a confirm answered by a dropped
// connection was applied anyway.
func (s *Server) Stats() Stats {
	c := s.kit.Counters.Snapshot()
	return Stats{
		TokensIssued:    int(c[counterTokens]),
		ConfirmsApplied: int(c[counterConfirms]),
		CancelsApplied:  int(c[counterCancels]),
		Requests:        s.kit.RequestCounts(),
	}
}
