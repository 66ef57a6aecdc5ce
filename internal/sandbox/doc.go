// Package sandbox is the kit the in-process gateway sandboxes (bootpaytest, portonetest, …) are
// built on, so that each sandbox holds only what is its gateway's: state, authentication, error
// tables and counters.
//
// The kit knows nothing about any gateway. It provides:
//
//   - [Server]: the httptest server's lifecycle, routing on net/http ServeMux patterns
//     ("GET /payments/{paymentId}") declared as [Route] values, JSON answers for unknown routes and
//     methods, the fault queue ([Server.Inject], [Server.PendingFaults], [Server.ClearFaults]), the
//     request log ([Server.Requests]), counters of applied state changes, and [Server.Settle];
//   - [Fault] and its kinds ([KindStatus], [KindCloseAfterApply], …): the ways real networks and
//     gateways fail, served by a [Runner] that decides whether and when the operation is applied
//     and how much of its answer reaches the client;
//   - the write-outcome matrix ([FirstFaults], [FinalAnswers], [Matrix]) that every gateway's
//     writes are tested through;
//   - [Clock], the one fake clock the sandboxes and the client tests share;
//   - [Tokens], the table of issued bearer tokens and their expiry (how a gateway issues and
//     rotates them stays in its sandbox);
//   - JSON helpers for wire bodies ([JSON], [RawJSON], [DecodeObject]) and ids ([RandomHex],
//     [NewUUID], [Digits]). A sandbox writes its wire JSON with its own structs, never through the
//     client's types, so that an encoding bug and a decoding bug in the client cannot cancel out;
//   - the browser-SDK stand-ins' common part ([BrowserSDK], [BrowserCall]): one payment sheet
//     (browser_sheet.js, embedded) served before each gateway's own small adapter script, and the
//     decoding of the calls a page posts. What the sheet says and which calls exist stay in each
//     sandbox's browser.go and browser.js.
//
// Connection faults hijack the connection through [http.Hijacker], which servers started by
// net/http/httptest provide (they speak HTTP/1.1 unless HTTP/2 is enabled explicitly).
//
// A client built on net/http may not see a connection fault at all: http.Transport resends, once, a
// request that fails on a reused keep-alive connection when it considers the request idempotent
// (GET, HEAD, OPTIONS, TRACE, or any request with an Idempotency-Key or X-Idempotency-Key header).
// Sandboxes say so to their users; tests count requests in the request log.
//
// Test helpers that need package testing (settling a server from a test, running the matrix) are
// in the sibling package sandboxtest.
package sandbox
