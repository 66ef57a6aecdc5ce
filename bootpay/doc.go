// Package bootpay is a typed client for the Bootpay PG REST API (v2): look
// payments up, confirm separately confirmed payments (서버 승인), and cancel
// them in full or in part (부분취소), with exact amounts, typed errors and
// retries that never move money twice.
//
// # Authentication
//
// Bootpay recommends the client key and secret key, sent as HTTP Basic
// credentials on every request:
//
//	client, err := bootpay.NewClient(bootpay.BasicAuth(clientKey, secretKey))
//
// The legacy application id and private key are exchanged for a 30-minute
// access token. The client caches it, renews it five minutes before it
// expires (in the background: calls keep the cached token meanwhile, and a
// failed renewal is logged at WARN and tried again by the next call),
// collapses concurrent renewals into one request, and renews once more
// (replaying the call) if Bootpay answers 401. After such a refusal the
// new renewal starts at once, even while one begun before it still runs
// (whose token is then not used), so two token requests can overlap:
//
//	client, err := bootpay.NewClient(bootpay.TokenAuth(applicationID, privateKey))
//
// Neither Auth nor Client prints its secrets, with any fmt verb or in slog.
// Receipts print and log with their card and account numbers masked;
// CardNumber.Reveal and AccountNumber.Reveal read them on purpose (a
// virtual account number must be shown to the buyer).
//
// # Verifying a payment
//
// Never trust the amount or status the browser reports. Verify looks the
// receipt up and compares it with the order in your own database; a
// *MismatchError names every field that differs (위변조 의심):
//
//	r, err := client.Receipts.Verify(ctx, bootpay.VerifyParams{
//		ReceiptID: receiptID, OrderID: order.ID, Amount: order.Amount, Status: bootpay.StatusPaid,
//	})
//
// A receipt made in Bootpay's test mode (sandbox: true) never passes a
// production check: it is a "sandbox" mismatch unless VerifyParams (or
// ConfirmParams, ChargeParams, IssueBillingKeyParams for the first charge
// of an issue with a Price, ReconcileChargeParams) sets AllowSandbox.
// webhook.BootpayLookup and reconcile.BootpayGateway have the same field.
// Leave every one of them false in production. The currency is always
// compared: VerifyParams.Currency (and ConfirmParams.Currency) left empty
// expects KRW, and a receipt that names none is KRW.
//
// Receipt.Verify compares a receipt you already have. Every paykit gateway
// names this capability the same way: VerifyParams is what your database
// says the payment must be, Verify (on the service: look up and compare;
// on the object: compare) checks it, and *MismatchError with its
// Mismatches (Field, Expected, Actual) reports what differs. ConfirmVerified
// is the confirm that verifies before and after.
//
// Amounts are exact won (Amount, an int64); 1000 and 1000.0 on the wire
// decode to the same value, and a fractional amount is an error rather
// than a rounding.
//
// # Separately confirmed payments (분리 승인)
//
// With extra.separately_confirmed: true the payment window stops after the
// buyer authenticates, and the receipt waits in status 2 (승인대기) until
// your server confirms it. ConfirmVerified checks the receipt (status 2,
// your order id, your amount), confirms it, and checks the confirmed
// receipt (status 1, same order id and amount). Hold the order first, then
// confirm, then record, so that no failure can leave money captured and the
// order unpaid:
//
//	// 1. In one committed transaction: lock the order row, check it, take
//	//    the stock, mark it "confirming" with the receipt id.
//	holdOrder(ctx, db, orderID, receiptID)
//	// 2. Confirm on a context the buyer's closed tab cannot cancel.
//	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 90*time.Second)
//	defer cancel()
//	res, err := client.Receipts.ConfirmVerified(cctx, bootpay.ConfirmParams{
//		ReceiptID: receiptID, OrderID: order.ID, Amount: order.Amount, Currency: "KRW",
//		CancelOnMismatch: true, // refund a payment confirmed for another amount
//	})
//	// 3. Record, testing in this order:
//	//    - errors.Is(err, bootpay.ErrOutcomeUnknown): leave it "confirming"
//	//      (stock held) and settle it later with ReconcileConfirm;
//	//    - a *MismatchError with AfterConfirm: the confirm was sent and the
//	//      buyer's money may be captured. Never fulfil, and do not release
//	//      the order as if nothing happened. Cancelled set: refunded in
//	//      full, release it. Otherwise (CancelErr set, or CancelOnMismatch
//	//      off) a receipt in status 1 still holds the money: refund it
//	//      (Receipts.Cancel; if CancelErr matches ErrOutcomeUnknown, look
//	//      the receipt up first) and release the order once refunded;
//	//    - a *MismatchError without AfterConfirm: this call confirmed and
//	//      cancelled nothing, CancelOnMismatch or not, but the receipt may
//	//      already hold the buyer's money (the browser's Bootpay.confirm()
//	//      after a forged amount). Never fulfil. Receipt.Status 1 with this
//	//      order's id: refund it in full (Receipts.Cancel with Full and a
//	//      CancelID derived from the order and the receipt id, so a retry
//	//      refunds once and a second receipt of the order gets its own
//	//      refund: cancel_id is unique per merchant) and release the order
//	//      only once refunded; status 3 (결제승인중) with
//	//      this order's id: keep it "confirming" and look again; any other
//	//      status, or another order's receipt: release it;
//	//    - nil: mark it paid, once;
//	//    - any other error: this call confirmed nothing; release the order.
//
// A row that says "a confirm of this receipt may be under way" is committed
// before Bootpay is asked, so a crash, a closed tab or a failed final update
// leaves an order a reconciler can finish by looking the receipt up. The
// checkout example in the repository's examples/checkout is this endpoint
// in full.
//
// ConfirmVerified is idempotent by receipt id: called again for a receipt
// already confirmed for the same order and amount (the browser retried, the
// webhook handler won), it succeeds with ConfirmResult.AlreadyConfirmed
// and sends no confirm. If the confirm's outcome is unknown (the
// connection broke after the request was sent, or the reply was not a
// receipt), it looks the receipt up instead of confirming again: status 1
// is a success; status 2 is a *PendingConfirmError, which means "keep the
// order pending and look again with ReconcileConfirm, or wait for the
// webhook". Its doc comment lists every outcome a caller must handle.
//
// Every reply is checked against the receipt you named: a reply about
// another receipt is never taken for yours, and CancelOnMismatch only ever
// cancels the receipt you named, and only while it carries your order id
// (a paid receipt of another order may be another customer's payment).
// ConfirmVerified saw the receipt carry your order id before confirming,
// so a reply after the confirm naming another order is a bad reply, an
// unknown outcome to settle with ReconcileConfirm, never "another
// order's receipt".
//
// # Cancelling
//
// Cancel takes exactly one of Full or Amount, so a zero amount can never
// turn into a full refund by accident. Every cancel carries a cancel_id
// (yours, or one generated and reused on every attempt), which Bootpay
// refuses to apply twice: a retried cancel can never cancel twice. A
// cancel_id is unique per merchant (가맹점 취소 고유 ID), not per receipt.
// When Bootpay refuses a cancel_id as already applied, Cancel looks the
// receipt up and reports success only if the receipt proves this cancel
// was applied (a generated cancel_id the amounts cover, a full cancel
// with nothing left, or a 부분취소 under your own cancel_id whose
// receipt's cancelled total rose by at least its amount since before its
// first attempt: Cancel looks the receipt up once before that attempt, or
// takes CancelParams.CancelledBefore; the total alone never proves it,
// since the id may have gone to another receipt); a cancel_id reused for a
// different cancel is a *CancelIDConflictError, and a receipt that proves
// neither gives an *OutcomeUnknownError. Any other refusal of your own
// cancel_id is checked the same way, since Bootpay's code for a repeated
// one is not documented: it stays a refusal only if the receipt could not
// include this cancel. A 2xx counts only when its receipt shows the cancel
// (status 20 with the amounts covering it); status -20 (결제취소 실패) with
// nothing cancelled is a *CancelFailedError, and any other reply an
// *OutcomeUnknownError.
//
// # Retries and idempotency
//
// Each operation has a retry class. Lookups and token requests are retried
// on network errors, 408, 429 and 5xx. Cancels are retried the same way
// because their cancel_id makes them idempotent. Confirm is a write Bootpay
// does not deduplicate: it is retried only when the request provably never
// left the client (the connection was refused, or failed before the
// request was written); after that, a failure is an *OutcomeUnknownError
// carrying the receipt id to reconcile with. Waits are jittered
// exponential backoff (2 retries, 500 ms base, 8 s cap by default); a
// Retry-After is honoured up to a limit, beyond which the call returns a
// *RateLimitError instead of sleeping. The context you pass bounds the
// whole call, waits included; each attempt is also bounded by the client's
// timeout (60 s by default).
//
// # Errors
//
// Every error message starts with "bootpay: " and never contains a
// credential, token, card number or URL. Branch with errors.Is on the
// shared categories (ErrNotFound, ErrUnauthorized, ErrInvalidRequest,
// ErrConflict, ErrRateLimited, ErrServer, ErrOutcomeUnknown) and with
// errors.As on this package's error types: *APIError for Bootpay's
// error_code (CodeReceiptNotFound, CodeAlreadyCancelled, …), which is kept
// as a string whether Bootpay sent a string or a number;
// *OutcomeUnknownError with the receipt id and cancel_id to reconcile
// with; *ValidationError for input refused before any request is sent;
// *NetworkError, *RateLimitError, *DecodeError and
// *ResponseTooLargeError. Their fields are documented on each type.
//
// A 404 is ErrNotFound only when its body carries Bootpay's error_code: a
// 404 page from a proxy or a wrong base URL is an *APIError with an empty
// Code that matches no category, since it says nothing about the receipt.
//
// A body whose top level carries an error_code is Bootpay's refusal
// whatever its status, as Bootpay's SDKs read it, never a call's result:
// a 2xx one is an *APIError (its StatusCode the 2xx status) for a lookup
// and for a write whose one attempt was answered so, and an
// *OutcomeUnknownError for a write sent more than once. A write whose
// result paykit does not read (CashReceiptsService.Cancel,
// CertificatesService.Resend) succeeds on an empty or JSON 2xx only: any
// other 2xx body (a proxy's or captive portal's HTML page) is a
// *DecodeError inside an *OutcomeUnknownError, as for the other writes.
//
// The operations also return outcomes that are not failed calls, each
// documented on its type and on the method that returns it:
// *PendingConfirmError (Confirm, ConfirmVerified, ReconcileConfirm) and
// *PendingChargeError (Charge, ReconcileCharge) are unknown outcomes and
// match ErrOutcomeUnknown; so does *ChargeMismatchError (Charge answered
// with a receipt that shows money taken, not as asked: do not charge
// again). *MismatchError (위변조 의심) reports a
// receipt that does not match your order. *CancelIDConflictError
// (ErrConflict) and *CancelFailedError (결제취소 실패, no category) are
// cancels that did not happen; *ChargeFailedError (ReconcileCharge) is a
// charge that was not made. Test ErrOutcomeUnknown first: errors.As
// reaches the answers inside an unknown outcome too.
//
// # Options
//
// NewClient takes paykit's shared client options (WithBaseURL,
// WithHTTPClient, WithTimeout, WithRetryPolicy, WithLogger,
// WithUserAgentSuffix, WithMaxResponseBytes, WithClock,
// WithMaxIdleConnsPerHost, WithMaxConnsPerHost), the same for every
// gateway, and WithEnvironment, which is Bootpay's own: another gateway's
// own option is refused with an error.
//
// # Connections
//
// Share one Client: its connection pool is sized for fan-out. It keeps up
// to 256 idle connections to Bootpay, with no cap on connections, so
// hundreds of goroutines calling at once reuse connections instead of
// paying a TLS handshake per call (WithMaxIdleConnsPerHost and
// WithMaxConnsPerHost change this). Connections are reused across retries
// and error answers.
//
// The client speaks HTTP/2 when Bootpay's API offers it in the TLS
// handshake, and HTTP/1.1 otherwise. The official Go SDK turns HTTP/2 off
// (an empty TLSNextProto in
// https://github.com/bootpay/backend-go/blob/main/bootpay/bootpay.go),
// but it has done so since its first commit without a stated reason, and
// no public report or Bootpay document (https://developers.bootpay.co.kr)
// describes an HTTP/2 problem of the API, so paykit keeps the standard
// library's default. A new client's first burst of calls shares one HTTP/2
// connection and one handshake rather than opening one each. To force
// HTTP/1.1, pass WithHTTPClient with a transport whose TLSNextProto is an
// empty map.
//
// # Logging
//
// The client is silent unless you pass WithLogger. It logs the operation,
// the route template, status, attempt, duration and request id; never a
// credential, token, body or query string.
//
// # Billing, identity verification and the rest
//
// Client.Billing issues billing keys (card, or bank-account auto-debit),
// charges them and schedules charges; Client.Certificates verifies
// identities by SMS code (verified only at status 12, for the
// AuthenticationID your server started, and recently); Client.CashReceipts,
// Client.Escrow, Client.Users and Client.Payments cover cash receipts,
// escrow shipping, member tokens, lookup by order id, enabled methods and
// payment links. A charge, a reservation and a cash-receipt publish are
// never sent twice once they may have reached Bootpay; an ambiguous charge
// is settled with BillingService.ReconcileCharge by its order id.
//
// # Testing
//
// Package bootpaytest runs the Bootpay API in-process: receipts in any
// status, confirm and cancel with Bootpay's state transitions and error
// bodies, both auth modes, and injected faults. Point a client at it with
// WithBaseURL(server.URL()); the examples in this package run against it.
package bootpay
