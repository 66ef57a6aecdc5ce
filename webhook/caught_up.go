package webhook

import (
	"fmt"
	"strings"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
)

// stage is how far a payment has gone, as an event claims it or a record
// shows it: a step on the payment's path (rank), then, among cancelled or
// refunded states, the cumulative amount given back. The zero stage claims
// nothing: no record is behind it.
type stage struct {
	rank      int
	cancelled int64
}

// behind reports a record (s) that shows less progress than the event
// claims.
func (s stage) behind(event stage) bool {
	return s.rank < event.rank || s.rank == event.rank && s.cancelled < event.cancelled
}

// The ranks of a Bootpay receipt's path: 결제대기, then approving or
// awaiting a deposit, 결제완료, 결제취소 진행중, 결제취소 완료.
const (
	rankReady = iota
	rankPending
	rankPaid
	rankCancelling
	rankCancelled
)

// bootpayReceiptStage is how far the receipt has gone; ok is false for a
// status off the payment's path (a failure, a billing key, …), which no
// event is merely ahead of.
func bootpayReceiptStage(r *bootpay.Receipt) (stage, bool) {
	switch r.Status {
	case bootpay.StatusReady:
		return stage{rankReady, 0}, true
	case bootpay.StatusAwaitingConfirm, bootpay.StatusConfirming, bootpay.StatusVirtualAccountIssued:
		return stage{rankPending, 0}, true
	case bootpay.StatusPaid:
		return stage{rankPaid, 0}, true
	case bootpay.StatusCancelling:
		return stage{rankCancelling, 0}, true
	case bootpay.StatusCancelled:
		return stage{rankCancelled, r.CancelledPrice.Int64()}, true
	}
	return stage{}, false
}

// stage is how far the event claims its receipt has gone: the zero stage
// for an event whose kind its own status or amounts contradict (a
// PAYMENT_CANCELLED at status 1, a 부분취소 of the whole price), which no
// later state of the record can agree with. A cancellation naming no
// amount claims at least one won cancelled, or the whole price for a
// PAYMENT_CANCELLED.
func (e *BootpayEvent) stage() stage {
	k, c, price := e.Kind(), e.CancelledPrice.Int64(), e.Price.Int64()
	switch {
	case k == BootpayPaymentCompleted && e.Status == bootpay.StatusPaid && c == 0:
		return stage{rankPaid, 0}
	case k == BootpayVirtualAccountIssued && e.Status == bootpay.StatusVirtualAccountIssued && c == 0:
		return stage{rankPending, 0}
	case e.Status != bootpay.StatusCancelled:
		return stage{}
	case e.amountUnknown() && k == BootpayPaymentCancelled && e.typed():
		return stage{rankCancelled, price}
	case e.amountUnknown():
		return stage{rankCancelled, 1}
	case k == BootpayPaymentCancelled && c == price, k == BootpayPaymentPartialCancelled && c > 0 && c < price:
		return stage{rankCancelled, c}
	}
	return stage{}
}

// bootpayBehind reports a receipt that has not caught up with the event:
// at an earlier stage, or, for a cancellation naming no amount, with an
// earlier cancelled_at (a further cancel the receipt does not show yet,
// which the amounts alone cannot tell from the one it shows).
func bootpayBehind(ev *BootpayEvent, r *bootpay.Receipt) bool {
	got, known := bootpayReceiptStage(r)
	at, now, timed := cancelTimes(ev, r)
	return known && (got.behind(ev.stage()) || timed && now.Before(at))
}

// The ranks of a Commerce order's path: 주문대기, 입금대기, paid (with
// its refunds so far), cancelled in full.
const (
	rankOrderReady = iota
	rankOrderDepositWait
	rankOrderPaid
	rankOrderCancelled
)

// commerceOrderStage is how far the order has gone, refunded being the
// sum of its applied cancellations (0 when not summed); ok is false for a
// state off the order's path (보류, 반품, …).
func commerceOrderStage(o *commerce.Order, refunded int64) (stage, bool) {
	switch {
	case fullyCancelled(o):
		return stage{rankOrderCancelled, o.Price.Int64()}, true
	case o.Status.Paid() && o.ReceiptStatus == commerce.ReceiptPaid:
		return stage{rankOrderPaid, refunded}, true
	case o.Status == commerce.OrderDepositWait:
		return stage{rankOrderDepositWait, 0}, true
	case o.Status == commerce.OrderReady:
		return stage{rankOrderReady, 0}, true
	}
	return stage{}, false
}

// stage is how far the event claims its order has gone: the zero stage
// for a subscription's state change (its subject is the contract), a kind
// paykit does not name, and an event whose kind its own status or amounts
// contradict.
func (e *CommerceEvent) stage() stage {
	k, c, price := e.Kind(), e.CancelledPrice.Int64(), e.Price.Int64()
	switch {
	case k == CommerceOrderVirtualAccountIssued && e.Status == commerce.OrderDepositWait && c == 0:
		return stage{rankOrderDepositWait, 0}
	case e.paidKind() && e.Status.Paid() && c == 0:
		return stage{rankOrderPaid, 0}
	case k == CommerceOrderPartialCancelled && e.Status.Paid() && c > 0 && c < price:
		return stage{rankOrderPaid, c}
	case k == CommerceOrderCancelled && (e.Status == commerce.OrderCancelled || e.ReceiptStatus == commerce.ReceiptCancelled) &&
		(c == 0 || c == price):
		return stage{rankOrderCancelled, price}
	}
	return stage{}
}

// commerceBehind reports an order that has not caught up with the event.
func commerceBehind(ev *CommerceEvent, o *commerce.Order, refunded int64) bool {
	got, known := commerceOrderStage(o, refunded)
	return known && got.behind(ev.stage())
}

// notCaughtUp is the ErrNotCaughtUp answer: not a *VerificationError, so
// that the handlers answer it as a failed lookup. Its text names the
// fields without the *MismatchError's "위변조 의심" (suspected forgery): an
// event ahead of a lagging record is no forgery.
func notCaughtUp(sender string, moved []progress, mismatch error) error {
	var b strings.Builder
	fmt.Fprintf(&b, "webhook: %s: the gateway's record has not caught up with the event:", sender)
	for _, m := range moved {
		fmt.Fprintf(&b, " %s %s in the event, %s in the record;", m.field, m.event, m.now)
	}
	return &notCaughtUpError{progressError{text: strings.TrimSuffix(b.String(), ";"), mismatch: mismatch}}
}

type notCaughtUpError struct{ progressError }

// Is matches ErrNotCaughtUp.
func (e *notCaughtUpError) Is(target error) bool { return target == ErrNotCaughtUp }

// progress is one field a record differs in from an event.
type progress struct{ field, event, now string }

// progressOf lists a gateway's mismatches (bootpay.Mismatch,
// commerce.Mismatch: the same three fields) as progress.
func progressOf[M any](ms []M, of func(M) progress) []progress {
	moved := make([]progress, len(ms))
	for i, m := range ms {
		moved[i] = of(m)
	}
	return moved
}

// onlyProgress reports whether the fields that differ are only those a
// further cancel changes: the cumulative cancelled amount, the status and
// the webhook type that follow from it, and the time of the latest cancel.
func onlyProgress(moved []progress) bool {
	for _, m := range moved {
		switch m.field {
		case "status", "cancelled_price", "webhook_type", "cancelled_at":
		default:
			return false
		}
	}
	return true
}

// superseded is the ErrSuperseded verdict. Its cause names what moved on
// and unwraps to the gateway's *MismatchError, without that error's
// "위변조 의심" (suspected forgery) in its text: an event the payment has
// moved past is no forgery, and an alert keyed on those words must not
// fire for it.
func superseded(sender string, moved []progress, mismatch error) *VerificationError {
	var b strings.Builder
	b.WriteString("moved on since the event:")
	for _, m := range moved {
		fmt.Fprintf(&b, " %s %s -> %s;", m.field, m.event, m.now)
	}
	return &VerificationError{Sender: sender, Reason: ErrSuperseded,
		Err: &progressError{text: strings.TrimSuffix(b.String(), ";"), mismatch: mismatch}}
}

// progressError is the cause of ErrSuperseded and ErrNotCaughtUp: what
// moved, unwrapping to the gateway's *MismatchError.
type progressError struct {
	text     string
	mismatch error
}

func (e *progressError) Error() string { return e.text }
func (e *progressError) Unwrap() error { return e.mismatch }
