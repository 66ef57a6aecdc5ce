package reconcile_test

import (
	"context"
	"errors"
	"iter"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// fakeGateway serves a plan's gateway side from memory and counts what it
// was asked.
type fakeGateway struct {
	stream   []reconcile.Record
	byKey    map[string]reconcile.Record
	streamed atomic.Int64
	lookups  atomic.Int64
	inFlight atomic.Int64
	maxIn    atomic.Int64
	failKey  string
	delay    time.Duration
}

func newFakeGateway(records iter.Seq[reconcile.Record]) *fakeGateway {
	g := &fakeGateway{byKey: map[string]reconcile.Record{}}
	for r := range records {
		g.stream = append(g.stream, r)
		g.byKey[r.Key] = r
	}
	return g
}

func (g *fakeGateway) Payments(ctx context.Context, _ reconcile.Period) iter.Seq2[reconcile.Record, error] {
	return func(yield func(reconcile.Record, error) bool) {
		for _, r := range g.stream {
			g.streamed.Add(1)
			if !yield(r, nil) {
				return
			}
		}
	}
}

func (g *fakeGateway) Lookup(ctx context.Context, key string) (reconcile.Record, bool, error) {
	n := g.inFlight.Add(1)
	defer g.inFlight.Add(-1)
	for {
		m := g.maxIn.Load()
		if n <= m || g.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	g.lookups.Add(1)
	select {
	case <-time.After(g.delay):
	case <-ctx.Done():
		return reconcile.Record{}, false, ctx.Err()
	}
	if key == g.failKey {
		return reconcile.Record{}, false, errBoom
	}
	r, ok := g.byKey[key]
	return r, ok, nil
}

var errBoom = errors.New("boom")

// The lookups of pass 2 run Options.Concurrency at a time, never more.
func TestRunBoundsConcurrentLookups(t *testing.T) {
	plan := reconciletest.Plan{N: 200, Drift: map[reconcile.Kind]int{reconcile.MissingAtGateway: 40}}
	g := newFakeGateway(plan.Gateway())
	g.delay = 2 * time.Millisecond
	found := collect(t, reconcile.Run(ctx, g, reconciletest.NewMemory(plan.Merchant()), plan.Period(), reconcile.Options{Concurrency: 3, BatchSize: 16}))
	requireExactly(t, plan, found)
	require.EqualValues(t, 3, g.maxIn.Load())
	require.EqualValues(t, 40+4, g.lookups.Load(), "only the unmatched merchant records are looked up")
}

// A merchant record the gateway's stream left out (its payment lies just
// outside the gateway's view of the period) is found by its lookup and
// compared, never reported missing.
func TestRunComparesAPaymentOnlyTheLookupFinds(t *testing.T) {
	plan := reconciletest.Plan{N: 50, Drift: map[reconcile.Kind]int{reconcile.AmountDiffers: 1}}
	g := newFakeGateway(plan.Gateway())
	g.stream = g.stream[1:] // record 0, the drifting one, is outside the stream
	found := collect(t, reconcile.Run(ctx, g, reconciletest.NewMemory(plan.Merchant()), plan.Period(), reconcile.Options{}))
	requireExactly(t, plan, found)
}

// A lookup's error is yielded once and ends the run; the other lookups of
// the batch are cancelled.
func TestRunYieldsALookupErrorOnce(t *testing.T) {
	plan := reconciletest.Plan{N: 100, Drift: map[reconcile.Kind]int{reconcile.MissingAtGateway: 20}}
	g := newFakeGateway(plan.Gateway())
	g.failKey = plan.Expected()[0].Key
	errs := 0
	for d, err := range reconcile.Run(ctx, g, reconciletest.NewMemory(plan.Merchant()), plan.Period(), reconcile.Options{}) {
		if err != nil {
			errs++
			require.ErrorIs(t, err, errBoom)
			require.Contains(t, err.Error(), g.failKey)
			continue
		}
		t.Fatalf("no discrepancy may follow a failed batch: %v", d)
	}
	require.Equal(t, 1, errs)
}

// When one lookup of a batch fails, the others are cancelled; the run
// yields the failed lookup's error, not a sibling's "context canceled"
// (the first by index): the real cause (a 401, a 5xx) is kept, and
// errors.Is(err, context.Canceled) does not hold when the caller cancelled
// nothing.
func TestRunYieldsTheFailedLookupsErrorNotACancelledSiblings(t *testing.T) {
	plan := reconciletest.Plan{N: 100, Drift: map[reconcile.Kind]int{reconcile.MissingAtGateway: 20}}
	g := newFakeGateway(plan.Gateway())
	g.delay = 20 * time.Millisecond
	keys := plan.Expected()
	g.failKey = keys[len(keys)-1].Key // the last record of the batch fails while the others wait
	var errs []error
	for _, err := range reconcile.Run(ctx, &failFast{fakeGateway: g}, reconciletest.NewMemory(plan.Merchant()), plan.Period(), reconcile.Options{Concurrency: 20}) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], errBoom, "the run yielded %v, not the failing lookup's error", errs[0])
	require.NotErrorIs(t, errs[0], context.Canceled, "a cancellation nobody asked for")
	require.Contains(t, errs[0].Error(), g.failKey)
	require.Greater(t, g.lookups.Load(), int64(1), "siblings were in flight when it failed")
}

// failFast fails its failKey at once, while fakeGateway's other lookups
// wait their delay.
type failFast struct{ *fakeGateway }

func (g *failFast) Lookup(ctx context.Context, key string) (reconcile.Record, bool, error) {
	if key == g.failKey {
		return reconcile.Record{}, false, errBoom
	}
	return g.fakeGateway.Lookup(ctx, key)
}

// A caller's cancellation during the lookups is still the run's error.
func TestRunYieldsTheCallersCancellationDuringLookups(t *testing.T) {
	plan := reconciletest.Plan{N: 100, Drift: map[reconcile.Kind]int{reconcile.MissingAtGateway: 20}}
	g := newFakeGateway(plan.Gateway())
	g.delay = time.Hour // only the cancellation ends a lookup
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		for g.lookups.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	var errs []error
	for _, err := range reconcile.Run(cctx, g, reconciletest.NewMemory(plan.Merchant()), plan.Period(), reconcile.Options{}) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], context.Canceled)
}

// Breaking out of the loop stops reading the gateway's stream.
func TestRunStopsWhenTheCallerBreaks(t *testing.T) {
	plan := reconciletest.Plan{N: 5000, Drift: map[reconcile.Kind]int{reconcile.AmountDiffers: 100}}
	g := newFakeGateway(plan.Gateway())
	for _, err := range reconcile.Run(ctx, g, reconciletest.NewMemory(plan.Merchant()), plan.Period(), reconcile.Options{BatchSize: 100}) {
		require.NoError(t, err)
		break
	}
	require.EqualValues(t, 100, g.streamed.Load(), "one batch read, not the period")
	require.Zero(t, g.lookups.Load())
}

// Bad parameters are refused before any I/O.
func TestRunRefusesBadParametersBeforeIO(t *testing.T) {
	g := newFakeGateway(func(func(reconcile.Record) bool) {})
	m := reconciletest.NewMemory(func(func(reconcile.Record) bool) {})
	now := time.Now()
	for name, c := range map[string]struct {
		p reconcile.Period
		o reconcile.Options
	}{
		"no period":      {reconcile.Period{}, reconcile.Options{}},
		"reversed":       {reconcile.Period{From: now, Until: now.Add(-time.Hour)}, reconcile.Options{}},
		"negative batch": {reconcile.Period{From: now, Until: now.Add(time.Hour)}, reconcile.Options{BatchSize: -1}},
	} {
		var verr *reconcile.ValidationError
		n := 0
		for _, err := range reconcile.Run(ctx, g, m, c.p, c.o) {
			require.ErrorAs(t, err, &verr, name)
			n++
		}
		require.Equal(t, 1, n, name)
	}
	require.Zero(t, g.streamed.Load()+g.lookups.Load())
	calls, _ := m.FindCalls()
	require.Zero(t, calls)
}

// Progress counts every record and ends with Done.
func TestRunReportsProgress(t *testing.T) {
	plan := reconciletest.Plan{N: 1000, Drift: everyKind(1)}
	g := newFakeGateway(plan.Gateway())
	var mu sync.Mutex
	var last reconcile.Progress
	calls := 0
	found := collect(t, reconcile.Run(ctx, g, reconciletest.NewMemory(plan.Merchant()), plan.Period(), reconcile.Options{
		BatchSize: 100, Progress: func(p reconcile.Progress) { mu.Lock(); last, calls = p, calls+1; mu.Unlock() },
	}))
	require.True(t, last.Done)
	require.Equal(t, len(g.stream), last.GatewayPayments)
	require.Equal(t, len(found), last.Discrepancies)
	require.Equal(t, 1+20, last.MerchantOnly)
	require.Greater(t, calls, 10)
}
