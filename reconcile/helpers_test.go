package reconcile_test

import (
	"context"
	"iter"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// everyKind is a plan's Drift with n discrepancies of every kind.
func everyKind(n int) map[reconcile.Kind]int {
	out := map[reconcile.Kind]int{}
	for _, k := range reconciletest.Kinds {
		out[k] = n
	}
	return out
}

// collect runs the iteration to its end, failing the test on an error.
func collect(t *testing.T, seq iter.Seq2[reconcile.Discrepancy, error]) []reconcile.Discrepancy {
	t.Helper()
	var out []reconcile.Discrepancy
	for d, err := range seq {
		require.NoError(t, err)
		out = append(out, d)
	}
	return out
}

// requireExactly fails unless found holds every seeded discrepancy of the
// plan exactly once and nothing else.
func requireExactly(t *testing.T, plan reconciletest.Plan, found []reconcile.Discrepancy) {
	t.Helper()
	got := make([]reconciletest.Expectation, len(found))
	for i, d := range found {
		got[i] = reconciletest.Expectation{Key: d.Key, Kind: d.Kind}
	}
	slices.SortFunc(got, func(a, b reconciletest.Expectation) int { return strings.Compare(a.Key, b.Key) })
	want := plan.Expected()
	require.NotEmpty(t, want)
	require.Equal(t, want, got)
}

// requireBothSides checks the values each discrepancy carries against the
// plan's records.
func requireBothSides(t *testing.T, plan reconciletest.Plan, found []reconcile.Discrepancy) {
	t.Helper()
	byKey := map[string]reconciletest.Pair{}
	for pr := range plan.Pairs() {
		if pr.Drift != "" {
			byKey[keyOf(pr)] = pr
		}
	}
	for _, d := range found {
		pr, ok := byKey[d.Key]
		require.True(t, ok, d.Key)
		if pr.Gateway == nil {
			require.Nil(t, d.Gateway, d.String())
		} else {
			require.NotNil(t, d.Gateway, d.String())
			require.Equal(t, pr.Gateway.Amount, d.Gateway.Amount, d.String())
			require.Equal(t, pr.Gateway.Status, d.Gateway.Status, d.String())
			require.NotEmpty(t, d.Gateway.SourceStatus)
		}
		if pr.Merchant == nil {
			require.Nil(t, d.Merchant, d.String())
		} else {
			require.NotNil(t, d.Merchant, d.String())
			require.Equal(t, *pr.Merchant, *d.Merchant, d.String())
		}
		if d.Kind == reconcile.CancelledDiffers {
			require.Equal(t, pr.Gateway.Cancelled, d.Gateway.Cancelled)
			require.NotEqual(t, d.Gateway.Cancelled, d.Merchant.Cancelled)
		}
	}
}

func keyOf(pr reconciletest.Pair) string {
	if pr.Gateway != nil {
		return pr.Gateway.Key
	}
	return pr.Merchant.Key
}

var ctx = context.Background()

// notStreaming hides a gateway's stream, so that every merchant record of
// the period reaches Lookup, the payments the gateway holds included.
type notStreaming struct{ reconcile.Gateway }

func (notStreaming) Payments(context.Context, reconcile.Period) iter.Seq2[reconcile.Record, error] {
	return func(func(reconcile.Record, error) bool) {}
}

// foreign404s are 404 answers that are not a gateway's own "no such
// payment": a proxy's or load balancer's page, and an API gateway's JSON
// for a route it does not serve (a wrong base URL, a stale route).
var foreign404s = map[string]string{
	"proxy HTML page":    "<html><body><h1>404 Not Found</h1><hr>nginx</body></html>",
	"unknown route JSON": `{"message":"no Route matched with those values"}`,
}

// lookupPlan is a plan whose merchant records each reach a lookup under
// notStreaming: two the gateway lacks, one whose amount differs, and the
// rest identical on both sides.
var lookupPlan = reconciletest.Plan{N: 30, Drift: map[reconcile.Kind]int{reconcile.MissingAtGateway: 2, reconcile.AmountDiffers: 1}}

// requireEndsWithoutMissing ranges seq to its end and requires one error
// and no MissingAtGateway before it; it returns the error.
func requireEndsWithoutMissing(t *testing.T, seq iter.Seq2[reconcile.Discrepancy, error]) error {
	t.Helper()
	var got error
	for d, err := range seq {
		if err != nil {
			require.NoError(t, got, "a second error after %v", got)
			got = err
			continue
		}
		require.NotEqual(t, reconcile.MissingAtGateway, d.Kind, "a 404 that proves nothing reported as %v", d)
	}
	require.Error(t, got, "the run ended without an error")
	return got
}

// merchantRecords counts the plan's merchant records.
func merchantRecords(plan reconciletest.Plan) int {
	n := 0
	for range plan.Merchant() {
		n++
	}
	return n
}

// lookupSide is one gateway's sandbox holding lookupPlan's gateway side.
type lookupSide struct {
	gateway reconcile.Gateway                                       // every merchant record reaches its Lookup
	fail404 func(body string)                                       // every lookup from now on answers 404 with body
	lookups func() int                                              // the lookups the sandbox has served
	apiErr  func(t *testing.T, err error) (status int, code string) // err's *APIError (required), its status and gateway code
}

// lookupGateways are the three gateways' lookups, each under its old
// test's name and with the gateway's own "no such payment" code.
var lookupGateways = []struct {
	name, notFound string
	start          func(t *testing.T) lookupSide
}{
	{"TestPortOneLookupTrustsOnlyPaymentNotFound", "PAYMENT_NOT_FOUND", func(t *testing.T) lookupSide {
		srv, c := newPortOne(t)
		reconciletest.SeedPortOne(srv, lookupPlan)
		return lookupSide{
			gateway: notStreaming{sandboxPortOne(c)},
			fail404: func(body string) {
				srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusNotFound, body), -1)
			},
			lookups: func() int { return srv.Stats().Requests[portonetest.OpPaymentGet] },
			apiErr: func(t *testing.T, err error) (int, string) {
				var apiErr *portone.APIError
				require.ErrorAs(t, err, &apiErr)
				return apiErr.StatusCode, string(apiErr.Type)
			},
		}
	}},
	{"TestCommerceLookupTrustsOnlyOrderNotFound", "ORDER_NOT_FOUND", func(t *testing.T) lookupSide {
		srv, c := newCommerce(t)
		reconciletest.SeedCommerce(srv, lookupPlan)
		return lookupSide{
			gateway: notStreaming{reconcile.Commerce(c)},
			fail404: func(body string) {
				srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusNotFound, body), -1)
			},
			lookups: func() int { return srv.Stats().Requests[commercetest.OpOrderGet] },
			apiErr: func(t *testing.T, err error) (int, string) {
				var apiErr *commerce.APIError
				require.ErrorAs(t, err, &apiErr)
				return apiErr.StatusCode, string(apiErr.Code)
			},
		}
	}},
	{"TestBootpayLookupTrustsOnlyReceiptNotFound", "RC_NOT_FOUND", func(t *testing.T) lookupSide {
		srv, c := newBootpay(t)
		reconciletest.SeedBootpay(srv, lookupPlan)
		return lookupSide{
			gateway: reconcile.Bootpay(c), // Bootpay PG has no stream: every record is looked up
			fail404: func(body string) {
				srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusNotFound, body), -1)
			},
			lookups: func() int { return srv.Stats().Requests[bootpaytest.OpReceiptGet] },
			apiErr: func(t *testing.T, err error) (int, string) {
				var apiErr *bootpay.APIError
				require.ErrorAs(t, err, &apiErr)
				return apiErr.StatusCode, string(apiErr.Code)
			},
		}
	}},
}

// A 404 that is not the gateway's own "no such payment" (PortOne's
// PAYMENT_NOT_FOUND, Commerce's ORDER_NOT_FOUND, Bootpay's RC_NOT_FOUND)
// — a proxy's page, a route the gateway does not serve — proves nothing
// about a payment: the run ends with that error and reports no payment
// MissingAtGateway, although the gateway holds every one it was asked
// about, paid. The gateway's own 404 is "none": each payment it lacks is
// MissingAtGateway, and the others are compared.
func TestLookupTrustsOnlyTheGatewaysOwnNotFound(t *testing.T) {
	for _, gw := range lookupGateways {
		t.Run(gw.name, func(t *testing.T) {
			for name, body := range foreign404s {
				t.Run(name, func(t *testing.T) {
					side := gw.start(t)
					side.fail404(body)

					err := requireEndsWithoutMissing(t, reconcile.Run(ctx, side.gateway,
						reconciletest.NewMemory(lookupPlan.Merchant()), lookupPlan.Period(), reconcile.Options{}))

					status, code := side.apiErr(t, err)
					require.Equal(t, http.StatusNotFound, status)
					require.Empty(t, code)
					require.Positive(t, side.lookups())
				})
			}
			t.Run(gw.notFound, func(t *testing.T) {
				side := gw.start(t)

				found := collect(t, reconcile.Run(ctx, side.gateway,
					reconciletest.NewMemory(lookupPlan.Merchant()), lookupPlan.Period(), reconcile.Options{}))

				requireExactly(t, lookupPlan, found)
				require.Equal(t, merchantRecords(lookupPlan), side.lookups(), "every merchant record looked up once")
			})
		})
	}
}
