package commerce

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/paykit-kr/paykit/internal/transport"
)

// VerifyParams is what your own database says a checkout must be: the
// input of OrdersService.Verify. Only the order number comes from the
// browser (the checkout redirect's order_number); take every other value
// from your database, never from the request.
type VerifyParams struct {
	// OrderNumber or OrderID names the Commerce order to look up: set
	// exactly one.
	OrderNumber string
	OrderID     string
	// Amount is what the order must have cost, in won.
	Amount int64
	// MerchantOrderID is your order id, which the checkout put in its
	// metadata; the order's metadata must carry it under MetadataKey
	// (InvoicesService.Create puts an invoice's OrderID there).
	MerchantOrderID string
	// MetadataKey is the metadata key of your order id; "order_id" (as in
	// Bootpay's checkout guide) when empty.
	MetadataKey string
	// CancelOnMismatch cancels a paid order in full through the order
	// cancellation API when it names your order (MerchantOrderID in its
	// metadata) but its price differs (금액 위변조 의심). An order naming
	// another order is never cancelled. See Verify for exactly when, and
	// how it is sent at most once.
	CancelOnMismatch bool
	// CancelMessage is the reason sent with that cancellation;
	// "금액 위변조 의심" when empty.
	CancelMessage string
}

func (p *VerifyParams) validate() error {
	field := func(name, reason string) error {
		return &ValidationError{Gateway: "commerce", Field: name, Reason: reason}
	}
	switch {
	case (p.OrderNumber == "") == (p.OrderID == ""):
		return field("OrderNumber", "set exactly one of OrderNumber and OrderID")
	case p.Amount <= 0:
		return field("Amount", "must be positive")
	case p.MerchantOrderID == "":
		return field("MerchantOrderID", "is empty")
	}
	return nil
}

// Mismatch is one field where an order differs from what was expected.
type Mismatch struct {
	// Field is the order's JSON field: "price", "status", "receipt_status",
	// "result_data.status", "metadata.order_id", "order_number";
	// "cancelled_price" for the sum of its applied cancellation requests,
	// "cancellation_requested" for the sum of its open ones (Actual is that
	// sum; list the requests themselves with
	// OrderCancellationsService.ListFor and CancellationRequest.Open).
	Field    string
	Expected string
	Actual   string
}

// MismatchError reports an order that does not match yours: a forged
// price, another order's metadata, an unpaid order, or a reply about
// another order (위변조 의심). Do not fulfil the order.
//
// A "cancellation_requested" mismatch is no forgery: the order has open
// cancellation requests (its Actual is their amount, and Error names how
// many Verify found). Find them with OrderCancellationsService.ListFor
// and CancellationRequest.Open, decide them in Commerce's console (or
// with Approve, Reject), and verify again: a request whose PG
// cancellation failed stays open until Commerce shows it closed or
// applied again.
type MismatchError struct {
	Reference  string // the order number or id you asked about
	Mismatches []Mismatch
	// Order is the order that did not match, as Commerce returned it.
	Order *Order
	// Cancellation is the cancellation request Verify made (or found made
	// by an earlier call) with CancelOnMismatch; nil otherwise.
	Cancellation *CancellationRequest
	// CancelErr is the error of that cancellation when it failed. If it
	// matches ErrOutcomeUnknown the request may have been made: calling
	// Verify again looks it up by its cancel_id before sending anything.
	CancelErr error

	open int // how many open cancellation requests Verify found
}

// Error names every mismatch, and what became of the order.
func (e *MismatchError) Error() string {
	what := "is refunded or being refunded"
	if e.suspect() {
		what = "does not match (위변조 의심)"
	}
	msg := fmt.Sprintf("commerce: order %s %s: %s", e.Reference, what, transport.JoinMismatches(e.Mismatches, nil))
	if e.open > 0 {
		msg += fmt.Sprintf("; %d cancellation request(s) open: find them with OrderCancellations.ListFor and CancellationRequest.Open, decide them, then verify again", e.open)
	}
	switch {
	case e.Cancellation != nil:
		msg += "; its cancellation was requested"
	case e.CancelErr != nil:
		msg += "; requesting its cancellation failed: " + e.CancelErr.Error()
	}
	return msg
}

// suspect reports a mismatch other than the refund fields
// (cancelled_price, cancellation_requested): an order refunded or being
// refunded is no forgery, and its message must not send a reader looking
// for one. Beside a refund field, a payment result reading 20 (결제취소
// 완료, as a Bootpay receipt reads after a 부분취소) or -30 (결제취소
// 진행중) is the refund's own trace, not a forgery's.
func (e *MismatchError) suspect() bool {
	refund, result := false, false
	for _, m := range e.Mismatches {
		switch {
		case m.Field == "cancelled_price" || m.Field == "cancellation_requested":
			refund = true
		case m.Field == "result_data.status" && refundResult(m.Actual):
			result = true
		default:
			return true
		}
	}
	return result && !refund
}

// refundResult reports a result_data.status Mismatch's Actual that a
// refund leaves behind: 20 (결제취소 완료) or -30 (결제취소 진행중).
func refundResult(actual string) bool {
	return actual == ReceiptCancelled.String() || actual == ReceiptCancelling.String()
}

// Has reports whether field is among the mismatches.
func (e *MismatchError) Has(field string) bool { return transport.HasMismatch(e.Mismatches, field) }

// Verify checks a checkout before you fulfil it (주문 검증), the server
// step of Bootpay's checkout guide: it looks the order up (Get) and
// returns it when its price equals Amount exactly, its status is paid
// (OrderStatus.Paid), its receipt_status is 1 (결제완료), its payment
// result's status (result_data.status), when Commerce sends one, is 1 too,
// and its metadata carries MerchantOrderID; otherwise a *MismatchError
// naming every field that differs. A payment result reading anything else
// (20, 결제취소 완료, say) contradicts the order's receipt_status, and a
// contradiction is no proof of payment: Mismatch "result_data.status".
// Commerce's order example shows no result_data.status, so its absence
// is no mismatch. Errors of the order's lookup are returned as they are (a
// missing order matches ErrNotFound).
//
// The status rule follows Bootpay's SDK constants (OrderStatus), where 1
// is 입금대기 (a virtual account awaiting its deposit) and 2 결제완료.
// Commerce's own order-detail example
// (https://commerce.bootpay.ai/orders/detail) shows a paid order as
// status 1 beside receipt_status 1, as Bootpay's checkout guide numbers
// the statuses (1 결제완료); which numbering Commerce answers with is
// UNCONFIRMED. Verify decides fulfilment, so it fails closed on the
// conflict: an order reading status 1 is never taken as paid, even beside
// receipt_status 1 (SubscriptionsService.Charge, whose charge has no
// deposit to wait for, does take it). If your Commerce answers paid orders
// with status 1, every genuine checkout is refused with a lone Mismatch
// {Field: "status", Expected: "paid (결제완료)", Actual: "deposit wait
// (입금대기)"}, nothing is cancelled (a status mismatch never cancels) and
// retrying changes nothing. Do not fulfil on your own reading of status
// 1, since a deposit awaited reads the same: check the order in Commerce's
// console (paid, with its purchased_at and its payment received) and
// fulfil such an order by hand, and report the numbering to paykit so the
// rule can follow what Commerce confirms.
//
// When those checks pass, or the only one failing is result_data.status
// reading what a cancellation explains (20, -20, -30: see below), Verify
// makes one more request: it lists the order's cancellation
// requests, every page (GET /order/cancel,
// OrderCancellationsService.ListFor), because after a 부분취소 the order
// may still read paid at its full price with its payment paid (whether
// Commerce lowers the price or changes a status is UNCONFIRMED), and only
// its cancellation requests tell that money went back. When their applied
// amounts (CancellationList.Refunded) sum above zero the order is refused
// with a Mismatch{Field: "cancelled_price", Expected: "0", Actual: the
// sum}: fulfilling it would deliver the full price's goods for less money
// kept. An order with an open cancellation request (CancellationRequest.Open:
// one waiting for the store's approval, one Commerce is carrying out, one
// whose PG cancellation failed and may be tried again) is refused too,
// with a Mismatch{Field: "cancellation_requested", Expected: "none",
// Actual: the sum of the open amounts (CancellationList.Pending)}: its
// money is being asked back, and fulfilling it would deliver goods the
// approval then refunds. It is no verdict on the payment: the order is
// being refunded, not refunded; leave it unfulfilled and verify again once
// the request is closed (approved: then "cancelled_price" says how much
// went back; rejected or withdrawn: then it passes). A request filed
// after Verify read the list is not in its answer: it waits for the
// store's approval (Approve, Reject, or Commerce's console), the step
// where the store sees the order fulfilled and decides it.
//
// A payment result reading 20 is read that way too: a Bootpay receipt
// reads 20 (결제취소 완료) after a cancellation in full or in part
// (https://developers.bootpay.co.kr/pg/server/cancel), so the refund
// mismatches are named beside "result_data.status" and a caller can tell
// a 부분취소 (cancelled_price below the price) and refund the rest; the
// message then reads "refunded or being refunded", not 위변조 의심 (so does
// one of -30, 결제취소 진행중, beside a refund field). A
// payment result reading -20 (ReceiptCancelFailed, 결제취소 실패: the PG's
// cancellation failed, the money it was to give back is still held) is
// refused the same way, beside the requests still open (one whose PG
// cancellation failed reads open: see CancellationRequest.Open): do not
// fulfil the order, and send no new cancellation while a request may
// still be retried; look the requests up (OrderCancellationsService.ListFor,
// CancellationRequest.Open), decide them in Commerce's console (retry the
// cancellation there, or close it), and verify again once Commerce shows
// the outcome. Any other payment result (-2 결제 승인 실패, 0 결제대기, 2
// 승인대기, a code paykit does not know) is no trace of a cancellation but
// a refusal of its own, which no cancellation request can lift: it is
// returned as a *MismatchError at once, without reading the list, so that
// a list that fails can never turn it into no verdict.
//
// A list that fails,
// cannot be read to its end, cannot be summed (a negative amount, a sum
// beyond int64) or holds a request of another order is never a pass: it is a *CancellationListError (ListFor), which
// matches neither ErrNotFound nor any other category that reads as a
// verdict on the order, since the order was found; errors.As reaches the
// list's failure (*APIError, *DecodeError). Do not fulfil the order on
// it, nor give it up: verify again later. Such an order is never cancelled
// by Verify, CancelOnMismatch or not: it is your own order at its own
// price, and what to do with the rest of its money is yours to decide (the
// price less Refunded is what is left to cancel).
//
// With CancelOnMismatch, an order whose payment went through
// (receipt_status 1), that names your order in its metadata but carries
// another price, is cancelled in full with Immediately set, for what is
// left of it: its price less what its applied cancellation requests
// refunded, since Commerce refuses a request for more than remains (an
// order whose requests cover its price, or whose list holds another
// order's request, an open request or cannot be summed, is sent nothing;
// CancelErr says why). An open request may refund what a new
// cancellation would, so nothing more is cancelled while one is open:
// decide it (Approve, Reject) and verify again. A result_data.status
// that contradicts the order's receipt_status cancels nothing either: the
// earlier cancellation, if any, is only looked up. When its payment is
// no longer paid, the cancellation an earlier Verify made is looked up
// and reported in MismatchError.Cancellation. An order whose metadata names another order (or none) is never cancelled,
// whatever its price: it may be another buyer's order whose number was
// pasted into your checkout, and cancelling it would refund a stranger's
// genuine purchase. A status mismatch alone cancels nothing either: an
// unpaid order has nothing to refund, and Bootpay's guide and SDKs number
// the statuses differently, so a status is never proof of tampering. The cancellation is requested at most once per order, even
// across retries and processes: its cancel_id is derived from the order
// ("paykit-verify-" + order id); Verify first lists the order's
// cancellation requests, every page, and sends nothing when one with that
// cancel_id exists or when the list cannot be read to its end (an answer
// of another shape, pages that repeat or stop short: CancelErr says why),
// and the request itself is never retried once it may have reached
// Commerce. Whether Commerce refuses a repeated cancel_id is
// UNCONFIRMED, so two processes verifying the same order at the same
// instant are covered only by that lookup.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail and
// https://developers.bootpay.co.kr/commerce/order/checkout
func (s *OrdersService) Verify(ctx context.Context, p VerifyParams, opts ...RequestOption) (*Order, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	ref := p.OrderNumber + p.OrderID // exactly one is set
	o, err := s.Get(ctx, ref, opts...)
	if err != nil {
		return nil, err
	}
	ms := o.mismatches(p)
	var open int
	if resultStatusOnly(o, ms) {
		refunds, n, err := s.c.OrderCancellations.refundMismatches(ctx, o, opts)
		if err != nil {
			return nil, err
		}
		ms, open = append(ms, refunds...), n
	}
	if len(ms) == 0 {
		return o, nil
	}
	merr := &MismatchError{Reference: ref, Mismatches: ms, Order: o, open: open}
	switch {
	case !p.CancelOnMismatch || !tampered(merr.Mismatches):
	case o.ReceiptStatus == ReceiptPaid && !merr.Has("result_data.status"):
		merr.Cancellation, merr.CancelErr = s.c.OrderCancellations.once(ctx, o, p.CancelMessage, opts)
	default:
		// Nothing left to refund, perhaps by an earlier Verify: report its
		// cancellation, send none.
		merr.Cancellation, merr.CancelErr = s.c.OrderCancellations.find(ctx, o, verifyCancelID(o), opts)
	}
	return nil, merr
}

// resultStatusOnly reports order mismatches (ms, of order o) that leave
// the cancellation requests to read: none, or the payment result's status
// alone when a cancellation explains it (cancelledResult), since a
// Bootpay receipt reads 20 after a 부분취소 as after a full cancellation,
// so only the requests tell how much went back. Any other payment result
// (-2, 0, an unknown code) is a refusal of its own that no request can
// lift: reading the list then could only turn it, should the list fail,
// into no verdict (look again later) instead of a refusal.
func resultStatusOnly(o *Order, ms []Mismatch) bool {
	return len(ms) == 0 || len(ms) == 1 && ms[0].Field == "result_data.status" && cancelledResult(o.ResultData.Status)
}

// cancelledResult reports a payment result a cancellation explains: 20
// (결제취소 완료, in full or in part), -20 (결제취소 실패) and -30 (결제취소
// 진행중).
func cancelledResult(s ReceiptStatus) bool {
	return s == ReceiptCancelled || s == ReceiptCancelFailed || s == ReceiptCancelling
}

// tampered reports the mismatches of the merchant's own order paid at
// another price: the price differs while the metadata names the merchant's
// order. An order naming another order is not the merchant's to cancel.
func tampered(ms []Mismatch) bool {
	price := false
	for _, m := range ms {
		switch {
		case strings.HasPrefix(m.Field, "metadata."):
			return false
		case m.Field == "price":
			price = true
		}
	}
	return price
}

// mismatches compares the order with p.
func (o *Order) mismatches(p VerifyParams) []Mismatch {
	key := p.MetadataKey
	if key == "" {
		key = "order_id"
	}
	var ms []Mismatch
	if o.Price.Int64() != p.Amount {
		ms = append(ms, Mismatch{"price", strconv.FormatInt(p.Amount, 10), strconv.FormatInt(o.Price.Int64(), 10)})
	}
	if !o.Status.Paid() {
		ms = append(ms, Mismatch{"status", "paid (결제완료)", o.Status.String()})
	}
	if o.ReceiptStatus != ReceiptPaid {
		ms = append(ms, Mismatch{"receipt_status", ReceiptPaid.String(), o.ReceiptStatus.String()})
	}
	if d := o.ResultData; d != nil && d.statusSent && d.Status != ReceiptPaid {
		ms = append(ms, Mismatch{"result_data.status", ReceiptPaid.String(), d.Status.String()})
	}
	if got := o.Metadata.String(key); got != p.MerchantOrderID {
		ms = append(ms, Mismatch{"metadata." + key, p.MerchantOrderID, got})
	}
	return ms
}

// refundMismatches names the amount the order's applied cancellation
// requests refunded, if any, and the amount its open ones ask back, if
// any is open (open counts them): an order refunded in part, or being
// refunded, may still read paid at its full price.
func (s *OrderCancellationsService) refundMismatches(ctx context.Context, o *Order, opts []RequestOption) (ms []Mismatch, open int, err error) {
	list, err := s.ListFor(ctx, o, opts...)
	if err != nil {
		return nil, 0, err
	}
	if sum, _ := list.Refunded(); sum > 0 {
		ms = append(ms, Mismatch{"cancelled_price", "0", strconv.FormatInt(sum, 10)})
	}
	for i := range list {
		if list[i].Open() {
			open++
		}
	}
	if open > 0 {
		sum, _ := list.Pending()
		ms = append(ms, Mismatch{"cancellation_requested", "none", strconv.FormatInt(sum, 10)})
	}
	return ms, open, nil
}

// verifyCancelID is the cancel_id of Verify's cancellation of an order:
// the same for every call about that order, so it can be found again.
func verifyCancelID(o *Order) string { return "paykit-verify-" + o.OrderID }

// once requests the cancellation of a tampered order, of what is left of
// its price (remaining), unless a request with its derived cancel_id
// exists already.
func (s *OrderCancellationsService) once(ctx context.Context, o *Order, message string, opts []RequestOption) (*CancellationRequest, error) {
	cancelID := verifyCancelID(o)
	r, read, err := s.scan(ctx, o, cancelID, opts)
	if r != nil || err != nil {
		return r, err
	}
	rest, err := remaining(o, read)
	if err != nil {
		return nil, err
	}
	if message == "" {
		message = "금액 위변조 의심"
	}
	p := CancelRequestParams{
		OrderNumber: o.OrderNumber, CancelID: cancelID, Price: rest,
		Requester: "paykit", Message: message, Immediately: true,
	}
	if verr := p.validate(); verr != nil {
		// Every field validate checks is Commerce's (the order_number,
		// the cancel_id derived from its order_id) or paykit's own: a
		// request that cannot be sent is Commerce's bad answer, never the
		// caller's invalid input. The derivation stays, so that a request
		// an earlier Verify made is still found by its cancel_id.
		return nil, &DecodeError{Gateway: "commerce", Op: orderCancellationEndpoints.request.Op, Status: http.StatusOK,
			Err: fmt.Errorf("commerce: order %q: no cancellation request can carry it (%v); nothing sent", o.OrderNumber, verr)}
	}
	r, err = s.Request(ctx, p, opts...)
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Code == CodeProcessDuplicated && !errors.Is(err, ErrOutcomeUnknown) {
		// Another caller made it first: report theirs.
		if found, ferr := s.find(ctx, o, cancelID, opts); found != nil {
			return found, nil
		} else if ferr != nil {
			return nil, fmt.Errorf("%w; looking the request up failed: %w", err, ferr)
		}
	}
	return r, err
}

// remaining is what is left to cancel of order o, whose requests read
// lists in full: its price less what the applied ones cancelled, since
// Commerce refuses a request for more than remains. A list holding
// another order's request or one that cannot be summed is a *DecodeError,
// and a list holding an open request or covering the price an error:
// nothing is sent. An open request may still refund what a new
// cancellation would, and whether Commerce refuses the second of two
// refunds beyond the price is UNCONFIRMED.
func remaining(o *Order, read CancellationList) (int64, error) {
	if err := read.of(o); err != nil {
		return 0, err
	}
	done, _, err := read.refunded()
	var open int64
	if err == nil {
		open, _, err = read.pending()
	}
	if err != nil {
		return 0, &DecodeError{Gateway: "commerce", Op: orderCancellationEndpoints.list.Op, Status: http.StatusOK, Err: err}
	}
	if read.HasOpen() {
		return 0, fmt.Errorf("commerce: order %s: a cancellation request is open (%d won asked back); no cancellation sent while it may still refund: decide it, then verify again",
			o.OrderNumber, open)
	}
	if rest := o.Price.Int64() - done; rest > 0 {
		return rest, nil
	}
	return 0, fmt.Errorf("commerce: order %s: its applied cancellation requests (%d) cover its price (%d); no cancellation sent",
		o.OrderNumber, done, o.Price.Int64())
}

// find returns the order's cancellation request with cancelID, if any
// (scan).
func (s *OrderCancellationsService) find(ctx context.Context, o *Order, cancelID string, opts []RequestOption) (*CancellationRequest, error) {
	found, _, err := s.scan(ctx, o, cancelID, opts)
	return found, err
}

// scan returns the order's cancellation request with cancelID, if any,
// reading every page of the order's requests, and without one the
// requests read: all of them. When the list cannot be read to its end
// with certainty the answer is an *OutcomeUnknownError carrying the order
// number and cancelID, so that nothing is sent: the request may exist on a
// page not read.
func (s *OrderCancellationsService) scan(ctx context.Context, o *Order, cancelID string, opts []RequestOption) (*CancellationRequest, CancellationList, error) {
	var found *CancellationRequest
	var read CancellationList
	params, err := listParamsFor(o)
	if err != nil {
		return nil, nil, err
	}
	err = s.pages(ctx, params, opts, func(r *CancellationRequest) bool {
		if r.CancelID == cancelID {
			found = r
			return false
		}
		read = append(read, *r)
		return true
	})
	switch {
	case found != nil:
		return found, nil, nil
	case errors.Is(err, errPagesInDoubt):
		return nil, nil, &OutcomeUnknownError{Gateway: "commerce", Op: orderCancellationEndpoints.request.Op,
			Reference: o.OrderNumber, IdempotencyKey: cancelID, Err: err}
	case err != nil:
		return nil, nil, err
	}
	return nil, read, nil
}
