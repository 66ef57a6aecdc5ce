package reconcile_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

func newBootpay(t *testing.T) (*bootpaytest.Server, *bootpay.Client) {
	t.Helper()
	srv := bootpaytest.NewServer()
	t.Cleanup(srv.Close)
	c, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL(srv.URL()), bootpay.WithHTTPClient(srv.Client()),
		bootpay.WithRetryPolicy(bootpay.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: time.Second}))
	require.NoError(t, err)
	return srv, c
}

// bootpayDrift is every kind Bootpay PG can show: it has no list, so a
// payment the merchant never recorded cannot be found.
func bootpayDrift() map[reconcile.Kind]int {
	d := everyKind(2)
	delete(d, reconcile.MissingAtMerchant)
	return d
}

// Every kind of discrepancy Bootpay PG can show is reported once, with
// both sides' values, and nothing else: every merchant record is looked up
// once (a 429 on the way is waited out by the client's retries), and
// nothing is written.
func TestBootpayReportsEverySeededDiscrepancyOnce(t *testing.T) {
	srv, c := newBootpay(t)
	plan := reconciletest.Plan{N: 300, Drift: bootpayDrift()}
	reconciletest.SeedBootpay(srv, plan)
	merchant := reconciletest.NewMemory(plan.Merchant())
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.RateLimit("0"), 1)

	found := collect(t, reconcile.Run(ctx, reconcile.Bootpay(c), merchant, plan.Period(), reconcile.Options{BatchSize: 64, Concurrency: 8}))

	requireExactly(t, plan, found)
	requireBothSides(t, plan, found)
	st := srv.Stats()
	require.Equal(t, merchantRecords(plan)+1, st.Requests[bootpaytest.OpReceiptGet], "each merchant record looked up once, plus the retried 429")
	require.Zero(t, st.ConfirmsApplied+st.CancelsApplied)
	for _, rq := range srv.Requests() {
		require.Equal(t, http.MethodGet, rq.Method, rq.Path)
	}
	calls, _ := merchant.FindCalls()
	require.Zero(t, calls, "Bootpay PG has no stream to match")
}
