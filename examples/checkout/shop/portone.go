package shop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/webhook"
)

// CompleteRequest is what the browser posts to /payment/complete after
// PortOne.requestPayment; a webhook completes with PaymentID alone.
type CompleteRequest struct {
	PaymentID string `json:"paymentId"`
	OrderID   string `json:"orderId"`
}

// CompletePortOne is POST /payment/complete (PortOne's 결제 완료 처리):
// the payment is looked up (결제 단건 조회) and compared with the order
// (amount.total and currency from the database), and the status decides:
//
//   - PAID: the order is paid, its stock taken now (refunded, if the stock
//     went meanwhile);
//   - VIRTUAL_ACCOUNT_ISSUED: the account is stored and shown, the stock held,
//     and the order awaits the deposit (the Transaction.Paid webhook, or
//     the reconciler's lookup, makes it paid); without an account in the
//     payment, nothing changes (202) until the deposit's webhook;
//   - READY, PAY_PENDING: nothing changes (202);
//   - FAILED, CANCELLED: the order stays pending with the reason;
//   - PARTIAL_CANCELLED: the same, and the rest is refunded as a stray, an
//     error logged (refundPartlyCancelledPayment): paid and refunded in
//     part before the shop saw it;
//   - another amount or currency, or a test channel's payment (unless
//     Config.AcceptTestPayments): 위변조 의심, nothing fulfilled (400); one
//     of another amount or currency that moved money (PAID, or refunded in
//     part) is refunded in full as a stray, once (forgedPayment), and the
//     order stays pending.
//
// The browser, its retries and PortOne's webhooks may all call it, on any
// instance: the order row lock makes the order paid once. A payment PortOne
// cancelled after the lookup (its Transaction.Cancelled webhook recorded)
// is refused as CANCELLED is.
func (s *Server) CompletePortOne(ctx context.Context, req CompleteRequest) (*Order, string, error) {
	o, _, msg, err := s.completePortOne(ctx, req, false)
	return o, msg, err
}

// completePortOne is CompletePortOne, also returning what the lookup said
// (onPortOne tells a Transaction.Paid that PortOne's lookup does not show
// yet by it). paidEvent is set for a Transaction.Paid webhook: PortOne
// said the payment is paid, so a FAILED lookup is a record lagging it and
// records no ReasonPaymentFailed on the order.
func (s *Server) completePortOne(ctx context.Context, req CompleteRequest, paidEvent bool) (*Order, portone.Outcome, string, error) {
	if req.PaymentID == "" {
		return nil, 0, "", ErrBadRequest
	}
	ctx, cancel := s.detach(ctx)
	defer cancel()
	o, err := s.orderBy(ctx, "payment_id", req.PaymentID)
	switch {
	case errors.Is(err, ErrUnknownOrder):
		return nil, 0, "", fmt.Errorf("%w: no order has this paymentId", ErrUnknownOrder)
	case err != nil:
		return nil, 0, "", err
	case req.OrderID != "" && req.OrderID != o.ID:
		return nil, 0, "", fmt.Errorf("%w: the payment is another order's", ErrMismatch)
	}
	v, err := s.cfg.PortOne.Payments.Verify(ctx, portone.VerifyParams{PaymentID: req.PaymentID, Amount: o.Amount, Currency: portone.CurrencyKRW,
		AllowTest: s.cfg.AcceptTestPayments})
	var mismatch *portone.MismatchError
	switch {
	case errors.As(err, &mismatch):
		s.log.Warn("payment does not match its order (위변조 의심)", "order_id", o.ID, "payment_id", req.PaymentID, "error", err)
		s.attempt(ctx, o.ID, "portone", req.PaymentID, "REFUSED", ReasonAmountMismatch)
		if forgedPayment(mismatch) {
			if err := s.refundMismatch(ctx, o, req.PaymentID); err != nil {
				return nil, 0, "", err
			}
		}
		return nil, 0, "", fmt.Errorf("%w: %w", ErrMismatch, err)
	case errors.Is(err, portone.ErrNotFound):
		return nil, 0, "", fmt.Errorf("%w: PortOne has no such payment", ErrUnknownOrder)
	case err != nil:
		return nil, 0, "", fmt.Errorf("%w: %w", errGateway, err)
	}
	msg := ""
	switch v.Outcome {
	case portone.OutcomePaid:
		res, err := s.adopt(ctx, o.ID, "payment_id", req.PaymentID)
		if err != nil {
			return nil, 0, "", err
		}
		if res == adoptCancelled {
			msg = "취소된 결제예요 (the payment was cancelled)"
		}
	case portone.OutcomeAwaitingDeposit:
		if v.VirtualAccount == nil {
			// PortOne sent no account (the method is optional): nothing to
			// show the buyer and no 입금 기한 to end a hold by, so the order
			// stays pending and holds nothing; the deposit's Transaction.Paid
			// webhook completes it as any payment.
			msg = "가상계좌 정보를 확인 중이에요 (the account is not known yet)"
			break
		}
		if err := s.awaitDeposit(ctx, o, v.VirtualAccount); err != nil {
			return nil, 0, "", err
		}
	case portone.OutcomePending:
		msg = "결제 확인 중이에요 (not completed yet)"
	case portone.OutcomeFailed:
		msg = "결제에 실패했어요 (the payment failed)"
		if f, ok := v.Payment.Failed(); ok && f.Failure.Reason != "" {
			msg += ": " + f.Failure.Reason
		}
		if !paidEvent {
			s.payReason(ctx, o, ReasonPaymentFailed)
		}
	case portone.OutcomePartiallyCancelled, portone.OutcomeCancelled:
		msg = "취소된 결제예요 (the payment was cancelled)"
		s.payReason(ctx, o, ReasonCancelled)
		if v.Outcome == portone.OutcomePartiallyCancelled && o.Status == StatusPending {
			if err := s.refundPartlyCancelledPayment(ctx, o); err != nil {
				return nil, 0, "", err
			}
		}
	default:
		msg = "알 수 없는 결제 상태예요: " + string(v.Payment.Status)
	}
	o, err = s.Order(ctx, o.ID)
	return o, v.Outcome, msg, err
}

// forgedPayment reports a payment under the order's paymentId that moved
// money with another amount or currency (위변조 의심): PAID, or PARTIAL_CANCELLED
// (paid, then refunded in part), and neither a test channel's payment
// while Config.AcceptTestPayments is off nor one whose channel PortOne did
// not name (Verify without AllowTest: channel.type) — those moved no money, or
// cannot be shown to have. The order cannot keep such a payment, whoever
// reports it, so it is refunded in full as a stray (refundMismatch). A
// payment that moved no money (READY, PAY_PENDING, FAILED, a virtual
// account awaiting its deposit) is refused and not refunded: should it be
// paid later, its Transaction.Paid (or the reconciler's lookup) reads it
// PAID, and it is refunded then. One cancelled in full is back already.
func forgedPayment(m *portone.MismatchError) bool {
	if m.Payment == nil || m.Has("id") || m.Has("channel.type") || !m.Has("amount.total") && !m.Has("currency") {
		return false
	}
	return m.Payment.Status == portone.PaymentStatusPaid || m.Payment.Status == portone.PaymentStatusPartialCancelled
}

// refundPartlyCancelledPayment refunds the rest of pending order o's
// payment, of the order's amount, that reads PARTIAL_CANCELLED: paid, with
// the browser's callback and Transaction.Paid lost, and then refunded in
// part in PortOne's console before the shop saw it. The order cannot keep
// a payment PortOne holds only part of, and nothing else would ever return
// the rest (it never reads PAID again): it is refunded as a stray
// (cancelPortOne's Full cancel takes what remains, under the order's
// derived Idempotency-Key), the order stays pending, and an error is
// logged — money was taken and partly returned for an order never
// fulfilled. An order awaiting its deposit is not handled here: its
// payment is its own, refunded by refundPartlyRefundedDeposit; one that
// holds the payment by the time its row is locked (holds) keeps it.
//
// https://developers.portone.io/api/rest-v2/payment
func (s *Server) refundPartlyCancelledPayment(ctx context.Context, o *Order) error {
	_, err := s.refundStrayLogged(ctx, o, o.PaymentID, slog.LevelError,
		"a PortOne payment refunded in part before the shop saw it is not fulfilled: the rest is refunded as a stray and the order left pending")
	return err
}

// payReason records why a pending order's payment did not complete.
func (s *Server) payReason(ctx context.Context, o *Order, reason string) {
	if _, err := s.db.Exec(ctx, `UPDATE orders SET reason = ? WHERE id = ? AND status = ?`, reason, o.ID, StatusPending); err != nil {
		s.log.Warn("recording a reason failed", "order_id", o.ID, "error", err)
	}
}

// awaitDeposit stores the virtual account of a pending order and holds its
// stock (the deposit may take days; a buyer shown an account must get the
// goods). When the stock is gone the order still awaits the deposit, and
// adopt refunds the deposit if the stock is still gone then.
func (s *Server) awaitDeposit(ctx context.Context, o *Order, va *portone.PaymentMethodVirtualAccount) error {
	var bank, number string
	if va != nil {
		bank, number = string(va.Bank), va.AccountNumber.Reveal()
	}
	due := s.depositDue(va).UTC().Format(time.RFC3339)
	try := func(hold bool) error {
		return s.db.inTx(ctx, func(t tx) error {
			o, err := t.lock(ctx, o.ID)
			if err != nil || o.Status != StatusPending {
				return err
			}
			if hold && !o.Held {
				if err := t.take(ctx, o); err != nil {
					return err
				}
			}
			if _, err := t.exec(ctx, `UPDATE orders SET status = ?, va_bank = ?, va_number = ?, va_due = ? WHERE id = ?`,
				StatusAwaitingDeposit, bank, number, due, o.ID); err != nil {
				return err
			}
			return t.attempt(ctx, o.ID, "portone", o.PaymentID, "VIRTUAL_ACCOUNT_ISSUED", "")
		})
	}
	err := try(true)
	if reasonOf(err) != "" {
		err = try(false)
	}
	return err
}

// depositDue is the shop's 입금 기한 for a virtual account: PortOne's
// expiredAt, but never later than Config.DepositWindow from now, and that
// when PortOne reports none. The account's term comes from the browser
// (requestPayment's validHours), which a buyer can set to years, or leave
// out; bounded here, the reconciler's pastDue always ends an account that
// takes no deposit and gives its stock back — after closing it at PortOne
// (closeDeposit), so that PortOne takes no deposit past the shop's 입금
// 기한 that no one would look for. A deposit that beats the close completes
// the order as any payment does.
func (s *Server) depositDue(va *portone.PaymentMethodVirtualAccount) time.Time {
	due := s.cfg.Now().Add(s.cfg.DepositWindow)
	if va != nil && !va.ExpiredAt.IsZero() && va.ExpiredAt.Before(due) {
		due = va.ExpiredAt
	}
	return due
}

// refundPortOne cancels a refunding order's payment in full (cancelPortOne),
// giving the order's reason.
func (s *Server) refundPortOne(ctx context.Context, o *Order) error {
	return s.cancelPortOne(ctx, o, o.PaymentID, "주문을 완료할 수 없어 환불해요 ("+o.Reason+")")
}

// cancelPortOne cancels payment paymentID of order o in full, with reason
// as the cancellation's reason: a refunding order's own payment
// (refundPortOne), or a stray under the order's paymentId, a payment of
// another amount (sendStrayRefund). Every retry of one refund sends the
// same reason, or PortOne refuses the retry's Idempotency-Key (422
// IDEMPOTENCY_KEY_REUSED). The key derives from the order and the payment
// (cancelKey) for both, as Bootpay's and Commerce's refunds do. The two
// never both apply to one payment: the order adopts, and so refunds as its
// own, only a payment of its amount, and a stray is one it does not hold
// (holds); should both be sent, PortOne refuses the second (a full cancel
// of a cancelled payment, or the key with another body), and the lookup
// below ends it once the payment reads CANCELLED.
//
// It looks the payment up first, and sends nothing when the lookup fails:
//
//   - CANCELLED (an earlier attempt whose answer was lost and whose
//     Idempotency-Key PortOne no longer keeps, about 3 hours; or a cancel
//     in PortOne's console) is refunded, and a cancel would only be
//     refused (409 PAYMENT_ALREADY_CANCELLED);
//   - a cancellation listed REQUESTED (the PG cancels asynchronously), or
//     of a status this package does not know, is a cancel under way:
//     nothing is sent until the lookup reads it SUCCEEDED or FAILED, or
//     its Transaction.Cancelled webhook ends the order
//     (cancelledAtGateway). Sent again, a cancel whose key PortOne no
//     longer keeps would be a second cancel of a payment that has one
//     pending, and whether PortOne refuses that is UNCONFIRMED: waiting
//     can never refund twice. Waiting is logged at info while a
//     REQUESTED one is younger than a day (errCancellationUnderWay), and
//     at error once it is older, or at once for an unknown status
//     (errCancellationStuck): the buyer's money is owed, and only a
//     person can end it (waitForCancellation).
//
// Otherwise the full cancel names the balance the lookup shows
// (CurrentCancellableAmount: amount.total less amount.cancelled), so that
// PortOne cancels only from that view of the payment — a balance gone
// stale (a 부분취소 in the console between the lookup and the cancel) is
// refused with 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN, nothing
// refunded (balanceRefused) — and the SDK can tell its answer from a
// stored one of another amount. Only a SUCCEEDED cancellation is a
// refund: REQUESTED leaves the order refunding (a stray not recorded
// refunded), and the reconciler looks again.
//
// The Idempotency-Key changes only after PortOne proved the cancel failed
// (a FAILED cancellation, the PG's 502 PG_PROVIDER refusal, or a 409
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN whose balance a fresh lookup shows
// changed: nothing refunded under this key; see answered), as Bootpay's cancel_id does
// (cancelBootpay): a repeat under the same key would only return the
// stored failure, or — carrying another balance — be refused as another
// request under the key (422 IDEMPOTENCY_KEY_REUSED), for as long as
// PortOne keeps the key (about 3 hours). A cancel answered REQUESTED that
// the lookup later lists FAILED is proved failed so too: the next pass
// sends it again under its key, PortOne returns the stored REQUESTED
// answer, whose cancellation the lookup lists FAILED, and the attempt
// moves on; the pass after sends a new cancel under a new key (the SDK's
// Cancel: "send a new call with CurrentCancellableAmount set"). A new key
// cannot refund twice: each cancel names the balance it read, which an
// earlier cancel that went through would have changed. Any other outcome,
// above all an unknown one, keeps the key, which PortOne applies at most
// once. (Should the balance change under a key whose outcome is unknown —
// a 부분취소 in the console between two passes — the key's request
// differs and PortOne refuses it or answers it with the stored answer,
// which ends unknown: the order stays refunding, logged, until PortOne
// forgets the key; it never refunds twice.)
//
// https://developers.portone.io/api/rest-v2/payment
func (s *Server) cancelPortOne(ctx context.Context, o *Order, paymentID, reason string) error {
	p, err := s.cfg.PortOne.Payments.Get(ctx, paymentID)
	switch {
	case err != nil:
		return fmt.Errorf("looking the payment up before its cancel: %w", err)
	case p.Status == portone.PaymentStatusCancelled:
		return nil
	}
	if c := cancellationUnderWay(p); c != nil {
		return s.waitForCancellation(ctx, o, paymentID, c, "reads")
	}
	n, err := s.refundAttempt(ctx, o.ID, paymentID)
	if err != nil {
		return err
	}
	key := cancelKey(o, paymentID, n)
	balance := p.Amount.Total - p.Amount.Cancelled
	c, err := s.cfg.PortOne.Payments.Cancel(ctx, portone.CancelPaymentParams{
		PaymentID: paymentID, Full: true, Reason: reason, CurrentCancellableAmount: &balance,
	}, portone.WithIdempotencyKey(key))
	switch {
	case declinedByPG(err):
		// 502 PG_PROVIDER on a cancel no earlier attempt may have applied
		// (else the error matches ErrOutcomeUnknown): the PG refused it.
	case answered(err, portone.ErrorTypeCancellableAmountConsistencyBroken):
		return s.balanceRefused(ctx, o, paymentID, balance, n, key, err)
	case err != nil:
		return err
	case c.Status() == portone.PaymentCancellationStatusSucceeded:
		return nil
	case c.Status() == portone.PaymentCancellationStatusFailed:
		err = errors.New("the cancellation FAILED: nothing was refunded")
	case listedFailed(p, cancellationID(c)):
		err = fmt.Errorf("the cancellation %s, answered %s under this key, is listed FAILED: nothing was refunded", cancellationID(c), c.Status())
	default:
		return s.waitForCancellation(ctx, o, paymentID, c, "answered")
	}
	if rerr := s.refundFailed(ctx, o.ID, "portone", paymentID, n, key); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// errCancellationUnderWay reports a PortOne cancellation listed REQUESTED
// (the PG cancels asynchronously) for less than requestedTooLong:
// expected, not a failure. Nothing is sent while the payment lists one; a
// later pass looks again.
var errCancellationUnderWay = errors.New("a cancellation of the payment is under way at PortOne")

// errCancellationStuck reports a PortOne cancellation a refund waits on
// that needs a person: listed REQUESTED for longer than requestedTooLong,
// or of a status this package does not know. The buyer's money is owed and
// nothing is sent while it is listed (a second cancel of a payment that
// has one pending could refund twice, UNCONFIRMED), so only a person —
// PortOne's console, the PG — can end it: logged at error level on every
// pass (refundLevel), never at info.
var errCancellationStuck = errors.New("a cancellation of the payment at PortOne needs a person")

// requestedTooLong is how long, by the shop's clock (Config.Now), a
// cancellation may wait before what waits on it is logged at error level:
// a PortOne cancellation still REQUESTED (errCancellationStuck; a PG's
// asynchronous cancel takes minutes or hours, not a day), or a Commerce
// cancellation request the store has not decided (a person at the store
// decides it, and the buyer's money is held until someone does).
const requestedTooLong = 24 * time.Hour

// waitForCancellation is cancelPortOne's answer while payment paymentID of
// order o lists cancellation c (or the cancel was answered with it; verb
// says which) neither SUCCEEDED nor FAILED: nothing is sent. A REQUESTED
// one is errCancellationUnderWay until requestedTooLong has passed since
// its requestedAt — or, when PortOne sends none, since the shop began
// this refund (refundSince) — and errCancellationStuck after; one of a
// status this package does not know is errCancellationStuck at once, as
// nothing here can tell whether it will ever end.
func (s *Server) waitForCancellation(ctx context.Context, o *Order, paymentID string, c portone.PaymentCancellation, verb string) error {
	what := fmt.Sprintf("payment %s, cancellation %s %s %s", paymentID, cancellationID(c), verb, c.Status())
	requested, ok := c.(*portone.RequestedPaymentCancellation)
	if !ok {
		return fmt.Errorf("%w: %s, a status this package does not know; nothing is sent while it is listed", errCancellationStuck, what)
	}
	since := requested.RequestedAt
	if since.IsZero() {
		var err error
		if since, err = s.refundSince(ctx, o.ID, paymentID); err != nil {
			return fmt.Errorf("%w: %s; when the refund began is unknown: %w", errCancellationStuck, what, err)
		}
	}
	if waited := s.cfg.Now().Sub(since); waited > requestedTooLong {
		return fmt.Errorf("%w: %s for %s (since %s); nothing is sent while it is listed", errCancellationStuck, what,
			waited.Round(time.Minute), since.UTC().Format(time.RFC3339))
	}
	return fmt.Errorf("%w: %s", errCancellationUnderWay, what)
}

// refundSince is when the shop began refunding payment reference of order
// id: the first REFUNDING (the order's own refund, startRefund) or STRAY
// (refundStrayLogged) record of it, by the database's clock. No record is
// an error.
func (s *Server) refundSince(ctx context.Context, id, reference string) (time.Time, error) {
	var ms sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT MIN(created_at) FROM payment_attempts WHERE order_id = ? AND reference = ? AND status IN (?, ?)`,
		id, reference, "REFUNDING", attemptStray).Scan(&ms)
	switch {
	case err != nil:
		return time.Time{}, err
	case !ms.Valid || ms.Int64 <= 0:
		return time.Time{}, errors.New("no record of the refund's start")
	}
	return time.UnixMilli(ms.Int64), nil
}

// cancellationsOf lists the cancellations payment p's lookup shows: a PAID
// payment's (requested or failed ones, which do not change its status) and
// a PARTIAL_CANCELLED one's.
func cancellationsOf(p *portone.Payment) []portone.PaymentCancellation {
	if paid, ok := p.Paid(); ok {
		return paid.Cancellations
	}
	if part, ok := p.PartialCancelled(); ok {
		return part.Cancellations
	}
	return nil
}

// cancellationUnderWay is the first cancellation payment p lists that is
// neither SUCCEEDED nor FAILED (REQUESTED, or unknown), or nil.
func cancellationUnderWay(p *portone.Payment) portone.PaymentCancellation {
	for _, c := range cancellationsOf(p) {
		if st := c.Status(); st != portone.PaymentCancellationStatusSucceeded && st != portone.PaymentCancellationStatusFailed {
			return c
		}
	}
	return nil
}

// listedFailed reports whether payment p lists cancellation id as FAILED.
func listedFailed(p *portone.Payment, id string) bool {
	for _, c := range cancellationsOf(p) {
		if id != "" && cancellationID(c) == id {
			return c.Status() == portone.PaymentCancellationStatusFailed
		}
	}
	return false
}

// cancellationID is a cancellation's id ("" for one of a status this
// package does not know).
func cancellationID(c portone.PaymentCancellation) string {
	switch c := c.(type) {
	case *portone.RequestedPaymentCancellation:
		return c.ID
	case *portone.SucceededPaymentCancellation:
		return c.ID
	case *portone.FailedPaymentCancellation:
		return c.ID
	}
	return ""
}

// declinedByPG reports a cancel the PG refused (502 PG_PROVIDER) that is
// settled: nothing was refunded. After an attempt that may have been
// applied the same answer matches ErrOutcomeUnknown instead, and is not
// a decline.
func declinedByPG(err error) bool {
	return answered(err, portone.ErrorTypePGProvider) && !errors.Is(err, portone.ErrOutcomeUnknown)
}

// answered reports err carrying PortOne's refusal of type typ, whether or
// not the SDK ends it as unknown. The SDK ends 409
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN as ErrOutcomeUnknown even on a
// call's only attempt (an earlier call's cancel may be why the balance
// moved); for the shop's full cancel that earlier cancel can only be its
// own full cancel under an older key, which leaves the payment CANCELLED,
// and balanceRefused reads exactly that before it moves the key on.
func answered(err error, typ portone.ErrorType) bool {
	var apiErr *portone.APIError
	return errors.As(err, &apiErr) && apiErr.Type == typ
}

// balanceRefused is cancelPortOne's answer when PortOne refused refund
// attempt n of payment paymentID (Idempotency-Key key), which named
// balance, with 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: nothing was
// refunded under this key, and the balance the shop read was not PortOne's.
// The payment is looked up again. One that reads CANCELLED is refunded in
// full (a full cancel in PortOne's console between the lookup and the
// cancel, or an earlier cancel of the shop's that the lookup lagged):
// nil, as cancelPortOne takes a CANCELLED payment at its start — the
// order ends refunded (a stray recorded refunded) in this pass, and
// nothing is recorded failed. A balance that changed since (a
// 부분취소 in PortOne's console between the lookup and the cancel) moves
// the attempt on (refundFailed): the next pass cancels under a new key,
// naming the new balance — sent under the old key, PortOne would refuse
// it for as long as it keeps the key. A balance that did not change is
// an error a person should look at (PortOne's lookup and its cancel
// disagree), and keeps the key: a new one every pass would only pile up
// refused attempts. A lookup that fails keeps the key too; the next pass
// looks again.
//
// https://developers.portone.io/api/rest-v2/payment
func (s *Server) balanceRefused(ctx context.Context, o *Order, paymentID string, balance, n int64, key string, refusal error) error {
	p, err := s.cfg.PortOne.Payments.Get(ctx, paymentID)
	if err != nil {
		return errors.Join(refusal, fmt.Errorf("looking the payment up again after PortOne refused its balance: %w", err))
	}
	if p.Status == portone.PaymentStatusCancelled {
		return nil
	}
	now := p.Amount.Total - p.Amount.Cancelled
	if now == balance {
		return fmt.Errorf("PortOne refused the cancel of payment %s naming %d won, the balance its lookup still reads: nothing was refunded; "+
			"the cancel is sent again under its key, a person should look: %w", paymentID, balance, refusal)
	}
	err = fmt.Errorf("the cancel of payment %s named a balance of %d won, PortOne's lookup now reads %d: nothing was refunded; "+
		"the next cancel goes under a new key: %w", paymentID, balance, now, refusal)
	if rerr := s.refundFailed(ctx, o.ID, "portone", paymentID, n, key); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// servePortOneComplete is POST /payment/complete. Any browser may complete
// the order's payment (a mobile payment's redirect may come back in
// another browser, signed out), but only the order's buyer — the session's
// — is answered the whole order: anyone else, holding the order id and its
// paymentId from the result page's URL (browser history, a proxy's log, a
// link shared), is answered the outcome only (OrderView.outcome), never
// the account to deposit into, the amounts or the references. A database
// error reading the session answers the outcome only too.
func (s *Server) servePortOneComplete(w http.ResponseWriter, r *http.Request) {
	var req CompleteRequest
	if !readJSON(w, r, &req) {
		return
	}
	if req.PaymentID == "" || req.OrderID == "" {
		s.writeError(w, req.OrderID, ErrBadRequest)
		return
	}
	o, msg, err := s.CompletePortOne(r.Context(), req)
	if err != nil {
		s.writeError(w, req.OrderID, err)
		return
	}
	code := http.StatusOK
	if msg != "" && o.Status == StatusPending {
		code = http.StatusAccepted
		switch o.Reason {
		case ReasonCancelled:
			code = http.StatusConflict
		case ReasonPaymentFailed:
			code = http.StatusBadRequest
		}
	}
	v := o.View()
	v.Message = msg
	if user, ok, err := s.sessionUser(r); err != nil || !ok || user != o.UserID {
		v = v.outcome()
	}
	writeJSON(w, code, v)
}

// onPortOne acts on a verified PortOne webhook (once per event through
// webhook_keys), in the current shape or the legacy 2024-01-01 one a store
// may still choose in PortOne's console (webhook.PortOneLegacyEvent, read
// by its EventType and payment id: the legacy Transaction.Paid shares the
// current one's key, so ignoring it would mark that key done unrun). The
// event only names the payment: Paid and VirtualAccountIssued complete it
// as /payment/complete does (onPortOnePayment); Cancelled, once a lookup
// shows the payment cancelled in full, is recorded and decided under the
// order's row lock (cancelledAtGateway): a paid order ends refunded, an
// account awaiting its deposit ends, and a completion still under way
// refuses the payment. Its work is bounded well within the webhook's lease
// (callback).
func (s *Server) onPortOne(ctx context.Context, d *webhook.PortOneDelivery) error {
	ctx, cancel := s.callback(ctx)
	defer cancel()
	paymentID := portOnePaymentID(d.Event)
	if paymentID == "" {
		return nil
	}
	switch t := d.Event.EventType(); t {
	case webhook.PortOneTransactionPaid, webhook.PortOneTransactionVirtualAccountIssued:
		return s.onPortOnePayment(ctx, t, paymentID)
	case webhook.PortOneTransactionCancelled:
		p, err := s.cfg.PortOne.Payments.Get(ctx, paymentID)
		if err != nil {
			return err
		}
		if p.Status == portone.PaymentStatusCancelled {
			return s.cancelledAtGateway(ctx, "payment_id", paymentID, "")
		}
	}
	return nil
}

// portOnePaymentID is the payment a transaction event names, in either
// shape; "" for any other event (billing keys, unknown types).
func portOnePaymentID(ev webhook.PortOneEvent) string {
	switch e := ev.(type) {
	case *webhook.PortOneTransaction:
		return e.PaymentID
	case *webhook.PortOneCancellation:
		return e.PaymentID
	case *webhook.PortOneLegacyEvent:
		return e.PaymentID
	}
	return ""
}

// onPortOnePayment completes the payment of a Transaction.Paid or
// Transaction.VirtualAccountIssued event (t). A verdict (a mismatch, an
// unknown order) is acknowledged; a lookup that failed, or that shows no
// channel, is delivered again.
//
// So is a Transaction.Paid whose lookup does not show it paid yet
// (paidNotShown): acknowledged, the webhook's key would be done and its
// redeliveries ignored, leaving the order unpaid.
func (s *Server) onPortOnePayment(ctx context.Context, t webhook.PortOneEventType, paymentID string) error {
	paid := t == webhook.PortOneTransactionPaid
	_, outcome, _, err := s.completePortOne(ctx, CompleteRequest{PaymentID: paymentID}, paid)
	switch {
	case channelUnnamed(err):
		// A reply without a channel cannot show the payment live, and
		// a later one may name it: delivered again, never a verdict.
		return err
	case errors.Is(err, ErrMismatch) || errors.Is(err, ErrUnknownOrder):
		s.log.Warn("PortOne webhook refused", "payment_id", paymentID, "error", err)
		return nil // a verdict: redelivering changes nothing
	case err == nil && paid && paidNotShown(outcome):
		return fmt.Errorf("payment %s: Transaction.Paid, but PortOne's lookup says %s: delivered again later", paymentID, outcome)
	}
	return err
}

// paidNotShown reports whether a lookup's outcome beside PortOne's
// Transaction.Paid is a record that has not caught up, not a verdict: the
// two are not updated at once, so it may still read pending or awaiting
// the deposit, or FAILED (an earlier attempt under the same paymentId;
// PortOne sends Transaction.Paid only for an approved payment), or show a
// status this package does not know. A later lookup may read PAID.
func paidNotShown(o portone.Outcome) bool {
	switch o {
	case portone.OutcomePending, portone.OutcomeAwaitingDeposit, portone.OutcomeFailed, portone.OutcomeUnrecognized:
		return true
	}
	return false
}

// channelUnnamed reports a verification that failed only for want of a
// channel in PortOne's reply (no AllowTest, no channel.type), which a
// later reply may name.
func channelUnnamed(err error) bool {
	var m *portone.MismatchError
	if !errors.As(err, &m) || len(m.Mismatches) == 0 {
		return false
	}
	for _, f := range m.Mismatches {
		if f.Field != "channel.type" || f.Actual != "" {
			return false
		}
	}
	return true
}
