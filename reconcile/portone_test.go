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

// Every kind of discrepancy seeded on PortOne is reported once, with both
// sides' values, and nothing else; only lookups reach the sandbox.
func TestPortOneReportsEverySeededDiscrepancyOnce(t *testing.T) {
	srv, c := newPortOne(t)
	plan := reconciletest.Plan{N: 1200, Drift: everyKind(3)}
	reconciletest.SeedPortOne(srv, plan)
	merchant := reconciletest.NewMemory(plan.Merchant())

	found := collect(t, reconcile.Run(ctx, reconcile.PortOne(c), merchant, plan.Period(), reconcile.Options{BatchSize: 100}))

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

// A 404 that is not PortOne's own PAYMENT_NOT_FOUND (a proxy's page, a
// route PortOne does not serve) proves nothing about a payment: the run
// ends with that error and reports no payment MissingAtGateway, although
// PortOne holds every one it was asked about, paid. PortOne's own 404 is
// "none": each payment it lacks is MissingAtGateway, and the others are
// compared.
func TestPortOneLookupTrustsOnlyPaymentNotFound(t *testing.T) {
	for name, body := range foreign404s {
		t.Run(name, func(t *testing.T) {
			srv, c := newPortOne(t)
			reconciletest.SeedPortOne(srv, lookupPlan)
			srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusNotFound, body), -1)

			err := requireEndsWithoutMissing(t, reconcile.Run(ctx, notStreaming{reconcile.PortOne(c)},
				reconciletest.NewMemory(lookupPlan.Merchant()), lookupPlan.Period(), reconcile.Options{}))

			var apiErr *portone.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, http.StatusNotFound, apiErr.StatusCode)
			require.Empty(t, apiErr.Type)
			require.Positive(t, srv.Stats().Requests[portonetest.OpPaymentGet])
		})
	}
	t.Run("PAYMENT_NOT_FOUND", func(t *testing.T) {
		srv, c := newPortOne(t)
		reconciletest.SeedPortOne(srv, lookupPlan)

		found := collect(t, reconcile.Run(ctx, notStreaming{reconcile.PortOne(c)},
			reconciletest.NewMemory(lookupPlan.Merchant()), lookupPlan.Period(), reconcile.Options{}))

		requireExactly(t, lookupPlan, found)
		require.Equal(t, merchantRecords(lookupPlan), srv.Stats().Requests[portonetest.OpPaymentGet], "every merchant record looked up once")
	})
}
