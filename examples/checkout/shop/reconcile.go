package shop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/webhook"
)

// ReconcileOnce settles every order left in a state only a gateway can
// decide, once, and returns how many it visited:
//
//   - confirming (Bootpay server confirm): settle looks the receipt up —
//     paid, released or refunded by what Bootpay says; never a second confirm;
//   - refunding: the refund is sent again under its derived id, which the
//     gateway applies once (a Commerce request awaiting the store's
//     approval is looked up and waited for, not sent again);
//   - awaiting_deposit (PortOne virtual account): the payment is looked up,
//     in case the deposit webhook was lost; an account PortOne cancelled
//     or failed ends (expireDeposit), a deposit refunded in part at
//     PortOne has the rest refunded (refundPartlyRefundedDeposit), and one
//     whose 입금 기한 passed is closed at PortOne first (closeDeposit);
//   - a stray payment (a second payment for an order that keeps another)
//     recorded but not yet refunded: its refund is sent again;
//   - pending orders made within Config.PendingLookback (reconcilePending),
//     in case the buyer paid and neither the browser's callback (a closed
//     tab, a mobile redirect lost) nor the webhook (optional, and lost at
//     times) reached the shop: a PortOne order's payment is looked up and
//     completed as /payment/complete would; a client-confirm Bootpay
//     order's receipts that passed confirm-check, and the Commerce orders
//     naming a plan order, are looked up and handed to the path their
//     webhook takes, under its process-once key;
//   - paid Commerce checkouts waiting on a cancellation request the store
//     has not decided (reconcileOpenRequests), whatever the order's age or
//     state: looked up until the request is decided, and logged at error
//     level once one has waited more than a day.
//
// It is safe on every instance at once: each step is idempotent and
// guarded by the order row.
func (s *Server) ReconcileOnce(ctx context.Context) (int, error) {
	ids, err := queryAll(ctx, s.db, func(id *string) []any { return []any{id} },
		`SELECT id FROM orders WHERE status IN (?, ?, ?) ORDER BY id`, StatusConfirming, StatusRefunding, StatusAwaitingDeposit)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		s.reconcile(ctx, id)
	}
	if err := s.reconcileStrays(ctx); err != nil {
		return len(ids), err
	}
	waiting, werr := s.reconcileOpenRequests(ctx)
	n, err := s.reconcilePending(ctx)
	return len(ids) + waiting + n, errors.Join(werr, err)
}

// pendingLookupsPerPass bounds the pending orders one reconciler pass
// looks up, so that a burst of abandoned orders costs each pass at most
// this many lookups.
const pendingLookupsPerPass = 50

// pendingDue is when a pending order falls due for the reconciler's
// lookup (database time, Unix milliseconds; see reconcilePending): when
// it was made if never looked up, else once a quarter of its age has
// passed since its last lookup L, that is when now − L = (now − created_at)
// / 4: now = (4L − created_at) / 3. The same SQL on both databases
// (integer arithmetic on BIGINT columns).
const pendingDue = `CASE WHEN looked_up_at = 0 THEN created_at ELSE (4 * looked_up_at - created_at) / 3 END`

// attemptConfirmChecked is the payment_attempts status ConfirmCheck
// records, with the receipt id, when it lets the browser call
// Bootpay.confirm().
const attemptConfirmChecked = "CONFIRM_CHECKED"

// attemptCancellationRequested is the payment_attempts status
// VerifyCommerce records, with the Commerce order number, for a paid
// checkout of a plan order that waits on an open cancellation request
// (errCancellationRequested); it becomes attemptCancellationDecided once
// VerifyCommerce reaches a verdict on it. While it lasts the reconciler
// looks the checkout up whatever the order's age (reconcileOpenRequests),
// as CONFIRM_CHECKED keeps a client-confirm order's receipts looked up.
const (
	attemptCancellationRequested = "CANCELLATION_REQUESTED"
	attemptCancellationDecided   = "CANCELLATION_DECIDED"
)

// openRequestLookupEvery is the longest the reconciler waits between two
// lookups of a checkout waiting on a cancellation request: after a wait
// of hours or days, a decision is acted on within it.
const openRequestLookupEvery = time.Hour

// openRequest is a checkout the reconciler looks up while it waits on a
// cancellation request.
type openRequest struct {
	id, orderID, number string
	lookedUpAt          int64 // database time, Unix milliseconds
	waited              int64 // milliseconds since the shop first saw the request open
}

// reconcileOpenRequests looks up the paid Commerce checkouts of plan
// orders that wait on an open cancellation request
// (attemptCancellationRequested): VerifyCommerce gives them no verdict,
// and the reconciler's pending lookups stop at Config.PendingLookback,
// Commerce's redeliveries of ORDER_PAID sooner still — a request the
// store rejects a week later would otherwise leave the buyer's money with
// the store and the order pending for good. Each is looked up and handed
// to what ORDER_PAID runs (commerceCompleted, under its key) until the
// request is decided, however old the order: paid once rejected or
// withdrawn, refused once approved — and, for an order paid meanwhile
// with another checkout (a second tab), refunded as a stray once
// rejected, which nothing else would look for.
//
// A checkout is looked up again once a quarter of its wait has passed
// since its last lookup, at most openRequestLookupEvery later and never
// more often than Config.PollLookupEvery (claimed in its row across
// instances): a decision is acted on soon after a short wait, within an
// hour after a long one, at two dozen lookups a day. At most
// pendingLookupsPerPass are looked up a pass, the least recently looked
// up first (the payment_attempts (status, looked_up_at) index). One still
// waiting after requestedTooLong is logged at error level on every
// lookup: a person should decide the request.
func (s *Server) reconcileOpenRequests(ctx context.Context) (int, error) {
	now := s.db.d.statementMillis
	wait := `(` + now + ` - a.created_at) / 4`
	list, err := queryAll(ctx, s.db, func(r *openRequest) []any { return []any{&r.id, &r.orderID, &r.number, &r.lookedUpAt, &r.waited} },
		`SELECT a.id, a.order_id, a.reference, a.looked_up_at, `+now+` - a.created_at FROM payment_attempts a
		WHERE a.status = ? AND a.looked_up_at <= `+now+` - ?
		AND a.looked_up_at <= `+now+` - CASE WHEN `+wait+` < ? THEN `+wait+` ELSE ? END
		ORDER BY a.looked_up_at, a.id LIMIT ?`,
		attemptCancellationRequested, s.cfg.PollLookupEvery.Milliseconds(),
		openRequestLookupEvery.Milliseconds(), openRequestLookupEvery.Milliseconds(), pendingLookupsPerPass)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range list {
		res, err := s.db.Exec(ctx, `UPDATE payment_attempts SET looked_up_at = `+s.db.d.nowMillis+` WHERE id = ? AND looked_up_at = ?`, r.id, r.lookedUpAt)
		if err != nil || !affected(res) {
			continue // another instance looked it up just now
		}
		n++
		s.lookUpOpenRequest(ctx, r)
	}
	return n, nil
}

// lookUpOpenRequest looks up Commerce checkout r, waiting on a
// cancellation request, and hands it to what ORDER_PAID runs
// (commerceCompleted), then logs it if it still waits: at error level
// once it has waited more than requestedTooLong, else at info.
func (s *Server) lookUpOpenRequest(ctx context.Context, r openRequest) {
	co, err := s.cfg.Commerce.Orders.Get(ctx, r.number)
	if err != nil {
		s.log.Warn("reconciler: looking up a Commerce checkout waiting on a cancellation request failed",
			"order_id", r.orderID, "order_number", r.number, "error", err)
	} else {
		s.commerceCompleted(ctx, co)
	}
	var open int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM payment_attempts WHERE id = ? AND status = ?`,
		r.id, attemptCancellationRequested).Scan(&open); err != nil || open == 0 {
		return
	}
	waited := time.Duration(r.waited) * time.Millisecond
	if waited > requestedTooLong {
		s.log.Error("reconciler: a paid Commerce checkout has waited more than a day on a cancellation request the store has not decided: "+
			"the checkout is neither fulfilled nor refunded until a person approves or rejects the request at Commerce",
			"order_id", r.orderID, "order_number", r.number, "waited", waited.Round(time.Minute))
		return
	}
	s.log.Info("reconciler: a paid Commerce checkout waits on a cancellation request the store has not decided",
		"order_id", r.orderID, "order_number", r.number, "waited", waited.Round(time.Second))
}

// pendingOrder is a pending order the reconciler looks a lost payment up
// for.
type pendingOrder struct {
	id, flow, paymentID string
	createdAt           int64 // database time, Unix milliseconds
}

// reconcilePending looks up the pending orders a payment may have reached
// unseen: PortOne orders, whose paymentId is known from the start;
// client-confirm Bootpay orders whose receipt passed confirm-check
// (findClientConfirm); and Commerce plan orders (findCommerceCheckouts).
// Most pending orders were simply abandoned, so the lookups are bounded
// three ways: only orders made within Config.PendingLookback (which the
// orders (status, created_at) index reads alone, never every abandoned
// order ever made); at most pendingLookupsPerPass a pass; and an order is
// looked up again only once a quarter of its age has passed since its
// last lookup (and never more often than Config.PollLookupEvery, claimed
// in the row across instances by mayLookUp). A payment made soon after
// the order — the usual case — is found soon; an abandoned order costs a
// few dozen lookups over the whole lookback, not one per pass.
//
// A pass takes the orders in the order they fell due (pendingDue): one
// never looked up is due when it was made, one looked up at L when a
// quarter of its age has passed since, at (4L − created_at) / 3. Taken
// by when they were last looked up instead, orders never looked up (0)
// would always come first, and anyone making orders (POST /api/orders
// needs no account) faster than a pass takes them would keep an older
// order due again — paid since its first lookup, its callback and webhook
// lost — from ever being looked up. By due time, orders made after it
// wait behind it; a flood only delays the first lookups of the newest.
// (A per-client limit on order creation is left to production: see the
// package documentation.)
//
// A virtual account the shop ended (reason expired) is not looked up
// again: closeDeposit closed it at PortOne before the order ended, so no
// deposit can reach it.
func (s *Server) reconcilePending(ctx context.Context) (int, error) {
	now := s.db.d.statementMillis // fixed for the statement: the (status, created_at) index bounds the scan
	list, err := queryAll(ctx, s.db, func(p *pendingOrder) []any { return []any{&p.id, &p.flow, &p.paymentID, &p.createdAt} },
		`SELECT id, flow, COALESCE(payment_id, ''), created_at FROM orders
		WHERE status = ? AND created_at >= `+now+` - ?
		AND looked_up_at <= `+now+` - (`+now+` - created_at) / 4
		AND (flow = ? AND reason <> ? AND payment_id IS NOT NULL
			OR flow = ? AND EXISTS (SELECT 1 FROM payment_attempts a WHERE a.order_id = orders.id AND a.status = ?)
			OR flow = ?)
		ORDER BY `+pendingDue+`, id LIMIT ?`,
		StatusPending, s.cfg.PendingLookback.Milliseconds(), FlowPortOne, ReasonExpired, FlowBootpayClient, attemptConfirmChecked,
		FlowCommerce, pendingLookupsPerPass)
	if err != nil {
		return 0, err
	}
	n := 0
	var plans []pendingOrder
	for _, p := range list {
		if !s.mayLookUp(ctx, p.id) {
			continue // another instance looked it up just now
		}
		n++
		switch p.flow {
		case FlowPortOne:
			s.findPortOnePayment(ctx, p)
		case FlowBootpayClient:
			s.findClientConfirm(ctx, p)
		case FlowCommerce:
			plans = append(plans, p)
		}
	}
	s.findCommerceCheckouts(ctx, plans)
	return n, nil
}

// findPortOnePayment completes pending PortOne order p as
// /payment/complete would: paid, or a virtual account issued.
func (s *Server) findPortOnePayment(ctx context.Context, p pendingOrder) {
	_, _, err := s.CompletePortOne(ctx, CompleteRequest{PaymentID: p.paymentID})
	switch {
	case errors.Is(err, ErrUnknownOrder):
		// PortOne has no such payment: the buyer never opened the
		// payment window. Nothing to do.
	case err != nil:
		s.log.Warn("reconciler: completing a pending PortOne order failed", "order_id", p.id, "error", err)
	}
}

// receiptsPerOrder bounds the receipts of one client-confirm order a pass
// looks up: a buyer who passed confirm-check with more (a window opened
// again and again) is rare; the rest are looked up on later passes
// (findClientConfirm).
const receiptsPerOrder = 5

// findClientConfirm looks up the receipts of client-confirm order p that
// passed confirm-check (CONFIRM_CHECKED): the browser may have called
// Bootpay.confirm() and died before /api/payment/complete, and Bootpay's
// webhook may be lost. A receipt Bootpay reports paid for p is handed to
// the webhook's own path (bootpayCompleted); one captured and then
// cancelled in part (status 20 with something left) before the shop saw
// it has the rest refunded as a stray, an error logged
// (refundPartlyCancelled); any other — still awaiting the confirm the
// browser never sent, failed, cancelled in full — is left alone, so that
// PAYMENT_COMPLETED's key stays free for the webhook should the receipt be
// captured later.
//
// At most receiptsPerOrder are looked up a pass: those least recently
// looked up first (payment_attempts.looked_up_at, stamped after each
// lookup), the newest confirm-checked among them first — the last window
// opened is the one most likely paid. So the rest are looked up in turn,
// every receipt within ceil(n/receiptsPerOrder) of the order's lookups,
// whatever their ids; an order with more than one pass looks up is logged
// at error level, as its payment may be found only passes later.
func (s *Server) findClientConfirm(ctx context.Context, p pendingOrder) {
	receipts, err := queryAll(ctx, s.db, func(r *string) []any { return []any{r} },
		`SELECT reference FROM payment_attempts WHERE order_id = ? AND status = ?
		GROUP BY reference ORDER BY MAX(looked_up_at), MAX(created_at) DESC, reference LIMIT ?`,
		p.id, attemptConfirmChecked, receiptsPerOrder+1)
	if err != nil {
		s.log.Warn("reconciler: reading a pending order's receipts failed", "order_id", p.id, "error", err)
		return
	}
	if len(receipts) > receiptsPerOrder {
		receipts = receipts[:receiptsPerOrder]
		s.log.Error("reconciler: a client-confirm order has more confirm-checked receipts than one pass looks up: the rest are looked up on later passes",
			"order_id", p.id, "per_pass", receiptsPerOrder)
	}
	for _, id := range receipts {
		r, err := s.cfg.Bootpay.Receipts.Get(ctx, id)
		s.receiptLookedUp(ctx, p.id, id)
		switch {
		case err != nil:
			s.log.Warn("reconciler: receipt lookup failed", "order_id", p.id, "receipt_id", id, "error", err)
		case r.Status == bootpay.StatusPaid && r.OrderID == p.id:
			s.bootpayCompleted(ctx, r)
		case r.OrderID == p.id && s.partlyCancelled(r):
			s.refundPartlyCancelledReceipt(ctx, p, r)
		}
	}
}

// refundPartlyCancelledReceipt refunds the rest of confirm-checked
// receipt r of pending order p, captured and then cancelled in part at
// Bootpay before the shop saw it (refundPartlyCancelled). A failure is
// logged; the next pass looks the receipt up again.
func (s *Server) refundPartlyCancelledReceipt(ctx context.Context, p pendingOrder, r *bootpay.Receipt) {
	o, err := s.Order(ctx, p.id)
	if err == nil {
		_, err = s.refundPartlyCancelled(ctx, o, r)
	}
	if err != nil {
		s.log.Error("reconciler: a receipt cancelled in part is not recorded as a stray yet: a later pass tries again",
			"order_id", p.id, "receipt_id", r.ReceiptID, "error", err)
	}
}

// receiptLookedUp stamps the confirm-checked receipt id of order orderID
// looked up now, so that the next pass looks up the others first.
func (s *Server) receiptLookedUp(ctx context.Context, orderID, id string) {
	if _, err := s.db.Exec(ctx, `UPDATE payment_attempts SET looked_up_at = `+s.db.d.nowMillis+` WHERE order_id = ? AND reference = ? AND status = ?`,
		orderID, id, attemptConfirmChecked); err != nil {
		s.log.Warn("reconciler: recording a receipt lookup failed", "order_id", orderID, "receipt_id", id, "error", err)
	}
}

// bootpayCompleted hands receipt r, looked up paid, to what Bootpay's
// PAYMENT_COMPLETED webhook runs (onBootpay), under the key that webhook
// is processed under (webhook.BootpayPaidKey): the webhook, should it come
// after all, finds the key done, and one being processed now keeps it.
func (s *Server) bootpayCompleted(ctx context.Context, r *bootpay.Receipt) {
	key := webhook.BootpayPaidKey(r.ReceiptID)
	d := &webhook.BootpayDelivery{Receipt: r, Key: key, Event: &webhook.BootpayEvent{
		WebhookType: webhook.BootpayPaymentCompleted, ReceiptID: r.ReceiptID, OrderID: r.OrderID, Price: r.Price, Status: r.Status,
	}}
	if _, err := s.once.Process(ctx, key, func(ctx context.Context) error { return s.onBootpay(ctx, d) }); err != nil {
		s.log.Warn("reconciler: completing a paid receipt failed", "order_id", r.OrderID, "receipt_id", r.ReceiptID, "error", err)
	}
}

// commerceOrdersPerPass bounds the paid Commerce orders one pass reads
// (commerce.MaxLimit to a page) looking for the pending plan orders due.
const commerceOrdersPerPass = 5 * commerce.MaxLimit

// findCommerceCheckouts looks for paid Commerce orders naming the pending
// plan orders due (metadata.order_id, which the plan page passes to the
// checkout): the buyer may have paid and never reached redirect_url, and
// ORDER_PAID may be lost. Commerce's order list filters by neither the
// metadata nor the invoice, so the paid orders made since the oldest of
// them are read (the days a day wider on each side: Commerce's time zone
// is not documented), at most commerceOrdersPerPass; EVERY one naming an
// order due is handed to what ORDER_PAID runs (commerceCompleted), each
// under its own key. An order may be named by more than one checkout — two
// tabs both paid, or a stranger's checkout naming it (its metadata is the
// browser's to set) — and the list says nothing of which is the buyer's:
// the first adopted pays the order, and any other is refused by adopt and
// refunded as a stray (or, of another price, refunded as a stray by
// refundMismatch). Stopping at the first would keep a second payment
// unfulfilled, or let a stranger's newer checkout hide the buyer's for
// ever. So the list is read to its end, within the bound: should it be
// longer, the orders due are logged at error level, as a payment naming
// any of them could go unseen.
//
// https://commerce.bootpay.ai/orders/list
func (s *Server) findCommerceCheckouts(ctx context.Context, due []pendingOrder) {
	if len(due) == 0 {
		return
	}
	want := make(map[string]bool, len(due))
	oldest := due[0].createdAt
	for _, p := range due {
		want[p.id] = true
		oldest = min(oldest, p.createdAt)
	}
	params := commerce.OrderListParams{ListPage: commerce.ListPage{Limit: commerce.MaxLimit},
		Statuses:  []commerce.OrderStatus{commerce.OrderPaid, commerce.OrderSubscriptionDone, commerce.OrderPurchaseConfirmed},
		DateField: commerce.DateCreated, From: commerce.DateOf(time.UnixMilli(oldest).UTC().AddDate(0, 0, -1)),
		To: commerce.DateOf(s.cfg.Now().UTC().AddDate(0, 0, 1))}
	read := 0
	for co, err := range s.cfg.Commerce.Orders.All(ctx, params) {
		if err != nil {
			s.log.Warn("reconciler: listing paid Commerce orders failed", "error", err)
			return
		}
		if read++; read > commerceOrdersPerPass {
			s.log.Error("reconciler: more paid Commerce orders than one pass reads: checkouts naming these pending plan orders may go unseen",
				"order_ids", slices.Sorted(maps.Keys(want)), "read", commerceOrdersPerPass)
			return
		}
		if want[co.Metadata.String("order_id")] {
			s.commerceCompleted(ctx, co)
		}
	}
}

// commerceCompleted hands paid Commerce order co to what ORDER_PAID runs
// (commercePaid, which looks the order up again and verifies it), under
// the key that webhook is processed under (webhook.CommercePaidKey), and
// within the same time (callback).
func (s *Server) commerceCompleted(ctx context.Context, co *commerce.Order) {
	key := webhook.CommercePaidKey(co.OrderNumber)
	paid := func(ctx context.Context) error {
		ctx, cancel := s.callback(ctx)
		defer cancel()
		return s.commercePaid(ctx, co)
	}
	if _, err := s.once.Process(ctx, key, paid); err != nil {
		s.log.Warn("reconciler: completing a paid Commerce order failed", "order_id", co.Metadata.String("order_id"),
			"order_number", co.OrderNumber, "error", err)
	}
}

func (s *Server) reconcile(ctx context.Context, id string) {
	ctx, cancel := s.detach(ctx)
	defer cancel()
	o, err := s.Order(ctx, id)
	if err != nil {
		s.log.Warn("reconciler: order lookup failed", "order_id", id, "error", err)
		return
	}
	switch o.Status {
	case StatusConfirming:
		s.settle(ctx, o)
	case StatusRefunding:
		s.refund(ctx, o)
	case StatusAwaitingDeposit:
		p, err := s.cfg.PortOne.Payments.Get(ctx, o.PaymentID)
		if err != nil {
			s.log.Warn("reconciler: payment lookup failed", "order_id", id, "error", err)
			return
		}
		switch {
		case p.Status == portone.PaymentStatusPaid:
			if _, _, err := s.CompletePortOne(ctx, CompleteRequest{PaymentID: o.PaymentID}); err != nil {
				s.log.Warn("reconciler: completing a deposited order failed", "order_id", id, "error", err)
			}
		case p.Status == portone.PaymentStatusPartialCancelled:
			if err := s.refundPartlyRefundedDeposit(ctx, o); err != nil {
				s.log.Error("reconciler: refunding the rest of a partly refunded deposit not started: a later pass tries again",
					"order_id", id, "error", err)
			}
		case p.Status == portone.PaymentStatusCancelled || p.Status == portone.PaymentStatusFailed:
			if err := s.expireDeposit(ctx, o); err != nil {
				s.log.Warn("reconciler: expiring a virtual account failed", "order_id", id, "error", err)
			}
		case s.pastDue(o):
			if err := s.closeDeposit(ctx, o); err != nil {
				s.log.Warn("reconciler: closing a virtual account past its 입금 기한 failed: the order keeps its stock until a later pass",
					"order_id", id, "error", err)
			}
		}
	}
}

// pastDue reports whether a virtual account's 입금 기한 has passed.
func (s *Server) pastDue(o *Order) bool {
	due, err := time.Parse(time.RFC3339, o.VADue)
	return err == nil && s.cfg.Now().After(due)
}

// closeDeposit ends awaiting_deposit order o whose 입금 기한 (the shop's,
// see depositDue) passed while PortOne still takes deposits into its
// account: the account is closed at PortOne first (가상계좌 말소), and the
// order ends (expireDeposit) only once it is closed — ended with the
// account open, a deposit whose Transaction.Paid webhook is lost would
// never be looked for. The close carries an Idempotency-Key derived from
// the order (closeKey), so a pass that repeats one whose answer was lost
// gets PortOne's stored answer while PortOne keeps the key.
//
// When the close fails the payment is looked up, and its status decides:
// PAID (a deposit came before the close) completes the order as any
// payment does (adopt: paid, or refunded when the stock went);
// PARTIAL_CANCELLED (a deposit came, then was refunded in part at PortOne)
// refunds the rest (refundPartlyRefundedDeposit); CANCELLED or FAILED
// (closed by an earlier close whose answer was lost, or ended at PortOne)
// ends it; anything else — still issued after a close PortOne or
// its PG refused or whose outcome is unknown — keeps the order awaiting
// the deposit, its stock held, for the next pass to close again. How
// PortOne shows a closed account is UNCONFIRMED: the order ends only on a
// close PortOne answered 200 or a payment that reads ended, never on a
// guess.
//
// https://developers.portone.io/api/rest-v2/payment
func (s *Server) closeDeposit(ctx context.Context, o *Order) error {
	_, err := s.cfg.PortOne.Payments.CloseVirtualAccount(ctx, portone.CloseVirtualAccountParams{PaymentID: o.PaymentID},
		portone.WithIdempotencyKey(closeKey(o)))
	if err == nil {
		return s.expireDeposit(ctx, o)
	}
	p, lerr := s.cfg.PortOne.Payments.Get(ctx, o.PaymentID)
	if lerr != nil {
		return errors.Join(err, lerr)
	}
	switch p.Status {
	case portone.PaymentStatusPaid:
		_, _, err := s.CompletePortOne(ctx, CompleteRequest{PaymentID: o.PaymentID})
		return err
	case portone.PaymentStatusPartialCancelled:
		return s.refundPartlyRefundedDeposit(ctx, o)
	case portone.PaymentStatusCancelled, portone.PaymentStatusFailed:
		return s.expireDeposit(ctx, o)
	case portone.PaymentStatusVirtualAccountIssued:
		return err
	}
	s.log.Error("virtual account past its 입금 기한 not closed, and its payment reads neither issued nor ended: a person should look",
		"order_id", o.ID, "payment_id", o.PaymentID, "payment_status", string(p.Status), "error", err)
	return err
}

// refundPartlyRefundedDeposit ends awaiting_deposit order o whose payment
// reads PARTIAL_CANCELLED: the deposit landed (its Transaction.Paid lost)
// and was then refunded in part at PortOne — the store's 부분취소 in the
// console — before the shop saw it. The order cannot keep a partly
// refunded payment it never fulfilled, and waiting changes nothing
// (CompletePortOne only records a reason on a pending order): the rest is
// refunded. The order moves to refunding with the payment, giving back
// its stock (startRefund), and its refund (refundPortOne) sends PortOne's
// Full cancel — of what remains — under the order's derived
// Idempotency-Key, which PortOne applies once; the reconciler retries it
// until PortOne reads CANCELLED. Logged at error level once startRefund
// has said what happened: money was taken for an order the shop never
// fulfilled, and a person may want to tell the buyer. o was read before
// the lookup, and another request may have paid the order with the
// deposit since (adopt, on a lookup that read PAID before the 부분취소):
// startRefund then leaves it paid and refunds nothing, and the error says
// so — a paid order whose payment PortOne shows refunded in part is for a
// person to look at.
//
// https://developers.portone.io/api/rest-v2/payment
func (s *Server) refundPartlyRefundedDeposit(ctx context.Context, o *Order) error {
	res, err := s.startRefund(ctx, o.ID, "payment_id", o.PaymentID, ReasonGatewayRefund)
	switch {
	case err != nil:
		return err
	case res == adoptRefunding:
		s.log.Error("a virtual account's deposit, never seen by the shop, was refunded in part at PortOne: the order is refunding the rest, never fulfilled",
			"order_id", o.ID, "payment_id", o.PaymentID)
	default:
		s.log.Error("a virtual account's deposit reads refunded in part at PortOne, but the order was paid with it meanwhile: it stays paid and nothing is refunded here; a person should look",
			"order_id", o.ID, "payment_id", o.PaymentID)
	}
	return nil
}

// closeKey is the Idempotency-Key of the close of order o's virtual
// account: the same for every pass and instance.
func closeKey(o *Order) string {
	sum := sha256.Sum256([]byte(o.ID + "\x00" + o.PaymentID))
	return "checkout-close-va-" + hex.EncodeToString(sum[:16])
}

// expireDeposit ends an awaiting_deposit order whose account will take no
// deposit — closed by closeDeposit, or cancelled or failed at PortOne:
// pending again with reason expired, the account no longer shown, and what
// it held (stock, coupon use, points) given back, so that no one locks the
// stock by asking for accounts.
func (s *Server) expireDeposit(ctx context.Context, o *Order) error {
	return s.db.inTx(ctx, func(t tx) error {
		o, err := t.lock(ctx, o.ID)
		if err != nil || o.Status != StatusAwaitingDeposit {
			return err
		}
		if o.Held {
			if err := t.giveBack(ctx, o); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `UPDATE orders SET status = ?, reason = ?, va_bank = '', va_number = '', va_due = '' WHERE id = ?`,
			StatusPending, ReasonExpired, o.ID); err != nil {
			return err
		}
		return t.attempt(ctx, o.ID, "portone", o.PaymentID, "EXPIRED", o.VADue)
	})
}

// RunReconciler calls ReconcileOnce at every tick until ctx ends. Pass
// time.NewTicker(interval).C; tests pass their own channel, so no test
// waits for a real interval.
func (s *Server) RunReconciler(ctx context.Context, ticks <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			if n, err := s.ReconcileOnce(ctx); err != nil {
				s.log.Warn("reconciler pass failed", "error", err)
			} else if n > 0 {
				s.log.Info("reconciler pass", "orders", n)
			}
		}
	}
}
