package reconcile_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

func newCommerce(t *testing.T) (*commercetest.Server, *commerce.Client) {
	t.Helper()
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, c
}

// Every kind of discrepancy seeded on Commerce is reported once, with
// both sides' values, and nothing else: orders outside the period are
// left out, partial cancels the order list cannot show are not reported,
// and nothing is written.
func TestCommerceReportsEverySeededDiscrepancyOnce(t *testing.T) {
	srv, c := newCommerce(t)
	plan := reconciletest.Plan{N: 400, Drift: everyKind(2)}
	seeded := reconciletest.SeedCommerce(srv, plan)
	for range 3 { // paid orders created now, outside the plan's period
		srv.CreateOrder(commercetest.OrderSpec{Price: 5000})
	}
	merchant := reconciletest.NewMemory(plan.Merchant())

	found := collect(t, reconcile.Run(ctx, reconcile.Commerce(c), merchant, plan.Period(), reconcile.Options{BatchSize: 50}))

	requireExactly(t, plan, found)
	requireBothSides(t, plan, found)
	st := srv.Stats()
	require.Equal(t, (seeded+3)/50+1, st.Requests[commercetest.OpOrderList], "every order in pages of 50, read once")
	for _, rq := range srv.Requests() {
		require.Equal(t, http.MethodGet, rq.Method, rq.Path)
	}
}

// The Commerce list is newest first and paged by number: an order created
// while the run reads it pushes the last order of a page onto the next
// page, and that order is compared once, not twice.
func TestCommerceSkipsAnOrderAShiftedPageRepeats(t *testing.T) {
	srv, c := newCommerce(t)
	plan := reconciletest.Plan{N: 120, Drift: map[reconcile.Kind]int{reconcile.AmountDiffers: 120}}
	reconciletest.SeedCommerce(srv, plan)
	merchant := reconciletest.NewMemory(plan.Merchant())
	g := reconcile.Commerce(c)

	var keys []string
	for r, err := range g.Payments(ctx, plan.Period()) {
		require.NoError(t, err)
		keys = append(keys, r.Key)
		if len(keys) == 50 { // after the first page, a new order arrives
			srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
		}
	}
	require.Len(t, keys, 120)
	seen := map[string]bool{}
	for _, k := range keys {
		require.False(t, seen[k], "%s twice", k)
		seen[k] = true
	}
	found := collect(t, reconcile.Run(ctx, g, merchant, plan.Period(), reconcile.Options{}))
	require.Len(t, found, 120)
}

// TestCommercePaymentsRangesTwice: the stream Payments returns is an
// iter.Seq2 like any other: ranging it a second time reads the list again
// and yields the same orders (its dedupe window is made per range, not
// shared by every range of the stream, which would leave a silent gap).
func TestCommercePaymentsRangesTwice(t *testing.T) {
	srv, c := newCommerce(t)
	plan := reconciletest.Plan{N: 30}
	seeded := reconciletest.SeedCommerce(srv, plan)
	require.Positive(t, seeded)
	payments := reconcile.Commerce(c).Payments(ctx, plan.Period())

	keys := func() []string {
		var ks []string
		for r, err := range payments {
			require.NoError(t, err)
			ks = append(ks, r.Key)
		}
		return ks
	}
	first := keys()
	require.Len(t, first, seeded)
	require.Equal(t, first, keys(), "the second range of the same stream yields the same orders")
}
