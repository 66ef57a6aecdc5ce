package webhook

import (
	"context"
	"errors"
	"strconv"

	"github.com/paykit-kr/paykit/commerce"
)

// CommerceLookup verifies Bootpay Commerce webhooks by looking the order
// up again (GET /v1/orders/{order_id}) and comparing. Commerce documents
// no signature for its order and subscription webhooks (UNCONFIRMED), so
// the body is never trusted on its own.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail
type CommerceLookup struct {
	Client *commerce.Client
}

// Verify looks the event's order up (by its order_number, or its order_id
// when it has none) and returns it when it agrees with the event: the
// order_id and order_number the event carries, its price and its status
// are equal; the order's state is the one the kind describes (paid with
// receipt_status 1 for ORDER_PAID and SUBSCRIPTION_PAID, 취소완료 or a
// cancelled payment for ORDER_CANCELLED, still paid for
// ORDER_PARTIAL_CANCELLED, the subscription in the matching state for
// SUBSCRIPTION_PAUSED, _RESUMED and _TERMINATED: the one the event names,
// or for an event naming none, the only one the order holds in that
// state); and the order's
// cumulative refunded amount equals the event's cancelled_price (for a
// paid event: stays below the price). Act on the returned order, not on
// the event.
//
// The order carries no refunded amount, so it is summed from the order's
// cancellation requests (GET /v1/order/cancel, through
// commerce.OrderCancellationsService.ListFor): those Commerce applied,
// as commerce.CancellationList.Refunded sums them (action_at set, neither
// rejected nor withdrawn, no PG cancellation failed since: such a request
// is open); the same list tells an open request (see below). Only the subscription state events and an
// ORDER_CANCELLED naming no cancelled_price, or naming the whole price
// for an order cancelled in full, skip that sum: the order's state is
// their proof, and the list may lag it. A list that fails, that holds a
// request naming another order, or whose amounts cannot be summed (a
// negative amount, a sum beyond int64: they would cancel out or wrap a
// real refund) is a lookup failure, a *commerce.CancellationListError
// (errors.As reaches its *commerce.APIError or *commerce.DecodeError),
// never a verdict on this order, a 404 of the list included.
//
// A subscription event naming no order_subscription_id for an order that
// holds several subscriptions in the kind's state is refused as an
// "order_subscription_id" mismatch: it cannot say which contract changed,
// so it has no key of its own (see CommerceEvent.VerifiedKey), and keyed
// by any one of them it could spend that contract's key before its
// genuine event, which names it, arrives. A SUBSCRIPTION_RESUMED naming
// none is refused so whatever the order holds: its proof, a subscription
// active, is also the state every contract starts in, so anyone who knows
// the order could post one before the contract was ever paused and spend
// the key of its first genuine resumption (a merchant that suspended the
// service on the pause would never restore it). A pause or a termination
// naming none is accepted for an order holding one subscription in that
// state: no contract starts paused or terminated, so that subscription
// has made the change, and the genuine event, naming it, shares the key.
// Whether Commerce always names the subscription is UNCONFIRMED; refused,
// such an event runs nothing and spends no key, where accepted it could
// run a change of one contract twice or another's never.
//
// A disagreement is a *VerificationError matching ErrMismatch, with the
// *commerce.MismatchError naming each field (errors.As reaches it). An
// order Commerce does not know is refused the same way; a reply about
// another order is a lookup failure (a *commerce.DecodeError), returned as
// it is.
//
// A paid event (ORDER_PAID, SUBSCRIPTION_PAID) is accepted for an order
// still paid that has been partly refunded since: the refunds are their
// own events. A paid event whose order agrees with it but holds an open
// cancellation request (commerce.CancellationRequest.Open: waiting for
// the store's approval, being carried out, or its PG cancellation failed
// and may be tried again) is not: acted on, it would fulfil an order whose
// money the request then gives back. It is an error matching
// ErrNotCaughtUp (no order, no *VerificationError; errors.As reaches a
// *commerce.MismatchError naming "cancellation_requested" and the open
// amount), which CommerceHandler answers 502 without running the callback
// or spending the event's key, so that Commerce delivers it again: once
// the request is rejected or withdrawn the redelivery is accepted, once
// it is approved in full the order is cancelled and the redelivery
// superseded, and once approved in part the redelivery is accepted as a
// paid event of an order refunded in part. Acknowledging it instead would
// leave a payment the store keeps never acted on after a rejection.
// Whether, and for how long, Commerce delivers again after a 5xx is
// UNCONFIRMED: if it gives up while the request is still open, your own
// reconciliation must look the order up again (commerce's Orders.Verify
// refuses it the same way while the request is open). An event about an order that has since been cancelled in
// full (a paid event, a 부분취소, a virtual account issued; nothing else
// different; never a subscription's pause, resumption or termination) is
// a *VerificationError matching ErrSuperseded instead, returned with the current order: the full
// cancellation comes with its own webhook, so the event is not run, and
// CommerceHandler acknowledges it so that Commerce stops delivering it.
// Only the order's own cancelled state supersedes an event, never the sum
// of its cancellation requests, whose status values Commerce does not
// document: a 부분취소 whose refunded sum reads more than the event's
// stays a mismatch, refused so that Commerce delivers it again.
//
// An event ahead of the order — differing only in its status, cancelled
// amount and kind, the order showing less progress (a 부분취소 the
// cancellation requests do not show yet or show less of, a cancellation
// of an order still paid, a payment of an order still 주문대기 or 입금대기)
// — is not a verdict: Commerce's record may lag its webhook. It is an
// error matching ErrNotCaughtUp (no *VerificationError, no order), which
// CommerceHandler answers 502 so that Commerce delivers it again; whether
// Commerce redelivers after a 4xx is UNCONFIRMED, so a 4xx is kept for
// contradictions no later state can resolve. An order reading status 1
// beside receipt_status 1, a charge commerce's Subscriptions.Charge
// accepts, is never paid here (this check decides fulfilment, and 1 is
// 입금대기 in Bootpay's SDK numbering), so its SUBSCRIPTION_PAID is
// answered 502 until the order's status reads paid (403 when the event
// reads status 1 too) and its callback is not run: fulfil that cycle from
// Charge's answer under CommercePaidKey(order_number), so that a later
// accepted delivery runs nothing, and never charge again on it.
//
// Any other failure (network, 5xx, rate limit) is returned as it is: the
// event may be genuine, so answer so that Commerce delivers it again.
func (l CommerceLookup) Verify(ctx context.Context, ev *CommerceEvent) (*commerce.Order, error) {
	o, err := l.Client.Orders.Get(ctx, ev.ref())
	if err != nil {
		return nil, commerceLookupError(err)
	}
	ms := compareOrder(ev, o)
	var sum int64
	var open commerce.CancellationList
	if ev.needsRefundSum(o) {
		sum, open, err = l.refunded(ctx, o)
		if err != nil {
			return nil, err // the order was found: a failed list is no verdict on it
		}
		switch {
		case ev.paidKind() && sum >= o.Price.Int64():
			ms = append(ms, commerce.Mismatch{Field: "cancelled_price",
				Expected: "below the price " + strconv.FormatInt(o.Price.Int64(), 10), Actual: strconv.FormatInt(sum, 10)})
		case !ev.paidKind() && sum != ev.CancelledPrice.Int64():
			ms = append(ms, commerce.Mismatch{Field: "cancelled_price",
				Expected: strconv.FormatInt(ev.CancelledPrice.Int64(), 10), Actual: strconv.FormatInt(sum, 10)})
		}
	}
	if len(ms) == 0 && ev.paidKind() && open.HasOpen() {
		return nil, cancellationOpen(ev, o, open)
	}
	if len(ms) == 0 {
		return o, nil
	}
	mismatch := &commerce.MismatchError{Reference: ev.ref(), Mismatches: ms, Order: o}
	moved := progressOf(ms, func(m commerce.Mismatch) progress { return progress{m.Field, m.Expected, m.Actual} })
	switch {
	case !onlyProgress(moved):
	case ev.supersedable() && o.Status == commerce.OrderCancelled:
		// Only the order's own 취소완료 supersedes an event: a payment
		// cancelled (receipt_status 20) may also mean a 부분취소, as a
		// Bootpay receipt's status 20 does (UNCONFIRMED for Commerce),
		// and acknowledging a 부분취소 or a payment unrun on that reading
		// would lose it. Such an event stays a mismatch, delivered again.
		return o, superseded("commerce", moved, mismatch)
	case commerceBehind(ev, o, sum):
		return nil, notCaughtUp("commerce", moved, mismatch)
	}
	return nil, commerceMismatch(mismatch)
}

// commerceLookupError turns a lookup's error into a verdict when it is
// one: Commerce does not know the order. A reply about another order is a
// *commerce.DecodeError, returned as it is: a misrouted reply says nothing
// about the event, so Commerce is to deliver it again.
func commerceLookupError(err error) error {
	if errors.Is(err, commerce.ErrNotFound) || errors.Is(err, commerce.ErrInvalidRequest) {
		return commerceMismatch(err)
	}
	return err
}

func commerceMismatch(err error) *VerificationError {
	return &VerificationError{Sender: "commerce", Reason: ErrMismatch, Err: err}
}

// needsRefundSum reports whether Verify sums the refunded amount: for
// every order event but a full cancellation the order's own state proves
// (the order cancelled in full, the event naming no amount or the whole
// price). A paid event (ORDER_PAID, SUBSCRIPTION_PAID) stays true of an
// order refunded in part since: each refund is its own event, and refusing
// it would leave the paid event never run if its first delivery failed. It
// is refused only when the refunds cover the price, in case the order's
// status lags them.
//
// The cancellation requests may lag the order, or never show a refund
// made where no request records it; summing them for a full cancellation
// of an order shown cancelled in full would refuse the genuine event (or
// delay it for as long as the list lags) while the same event naming no
// amount is accepted. A full cancellation naming another amount is no
// claim the order's state proves, and is still summed.
func (e *CommerceEvent) needsRefundSum(o *commerce.Order) bool {
	k := e.Kind()
	if _, sub := k.subscriptionStatus(); sub {
		return false
	}
	if k != CommerceOrderCancelled {
		return true
	}
	return e.CancelledPrice != 0 && (e.CancelledPrice != o.Price || !fullyCancelled(o))
}

// paidKind reports an event that says a payment was made.
func (e *CommerceEvent) paidKind() bool {
	k := e.Kind()
	return k == CommerceOrderPaid || k == CommerceSubscriptionPaid
}

// supersedable reports an event a full cancellation of its order moves
// past: not the cancellation itself, and not a subscription's pause,
// resumption or termination, whose subject is the contract (a merchant
// must learn that it ended even when the order was also cancelled).
func (e *CommerceEvent) supersedable() bool {
	k := e.Kind()
	_, sub := k.subscriptionStatus()
	return k != CommerceOrderCancelled && !sub
}

// fullyCancelled reports an order cancelled in full (취소완료, or its
// payment cancelled).
func fullyCancelled(o *commerce.Order) bool {
	return o.Status == commerce.OrderCancelled || o.ReceiptStatus == commerce.ReceiptCancelled
}

// refunded sums the order's applied cancellations, and returns its
// requests for their open ones (commerce.CancellationRequest.Open). A list
// holding another order's requests (whether Commerce honours the filter
// is UNCONFIRMED) says nothing about this one, and one holding a negative
// amount or summing beyond int64 cannot be summed: ListFor refuses both,
// and the failed lookup is delivered again, never summed.
func (l CommerceLookup) refunded(ctx context.Context, o *commerce.Order) (int64, commerce.CancellationList, error) {
	list, err := l.Client.OrderCancellations.ListFor(ctx, o)
	if err != nil {
		return 0, nil, err
	}
	sum, _ := list.Refunded()
	return sum, list, nil
}

// cancellationOpen is the answer to a paid event whose order agrees with
// it but holds an open cancellation request (list): an error matching
// ErrNotCaughtUp, so that the payment is not acted on now and Commerce
// delivers the event again. Once the request is rejected or withdrawn the
// redelivery is accepted; once it is approved in full the order is
// cancelled and the redelivery superseded; approved in part, the
// redelivery is accepted as a paid event of an order refunded in part,
// the refund being its own event. Acknowledging the event instead would
// leave a payment the store keeps never acted on after a rejection.
func cancellationOpen(ev *CommerceEvent, o *commerce.Order, list commerce.CancellationList) error {
	open, _ := list.Pending()
	amount := strconv.FormatInt(open, 10)
	mismatch := &commerce.MismatchError{Reference: ev.ref(), Order: o,
		Mismatches: []commerce.Mismatch{{Field: "cancellation_requested", Expected: "none", Actual: amount}}}
	return &notCaughtUpError{progressError{mismatch: mismatch,
		text: "webhook: commerce: order " + o.OrderNumber + " has an open cancellation request (" + amount +
			" won asked back): the payment is not to be acted on until the request is decided"}}
}

// compareOrder names every field where o contradicts ev.
func compareOrder(ev *CommerceEvent, o *commerce.Order) []commerce.Mismatch {
	var ms []commerce.Mismatch
	add := func(field, expected, actual string) {
		ms = append(ms, commerce.Mismatch{Field: field, Expected: expected, Actual: actual})
	}
	if ev.OrderID != "" && ev.OrderID != o.OrderID {
		add("order_id", ev.OrderID, o.OrderID)
	}
	if ev.OrderNumber != "" && ev.OrderNumber != o.OrderNumber {
		add("order_number", ev.OrderNumber, o.OrderNumber)
	}
	if ev.Price != o.Price {
		add("price", strconv.FormatInt(ev.Price.Int64(), 10), strconv.FormatInt(o.Price.Int64(), 10))
	}
	if ev.Status != o.Status {
		add("status", ev.Status.String(), o.Status.String())
	}
	if ev.ReceiptID != "" && ev.ReceiptID != orderReceiptID(o) {
		add("receipt_id", ev.ReceiptID, orderReceiptID(o))
	}
	if want, ok := kindAgrees(ev, o); !ok {
		add("webhook_type", string(ev.Kind()), want)
	} else if n := ambiguousSubscriptions(ev, o); n > 1 {
		add("order_subscription_id", ev.OrderSubscriptionID, strconv.Itoa(n)+" subscriptions "+ev.subscriptionState())
	}
	if ev.Kind().mustNameSubscription() && ev.OrderSubscriptionID == "" {
		add("order_subscription_id", "named (a contract starts active)", "none")
	}
	return ms
}

func orderReceiptID(o *commerce.Order) string {
	if o.ReceiptID == "" && o.ResultData != nil {
		return o.ResultData.ReceiptID
	}
	return o.ReceiptID
}

// kindAgrees reports whether the order is in the state the event's kind
// describes; when not, want describes the order's state. A kind paykit
// does not name asks nothing beyond the field comparisons.
func kindAgrees(ev *CommerceEvent, o *commerce.Order) (want string, ok bool) {
	state := o.Status.String() + ", receipt " + o.ReceiptStatus.String()
	paid := o.Status.Paid() && o.ReceiptStatus == commerce.ReceiptPaid
	switch k := ev.Kind(); k {
	case CommerceOrderPaid, CommerceSubscriptionPaid:
		return state, paid && ev.CancelledPrice == 0
	case CommerceOrderPartialCancelled:
		return state, paid && ev.CancelledPrice > 0 && ev.CancelledPrice < ev.Price
	case CommerceOrderCancelled:
		return state, fullyCancelled(o)
	case CommerceOrderVirtualAccountIssued:
		return state, o.Status == commerce.OrderDepositWait
	case CommerceSubscriptionPaused, CommerceSubscriptionResumed, CommerceSubscriptionTerminated:
		status, _ := k.subscriptionStatus()
		_, n := orderSubscription(o, ev.OrderSubscriptionID, status)
		return "no subscription " + status.String(), n > 0
	}
	return "", true
}

// subscriptionState names the state a subscription event's kind
// describes; "" for the other kinds.
func (e *CommerceEvent) subscriptionState() string {
	if status, ok := e.Kind().subscriptionStatus(); ok {
		return status.String()
	}
	return ""
}

// ambiguousSubscriptions is how many of the order's subscriptions a
// subscription event may be about: those in the state its kind describes,
// the one it names or, naming none, all of them. Above one, the event
// cannot say which contract changed, so it cannot be keyed by one (see
// CommerceEvent.VerifiedKey). It is 0 for the other kinds.
func ambiguousSubscriptions(ev *CommerceEvent, o *commerce.Order) int {
	status, ok := ev.Kind().subscriptionStatus()
	if !ok {
		return 0
	}
	_, n := orderSubscription(o, ev.OrderSubscriptionID, status)
	return n
}

// orderSubscription finds the order's subscriptions with the status: the
// one named id, or any when id is empty. n is how many match; found is
// the id of the last, meaningful when n is 1.
func orderSubscription(o *commerce.Order, id string, status commerce.SubscriptionStatus) (found string, n int) {
	if o.OrderSubscriptions == nil {
		return "", 0
	}
	for _, s := range o.OrderSubscriptions.Subscriptions {
		if (id == "" || s.OrderSubscriptionID == id) && s.Status == status {
			found, n = s.OrderSubscriptionID, n+1
		}
	}
	return found, n
}
