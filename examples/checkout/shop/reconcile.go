package shop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/paykit-kr/paykit/portone"
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
//     or failed ends (expireDeposit), and one whose 입금 기한 passed is
//     closed at PortOne first (closeDeposit);
//   - a stray payment (a second payment for an order that keeps another)
//     recorded but not yet refunded: its refund is sent again;
//   - pending PortOne orders made within Config.PendingLookback
//     (reconcilePending): the payment is looked up and completed as
//     /payment/complete would, in case the buyer paid and neither the
//     browser's callback (a closed tab, a mobile redirect lost) nor the
//     webhook (optional, and lost at times) reached the shop.
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
	n, err := s.reconcilePending(ctx)
	return len(ids) + n, err
}

// pendingLookupsPerPass bounds the pending PortOne orders one reconciler
// pass looks up, so that a burst of abandoned orders costs each pass at
// most this many lookups.
const pendingLookupsPerPass = 50

// reconcilePending looks up pending PortOne orders, whose paymentId is
// known from the start, and completes those PortOne reports paid (or with
// a virtual account issued). Most pending orders were simply abandoned, so
// the lookups are bounded three ways: only orders made within
// Config.PendingLookback; at most pendingLookupsPerPass a pass, the least
// recently looked up first; and an order is looked up again only once a
// quarter of its age has passed since its last lookup (and never more
// often than Config.PollLookupEvery, claimed in the row across instances
// by mayLookUp). A payment made soon after the order — the usual case —
// is found soon; an abandoned order costs a few dozen lookups over the
// whole lookback, not one per pass.
//
// A virtual account the shop ended (reason expired) is not looked up
// again: closeDeposit closed it at PortOne before the order ended, so no
// deposit can reach it.
func (s *Server) reconcilePending(ctx context.Context) (int, error) {
	now := s.db.d.nowMillis
	type pending struct{ id, paymentID string }
	list, err := queryAll(ctx, s.db, func(p *pending) []any { return []any{&p.id, &p.paymentID} }, `SELECT id, payment_id FROM orders
		WHERE status = ? AND flow = ? AND reason <> ? AND payment_id IS NOT NULL AND created_at >= `+now+` - ?
		AND looked_up_at <= `+now+` - (`+now+` - created_at) / 4
		ORDER BY looked_up_at, id LIMIT ?`,
		StatusPending, FlowPortOne, ReasonExpired, s.cfg.PendingLookback.Milliseconds(), pendingLookupsPerPass)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range list {
		if !s.mayLookUp(ctx, p.id) {
			continue // another instance looked it up just now
		}
		n++
		_, _, err := s.CompletePortOne(ctx, CompleteRequest{PaymentID: p.paymentID})
		switch {
		case errors.Is(err, ErrUnknownOrder):
			// PortOne has no such payment: the buyer never opened the
			// payment window. Nothing to do.
		case err != nil:
			s.log.Warn("reconciler: completing a pending PortOne order failed", "order_id", p.id, "error", err)
		}
	}
	return n, nil
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
// payment does (adopt: paid, or refunded when the stock went); CANCELLED
// or FAILED (closed by an earlier close whose answer was lost, or ended at
// PortOne) ends it; anything else — still issued after a close PortOne or
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
	case portone.PaymentStatusPaid, portone.PaymentStatusPartialCancelled:
		_, _, err := s.CompletePortOne(ctx, CompleteRequest{PaymentID: o.PaymentID})
		return err
	case portone.PaymentStatusCancelled, portone.PaymentStatusFailed:
		return s.expireDeposit(ctx, o)
	case portone.PaymentStatusVirtualAccountIssued:
		return err
	}
	s.log.Error("virtual account past its 입금 기한 not closed, and its payment reads neither issued nor ended: a person should look",
		"order_id", o.ID, "payment_id", o.PaymentID, "payment_status", string(p.Status), "error", err)
	return err
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
