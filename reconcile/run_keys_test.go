package reconcile_test

import (
	"context"
	"iter"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// copyOf is the record of key "rk" in status, its source status set.
func copyOf(status reconcile.Status, cancelled int64) reconcile.Record {
	return reconcile.Record{Key: "rk", Amount: 10000, Cancelled: cancelled, Status: status, SourceStatus: "src-" + string(status), At: dayAt}
}

// A gateway's stream gives the same payment twice in one batch, first as
// it was (pending) and then as it is now (paid): a shifted page re-read
// after the payment was completed. The older, moneyless copy must not
// win: a payment paid by the time it was read again, and unknown to the
// merchant, is MissingAtMerchant.
func TestRunKeysRepeatedKeyKeepsTheMoneyTakingCopy(t *testing.T) {
	found := runDay(t, streamOf{copyOf(reconcile.StatusPending, 0), copyOf(reconcile.StatusPaid, 0)})
	require.Len(t, found, 1, "a payment seen paid on the second read is not reported")
	require.Equal(t, reconcile.MissingAtMerchant, found[0].Kind)
	require.Equal(t, reconcile.StatusPaid, found[0].Gateway.Status)
}

// Which copy of a repeated key is compared: the one that took money, else
// the later one, whatever else the batch holds between them; each key is
// compared once, and the merchant is asked about it once.
func TestRunKeysWhichCopyIsCompared(t *testing.T) {
	other := reconcile.Record{Key: "other", Amount: 500, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt}
	for _, tc := range []struct {
		name   string
		copies []reconcile.Record
		want   string // the SourceStatus of the compared copy
	}{
		{"paid, then pending", []reconcile.Record{copyOf(reconcile.StatusPaid, 0), copyOf(reconcile.StatusPending, 0)}, "src-paid"},
		{"pending, then paid", []reconcile.Record{copyOf(reconcile.StatusPending, 0), copyOf(reconcile.StatusPaid, 0)}, "src-paid"},
		{"failed, then unknown", []reconcile.Record{copyOf(reconcile.StatusFailed, 0), copyOf(reconcile.StatusUnknown, 0)}, "src-unknown"},
		{"paid, then partially cancelled", []reconcile.Record{copyOf(reconcile.StatusPaid, 0), copyOf(reconcile.StatusPartiallyCancelled, 3000)}, "src-partially_cancelled"},
		{"pending, then failed", []reconcile.Record{copyOf(reconcile.StatusPending, 0), copyOf(reconcile.StatusFailed, 0)}, "src-failed"},
		{"paid, pending, pending", []reconcile.Record{copyOf(reconcile.StatusPaid, 0), copyOf(reconcile.StatusPending, 0), copyOf(reconcile.StatusPending, 0)}, "src-paid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stream := append(slices.Clone(tc.copies[:1]), other)
			stream = append(stream, tc.copies[1:]...)
			// The merchant's record differs from every copy (its amount), so
			// the discrepancy carries the copy that was compared.
			merchant := reconcile.Record{Key: "rk", Amount: 1, Status: reconcile.StatusUnknown, SourceStatus: "?", At: dayAt}
			m := reconciletest.NewMemory(slices.Values([]reconcile.Record{merchant, other}))

			found := collect(t, reconcile.Run(ctx, streamOf(stream), m, day, reconcile.Options{}))

			require.NotEmpty(t, found)
			for _, d := range found {
				require.Equal(t, "rk", d.Key, "%v", d)
				require.Equal(t, tc.want, d.Gateway.SourceStatus, "%v", d)
			}
			require.Equal(t, []reconcile.Kind{reconcile.AmountDiffers, reconcile.StatusDiffers}, kindsOf(found), "compared once")
			calls, largest := m.FindCalls()
			require.Equal(t, 1, calls)
			require.Equal(t, 2, largest, "each key asked about once")
		})
	}
}

// otherKey is a gateway without a stream whose lookup answers every key
// with a paid payment of another key (a misrouted reply, a cache keyed
// wrongly, an adapter that matches on a second id).
type otherKey struct{ lookups atomic.Int64 }

func (*otherKey) Payments(context.Context, reconcile.Period) iter.Seq2[reconcile.Record, error] {
	return func(func(reconcile.Record, error) bool) {}
}

func (g *otherKey) Lookup(_ context.Context, key string) (reconcile.Record, bool, error) {
	g.lookups.Add(1)
	return reconcile.Record{Key: "someone-else", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "PAID", At: dayAt}, true, nil
}

// Pass 2 must not take a Lookup's found record as the answer for the key
// it asked about without checking its Key: the merchant's paid order,
// which the gateway does not have, would be compared with another payment
// of the same amount and reported as nothing. Such an answer is an error
// naming both keys, yielded once, and it ends the run.
func TestRunKeysLookupOfAnotherKeyIsNotAnAnswer(t *testing.T) {
	g := &otherKey{}
	got, runErr := drainDay(g, reconcile.Record{Key: "rk-mine", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt})

	require.True(t, runErr != nil || len(got) > 0, "a reply about another payment settled the merchant's order")
	require.Error(t, runErr)
	require.Empty(t, got, "nothing compared with another payment")
	require.ErrorContains(t, runErr, `"rk-mine"`)
	require.ErrorContains(t, runErr, `"someone-else"`)
	require.EqualValues(t, 1, g.lookups.Load())
}

// The check ends the run at the first such answer: no batch after it is
// looked up.
func TestRunKeysLookupOfAnotherKeyEndsTheRun(t *testing.T) {
	g := &otherKey{}
	var merchant []reconcile.Record
	for _, k := range []string{"rk-a", "rk-b", "rk-c", "rk-d", "rk-e"} {
		merchant = append(merchant, reconcile.Record{Key: k, Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt})
	}
	errs := 0
	for d, err := range reconcile.Run(ctx, g, reconciletest.NewMemory(slices.Values(merchant)), day, reconcile.Options{BatchSize: 1}) {
		require.Error(t, err, "no discrepancy from a foreign answer: %v", d)
		errs++
	}
	require.Equal(t, 1, errs)
	require.EqualValues(t, 1, g.lookups.Load(), "the run ended with the first batch")
}
