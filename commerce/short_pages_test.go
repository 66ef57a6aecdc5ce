package commerce_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// cappedOrdersBody is an order list page holding the paid orders numbered
// from..to-1, with the list's count.
func cappedOrdersBody(from, to, count int) string {
	var items []string
	for i := from; i < to; i++ {
		items = append(items, fmt.Sprintf(`{"order_id":"id-%03d","order_number":"capped-%03d","price":1000,"status":2,"receipt_status":1}`, i, i))
	}
	return fmt.Sprintf(`{"list":[%s],"count":%d}`, strings.Join(items, ","), count)
}

// readOrders ranges over Orders.All to its end, returning the order
// numbers read and the errors yielded.
func readOrders(t *testing.T, c *commerce.Client) (numbers []string, errs []error) {
	t.Helper()
	for o, err := range c.Orders.All(context.Background(), commerce.OrderListParams{ListPage: commerce.ListPage{Limit: commerce.MaxLimit}}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		require.Empty(t, errs, "an order after the error")
		numbers = append(numbers, o.OrderNumber)
	}
	return numbers, errs
}

// listPages returns the page numbers of the order list requests received.
func listPages(t *testing.T, srv *commercetest.Server) []string {
	t.Helper()
	var pages []string
	for _, r := range srv.Requests() {
		if r.Op == commercetest.OpOrderList {
			q, err := url.ParseQuery(r.RawQuery)
			require.NoError(t, err)
			assert.Equal(t, "50", q.Get("limit"))
			pages = append(pages, q.Get("page"))
		}
	}
	return pages
}

// The review's proof (review 12): Commerce documents a default of 20
// orders per page and no maximum we can confirm. Asked for 50 and serving
// 20 with a count of 120, the first page is not the end: Orders.All
// follows the pages until the 120 orders the count promises are read,
// where it used to stop after 20 without an error (and a reconciliation
// over it reported the period clean). The two full pages after it are
// followed as ever; the empty fourth page ends the list, the count reached.
func TestOrdersAllShortPageAgainstCountIsNotTheEnd(t *testing.T) {
	srv, c := newSandbox(t)
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, cappedOrdersBody(0, 20, 120)), 1)
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, cappedOrdersBody(20, 70, 120)), 1)
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, cappedOrdersBody(70, 120, 120)), 1)
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, cappedOrdersBody(0, 0, 120)), 1)

	numbers, errs := readOrders(t, c)
	assert.Empty(t, errs, "the empty page comes after the 120 counted")
	require.Len(t, numbers, 120, "every order the count promises")
	assert.Equal(t, "capped-000", numbers[0])
	assert.Equal(t, "capped-119", numbers[119])
	assert.Equal(t, []string{"1", "2", "3", "4"}, listPages(t, srv))
	assert.Equal(t, 4, srv.Stats().Requests[commercetest.OpOrderList])
}

// A page that comes back empty while fewer orders than the count were
// read is not the end of the list either: the orders read are yielded,
// then one *commerce.DecodeError of orders.list, so that a caller never
// takes part of the list for all of it.
func TestOrdersAllEmptyPageBeforeTheCountIsADecodeError(t *testing.T) {
	srv, c := newSandbox(t)
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, cappedOrdersBody(0, 20, 120)), 1)
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, cappedOrdersBody(0, 0, 120)), 1)

	numbers, errs := readOrders(t, c)
	assert.Len(t, numbers, 20, "the orders read come before the error")
	require.Len(t, errs, 1)
	var derr *commerce.DecodeError
	require.True(t, errors.As(errs[0], &derr), "%T %v", errs[0], errs[0])
	assert.Equal(t, "orders.list", derr.Op)
	assert.Contains(t, derr.Error(), "before the list's count of 120")
	assert.Equal(t, []string{"1", "2"}, listPages(t, srv))
}

// A short page that reaches the count ends the list, on the sandbox's
// own pages: 7 orders in pages of 50 take one request.
func TestOrdersAllShortPageReachingTheCountEnds(t *testing.T) {
	srv, c := newSandbox(t)
	for range 7 {
		srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
	}
	numbers, errs := readOrders(t, c)
	assert.Empty(t, errs)
	assert.Len(t, numbers, 7)
	assert.Equal(t, []string{"1"}, listPages(t, srv))
}
