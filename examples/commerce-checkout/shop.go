// Command commerce-checkout is seed 001's checkout through Bootpay Commerce
// from the merchant server's side: the server prices the plan itself and
// creates an invoice (청구서) with that price, the buyer's browser pays it
// and comes back with an order number, and the server verifies the order
// (GET /v1/orders/{order_number}: the amount, paid, receipt_status 1, its
// own order id in the metadata) BEFORE marking its order paid. A checkout
// that does not match is cancelled in full, once, however often the
// browser comes back.
//
//	go run ./commerce-checkout
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

// The shop's order states (seed 001: pending → paid → shipping → completed
// → refunded; this example reaches paid or refunded).
const (
	Pending  State = "pending"
	Paid     State = "paid"
	Refunded State = "refunded" // the checkout did not match and was cancelled
)

// order is the shop's own row for one checkout.
type order struct {
	id, invoiceID string
	amount        int64 // what the server decided the buyer pays
	state         State
	orderNumber   string
	uncertain     bool // creating the invoice ended with an unknown outcome
}

// Shop is the merchant backend. Its orders live in memory; a real shop
// keeps them in its database with the same fields.
type Shop struct {
	commerce *commerce.Client

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
func (s *Shop) StartCheckout(ctx context.Context, orderID string, plan Plan, promotion string) (string, error) {
	amount := price(plan, promotion)
	row, uncertain := s.row(orderID, amount)
	if row.invoiceID != "" {
		return row.invoiceID, nil
	}
	if uncertain {
		id, err := s.findInvoice(ctx, orderID)
		if err != nil || id != "" {
			return s.recordInvoice(row, id), err
		}
	}
	inv, err := s.commerce.Invoices.Create(ctx, commerce.InvoiceCreateParams{
		Name: plan.Name, Price: amount, OriginalPrice: plan.Price, OrderID: orderID,
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

// row returns the shop's order orderID, created pending at amount if new,
// and whether an earlier creation of its invoice ended unknown.
func (s *Shop) row(orderID string, amount int64) (*order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[orderID]
	if o == nil {
		o = &order{id: orderID, amount: amount, state: Pending}
		s.orders[orderID] = o
	}
	return o, o.uncertain
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
// amount differs, it was cancelled in full and the order is Refunded;
// when it is another checkout's order, nothing is cancelled and the order
// stays as it was.
var ErrMismatch = errors.New("checkout does not match the order")

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
	_, err := s.commerce.Orders.Verify(ctx, p)
	var mismatch *commerce.MismatchError
	if errors.As(err, &mismatch) && !mismatch.Has("metadata.order_id") && mismatch.Has("price") {
		p.CancelOnMismatch = true
		_, err = s.commerce.Orders.Verify(ctx, p)
		if errors.As(err, &mismatch) && mismatch.CancelErr == nil {
			s.setState(o, Refunded, orderNumber)
			return Refunded, fmt.Errorf("%w: %w", ErrMismatch, err)
		}
	}
	switch {
	case errors.As(err, &mismatch):
		return state, fmt.Errorf("%w: %w", ErrMismatch, err)
	case err != nil:
		return state, err
	}
	s.setState(o, Paid, orderNumber)
	return Paid, nil
}

func (s *Shop) setState(o *order, st State, orderNumber string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.state, o.orderNumber = st, orderNumber
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
