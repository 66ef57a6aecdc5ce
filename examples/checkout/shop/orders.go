package shop

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
)

// The states of an order (orders.status).
const (
	// StatusPending: not paid; nothing is held for it unless Order.Held.
	StatusPending = "pending"
	// StatusConfirming (Bootpay server confirm): its stock, coupon and
	// points are held and a confirm of its receipt may have reached
	// Bootpay. Only the receipt's state, looked up, moves it on.
	StatusConfirming = "confirming"
	// StatusAwaitingDeposit (PortOne virtual account): the account is
	// issued; the deposit webhook (or the reconciler) makes it paid.
	StatusAwaitingDeposit = "awaiting_deposit"
	// StatusPaid: the gateway holds the buyer's money for this order's
	// amount, and the stock is taken.
	StatusPaid = "paid"
	// StatusShipping and StatusCompleted are set by the merchant (as in the Commerce checkout guide).
	StatusShipping  = "shipping"
	StatusCompleted = "completed"
	// StatusRefunding: money was taken that this order cannot keep (the
	// stock went meanwhile, the amount was forged); the refund, under an
	// id derived from the order, is being made or retried by the reconciler.
	StatusRefunding = "refunding"
	// StatusRefunded: the payment was refunded (by this shop, or at the
	// gateway: the refund webhooks).
	StatusRefunded = "refunded"
)

// The flows an order is paid through (orders.flow).
const (
	FlowBootpay       = "bootpay"        // separately confirmed, server confirm: /api/confirm
	FlowBootpayClient = "bootpay-client" // separately confirmed, client confirm: /api/payment/confirm-check, /api/payment/complete
	FlowPortOne       = "portone"        // /payment/complete
	FlowCommerce      = "commerce"       // /api/orders/plan, /api/orders/verify
)

// Reasons recorded on an order that was refused or refunded (orders.reason).
const (
	ReasonOutOfStock     = "out_of_stock"    // 재고가 부족해요
	ReasonCouponInvalid  = "coupon_invalid"  // 쿠폰을 쓸 수 없어요
	ReasonPointsShort    = "points_short"    // 적립금이 부족해요
	ReasonAmountMismatch = "amount_mismatch" // 위변조 의심
	ReasonNotConfirmed   = "not_confirmed"   // the receipt was never confirmed
	ReasonPaymentFailed  = "payment_failed"  // the PG declined
	ReasonCancelled      = "cancelled"       // cancelled at the gateway
	ReasonGatewayRefund  = "refunded_at_gateway"
	ReasonExpired        = "expired" // the virtual account's 입금 기한 passed, or PortOne cancelled it
)

// Errors the handlers map to answers.
var (
	ErrBadRequest      = errors.New("요청이 올바르지 않아요 (bad request)")
	ErrUnknownOrder    = errors.New("주문을 찾을 수 없어요 (no such order)")
	ErrUnknownProduct  = errors.New("상품을 찾을 수 없어요 (no such product)")
	ErrOrderNotPending = errors.New("승인할 수 없는 주문 (order is not pending)")
	ErrOutOfStock      = errors.New("재고가 부족해요 (out of stock)")
	ErrCouponInvalid   = errors.New("쿠폰을 쓸 수 없어요 (coupon not valid)")
	ErrPointsShort     = errors.New("적립금이 부족해요 (not enough points)")
	ErrReceiptInUse    = errors.New("다른 주문의 결제예요 (the payment belongs to another order)")
	ErrWrongFlow       = errors.New("이 주문은 다른 결제 방식이에요 (the order is paid through another flow)")
	// ErrPaymentCancelled: the gateway cancelled the payment (its
	// cancellation webhook was recorded) before the order was paid with
	// it; the order is not paid with it.
	ErrPaymentCancelled = errors.New("취소된 결제예요 (the payment was cancelled at the gateway)")
	// ErrNotConfirmed: the order was confirming and its receipt turned out
	// never to be confirmed; the order is pending again.
	ErrNotConfirmed = errors.New("결제가 승인되지 않았어요 (the payment was not confirmed)")
)

// reasonOf maps a refusal to the reason recorded on the order.
func reasonOf(err error) string {
	switch {
	case errors.Is(err, ErrOutOfStock):
		return ReasonOutOfStock
	case errors.Is(err, ErrCouponInvalid):
		return ReasonCouponInvalid
	case errors.Is(err, ErrPointsShort):
		return ReasonPointsShort
	case errors.Is(err, ErrMismatch):
		return ReasonAmountMismatch
	case errors.Is(err, ErrPaymentCancelled):
		return ReasonCancelled
	}
	return ""
}

// Order is a row of orders.
type Order struct {
	ID, Flow, ProductID, ProductName string
	Quantity                         int64
	UserID, CouponCode               string
	PointsUsed, ListAmount, Amount   int64
	Status                           string
	Held                             bool
	Reason                           string
	ReceiptID, PaymentID, InvoiceID  string
	CommerceOrderNumber              string
	VABank, VANumber, VADue          string
	PaidCount                        int64
}

const orderColumns = `o.id, o.flow, o.product_id, p.name, o.quantity, o.user_id, COALESCE(o.coupon_code, ''), o.points_used,
	o.list_amount, o.amount, o.status, o.held, o.reason, COALESCE(o.receipt_id, ''), COALESCE(o.payment_id, ''),
	COALESCE(o.invoice_id, ''), COALESCE(o.commerce_order_number, ''), o.va_bank, o.va_number, o.va_due, o.paid_count`

func scanOrder(row *sql.Row) (*Order, error) {
	o := &Order{}
	err := row.Scan(&o.ID, &o.Flow, &o.ProductID, &o.ProductName, &o.Quantity, &o.UserID, &o.CouponCode, &o.PointsUsed,
		&o.ListAmount, &o.Amount, &o.Status, &o.Held, &o.Reason, &o.ReceiptID, &o.PaymentID,
		&o.InvoiceID, &o.CommerceOrderNumber, &o.VABank, &o.VANumber, &o.VADue, &o.PaidCount)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownOrder
	}
	return o, err
}

// Order returns an order by id (ErrUnknownOrder if there is none).
func (s *Server) Order(ctx context.Context, id string) (*Order, error) {
	return scanOrder(s.db.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = ?`, id))
}

func (s *Server) orderBy(ctx context.Context, column, value string) (*Order, error) {
	return scanOrder(s.db.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders o JOIN products p ON p.id = o.product_id WHERE o.`+column+` = ?`, value))
}

// flowOrder reads order id for an endpoint of flow: an order of another
// flow is ErrWrongFlow.
func (s *Server) flowOrder(ctx context.Context, id, flow string) (*Order, error) {
	o, err := s.Order(ctx, id)
	if err == nil && o.Flow != flow {
		return nil, ErrWrongFlow
	}
	return o, err
}

// lock reads an order inside t, locking its row on PostgreSQL (SQLite's
// transaction already holds the write lock).
func (t tx) lock(ctx context.Context, id string) (*Order, error) {
	return scanOrder(t.queryRow(ctx, `SELECT `+orderColumns+` FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = ?`+t.d.forUpdate, id))
}

// NewOrder is what POST /api/orders takes: the browser names the product
// and its choices, never a price.
type NewOrder struct {
	ProductID  string `json:"product_id"`
	Quantity   int64  `json:"quantity"`
	CouponCode string `json:"coupon_code,omitempty"`
	// UserID is the buyer: POST /api/orders sets it from the session
	// (SessionCookie) and ignores any user_id in the body.
	UserID string `json:"-"`
	Points int64  `json:"points,omitempty"` // 적립금 to use, the buyer's
	Flow   string `json:"flow,omitempty"`   // FlowBootpay (default), FlowBootpayClient or FlowPortOne
}

// CreateOrder stores a pending order with the amount computed here: price ×
// quantity, less the coupon's discount and the points used, each checked
// against the database now (and again when the order is paid). A PortOne
// order gets its paymentId now, before the payment window opens.
func (s *Server) CreateOrder(ctx context.Context, n NewOrder) (*Order, error) {
	if n.Flow == "" {
		n.Flow = FlowBootpay
	}
	switch {
	case n.ProductID == "", n.Quantity <= 0, n.Quantity > 100, n.Points < 0,
		n.Flow != FlowBootpay && n.Flow != FlowBootpayClient && n.Flow != FlowPortOne && n.Flow != FlowCommerce,
		n.Points > 0 && n.UserID == "":
		return nil, ErrBadRequest
	}
	var price int64
	var stock sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT price, stock FROM products WHERE id = ?`, n.ProductID).Scan(&price, &stock)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownProduct
	}
	if err != nil {
		return nil, err
	}
	if stock.Valid == (n.Flow == FlowCommerce) {
		return nil, ErrWrongFlow // plans are sold through Commerce, stocked products through the PGs
	}
	list := price * n.Quantity
	discount := int64(0)
	if n.CouponCode != "" {
		err := s.db.QueryRow(ctx, `SELECT discount FROM coupons WHERE code = ? AND uses_left > 0`, n.CouponCode).Scan(&discount)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrCouponInvalid
		}
		if err != nil {
			return nil, err
		}
	}
	if n.Points > 0 {
		var balance int64
		err := s.db.QueryRow(ctx, `SELECT balance FROM points WHERE user_id = ?`, n.UserID).Scan(&balance)
		if errors.Is(err, sql.ErrNoRows) || err == nil && balance < n.Points {
			return nil, ErrPointsShort
		}
		if err != nil {
			return nil, err
		}
	}
	amount := list - discount - n.Points
	if amount <= 0 {
		return nil, ErrBadRequest
	}
	o := &Order{ID: "order-" + rand.Text()[:16], Flow: n.Flow, ProductID: n.ProductID, Quantity: n.Quantity, UserID: n.UserID,
		CouponCode: n.CouponCode, PointsUsed: n.Points, ListAmount: list, Amount: amount, Status: StatusPending}
	var paymentID, coupon any
	if n.Flow == FlowPortOne {
		o.PaymentID = "payment-" + rand.Text()
		paymentID = o.PaymentID
	}
	if n.CouponCode != "" {
		coupon = n.CouponCode
	}
	_, err = s.db.Exec(ctx, `INSERT INTO orders (id, flow, product_id, quantity, user_id, coupon_code, points_used, list_amount, amount, payment_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+s.db.d.nowMillis+`)`, o.ID, o.Flow, o.ProductID, o.Quantity, o.UserID, coupon, o.PointsUsed, o.ListAmount, o.Amount, paymentID)
	if err != nil {
		return nil, err
	}
	return s.Order(ctx, o.ID)
}

// take holds what the order consumes: its stock (a product that has
// stock), one use of its coupon and its points, each by a conditional
// UPDATE that cannot go below zero. An error names what was short; the
// caller rolls the transaction back.
func (t tx) take(ctx context.Context, o *Order) error {
	res, err := t.exec(ctx, `UPDATE products SET stock = stock - ? WHERE id = ? AND stock IS NOT NULL AND stock >= ?`, o.Quantity, o.ProductID, o.Quantity)
	if err != nil {
		return err
	}
	if !affected(res) {
		var stock sql.NullInt64
		if err := t.queryRow(ctx, `SELECT stock FROM products WHERE id = ?`, o.ProductID).Scan(&stock); err != nil {
			return err
		}
		if stock.Valid {
			return ErrOutOfStock
		}
	}
	if o.CouponCode != "" {
		if res, err = t.exec(ctx, `UPDATE coupons SET uses_left = uses_left - 1 WHERE code = ? AND uses_left > 0`, o.CouponCode); err != nil {
			return err
		}
		if !affected(res) {
			return ErrCouponInvalid
		}
	}
	if o.PointsUsed > 0 {
		if res, err = t.exec(ctx, `UPDATE points SET balance = balance - ? WHERE user_id = ? AND balance >= ?`, o.PointsUsed, o.UserID, o.PointsUsed); err != nil {
			return err
		}
		if !affected(res) {
			return ErrPointsShort
		}
	}
	_, err = t.exec(ctx, `UPDATE orders SET held = TRUE, reason = '' WHERE id = ?`, o.ID)
	o.Held = true
	return err
}

// giveBack returns what take held.
func (t tx) giveBack(ctx context.Context, o *Order) error {
	for _, q := range []struct {
		skip  bool
		query string
		args  []any
	}{
		{false, `UPDATE products SET stock = stock + ? WHERE id = ? AND stock IS NOT NULL`, []any{o.Quantity, o.ProductID}},
		{o.CouponCode == "", `UPDATE coupons SET uses_left = uses_left + 1 WHERE code = ?`, []any{o.CouponCode}},
		{o.PointsUsed == 0, `UPDATE points SET balance = balance + ? WHERE user_id = ?`, []any{o.PointsUsed, o.UserID}},
		{false, `UPDATE orders SET held = FALSE WHERE id = ?`, []any{o.ID}},
	} {
		if q.skip {
			continue
		}
		if _, err := t.exec(ctx, q.query, q.args...); err != nil {
			return err
		}
	}
	o.Held = false
	return nil
}

// attempt records a step of a payment in payment_attempts.
func (t tx) attempt(ctx context.Context, orderID, gateway, reference, status, detail string) error {
	_, err := t.exec(ctx, `INSERT INTO payment_attempts (id, order_id, gateway, reference, status, detail, created_at)
		VALUES (?, ?, ?, ?, ?, ?, `+t.d.nowMillis+`)`,
		rand.Text(), orderID, gateway, reference, status, detail)
	return err
}

func (s *Server) attempt(ctx context.Context, orderID, gateway, reference, status, detail string) {
	err := s.db.inTx(ctx, func(t tx) error { return t.attempt(ctx, orderID, gateway, reference, status, detail) })
	if err != nil {
		s.log.Warn("recording a payment attempt failed", "order_id", orderID, "status", status, "error", err)
	}
}

// setReason records why a pending order was refused.
func (s *Server) setReason(ctx context.Context, o *Order, gateway, reference string, why error) {
	reason := reasonOf(why)
	err := s.db.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `UPDATE orders SET reason = ? WHERE id = ? AND status = ?`, reason, o.ID, StatusPending); err != nil {
			return err
		}
		return t.attempt(ctx, o.ID, gateway, reference, "REFUSED", reason)
	})
	if err != nil {
		s.log.Warn("recording a refusal failed", "order_id", o.ID, "reason", reason, "error", err)
	}
}

// gatewayOf names the gateway of a flow, for payment_attempts.
func gatewayOf(flow string) string {
	switch flow {
	case FlowPortOne:
		return "portone"
	case FlowCommerce:
		return "commerce"
	}
	return "bootpay"
}

// Adopted is what adopt did with a payment the gateway says is complete.
type adopted int

const (
	adoptPaid      adopted = iota + 1 // the order is paid with it (now or before)
	adoptRefunding                    // the order could not keep it: refund under way
	adoptRefused                      // the order is another payment's: not touched
	adoptCancelled                    // the gateway cancelled it meanwhile: the order is not paid with it
)

// adopt records a payment the gateway reports complete for order id, with
// reference (receipt id, payment id, order number) — from the browser's
// callback, a webhook or the reconciler, in any order and any number of
// times, on any instance: the order row lock makes one of them move the
// order, and paid_count counts it once. An order not yet holding its
// stock takes it now; when that fails (the stock went meanwhile, the
// coupon was used up) the order goes to refunding and the payment is
// refunded, because the money was taken for goods the shop cannot give.
//
// The caller looked the payment up before calling adopt, and the gateway
// may have cancelled it since: a cancellation webhook that came in between
// recorded it under the same locks, the reference's and then the order's
// (cancelledAtGateway), so a recorded reference is refused
// (adoptCancelled) and the order is left unpaid — pending again, with
// reason cancelled, if it was waiting for this payment. A payment recorded
// as a stray of the order (refundStrayLogged, under the same row lock) is
// refused the same way and the order left as it is.
func (s *Server) adopt(ctx context.Context, id, column, reference string) (adopted, error) {
	return s.adoptUnlessRefunded(ctx, id, column, reference, false)
}

// adoptUnlessRefunded is adopt for a payment the caller read refunded in
// full at the gateway (refundedInFull) though the gateway's status still
// reads paid and no cancellation is recorded yet: an order not already
// paid with it is not paid with it now (adoptCancelled, the order left as
// it is), since it pays nothing. An order paid with it before stays paid
// until its cancellation webhook settles it (cancelledAtGateway): a reading
// of the refunds alone never ends a paid order.
//
// That reading is no proof the money went back: Commerce's cancellation
// request status values are UNCONFIRMED (commerce.CancellationRequest.Applied),
// so a rejection written under an unknown value reads as applied, and the
// whole payment may still be at the gateway. Such a payment is recorded as
// a stray of the order under the same row lock (as refundStrayLogged does)
// and logged at error level, so the reconciler's stray pass keeps looking
// at it: the stray refund asks only for the price less what the requests
// cancelled (requestRest), which sends nothing while they cover the price
// and reports until the gateway's order shows the cancellation.
func (s *Server) adoptUnlessRefunded(ctx context.Context, id, column, reference string, refundedInFull bool) (adopted, error) {
	var result adopted
	var why error
	var stray *Order // recorded as a stray here: logged once the transaction commits
	err := s.db.inTx(ctx, func(t tx) error {
		if err := t.lockReference(ctx, columnGateway[column], reference); err != nil {
			return err
		}
		o, err := t.lock(ctx, id)
		if err != nil {
			return err
		}
		current := referenceOf(o, column)
		gone, err := t.cancelledAt(ctx, gatewayOf(o.Flow), reference)
		if err != nil {
			return err
		}
		switch {
		case gone && current != "" && current != reference:
			// The order keeps another payment, and this one's money is
			// back already: nothing to refund as a stray.
			result = adoptCancelled
			return nil
		case current != "" && current != reference:
			result = adoptRefused
			return nil
		case o.Status == StatusPaid || o.Status == StatusShipping || o.Status == StatusCompleted:
			result = adoptPaid
			return nil
		case o.Status == StatusRefunding || o.Status == StatusRefunded:
			result = adoptRefunding
			return nil
		}
		if !holds(o, reference) {
			// A payment recorded as a stray is being refunded on its own
			// (another instance read it partly refunded, or of another
			// amount): keeping it now would ship goods whose money goes
			// back. The order stays as it is.
			strayed, err := t.strayed(ctx, o.ID, reference)
			if err != nil {
				return err
			}
			if strayed {
				result = adoptCancelled
				return nil
			}
		}
		switch {
		case gone:
			result = adoptCancelled
			if err := t.unpay(ctx, o, ReasonCancelled); err != nil {
				return err
			}
			return t.attempt(ctx, o.ID, gatewayOf(o.Flow), reference, "REFUSED", ReasonCancelled)
		case refundedInFull:
			result, stray = adoptCancelled, o
			return t.attempt(ctx, o.ID, gatewayOf(o.Flow), reference, attemptStray, "")
		}
		if !o.Held {
			why = t.take(ctx, o)
			if why != nil && reasonOf(why) == "" {
				return why
			}
		}
		if why != nil {
			return errRefund{why} // rolls back what take did before it fell short
		}
		result = adoptPaid
		if _, err := t.exec(ctx, `UPDATE orders SET status = ?, `+column+` = ?, reason = '', paid_count = paid_count + 1 WHERE id = ?`,
			StatusPaid, reference, o.ID); err != nil {
			return err
		}
		return t.attempt(ctx, o.ID, gatewayOf(o.Flow), reference, "PAID", "")
	})
	var refund errRefund
	if errors.As(err, &refund) {
		return s.startRefund(ctx, id, column, reference, reasonOf(refund.why))
	}
	if err == nil && stray != nil {
		s.log.Error("a payment only its refund requests read refunded in full is not fulfilled: recorded as a stray, looked at until the gateway's order shows the refund",
			"order_id", id, "reference", reference)
		s.sendStrayRefund(ctx, stray, reference)
	}
	return result, err
}

// errRefund makes adopt's transaction roll back what take did before the
// order is moved to refunding in a transaction of its own.
type errRefund struct{ why error }

func (e errRefund) Error() string { return "refund: " + e.why.Error() }

// referenceOf is the order's payment reference in column.
func referenceOf(o *Order, column string) string {
	return map[string]string{"receipt_id": o.ReceiptID, "payment_id": o.PaymentID, "commerce_order_number": o.CommerceOrderNumber}[column]
}

// startRefund records that the payment reference of order id must be
// refunded (status refunding, the reference kept so the refund and the
// reconciler know what to cancel), then refunds it. An order that holds
// another reference (confirming or paid with another receipt) is never
// taken over: the answer is adoptRefused, and the caller refunds the
// reference as a stray.
func (s *Server) startRefund(ctx context.Context, id, column, reference, reason string) (adopted, error) {
	var o *Order
	refused := false
	err := s.db.inTx(ctx, func(t tx) error {
		var err error
		if o, err = t.lock(ctx, id); err != nil {
			return err
		}
		if current := referenceOf(o, column); current != "" && current != reference {
			refused = true // the order keeps another payment: this one is a stray
			return nil
		}
		if o.Status != StatusPending && o.Status != StatusAwaitingDeposit && o.Status != StatusConfirming {
			return nil // another request got there first
		}
		if o.Held {
			if err := t.giveBack(ctx, o); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `UPDATE orders SET status = ?, `+column+` = ?, reason = ? WHERE id = ?`, StatusRefunding, reference, reason, id); err != nil {
			return err
		}
		// The refund's message carries the reason: the first attempt must
		// send what every retry (read from the row) sends, or PortOne
		// refuses the retry's Idempotency-Key (422 IDEMPOTENCY_KEY_REUSED).
		o.Status, o.Reason = StatusRefunding, reason
		return t.attempt(ctx, id, gatewayOf(o.Flow), reference, "REFUNDING", reason)
	})
	if err != nil {
		return 0, err
	}
	if refused {
		return adoptRefused, nil
	}
	if o.Status != StatusRefunding {
		return s.adoptedState(ctx, id)
	}
	switch column {
	case "receipt_id":
		o.ReceiptID = reference
	case "payment_id":
		o.PaymentID = reference
	case "commerce_order_number":
		o.CommerceOrderNumber = reference
	}
	s.refund(ctx, o)
	return adoptRefunding, nil
}

func (s *Server) adoptedState(ctx context.Context, id string) (adopted, error) {
	o, err := s.Order(ctx, id)
	if err != nil {
		return 0, err
	}
	if o.Status == StatusRefunding || o.Status == StatusRefunded {
		return adoptRefunding, nil
	}
	return adoptPaid, nil
}

// refund refunds a refunding order's payment in full, under an id derived
// from the order and the payment, so that every retry — by this request,
// another instance or the reconciler — is the same refund, applied once by
// the gateway (Bootpay's cancel_id, PortOne's Idempotency-Key). A failure
// leaves the order refunding for the reconciler. Bootpay's cancel_id also
// carries the refund's attempt, which moves on only when Bootpay proved a
// cancel failed (cancelBootpay): never after an unknown outcome.
func (s *Server) refund(ctx context.Context, o *Order) {
	var err error
	switch o.Flow {
	case FlowBootpay, FlowBootpayClient:
		err = s.refundBootpay(ctx, o)
	case FlowPortOne:
		err = s.refundPortOne(ctx, o)
	case FlowCommerce:
		err = s.cancelCommerce(ctx, o, o.CommerceOrderNumber, refundMessage(o))
	default:
		err = fmt.Errorf("no refund for flow %q: settle it by hand", o.Flow)
	}
	if err != nil {
		s.log.Log(ctx, refundLevel(err), "refund not done: the order stays refunding until the reconciler looks again", "order_id", o.ID, "error", err)
		return
	}
	err = s.db.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE orders SET status = ? WHERE id = ? AND status = ?`, StatusRefunded, o.ID, StatusRefunding)
		if err != nil || !affected(res) {
			return err
		}
		return t.attempt(ctx, o.ID, gatewayOf(o.Flow), o.ReceiptID+o.PaymentID+o.CommerceOrderNumber, "REFUNDED", o.Reason)
	})
	if err != nil {
		s.log.Error("refunded, but the order not marked so: the reconciler will", "order_id", o.ID, "error", err)
	}
}

// refundKey is the refund's id at the gateway: the same for every attempt,
// request and process. A hash keeps it within the gateways' id lengths.
func refundKey(o *Order, reference string) string {
	sum := sha256.Sum256([]byte(o.ID + "\x00" + reference))
	return "checkout-refund-" + hex.EncodeToString(sum[:16])
}

// cancelKey is the cancel_id (PortOne: the Idempotency-Key) of refund
// attempt n of a payment reference (see cancelBootpay, refundPortOne,
// cancelCommerce): attempt 0 is refundKey's, the id a refund already in
// flight when the attempt counter came was sent under; each later attempt,
// sent only after the gateway proved the one before failed, is a new id.
func cancelKey(o *Order, receiptID string, n int64) string {
	if n == 0 {
		return refundKey(o, receiptID)
	}
	return refundKey(o, receiptID+"\x00"+strconv.FormatInt(n, 10))
}
