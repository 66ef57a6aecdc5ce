package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultConstructors(t *testing.T) {
	tests := []struct {
		f       Fault
		kind    Kind
		applies bool
		str     string
	}{
		{Fault{}, KindNone, true, "none"},
		{Status(503, "x"), KindStatus, false, "status 503"},
		{StatusAfterApply(502, ""), KindStatusAfterApply, true, "status-after-apply 502"},
		{RateLimit("3"), KindStatus, false, `status 429 Retry-After="3"`},
		{CloseBeforeRead(), KindCloseBeforeRead, false, "close-before-read"},
		{CloseAfterApply(), KindCloseAfterApply, true, "close-after-apply"},
		{Delay(2 * time.Second), KindDelay, true, "delay 2s"},
		{TruncatedBody(), KindTruncatedBody, true, "truncated-body"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			assert.Equal(t, tt.kind, tt.f.Kind())
			assert.Equal(t, tt.applies, tt.f.Kind().Applies())
			assert.Equal(t, tt.str, tt.f.String())
		})
	}
	assert.True(t, Fault{}.IsZero())
	assert.False(t, CloseBeforeRead().IsZero())
	assert.Equal(t, time.Duration(0), Delay(-time.Second).Duration())
	assert.Equal(t, "kind(99)", Kind(99).String())

	rl := RateLimit("7")
	assert.Equal(t, http.StatusTooManyRequests, rl.StatusCode())
	assert.Equal(t, "7", rl.Header().Get("Retry-After"))
	assert.Empty(t, rl.Body())
	assert.Nil(t, CloseAfterApply().Header())

	assert.Panics(t, func() { Status(42, "") })
	assert.Panics(t, func() { StatusAfterApply(1000, "") })
}

func TestFaultWithHeaderDoesNotAlias(t *testing.T) {
	base := Status(500, "").WithHeader("A", "1")
	x := base.WithHeader("B", "x")
	y := base.WithHeader("B", "y")
	assert.Equal(t, "x", x.Header().Get("B"))
	assert.Equal(t, "y", y.Header().Get("B"))
	assert.Empty(t, base.Header().Get("B"))
	h := x.Header()
	h.Set("A", "changed")
	assert.Equal(t, "1", x.Header().Get("A"), "Header returns a copy")
	multi := base.WithHeader("A", "2")
	assert.Equal(t, []string{"1", "2"}, multi.Header().Values("A"))
}

func TestInjectorQueue(t *testing.T) {
	var in Injector // the zero value is usable
	_, ok := in.Take("a")
	assert.False(t, ok)

	in.Inject("a", Status(500, ""), 2)
	in.Inject("a", Fault{}, 1) // one normal request
	in.Inject("a", CloseAfterApply(), 1)
	in.Inject("b", CloseBeforeRead(), 1)
	in.Inject("c", TruncatedBody(), 0) // no-op
	assert.Equal(t, 4, in.Pending("a"))
	assert.Equal(t, 1, in.Pending("b"))
	assert.Equal(t, 0, in.Pending("c"))

	var got []Kind
	for range 5 {
		f, ok := in.Take("a")
		if !ok {
			got = append(got, 255)
			continue
		}
		got = append(got, f.Kind())
	}
	assert.Equal(t, []Kind{KindStatus, KindStatus, KindNone, KindCloseAfterApply, 255}, got)
	assert.Equal(t, 0, in.Pending("a"))

	in.ClearOp("b")
	_, ok = in.Take("b")
	assert.False(t, ok)
}

func TestInjectorForeverAndClear(t *testing.T) {
	var in Injector
	in.Inject("a", Status(503, ""), -5)
	in.Inject("a", CloseBeforeRead(), 1) // never reached
	assert.Equal(t, -1, in.Pending("a"))
	for range 100 {
		f, ok := in.Take("a")
		require.True(t, ok)
		require.Equal(t, KindStatus, f.Kind())
	}
	in.Clear()
	_, ok := in.Take("a")
	assert.False(t, ok)
	assert.Equal(t, 0, in.Pending("a"))
}

func TestInjectorConcurrent(t *testing.T) {
	var in Injector
	const n, workers = 300, 1000
	in.Inject("op", Status(500, ""), n)
	var mu sync.Mutex
	taken := 0
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%10 == 0 {
				in.Pending("op")
			}
			if _, ok := in.Take("op"); ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, n, taken)
}

func TestLog(t *testing.T) {
	now := time.Date(2026, 11, 22, 14, 5, 9, 0, time.UTC)
	l := NewLog(func() time.Time { return now })
	r := httptest.NewRequest(http.MethodGet, "/v2/receipt/abc?lookup_user_data=true", nil)
	r.Header.Set("Authorization", "Basic x")
	e := l.add("receipt.get", r, []byte("body"), KindNone, l.clock())
	l.add("confirm", r, nil, KindCloseBeforeRead, l.clock())
	l.add("confirm", r, nil, KindCloseBeforeRead, l.clock())
	l.finish(e, 200, true)

	assert.Equal(t, 3, l.Len())
	assert.Equal(t, 1, l.Count("receipt.get"))
	assert.Equal(t, 2, l.Count("confirm"))
	assert.Equal(t, map[string]int{"receipt.get": 1, "confirm": 2}, l.Counts())

	entries := l.Entries()
	require.Len(t, entries, 3)
	assert.Equal(t, Entry{
		Request: Request[string]{Time: now, Op: "receipt.get", Method: "GET", Path: "/v2/receipt/abc",
			RawQuery: "lookup_user_data=true", Header: http.Header{"Authorization": {"Basic x"}},
			Body: []byte("body"), StatusCode: 200},
		Seq: 1, Applied: true, Done: true,
	}, entries[0])
	assert.Equal(t, 3, entries[2].Seq)
	assert.False(t, entries[1].Done)

	// Entries are copies.
	entries[0].Body[0] = 'X'
	entries[0].Header.Set("Authorization", "changed")
	again := l.Entries()
	assert.Equal(t, "body", string(again[0].Body))
	assert.Equal(t, "Basic x", again[0].Header.Get("Authorization"))

	l.Reset()
	assert.Equal(t, 0, l.Len())
	assert.Empty(t, l.Counts())
	l.finish(e, 500, false) // a request that finishes after Reset does not reappear
	assert.Equal(t, 0, l.Len())
}

func TestLogConcurrent(t *testing.T) {
	var l Log
	var wg sync.WaitGroup
	for i := range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := httptest.NewRequest(http.MethodPost, "/x", nil)
			e := l.add("op"+strconv.Itoa(i%3), r, nil, KindNone, l.clock())
			l.finish(e, 200, true)
			_ = l.Count("op0")
			if i%100 == 0 {
				_ = l.Entries()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1000, l.Len())
	c := l.Counts()
	assert.Equal(t, 1000, c["op0"]+c["op1"]+c["op2"])
}

// The Faults value builds the same faults as the package's constructors; only RateLimit adds the
// sandbox's own body.
func TestFaultsValueBuildsTheKitsFaults(t *testing.T) {
	fs := NewFaults(`{"error_code":"TOO_MANY_REQUESTS"}`)
	assert.Equal(t, Status(503, "x"), fs.Status(503, "x"))
	assert.Equal(t, StatusAfterApply(500, "y"), fs.StatusAfterApply(500, "y"))
	assert.Equal(t, CloseBeforeRead(), fs.CloseBeforeRead())
	assert.Equal(t, CloseAfterApply(), fs.CloseAfterApply())
	assert.Equal(t, Delay(time.Second), fs.Delay(time.Second))
	assert.Equal(t, TruncatedBody(), fs.TruncatedBody())

	rl := fs.RateLimit("2")
	assert.Equal(t, KindStatus, rl.Kind())
	assert.Equal(t, http.StatusTooManyRequests, rl.StatusCode())
	assert.Equal(t, "2", rl.Header().Get("Retry-After"))
	assert.JSONEq(t, `{"error_code":"TOO_MANY_REQUESTS"}`, rl.Body())
	assert.Empty(t, Faults{}.RateLimit("1").Body(), "the zero Faults answers 429 with an empty body")
}

// A Tally counts into the struct it reports, without losing updates under concurrency.
func TestTallyCountsConcurrently(t *testing.T) {
	type stats struct{ A, B int }
	var tl Tally[stats]
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tl.Count(func(s *stats) { s.A++; s.B += 2 })
		}()
	}
	wg.Wait()
	snap := tl.Snapshot()
	assert.Equal(t, stats{A: 50, B: 100}, snap)
	snap.A = 0
	assert.Equal(t, 50, tl.Snapshot().A, "a snapshot is a copy")
}
