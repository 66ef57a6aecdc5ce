package portonetest

import (
	"net/url"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// FaultKind says what a [Fault] does to a request; [Request] records it in its Fault field. Its
// String method gives a short name such as "close-after-apply". Compare it with the Kind of the
// fault injected: req.Fault == portonetest.Faults.CloseAfterApply().Kind().
type FaultKind = sandbox.Kind

// A Request is one HTTP request the sandbox received, as returned by [Server.Requests]. Its
// fields, most of them promoted from the request log every paykit sandbox keeps:
//
//   - Time: when it arrived, by the server's clock ([WithClock]);
//   - Op: the [Operation] it was routed to, or "" for an unknown path or method;
//   - Method, Path and RawQuery, from the request line;
//   - Header: the request headers, Authorization included;
//   - Body: the request body, or nil if it was not read (under [Faults].CloseBeforeRead);
//   - Fault: the [FaultKind] it was served under (the zero FaultKind for none);
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
	// VirtualAccountsClosed counts virtual accounts closed by POST
	// /payments/{id}/virtual-account/close.
	VirtualAccountsClosed int
	// BillingKeyPaymentsApplied counts payments completed (PAID) by POST /payments/{id}/billing-key.
	BillingKeyPaymentsApplied int
	// PGFailures counts 502 PG_PROVIDER answers caused by a [PGError] in a spec (the failed payment
	// or cancellation is recorded); injected faults do not count.
	PGFailures int
	// PaymentEventsRecorded counts the payment events recorded for GET /payment-events-by-cursor:
	// one per payment that became PAID (however it did), per 부분취소 and per full cancel.
	PaymentEventsRecorded int
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
	// SchedulesSucceeded and SchedulesFailed count schedules run at their timeToPay
	// ([Server.RunDueSchedules]): charged (a PAID payment) or not (a FAILED schedule). Their
	// charges are not in BillingKeyPaymentsApplied or PGFailures, which count answers to POST
	// /payments/{id}/billing-key.
	SchedulesSucceeded int
	SchedulesFailed    int
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

// Stats returns the counters of requests received and of state changes actually applied.
// Comparing Requests with the applied counts shows, for example, that a cancel answered by a
// dropped connection was applied anyway, and that its retry was a replay.
func (s *Server) Stats() Stats {
	st := s.stats.Snapshot()
	st.Requests = s.kit.RequestCounts()
	return st
}
