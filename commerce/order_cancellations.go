package commerce

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// OrderCancellationsService requests order cancellations and decides them
// (주문 취소 요청, 승인, 거절, 철회). Use it through Client.OrderCancellations.
type OrderCancellationsService struct{ c *Client }

// orderCancellationEndpoints are the operations of
// OrderCancellationsService.
//
// POST /order/cancel is Unsafe: Bootpay's SDKs send no Idempotency-Key
// with it and whether Commerce deduplicates its cancel_id is UNCONFIRMED,
// so it is never sent again once it may have reached Commerce. Its role
// is user, as Bootpay's endpoint list says (one audit saw manager needed,
// UNCONFIRMED: a refusal is a 403 that applied nothing). Bootpay's SDKs
// send the decisions an Idempotency-Key; Commerce's deduplication by it is
// UNCONFIRMED, so a decision stays Keyed (retried with the same key) only
// where repeating it cannot move money: withdraw and reject close one
// open request and refund nothing, so a repeat finds it closed. Approve
// refunds the order and is Unsafe: a repeat would be safe only if
// Commerce refuses a second approval of the same request, which is
// UNCONFIRMED. Approve and reject need the supervisor role.
var orderCancellationEndpoints = struct {
	request, list, withdraw, approve, reject transport.Endpoint
}{
	request:  transport.Endpoint{Op: "order_cancellations.request", Method: http.MethodPost, Route: "/order/cancel", Class: transport.Unsafe, Header: RoleUser.header()},
	list:     transport.Endpoint{Op: "order_cancellations.list", Method: http.MethodGet, Route: "/order/cancel", Class: transport.Safe, Header: RoleUser.header()},
	withdraw: transport.Endpoint{Op: "order_cancellations.withdraw", Method: http.MethodPut, Route: "/order/cancel/{order_cancellation_request_id}/withdraw", Class: transport.Keyed, Header: RoleUser.header()},
	approve:  transport.Endpoint{Op: "order_cancellations.approve", Method: http.MethodPut, Route: "/order/cancel/{order_cancellation_request_id}/approve", Class: transport.Unsafe, Header: RoleSupervisor.header()},
	reject:   transport.Endpoint{Op: "order_cancellations.reject", Method: http.MethodPut, Route: "/order/cancel/{order_cancellation_request_id}/reject", Class: transport.Keyed, Header: RoleSupervisor.header()},
}

// Request asks Commerce to cancel an order in full or in part (주문 취소
// 요청): POST /order/cancel. With Immediately the order is cancelled and
// refunded at once; otherwise the request waits for Approve or Reject.
//
// Commerce does not document deduplicating cancellation requests, so
// Request is never sent twice once it may have reached Commerce: a reset,
// a timeout, a 5xx, a cut body, or any refusal after such an attempt ends
// as an *OutcomeUnknownError carrying the order number and the cancel_id
// (CancelID, or the generated one). Look the order's requests up with
// List and find that cancel_id before asking again.
//
// The shape of Commerce's answer is UNCONFIRMED, so none of its fields is
// required; but an answer naming another order_number, another cancel_id
// or another cancel_price than the request's, or another
// cancel_tax_free_price than the one the request named, is not this
// request's answer, and ends as that *OutcomeUnknownError too, never as a
// request made: were Commerce to answer a repeated cancel_id with its
// first request (whether it deduplicates cancel_id is UNCONFIRMED), a
// second 부분취소 under a reused CancelID would otherwise be recorded as
// made and never sent. A tax-free part the request did not name is
// Commerce's to choose.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail
func (s *OrderCancellationsService) Request(ctx context.Context, p CancelRequestParams, opts ...RequestOption) (*CancellationRequest, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	cancelID := p.CancelID
	if cancelID == "" {
		cancelID = "paykit-" + transport.NewIdempotencyKey()
	}
	body := cancelRequestBody{OrderNumber: p.OrderNumber, IsSupervisor: p.AsSupervisor, Parameters: cancelRequestParams{
		CancelID: cancelID, CancelPrice: p.Price, CancelTaxFree: p.TaxFreePrice, Requester: p.Requester,
		Message: p.Message, Products: p.Products, Immediately: p.Immediately, Bills: p.Bills,
	}}
	out, res, err := transport.Send[CancellationRequest](ctx, s.c.t, &transport.Call{
		Endpoint: &orderCancellationEndpoints.request, Body: body, Reference: p.OrderNumber, IdempotencyKey: cancelID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if err := out.answers(&p, cancelID); err != nil {
		return nil, &OutcomeUnknownError{Gateway: "commerce", Op: orderCancellationEndpoints.request.Op,
			Reference: p.OrderNumber, IdempotencyKey: cancelID, Attempts: res.Attempts, Err: err}
	}
	return out, nil
}

// answers reports an answer to cancellation request p (sent under
// cancelID) that names another order, another cancel_id, another
// cancel_price, or another tax-free part than the one p named; an absent
// field (an amount of 0: p's are positive) is not held against it.
func (r *CancellationRequest) answers(p *CancelRequestParams, cancelID string) error {
	price, taxFree := r.CancelPrice.Int64(), r.CancelTaxFreePrice.Int64()
	if (r.OrderNumber == "" || r.OrderNumber == p.OrderNumber) && (r.CancelID == "" || r.CancelID == cancelID) &&
		(price == 0 || price == p.Price) && (taxFree == 0 || p.TaxFreePrice == 0 || taxFree == p.TaxFreePrice) {
		return nil
	}
	return fmt.Errorf("commerce: the answer names order %q, cancel_id %q, cancel_price %d (tax-free %d), not the request's %q, %q, %d (tax-free %d)",
		r.OrderNumber, r.CancelID, price, taxFree, p.OrderNumber, cancelID, p.Price, p.TaxFreePrice)
}

// List returns an order's cancellation requests, newest history
// included (주문 취소 요청 목록): GET /order/cancel?order_number=…, every
// page (page and limit are sent; whether Commerce pages this list is
// UNCONFIRMED). The shape of the answer is UNCONFIRMED; a JSON array,
// {list, count} and {items, total} all decode. Pages that repeat, or end
// before the count they report, are a *DecodeError rather than a partial
// list, and so is a list that cannot be summed: a request with a negative
// cancel_price or cancel_tax_free_price (Commerce documents none, and one
// would cancel out a real refund), or applied or open amounts whose sum
// exceeds int64. CancellationList.Refunded sums what its applied requests
// cancelled, CancellationList.Pending what its open ones may still
// cancel.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail
func (s *OrderCancellationsService) List(ctx context.Context, p CancellationListParams, opts ...RequestOption) (CancellationList, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out CancellationList
	err := s.pages(ctx, p, opts, func(r *CancellationRequest) bool { out = append(out, *r); return true })
	if errors.Is(err, errPagesInDoubt) {
		return nil, &DecodeError{Gateway: "commerce", Op: orderCancellationEndpoints.list.Op, Status: http.StatusOK, Err: err}
	}
	if err == nil {
		if _, _, err = out.refunded(); err == nil {
			_, _, err = out.pending()
		}
		if err != nil {
			err = &DecodeError{Gateway: "commerce", Op: orderCancellationEndpoints.list.Op, Status: http.StatusOK, Err: err}
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListFor returns order o's cancellation requests (List by its
// order_number, every page) and refuses, as a *DecodeError, a list that
// holds a request naming another order_number or order_id than o's:
// whether Commerce honours the order_number filter is UNCONFIRMED, and a
// list of the store's requests says nothing about o, so it must never be
// summed (CancellationList.Refunded) as o's refunds. A request naming no
// order is taken as o's. A nil o, or one without an order_number, is the
// caller's mistake: a *ValidationError, before any request. An
// order_number that no request can carry (white space around it, a
// control character: transport.CheckID's rule) is Commerce's data, not
// the caller's: the list is asked for by o's order_id instead, and when
// that cannot be sent either the call ends, before any request, with a
// *CancellationListError around a *DecodeError.
//
// o is an order Commerce returned, so every failure of the list is a
// *CancellationListError, which matches neither ErrNotFound nor any other
// category that reads as a verdict on o; errors.As still reaches the
// failure (*APIError, *DecodeError, …). That includes a 404 from the list
// with Commerce's own code (ORDER_CANCEL_REQUEST_NOT_FOUND, or a lagging
// replica's ORDER_NOT_FOUND): whether Commerce answers an order without
// cancellation requests so is UNCONFIRMED, and reading it as an empty
// list would take an order refunded in part for one refunded in nothing,
// or let Verify's CancelOnMismatch request a cancellation it had already
// made; the sandbox answers an empty list.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail
func (s *OrderCancellationsService) ListFor(ctx context.Context, o *Order, opts ...RequestOption) (CancellationList, error) {
	switch {
	case o == nil:
		return nil, &ValidationError{Gateway: "commerce", Field: "Order", Reason: "is nil"}
	case o.OrderNumber == "":
		return nil, &ValidationError{Gateway: "commerce", Field: "OrderNumber", Reason: "is empty"}
	}
	p, err := listParamsFor(o)
	var list CancellationList
	if err == nil {
		list, err = s.List(ctx, p, opts...)
	}
	if err == nil {
		err = list.of(o)
	}
	if err != nil {
		return nil, &CancellationListError{OrderNumber: o.OrderNumber, Err: err}
	}
	return list, nil
}

// listParamsFor names o's cancellation list by its order_number, or by
// its order_id when transport.CheckID refuses the number: o is an order
// Commerce returned, so an id neither can carry is a bad answer of
// Commerce's (a *DecodeError), never the caller's invalid request.
func listParamsFor(o *Order) (CancellationListParams, error) {
	for _, p := range []CancellationListParams{{OrderNumber: o.OrderNumber}, {OrderID: o.OrderID}} {
		if p.validate() == nil {
			return p, nil
		}
	}
	return CancellationListParams{}, &DecodeError{Gateway: "commerce", Op: orderCancellationEndpoints.list.Op, Status: http.StatusOK,
		Err: fmt.Errorf("commerce: order %q carries no order_number or order_id a request can name (order_id %q)", o.OrderNumber, o.OrderID)}
}

// of refuses, as a *DecodeError, a list holding a request that names
// another order than o.
func (l CancellationList) of(o *Order) error {
	for i := range l {
		if r := &l[i]; (r.OrderNumber != "" && r.OrderNumber != o.OrderNumber) || (r.OrderID != "" && r.OrderID != o.OrderID) {
			return &DecodeError{Gateway: "commerce", Op: orderCancellationEndpoints.list.Op, Status: http.StatusOK,
				Err: fmt.Errorf("commerce: the cancellation requests listed for order %s include one of order %s",
					o.OrderNumber, cmp.Or(r.OrderNumber, r.OrderID))}
		}
	}
	return nil
}

const (
	cancellationPageLimit = 50  // requests asked for per page
	maxCancellationPages  = 100 // more pages than this for one order: in doubt
)

// errPagesInDoubt reports a cancellation list that could not be read to
// its end with certainty.
var errPagesInDoubt = errors.New("commerce: the cancellation requests could not be read to the end (pages repeat, end before their count, or never end)")

// pages hands yield each of the order's cancellation requests, page after
// page, until yield returns false or the list ends. A list is in doubt
// (errPagesInDoubt) when a request comes back twice (a server ignoring
// the page would repeat the first one forever), when a page comes back
// empty before the reported count was reached, or when it runs past
// maxCancellationPages: a caller deciding that a request does not exist
// must not decide it from part of the list.
//
// It keeps its own loop rather than transport.Pages: whether Commerce
// pages this list is UNCONFIRMED, so a full page that reaches the count
// ends it here (transport.Pages follows every full page, and a server
// ignoring the page would repeat it, turning a complete list into
// errPagesInDoubt), and its callers tell errPagesInDoubt from every other
// error (find answers it with an *OutcomeUnknownError).
func (s *OrderCancellationsService) pages(ctx context.Context, p CancellationListParams, opts []RequestOption, yield func(*CancellationRequest) bool) error {
	seen := map[[2]string]bool{}
	read := int64(0)
	for page := 1; page <= maxCancellationPages; page++ {
		q := cancellationListQuery{OrderID: p.OrderID, OrderNumber: p.OrderNumber, Page: page, Limit: cancellationPageLimit}
		got, err := listPage[CancellationRequest](ctx, s.c, &orderCancellationEndpoints.list, q, opts)
		if err != nil {
			return err
		}
		for i := range got.Items {
			r := &got.Items[i]
			if id := [2]string{r.ID, r.CancelID}; id != [2]string{} {
				if seen[id] {
					return errPagesInDoubt
				}
				seen[id] = true
			}
			if !yield(r) {
				return nil
			}
		}
		read += int64(len(got.Items))
		switch {
		case len(got.Items) == 0 && read < got.Total:
			return errPagesInDoubt
		case len(got.Items) == 0, got.Total > 0 && read >= got.Total:
			return nil
		case got.Total == 0 && len(got.Items) < cancellationPageLimit:
			return nil
		}
	}
	return errPagesInDoubt
}

// Withdraw withdraws a cancellation request the buyer made (취소 요청 철회):
// PUT /order/cancel/{id}/withdraw with an empty object. It is Keyed: it
// refunds nothing, so a retry with the same Idempotency-Key cannot move
// money. An answer naming another request is an
// *OutcomeUnknownError carrying requestID, never that request.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail
func (s *OrderCancellationsService) Withdraw(ctx context.Context, requestID string, opts ...RequestOption) (*CancellationRequest, error) {
	return s.decide(ctx, &orderCancellationEndpoints.withdraw, requestID, "", opts)
}

// Approve approves a cancellation request (취소 승인), which cancels and
// refunds the order: PUT /order/cancel/{id}/approve with {message}. It
// needs the supervisor role, which the call sends. It is Unsafe: never
// sent again once it may have reached Commerce, so the refund is
// requested at most once per call; an unknown outcome is an
// *OutcomeUnknownError carrying requestID: look the order's requests up
// (List) before approving again. An answer naming another request is an
// *OutcomeUnknownError carrying requestID, never that request.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail
func (s *OrderCancellationsService) Approve(ctx context.Context, requestID, message string, opts ...RequestOption) (*CancellationRequest, error) {
	return s.decide(ctx, &orderCancellationEndpoints.approve, requestID, message, opts)
}

// Reject rejects a cancellation request (취소 거절): PUT
// /order/cancel/{id}/reject with {message}. It needs the supervisor role,
// which the call sends. It is Keyed: it refunds nothing, so a retry with
// the same Idempotency-Key cannot move money. An answer naming another
// request is an *OutcomeUnknownError carrying requestID, never that
// request.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail and
// https://developers.bootpay.co.kr/commerce/order/cancel/reject
func (s *OrderCancellationsService) Reject(ctx context.Context, requestID, message string, opts ...RequestOption) (*CancellationRequest, error) {
	return s.decide(ctx, &orderCancellationEndpoints.reject, requestID, message, opts)
}

// decide sends one decision on a cancellation request. An answer naming
// another request is an *OutcomeUnknownError carrying requestID (byID):
// the decision was applied to something, maybe to requestID; look the
// order's requests up (List).
func (s *OrderCancellationsService) decide(ctx context.Context, ep *transport.Endpoint, requestID, message string, opts []RequestOption) (*CancellationRequest, error) {
	return byID(ctx, s.c, ep, "requestID", "cancellation request", requestID, decisionBody{Message: message},
		func(r *CancellationRequest) string { return r.ID }, opts)
}
