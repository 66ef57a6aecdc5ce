package commercetest

import "github.com/paykit-kr/paykit/internal/sandbox"

// A Fault describes how the sandbox mistreats one request, for [Server.Inject]; the zero Fault
// serves it normally. Faults act before authentication. As with every paykit sandbox, net/http
// resends by itself a request that carries an Idempotency-Key (or is a GET) when its reused
// connection dies, so count attempts in [Server.Requests] rather than assuming one per call.
type Fault = sandbox.Fault

// Faults builds the faults [Server.Inject] serves requests under:
//
//   - Faults.Status(code, body) answers code and body without applying the operation; [ErrorBody]
//     and [SuccessErrorBody] build Commerce-shaped bodies.
//   - Faults.StatusAfterApply(code, body) applies the operation, then answers code and body
//     instead of the real answer.
//   - Faults.RateLimit(retryAfter) answers 429 with Retry-After and a TOO_MANY_REQUESTS body,
//     without applying.
//   - Faults.CloseBeforeRead() closes the connection before the body is read: nothing is applied.
//   - Faults.CloseAfterApply() applies the operation (counted in [Stats]) and closes the
//     connection without answering.
//   - Faults.Delay(d) waits d, then serves the request, even if the client gave up meanwhile.
//   - Faults.TruncatedBody() applies the operation and sends half of its answer.
var Faults = sandbox.NewFaults(ErrorBody(CodeTooManyRequests, ""))

// Inject serves the next n requests to op under f, queued after the faults already injected for
// op (n < 0: every one until [Server.ClearFaults]; n == 0 does nothing).
func (s *Server) Inject(op Operation, f Fault, n int) { s.kit.Inject(op, f, n) }

// ClearFaults removes every fault still queued, for every operation.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// PendingFaults returns how many requests to op will still be served under an injected fault (-1
// if a fault was injected for every request).
func (s *Server) PendingFaults(op Operation) int { return s.kit.PendingFaults(op) }
