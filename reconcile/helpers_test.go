package reconcile_test

import (
	"context"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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

// merchantRecords counts the plan's merchant records.
func merchantRecords(plan reconciletest.Plan) int {
	n := 0
	for range plan.Merchant() {
		n++
	}
	return n
}
