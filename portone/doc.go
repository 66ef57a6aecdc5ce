// Package portone is a typed client for the PortOne V2 REST API (포트원):
// payments and their verification, cancels (부분취소 included), billing
// keys (빌링키), payment schedules (결제 예약), cash receipts (현금영수증) and
// identity verifications (본인인증), with exact amounts, typed errors and
// writes that are safe to retry.
//
// # Authentication
//
// Every request carries the V2 API secret from PortOne's console:
//
//	client, err := portone.NewClient(apiSecret)
//
// WithTokenAuth switches to access tokens: the client logs in with the
// secret, renews the 30-minute access token with the refresh token before
// it expires (in the background, calls keeping the cached token meanwhile),
// and collapses concurrent renewals into one (each renewal expires the
// previous refresh token at PortOne), except after a 401, when a new
// renewal may overlap one still running (see WithTokenAuth for which
// refresh token is kept then). A merchant-level secret
// acting on a sub-store (하위 상점) sets the store id once with
// WithDefaultStoreID, per call with WithStoreID, or in the params' StoreID;
// the client puts it where each endpoint expects it (query, body or
// filter). The client never prints its secret or its tokens, with any fmt
// verb or in slog. Card and account numbers, billing keys and other
// secrets print masked wherever they are (a Payment, a params struct), and
// a PG's raw response as its length; read one on purpose with its Reveal
// method (a virtual account number must be shown to the customer).
//
// # Verifying a payment
//
// PortOne.requestPayment in the browser ends with a paymentId. Your server
// must look the payment up and compare it with the order in your database
// before fulfilling anything; Verify does both and tells you what the
// status means:
//
//	v, err := client.Payments.Verify(ctx, portone.VerifyParams{
//		PaymentID: paymentID, Amount: order.Amount, Currency: portone.CurrencyKRW,
//	})
//	var mismatch *portone.MismatchError
//	switch {
//	case errors.As(err, &mismatch): // 위변조 의심: do not fulfil
//	case err != nil:                // not found, network, …
//	case v.Outcome == portone.OutcomePaid:
//		fulfil(order)
//	case v.Outcome == portone.OutcomeAwaitingDeposit && v.VirtualAccount != nil:
//		showAccount(v.VirtualAccount) // the deposit arrives later, with a webhook
//	case v.Outcome == portone.OutcomeAwaitingDeposit:
//		// PortOne sent no account to show: never ship, look again later
//	case v.Outcome == portone.OutcomePartiallyCancelled:
//		// 부분취소: not paid in full; never ship as paid: refund the rest or hold for a person
//	}
//
// A payment made through a test channel (channel.type TEST) moved no
// money, and anyone holding one of your test channel keys can make one:
// Verify refuses it as a channel.type mismatch unless VerifyParams.AllowTest
// is set, as Bootpay's Verify refuses a test-mode receipt unless
// AllowSandbox is. Set AllowTest only where test payments are expected (a
// staging shop, the portonetest sandbox), never in production.
//
// Payment.Verify compares a payment you already have. Every paykit gateway
// names this capability the same way: VerifyParams is what your database
// says the payment must be, Verify (on the service: look up and compare;
// on the object: compare) checks it, and *MismatchError with its
// Mismatches (Field, Expected, Actual) reports what differs.
//
// # The Payment type
//
// PortOne's Payment is a union on status (READY, PAY_PENDING,
// VIRTUAL_ACCOUNT_ISSUED, PAID, FAILED, PARTIAL_CANCELLED, CANCELLED). Go
// has no unions, so Payment is a struct that embeds PaymentCommon, the
// properties every status has, plus a Variant field holding the
// status-specific ones behind a sealed interface:
//
//	p, err := client.Payments.Get(ctx, paymentID)
//	fmt.Println(p.ID, p.Status, p.Amount.Total) // common fields, no switch
//	switch v := p.Variant.(type) {
//	case *portone.PaidPayment:
//		fmt.Println(v.PaidAt, v.ReceiptURL)
//	case *portone.VirtualAccountIssuedPayment:
//		…
//	case *portone.UnknownPayment: // a status PortOne added later: v.Raw keeps the JSON
//	}
//
// This shape was chosen because a []Payment, a *Payment or a struct field of
// type Payment decode directly with encoding/json (an interface-typed
// Payment would need a wrapper wherever a payment appears: lists, pages,
// cursor items, webhooks), the fields every payment has need no type
// switch, and the concrete variant types still say which fields exist in
// which status. PortOne's compatibility policy says statuses, methods and
// fields may be added at any time, so every union (payment, payment method,
// cancellation, cash receipt, billing key, schedule …) has an Unknown…
// variant that keeps the raw JSON instead of failing to decode. Amounts are
// int64 in the currency's minor unit (won for KRW); optional numbers are
// pointers, because 0 and "not reported" differ.
//
// # Retries and idempotency
//
// Lookups are retried on network errors, 408, 429 and 5xx. Every write
// carries an Idempotency-Key header (RFC 8941 quoted): yours from
// WithIdempotencyKey, or one generated per call and reused on every
// attempt. PortOne answers a repeated key with the stored response, so
// writes are retried like lookups and still take effect once. A 409
// IDEMPOTENCY_OUTSTANDING_REQUEST (the first attempt is still running at
// the PG) is waited out and retried with the same key; if it persists, or
// the retries run out after a request may have been applied, the call ends
// with an *OutcomeUnknownError whose IdempotencyKey you pass to
// WithIdempotencyKey when you repeat the call later, to receive the stored
// result instead of paying twice. PortOne keeps a key only about 3 hours
// (its idempotency docs, https://developers.portone.io/api/rest-v2): a
// repeat after that is a new request, so look the payment (its
// cancellations) up first. Every partial Cancel requires
// CurrentCancellableAmount, so that such a repeat is refused rather than
// refunded again: read the balance before the first attempt and persist
// it with the key before sending, so that a repeat is the identical
// request. Waits are jittered exponential backoff; a Retry-After beyond
// the limit returns a *RateLimitError instead of sleeping. The context
// bounds the whole call; each attempt is bounded by the client's timeout
// (60 s by default, PortOne's advice).
//
// # What a write returns
//
// Every write (cancel, billing-key or instant payment, schedule, billing
// key, cash receipt, identity verification …) ends in exactly one of these,
// and the merchant acts on each as follows:
//
//   - nil error: applied exactly once (possibly by an earlier attempt whose
//     answer was lost; the result is then PortOne's stored one). Record it.
//   - *ValidationError (matches ErrInvalidRequest): refused before anything
//     was sent, nothing applied. Fix the input.
//   - *APIError without ErrOutcomeUnknown: a definite refusal, by PortOne
//     (Type: PG_PROVIDER for a declined card, PAYMENT_NOT_PAID,
//     BILLING_KEY_ALREADY_DELETED …) or by something in front of it, when
//     no earlier attempt may have been applied; nothing applied. Branch on
//     Type or the category; a PG decline is final. Send a corrected request
//     with a new key (the default): PortOne may answer the old key with the
//     stored refusal. Whether PortOne ever answers PG_PROVIDER for a PG
//     timeout after which the card company had approved is UNCONFIRMED:
//     charge again under the same payment id (PortOne refuses a second
//     payment under an id it has recorded as paid), or look the declined
//     payment up (Get) before charging under a new payment id. PortOne's
//     "already done" refusals are never returned so (see below).
//   - *RateLimitError (ErrRateLimited) without ErrOutcomeUnknown: refused
//     with a long Retry-After before anything was applied. Send it again
//     after RetryAfter.
//   - *NetworkError without ErrOutcomeUnknown: the request provably never
//     reached PortOne (refused connection, DNS, a context that ended first).
//     Nothing applied; send it again.
//   - *OutcomeUnknownError (matches ErrOutcomeUnknown and no other
//     category): an attempt may have been applied and no answer proves
//     whether: a lost connection or timeout after sending, a 5xx, any
//     refusal (429, 408, 4xx, even 502 PG_PROVIDER) after such an attempt, a
//     409 IDEMPOTENCY_OUTSTANDING_REQUEST that outlasted the retries, or a
//     2xx whose body is empty, null or lacks the result (*DecodeError
//     inside). Do not send the write again under a new key. Repeat the same
//     call with WithIdempotencyKey(e.IdempotencyKey) within PortOne's key
//     lifetime (about 3 hours) to receive the stored result, or look the
//     object up by e.Reference (the payment id) and act on its state.
//     errors.As still reaches the last *APIError or *NetworkError for logs,
//     never a *RateLimitError.
//   - The same *OutcomeUnknownError, even on the only attempt, for a
//     refusal that says the object is already where the write would take
//     it, moved since you read it, or that the key was used before. Nothing
//     was applied by this request, but an earlier call of yours whose
//     answer was lost may be what it found: a repeat made after PortOne
//     forgot the key, under a new key, or under the same key with other
//     params, gets exactly this answer. They are, per operation:
//     on every write, 409 ALREADY_PAID (a charge, a confirm, a
//     pre-registration), PAYMENT_ALREADY_CANCELLED and
//     CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN (a cancel), and the refusal of
//     a key already used for another request (422 IDEMPOTENCY_KEY_REUSED
//     in portonetest; PortOne's answer is UNCONFIRMED);
//     on Payments.Cancel, 409 CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT,
//     CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT,
//     CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT (a cancel asks at
//     most the balance it names, so the balance moved) and
//     MAX_CANCEL_COUNT_REACHED (an earlier cancel of yours may have used
//     the last one allowed);
//     on PaymentSchedules.Create, 409 ALREADY_PAID_OR_WAITING and
//     PAYMENT_SCHEDULE_ALREADY_EXISTS;
//     on BillingKeys.ConfirmIssueAndPay, 409 BILLING_KEY_ALREADY_ISSUED;
//     on IdentityVerifications.Confirm, 409
//     IDENTITY_VERIFICATION_ALREADY_VERIFIED;
//     on CashReceipts.Issue, 409 CASH_RECEIPT_ALREADY_ISSUED.
//     Elsewhere the same type is a definite refusal (ErrConflict): a
//     charge refused with PAYMENT_SCHEDULE_ALREADY_EXISTS, a billing key
//     whose deletion is refused so, BILLING_KEY_ALREADY_ISSUED on
//     BillingKeys.Confirm or Issue (no money moves there: the key is in
//     your BillingKey.Issued webhook or your own records; issue no other),
//     a verification sent again once verified. errors.As finds the
//     *APIError with its Type. Look the object up by e.Reference (the
//     payment id; a verification's own id): PAID with your order's amount
//     is the charge you wanted, made by the earlier call; never charge
//     again under a new payment id on such an answer. For a cancel,
//     compare the payment's cancellations with the refunds you recorded
//     before refunding again (put your refund's id in the cancel's Reason
//     so that a cancellation names it; see PaymentsService.Cancel).
//
// # Errors
//
// Every error starts with "portone: " and never holds the secret, a token,
// a card number or a URL. Branch with errors.Is on ErrNotFound,
// ErrUnauthorized, ErrInvalidRequest, ErrConflict, ErrRateLimited,
// ErrServer and ErrOutcomeUnknown, and with errors.As on this package's
// error types: *APIError for PortOne's error type
// (ErrorTypePaymentNotFound, ErrorTypePaymentAlreadyCancelled,
// ErrorTypePGProvider with PGCode and PGMessage, …),
// *OutcomeUnknownError with the reference and Idempotency-Key to
// reconcile with, *ValidationError for input refused before any request,
// *NetworkError, *RateLimitError, *DecodeError and
// *ResponseTooLargeError. Their fields are documented on each type.
//
// # Options
//
// NewClient takes paykit's shared client options (WithBaseURL,
// WithHTTPClient, WithTimeout, WithRetryPolicy, WithLogger,
// WithUserAgentSuffix, WithMaxResponseBytes, WithClock,
// WithMaxIdleConnsPerHost, WithMaxConnsPerHost), the same for every
// gateway, and PortOne's own WithTokenAuth and WithDefaultStoreID; another
// gateway's own option is refused with an error.
//
// # Connections
//
// Share one Client: its connection pool is sized for fan-out. It keeps up
// to 256 idle connections to PortOne, with no cap on connections, so
// hundreds of goroutines calling at once reuse connections instead of
// paying a TLS handshake per call (WithMaxIdleConnsPerHost and
// WithMaxConnsPerHost change this). Connections are reused across retries
// and error answers.
//
// The client speaks HTTP/2 when PortOne's API offers it in the TLS
// handshake (the standard library's default, kept: no PortOne document or
// SDK reports a problem with it), and HTTP/1.1 otherwise. A new client's
// first burst of calls shares one HTTP/2 connection and one handshake
// rather than opening one each.
//
// # Lists
//
// List methods return one page. Every list can also be walked whole as an
// iter.Seq2 iterator that fetches the next page only when the loop needs
// it and stops fetching when the loop breaks: All and AllEvents of
// Payments over PortOne's cursor-based endpoints, and All of BillingKeys,
// PaymentSchedules, CashReceipts and IdentityVerifications page by page.
//
//	for p, err := range client.Payments.All(ctx, portone.PaymentCursorParams{}) {
//		if err != nil { return err }
//		…
//	}
//
// # Testing
//
// Package portonetest runs PortOne in-process: payments in every status,
// cancels, billing-key payments, schedules, both auth modes, Idempotency-Key
// semantics and injected faults. Point a client at it with
// WithBaseURL(server.URL()); the examples in this package run against it.
package portone
