package portonetest

import (
	"net/url"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Operation names an endpoint of the sandbox, for [Server.Inject], the Op field of [Request] and
// [Stats.Requests]. The names are the operation names the portone client reports (APIError.Op).
type Operation string

// The operations the sandbox serves.
const (
	OpLogin               Operation = "auth.login"                 // POST /login/api-secret
	OpTokenRefresh        Operation = "auth.refresh"               // POST /token/refresh
	OpPaymentGet          Operation = "payments.get"               // GET /payments/{paymentId}
	OpPaymentList         Operation = "payments.list"              // GET /payments
	OpPaymentListByCursor Operation = "payments.all"               // GET /payments-by-cursor
	OpPaymentCancel       Operation = "payments.cancel"            // POST /payments/{paymentId}/cancel
	OpPaymentPreRegister  Operation = "payments.preRegister"       // POST /payments/{paymentId}/pre-register
	OpBillingKeyPay       Operation = "payments.payWithBillingKey" // POST /payments/{paymentId}/billing-key
	OpBillingKeyIssue     Operation = "billingKeys.issue"          // POST /billing-keys
	OpBillingKeyGet       Operation = "billingKeys.get"            // GET /billing-keys/{billingKey}
	OpBillingKeyDelete    Operation = "billingKeys.delete"         // DELETE /billing-keys/{billingKey}
	OpScheduleCreate      Operation = "paymentSchedules.create"    // POST /payments/{paymentId}/schedule
	OpScheduleGet         Operation = "paymentSchedules.get"       // GET /payment-schedules/{paymentScheduleId}
	OpScheduleRevoke      Operation = "paymentSchedules.revoke"    // DELETE /payment-schedules
)

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

// FaultKind says what a [Fault] does to a request; [Request] records it in its Fault field. Its
// String method gives a short name such as "close-after-apply". Compare it with the Kind of the
// fault injected: req.Fault == portonetest.Faults.CloseAfterApply().Kind().
type FaultKind = sandbox.Kind

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

// A Request is one HTTP request the sandbox received, as returned by [Server.Requests]. Its
// fields, most of them promoted from the request log every paykit sandbox keeps:
//
//   - Time: when it arrived, by the server's clock ([WithClock]);
//   - Op: the [Operation] it was routed to, or "" for an unknown path or method;
//   - Method, Path and RawQuery, from the request line;
//   - Header: the request headers, Authorization included;
//   - Body: the request body, or nil if it was not read (under [Faults].CloseBeforeRead);
//   - Fault: the [FaultKind] it was served under, [FaultNone] for none;
//   - StatusCode: the HTTP status sent (also for a truncated response), or 0 while the request is
//     still being served and when the connection was closed without a response;
//   - IdempotencyKey: the value of the Idempotency-Key header with its RFC 8941 quotes removed, or
//     "" when there was none or it was malformed.
type Request struct {
	sandbox.Request[Operation]
	IdempotencyKey string
}

// Input returns the request's JSON input: the requestBody query parameter when present (the form
// PortOne's GET lists and DELETE /payment-schedules take), otherwise the body.
func (r Request) Input() []byte {
	if q, err := url.ParseQuery(r.RawQuery); err == nil && q.Has("requestBody") {
		return []byte(q.Get("requestBody"))
	}
	return r.Body
}

// Requests returns a copy of every request received so far, in arrival order.
func (s *Server) Requests() []Request {
	logged := s.kit.Requests()
	out := make([]Request, len(logged))
	for i, e := range logged {
		out[i].Request = e
		if key, _, err := idempotencyKey(e.Header); err == nil {
			out[i].IdempotencyKey = key
		}
	}
	return out
}

// Stats counts what the sandbox did, as returned by [Server.Stats]. The "applied" counters count
// state changes actually made, whether or not the client received the response.
type Stats struct {
	// TokensIssued counts token pairs issued by POST /login/api-secret, and TokensRefreshed those
	// issued by POST /token/refresh.
	TokensIssued    int
	TokensRefreshed int
	// CancelsApplied counts successful cancellations (full or partial) by POST
	// /payments/{id}/cancel.
	CancelsApplied int
	// BillingKeyPaymentsApplied counts payments completed (PAID) by POST /payments/{id}/billing-key.
	BillingKeyPaymentsApplied int
	// PGFailures counts 502 PG_PROVIDER answers caused by a [PGError] in a spec (the failed payment
	// or cancellation is recorded); injected faults do not count.
	PGFailures int
	// PreRegistrationsApplied counts POST /payments/{id}/pre-register calls that stored amounts.
	PreRegistrationsApplied int
	// BillingKeysIssued counts keys issued by POST /billing-keys (not by [Server.IssueBillingKey]),
	// and BillingKeysDeleted keys deleted by DELETE /billing-keys/{billingKey}.
	BillingKeysIssued  int
	BillingKeysDeleted int
	// SchedulesCreated counts schedules created by POST /payments/{id}/schedule, and
	// SchedulesRevoked schedules revoked by DELETE /payment-schedules.
	SchedulesCreated int
	SchedulesRevoked int
	// IdempotentReplays counts stored responses sent again for a repeated Idempotency-Key;
	// OutstandingConflicts counts 409 IDEMPOTENCY_OUTSTANDING_REQUEST answers; and
	// IdempotencyMismatches counts 422 IDEMPOTENCY_KEY_REUSED answers. None of them applied
	// anything.
	IdempotentReplays     int
	OutstandingConflicts  int
	IdempotencyMismatches int
	// Requests counts the requests received per operation, whatever their outcome (faulted,
	// rejected, replayed or applied); requests to unknown routes count under "".
	Requests map[Operation]int
}

const (
	counterTokensIssued    = "tokens_issued"
	counterTokensRefreshed = "tokens_refreshed"
	counterCancels         = "cancels_applied"
	counterBillingKeyPays  = "billing_key_payments_applied"
	counterPGFailures      = "pg_failures"
	counterPreRegs         = "pre_registrations_applied"
	counterKeysIssued      = "billing_keys_issued"
	counterKeysDeleted     = "billing_keys_deleted"
	counterSchedules       = "schedules_created"
	counterRevokes         = "schedules_revoked"
	counterReplays         = "idempotent_replays"
	counterOutstanding     = "idempotency_outstanding"
	counterMismatches      = "idempotency_mismatches"
)

// Stats returns the counters of requests received and of state changes actually applied.
// Comparing Requests with the applied counts shows, for example, that a cancel answered by a
// dropped connection was applied anyway, and that its retry was a replay.
func (s *Server) Stats() Stats {
	c := s.kit.Counters.Snapshot()
	return Stats{
		TokensIssued:              int(c[counterTokensIssued]),
		TokensRefreshed:           int(c[counterTokensRefreshed]),
		CancelsApplied:            int(c[counterCancels]),
		BillingKeyPaymentsApplied: int(c[counterBillingKeyPays]),
		PGFailures:                int(c[counterPGFailures]),
		PreRegistrationsApplied:   int(c[counterPreRegs]),
		BillingKeysIssued:         int(c[counterKeysIssued]),
		BillingKeysDeleted:        int(c[counterKeysDeleted]),
		SchedulesCreated:          int(c[counterSchedules]),
		SchedulesRevoked:          int(c[counterRevokes]),
		IdempotentReplays:         int(c[counterReplays]),
		OutstandingConflicts:      int(c[counterOutstanding]),
		IdempotencyMismatches:     int(c[counterMismatches]),
		Requests:                  s.kit.RequestCounts(),
	}
}
