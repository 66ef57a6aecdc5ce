package shop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/commerce"
)

// A stray payment is one captured for an order that keeps another: two
// tabs, a double Bootpay.confirm(), a second Commerce checkout, a forged
// capture arriving while the order is confirming or paid with its own
// receipt. So is any payment of another amount naming the order
// (refundMismatch), whoever reports it and whatever the order's state, and
// one the order does not hold that was refunded in part at the gateway
// before the shop saw it (refundPartlyCancelled,
// refundPartlyRefundedCheckout, refundPartlyCancelledPayment), or that
// only its cancellation requests read refunded in full (adoptUnlessRefunded:
// nothing remains to ask for, and STRAY_REFUNDED waits until the gateway's
// order shows the refund). The order is left as it is; the stray is recorded in payment_attempts (STRAY, before any refund
// is sent, so the record survives whatever happens next) and refunded in
// full — what remains of it — under an id derived from the order and the
// stray's reference (Bootpay's and Commerce's cancel_id, PortOne's
// Idempotency-Key; with the refund's attempt, see cancelBootpay), until
// STRAY_REFUNDED is recorded, once: the reconciler retries what is left.
const (
	attemptStray         = "STRAY"
	attemptStrayRefunded = "STRAY_REFUNDED"
)

// strayMessage is every stray refund's message: retries send the same.
const strayMessage = "중복 결제를 환불해요 (the order is paid with another payment)"

// refundStray records the stray payment reference of order o and refunds
// it. Only a failure to record it is returned (the caller's request then
// fails and is retried); a failed refund stays recorded for the reconciler.
// A payment the order holds by then is not a stray (refundStrayLogged).
func (s *Server) refundStray(ctx context.Context, o *Order, reference string) error {
	_, err := s.refundStrayLogged(ctx, o, reference, slog.LevelWarn, "a second payment for an order that keeps another is refunded")
	return err
}

// strayed reports whether reference is recorded as a stray of order id: a
// payment the order does not keep, refunded (or being refunded) on its
// own. adopt refuses it under the same row lock refundStrayLogged records
// it under, so a payment is never both kept by the order and refunded.
func (t tx) strayed(ctx context.Context, id, reference string) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM payment_attempts WHERE order_id = ? AND reference = ? AND status = ?`,
		id, reference, attemptStray).Scan(&n)
	return n > 0, err
}

// refundStrayLogged is refundStray logging why at level, with attrs, once
// the stray is recorded. own reports a payment order o holds as its own
// (holds) when its row is locked: nothing is then recorded, logged or
// sent, as the order's own refund, if any, is what returns that money.
// o is read before the caller's lookup of the payment, and the order may
// have adopted the payment since (the buyer's redirect on another
// instance, its webhook); deciding on o alone would refund the order's own
// payment while the order stays paid — fulfilled goods refunded.
func (s *Server) refundStrayLogged(ctx context.Context, o *Order, reference string, level slog.Level, why string, attrs ...any) (own bool, err error) {
	err = s.db.inTx(ctx, func(t tx) error {
		now, err := t.lock(ctx, o.ID)
		if err != nil {
			return err
		}
		if own = holds(now, reference); own {
			return nil
		}
		if strayed, err := t.strayed(ctx, o.ID, reference); err != nil || strayed {
			return err
		}
		return t.attempt(ctx, o.ID, gatewayOf(o.Flow), reference, attemptStray, "")
	})
	if err != nil || own {
		return own, err
	}
	s.log.Log(ctx, level, why, append([]any{"order_id", o.ID, "reference", reference}, attrs...)...)
	s.sendStrayRefund(ctx, o, reference)
	return false, nil
}

// holds reports whether order o holds payment reference as its own: the
// receipt it is confirming, paid or refunding with (Bootpay), the Commerce
// order it is paid or refunding with, or — as a PortOne order's paymentId
// names it from its creation — its paymentId once the order adopted the
// payment (paid, or refunding it). A pending or awaiting_deposit PortOne
// order holds no money under its paymentId yet.
func holds(o *Order, reference string) bool {
	switch o.Flow {
	case FlowPortOne:
		return o.PaymentID == reference && o.Status != StatusPending && o.Status != StatusAwaitingDeposit
	case FlowCommerce:
		return o.CommerceOrderNumber == reference
	}
	return o.ReceiptID == reference
}

// refundMismatch refunds reference, a payment captured for order o with
// another amount (위변조 의심), as column names it: always as a stray, and
// the order is left as it is — still payable — whoever reports it. The
// gateway's order id is the browser's to set (Bootpay's order_id,
// Commerce's metadata.order_id), so a stranger who knows an order's id can
// pay a forged amount naming it; and the buyer's own session proves
// nothing about whose payment it is, since the stranger can send the buyer
// a link whose page posts the forged payment with the buyer's session
// (Commerce's /commerce/result?order_number=…). Ending the order on it
// would let a stranger end another buyer's order. A payment the order
// holds already is its own refund's to return: refundStray decides that
// under the order's row lock, never from o, read before the payment was
// looked up.
//
// The refund's id derives from the order and the payment (cancelKey), so
// a stray refund and the order's own of the same payment are one refund at
// the gateway (PortOne: see cancelPortOne).
func (s *Server) refundMismatch(ctx context.Context, o *Order, reference string) error {
	return s.refundStray(ctx, o, reference)
}

func (s *Server) sendStrayRefund(ctx context.Context, o *Order, reference string) {
	var err error
	switch o.Flow {
	case FlowBootpay, FlowBootpayClient:
		err = s.cancelBootpay(ctx, o, reference, strayMessage)
	case FlowCommerce:
		err = s.cancelCommerce(ctx, o, reference, strayMessage)
	case FlowPortOne:
		err = s.cancelPortOne(ctx, o, reference, strayMessage)
	default:
		err = fmt.Errorf("no stray refund for flow %q: settle it by hand", o.Flow)
	}
	if err != nil {
		s.log.Log(ctx, refundLevel(err), "stray payment not refunded yet: the reconciler looks again", "order_id", o.ID, "reference", reference, "error", err)
		return
	}
	s.strayRefunded(ctx, o, reference)
}

// strayRefunded records the stray reference of order o refunded
// (STRAY_REFUNDED), once: the browser, a webhook and the reconciler may
// each see the same stray at once, each send its refund under the same
// id (which the gateway applies once) and each find it done; under the
// order's row lock only the first records it.
func (s *Server) strayRefunded(ctx context.Context, o *Order, reference string) {
	err := s.db.inTx(ctx, func(t tx) error {
		if _, err := t.lock(ctx, o.ID); err != nil {
			return err
		}
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM payment_attempts WHERE order_id = ? AND reference = ? AND status = ?`,
			o.ID, reference, attemptStrayRefunded).Scan(&n); err != nil || n > 0 {
			return err
		}
		return t.attempt(ctx, o.ID, gatewayOf(o.Flow), reference, attemptStrayRefunded, "")
	})
	if err != nil {
		s.log.Warn("recording a stray refunded failed: the reconciler looks again", "order_id", o.ID, "reference", reference, "error", err)
	}
}

// cancelCommerce cancels what is left of a Commerce order, with message as
// the cancellation's reason, unless a lookup shows the order refunded
// already (refundShown). Whether Commerce deduplicates cancel_id is
// UNCONFIRMED (the sandbox refuses a repeat as PROCESS_DUPLICATED); a
// request for the rest of an order refunded meanwhile asks for more than
// remains, which Commerce refuses, so a retry cannot refund twice.
//
// What is left is the order's price less what its applied cancellation
// requests cancelled (commerce.CancellationList.Refunded): a refund made in
// part before — the store's 부분취소 in its console, say — leaves only the
// rest, and a request for the whole price would be refused on every pass
// and the rest never returned (requestRest). While another request is
// open (the buyer's, awaiting the store's decision) nothing is asked for:
// the rest would overlap it (requestRest, errAwaitingApproval; after a day
// undecided, errDecisionOverdue: see awaitDecision).
//
// That remainder assumes a Commerce order's price stays the amount first
// paid, which is UNCONFIRMED: a cancellation's history carries
// cancel_before_price and cancel_after_price, which may mean Commerce
// lowers the order's price as it cancels. If it does, price less Refunded
// counts each earlier refund twice, so the request asks for LESS than
// remains — or, once earlier refunds reach half the price, for nothing —
// never for more: no money is refunded twice, but the difference may stay
// with Commerce. refundShown compares the same lowered price, so whether
// the shop then notices depends on receipt_status after a 부분취소 (also
// UNCONFIRMED): while it reads 1 (paid) every pass ends in
// errRefundUnshown, logged at error level; should it read 20, the order
// can read refunded in full with the difference still held. (A refund
// Refunded does not see — one made outside the order's cancellation
// requests — errs the other way: the request asks for more than remains,
// which Commerce refuses, and the next pass sends it again; refused every
// pass, never over-refunded.)
//
// Only an applied cancellation is a refund, and a request counts as
// applied only once a fresh lookup of the Commerce order shows the refund
// (commerceOrderRefunded): the request's status values are UNCONFIRMED, so
// a rejection Commerce writes as a value other than 2 (거절됨) would
// otherwise read as applied and the shop would record a refund that never
// happened. The order is the evidence the money moved; the request's
// fields only say which way to wait. A request that reads applied while
// the order does not show it is an error: nothing is recorded, no new
// cancel_id is sent on that evidence (it could be a refund Commerce has
// yet to show), and the next pass looks again.
//
// Commerce answers a request with the request, which may still wait for
// the store's approval (a PG or payment method that cannot refund at once,
// a refund account to collect) although cancel_immediately was asked:
// counting any 2xx as done would mark the order refunded while Commerce
// still holds the money, and no reconciler pass would look at it again. A request not applied yet is
// errAwaitingApproval, so the order stays refunding and the reconciler
// looks the Commerce order up again until it reads cancelled — or, once
// the request has waited more than a day for the store's approval,
// errDecisionOverdue, logged at error level for a person (awaitDecision).
// (The shape of Commerce's answer is UNCONFIRMED: should it omit
// action_at for a request applied at once, the order only stays refunding until the reconciler's
// next lookup reads the Commerce order cancelled.) A request the store
// approved whose PG cancellation then failed
// (commerce.CancellationRequest.CancelFailed) is no wait but
// errCommerceCancelFailed, logged at error level every pass: the buyer's
// money is held and only a person moves it on. Its cancel_id is kept and
// nothing is sent beside it, since Commerce may still retry it
// (UNCONFIRMED).
//
// The order's cancellation requests are looked up before one is made
// (https://commerce.bootpay.ai/orders/detail): a request already made
// under this refund's cancel_id is waited for, never sent again — a pass
// while the store has not approved it writes nothing. Its cancel_id is
// cancelKey's for the refund's attempt, which moves on (refundFailed) only
// when Commerce proved the request refunded nothing: withdrawn or rejected.
// A lost answer keeps the attempt; should Commerce's list leave cancel_id
// out (UNCONFIRMED), the same cancel_id is sent again, which Commerce
// refuses as a duplicate rather than refund twice.
func (s *Server) cancelCommerce(ctx context.Context, o *Order, number, message string) error {
	co, list, err := s.commerceRefundState(ctx, number)
	switch {
	case err != nil:
		return err
	case refundShown(co, list):
		return nil
	}
	n, err := s.refundAttempt(ctx, o.ID, number)
	if err != nil {
		return err
	}
	cancelID := cancelKey(o, number, n)
	c := findCancellation(list, cancelID)
	if c == nil {
		if c, err = s.requestRest(ctx, o, co, list, number, cancelID, message); err != nil {
			return err
		}
	}
	switch {
	case cancellationApplied(c):
		return s.commerceOrderRefunded(ctx, number, cancelID)
	case cancellationClosed(c):
		err := fmt.Errorf("the cancellation %s of Commerce order %s was withdrawn or rejected: nothing was refunded", cancelID, number)
		if rerr := s.refundFailed(ctx, o.ID, "commerce", number, n, cancelID); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	case c != nil && c.CancelFailed():
		return cancelFailedError(number, c)
	}
	return s.awaitDecision(ctx, o, number, []commerce.CancellationRequest{*c})
}

// requestRest asks Commerce to cancel what is left of order co (number)
// under cancelID: its price less what the applied requests in list
// cancelled, and the tax-free part likewise. When list leaves nothing while
// the order does not show the refund (refundShown said no), nothing is
// sent: the sum may hold a rejection written under an unknown status, or
// Commerce's order may lag its requests; errRefundUnshown, and the next
// pass looks again.
//
// Nothing is sent either while list holds an open request (not this
// refund's: cancelCommerce looked for its own cancel_id first) — the
// buyer's 취소 요청, say, awaiting the store's decision. One whose PG
// cancellation failed (commerce.CancellationRequest.CancelFailed) is
// errCommerceCancelFailed, not a wait: it may still succeed, so nothing is
// sent beside it either, but only a person moves it on. What it asks for
// is not in Refunded yet (commerce.CancellationList.Pending), so the rest
// computed now would overlap it: were both approved, the same money would
// go back twice (whether Commerce refuses the second is UNCONFIRMED). The
// answer is errAwaitingApproval, and a later pass looks again: once the
// request is approved its refund counts, once rejected or withdrawn it no
// longer does. Should nobody decide it, the refund of order o would wait
// for ever: after a day the answer is errDecisionOverdue, logged at error
// level, naming the request(s) for a person to decide (awaitDecision).
func (s *Server) requestRest(ctx context.Context, o *Order, co *commerce.Order, list commerce.CancellationList, number, cancelID, message string) (*commerce.CancellationRequest, error) {
	if c := failedCancellation(list); c != nil {
		return nil, cancelFailedError(number, c)
	}
	if open := openCancellations(list); len(open) > 0 {
		return nil, s.awaitDecision(ctx, o, number, open)
	}
	done, doneTaxFree := list.Refunded()
	rest := co.Price.Int64() - done
	if rest <= 0 {
		return nil, fmt.Errorf("%w: Commerce order %s reads %s (receipt %s) while its applied cancellation requests cover its price",
			errRefundUnshown, number, co.Status, co.ReceiptStatus)
	}
	return s.cfg.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: number, CancelID: cancelID, Price: rest, TaxFreePrice: min(max(co.TaxFreePrice.Int64()-doneTaxFree, 0), rest),
		Message: message, Immediately: true, AsSupervisor: true,
	})
}

// commerceRefundState looks Commerce order number up and, unless its
// status alone shows it refunded (cancelled or returned), its cancellation
// requests: a list that cannot be read never keeps an order Commerce shows
// cancelled from counting as refunded.
func (s *Server) commerceRefundState(ctx context.Context, number string) (*commerce.Order, commerce.CancellationList, error) {
	co, err := s.cfg.Commerce.Orders.Get(ctx, number)
	if err != nil || refundShown(co, nil) {
		return co, nil, err
	}
	list, err := s.cfg.Commerce.OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: number})
	return co, list, err
}

// refundShown reports a Commerce order that shows its refund made in full:
// its status cancelled or returned (10, 11), or — its own status lagging —
// its payment cancelled (receipt_status 20) AND its applied cancellation
// requests (list) covering its price. Neither of the latter alone will do:
// the requests' status values are UNCONFIRMED (a rejection may read
// applied), and receipt_status 20 may also mean a 부분취소 (UNCONFIRMED
// for Commerce, as for a Bootpay receipt's status 20); Commerce's order and
// its requests agreeing that nothing remains is the refund made. An order
// whose payment still reads paid (receipt_status 1) is never refunded here,
// whatever its requests read.
func refundShown(co *commerce.Order, list commerce.CancellationList) bool {
	switch {
	case co.Status == commerce.OrderCancelled || co.Status == commerce.OrderReturned:
		return true
	case co.ReceiptStatus == commerce.ReceiptCancelled:
		done, _ := list.Refunded()
		return done >= co.Price.Int64()
	}
	return false
}

// commerceOrderRefunded looks Commerce order number up afresh and reports
// nil only when it shows the refund made in full (refundShown): the shop's
// cancellation is always of what was left of the order's price, so that is
// the refund made. A request cancelID that reads applied while the order
// does not show it is errRefundUnshown — logged at error level by the
// caller, as either the request's status means something paykit does not
// know (a rejection, say) or Commerce is inconsistent; a person should
// look.
func (s *Server) commerceOrderRefunded(ctx context.Context, number, cancelID string) error {
	co, list, err := s.commerceRefundState(ctx, number)
	switch {
	case err != nil:
		return err
	case refundShown(co, list):
		return nil
	}
	return fmt.Errorf("%w: Commerce order %s reads %s, cancel_id %s", errRefundUnshown, number, co.Status, cancelID)
}

// errRefundUnshown reports Commerce cancellation requests that read as
// applied while their order does not show the refund: no refund is
// recorded, nothing is sent again, and a later pass looks again.
var errRefundUnshown = errors.New("the cancellation requests read as applied but the Commerce order does not show the refund")

// errCommerceCancelFailed reports a Commerce cancellation request the
// store approved whose PG cancellation then failed
// (commerce.CancellationRequest.CancelFailed): the buyer's money is still
// held. It is no wait (refundLevel logs it at error level, every pass):
// whether Commerce retries it is UNCONFIRMED, and the shop keeps its
// cancel_id and sends nothing beside it, since it may still succeed, so a
// person must retry or close it in Commerce's console.
var errCommerceCancelFailed = errors.New("the Commerce cancellation was approved but its PG cancellation failed")

// cancelFailedError is errCommerceCancelFailed for request c of Commerce
// order number, naming its cancel_id and what a person should do.
func cancelFailedError(number string, c *commerce.CancellationRequest) error {
	return fmt.Errorf("%w: Commerce order %s, cancel_id %s (last failed %s): the buyer's money is still held and nothing is sent again while the request stands; retry or close it in Commerce's console (check the refund at the PG before closing it)",
		errCommerceCancelFailed, number, c.CancelID, c.LastErroredAt.Format(time.RFC3339))
}

// failedCancellation finds a request among a Commerce order's cancellation
// requests whose PG cancellation failed, or nil when list holds none.
func failedCancellation(list commerce.CancellationList) *commerce.CancellationRequest {
	for i := range list {
		if list[i].CancelFailed() {
			return &list[i]
		}
	}
	return nil
}

// errAwaitingApproval reports a refund the gateway holds as a request
// waiting for the store's approval (Commerce's 취소 요청 승인 대기) for no
// more than requestedTooLong: expected, not a failure. Nothing is sent
// again; a later pass looks it up (awaitDecision).
var errAwaitingApproval = errors.New("the cancellation request waits for the store's approval")

// errDecisionOverdue reports a Commerce refund held back for longer than
// requestedTooLong by an open cancellation request (the buyer's 취소 요청,
// or the shop's own awaiting approval): the buyer's money is owed, nothing
// is sent while the request stands (a second request beside it could
// refund the same money twice), and nothing but the store's decision
// moves it on, so a person must approve or reject the request in
// Commerce's console. Logged at error level on every pass (refundLevel),
// never at info.
var errDecisionOverdue = errors.New("a Commerce cancellation request the refund waits on has been undecided for more than a day")

// awaitDecision is cancelCommerce's answer while open, the open
// cancellation requests of Commerce order number, hold order o's refund
// of it back: nothing is sent. It is errAwaitingApproval until
// requestedTooLong (the day PortOne's REQUESTED cancellations get) has
// passed, by the shop's clock (Config.Now), since the oldest request's
// created_at — or, for a request Commerce lists without one, since the
// shop began this refund (refundSince, its REFUNDING or STRAY record) —
// and errDecisionOverdue after, naming the order and the requests. A
// refund whose start cannot be read is errDecisionOverdue at once: an
// error a person reads is the side that never leaves a buyer unpaid
// unheard of.
func (s *Server) awaitDecision(ctx context.Context, o *Order, number string, open []commerce.CancellationRequest) error {
	what := fmt.Sprintf("shop order %s, Commerce order %s, open cancellation request(s) %s", o.ID, number, describeRequests(open))
	since, err := s.openSince(ctx, o.ID, number, open)
	if err != nil {
		return fmt.Errorf("%w: %s; when the wait began is unknown (%w): a person must approve or reject the request(s) in Commerce's console",
			errDecisionOverdue, what, err)
	}
	if waited := s.cfg.Now().Sub(since); waited > requestedTooLong {
		return fmt.Errorf("%w: %s, undecided for %s (since %s); nothing is sent while one stands: a person must approve or reject the request(s) in Commerce's console",
			errDecisionOverdue, what, waited.Round(time.Minute), since.UTC().Format(time.RFC3339))
	}
	return fmt.Errorf("%w: %s; nothing is asked for until it is decided", errAwaitingApproval, what)
}

// openSince is when the wait on open, the open cancellation requests of
// Commerce order number (payment reference of shop order id), began: the
// oldest created_at among them, and for any listed without one the start
// of the shop's refund (refundSince), whichever is older.
func (s *Server) openSince(ctx context.Context, id, number string, open []commerce.CancellationRequest) (time.Time, error) {
	var since time.Time
	untimed := false
	for _, r := range open {
		switch t := r.CreatedAt.Time; {
		case t.IsZero():
			untimed = true
		case since.IsZero() || t.Before(since):
			since = t
		}
	}
	if !untimed {
		return since, nil
	}
	began, err := s.refundSince(ctx, id, number)
	if err != nil || !since.IsZero() && since.Before(began) {
		return since, err
	}
	return began, nil
}

// openCancellations lists the open requests (commerce.CancellationRequest.Open)
// among a Commerce order's cancellation requests.
func openCancellations(list commerce.CancellationList) []commerce.CancellationRequest {
	var open []commerce.CancellationRequest
	for _, r := range list {
		if r.Open() {
			open = append(open, r)
		}
	}
	return open
}

// describeRequests names each of a Commerce order's cancellation requests
// for a person looking for them in Commerce's console: its cancel_id, its
// id, its amount and when it was opened.
func describeRequests(list []commerce.CancellationRequest) string {
	parts := make([]string, len(list))
	for i, r := range list {
		opened := "at an unknown time"
		if !r.CreatedAt.IsZero() {
			opened = r.CreatedAt.UTC().Format(time.RFC3339)
		}
		parts[i] = fmt.Sprintf("cancel_id %q (id %q, %d won, opened %s)", r.CancelID, r.ID, r.CancelPrice.Int64(), opened)
	}
	return strings.Join(parts, ", ")
}

// refundLevel is the level a refund not done yet is logged at: one the
// store has yet to decide for no more than a day (errAwaitingApproval), or
// a PortOne cancellation the PG has yet to finish (REQUESTED for less than
// a day), is expected (info); anything else is an error, a Commerce
// request undecided for longer (errDecisionOverdue) and a PortOne
// cancellation stuck for longer or of an unknown status
// (errCancellationStuck) included.
func refundLevel(err error) slog.Level {
	if errors.Is(err, errAwaitingApproval) || errors.Is(err, errCancellationUnderWay) {
		return slog.LevelInfo
	}
	return slog.LevelError
}

// findCancellation finds the request cancelID among a Commerce order's
// cancellation requests, or nil when list holds none.
func findCancellation(list commerce.CancellationList, cancelID string) *commerce.CancellationRequest {
	for i := range list {
		if list[i].CancelID == cancelID {
			return &list[i]
		}
	}
	return nil
}

// cancellationApplied reports a cancellation request Commerce acted on
// (action_at set) that was neither withdrawn nor rejected, as far as the
// UNCONFIRMED status values tell (commerce.CancellationRequest.Applied,
// whose rejection is status 2). It is a hint, not proof of a refund: a
// rejection under another status reads applied too, so cancelCommerce
// confirms it with the order (commerceOrderRefunded). A request still
// waiting for approval has no action_at.
func cancellationApplied(c *commerce.CancellationRequest) bool {
	return c != nil && c.Applied()
}

// cancellationClosed reports a cancellation request that ended without a
// refund: withdrawn, or rejected by the store
// (commerce.CancellationRequest.Closed).
func cancellationClosed(c *commerce.CancellationRequest) bool {
	return c != nil && c.Closed()
}

// reconcileStrays sends again every stray refund not yet recorded done.
func (s *Server) reconcileStrays(ctx context.Context) error {
	type stray struct{ orderID, reference string }
	list, err := queryAll(ctx, s.db, func(st *stray) []any { return []any{&st.orderID, &st.reference} },
		`SELECT a.order_id, a.reference FROM payment_attempts a WHERE a.status = ?
		AND NOT EXISTS (SELECT 1 FROM payment_attempts b WHERE b.order_id = a.order_id AND b.reference = a.reference AND b.status = ?)
		ORDER BY a.order_id`, attemptStray, attemptStrayRefunded)
	if err != nil {
		return err
	}
	for _, st := range list {
		o, err := s.Order(ctx, st.orderID)
		if err != nil {
			return err
		}
		s.sendStrayRefund(ctx, o, st.reference)
	}
	return nil
}
