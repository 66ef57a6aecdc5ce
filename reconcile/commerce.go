package reconcile

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
)

// CommerceGateway is the Bootpay Commerce side of a reconciliation: the
// key is the order number (order_number), which the checkout redirect
// carries and the merchant stores when it verifies the order. Build it
// with Commerce.
type CommerceGateway struct {
	client *commerce.Client
	opts   []commerce.RequestOption
}

// Commerce returns the Commerce side of a reconciliation over client;
// opts are passed to every request.
//
// Payments reads the order list (GET /orders, OrdersService.All) filtered
// by creation date, search_date_from and search_date_to, in pages of 50.
// Commerce's dates are days (in Korea's time zone, UNCONFIRMED), so the
// range asked for is widened by a day on each side and each order is then
// kept only when its created_at lies in the period. The list is newest
// first and paged by number: an order created while the run reads it
// shifts the pages, so the next page repeats orders the previous one gave,
// perhaps in a later state. The last page of records (50) is held back
// before it is yielded, and a repeat meets its held copy there: the copy
// that took money is kept, else the later one, so an order reaches Run
// once even when its two copies would fall in different batches. Only
// when the list shifts by more than a page between two reads can an order
// come twice (see Merchant.Find). Lookup is GET /orders/{order_id} with
// the order number.
//
// The order list does not show a partial cancel (an order stays 결제완료
// until nothing remains; whether Commerce reports a cancelled price is
// UNCONFIRMED), so a paid order's cancelled amount is CancelledUnknown:
// less than its price, and more than nothing when its payment's
// receipt_status is 20 (see CommerceStatus). Only an order cancelled or
// returned in full (status 10 or 11) has a known cancelled amount, its
// price. CancelledDiffers is reported when the merchant's record
// contradicts that: a full refund against an order still paid, say. An
// order the list gives without created_at is kept (see Payments). Nothing
// is ever written.
//
// Orders are listed by when they were created, not by when money moved: a
// virtual-account deposit or a refund days after the order is seen only by
// a run whose period still holds the order's creation day. Reconcile a
// trailing window that covers the longest deposit deadline (입금 기한) and
// your refund window (see Run).
//
// Commerce API docs: https://commerce.bootpay.ai/orders/list
func Commerce(client *commerce.Client, opts ...commerce.RequestOption) *CommerceGateway {
	return &CommerceGateway{client: client, opts: opts}
}

// seoul is Korea Standard Time, the zone Commerce's dates are read in.
var seoul = time.FixedZone("KST", 9*60*60)

// Payments streams the orders created in period. An order without
// created_at (Order decodes an absent, empty or null time as zero) that
// the server's date filter returned is kept as inside the period: a
// duplicate across two daily runs is better than a payment no run ever
// reports. The last page of orders is held back to merge the copies a
// shifted page repeats (see Commerce); every held order is yielded at the
// end of the list, and before the list's error.
func (g *CommerceGateway) Payments(ctx context.Context, period Period) iter.Seq2[Record, error] {
	params := commerce.OrderListParams{
		ListPage:  commerce.ListPage{Limit: commerce.MaxLimit},
		DateField: commerce.DateCreated,
		From:      commerce.DateOf(period.From.In(seoul).AddDate(0, 0, -1)),
		To:        commerce.DateOf(period.Until.In(seoul).AddDate(0, 0, 1)),
	}
	kept := func(o *commerce.Order) bool { return inPeriodOrUndated(period, o.CreatedAt.Time) }
	return holdBack(commerce.MaxLimit, records(g.client.Orders.All(ctx, params, g.opts...), kept, commerceRecord))
}

// Lookup looks the order with number key up. Only Commerce's 404
// ORDER_NOT_FOUND (or 3700) is "none"; any other error, another 404
// included, is the error and ends the run.
func (g *CommerceGateway) Lookup(ctx context.Context, key string) (Record, bool, error) {
	o, err := g.client.Orders.Get(ctx, key, g.opts...)
	return lookedUp(o, err, commerceAbsent, commerceRecord)
}

// commerceAbsent recognises Commerce's own answer that no order has the
// number: 404 with ORDER_NOT_FOUND or its numeric form 3700. Any other 404
// (a proxy's page, a wrong base URL, another object's _NOT_FOUND) proves
// nothing about the order.
func commerceAbsent(err error) bool {
	var e *commerce.APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound &&
		(e.Code == commerce.CodeOrderNotFound || e.Code == commerce.CodeOrderNotFoundNumeric)
}

// commerceRecord is o in the common vocabulary.
func commerceRecord(o *commerce.Order) Record {
	r := Record{
		Key: o.OrderNumber, Ref: o.OrderID, Amount: o.Price.Int64(), At: o.CreatedAt.Time,
		Status:       CommerceStatus(o.Status, o.ReceiptStatus),
		SourceStatus: strconv.Itoa(int(o.Status)) + "/" + strconv.Itoa(int(o.ReceiptStatus)),
	}
	switch r.Status {
	case StatusCancelled:
		r.Cancelled = r.Amount
	case StatusPaid, StatusPartiallyCancelled:
		r.CancelledUnknown = true
	}
	return r
}

// CommerceStatus places a Commerce order in the common vocabulary from its
// status and its payment's receipt_status (Bootpay's receipt codes,
// https://developers.bootpay.co.kr/pg/server/receipt).
//
// A paid, subscription-paid, purchase-confirmed or exchanged order is
// StatusPaid, or StatusPartiallyCancelled when its payment says 20
// (결제취소 완료): Bootpay's 20 also stands for a 부분취소, and the order
// stays paid until nothing remains, so it is no full cancel. A payment
// that failed (-2 결제 승인 실패) on an order not paid is StatusFailed.
//
// Pending and cancelled are read only from receipt codes known to hold no
// money: 0 결제대기, 2 승인대기, 5 가상계좌 발급완료, -1 결제 중간 실패 and
// -3 가상계좌 발급 취소, and, for a waiting subscription (4 구독 대기)
// only, 11 빌링키 발급완료 and 41 계좌 자동이체 인증 완료 (a billing method
// registered, nothing charged). An order waiting for its payment (order
// status 0 주문대기, 1 입금대기, 4 구독 대기, 5 결제 보류) is StatusPending
// only with such a code. An order cancelled or returned in full (10
// 취소완료, 11 반품완료) is StatusCancelled with 20, and StatusFailed with
// such a code (cancelled before anything was taken, as -2 is: no
// discrepancy when the merchant never recorded it).
// Any other code — 3 결제승인중 (the PG is approving and may already have
// taken the money, as BootpayStatus reads it), a payment that holds the
// money (1, -20 결제취소 실패, -30 결제취소 진행중: a refund refused or in
// flight), or a code paykit does not know — makes such an order
// StatusUnknown, never pending or cancelled: a payment the gateway may
// hold always reaches a person.
//
// When the two disagree about whether money was taken (the order says
// paid or exchanged and the payment -2 or a no-money code above other
// than 11 and 41; or the order says waiting and the payment 1, -20 or
// -30), the order is StatusUnknown, never pending or failed. So is a paid
// order whose payment's cancel is in progress (-30, as BootpayStatus
// reads it), a payment cancelled (20) on an order neither paid nor
// cancelled, and anything else this function cannot place.
func CommerceStatus(s commerce.OrderStatus, rs commerce.ReceiptStatus) Status {
	order, receipt := commerceOrderMoney(s), commerceReceiptMoney(rs)
	switch {
	case order == moneyTaken && receipt == moneyNone, order == moneyNone && receipt == moneyTaken:
		return StatusUnknown
	case rs == commerce.ReceiptFailed:
		return StatusFailed
	case s == commerce.OrderCancelled || s == commerce.OrderReturned:
		switch {
		case rs == commerce.ReceiptCancelled:
			return StatusCancelled
		case receipt == moneyNone:
			return StatusFailed // cancelled before anything was taken
		}
		return StatusUnknown // the payment holds the money, is being approved, or is a code not placed
	case order == moneyTaken && rs == receiptCancelling:
		return StatusUnknown
	case order == moneyTaken && rs == commerce.ReceiptCancelled:
		return StatusPartiallyCancelled
	case order == moneyTaken:
		return StatusPaid
	case order == moneyNone && (receipt == moneyNone || s == commerce.OrderSubscriptionReady && subscriptionNoMoney(rs)):
		return StatusPending
	}
	return StatusUnknown
}

// money is what one of an order's two statuses says of the buyer's money.
type money int

const (
	moneyOther money = iota // neither: cancelled, or a status not placed
	moneyTaken              // taken and held
	moneyNone               // nothing taken
)

// Bootpay receipt codes the commerce package does not name: receipt_status
// carries Bootpay's receipt statuses.
const (
	receiptCancelFailed = commerce.ReceiptStatus(bootpay.StatusCancelFailed) // -20: the payment stays paid
	receiptCancelling   = commerce.ReceiptStatus(bootpay.StatusCancelling)   // -30: a cancel in progress

	receiptFailedBeforeApproval  = commerce.ReceiptStatus(bootpay.StatusFailedBeforeApproval)  // -1: nothing approved
	receiptVirtualAccountRevoked = commerce.ReceiptStatus(bootpay.StatusVirtualAccountRevoked) // -3: no deposit can come
	receiptBillingKeyIssued      = commerce.ReceiptStatus(bootpay.StatusBillingKeyIssued)      // 11: a card registered
	receiptTransferAuthenticated = commerce.ReceiptStatus(bootpay.StatusTransferAuthenticated) // 41: an account registered
)

// commerceOrderMoney reads an order status.
func commerceOrderMoney(s commerce.OrderStatus) money {
	switch {
	case s.Paid() || s == commerce.OrderExchanged:
		return moneyTaken
	case s == commerce.OrderReady, s == commerce.OrderDepositWait, s == commerce.OrderSubscriptionReady, s == commerce.OrderPaymentPending:
		return moneyNone
	}
	return moneyOther
}

// commerceReceiptMoney reads a receipt_status. Only the codes known to
// hold no money are moneyNone; 3 (결제승인중) and the codes paykit does
// not know are moneyOther, never read as no money.
func commerceReceiptMoney(rs commerce.ReceiptStatus) money {
	switch rs {
	case commerce.ReceiptPaid, receiptCancelFailed, receiptCancelling:
		return moneyTaken
	case commerce.ReceiptReady, commerce.ReceiptAwaitingConfirm, commerce.ReceiptVirtualAccount, commerce.ReceiptFailed,
		receiptFailedBeforeApproval, receiptVirtualAccountRevoked:
		return moneyNone
	}
	return moneyOther
}

// subscriptionNoMoney reports the codes that hold no money on a waiting
// subscription order alone: a billing key issued (11) or an account
// transfer's consent (41) registers how a later charge is paid and
// charges nothing. On any other order they are no payment of it.
func subscriptionNoMoney(rs commerce.ReceiptStatus) bool {
	return rs == receiptBillingKeyIssued || rs == receiptTransferAuthenticated
}

// holdBack yields seq's records with the last n held back in a window,
// so that a copy a shifted page repeats meets the copy it repeats before
// either is yielded: the later copy replaces the held one when replaces
// says so (it took money, or the held one did not: as Run's pickCopies
// chooses within a batch), else it is dropped. A key therefore comes once
// unless its copies lie more than n records apart (the list shifted by
// more than a page between two reads); then both come, and Run picks one
// only when they share a batch. Held records keep the stream's order and are all yielded at
// its end, and before its error (as transport.Pages yields a page's items
// before the page's error). Each range has a window of its own, so the
// stream can be ranged again, or by two goroutines, and yields every
// record each time. Its memory is n records, one page.
func holdBack(n int, seq iter.Seq2[Record, error]) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		w := newWindow(n)
		for r, err := range seq {
			if err != nil {
				if w.flush(yield) {
					yield(Record{}, err)
				}
				return
			}
			if out, full := w.add(r); full && !yield(out, nil) {
				return
			}
		}
		w.flush(yield)
	}
}

// window is holdBack's ring of at most len(held) records, indexed by key.
type window struct {
	held  []Record
	first int            // the oldest record's slot
	n     int            // records held
	slot  map[string]int // key → its record's slot
}

func newWindow(n int) *window {
	return &window{held: make([]Record, n), slot: make(map[string]int, n)}
}

// add holds r. A key already held keeps one copy: r replaces it when
// replaces says so, in its place. A new key, when the window is full,
// pushes the oldest record out, which add returns with true.
func (w *window) add(r Record) (Record, bool) {
	if i, held := w.slot[r.Key]; held {
		if replaces(r.Status, w.held[i].Status) {
			w.held[i] = r
		}
		return Record{}, false
	}
	var out Record
	full := w.n == len(w.held)
	if full {
		out = w.pop()
	}
	i := (w.first + w.n) % len(w.held)
	w.held[i], w.slot[r.Key] = r, i
	w.n++
	return out, full
}

// pop removes and returns the oldest record.
func (w *window) pop() Record {
	r := w.held[w.first]
	w.held[w.first] = Record{}
	delete(w.slot, r.Key)
	w.first = (w.first + 1) % len(w.held)
	w.n--
	return r
}

// flush yields every held record, oldest first, and reports whether the
// caller went on iterating.
func (w *window) flush(yield func(Record, error) bool) bool {
	for w.n > 0 {
		if !yield(w.pop(), nil) {
			return false
		}
	}
	return true
}
