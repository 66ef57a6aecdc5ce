package commerce

import (
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// SubscriptionBillsService lists and looks up the bills of subscriptions
// (구독 청구, order_subscription_bills). Use it through
// Client.SubscriptionBills.
type SubscriptionBillsService struct{ c *Client }

// subscriptionBillEndpoints are the operations of
// SubscriptionBillsService: lookups, role user, Safe.
var subscriptionBillEndpoints = struct {
	list, get transport.Endpoint
}{
	list: transport.Endpoint{Op: "subscription_bills.list", Method: http.MethodGet, Route: "/order_subscription_bills", Class: transport.Safe, Header: RoleUser.header()},
	get:  transport.Endpoint{Op: "subscription_bills.get", Method: http.MethodGet, Route: "/order_subscription_bills/{order_subscription_bill_id}", Class: transport.Safe, Header: RoleUser.header()},
}

const defaultBillLimit = 20

// List returns one page of bills (청구 목록): GET /order_subscription_bills.
// Statuses are sent comma-joined; empty filters are not sent. Both list
// shapes decode.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionBillsService) List(ctx context.Context, p BillListParams, opts ...RequestOption) (*Page[Bill], error) {
	return pageOf[Bill](ctx, s.c, &subscriptionBillEndpoints.list, &p, defaultBillLimit, opts)
}

// All iterates over every bill matching p, fetching pages lazily; breaking
// out of the loop stops fetching.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionBillsService) All(ctx context.Context, p BillListParams, opts ...RequestOption) iter.Seq2[*Bill, error] {
	return everyPage[Bill](ctx, s.c, &subscriptionBillEndpoints.list, &p, defaultBillLimit, opts)
}

// Get looks a bill up: GET /order_subscription_bills/{id}. A missing one
// matches ErrNotFound; a 2xx reply naming another
// order_subscription_bill_id is a *DecodeError, never that bill: a bad
// reply, so look again.
//
// Commerce API docs: https://commerce.bootpay.ai/subscription/plan/contract
func (s *SubscriptionBillsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Bill, error) {
	return lookup(ctx, s.c, &subscriptionBillEndpoints.get, "id", "bill", id,
		func(b *Bill) string { return b.OrderSubscriptionBillID }, opts)
}
