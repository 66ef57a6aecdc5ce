// Package portonetest runs an in-process PortOne V2 REST API (포트원 V2 API) for tests and
// examples: a [net/http/httptest] server with PortOne's paths, both authentication modes (API
// secret and access/refresh tokens), payments whose status moves as PortOne's do on cancel (부분
// 취소, 전액 취소), billing-key payments (빌링키 결제), payment schedules (결제 예약), Idempotency-Key
// handling, PortOne-shaped error bodies, fault injection and a log of what it received.
//
// It is written from PortOne's public API reference (https://developers.portone.io/api/rest-v2)
// and its V2 OpenAPI schema, not from the paykit client, so a client tested against it is checked
// against the wire format rather than against itself. The sandbox writes every response with its
// own wire structs, never through the portone package's types or encoders, so an encoding bug and
// the same decoding bug in the client cannot cancel out; the package's own tests validate every
// response against the schema. Where PortOne's documentation leaves a behaviour open
// (UNCONFIRMED), the sandbox chooses the documented or the most defensive behaviour and says so in
// the doc comment concerned; the list is at the end of this page.
//
// # Starting a server
//
//	srv := portonetest.NewServer()
//	t.Cleanup(srv.Close)
//	baseURL := srv.URL() // "http://127.0.0.1:NNNNN"; PortOne paths have no prefix
//
// Options change the API secrets ([WithAPISecret]), the credentials' store and sub-stores
// ([WithStoreID], [WithSubStores]), the merchant id ([WithMerchantID]), token lifetimes
// ([WithTokenTTL]), the idempotency-key lifetime ([WithIdempotencyTTL]) and the clock
// ([WithClock]). The defaults are the fake [APISecret], [StoreID], [MerchantID] and [ChannelKey].
//
// # Endpoints
//
//	POST   /login/api-secret                {apiSecret} → {accessToken, refreshToken}             OpLogin
//	POST   /token/refresh                   {refreshToken} → {accessToken, refreshToken}          OpTokenRefresh
//	GET    /payments/{paymentId}            ?storeId → Payment                                    OpPaymentGet
//	GET    /payments                        ?requestBody={page, filter} → {items, page}           OpPaymentList
//	GET    /payments-by-cursor              ?requestBody={storeId, from, until, cursor, size}     OpPaymentListByCursor
//	GET    /payment-events-by-cursor        ?requestBody={storeId, from, until, cursor, size}     OpPaymentEventListByCursor
//	POST   /payments/{paymentId}/cancel     CancelPaymentBody → {cancellation}                    OpPaymentCancel
//	POST   /payments/{paymentId}/pre-register  {totalAmount, taxFreeAmount, currency} → {}        OpPaymentPreRegister
//	POST   /payments/{paymentId}/billing-key   BillingKeyPaymentInput → {payment:{pgTxId, paidAt}} OpBillingKeyPay
//	POST   /payments/{paymentId}/schedule   {payment, timeToPay} → {schedule:{id}}                OpScheduleCreate
//	POST   /payments/{paymentId}/virtual-account/close  ?storeId → {closedAt}                     OpVirtualAccountClose
//	GET    /payment-schedules/{id}          ?storeId → PaymentSchedule                            OpScheduleGet
//	DELETE /payment-schedules               ?requestBody={billingKey, scheduleIds} → {revokedScheduleIds, revokedAt}  OpScheduleRevoke
//	POST   /billing-keys                    IssueBillingKeyBody (card credential) → {billingKeyInfo}  OpBillingKeyIssue
//	GET    /billing-keys/{billingKey}       ?storeId → BillingKeyInfo (ISSUED or DELETED)         OpBillingKeyGet
//	DELETE /billing-keys/{billingKey}       ?storeId&reason&requester → {deletedAt}               OpBillingKeyDelete
//
// The GET lists and DELETE /payment-schedules take their JSON input in the URL-encoded requestBody
// query parameter, as PortOne documents; a JSON body is accepted too, but not both at once. Path
// segments are unescaped individually, so an id may contain an escaped "/". Responses are JSON
// with Content-Type application/json; charset=utf-8, timestamps are RFC 3339 in UTC with at most
// millisecond precision, and money is integers in the currency's minor unit. Unknown request
// fields are ignored; a wrong JSON type (an amount sent as "1000" or 10.5) is 400 INVALID_REQUEST.
//
// # Authentication
//
// Every endpoint except login and refresh requires
//
//	Authorization: PortOne <API secret>
//
// or a Bearer access token from POST /login/api-secret. Access tokens live 30 minutes and refresh
// tokens one day (by the [WithClock] clock); each login or refresh of an API secret retires that
// secret's previous refresh token at once, as PortOne documents, so a second use of a refresh
// token gets 401. Access tokens are JWT-shaped with iat and exp claims (UNCONFIRMED that real ones
// are; the sandbox only looks them up). Missing, malformed, wrong or expired credentials get 401
// {"type":"UNAUTHORIZED",…}. [Server.ExpireTokens] expires every token at once; [Stats] counts
// tokens issued and refreshed.
//
// # Stores
//
// Every payment, billing key and schedule belongs to a store. A request acts on the store it
// names in storeId, where PortOne's API reference puts it for that endpoint (query, body, the
// payment object of a schedule, the requestBody of the lists, filter.storeId of GET /payments), or
// on the credentials' store when it names none. A store that is neither the credentials' store
// nor one of [WithSubStores] gets 403 FORBIDDEN; objects of another store are invisible (404).
// GET /payments without filter.storeId lists every accessible store, as PortOne documents for
// merchant users.
//
// # Payments
//
// [Server.CreatePayment] stores a payment in any status, as the payment window would have left it:
// PAID with card data by default, VIRTUAL_ACCOUNT_ISSUED with a virtual account, READY without a
// method, FAILED with a failure, PARTIAL_CANCELLED and CANCELLED with a SUCCEEDED cancellation.
// [Server.Payment] returns it as a portone.Payment decoded from exactly the JSON the server sends.
//
// POST /payments/{paymentId}/cancel cancels all (amount omitted) or part of a PAID or
// PARTIAL_CANCELLED payment, adds a SUCCEEDED cancellation (trigger API) and adds to
// amount.cancelled and amount.cancelledTaxFree; the payment becomes PARTIAL_CANCELLED, or
// CANCELLED once nothing is left. currentCancellableAmount is checked when sent. The order of the
// checks and the error of each is documented at the handler; in short: 400 INVALID_REQUEST
// (missing reason, bad amounts), 404 PAYMENT_NOT_FOUND, 409 PAYMENT_ALREADY_CANCELLED,
// PAYMENT_NOT_PAID, CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN,
// CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT, SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT,
// CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT,
// CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT, and 502 PG_PROVIDER (with pgCode and
// pgMessage) for a payment created with [PaymentSpec.CancelPGError].
//
// GET /payments pages with page.number (from 0) and page.size (default 10; (number+1)·size ≤
// 60 000) and answers page.totalCount as the number of matches across all pages (the reading
// PortOne's CLI relies on; the schema's title is ambiguous). It honours the filters storeId,
// merchantId, timestampType with from/until (default: STATUS_CHANGED_AT over the 90 days before
// now, both ends inclusive), status (PENDING means PAY_PENDING), methods, pgProvider, isTest,
// isScheduled, version, currency, sortBy and sortOrder; other filters are accepted and ignored.
// The default order is by the filter's timestamp, newest first (UNCONFIRMED), ties by creation
// order. GET /payments-by-cursor lists the store's payments created within from/until (default the
// last 90 days), oldest first, ties in creation order (UNCONFIRMED); each item carries an opaque
// cursor, and a request with the cursor of the last item continues after it, so paging is stable
// while payments are added.
//
// GET /payment-events-by-cursor lists payment events (결제 이벤트) by when they happened, not by
// when their payment was created: the sandbox records one whenever money moves, a PAID event when a
// payment becomes PAID ([Server.CreatePayment] of a paid status, the browser stand-in, POST
// /payments/{paymentId}/billing-key, a due schedule, [Server.Deposit]) and a PARTIAL_CANCELLED or
// CANCELLED event for each SUCCEEDED cancellation (POST /payments/{paymentId}/cancel, or the one
// a cancelled [PaymentSpec] carries); eventAmount is the total paid, or minus the amount cancelled;
// [Stats].PaymentEventsRecorded counts them. The listing follows GET /payments-by-cursor: createdAt
// within from/until (default the last 90 days, both ends inclusive), oldest first, ties in
// recording order, an opaque cursor per item (a payment cursor is refused), size 1 to 1000 (default
// 10). Without storeId it lists every store the credentials may access, as the schema says for
// merchant users; with one, that store's. PortOne marks the endpoint unstable. UNCONFIRMED: an
// event shows its payment's other properties as they read when listed, and its totalAmount as just
// after the event; a virtual account closed unpaid records no event, since no money moved.
//
// POST /payments/{paymentId}/virtual-account/close closes the account of a VIRTUAL_ACCOUNT_ISSUED
// payment (가상계좌 말소) and answers {closedAt}: the payment then reads CANCELLED, with nothing
// paid or cancelled and no cancellation (UNCONFIRMED how PortOne shows it), and [Server.Deposit]
// refuses it. Any other payment, an account closed before included, is 409
// PAYMENT_NOT_WAITING_FOR_DEPOSIT.
//
// POST /payments/{paymentId}/pre-register stores the amounts ([Server.PreRegistration]) and answers
// {}; a paid payment id gets 409 ALREADY_PAID. The sandbox does not compare later payments with
// them (UNCONFIRMED whether PortOne does).
//
// # Billing keys and schedules
//
// [Server.IssueBillingKey] stores a billing key (a card on the sandbox's TEST channel); POST
// /billing-keys issues one from a card credential. POST /payments/{paymentId}/billing-key charges
// a key and stores a PAID payment (origin API, billingKey set) answering {"payment":{"pgTxId",
// "paidAt"}}; an unknown key is 404 BILLING_KEY_NOT_FOUND, a deleted one 409
// BILLING_KEY_ALREADY_DELETED, a payment id already paid (or awaiting a deposit) 409 ALREADY_PAID,
// and a key issued with [BillingKeySpec.PGError] gives 502 PG_PROVIDER and a FAILED payment, which
// may be attempted again. GET and DELETE /billing-keys/{billingKey} look a key up and delete it.
//
// POST /payments/{paymentId}/schedule schedules a billing-key payment; a second SCHEDULED schedule
// for the same payment id is 409 PAYMENT_SCHEDULE_ALREADY_EXISTS (after a revoke the id may be
// scheduled again). GET /payment-schedules/{id} returns it, DELETE /payment-schedules revokes by
// ids or by billing key, all or nothing (404 PAYMENT_SCHEDULE_NOT_FOUND, 409
// PAYMENT_SCHEDULE_ALREADY_REVOKED). A key with a SCHEDULED schedule cannot be deleted (409
// PAYMENT_SCHEDULE_ALREADY_EXISTS).
//
// A schedule runs at its timeToPay by the server's clock, as PortOne charges it then: before
// serving any request that reads schedules or payments (and on [Server.RunDueSchedules]), the
// sandbox charges every due schedule as POST /payments/{paymentId}/billing-key would. The schedule
// becomes SUCCEEDED, with a PAID payment under its paymentId (scheduleId set), or FAILED, with a
// FAILED payment, when its key has a [BillingKeySpec.PGError]; startedAt and completedAt are the
// server's clock when it ran. A schedule that ran cannot be revoked (409
// PAYMENT_SCHEDULE_ALREADY_PROCESSED), so a test that cancels a subscription after its renewal
// time sees the charge PortOne would have made.
//
// # Idempotency-Key
//
// Every write (POST, and DELETE /billing-keys/{billingKey} and /payment-schedules) honours the
// Idempotency-Key header as PortOne's API overview describes it
// (https://developers.portone.io/api/rest-v2); GET ignores it:
//
//   - The header is an RFC 8941 string, Idempotency-Key: "unique-request-id-123", whose value has
//     16 to 256 printable ASCII characters (\" and \\ escapes are decoded). Anything else — an
//     unquoted value, a shorter key, parameters, two headers — is 400 INVALID_REQUEST and nothing
//     is applied (UNCONFIRMED: PortOne documents the format, not its enforcement).
//   - Keys are scoped per API user: per API secret, and an access token counts as the secret it
//     was issued for, so switching from PortOne to Bearer authentication keeps the key. Requests
//     that fail authentication never touch a key.
//   - A repeat of a completed request (same method, path, query and body; JSON compared in
//     canonical form, so key order and whitespace do not matter) within the key's lifetime (3
//     hours, [WithIdempotencyTTL]) gets the stored status and body, byte for byte, plus the
//     sandbox-specific header Idempotent-Replayed: true, and nothing is applied again. Every
//     response of an authenticated request is stored, errors included (a rejected cancel replays
//     its 409); UNCONFIRMED.
//   - A repeat while the first request is still in flight (for example held by a [Faults].Delay fault)
//     gets 409 {"type":"IDEMPOTENCY_OUTSTANDING_REQUEST",…}; retry a little later.
//   - The same key with a different request gets 422 {"type":"IDEMPOTENCY_KEY_REUSED",…} and
//     nothing is applied (UNCONFIRMED: PortOne only says never to do this; see
//     [ErrorTypeIdempotencyKeyReused]).
//   - POST /login/api-secret and POST /token/refresh ignore the header: they carry no credentials
//     to scope a key by (UNCONFIRMED).
//
// The key is what makes faults survivable: a keyed write that was applied stores its response even
// when the client never receives it ([Faults].CloseAfterApply, [Faults].TruncatedBody,
// [Faults].StatusAfterApply, or a client that gave up during a [Faults].Delay), so the retry with
// the same key receives it and the money moves once; a write that was not applied ([Faults].Status,
// [Faults].RateLimit, [Faults].CloseBeforeRead, a server closed during a Delay) leaves the key
// unused, so the retry applies it.
//
// # Faults
//
// [Server.Inject] makes the next n requests to an operation fail in a chosen way:
//
//	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.CloseAfterApply(), 1) // cancelled, reply lost
//	srv.Inject(portonetest.OpBillingKeyPay, portonetest.Faults.RateLimit("1"), 2)    // 429 twice, then normal
//	srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(503, ""), -1)     // every lookup fails
//
// Faults are served before authentication. Beware that net/http's Transport silently resends a
// request carrying an Idempotency-Key whose reused keep-alive connection is dropped before a
// response ([Faults].CloseBeforeRead, [Faults].CloseAfterApply): the resent request is answered
// from the idempotency store (or applied, if the first was not), so the caller may see success.
// Count attempts with [Server.Stats] and [Server.Requests]; see [Fault].
//
// # Observing what happened
//
// [Server.Requests] returns every request received (method, path, query, headers, body,
// operation, Idempotency-Key, the [FaultKind] it was served under and status sent) and
// [Server.Stats] counts requests per operation and the state changes actually applied (tokens,
// cancels, billing-key payments, schedules, …) along with idempotent replays, outstanding-request
// conflicts and key mismatches. [Server.Settle] waits until every request received has been
// served, so that a write a [Faults].Delay fault held has landed before a test looks at the state.
//
// # Errors
//
// Error bodies are {"type":…,"message":…}, plus "pgCode" and "pgMessage" for 502 PG_PROVIDER, with
// the types of the portone.ErrorType constants and the HTTP statuses of the schema ([StatusOf]).
// The messages are the sandbox's own Korean text (PortOne's are UNCONFIRMED); clients must branch
// on type, never on message. Sandbox-only types: [ErrorTypeIdempotencyKeyReused] (422),
// [ErrorTypeTooManyRequests] (429, the [Faults].RateLimit fault), [ErrorTypeRouteNotFound] (404)
// and [ErrorTypeMethodNotAllowed] (405). [ErrorBody] and [PGProviderErrorBody] build bodies for
// [Faults].Status faults.
//
// # UNCONFIRMED choices
//
// Besides those above: access tokens issued before a login or refresh stay valid until they
// expire; amount.vat defaults to (total − taxFree)/11 rounded half up and amount.supply is total −
// taxFree − vat; amount.paid is total for paid and cancelled payments (but for one whose virtual account was closed
// unpaid) and 0 otherwise; a cancel
// with an amount but no taxFreeAmount is all taxable (PortOne: "값을 입력하지 않으면 전액 과세
// 취소됩니다"), while a cancel without an amount cancels the remaining tax-free amount too; an
// omitted vatAmount is the remaining VAT for a cancel of the whole remainder and (amount −
// taxFreeAmount)/11 otherwise; a revoke naming scheduleIds and a billingKey they were not scheduled
// with is 400 INVALID_REQUEST; timeToPay in the past is accepted (the schedule runs at the next
// request); a schedule whose paymentId was paid by other means fails; the channel-group variant of POST
// /billing-keys is 404 CHANNEL_NOT_FOUND; a schedule whose channelKey is not its billing key's
// channel is 400 INVALID_REQUEST (its error union has no CHANNEL_NOT_FOUND).
//
// All methods of [Server] are safe for concurrent use.
package portonetest
