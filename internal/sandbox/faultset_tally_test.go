package sandbox

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

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
