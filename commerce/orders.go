package commerce

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// OrdersService looks orders up, lists them and verifies a checkout. Use
// it through Client.Orders.
type OrdersService struct{ c *Client }

// orderEndpoints are the operations of OrdersService. The month view is
// declared before the lookup so that its literal path is never read as an
// order id.
var orderEndpoints = struct {
	get, list, month transport.Endpoint
}{
	get:   transport.Endpoint{Op: "orders.get", Method: http.MethodGet, Route: "/orders/{order_id}", Class: transport.Safe, Header: RoleUser.header()},
	list:  transport.Endpoint{Op: "orders.list", Method: http.MethodGet, Route: "/orders", Class: transport.Safe, Header: RoleUser.header()},
	month: transport.Endpoint{Op: "orders.month", Method: http.MethodGet, Route: "/orders/month", Class: transport.Safe, Header: RoleUser.header()},
}

// Get looks an order up by its order number (the order_number the
// checkout redirect carries) or its order id: GET /orders/{order_id}. Use
// Verify to check a checkout before fulfilling it.
//
// A reply that describes another order (neither its order_id nor its
// order_number is the one asked for: a misrouting proxy, a wrongly keyed
// cache) is a *DecodeError naming both, never that other order, and so is
// a reply without order_id, order_number, price or status: a bad reply,
// not a verdict on the order asked for, so it is neither ErrNotFound nor a
// *MismatchError. It is not retried; look the order up again. A missing
// order matches ErrNotFound.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/detail
func (s *OrdersService) Get(ctx context.Context, orderNumberOrID string, opts ...RequestOption) (*Order, error) {
	if orderNumberOrID == "month" {
		return nil, &ValidationError{Gateway: "commerce", Field: "orderNumberOrID", Reason: `"month" names the monthly view, not an order`}
	}
	o, res, err := transport.Send[Order](ctx, s.c.t, &transport.Call{Endpoint: &orderEndpoints.get,
		Args: arg("orderNumberOrID", orderNumberOrID), Reference: orderNumberOrID}, opts...)
	if err != nil {
		return nil, err
	}
	if o.OrderID != orderNumberOrID && o.OrderNumber != orderNumberOrID {
		return nil, otherObject(orderEndpoints.get.Op, res.StatusCode, "order", o.OrderNumber, orderNumberOrID)
	}
	return o, nil
}

// List returns one page of the orders matching p (주문 목록): GET /orders.
// Pages are 1-based, 20 orders by default, at most MaxLimit. Empty filters
// are not sent; list filters are sent comma-joined. Commerce answers
// {list, count}, or {items, total} as some typings say: both decode.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/list
func (s *OrdersService) List(ctx context.Context, p OrderListParams, opts ...RequestOption) (*Page[Order], error) {
	return pageOf[Order](ctx, s.c, &orderEndpoints.list, &p, defaultOrderLimit, opts)
}

// All iterates over every order matching p from p.Page on, fetching pages
// lazily (transport.Pages) until one is shorter than the page size and
// the orders read reach the list's count (or Commerce reports none): a
// page Commerce caps below the limit asked for is not the end. A page that
// comes back empty before the count is reached ends the iteration with a
// *DecodeError after the orders read, so that a reconciliation never takes
// part of the list for all of it. Breaking out of the loop stops fetching;
// an error is yielded once, with a nil order, and ends the iteration. Each
// range starts afresh.
//
//	for o, err := range client.Orders.All(ctx, commerce.OrderListParams{Statuses: []commerce.OrderStatus{commerce.OrderPaid}}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(o.OrderNumber, o.Price)
//	}
//
// Commerce API docs: https://commerce.bootpay.ai/orders/list
func (s *OrdersService) All(ctx context.Context, p OrderListParams, opts ...RequestOption) iter.Seq2[*Order, error] {
	return everyPage[Order](ctx, s.c, &orderEndpoints.list, &p, defaultOrderLimit, opts)
}

// Month returns a user group's orders of one month, the aggregate billing
// view (월별 주문, 합산 청구): GET /orders/month?user_group_id=…&search_date=YYYY-MM.
// The shape of its answer is UNCONFIRMED (Bootpay's SDKs leave it
// untyped); it is decoded as an order list, {list, count} or
// {items, total}.
//
// Commerce API docs: https://commerce.bootpay.ai/orders/list
func (s *OrdersService) Month(ctx context.Context, p OrderMonthParams, opts ...RequestOption) (*Page[Order], error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	q := orderMonthQuery{UserGroupID: p.UserGroupID, SearchDate: fmt.Sprintf("%04d-%02d", p.Year, int(p.Month))}
	return listPage[Order](ctx, s.c, &orderEndpoints.month, q, opts)
}

// listPage fetches one page of a list endpoint whose query is q, a
// go-querystring struct.
func listPage[T any](ctx context.Context, c *Client, ep *transport.Endpoint, q any, opts []RequestOption) (*Page[T], error) {
	v, err := encodeQuery(q)
	if err != nil {
		return nil, err
	}
	out, _, err := transport.Send[Page[T]](ctx, c.t, &transport.Call{Endpoint: ep, Query: v}, opts...)
	return out, err
}

// allPages is the All method of every page-based list: it walks the pages
// of ep from first on lazily (transport.Pages), fetch getting one page.
// Each page's Total is passed on, so that a page shorter than limit ends
// the list only when Commerce counts no more: Commerce documents a default
// of 20 per page and no maximum, and a page capped below limit is not the
// end of the list.
func allPages[T any](ctx context.Context, c *Client, ep *transport.Endpoint, first, limit int,
	fetch func(n int) (*Page[T], error)) iter.Seq2[*T, error] {
	return transport.Pages(ctx, c.t, ep, 1, first, limit, func(n int) ([]*T, int64, error) {
		page, err := fetch(n)
		if err != nil {
			return nil, 0, err
		}
		out := make([]*T, len(page.Items))
		for i := range page.Items {
			out[i] = &page.Items[i]
		}
		return out, page.Total, nil
	})
}
