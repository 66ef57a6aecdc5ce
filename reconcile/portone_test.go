package reconcile_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

func newPortOne(t *testing.T) (*portonetest.Server, *portone.Client) {
	t.Helper()
	srv := portonetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()), portone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, c
}

// sandboxPortOne is the PortOne side over portonetest, whose only channel
// is a TEST channel: it opts in to test payments, as a run against a
// sandbox must.
func sandboxPortOne(c *portone.Client) *reconcile.PortOneGateway {
	g := reconcile.PortOne(c)
	g.AllowTest = true
	return g
}

// Every kind of discrepancy seeded on PortOne is reported once, with both
// sides' values, and nothing else; only lookups reach the sandbox.
func TestPortOneReportsEverySeededDiscrepancyOnce(t *testing.T) {
	srv, c := newPortOne(t)
	plan := reconciletest.Plan{N: 1200, Drift: everyKind(3)}
	reconciletest.SeedPortOne(srv, plan)
	merchant := reconciletest.NewMemory(plan.Merchant())

	found := collect(t, reconcile.Run(ctx, sandboxPortOne(c), merchant, plan.Period(), reconcile.Options{BatchSize: 100}))

	requireExactly(t, plan, found)
	requireBothSides(t, plan, found)
	calls, largest := merchant.FindCalls()
	require.Equal(t, 100, largest, "the merchant is asked in batches")
	require.GreaterOrEqual(t, calls, 11)
	for _, rq := range srv.Requests() {
		require.Equal(t, http.MethodGet, rq.Method, rq.Path)
	}
	st := srv.Stats()
	require.Equal(t, 2, st.Requests[portonetest.OpPaymentListByCursor], "1,200 payments in two pages of 1,000")
	// Pass 2 looks up only the merchant's records the stream did not have:
	// the seeded missing ones and the pending orders that never reached PortOne.
	require.Equal(t, 3+24, st.Requests[portonetest.OpPaymentGet])
}
