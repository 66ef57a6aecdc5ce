package commercetest

import "github.com/paykit-kr/paykit/internal/sandbox"

// A Request is one HTTP request the sandbox received, as [Server.Requests] returns it: when it
// arrived (by the server's clock), its [Operation] ("" for an unknown route), method, path (with
// /v1), query, headers, body, the fault it was served under and the status sent (0 when the
// connection was closed without an answer).
type Request = sandbox.Request[Operation]

// Requests returns a copy of every request received so far, in arrival order.
func (s *Server) Requests() []Request { return s.kit.Requests() }

// Stats counts what the sandbox did, as [Server.Stats] returns it: the state changes it applied and
// the requests it received.
type Stats struct {
	// CancellationsRequested counts cancellation requests created.
	CancellationsRequested int
	// CancellationsApplied counts orders cancelled (immediately or by approval): the refunds made.
	CancellationsApplied int
	// InvoicesCreated counts invoices created by POST /v1/invoices.
	InvoicesCreated int
	// NotificationsSent counts invoices sent by POST .../notify.
	NotificationsSent int
	// SubscriptionTransitions counts contracts paused, resumed or
	// terminated.
	SubscriptionTransitions int
	// ChargesApplied counts on-demand subscription charges made: the money
	// taken.
	ChargesApplied int
	// ProductsCreated counts products created by POST /v1/products.
	ProductsCreated int
	// UsersJoined counts customers created by POST /v1/users/join.
	UsersJoined int
	// Replays counts keyed writes answered from the Idempotency-Key store.
	Replays int
	// Requests counts the requests per operation, whatever their outcome.
	Requests map[Operation]int
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	st := s.stats.Snapshot()
	st.Requests = s.kit.RequestCounts()
	return st
}
