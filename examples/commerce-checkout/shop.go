// Command commerce-checkout is the Commerce checkout guide's flow through
// Bootpay Commerce from the merchant server's side: the server prices the
// plan itself and creates an invoice (청구서) with that price, the buyer's
// browser pays it and comes back with an order number, and the server
// verifies the order (GET /v1/orders/{order_number}: the amount, paid,
// receipt_status 1, its own order id in the metadata) BEFORE marking its
// order paid. A checkout that does not match is cancelled in full, once,
// however often the browser comes back. An order settles once: a second
// payment for it (two tabs, the invoice paid again) is refunded as a stray,
// never kept. A checkout the store refunded in part (부분취소) before the server
// saw it settles nothing either: what is left of it is refunded. A checkout
// an order is already paid with is never refunded by the shop: when the
// store refunded part of it, the order stays paid and the shop logs it at
// ERROR for a person to decide what to ship.
//
// The shop is one process: its orders, and the record that keeps two
// returns of one checkout from both requesting its refund, live in its
// memory. A shop of several instances keeps them in its database and
// claims a refund with a conditional update of the order's row.
//
//	go run ./examples/commerce-checkout
//
// It runs against an in-process Commerce sandbox (commercetest): one honest
// checkout and one whose browser paid less than the invoice.
//
// Docs: https://commerce.bootpay.ai/link-payment/overview and
// https://commerce.bootpay.ai/orders/detail
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/paykit-kr/paykit/commerce"
)

// Plan is a product the shop sells, with its list price.
type Plan struct {
	Name  string
	Price int64
}

// State is where a shop order stands.
type State string

// The shop's order states (the Commerce guide's: pending → paid → shipping → completed
// → refunded; this example reaches paid or refunded).
const (
	Pending  State = "pending"
	Paid     State = "paid"
	Refunded State = "refunded" // the checkout did not match and was cancelled; the order is closed
)

// order is the shop's own row for one checkout.
type order struct {
	id, invoiceID string
	amount        int64 // what the server decided the buyer pays
	state         State
	orderNumber   string
	uncertain     bool // creating the invoice ended with an unknown outcome
	creating      int  // invoice creations (or look-ups for one) in flight
	// refused holds the Commerce order numbers this order is never
	// settled with: checkouts whose rest the shop refunds. A number maps
	// to true while one call looks up or requests its refund, which no
	// other call does meanwhile (see claim).
	refused map[string]bool
}

// Shop is the merchant backend. Its orders live in memory; a real shop
// keeps them in its database with the same fields.
type Shop struct {
	commerce *commerce.Client
	// Log receives what a person must decide: an order paid with a
	// checkout the store has since refunded in part at Commerce
	// (ErrPaidPartlyRefunded), a refund that did not happen
	// (ErrRefundFailed); nil means slog.Default().
	Log *slog.Logger

	mu     sync.Mutex
	orders map[string]*order
}

// NewShop returns a shop that calls Commerce through c.
func NewShop(c *commerce.Client) *Shop { return &Shop{commerce: c, orders: map[string]*order{}} }

// price is the server's price of a plan: the list price less the
// promotion. The browser never sends a price.
func price(p Plan, promotion string) int64 {
	if promotion == "WELCOME10" {
		return p.Price - p.Price/10
	}
	return p.Price
}

// StartCheckout records the shop's order and creates the invoice the
// browser pays; it returns the invoice id, which the browser passes to the
// checkout as request_id. The invoice carries the server's price and the
// shop's order id in its metadata.
//
// Invoice creation is sent at most once per call and carries no
// Idempotency-Key (whether Commerce deduplicates by it is UNCONFIRMED), so
// the shop's own row is what makes a retry safe: once it holds an invoice
// id, StartCheckout returns that id and creates nothing. When a creation's
// outcome is unknown, the next StartCheckout looks for an invoice naming
// the order before creating one.
//
// The invoice is always created at the amount the row holds, the only
// price CompleteCheckout verifies. A StartCheckout with another price (the
// buyer applying a promotion after a start that was refused) reprices the
// row, under the lock, only while no invoice can exist for it: none
// recorded, none being created, and no creation with an unknown outcome.
// After that the row's price stands and a different one is ignored: the
// invoice returned (or found) carries the row's price; start a new order
// to change it.
func (s *Shop) StartCheckout(ctx context.Context, orderID string, plan Plan, promotion string) (string, error) {
	row, st := s.begin(orderID, price(plan, promotion))
	if st.invoiceID != "" {
		return st.invoiceID, nil
	}
	defer s.end(row)
	if st.uncertain {
		id, err := s.findInvoice(ctx, orderID)
		if err != nil || id != "" {
			return s.recordInvoice(row, id), err
		}
	}
	inv, err := s.commerce.Invoices.Create(ctx, commerce.InvoiceCreateParams{
		Name: plan.Name, Price: st.amount, OriginalPrice: plan.Price, OrderID: orderID,
		Metadata: map[string]any{"order_id": orderID},
	})
	if err != nil {
		if errors.Is(err, commerce.ErrOutcomeUnknown) {
			s.mu.Lock()
			row.uncertain = true
			s.mu.Unlock()
		}
		return "", fmt.Errorf("creating the invoice: %w", err)
	}
	return s.recordInvoice(row, inv.InvoiceID), nil
}

// start is what StartCheckout reads of the row, under the lock.
type start struct {
	invoiceID string // the invoice already recorded, if any
	amount    int64  // the price the invoice is created at
	uncertain bool   // an earlier creation of its invoice ended unknown
}

// begin returns the shop's order orderID, created pending at amount if
// new, and what StartCheckout reads of it. It reprices the row to amount
// only while no invoice can exist for it (see StartCheckout). Unless the
// row has an invoice, it counts the caller as creating one: call end.
func (s *Shop) begin(orderID string, amount int64) (*order, start) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[orderID]
	if o == nil {
		o = &order{id: orderID, amount: amount, state: Pending}
		s.orders[orderID] = o
	}
	if o.invoiceID == "" && !o.uncertain && o.creating == 0 && o.state == Pending {
		o.amount = amount // nothing was sent for this row yet
	}
	if o.invoiceID == "" {
		o.creating++
	}
	return o, start{invoiceID: o.invoiceID, amount: o.amount, uncertain: o.uncertain}
}

// end ends a creation begin counted.
func (s *Shop) end(o *order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.creating--
}

// recordInvoice keeps the invoice id of o (when id is set) and returns it.
func (s *Shop) recordInvoice(o *order, id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != "" {
		o.invoiceID, o.uncertain = id, false
	}
	return o.invoiceID
}

// findInvoice looks for the invoice an unknown creation may have made: the
// one whose order_id is the shop's order.
func (s *Shop) findInvoice(ctx context.Context, orderID string) (string, error) {
	for inv, err := range s.commerce.Invoices.All(ctx, commerce.InvoiceListParams{}) {
		if err != nil {
			return "", fmt.Errorf("looking the invoice up: %w", err)
		}
		if inv.OrderID == orderID {
			return inv.InvoiceID, nil
		}
	}
	return "", nil
}

// ErrMismatch reports a checkout that did not match its order. When the
// Commerce order is this shop order's (its metadata names it) but its
// amount differs, its cancellation in full is requested (once), and a
// pending order is Refunded only once Commerce shows that cancellation
// applied (commerce.CancellationRequest.Applied; a paid order stays paid:
// its own payment was not touched). While the cancellation is open (it
// awaits the store, or Commerce is carrying it out) the order stays
// Pending: call CompleteCheckout again. When it failed at the PG, or was
// rejected or withdrawn, the forged payment is still held: the error also
// matches ErrRefundFailed, the order stays Pending and the shop logs it at
// ERROR for a person. When the Commerce order is another checkout's,
// nothing is cancelled and the order stays as it was.
var ErrMismatch = errors.New("checkout does not match the order")

// ErrStrayCheckout reports a genuine payment for an order that another
// checkout already settled (the buyer paid twice: two tabs, the invoice's
// checkout opened again). The order keeps the payment that settled it;
// what is left of this one is refunded at Commerce: requested (and, until
// the store applies it, open), or held back while another cancellation
// request of it is open (nothing sent yet). When the error also matches
// ErrRefundFailed it was not refunded, and when it matches
// commerce.ErrOutcomeUnknown the request may have been made. Call
// CompleteCheckout again: it looks the cancellation up before sending one.
var ErrStrayCheckout = errors.New("the order was already settled by another checkout; this payment is not kept")

// ErrPartlyRefunded reports a checkout that matches its pending order but
// that the store refunded in part at Commerce (부분취소 in its console)
// before the server saw it: the order cannot be fulfilled with a payment
// Commerce holds only part of. It is not settled with it (it stays
// Pending, still payable), and what is left of the payment is refunded
// at Commerce: requested (and, until the store applies it, open), or held
// back while another cancellation request of it is open (nothing sent
// yet). When the error also matches ErrRefundFailed it was not refunded,
// and when it matches commerce.ErrOutcomeUnknown the request may have
// been made. Call CompleteCheckout again: it looks the cancellation up
// before sending one.
var ErrPartlyRefunded = errors.New("the checkout was refunded in part at Commerce; the order is not settled with it and its rest is not kept")

// ErrCancellationRequested reports a checkout that matches its order but
// whose payment is being asked back at Commerce: a cancellation request
// is open (waiting for the store's approval, being carried out, or its PG
// cancellation failed and may be tried again), so Orders.Verify refuses it
// ("cancellation_requested"). The order is not
// settled with it now — fulfilled, the approval would refund it — and
// nothing is refunded by the shop, which would refund it twice: it stays
// Pending. Call CompleteCheckout again once the store has decided the
// request: rejected or withdrawn, the checkout pays the order; approved,
// it is refunded (in part: ErrPartlyRefunded, the rest refunded; in full:
// ErrMismatch, nothing left to keep).
var ErrCancellationRequested = errors.New("the checkout's payment is being asked back at Commerce (an open cancellation request); the order is not settled with it until the request is decided")

// ErrPaidPartlyRefunded reports a checkout the order is already paid with
// that the store has refunded in part at Commerce (부분취소): another return
// of the same checkout verified it in full and settled the order first.
// It is the order's own payment, so the shop refunds none of it and the
// order stays Paid; Commerce holds only part of the price. The shop logs
// it at ERROR: a person decides whether to ship, hold the order, or refund
// the rest in the console.
var ErrPaidPartlyRefunded = errors.New("the order is paid with a checkout the store has since refunded in part at Commerce; nothing is refunded, a person must decide")

// ErrRefundFailed reports a checkout whose refund did not happen: the
// refund of the rest the shop requested (a stray's, or one refunded in
// part: the error also matches ErrStrayCheckout or ErrPartlyRefunded), or
// the cancellation of a forged checkout Orders.Verify requested (the error
// also matches ErrMismatch). Either Commerce approved it and its PG
// cancellation then failed (commerce.CancellationRequest.CancelFailed), or
// the store rejected it or it was withdrawn
// (commerce.CancellationRequest.Closed): the payment is NOT refunded, the
// buyer's money is still held. A failed cancellation may still succeed
// (whether Commerce retries it is UNCONFIRMED), and a closed one's
// cancel_id is spent, so the shop sends nothing beside it, every return.
// The shop logs it at ERROR, naming the cancel_id: a person retries,
// closes or refunds it in Commerce's console (checking the refund at the
// PG first), and the checkout is completed again.
var ErrRefundFailed = errors.New("the shop's refund of the checkout did not happen at Commerce (its PG cancellation failed, or it was rejected or withdrawn); nothing is refunded yet, a person must decide")

// CompleteCheckout handles the browser's return with Commerce's order
// number: it verifies the order against the shop's own row and only then
// marks it paid.
//
// The cancellation is deliberate about whose money it touches: an order
// number whose metadata names another shop order (a buyer pasting someone
// else's number) is refused and left alone, never cancelled. Only this
// order's own payment, with a forged amount, is cancelled, through Verify's
// CancelOnMismatch, which requests it at most once (its cancel_id is
// derived from the Commerce order and looked up first), so a browser that
// comes back twice refunds once. An unknown outcome leaves the order
// pending: call CompleteCheckout again later.
//
// An order settles once, from Pending to Paid or Refunded, and keeps the
// Commerce order that settled it. A later checkout for it never re-points
// it: a second genuine payment is refunded as a stray (ErrStrayCheckout),
// so the buyer is charged once, and a forged one is cancelled without
// marking a paid order Refunded while Commerce still holds its payment.
//
// A checkout that matches but was refunded in part before the server saw
// it (Verify's cancelled_price mismatch, alone or beside an open request's
// cancellation_requested or a payment result reading 20: Commerce's order
// still reads paid at its price) settles nothing: the rest of it is refunded (ErrPartlyRefunded, or
// ErrStrayCheckout for an order already settled), unless a request other
// than the shop's is still open, when nothing is sent until it is decided.
// One whose only refusal is an open request (the buyer asked at once to
// cancel) settles nothing either, and nothing is refunded
// (ErrCancellationRequested): return again once the store decides. When
// that checkout is one the order does not keep (a stray, or one whose rest
// the shop refunds), the open request may be the shop's own refund: it is
// looked up as refundRest does (ErrStrayCheckout or ErrPartlyRefunded,
// ErrRefundFailed when it failed at the PG).
// When the order is paid with that very checkout (another return verified
// it before the 부분취소 and settled the order), it is the order's own
// payment: nothing is refunded and the order stays Paid
// (ErrPaidPartlyRefunded, logged at ERROR for a person). A checkout being
// refunded never settles the order afterwards, so two returns of one
// checkout cannot end with the order paid and its payment refunded.
func (s *Shop) CompleteCheckout(ctx context.Context, orderID, orderNumber string) (State, error) {
	s.mu.Lock()
	o := s.orders[orderID]
	if o == nil {
		s.mu.Unlock()
		return "", fmt.Errorf("no order %q", orderID)
	}
	amount, state, paidWith := o.amount, o.state, o.orderNumber
	s.mu.Unlock()
	if state == Paid && paidWith == orderNumber {
		return Paid, nil
	}
	p := commerce.VerifyParams{OrderNumber: orderNumber, Amount: amount, MerchantOrderID: orderID}
	co, err := s.commerce.Orders.Verify(ctx, p)
	var mismatch *commerce.MismatchError
	refunds := errors.As(err, &mismatch) && refundsOnly(mismatch)
	if refunds && mismatch.Has("cancelled_price") {
		return s.refundPartlyRefunded(ctx, o, mismatch)
	}
	if refunds && s.unkept(o, orderNumber) {
		// Not the order's payment: the open request may be the shop's
		// own refund of it, which only refundRest reads (failed or not).
		return s.refundUnkept(ctx, o, mismatch.Order)
	}
	if refunds {
		return state, fmt.Errorf("%w: Commerce order %s: %w", ErrCancellationRequested, orderNumber, err)
	}
	if errors.As(err, &mismatch) && !mismatch.Has("metadata.order_id") && mismatch.Has("price") {
		p.CancelOnMismatch = true
		_, err = s.commerce.Orders.Verify(ctx, p)
		// Only a cancellation made or found says anything of the refund: a
		// forged checkout nobody paid has nothing refunded, and must not
		// close the order against the buyer's honest payment.
		if errors.As(err, &mismatch) && mismatch.CancelErr == nil && mismatch.Cancellation != nil {
			return s.forged(ctx, o, state, mismatch, err)
		}
	}
	switch {
	case errors.As(err, &mismatch):
		return state, fmt.Errorf("%w: %w", ErrMismatch, err)
	case err != nil:
		return state, err
	}
	if _, ok := s.settle(o, Paid, orderNumber); !ok {
		return s.refundUnkept(ctx, o, co)
	}
	return Paid, nil
}

// refundsOnly reports a Verify refusal for the order's cancellation
// requests alone: what they refunded (cancelled_price) or ask back
// (cancellation_requested), its price, statuses and metadata matching.
// Its payment result may read cancelled beside them (result_data.status
// 20): a Bootpay receipt reads 20 after a 부분취소 as after a full
// cancellation, and the requests tell which (their sum, below the price,
// is what refundRest leaves out). Any other payment result (-20, the PG's
// cancellation failed) is a refusal of its own.
func refundsOnly(m *commerce.MismatchError) bool {
	refunds := false
	for _, f := range m.Mismatches {
		switch {
		case f.Field == "cancelled_price" || f.Field == "cancellation_requested":
			refunds = true
		case f.Field == "result_data.status" && f.Actual == commerce.ReceiptCancelled.String():
		default:
			return false
		}
	}
	return refunds
}

// unkept reports whether o never keeps the checkout number: o is settled
// with another checkout, or o refuses it (its rest is being, or was,
// refunded).
func (s *Shop) unkept(o *order, number string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, refused := o.refused[number]
	return refused || o.state != Pending && o.orderNumber != number
}

// forged settles what became of the cancellation Orders.Verify requested
// (or found) of a forged checkout of o (m, its refusal err; state is o's
// state when the return began). Only a cancellation Commerce shows applied
// closes o as Refunded. One still open leaves o as it is, to be looked at
// on the next return; one that failed at the PG, or was rejected or
// withdrawn, refunded nothing: the forged payment is still held and Verify
// never sends another under its cancel_id, so a person is told.
func (s *Shop) forged(ctx context.Context, o *order, state State, m *commerce.MismatchError, err error) (State, error) {
	r, number := m.Cancellation, m.Order.OrderNumber
	switch {
	case r.Applied():
		state, _ = s.settle(o, Refunded, number)
		return state, fmt.Errorf("%w: %w", ErrMismatch, err)
	case r.CancelFailed() || r.Closed():
		what := "was approved but its PG cancellation failed (Commerce may still retry it): retry or close it in Commerce's console"
		if r.Closed() {
			what = "was rejected or withdrawn at Commerce: a person must refund the forged payment in Commerce's console"
		}
		s.logger().ErrorContext(ctx, "commerce-checkout: the cancellation of a forged checkout "+what+"; NOT refunded, the money is still held",
			"order", o.id, "orderNumber", number, "cancel_id", r.CancelID, "last_errored_at", r.LastErroredAt.Time, "withdrawn_at", r.WithdrawnAt.Time)
		return state, fmt.Errorf("%w: %w: cancel_id %s %s; the forged payment is NOT refunded and nothing is sent again: %w",
			ErrRefundFailed, ErrMismatch, r.CancelID, what, err)
	default: // open: awaiting the store's approval, or being carried out
		s.logger().InfoContext(ctx, "commerce-checkout: a forged checkout's cancellation is open at Commerce; the order stays pending until it is applied",
			"order", o.id, "orderNumber", number, "cancel_id", r.CancelID)
		return state, fmt.Errorf("%w: cancel_id %s is open at Commerce (not yet applied): the order stays %s, complete the checkout again later: %w",
			ErrMismatch, r.CancelID, state, err)
	}
}

// mismatchActual is what Verify's refusal m reads for field, or "".
func mismatchActual(m *commerce.MismatchError, field string) string {
	for _, f := range m.Mismatches {
		if f.Field == field {
			return f.Actual
		}
	}
	return ""
}

// settle moves o from Pending to st, settled by the Commerce order
// orderNumber, and reports whether orderNumber is what settled o. It
// decides under the lock, so of two checkouts completing at once exactly
// one settles the order. A checkout o refused (one whose rest is being, or
// was, refunded) never settles it. A settled order never moves again: the
// checkout that settled it holds the buyer's money (Paid) or was cancelled
// (Refunded), and re-pointing the order would forget a payment nobody then
// refunds, or record a refund of a payment Commerce still holds.
func (s *Shop) settle(o *order, st State, orderNumber string) (State, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, refused := o.refused[orderNumber]; refused {
		return o.state, false
	}
	if o.state == Pending {
		o.state, o.orderNumber = st, orderNumber
		return st, true
	}
	return o.state, o.orderNumber == orderNumber
}

// refundPartlyRefunded handles co, a checkout of order o that the store
// refunded in part before the server saw it (m, Verify's refusal for its
// refunds alone: refundsOnly, with cancelled_price). When o is paid with co, co is o's own payment
// (another return settled o with it first): nothing is refunded, and a
// person is told (ErrPaidPartlyRefunded). Otherwise o is not settled with
// it and what is left of it is refunded (refundClaimed).
func (s *Shop) refundPartlyRefunded(ctx context.Context, o *order, m *commerce.MismatchError) (State, error) {
	co := m.Order
	state, c := s.claim(o, co.OrderNumber)
	if c == ownPayment {
		s.logger().ErrorContext(ctx, "commerce-checkout: order paid with a checkout the store refunded in part (부분취소); "+
			"nothing refunded: ship, hold or refund the rest by hand",
			"order", o.id, "orderNumber", co.OrderNumber, "price", co.Price.Int64(), "refunded", mismatchActual(m, "cancelled_price"))
		return state, fmt.Errorf("%w: Commerce order %s", ErrPaidPartlyRefunded, co.OrderNumber)
	}
	return s.refundClaimed(ctx, o, co, state, c)
}

// refundUnkept refunds what is left of co, a verified checkout of order o
// that settle refused: ErrPartlyRefunded while o is Pending (another
// return found co refunded in part and refused it), ErrStrayCheckout once
// another checkout settled o.
func (s *Shop) refundUnkept(ctx context.Context, o *order, co *commerce.Order) (State, error) {
	state, c := s.claim(o, co.OrderNumber)
	return s.refundClaimed(ctx, o, co, state, c)
}

// A claimed is what claim decided of a checkout.
type claimed int

const (
	claimedRefund claimed = iota // the caller refunds it, then calls release
	busyRefund                   // another call is looking up or requesting its refund now
	ownPayment                   // the order is settled with it: never refunded
)

// claim decides, in one critical section, what becomes of the checkout
// number of o: o's own payment when o is settled with it; otherwise o
// refuses it for good (settle never settles o with it) and the caller
// refunds it, unless another call is doing so now. That keeps a
// checkout's refund lookup and request to one call at a time in this
// process. It returns o's state with the decision.
func (s *Shop) claim(o *order, number string) (State, claimed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case o.state != Pending && o.orderNumber == number:
		return o.state, ownPayment
	case o.refused[number]:
		return o.state, busyRefund
	}
	if o.refused == nil {
		o.refused = map[string]bool{}
	}
	o.refused[number] = true
	return o.state, claimedRefund
}

// release ends the claim on number of o; o still refuses it.
func (s *Shop) release(o *order, number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.refused[number] = false
}

// refundClaimed refunds what is left of co when claim gave it to the
// caller (c), with the reason of o's state then: ErrPartlyRefunded while o
// is Pending, ErrStrayCheckout once o is settled with another checkout.
// When another call holds the claim it sends nothing: that call refunds
// co, and a later return looks its request up.
func (s *Shop) refundClaimed(ctx context.Context, o *order, co *commerce.Order, state State, c claimed) (State, error) {
	message, why := strayMessage, fmt.Errorf("%w: Commerce order %s", ErrStrayCheckout, co.OrderNumber)
	if state == Pending {
		message, why = partlyRefundedMessage, fmt.Errorf("%w: Commerce order %s", ErrPartlyRefunded, co.OrderNumber)
	}
	if c == busyRefund {
		return state, fmt.Errorf("%w; another return of it is refunding it now, nothing sent", why)
	}
	defer s.release(o, co.OrderNumber)
	return state, s.refundRest(ctx, co, message, why)
}

// The reasons sent with the refunds; a retry sends the same.
const (
	strayMessage          = "중복 결제 환불 (the order is paid with another checkout)"
	partlyRefundedMessage = "부분취소된 결제의 잔액 환불 (the order is not fulfilled with a partly refunded payment)"
)

// refundRest cancels what is left of co, a payment the shop does not keep,
// with message, and returns why (wrapping what failed). What is left is
// its price less what its applied cancellation requests refunded
// (CancellationList.Refunded): a request for the whole price after a
// 부분취소 would be refused as more than remains. The cancellation is
// requested at most once: its cancel_id is derived from the Commerce
// order, the order's cancellation requests are looked up for it first,
// and the request is never resent by the client once it may have reached
// Commerce (whether Commerce refuses a repeated cancel_id is UNCONFIRMED).
// A failed lookup sends nothing, and so do requests that already cover
// the price: their status values are UNCONFIRMED, so that may be a
// rejection read as a refund, which a person must look at. So does an
// open request (commerce.CancellationRequest.Open) other than the shop's
// own: it may still refund what the shop would ask for, so nothing is
// sent until the store decides it, and a later return looks again. The
// shop's own request found approved but failed at the PG
// (commerce.CancellationRequest.CancelFailed) is ErrRefundFailed, never
// the rest refunded, and nothing is sent beside it either; so is its
// request found rejected or withdrawn (Closed): its cancel_id is spent, a
// person must refund the rest. Both are logged at ERROR. The caller
// holds the checkout's claim (see claim), so no other return of this
// process looks up or requests the same refund meanwhile.
func (s *Shop) refundRest(ctx context.Context, co *commerce.Order, message string, why error) error {
	cancelID := "shop-stray-" + co.OrderID
	list, err := s.commerce.OrderCancellations.ListFor(ctx, co)
	if err != nil {
		return fmt.Errorf("%w; looking its cancellations up failed, nothing sent: %w", why, err)
	}
	for _, r := range list {
		switch {
		case r.CancelID != cancelID:
		case r.CancelFailed():
			s.logger().ErrorContext(ctx, "commerce-checkout: the shop's refund of a checkout was approved but failed at the PG; "+
				"the buyer's money is still held: retry or close it in Commerce's console",
				"orderNumber", co.OrderNumber, "cancel_id", cancelID, "last_errored_at", r.LastErroredAt.Time)
			return fmt.Errorf("%w: Commerce order %s, cancel_id %s (%w): the rest is NOT refunded, the buyer's money is still held; "+
				"nothing is sent again while the request stands (Commerce may still retry it): retry or close it in Commerce's console",
				ErrRefundFailed, co.OrderNumber, cancelID, why)
		case r.Closed():
			s.logger().ErrorContext(ctx, "commerce-checkout: the shop's refund of a checkout was rejected or withdrawn at Commerce; "+
				"the buyer's money is still held: a person must refund the rest in Commerce's console",
				"orderNumber", co.OrderNumber, "cancel_id", cancelID, "withdrawn_at", r.WithdrawnAt.Time)
			return fmt.Errorf("%w: Commerce order %s, cancel_id %s (%w): the request was rejected or withdrawn, the rest is NOT refunded; "+
				"nothing is sent again under its cancel_id: refund the rest in Commerce's console", ErrRefundFailed, co.OrderNumber, cancelID, why)
		case r.Applied():
			return fmt.Errorf("%w; its rest was refunded (cancel_id %s)", why, cancelID)
		default:
			return fmt.Errorf("%w; its refund (cancel_id %s) is requested and open at Commerce", why, cancelID)
		}
	}
	if list.HasOpen() {
		open, _ := list.Pending()
		return fmt.Errorf("%w; a cancellation request is open at Commerce (%d won asked back), nothing sent until it is decided", why, open)
	}
	refunded, refundedTaxFree := list.Refunded()
	rest := co.Price.Int64() - refunded
	if rest <= 0 {
		return fmt.Errorf("%w; its cancellation requests cover its price while Commerce's order reads paid, nothing sent: check it in the console", why)
	}
	_, err = s.commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: co.OrderNumber, CancelID: cancelID, Price: rest, Requester: "shop", Message: message, Immediately: true,
		TaxFreePrice: min(max(co.TaxFreePrice.Int64()-refundedTaxFree, 0), rest),
	})
	if err != nil {
		return fmt.Errorf("%w; cancelling the rest (%d won) failed: %w", why, rest, err)
	}
	return fmt.Errorf("%w; the refund of its rest (%d won) is requested (cancel_id %s)", why, rest, cancelID)
}

// logger is s.Log, or slog.Default() when it is nil.
func (s *Shop) logger() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// State returns an order's state.
func (s *Shop) State(orderID string) State {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.orders[orderID]; o != nil {
		return o.state
	}
	return ""
}
