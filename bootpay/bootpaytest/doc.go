// Package bootpaytest runs an in-process Bootpay PG API v2 (결제 API) for tests and examples: a
// [net/http/httptest] server with Bootpay's paths, both authentication modes, receipts whose status
// moves as Bootpay's do on confirm (결제 승인) and cancel (결제 취소, 부분 취소), Bootpay-shaped error
// bodies, fault injection and a log of what it received.
//
// It is an independent implementation written from Bootpay's public REST API documentation
// (https://developers.bootpay.co.kr/pg/server/flow), not from the paykit client: it writes its JSON with its own
// structs, so a client tested against it is checked against the wire format rather than against
// itself. It speaks the client's status vocabulary: a receipt's status is a [bootpay.Status] such
// as bootpay.StatusAwaitingConfirm. Where Bootpay's documentation leaves a behaviour open
// (UNCONFIRMED), the sandbox chooses the documented or most defensive behaviour and says so in
// the doc comment concerned.
//
// # Starting a server
//
//	srv := bootpaytest.NewServer()
//	t.Cleanup(srv.Close)
//	baseURL := srv.URL() // "http://127.0.0.1:NNNNN/v2": use it as the client's base URL
//
// Options change the credentials ([WithBasicCredentials], [WithTokenCredentials]), the token
// lifetime ([WithTokenTTL]), the clock ([WithClock]) and the number format ([WithDecimalAmounts]).
//
// # Endpoints
//
//	POST /v2/request/token       {"application_id","private_key"} → {"access_token","expire_in"}  (OpToken)
//	GET  /v2/receipt/{id}        → receipt                                                          (OpReceiptGet)
//	POST /v2/confirm             {"receipt_id"} → receipt                                           (OpConfirm)
//	POST /v2/cancel              {"receipt_id","cancel_price",…} → receipt                          (OpCancel)
//
// Responses are JSON objects with Content-Type application/json; charset=utf-8. A receipt carries
// every field of Bootpay's receipt object (https://developers.bootpay.co.kr/pg/server/receipt); timestamps
// are KST with offset ("2026-11-22T14:05:09+09:00") and absent ones are omitted; "metadata" is an
// object.
//
// # Authentication
//
// Every endpoint except the token one requires either
//
//	Authorization: Basic base64(ClientKey:SecretKey)
//
// or a Bearer token from POST /v2/request/token, valid for 30 minutes by default. A re-request within
// the first 25 minutes returns the same token, as Bootpay documents. Missing or wrong credentials and
// unknown or expired tokens get HTTP 401 with error code TOKEN_KEY_INVALID. [Server.ExpireTokens]
// expires every token at once; advancing a [WithClock] clock past the lifetime does so too.
//
// # Receipts and the state machine
//
// [Server.CreateReceipt] stores a receipt as the payment window would have left it, by default in
// status 2 (bootpay.StatusAwaitingConfirm, 승인대기: waiting for a server-side confirm) and paid by
// card through nicepay; any [bootpay.Status] can be set:
//
//	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 15000})
//	paid := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 15000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
//
// POST /v2/confirm moves status 2 to 1 (결제완료). POST /v2/cancel cancels all or part of a paid
// receipt, adding to cancelled_price and cancelled_tax_free and moving the status to 20
// (결제취소완료); a cancel_id is accepted once per server, whatever the receipt, as Bootpay documents
// it unique per merchant (https://developers.bootpay.co.kr/pg/server/cancel). [Server.Receipt]
// returns the stored state, including each cancellation applied. Errors use the body
//
//	{"error_code":"RC_NOT_FOUND","message":"결제 정보를 찾을 수 없습니다."}
//
// with the codes and HTTP statuses listed at [CodeTokenKeyInvalid] and the constants after it.
//
// # Faults
//
// [Server.Inject] makes the next n requests to an operation fail in a chosen way, so a client's
// retry and reconciliation logic can be tested deterministically:
//
//	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.CloseAfterApply(), 1) // confirmed, but the reply is lost
//	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.RateLimit("1"), 2)     // 429 twice, then normal
//
// The faults are [Faults].Status and [Faults].RateLimit (answered without applying anything),
// [Faults].StatusAfterApply, [Faults].CloseBeforeRead (connection closed before the body is read;
// nothing applied), [Faults].CloseAfterApply (applied, then the connection is closed without a
// response), [Faults].Delay (slow reply; applied even if the client gives up) and
// [Faults].TruncatedBody (applied; the response body is cut short). Faults are served before
// authentication.
//
// The state machine never answers a 2xx that is not a success, such as a cancel answered with
// the receipt in status -20 (결제취소 실패: the PG refused, bootpay.CancelFailedError). Serve one
// with [Faults].Status(200, body), where body is a receipt's JSON (RawJSON of a lookup) with
// "status" changed; nothing is applied.
//
// # Observing what happened
//
// [Server.Requests] returns every request received (method, path, query, headers, body, operation,
// the [FaultKind] it was served under and status sent) and [Server.Stats] counts requests per
// operation and the state changes actually applied (tokens issued, confirms, cancels), so a test
// can assert for example that a retried cancel was applied exactly once. [Server.Settle] waits
// until every request received has been served, so that a confirm a [Faults].Delay fault held has
// landed before the test looks at the receipt.
//
// All methods of [Server] are safe for concurrent use.
package bootpaytest
