package reconcile_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// heldPage is a Commerce order list page of the given items with the
// list's count.
func heldPage(count int, items ...string) string {
	return fmt.Sprintf(`{"list":[%s],"count":%d}`, strings.Join(items, ","), count)
}

// injectPages serves bodies, in order, as the next order list replies.
func injectPages(srv *commercetest.Server, bodies ...string) {
	for _, body := range bodies {
		srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, body), 1)
	}
}

// waitingPage is a full page (50) of orders awaiting payment, numbered
// from first, with the list's count; last, when not "", replaces the
// page's last order number.
func waitingPage(first, count int, last string) string {
	items := make([]string, 0, commerce.MaxLimit)
	for i := range commerce.MaxLimit {
		number := fmt.Sprintf("wait-%03d", first+i)
		if i == commerce.MaxLimit-1 && last != "" {
			number = last
		}
		items = append(items, listedOrder(number, commerce.OrderReady, commerce.ReceiptReady))
	}
	return heldPage(count, items...)
}

// With the default options a batch (500) is ten Commerce pages (50), so a
// page shift at page 11 puts two copies of an order exactly across the
// batch boundary: order rep-1, read pending as the last item of page 10,
// is paid (the merchant records it from its webhook) and a new order
// shifts it onto page 11, where it is read paid. Both sides hold the order
// paid. Before the adapter held back its last page, both copies reached
// Run, in different batches, and the stale pending one was reported
// StatusDiffers "gateway pending, merchant paid" — goods shipped, no money
// — for a payment Commerce holds.
func TestCommerceStalePendingCopyInAnEarlierBatchIsNoDiscrepancy(t *testing.T) {
	srv, c := newCommerce(t)
	for page := range 10 {
		last := ""
		if page == 9 {
			last = "rep-1"
		}
		// Orders awaiting payment the merchant never recorded: no
		// discrepancy.
		injectPages(srv, waitingPage(page*50, 501, last))
	}
	injectPages(srv, heldPage(501, listedOrder("rep-1", commerce.OrderPaid, commerce.ReceiptPaid)))
	merchant := reconcile.Record{Key: "rep-1", Amount: 1000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: cappedAt}
	memory := reconciletest.NewMemory(slices.Values([]reconcile.Record{merchant}))

	found := collect(t, reconcile.Run(ctx, reconcile.Commerce(c), memory, cappedPeriod, reconcile.Options{}))

	require.Equal(t, 11, srv.Stats().Requests[commercetest.OpOrderList], "every page was read")
	for _, d := range found {
		t.Logf("reported: %v", d)
	}
	assert.Empty(t, found, "an order both sides hold paid is reported from its stale pending copy")
	calls, largest := memory.FindCalls()
	assert.Equal(t, 1, calls, "the list's 500 orders, rep-1 once, are one batch")
	assert.Equal(t, 500, largest)
}

// A shifted page repeats an order within the page held back: the stream
// yields the order once, where it was first read, in the copy that took
// money, or in the later copy when both or neither did (as Run's
// pickCopies chooses within a batch).
func TestCommerceRereadCopyReplacesItsHeldCopy(t *testing.T) {
	for name, tc := range map[string]struct {
		first, again [2]int // order status, receipt status
		want         reconcile.Status
		source       string // the copy's SourceStatus
	}{
		"pending, then paid":    {[2]int{0, 0}, [2]int{2, 1}, reconcile.StatusPaid, "2/1"},
		"paid, then pending":    {[2]int{2, 1}, [2]int{0, 0}, reconcile.StatusPaid, "2/1"},
		"paid, then cancelled":  {[2]int{2, 1}, [2]int{10, 20}, reconcile.StatusCancelled, "10/20"},
		"pending, then failed":  {[2]int{0, 0}, [2]int{0, -2}, reconcile.StatusFailed, "0/-2"},
		"pending, then pending": {[2]int{0, 0}, [2]int{1, 5}, reconcile.StatusPending, "1/5"},
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := newCommerce(t)
			order := func(number string, st [2]int) string {
				return listedOrder(number, commerce.OrderStatus(st[0]), commerce.ReceiptStatus(st[1]))
			}
			page1 := []string{order("a", [2]int{2, 1})}
			for i := range commerce.MaxLimit - 2 {
				page1 = append(page1, order(fmt.Sprintf("p1-%02d", i), [2]int{2, 1}))
			}
			page1 = append(page1, order("rep-1", tc.first))
			injectPages(srv, heldPage(52, page1...), heldPage(52, order("rep-1", tc.again), order("b", [2]int{2, 1}), order("c", [2]int{2, 1})))

			var got []reconcile.Record
			for r, err := range reconcile.Commerce(c).Payments(ctx, cappedPeriod) {
				require.NoError(t, err)
				got = append(got, r)
			}

			require.Equal(t, 2, srv.Stats().Requests[commercetest.OpOrderList])
			require.Len(t, got, 52, "rep-1 reaches Run once")
			assert.Equal(t, "a", got[0].Key)
			assert.Equal(t, "rep-1", got[49].Key, "in the place it was first read")
			assert.Equal(t, tc.want, got[49].Status)
			assert.Equal(t, tc.source, got[49].SourceStatus)
			assert.Equal(t, []string{"b", "c"}, []string{got[50].Key, got[51].Key})
		})
	}
}

// The adapter holds back one page of records, no more: the first record
// is yielded once the second page is read, not after the whole list.
func TestCommerceHoldsBackOnePage(t *testing.T) {
	srv, c := newCommerce(t)
	injectPages(srv, waitingPage(0, 150, ""), waitingPage(50, 150, ""), waitingPage(100, 150, ""))

	var keys []string
	for r, err := range reconcile.Commerce(c).Payments(ctx, cappedPeriod) {
		require.NoError(t, err)
		if len(keys) == 0 {
			assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpOrderList], "pages read when the first order is yielded")
		}
		keys = append(keys, r.Key)
	}

	require.Len(t, keys, 150)
	for i, k := range keys {
		require.Equal(t, fmt.Sprintf("wait-%03d", i), k, "the list's order is kept")
	}
}

// The records held back when a page fails are yielded before the error,
// as transport.Pages yields a page's items before its error: a caller
// ranging Payments itself sees every order read.
func TestCommerceHeldRecordsComeBeforeAnError(t *testing.T) {
	srv, c := newCommerce(t)
	injectPages(srv, waitingPage(0, 120, ""))
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusBadRequest, `{"message":"bad request"}`), 1)

	var keys []string
	var errs []error
	for r, err := range reconcile.Commerce(c).Payments(ctx, cappedPeriod) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		require.Empty(t, errs, "a record after the error")
		keys = append(keys, r.Key)
	}

	require.Len(t, errs, 1)
	assert.Len(t, keys, 50, "the held page was lost with the error")
}
