package bootpaytest

import "github.com/paykit-kr/paykit/internal/sandbox"

// FaultKind says what a [Fault] does to a request; [Request] records it in its Fault field. Its
// String method gives a short name such as "close-after-apply". Compare it with the Kind of the
// fault injected: req.Fault == bootpaytest.Faults.CloseAfterApply().Kind().
type FaultKind = sandbox.Kind

// A Request is one HTTP request the sandbox received, as returned by [Server.Requests]. Its fields:
//
//   - Time: when it arrived, by the server's clock ([WithClock]);
//   - Op: the [Operation] it was routed to, or "" for an unknown path or method;
//   - Method, Path (including /v2) and RawQuery, from the request line;
//   - Header: the request headers, Authorization included;
//   - Body: the request body, or nil if it was not read (under [Faults].CloseBeforeRead);
//   - Fault: the [FaultKind] it was served under (the zero FaultKind for none);
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
	// BillingKeysIssued counts billing keys issued (a card issue, or a bank-account publish);
	// BillingKeysDestroyed the keys destroyed.
	BillingKeysIssued    int
	BillingKeysDestroyed int
	// TransfersRequested counts bank-account billing-key requests (status 41).
	TransfersRequested int
	// ChargesApplied counts billing-key charges made by POST /v2/subscribe/payment.
	ChargesApplied int
	// ReservationsCreated, ReservationsExecuted and ReservationsCancelled count scheduled charges
	// made, charged when their time came, and revoked.
	ReservationsCreated   int
	ReservationsExecuted  int
	ReservationsCancelled int
	// AuthenticationsRequested counts identity verifications started, CodesSent the SMS codes sent
	// (first sends and resends), CertificatesConfirmed the verifications completed (status 12).
	AuthenticationsRequested int
	CodesSent                int
	CertificatesConfirmed    int
	// CashReceiptsPublished and CashReceiptsCancelled count cash receipts issued (on a payment or
	// standalone) and cancelled.
	CashReceiptsPublished int
	CashReceiptsCancelled int
	// ShipmentsStarted counts escrow payments whose shipping started.
	ShipmentsStarted int
	// UserTokensIssued counts easy-pay user tokens; PaymentLinksCreated payment links.
	UserTokensIssued    int
	PaymentLinksCreated int
	// Requests counts the requests received per operation, whatever their outcome (faulted,
	// rejected or applied); requests to unknown routes count under "".
	Requests map[Operation]int
}

// Stats returns the counters of requests received and of state changes actually applied. Comparing
// Requests with the applied counts shows, for example, that a confirm answered by a dropped
// connection was applied anyway.
func (s *Server) Stats() Stats {
	st := s.stats.Snapshot()
	st.Requests = s.kit.RequestCounts()
	return st
}
