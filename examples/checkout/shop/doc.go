// Package shop is a merchant backend on paykit: the four payment flows of
// Bootpay's and PortOne's guides as HTTP endpoints over a real database
// (SQLite or PostgreSQL through database/sql), with their webhooks, a
// reconciler, and every guarantee held across several instances sharing
// the database — through row locks, unique constraints and the webhook
// dedupe table, never through process memory. `go run ./examples/checkout`
// runs it on the in-process sandboxes (NewSandbox).
//
// Money moves at most once: a confirm is sent once per receipt (the order
// row is locked and marked confirming in a committed transaction first), a
// refund always carries an id derived from the order (Bootpay's and
// Commerce's cancel_id, PortOne's Idempotency-Key; a new one only after the
// gateway proved the refund failed — Bootpay's 결제취소 실패, a Commerce
// request withdrawn or rejected — never after an unknown outcome), an
// unknown outcome leaves the order confirming until a lookup decides it,
// and an order becomes paid by one conditional UPDATE (orders.paid_count
// counts it, and never exceeds 1).
//
// # Orders and their states
//
// Every order's amount is computed here (price × quantity − coupon − points),
// never taken from the browser. An order is pending, confirming (Bootpay
// server confirm under way), awaiting_deposit (PortOne virtual account),
// paid, shipping and completed (set by the merchant), refunding (a refund
// is due: the stock went meanwhile, or the amount was forged) or refunded.
// A refused order keeps its reason: out_of_stock, coupon_invalid,
// points_short, amount_mismatch (위변조 의심), not_confirmed,
// payment_failed, cancelled, refunded_at_gateway, expired (a virtual account
// that took no deposit).
//
// Stock, the coupon's use and the points are taken together (orders.held)
// when the order is held for a confirm, when a completed payment is
// recorded, or when a virtual account is issued (a plan's coupon use when
// its checkout is verified), and given back when a confirm is released, a
// virtual account expires, or a paid order not shipped is refunded.
//
// Only real money pays an order: a PortOne test-channel payment or a
// Bootpay test-mode receipt is refused unless Config.AcceptTestPayments
// (sandbox mode only). A second payment for an order that keeps another is
// recorded (payment_attempts STRAY) and refunded under an id derived from
// it; so is a payment of another amount (위변조 의심) naming an order,
// however it reaches the shop — a webhook, the reconciler, or the buyer's
// own browser through /api/payment/complete, /payment/complete or
// /api/orders/verify — and the order it names is left as it is, still
// payable: a gateway's order id is the browser's to set, so anyone who
// knows an order's id can pay a forged amount naming it, and can send the
// buyer a link whose page posts it with the buyer's session. (A PortOne
// order's paymentId names the refunded payment, and whether PortOne takes
// another payment under a cancelled paymentId is UNCONFIRMED: its buyer
// may have to order again.) A payment that moved no money — a test
// channel's or test-mode one outside sandbox mode, one not paid — is
// refused and not refunded. (The receipt a server confirm holds the
// order for — /api/confirm, which the page posts only from Bootpay's own
// confirm event — is the order's: captured with another amount, it ends
// the order refunded, see settle.)
//
// # Endpoints (JSON in, JSON out)
//
// The buyer is the session's: a cookie (SessionCookie) the server signs
// with Config.SessionKey, set by POST /api/login or, for a guest, on the
// first request. It expires Config.SessionTTL after it was issued, unless
// a request finds less than half of it left and renews it (so a guest
// awaiting a virtual account's deposit keeps the order); renewed or not,
// it ends Config.SessionMaxAge (30 days) after it was first issued, so a
// stolen cookie replayed to keep it alive ends too; and a buyer's
// password change or logout ends every session the buyer has (a per-user
// version the cookie names). GET /api/session and GET /api/orders/{id},
// which may set the cookie and show an order, answer Cache-Control:
// no-store, so that no browser or proxy cache keeps them for someone
// else. A user_id in a request body is
// ignored; 적립금 are spent only by the buyer who owns them. The payment endpoints (/api/confirm,
// /api/payment/confirm-check, /api/payment/complete, /api/orders/verify)
// act on the session buyer's orders only: anyone else gets 404, as for an
// unknown order. POST /payment/complete (PortOne) takes any browser: it
// only records what PortOne reports about the order's own paymentId, and
// a mobile payment's redirect may come back in another browser.
//
// The endpoints only the shop's pages post to (/api/login, /api/logout,
// /api/orders, /api/orders/plan and the four above) take a JSON body from the shop's
// own origin only: a cross-site request (Sec-Fetch-Site, or an Origin of
// another host) is refused 403 and a body that is not application/json
// 415, so that another site's form cannot log a browser in as its
// attacker (login CSRF) or act with the buyer's session. The webhooks and
// POST /payment/complete take any.
//
// Amounts are integer won. Every error answer is
//
//	{"success": false, "order_id": "…", "reason": "out_of_stock", "message": "재고가 부족해요 (out of stock)"}
//
// (message is the shop's own sentence, never a gateway's detail) with 401
// (login failed), 403 (a cross-site request), 415 (a body that is not
// application/json), 400 (bad request, wrong flow, 위변조 의심 with reason amount_mismatch,
// not confirmed), 404 (unknown order, product or payment), 409 (order not
// pending, out of stock, coupon or points no longer valid, a payment that
// belongs to another order), 502 (a gateway could not be reached; nothing
// was charged twice; try again) or 503 (the database; try again). A payment
// the gateway cancelled before the order was paid with it is 409 with
// reason cancelled.
//
// An order answer (OrderView) is
//
//	{"success": true, "order_id": "order-…", "flow": "bootpay", "status": "paid",
//	 "order_name": "나이키 운동화 270", "product_id": "shoe-270", "quantity": 1,
//	 "list_amount": 89000, "discount": 3000, "points_used": 1000, "amount": 85000,
//	 "reason": "", "receipt_id": "…", "payment_id": "…", "invoice_id": "…", "order_number": "…",
//	 "virtual_account": {"bank": "SHINHAN", "account_number": "…", "due": "2026-11-25T15:00:00Z"},
//	 "message": ""}
//
// success is true exactly when status is paid, shipping or completed; empty
// fields are omitted. It is answered 200, or 202 while the order is
// confirming or refunding (poll GET /api/orders/{id}).
//
//	GET  /api/products
//	     → 200 [{"id": "shoe-270", "name": "…", "price": 89000, "stock": 10}, {"id": "plan-pro", …, "stock": null}]
//
//	POST /api/login  {"user_id": "user_1234", "password": "…"}
//	     → 200 {"success": true, "user_id": "user_1234", "guest": false} and the session cookie | 401
//	GET  /api/session
//	     → 200 {"success": true, "user_id": "guest-…", "guest": true}: the session's buyer (a
//	       browser without one becomes a guest of its own, with a new cookie)
//	POST /api/logout
//	     → 200 {"success": true, "user_id": "", "guest": false}: every session of the buyer ends, on
//	       every browser, and this browser's cookie is deleted
//
//	POST /api/orders  {"product_id": "shoe-270", "quantity": 1, "flow": "bootpay" | "bootpay-client" | "portone",
//	                   "coupon_code": "WELCOME3000", "points": 1000}
//	     → 201 OrderView, status pending; payment_id is set for flow portone (pass it to
//	       PortOne.requestPayment as paymentId); order_id and amount go to Bootpay.requestPayment
//
//	GET  /api/orders/{id}
//	     → 200 or 202 OrderView: the result page's read, for the order's buyer (the session's;
//	       anyone else gets 404). A confirming order is settled first by a lookup, never a
//	       second confirm, at most once per Config.PollLookupEvery per order
//
// Bootpay, separately confirmed, server confirm (seeds 000 and 002;
// Bootpay.requestPayment with extra.separately_confirmed, then on its
// confirm event):
//
//	POST /api/confirm  {"receipt_id": "…", "order_id": "…"}
//	     → 200 OrderView paid | 202 OrderView confirming (poll) | 409 out_of_stock, … | 400 amount_mismatch
//	       | 400 not confirmed (the receipt is not awaiting confirm: nothing was sent, the order is
//	       pending again with its stock given back, and the buyer's real receipt can be confirmed)
//
// Bootpay, client confirm exception (Bootpay's 분리 승인 guide):
//
//	POST /api/payment/confirm-check  {"receipt_id": "…", "order_id": "…"}
//	     → 200 {"can_confirm": true, "order_id": "…"}
//	       | 200 {"can_confirm": false, "order_id": "…", "reason": "out_of_stock", "message": "…"}
//	       (call Bootpay.confirm() only on can_confirm)
//	POST /api/payment/complete  {"receipt_id": "…", "order_id": "…"}
//	     → 200 OrderView paid, or refunded with reason out_of_stock when the stock went
//	       meanwhile (the payment was refunded in full) | 400 not confirmed
//	       | 400 amount_mismatch (a receipt of another amount is refunded as a stray; the order
//	       stays pending, still payable) | 409 cancelled (a receipt cancelled in part at Bootpay
//	       before the shop saw it: the rest is refunded as a stray, an error logged, the order
//	       stays payable)
//
// Bootpay Commerce plans (the Commerce checkout guide; plans are the products whose stock is null):
//
//	POST /api/orders/plan  {"plan_key": "plan-pro", "coupon_code": "WELCOME3000"}
//	     → 201 {"order_id": "…", "order_name": "…", "price": 26900, "plan_key": "plan-pro",
//	            "request_id": "<invoice id, when a discount applies>", "status": "pending"}
//	       (BootpayCommerce.requestCheckout with metadata.order_id = order_id, and
//	       request_id when present)
//	POST /api/orders/verify  {"order_number": "<from the checkout redirect>", "order_id": "…"}
//	     → 200 OrderView paid (order_number stored) | 400 amount_mismatch (a forged price naming this
//	       order is cancelled in full as a stray, and the order stays pending, still payable; another
//	       buyer's order is never cancelled) | 409 cancelled (refunded in part at Commerce before the
//	       shop saw it: the rest is cancelled as a stray, an error logged, the order stays payable)
//	       | 503 (the buyer's cancellation request is open at Commerce: nothing is decided or
//	       recorded; verify again once the store decides it)
//
// PortOne (PortOne's 인증 결제 guide):
//
//	POST /payment/complete  {"paymentId": "…", "orderId": "…"}
//	     → 200 OrderView paid, or awaiting_deposit with virtual_account | 202 pending (READY, PAY_PENDING;
//	       message says so) | 400 payment_failed (message has the PG's reason) | 409 cancelled
//	       (PARTIAL_CANCELLED too: paid and refunded in part before the shop saw it, the rest is
//	       refunded as a stray, an error logged)
//	       | 400 amount_mismatch (a payment of another amount or currency that was paid is refunded
//	       in full as a stray) | 404 unknown payment
//	     The whole OrderView goes to the order's buyer (the session's) only; any other browser
//	     gets {"success", "order_id", "status", "reason"}, the outcome, and completes the order all
//	     the same. Called by the PortOne page when requestPayment resolves, and by the result page
//	     (PortOne's redirectUrl) when a mobile payment window redirects there with ?payment_id=…. A virtual
//	     account's 입금 기한 is PortOne's, but never more than Config.DepositWindow away.
//
// Webhooks, each processed once per event across instances (webhook_keys),
// each callback's work bounded by half the webhook lease or
// Config.ConfirmTimeout, whichever is shorter (a gateway that never answers
// fails the delivery, its key released, well within the lease):
//
//	POST /webhooks/bootpay   Bootpay PG webhooks (webhook.BootpayHandler: source guard, receipt lookup):
//	                         PAYMENT_COMPLETED settles or pays a Bootpay order (another amount: refunded as a
//	                         stray, the order left payable); PAYMENT_CANCELLED in full →
//	                         recorded (see below): a paid order refunded, a confirming one released;
//	                         a 부분취소 (PAYMENT_PARTIAL_CANCELLED) of a receipt the order does not
//	                         hold → the rest refunded as a stray, an error logged
//	POST /webhooks/portone   PortOne V2 (signature verified): Transaction.Paid and VirtualAccountIssued
//	                         complete as /payment/complete (a Paid whose lookup is not PAID yet is not
//	                         acknowledged, so PortOne delivers it again); Transaction.Cancelled in full →
//	                         recorded: a paid order refunded, an account awaiting its deposit ended
//	POST /webhooks/commerce  Commerce order webhooks, JSON or form (webhook.CommerceHandler: the order is
//	                         looked up at Commerce and must agree with the event): ORDER_PAID completes the
//	                         order its metadata.order_id names, as /api/orders/verify (the buyer may never
//	                         reach redirect_url; another price: refunded as a stray, the order left payable;
//	                         an open cancellation request: not acknowledged, delivered again);
//	                         cancelled or returned (ORDER_CANCELLED) → recorded: the shop's paid order refunded
//
// A cancellation in full is recorded (gateway_cancellations) under the
// order's row lock whatever the order's state, also while no order is paid
// with the payment yet, and acknowledged; a completion that looked the
// payment up before it was cancelled then refuses it (409 cancelled), so a
// cancellation arriving between a lookup and the order being marked paid
// is never lost.
//
// # Reconciliation
//
// ReconcileOnce (RunReconciler on a ticker) visits confirming, refunding and
// awaiting_deposit orders: a lookup decides a confirming order (paid,
// released or refunded; never a second confirm), a refund is sent again
// under its derived id (a PortOne payment is looked up first: nothing is
// sent while it lists a cancellation REQUESTED by the PG — logged at error
// level once it is a day old, or at once for a status paykit does not
// know — and only a SUCCEEDED cancellation ends it; a cancel PortOne
// refuses for a balance that changed meanwhile is sent again under a new
// key, naming the new balance), a deposit whose webhook was lost is
// found, a virtual account cancelled at PortOne ends, one past its 입금
// 기한 is closed at PortOne (가상계좌 말소) and ends only once closed (a
// deposit that beat the close pays the order; one refunded in part at
// PortOne meanwhile has the rest refunded, logged at error level), and a
// stray payment's
// refund is sent again. A refund counts only once the
// gateway applied it: a Commerce cancellation request still waiting for
// approval leaves the order refunding, and each pass looks it up rather
// than request it again (a Commerce refund asks for what is left of the
// price after any refund made in part, such as the store's 부분취소, and
// nothing while another request — the buyer's — is open); a
// Bootpay receipt already cancelled in full (in the console) is refunded
// without a second cancel. Pending orders made within
// Config.PendingLookback are looked up too (a bounded number a pass, each
// less often as it ages), in case the buyer paid and both the browser's
// callback and the webhook were lost: a PortOne order's payment, a
// client-confirm Bootpay order's receipts that passed confirm-check, and
// the paid Commerce orders naming a plan order (read from Commerce's order
// list, a bounded number a pass; orders it could not reach are logged at
// error level). A Bootpay or Commerce payment found so is processed as its
// webhook would be, under that webhook's key. A paid Commerce checkout
// waiting on a cancellation request the store has not decided is looked
// up, whatever its order's age, until the request is decided (paid once
// rejected, refused once approved), and logged at error level once it has
// waited more than a day: a person should decide the request. One
// refunded in part at the gateway before the shop saw it — a receipt at
// status 20 with something left, a Commerce checkout whose applied cancellation requests cover part
// of its price, a PortOne payment PARTIAL_CANCELLED — never pays the
// order: the rest is refunded as a stray and an error logged.
//
// The pending orders a pass looks up are taken in the order they fell
// due, so orders made since never keep an older one due again from its
// lookup. A production TODO this example leaves out: a per-client limit on
// POST /api/orders and /api/orders/plan (they need no account, and every
// pending order costs lookups over Config.PendingLookback). It belongs
// where the client's address is known — the reverse proxy or load
// balancer, or a limiter that reads X-Forwarded-For from trusted proxies
// only — and across instances, not in one instance's memory.
//
// Gateway docs: https://developers.bootpay.co.kr/pg/server/confirm,
// https://developers.bootpay.ai/server/webhook,
// https://commerce.bootpay.ai/orders/detail,
// https://developers.portone.io/opi/ko/integration/start/v2/checkout and
// https://developers.portone.io/opi/ko/integration/webhook/readme-v2.
package shop
