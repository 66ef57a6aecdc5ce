package shop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/webhook"
)

// ConfirmRequest is what the browser posts after Bootpay's confirm event
// (/api/confirm), and before and after Bootpay.confirm() in the client
// confirm exception (/api/payment/confirm-check, /api/payment/complete).
type ConfirmRequest struct {
	ReceiptID string `json:"receipt_id"` // checked with Bootpay, never trusted
	OrderID   string `json:"order_id"`
}

func (r ConfirmRequest) valid() bool { return r.ReceiptID != "" && r.OrderID != "" }

func (r ConfirmRequest) orderID() string { return r.OrderID }

// Confirm is POST /api/confirm: the server confirm of a separately
// confirmed Bootpay payment (분리 승인, 서버 승인), in three steps.
//
//  1. Hold. In one transaction the order row is locked (SELECT … FOR UPDATE;
//     SQLite's IMMEDIATE transaction), its state checked (pending, this
//     flow, the receipt not another order's), its stock, coupon use and
//     points taken by conditional UPDATEs, and the order marked confirming
//     with the receipt id. This commits BEFORE Bootpay is called: from now
//     on the database says "a confirm of this receipt may be under way",
//     whatever happens to this process, this request or the database later.
//     A refusal (out of stock, coupon used up) is recorded on the order as
//     its reason, and nothing is sent to Bootpay.
//  2. Confirm. bootpay.ConfirmVerified checks the receipt against the order
//     (status 2 승인대기, the order's id and amount from the database),
//     confirms it once and checks the result, on a context detached from
//     the request: a buyer who closes the tab does not interrupt it.
//  3. Record. Confirmed: the order is marked paid. Refused before anything
//     was captured: the order goes back to pending and what it held is
//     given back. Outcome unknown: the order stays confirming, stock held,
//     and settle (the next request, the webhook, the result page's poll or
//     the reconciler) decides it by looking the receipt up — never by
//     confirming again.
//
// Why the hold is committed before the confirm, and what happens when the
// update that records the confirm fails: that update can fail (the database
// is unavailable, the process dies) after Bootpay captured the money.
// Refunding at that point would need no database, but turns every such
// sale into a refund exactly when the shop is struggling, and the refund
// itself can fail with nowhere to record it. Reconciliation needs a durable
// record of what to reconcile, and the hold is that record, written before
// Bootpay was asked. So a failed final update leaves the order confirming
// with its stock held, and settle turns it into paid by looking the
// receipt up: the sale is kept, nothing is refunded, nothing is confirmed
// twice. No database lock is held while Bootpay answers.
func (s *Server) Confirm(ctx context.Context, req ConfirmRequest) (*Order, error) {
	if !req.valid() {
		return nil, ErrBadRequest
	}
	ctx, cancel := s.detach(ctx)
	defer cancel()
	o, fresh, err := s.hold(ctx, req)
	switch {
	case err != nil:
		return nil, err
	case o.Status == StatusConfirming && !fresh:
		// Confirming already, under an earlier request: look, never
		// confirm again.
		s.settle(ctx, o)
		if o, err = s.Order(ctx, o.ID); err == nil && o.Status == StatusPending {
			return nil, ErrNotConfirmed
		}
		return o, err
	case o.Status == StatusRefunding || o.Status == StatusRefunded:
		return nil, fmt.Errorf("%w: the payment was refunded", ErrMismatch) // only a forged capture is refunded here
	case !fresh:
		return o, nil // paid already: the browser's retry, or after the webhook
	}
	return s.confirm(ctx, o)
}

// hold is step 1. fresh reports that this call moved the order to
// confirming; an order already confirming or paid with this receipt is
// returned as it is.
func (s *Server) hold(ctx context.Context, req ConfirmRequest) (o *Order, fresh bool, err error) {
	err = s.db.inTx(ctx, func(t tx) error {
		if o, err = t.lock(ctx, req.OrderID); err != nil {
			return err
		}
		switch {
		case o.ReceiptID == req.ReceiptID && o.Status != StatusPending:
			return nil
		case o.Flow != FlowBootpay:
			return ErrWrongFlow
		case o.Status != StatusPending:
			return ErrOrderNotPending
		}
		var other string
		err := t.queryRow(ctx, `SELECT id FROM orders WHERE receipt_id = ?`, req.ReceiptID).Scan(&other)
		if err == nil {
			return ErrReceiptInUse
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !o.Held {
			if err := t.take(ctx, o); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `UPDATE orders SET status = ?, receipt_id = ? WHERE id = ?`, StatusConfirming, req.ReceiptID, o.ID); err != nil {
			return err
		}
		o.Status, o.ReceiptID, fresh = StatusConfirming, req.ReceiptID, true
		return t.attempt(ctx, o.ID, "bootpay", req.ReceiptID, "CONFIRMING", "")
	})
	if reasonOf(err) != "" {
		s.setReason(ctx, &Order{ID: req.OrderID}, "bootpay", req.ReceiptID, err)
	}
	return o, fresh, err
}

// confirm is steps 2 and 3 for an order this call has just held.
//
// CancelOnMismatch is off: a receipt captured with another amount is
// refunded by settle, under a cancel_id derived from the order, so a
// retried refund — here, in another request or in the reconciler — is
// applied once.
func (s *Server) confirm(ctx context.Context, o *Order) (*Order, error) {
	_, err := s.cfg.Bootpay.Receipts.ConfirmVerified(ctx, s.confirmParams(o))
	var mismatch *bootpay.MismatchError
	switch {
	case err == nil:
		s.markPaid(ctx, o)
	case errors.Is(err, bootpay.ErrOutcomeUnknown):
		s.log.Warn("confirm outcome unknown: the order stays confirming with its stock held until it is settled",
			"order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
	case errors.As(err, &mismatch) && !mismatch.AfterConfirm && holdsNothing(o, mismatch.Receipt):
		// Refused before any confirm was sent, and the receipt holds none
		// of this order's money (the window is still open, status 0; a
		// virtual account; another amount awaiting confirm; another
		// order's receipt). Nothing can capture it through this order
		// now, so the order goes back to pending with its stock given
		// back: kept confirming, it would hold the stock for ever and
		// refuse the buyer's real receipt ("not pending").
		s.log.Warn("receipt refused before the confirm: the order is released", "order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
		reason, refusal := ReasonAmountMismatch, ErrMismatch
		if len(mismatch.Mismatches) == 1 && mismatch.Has("status") {
			reason, refusal = ReasonNotConfirmed, ErrNotConfirmed // the right receipt, not ready yet
		}
		if rerr := s.release(ctx, o, reason); rerr != nil {
			s.log.Error("order not released: it stays confirming until settled", "order_id", o.ID, "error", rerr)
			return s.Order(ctx, o.ID)
		}
		return nil, fmt.Errorf("%w: %w", refusal, err)
	case errors.As(err, &mismatch):
		// Captured by someone else with another amount, or confirmed
		// with another amount: the receipt's state tells which, and
		// settle refunds a captured one.
		s.log.Warn("payment does not match its order (위변조 의심)", "order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
		s.settle(ctx, o)
		if now, lerr := s.Order(ctx, o.ID); lerr == nil && now.Status != StatusConfirming && now.Status != StatusPaid {
			return nil, fmt.Errorf("%w: %w", ErrMismatch, err)
		}
	default:
		// The lookup before the confirm failed or the confirm was refused:
		// nothing was captured.
		if rerr := s.release(ctx, o, ""); rerr != nil {
			s.log.Error("confirm refused but the order not released: it stays confirming", "order_id", o.ID, "error", rerr)
		}
		return nil, fmt.Errorf("%w: %w", errGateway, err)
	}
	return s.Order(ctx, o.ID)
}

func (s *Server) confirmParams(o *Order) bootpay.ConfirmParams {
	return bootpay.ConfirmParams{ReceiptID: o.ReceiptID, OrderID: o.ID, Amount: o.Amount, Currency: "KRW", AllowSandbox: s.cfg.AcceptTestPayments}
}

// markPaid records a confirmed receipt, once: the conditions make it
// idempotent across requests and instances, and paid_count is incremented
// only by the update that moves the row. If it fails the order stays
// confirming (see Confirm) and settle marks it paid later.
func (s *Server) markPaid(ctx context.Context, o *Order) {
	err := s.db.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE orders SET status = ?, paid_count = paid_count + 1, reason = '' WHERE id = ? AND status = ? AND receipt_id = ?`,
			StatusPaid, o.ID, StatusConfirming, o.ReceiptID)
		if err != nil || !affected(res) {
			return err
		}
		return t.attempt(ctx, o.ID, "bootpay", o.ReceiptID, "PAID", "")
	})
	if err != nil {
		s.log.Error("payment confirmed but the order not marked paid yet: it stays confirming until settled",
			"order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
	}
}

// release moves a confirming order back to pending and gives back what it
// held, once: only the request that moves the row gives it back.
func (s *Server) release(ctx context.Context, o *Order, reason string) error {
	return s.db.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE orders SET status = ?, receipt_id = NULL, reason = ? WHERE id = ? AND status = ? AND receipt_id = ?`,
			StatusPending, reason, o.ID, StatusConfirming, o.ReceiptID)
		if err != nil || !affected(res) {
			return err
		}
		if o.Held {
			if err := t.giveBack(ctx, o); err != nil {
				return err
			}
		}
		return t.attempt(ctx, o.ID, "bootpay", o.ReceiptID, "RELEASED", reason)
	})
}

// settle decides a confirming order by looking its receipt up
// (ReconcileConfirm); it never confirms again:
//
//   - confirmed for the order's id and amount: paid;
//   - never to be confirmed for it — failed (-1, -2), cancelled in full,
//     another order's, or awaiting confirm with another amount: released;
//   - captured for the order with another amount (위변조 의심): refunded in
//     full under a cancel_id derived from the order (so no retry, by any
//     instance, refunds twice), and the order ends refunded;
//   - anything else — still awaiting confirm (the confirm may yet
//     complete), Bootpay unreachable, 결제승인중, partly cancelled: left
//     confirming, stock held; the cause is logged.
//
// A receipt that stays in status 2 keeps the order confirming: nothing here
// can tell a confirm still under way from one never sent (the process died
// between the hold and the confirm), and a second confirm could charge
// twice. Such an order needs a person, or Bootpay's expiry of the
// authentication (how a receipt left awaiting confirm ends is UNCONFIRMED).
func (s *Server) settle(ctx context.Context, o *Order) {
	_, err := s.cfg.Bootpay.Receipts.ReconcileConfirm(ctx, s.confirmParams(o))
	var pending *bootpay.PendingConfirmError
	var mismatch *bootpay.MismatchError
	switch {
	case err == nil:
		s.markPaid(ctx, o)
	case errors.As(err, &pending):
		if pending.Receipt.Verify(bootpay.VerifyParams{OrderID: o.ID, Amount: o.Amount, Status: pending.Receipt.Status, AllowSandbox: s.cfg.AcceptTestPayments}) != nil {
			s.releaseOrKeep(ctx, o, ReasonAmountMismatch)
		}
	case errors.As(err, &mismatch):
		r, err := s.cfg.Bootpay.Receipts.Get(ctx, o.ReceiptID)
		if err != nil {
			s.log.Warn("lookup to settle a confirming order failed", "order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
			return
		}
		s.settleUnconfirmed(ctx, o, r)
	default:
		s.log.Warn("lookup to settle a confirming order failed", "order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
	}
}

// settleUnconfirmed handles a receipt that is neither confirmed for the
// order nor awaiting confirm.
func (s *Server) settleUnconfirmed(ctx context.Context, o *Order, r *bootpay.Receipt) {
	switch {
	case r.OrderID != o.ID:
		// ConfirmVerified never confirms another order's receipt, and it
		// is not this order's money to refund.
		s.releaseOrKeep(ctx, o, ReasonAmountMismatch)
	case r.Status == bootpay.StatusPaid:
		if _, err := s.startRefund(ctx, o.ID, "receipt_id", r.ReceiptID, ReasonAmountMismatch); err != nil {
			s.log.Error("refund of a payment that does not match its order not started: the order stays confirming", "order_id", o.ID, "error", err)
		}
	case neverCaptured(r):
		s.releaseOrKeep(ctx, o, ReasonNotConfirmed)
	default:
		s.log.Error("confirming order needs a person: its receipt is in a state this code does not settle",
			"order_id", o.ID, "receipt_id", r.ReceiptID, "receipt_status", r.Status.String())
	}
}

// holdsNothing reports a receipt, refused before any confirm was sent,
// that holds none of order o's money: another order's receipt, or one this
// order's confirm could not have captured — ready (the window is open),
// awaiting confirm (with another amount), a virtual account not yet
// deposited (its deposit, if it comes, is a PAYMENT_COMPLETED webhook,
// which pays a pending order) — or one never captured. A receipt paid for
// this order (by someone else, with another amount) or being confirmed
// (status 3) is not: settle decides, and refunds, those.
func holdsNothing(o *Order, r *bootpay.Receipt) bool {
	switch {
	case r == nil:
		return false
	case r.OrderID != o.ID:
		return true
	case r.Status == bootpay.StatusReady, r.Status == bootpay.StatusAwaitingConfirm, r.Status == bootpay.StatusVirtualAccountIssued:
		return true
	}
	return neverCaptured(r)
}

// neverCaptured reports a receipt that holds none of the buyer's money and
// will not: failed before or at approval, a revoked virtual account, or
// cancelled in full.
func neverCaptured(r *bootpay.Receipt) bool {
	switch r.Status {
	case bootpay.StatusFailedBeforeApproval, bootpay.StatusApprovalFailed, bootpay.StatusVirtualAccountRevoked:
		return true
	case bootpay.StatusCancelled:
		return r.FullyCancelled()
	}
	return false
}

func (s *Server) releaseOrKeep(ctx context.Context, o *Order, reason string) {
	if err := s.release(ctx, o, reason); err != nil {
		s.log.Error("order not released: it stays confirming", "order_id", o.ID, "reason", reason, "error", err)
		return
	}
	s.log.Info("order released", "order_id", o.ID, "receipt_id", o.ReceiptID, "reason", reason)
}

func (s *Server) refundBootpay(ctx context.Context, o *Order) error {
	return s.cancelBootpay(ctx, o, o.ReceiptID, refundMessage(o))
}

// refundMessage is the message of the refund of a refunding order: why the
// shop could not keep the payment. Every retry sends the same.
func refundMessage(o *Order) string {
	return "주문을 완료할 수 없어 환불해요 (the order could not be fulfilled: " + o.Reason + ")"
}

// cancelBootpay cancels receipt in full under a cancel_id derived from the
// order, the receipt and its refund attempt (refundAttempt). It looks the
// receipt up first, as refundPortOne does: a receipt already cancelled in
// full — by an earlier attempt, or in Bootpay's console under another
// cancel_id — is refunded, and a cancel would only be refused
// (RC_ALREADY_CANCELLED) on every reconciler pass. A failed lookup falls
// through to the cancel, whose cancel_id Bootpay applies once.
//
// The cancel_id changes only after Bootpay proved the cancel failed: a
// *bootpay.CancelFailedError (결제취소 실패, nothing cancelled) moves the
// attempt on in the database (refundFailed), because whether Bootpay
// accepts a cancel_id that failed once is UNCONFIRMED — if it refused it
// as a duplicate, the same id would be sent on every reconciler pass and
// the money never given back. Any other failure, above all an unknown
// outcome (a lost reply), keeps the attempt, so every retry, by any
// instance, repeats the same cancel_id, which Bootpay applies at most once.
// https://developers.bootpay.co.kr/pg/server/cancel
func (s *Server) cancelBootpay(ctx context.Context, o *Order, receiptID, message string) error {
	if r, err := s.cfg.Bootpay.Receipts.Get(ctx, receiptID); err == nil && r.FullyCancelled() {
		return nil
	}
	n, err := s.refundAttempt(ctx, o.ID, receiptID)
	if err != nil {
		return err
	}
	_, err = s.cfg.Bootpay.Receipts.Cancel(ctx, bootpay.CancelParams{
		ReceiptID: receiptID, Full: true, CancelID: cancelKey(o, receiptID, n), Message: message,
	})
	var failed *bootpay.CancelFailedError
	if errors.As(err, &failed) {
		if rerr := s.refundFailed(ctx, o.ID, "bootpay", receiptID, n, failed.CancelID); rerr != nil {
			return errors.Join(err, rerr)
		}
	}
	return err
}

// refundAttempt reads which refund attempt of reference is sent next for
// order id: 0 until a cancel of it was proven failed.
func (s *Server) refundAttempt(ctx context.Context, id, reference string) (int64, error) {
	var n int64
	err := s.db.QueryRow(ctx, `SELECT attempt FROM refund_attempts WHERE order_id = ? AND reference = ?`, id, reference).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// refundFailed records that refund attempt n of reference at gateway,
// sent under cancelID (Bootpay's and Commerce's cancel_id, PortOne's
// Idempotency-Key), was proven failed: the next one is n+1. It moves the
// attempt on under the order's row lock and only from n, so that two
// instances that saw the same failure move it once, and one that read an
// attempt since superseded never skips past a cancel whose outcome is not
// known.
func (s *Server) refundFailed(ctx context.Context, id, gateway, reference string, n int64, cancelID string) error {
	return s.db.inTx(ctx, func(t tx) error {
		if _, err := t.lock(ctx, id); err != nil {
			return err
		}
		res, err := t.exec(ctx, `INSERT INTO refund_attempts (order_id, reference, attempt) VALUES (?, ?, ?)
			ON CONFLICT (order_id, reference) DO UPDATE SET attempt = excluded.attempt WHERE refund_attempts.attempt = ?`,
			id, reference, n+1, n)
		if err != nil || !affected(res) {
			return err
		}
		return t.attempt(ctx, id, gateway, reference, attemptCancelFailed, cancelID)
	})
}

// attemptCancelFailed records a cancel the gateway answered as failed
// (Bootpay's 결제취소 실패, PortOne's FAILED cancellation, Commerce's
// withdrawn or rejected request), with its cancel_id or Idempotency-Key as
// the detail.
const attemptCancelFailed = "CANCEL_FAILED"

// CheckResult is the answer of POST /api/payment/confirm-check.
type CheckResult struct {
	CanConfirm bool   `json:"can_confirm"`
	OrderID    string `json:"order_id,omitempty"`
	Reason     string `json:"reason,omitempty"`
	Message    string `json:"message,omitempty"`
}

// ConfirmCheck is POST /api/payment/confirm-check, the client confirm
// exception's pre-check: it confirms nothing. It checks the order (pending,
// this flow), that its stock, coupon and points are still there, and
// looks the receipt up: awaiting confirm (2) for this order and amount.
// It records the attempt (CONFIRM_CHECKED). Nothing is held: the browser
// may never call Bootpay.confirm(), so /api/payment/complete checks the
// stock again and refunds when it went meanwhile.
func (s *Server) ConfirmCheck(ctx context.Context, req ConfirmRequest) (*CheckResult, error) {
	if !req.valid() {
		return nil, ErrBadRequest
	}
	o, err := s.Order(ctx, req.OrderID)
	if err != nil {
		return nil, err
	}
	no := func(err error) (*CheckResult, error) {
		s.attempt(ctx, o.ID, "bootpay", req.ReceiptID, "REFUSED", err.Error())
		return &CheckResult{OrderID: o.ID, Reason: reasonOf(err), Message: err.Error()}, nil
	}
	switch {
	case o.Flow != FlowBootpayClient:
		return no(ErrWrongFlow)
	case o.Status != StatusPending:
		return no(ErrOrderNotPending)
	}
	if err := s.available(ctx, o); err != nil {
		return no(err)
	}
	_, err = s.cfg.Bootpay.Receipts.Verify(ctx, bootpay.VerifyParams{
		ReceiptID: req.ReceiptID, OrderID: o.ID, Amount: o.Amount, Status: bootpay.StatusAwaitingConfirm,
		Currency: "KRW", AllowSandbox: s.cfg.AcceptTestPayments,
	})
	var mismatch *bootpay.MismatchError
	switch {
	case errors.As(err, &mismatch):
		return no(ErrMismatch)
	case err != nil:
		return nil, fmt.Errorf("%w: %w", errGateway, err)
	}
	s.attempt(ctx, o.ID, "bootpay", req.ReceiptID, "CONFIRM_CHECKED", "")
	return &CheckResult{CanConfirm: true, OrderID: o.ID}, nil
}

// available reports whether take would succeed now, without taking.
func (s *Server) available(ctx context.Context, o *Order) error {
	var ok bool
	if err := s.db.QueryRow(ctx, `SELECT stock IS NULL OR stock >= ? FROM products WHERE id = ?`, o.Quantity, o.ProductID).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return ErrOutOfStock
	}
	if o.CouponCode != "" {
		if err := s.db.QueryRow(ctx, `SELECT uses_left > 0 FROM coupons WHERE code = ?`, o.CouponCode).Scan(&ok); err != nil || !ok {
			return ErrCouponInvalid
		}
	}
	if o.PointsUsed > 0 {
		if err := s.db.QueryRow(ctx, `SELECT balance >= ? FROM points WHERE user_id = ?`, o.PointsUsed, o.UserID).Scan(&ok); err != nil || !ok {
			return ErrPointsShort
		}
	}
	return nil
}

// CompleteBootpay is POST /api/payment/complete, after the browser's
// Bootpay.confirm(): the browser's word proves nothing, so the receipt is
// looked up and compared with the order (its id, its amount, status 1),
// and the order is marked paid with the stock taken now — or, when the
// stock (or the coupon, or the points) went meanwhile, the payment is
// refunded in full and the order ends refunded with its reason. The
// webhook for the same receipt does the same; whichever comes first wins
// and the other finds the order paid. It is the buyer's own endpoint
// (serveCall checks the session). A receipt captured for the order with
// another amount (위변조 의심) is refused (400 amount_mismatch) and
// refunded in full as a stray, and the order stays pending, still payable
// (refundMismatch), as when the webhook reports it: the receipt's order_id
// is the browser's to set, and the buyer's session does not make the
// receipt the buyer's.
func (s *Server) CompleteBootpay(ctx context.Context, req ConfirmRequest) (*Order, error) {
	if !req.valid() {
		return nil, ErrBadRequest
	}
	ctx, cancel := s.detach(ctx)
	defer cancel()
	o, err := s.flowOrder(ctx, req.OrderID, FlowBootpayClient)
	if err != nil {
		return nil, err
	}
	r, err := s.cfg.Bootpay.Receipts.Get(ctx, req.ReceiptID)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errGateway, err)
	}
	if err := s.bootpayPaid(ctx, o, r); err != nil {
		return nil, err
	}
	return s.Order(ctx, o.ID)
}

// bootpayPaid acts on a receipt looked up at Bootpay for order o, from
// /api/payment/complete or the webhook, alike. The receipt is verified
// whole (Receipt.Verify: order id, amount, status 1, KRW, and no test-mode
// receipt unless Config.AcceptTestPayments); only a Bootpay order is paid
// by a Bootpay receipt. A receipt for the order cancelled in part at
// Bootpay that the order does not hold has the rest refunded as a stray
// (refundPartlyCancelled: ErrPaymentCancelled).
func (s *Server) bootpayPaid(ctx context.Context, o *Order, r *bootpay.Receipt) error {
	switch {
	case o.Flow != FlowBootpay && o.Flow != FlowBootpayClient:
		return ErrWrongFlow
	case r.OrderID != o.ID:
		return ErrMismatch // another order's receipt: not ours to refund
	case o.Status == StatusConfirming && o.ReceiptID == r.ReceiptID:
		s.settle(ctx, o)
		return nil
	case s.partlyCancelled(r):
		own, err := s.refundPartlyCancelled(ctx, o, r)
		switch {
		case err != nil:
			return err
		case !own:
			return ErrPaymentCancelled
		}
		return ErrNotConfirmed // the order's own, cancelled in part after it was paid
	case r.Status != bootpay.StatusPaid:
		return ErrNotConfirmed
	}
	err := r.Verify(bootpay.VerifyParams{OrderID: o.ID, Amount: o.Amount, Status: bootpay.StatusPaid, Currency: "KRW", AllowSandbox: s.cfg.AcceptTestPayments})
	var mismatch *bootpay.MismatchError
	switch {
	case errors.As(err, &mismatch) && r.Sandbox:
		return ErrMismatch // a test-mode payment moved no money: nothing to refund
	case err != nil:
		// Captured for this order with another amount or currency (위변조
		// 의심): the shop cannot keep it, so it is refunded as a stray and
		// the order stays payable.
		if err := s.refundMismatch(ctx, o, r.ReceiptID); err != nil {
			return err
		}
		return ErrMismatch
	}
	res, err := s.adopt(ctx, o.ID, "receipt_id", r.ReceiptID)
	if res == adoptCancelled {
		return ErrPaymentCancelled
	}
	if res == adoptRefused {
		// A second payment (two tabs, a double Bootpay.confirm()): the
		// order keeps its first, this one is refunded.
		if err := s.refundStray(ctx, o, r.ReceiptID); err != nil {
			return err
		}
		return ErrReceiptInUse
	}
	return err
}

// onBootpay acts on a Bootpay webhook whose receipt was looked up and
// agreed with it (webhook.BootpayHandler, once per event through the
// database's webhook_keys). A completed payment settles or adopts the
// order as the browser's callback would; a full cancellation is recorded
// and decided under the order's row lock (cancelledAtGateway): a paid
// order's receipt moves the order to refunded, a confirming order's
// releases it, and a receipt the order is not (yet) paid with is refused
// by any later completion. Its work is bounded well within the webhook's
// lease (callback).
func (s *Server) onBootpay(ctx context.Context, d *webhook.BootpayDelivery) error {
	ctx, cancel := s.callback(ctx)
	defer cancel()
	o, err := s.Order(ctx, d.Receipt.OrderID)
	if errors.Is(err, ErrUnknownOrder) {
		s.log.Warn("Bootpay webhook for an order this shop does not have", "order_id", d.Receipt.OrderID)
		return nil // nothing to do: acknowledge
	}
	if err != nil {
		return err
	}
	switch d.Event.Kind() {
	case webhook.BootpayPaymentCompleted:
		err := s.bootpayPaid(ctx, o, d.Receipt)
		if errors.Is(err, ErrMismatch) || errors.Is(err, ErrReceiptInUse) || errors.Is(err, ErrNotConfirmed) || errors.Is(err, ErrWrongFlow) ||
			errors.Is(err, ErrPaymentCancelled) {
			s.log.Warn("Bootpay webhook refused", "order_id", o.ID, "error", err)
			return nil // a verdict, not a failure: redelivering changes nothing
		}
		return err
	case webhook.BootpayPaymentCancelled, webhook.BootpayPaymentPartialCancelled:
		switch {
		case o.Flow != FlowBootpay && o.Flow != FlowBootpayClient:
			return nil
		case s.partlyCancelled(d.Receipt):
			_, err := s.refundPartlyCancelled(ctx, o, d.Receipt)
			return err
		case !d.Receipt.FullyCancelled():
			return nil
		}
		// Recorded and decided under the row lock, never from the state
		// read above: a confirm or completion may commit in between.
		return s.cancelledAtGateway(ctx, "receipt_id", d.Receipt.ReceiptID, o.ID)
	}
	return nil
}

// partlyCancelled reports a receipt cancelled in part at Bootpay (status
// 20, 부분취소, something left to cancel) that moved money: not a test-mode
// receipt, unless Config.AcceptTestPayments.
func (s *Server) partlyCancelled(r *bootpay.Receipt) bool {
	return r.Status == bootpay.StatusCancelled && r.Remaining() > 0 && (!r.Sandbox || s.cfg.AcceptTestPayments)
}

// refundPartlyCancelled refunds the rest of receipt r, for order o and
// cancelled in part at Bootpay (partlyCancelled), as a stray, unless o
// holds it (own): a receipt captured for the order — a client-confirm
// receipt the browser's Bootpay.confirm() captured, its
// /api/payment/complete and PAYMENT_COMPLETED lost — and then refunded in
// part in Bootpay's console before the shop saw it. The order cannot keep
// a payment Bootpay holds only part of, and nothing else would ever return
// the rest: it never reads paid again, so no completion adopts it. The
// stray's refund is cancelBootpay's full cancel, which takes what remains,
// under a cancel_id derived from the order and the receipt; the order is
// left as it is, still payable. Logged at error level: money was taken and
// partly returned for an order never fulfilled, and a person may want to
// tell the buyer. It runs from every path that sees such a receipt: the
// browser's /api/payment/complete and PAYMENT_COMPLETED (bootpayPaid),
// PAYMENT_PARTIAL_CANCELLED (onBootpay) and the reconciler's lookup of a
// confirm-checked receipt (findClientConfirm).
//
// https://developers.bootpay.co.kr/pg/server/cancel
func (s *Server) refundPartlyCancelled(ctx context.Context, o *Order, r *bootpay.Receipt) (own bool, err error) {
	return s.refundStrayLogged(ctx, o, r.ReceiptID, slog.LevelError,
		"a Bootpay receipt cancelled in part before the shop saw it is not fulfilled: the rest is refunded as a stray and the order left payable",
		"remaining", r.Remaining())
}
