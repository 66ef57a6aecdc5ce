package commerce

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"unicode/utf8"
)

// CancelRequestParams asks for an order's cancellation (주문 취소 요청):
// the body of POST /order/cancel.
type CancelRequestParams struct {
	// OrderNumber is the order to cancel.
	OrderNumber string
	// CancelID identifies this cancellation (cancel_id). Leave it empty
	// and one is generated; set it (from your refund record, say) so that
	// you can find the request again with List after an unknown outcome.
	CancelID string
	// Price is the amount to cancel, in won. It is always sent: what
	// Commerce does without cancel_price is UNCONFIRMED.
	Price int64
	// TaxFreePrice is the tax-free part of Price (면세 금액).
	TaxFreePrice int64
	// Requester and Message say who asks and why (취소 요청자, 취소 사유).
	Requester string
	Message   string
	// Immediately asks Commerce to cancel without waiting for the store's
	// approval (cancel_immediately).
	Immediately bool
	// Products, when set, cancels only these products of the order.
	Products []CancelProduct
	// Bills, when set, cancels these subscription bills.
	Bills []CancelBill
	// AsSupervisor sends is_supervisor: the store itself asks.
	AsSupervisor bool
}

// CancelProduct is one product of a partial cancellation.
type CancelProduct struct {
	ProductID       string `json:"product_id"`
	ProductOptionID string `json:"product_option_id,omitempty"`
}

// CancelBill is one subscription bill of a cancellation.
type CancelBill struct {
	OrderSubscriptionBillID string `json:"order_subscription_bill_id"`
	CancelQuantity          int    `json:"cancel_quantity,omitempty"`
}

// cancelRequestBody is the wire form of CancelRequestParams.
type cancelRequestBody struct {
	OrderNumber  string              `json:"order_number"`
	Parameters   cancelRequestParams `json:"request_cancel_parameters"`
	IsSupervisor bool                `json:"is_supervisor,omitempty"`
}

type cancelRequestParams struct {
	CancelID      string          `json:"cancel_id"`
	CancelPrice   int64           `json:"cancel_price"`
	CancelTaxFree int64           `json:"cancel_tax_free_price,omitempty"`
	Requester     string          `json:"cancel_requester,omitempty"`
	Message       string          `json:"cancel_message,omitempty"`
	Products      []CancelProduct `json:"cancel_products,omitempty"`
	Immediately   bool            `json:"cancel_immediately,omitempty"`
	Bills         []CancelBill    `json:"cancel_order_subscription_bills,omitempty"`
}

// maxCancelIDLength bounds caller cancel ids; Commerce's limit is
// UNCONFIRMED, and 64 leaves room for a UUID with a prefix.
const maxCancelIDLength = 64

func (p *CancelRequestParams) validate() error {
	field := func(name, reason string) error {
		return &ValidationError{Gateway: "commerce", Field: name, Reason: reason}
	}
	if err := checkID("OrderNumber", p.OrderNumber); err != nil {
		return err
	}
	if p.CancelID != "" {
		if err := checkID("CancelID", p.CancelID); err != nil {
			return err
		}
	}
	switch {
	case p.Price <= 0:
		return field("Price", "must be positive")
	case p.TaxFreePrice < 0 || p.TaxFreePrice > p.Price:
		return field("TaxFreePrice", "must be between 0 and Price")
	case len(p.CancelID) > maxCancelIDLength || !utf8.ValidString(p.CancelID):
		return field("CancelID", "must be valid text of at most 64 bytes")
	}
	for _, pr := range p.Products {
		if err := checkID("Products.ProductID", pr.ProductID); err != nil {
			return err
		}
	}
	for _, b := range p.Bills {
		if err := checkID("Bills.OrderSubscriptionBillID", b.OrderSubscriptionBillID); err != nil {
			return err
		}
	}
	return nil
}

// CancellationListParams selects the cancellation requests of one order
// (GET /order/cancel): set OrderNumber, OrderID or both.
type CancellationListParams struct {
	OrderID     string
	OrderNumber string
}

type cancellationListQuery struct {
	OrderID     string `url:"order_id,omitempty"`
	OrderNumber string `url:"order_number,omitempty"`
	Page        int    `url:"page"`
	Limit       int    `url:"limit"`
}

func (p CancellationListParams) validate() error {
	if p.OrderID == "" && p.OrderNumber == "" {
		return &ValidationError{Gateway: "commerce", Field: "OrderNumber", Reason: "set OrderNumber or OrderID"}
	}
	for _, id := range []struct{ field, v string }{{"OrderID", p.OrderID}, {"OrderNumber", p.OrderNumber}} {
		if id.v != "" {
			if err := checkID(id.field, id.v); err != nil {
				return err
			}
		}
	}
	return nil
}

// decisionBody is the body of approve and reject ({message}); withdraw
// sends it empty ({}), never without a body.
type decisionBody struct {
	Message string `json:"message,omitempty"`
}

// CancellationRequest is an order cancellation request (주문 취소 요청) and
// its history, as Commerce lists it. The shape of the answer to a new
// request is UNCONFIRMED; it is decoded into this type too, tolerantly:
// no field is required.
type CancellationRequest struct {
	// ID is the request's id, the one Withdraw, Approve and Reject take.
	// Commerce's SDKs name it order_cancellation_request_id or
	// order_cancel_request_history_id, its docs id; any is read.
	ID                 string `json:"-"`
	OrderID            string `json:"order_id"`
	OrderNumber        string `json:"order_number"`
	CancelID           string `json:"cancel_id"`
	Status             int    `json:"status"` // Commerce documents no values for it
	RequestType        int    `json:"order_request_type"`
	CancelPrice        Amount `json:"cancel_price"`
	CancelTaxFreePrice Amount `json:"cancel_tax_free_price"`
	CancelRequester    string `json:"cancel_requester"`
	CancelMessage      string `json:"cancel_message"`
	CancelImmediately  bool   `json:"cancel_immediately"`
	IsPartialCancelled bool   `json:"is_partial_cancelled"`
	ActionAt           Time   `json:"action_at"`
	ActionMessage      string `json:"action_message"`
	LastErroredAt      Time   `json:"last_errored_at"` // the PG cancellation last failed; not before action_at, the request is open (see Open)
	WithdrawnAt        Time   `json:"withdrawn_at"`
	CreatedAt          Time   `json:"created_at"`
}

// UnmarshalJSON reads the request's id under either of its names.
func (r *CancellationRequest) UnmarshalJSON(data []byte) error {
	type fields CancellationRequest
	w := struct {
		*fields
		ID1 string `json:"order_cancellation_request_id"`
		ID2 string `json:"order_cancel_request_history_id"`
		ID3 string `json:"id"`
	}{fields: (*fields)(r)}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	r.ID = cmp.Or(w.ID1, w.ID2, w.ID3)
	return nil
}

// cancellationRejected is the status of a request the store rejected
// (거절됨). Commerce's API docs give no status values; 2 is how its console
// labels a rejection (UNCONFIRMED).
const cancellationRejected = 2

// Applied reports whether Commerce acted on the request (action_at set),
// it was neither withdrawn nor rejected, and its PG cancellation has not
// failed since (no last_errored_at at or after action_at: see Open): a
// cancellation Commerce says it carried out, as far as the UNCONFIRMED
// status values tell. A request still waiting for the store's approval has
// no action_at.
//
// Since Commerce documents no status values, a rejection written under a
// value other than 2 reads as applied. Treat Applied as Commerce's claim,
// not as proof that money moved: before you record a refund as made, look
// the order up (Orders.Get) and see its status or receipt_status show it.
func (r *CancellationRequest) Applied() bool {
	return !r.ActionAt.IsZero() && !r.Closed() && !r.CancelFailed()
}

// CancelFailed reports a request the store approved whose PG cancellation
// then failed: last_errored_at set and not before action_at (or a failure
// recorded with no action_at at all), and the request neither withdrawn
// nor rejected (Closed). An error before action_at was followed by an
// action, the one that carried it out, and does not count. Such a request
// is Open, not Applied: the money it was to give back is still held.
//
// Whether Commerce retries the cancellation by itself is UNCONFIRMED, so
// the request may still succeed: never send a new cancellation beside it
// (it could refund the same money twice), and do not leave it waiting
// either, since nothing but a person may move it on. Have someone decide
// it in Commerce's console (retry the cancellation there, or close it
// once the refund at the PG is checked: see Open), then look it up again.
func (r *CancellationRequest) CancelFailed() bool {
	return !r.Closed() && !r.LastErroredAt.IsZero() &&
		(r.ActionAt.IsZero() || !r.LastErroredAt.Before(r.ActionAt.Time))
}

// Closed reports whether the request ended without a refund: withdrawn by
// the buyer (withdrawn_at set), or rejected by the store (status 2, as
// Commerce's console labels a rejection, with action_at set, since a
// rejection is the store's action; UNCONFIRMED). A closed request's
// cancel_id refunded nothing, so a new cancellation may be requested.
//
// Commerce documents no status values, and Bootpay's SDK constants
// (SConstant) read 2 as READY and 3 as DOING, so a status 2 without
// action_at may be a request still waiting: it does not read as closed
// (see Open). A rejection written under another value does not read as
// closed either (and, once acted on, reads as applied: see Applied).
// Either way the request stays counted, never forgotten while it may
// still refund.
func (r *CancellationRequest) Closed() bool {
	return !r.WithdrawnAt.IsZero() || r.Status == cancellationRejected && !r.ActionAt.IsZero()
}

// Open reports a request that is neither closed nor applied: one waiting
// for the store's approval, one Commerce is carrying out (no action_at
// yet, whatever its status: 3 is DOING in Bootpay's SDK constants), or one
// whose PG cancellation failed: last_errored_at set and not before its
// action_at (or with no action_at), even once the store approved it.
// Its money may still go back to the buyer, so an order with an open
// request is not one to fulfil, nor one to cancel further: the request
// may refund what a new cancellation would. OrdersService.Verify refuses
// such an order (Mismatch "cancellation_requested"). Once the request is
// approved it reads as applied, and once rejected or withdrawn as closed.
//
// A request whose PG cancellation failed (CancelFailed) is never read as
// applied, the one rule that can never refund twice: it may have succeeded on a retry
// Commerce has not recorded yet, or it may be abandoned, and only
// Commerce's record tells which. Refunded does not count it, Pending does,
// and nothing in paykit sends a refund while it stands. It keeps its
// order refused until Commerce shows it closed (withdrawn, rejected) or
// applied again (an action_at after its last_errored_at); whether
// Commerce retries it by itself is UNCONFIRMED, so decide it in Commerce's
// console (retry the cancellation there, or close it), then verify again.
// Check the refund at the PG before you close one: a request closed
// (rejected, withdrawn) counts as nothing refunded, so closing one whose
// money DID go back makes Refunded understate the refund and lets a
// further cancellation ask for that money again.
func (r *CancellationRequest) Open() bool { return !r.Closed() && !r.Applied() }

// CancellationList is an order's cancellation requests, as
// OrderCancellationsService.List returns them.
type CancellationList []CancellationRequest

// Refunded sums the amounts of the applied requests (Applied):
// cancel_price, and cancel_tax_free_price as its tax-free part. An order
// carries no refunded amount of its own, so for one order's list this is
// how much of its price has been cancelled, and a further cancellation may
// ask for at most the price less it (Commerce refuses a request for more
// than remains). Like Applied, the sum may overstate the refund when a
// rejection is written under an unknown status; it never understates what
// the list shows.
//
// A list that cannot be summed — a request with a negative amount, or
// applied amounts beyond int64 — is never one List or ListFor returns
// (they refuse it as a *DecodeError). In a list built otherwise it reads
// as math.MaxInt64 for both sums, more than any price: a negative refund
// must not cancel out a real one, nor a wrapped sum read as little or
// nothing refunded, so such a list never lets an order pass as unrefunded
// nor asks for a further cancellation.
func (l CancellationList) Refunded() (price, taxFree int64) {
	price, taxFree, err := l.refunded()
	if err != nil {
		return math.MaxInt64, math.MaxInt64
	}
	return price, taxFree
}

// refunded is Refunded's sum (sum of the applied requests).
func (l CancellationList) refunded() (price, taxFree int64, err error) {
	return l.sum((*CancellationRequest).Applied, "applied")
}

// Pending sums the amounts of the open requests (Open): cancel_price,
// and cancel_tax_free_price as its tax-free part. It is what may still go
// back to the buyer on top of Refunded. An open request naming no amount
// adds nothing, so test for open requests with HasOpen, never with a sum
// above zero. A list that cannot be summed reads as math.MaxInt64 for
// both sums, as for Refunded.
func (l CancellationList) Pending() (price, taxFree int64) {
	price, taxFree, err := l.pending()
	if err != nil {
		return math.MaxInt64, math.MaxInt64
	}
	return price, taxFree
}

// HasOpen reports whether any of the requests is open (Open).
func (l CancellationList) HasOpen() bool {
	for i := range l {
		if l[i].Open() {
			return true
		}
	}
	return false
}

// pending is Pending's sum (sum of the open requests).
func (l CancellationList) pending() (price, taxFree int64, err error) {
	return l.sum((*CancellationRequest).Open, "open")
}

// sum adds up the amounts of the requests pick selects (what names them
// in the error), refusing a request with a negative amount (on any
// request: Commerce documents none) and a sum beyond int64.
func (l CancellationList) sum(pick func(*CancellationRequest) bool, what string) (price, taxFree int64, err error) {
	for i := range l {
		r := &l[i]
		p, tf := r.CancelPrice.Int64(), r.CancelTaxFreePrice.Int64()
		if p < 0 || tf < 0 {
			return 0, 0, fmt.Errorf("commerce: cancellation request %q names a negative amount (cancel_price %d, cancel_tax_free_price %d)",
				cmp.Or(r.CancelID, r.ID), p, tf)
		}
		if !pick(r) {
			continue
		}
		if p > math.MaxInt64-price || tf > math.MaxInt64-taxFree {
			return 0, 0, fmt.Errorf("commerce: the %s cancellation requests sum beyond int64", what)
		}
		price, taxFree = price+p, taxFree+tf
	}
	return price, taxFree, nil
}
