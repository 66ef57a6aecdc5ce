package reconcile

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"time"

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
// shifts the pages, so an order the previous page already gave is skipped
// (a window of one page is remembered). Lookup is GET /orders/{order_id}
// with the order number.
//
// The order list does not show a partial cancel (an order stays 결제완료
// until nothing remains; whether Commerce reports a cancelled price is
// UNCONFIRMED), so a paid order's cancelled amount is CancelledUnknown
// and CancelledDiffers is reported only for an order cancelled in full
// (status 10 or 11, or receipt_status 20), whose cancelled amount is its
// price. Nothing is ever written.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/list
func Commerce(client *commerce.Client, opts ...commerce.RequestOption) *CommerceGateway {
	return &CommerceGateway{client: client, opts: opts}
}

// seoul is Korea Standard Time, the zone Commerce's dates are read in.
var seoul = time.FixedZone("KST", 9*60*60)

// Payments streams the orders created in period.
func (g *CommerceGateway) Payments(ctx context.Context, period Period) iter.Seq2[Record, error] {
	params := commerce.OrderListParams{
		ListPage:  commerce.ListPage{Limit: commerce.MaxLimit},
		DateField: commerce.DateCreated,
		From:      commerce.DateOf(period.From.In(seoul).AddDate(0, 0, -1)),
		To:        commerce.DateOf(period.Until.In(seoul).AddDate(0, 0, 1)),
	}
	return func(yield func(Record, error) bool) {
		// Each range reads the list afresh with a window of its own, so
		// that the stream can be ranged again (or by two goroutines) and
		// yields every order each time.
		recent := newWindow(commerce.MaxLimit)
		keep := func(o *commerce.Order) bool { return period.Contains(o.CreatedAt.Time) && recent.add(o.OrderNumber) }
		records(g.client.Orders.All(ctx, params, g.opts...), keep, commerceRecord)(yield)
	}
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
	case StatusPaid:
		r.CancelledUnknown = true
	}
	return r
}

// CommerceStatus places a Commerce order in the common vocabulary from its
// status and its payment's receipt_status: a failed payment is
// StatusFailed, a cancelled or returned order (or a cancelled payment)
// StatusCancelled, a paid, subscription-paid, purchase-confirmed or
// exchanged order StatusPaid, an order waiting for its payment
// StatusPending; anything else StatusUnknown.
func CommerceStatus(s commerce.OrderStatus, rs commerce.ReceiptStatus) Status {
	switch {
	case rs == commerce.ReceiptFailed:
		return StatusFailed
	case s == commerce.OrderCancelled || s == commerce.OrderReturned || rs == commerce.ReceiptCancelled:
		return StatusCancelled
	case s.Paid() || s == commerce.OrderExchanged:
		return StatusPaid
	}
	switch s {
	case commerce.OrderReady, commerce.OrderDepositWait, commerce.OrderSubscriptionReady, commerce.OrderPaymentPending:
		return StatusPending
	}
	return StatusUnknown
}

// window remembers the last n keys added, to skip a key a shifted page
// repeats. Its memory is n keys, one page.
type window struct {
	keys []string
	next int
	set  map[string]bool
}

func newWindow(n int) *window {
	return &window{keys: make([]string, n), set: make(map[string]bool, n)}
}

// add records key and reports whether it was not among the last n.
func (w *window) add(key string) bool {
	if w.set[key] {
		return false
	}
	if old := w.keys[w.next]; old != "" {
		delete(w.set, old)
	}
	w.keys[w.next] = key
	w.next = (w.next + 1) % len(w.keys)
	w.set[key] = true
	return true
}
