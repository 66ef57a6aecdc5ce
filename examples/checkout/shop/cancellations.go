package shop

import (
	"context"
	"database/sql"
	"errors"
)

// A payment cancelled at the gateway (the merchant's console, the PG, a
// refund the buyer asked Commerce for) is announced by a cancellation
// webhook, which may arrive at any moment — also while another request has
// looked the same payment up, found it paid, and is about to adopt it. If
// the webhook only acted on an order already paid with the payment, that
// cancellation would be acknowledged and lost, and adopt would then mark
// the order paid with money the gateway has given back.
//
// So the webhook writes the fact down first: under a lock on the payment
// reference X and then the order's row lock, it records "X was cancelled
// at the gateway" in gateway_cancellations — whatever the order's state,
// and even when no order is paid with X yet — and only then moves the
// order on. adopt takes the same two locks in the same order (reference,
// then order) and refuses a recorded reference. Whichever of the two
// takes the reference's lock first, the other sees what it did: the
// webhook finds the order paid and refunds it, or adopt finds the record
// and leaves the order unpaid.
//
// The order's row lock alone would not do: the webhook learns the order
// from the gateway's payment (Commerce's metadata.order_id) or by
// selecting the order that holds X, and a Commerce order whose metadata
// names no order leaves it neither while an adopt of X has not committed
// yet. On PostgreSQL that webhook would then record X without waiting for
// the adopt, which had already found no record: the order paid with money
// given back. The reference's lock is taken before anything is read, so
// the webhook's select sees every adopt of X that committed, and every
// later adopt sees the record. Nothing here depends on process memory, so
// it holds across instances, on SQLite (one writer at a time) and
// PostgreSQL (an advisory lock per reference, and row locks).

// columnGateway names the gateway of a payment reference column.
var columnGateway = map[string]string{
	"receipt_id":            "bootpay",
	"payment_id":            "portone",
	"commerce_order_number": "commerce",
}

// cancelledAtGateway acts on a payment reference the gateway reports
// cancelled in full (its cancellation webhook, looked up). hint is the
// shop's order the gateway's payment names (Bootpay's order_id, Commerce's
// metadata.order_id), used when no order holds the reference yet; "" when
// there is none. In one transaction, under the reference's lock and the
// order's row lock:
//
//   - the cancellation is recorded (gateway_cancellations), so that a
//     completion that looked the payment up before it was cancelled cannot
//     adopt it afterwards;
//   - an order paid (or refunding) with it ends refunded; a paid order not
//     yet shipped gives back its stock, coupon use and points;
//   - an order confirming or awaiting the deposit with it is pending again,
//     with reason cancelled, what it held given back;
//   - an order not (yet) holding it is left as it is: the record is all
//     that is needed.
//
// It is idempotent: a redelivery finds the record and the order moved on.
func (s *Server) cancelledAtGateway(ctx context.Context, column, reference, hint string) error {
	gateway := columnGateway[column]
	return s.db.inTx(ctx, func(t tx) error {
		// Locked BEFORE the order is looked for: an adopt of the reference
		// holding the lock commits first, and its order is then found.
		if err := t.lockReference(ctx, gateway, reference); err != nil {
			return err
		}
		id := hint
		err := t.queryRow(ctx, `SELECT id FROM orders WHERE `+column+` = ?`, reference).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var o *Order
		if id != "" {
			// Locked BEFORE the record is written, as adopt locks it
			// before reading the record.
			if o, err = t.lock(ctx, id); err != nil && !errors.Is(err, ErrUnknownOrder) {
				return err
			}
		}
		if _, err := t.exec(ctx, `INSERT INTO gateway_cancellations (gateway, reference, order_id) VALUES (?, ?, ?)
			ON CONFLICT (gateway, reference) DO NOTHING`, gateway, reference, id); err != nil {
			return err
		}
		if o == nil || referenceOf(o, column) != reference {
			return nil // not this order's payment (yet): adopt will find the record
		}
		return t.cancelOrder(ctx, o, gateway, reference)
	})
}

// cancelOrder moves order o, holding reference, on after the gateway
// cancelled that payment in full; o is locked by the caller.
func (t tx) cancelOrder(ctx context.Context, o *Order, gateway, reference string) error {
	switch o.Status {
	case StatusRefunding:
		// The shop's own refund, or one at the gateway, completed: either
		// way the money is back, and the reason stays.
		if _, err := t.exec(ctx, `UPDATE orders SET status = ? WHERE id = ?`, StatusRefunded, o.ID); err != nil {
			return err
		}
		return t.attempt(ctx, o.ID, gateway, reference, "REFUNDED", o.Reason)
	case StatusPaid, StatusShipping, StatusCompleted:
		if o.Held && o.Status == StatusPaid {
			// Not shipped: the stock, the coupon's use and the points come
			// back with the money. (Shipped goods come back, if they do,
			// through the merchant's returns, by hand.)
			if err := t.giveBack(ctx, o); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `UPDATE orders SET status = ?, reason = ? WHERE id = ?`, StatusRefunded, ReasonGatewayRefund, o.ID); err != nil {
			return err
		}
		return t.attempt(ctx, o.ID, gateway, reference, "REFUNDED", ReasonGatewayRefund)
	case StatusPending, StatusConfirming, StatusAwaitingDeposit:
		// Never to be paid with this payment; the buyer may pay again.
		if err := t.unpay(ctx, o, ReasonCancelled); err != nil {
			return err
		}
		return t.attempt(ctx, o.ID, gateway, reference, "CANCELLED", ReasonCancelled)
	}
	return nil // refunded already
}

// unpay makes an order that will not be paid with its payment pending
// again, with reason: what it held (stock, coupon use, points) given back,
// no virtual account shown, no receipt kept (so that a new one can be
// confirmed). A PortOne order keeps its paymentId, which names the order.
func (t tx) unpay(ctx context.Context, o *Order, reason string) error {
	if o.Held {
		if err := t.giveBack(ctx, o); err != nil {
			return err
		}
	}
	_, err := t.exec(ctx, `UPDATE orders SET status = ?, reason = ?, receipt_id = NULL, va_bank = '', va_number = '', va_due = '' WHERE id = ?`,
		StatusPending, reason, o.ID)
	return err
}

// cancelledAt reports whether the gateway's cancellation of reference is
// recorded. Read it under the reference's lock (see cancelledAtGateway).
func (t tx) cancelledAt(ctx context.Context, gateway, reference string) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM gateway_cancellations WHERE gateway = ? AND reference = ?`, gateway, reference).Scan(&n)
	return n > 0, err
}

// lockReference locks a gateway's payment reference until t ends. Take it
// before the order's row lock, as cancelledAtGateway and adopt do, so
// that the two never wait for each other in opposite orders.
func (t tx) lockReference(ctx context.Context, gateway, reference string) error {
	if t.d.lockReference == "" {
		return nil // SQLite: the transaction holds the database's write lock
	}
	_, err := t.exec(ctx, t.d.lockReference, gateway+":"+reference)
	return err
}
