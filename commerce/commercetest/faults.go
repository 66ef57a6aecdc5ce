package commercetest

import (
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Operation names an endpoint of the sandbox, for [Server.Inject], the Op
// field of [Request] and [Stats.Requests].
type Operation string

// The operations the sandbox serves.
const (
	OpOrderGet       Operation = "orders.get"                   // GET /v1/orders/{order_id}
	OpOrderList      Operation = "orders.list"                  // GET /v1/orders
	OpOrderMonth     Operation = "orders.month"                 // GET /v1/orders/month
	OpCancelRequest  Operation = "order_cancellations.request"  // POST /v1/order/cancel
	OpCancelList     Operation = "order_cancellations.list"     // GET /v1/order/cancel
	OpCancelWithdraw Operation = "order_cancellations.withdraw" // PUT /v1/order/cancel/{id}/withdraw
	OpCancelApprove  Operation = "order_cancellations.approve"  // PUT /v1/order/cancel/{id}/approve
	OpCancelReject   Operation = "order_cancellations.reject"   // PUT /v1/order/cancel/{id}/reject
	OpInvoiceCreate  Operation = "invoices.create"              // POST /v1/invoices
	OpInvoiceGet     Operation = "invoices.get"                 // GET /v1/invoices/{invoice_id}
	OpInvoiceList    Operation = "invoices.list"                // GET /v1/invoices
	OpInvoiceNotify  Operation = "invoices.notify"              // POST /v1/invoices/{invoice_id}/notify
)

// A Fault describes how the sandbox mistreats one request, for
// [Server.Inject]; the zero Fault serves it normally. Faults act before
// authentication. As with every paykit sandbox, net/http resends by
// itself a request that carries an Idempotency-Key (or is a GET) when its
// reused connection dies, so count attempts in [Server.Requests].
type Fault = sandbox.Fault

// Status answers with code and body without applying the operation.
func Status(code int, body string) Fault { return sandbox.Status(code, body) }

// StatusAfterApply applies the operation, then answers code and body
// instead of the real answer.
func StatusAfterApply(code int, body string) Fault { return sandbox.StatusAfterApply(code, body) }

// RateLimit answers 429 with Retry-After: retryAfter, without applying.
func RateLimit(retryAfter string) Fault { return sandbox.RateLimit(retryAfter) }

// CloseBeforeRead closes the connection before reading the body: nothing
// is applied.
func CloseBeforeRead() Fault { return sandbox.CloseBeforeRead() }

// CloseAfterApply applies the operation and closes the connection without
// answering.
func CloseAfterApply() Fault { return sandbox.CloseAfterApply() }

// Delay waits d, then serves the request, even if the client gave up.
func Delay(d time.Duration) Fault { return sandbox.Delay(d) }

// TruncatedBody applies the operation and sends half of its answer.
func TruncatedBody() Fault { return sandbox.TruncatedBody() }

// Inject serves the next n requests to op under f (n < 0: every one until
// [Server.ClearFaults]).
func (s *Server) Inject(op Operation, f Fault, n int) { s.kit.Inject(op, f, n) }

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// A Request is one HTTP request the sandbox received (method, path with
// /v1, query, headers, body, the fault it was served under, the status).
type Request = sandbox.Request[Operation]

// Requests returns a copy of every request received so far, in order.
func (s *Server) Requests() []Request { return s.kit.Requests() }

// Stats counts what the sandbox did.
type Stats struct {
	// CancellationsRequested counts cancellation requests created.
	CancellationsRequested int
	// CancellationsApplied counts orders cancelled (immediately or by
	// approval): the refunds made.
	CancellationsApplied int
	// InvoicesCreated counts invoices created by POST /v1/invoices.
	InvoicesCreated int
	// NotificationsSent counts invoices sent by POST .../notify.
	NotificationsSent int
	// Replays counts keyed writes answered from the key store.
	Replays int
	// Requests counts the requests per operation, whatever their outcome.
	Requests map[Operation]int
}

const (
	counterCancelRequests = "cancellations_requested"
	counterCancelApplied  = "cancellations_applied"
	counterInvoices       = "invoices_created"
	counterNotifications  = "notifications_sent"
)

// Stats returns the counters.
func (s *Server) Stats() Stats {
	c := s.kit.Counters.Snapshot()
	return Stats{
		CancellationsRequested: int(c[counterCancelRequests]),
		CancellationsApplied:   int(c[counterCancelApplied]),
		InvoicesCreated:        int(c[counterInvoices]),
		NotificationsSent:      int(c[counterNotifications]),
		Replays:                s.idem.replayCount(),
		Requests:               s.kit.RequestCounts(),
	}
}
