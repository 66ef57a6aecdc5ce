package transport

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// newFakeClock returns the shared fake clock of the sandbox kit.
func newFakeClock() *sandbox.Clock {
	return sandbox.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
}

// hammer calls Token from n goroutines released together and returns the
// values they got.
func hammer(t *testing.T, src *TokenSource, n int) []string {
	t.Helper()
	var wg, ready sync.WaitGroup
	start := make(chan struct{})
	got := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		ready.Add(1)
		go func() {
			defer wg.Done()
			ready.Done()
			<-start
			got[i], errs[i] = src.Token(context.Background())
		}()
	}
	ready.Wait()
	close(start)
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	return got
}

// TestTokenSourceSingleFlight checks that 1,000 goroutines on a cold source
// cause exactly one fetch, and after the token expires exactly one more.
func TestTokenSourceSingleFlight(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	var fetches atomic.Int64
	fetch := func(context.Context) (Token, error) {
		n := fetches.Add(1)
		time.Sleep(20 * time.Millisecond) // a token request takes a while: callers pile up behind it
		return Token{Value: "tok-" + string(rune('0'+n)), Expiry: clock.Now().Add(time.Hour)}, nil
	}
	src := NewTokenSource(fetch, time.Minute, clock.Now)

	for _, v := range hammer(t, src, 1000) {
		require.Equal(t, "tok-1", v)
	}
	assert.EqualValues(t, 1, fetches.Load())

	clock.Advance(58 * time.Minute) // still more than the one-minute margin left
	for _, v := range hammer(t, src, 100) {
		require.Equal(t, "tok-1", v)
	}
	assert.EqualValues(t, 1, fetches.Load())

	clock.Advance(90 * time.Second) // inside the margin: renew
	for _, v := range hammer(t, src, 1000) {
		require.Equal(t, "tok-2", v)
	}
	assert.EqualValues(t, 2, fetches.Load())
}

// TestTokenSourceErrors checks that a failed fetch is not cached, that a
// waiting caller's context ends its wait without failing the others, and
// that Invalidate drops only the refused token.
func TestTokenSourceErrors(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int64
	fail := atomic.Bool{}
	fail.Store(true)
	release := make(chan struct{})
	src := NewTokenSource(func(ctx context.Context) (Token, error) {
		fetches.Add(1)
		if fail.Load() {
			return Token{}, errors.New("token endpoint down")
		}
		<-release
		require.NoError(t, ctx.Err(), "the fetch runs on a context detached from the caller's cancellation")
		return Token{Value: "fresh"}, nil
	}, 0, nil)

	_, err := src.Token(t.Context())
	require.EqualError(t, err, "token endpoint down")
	fail.Store(false)

	ctx, cancel := context.WithCancel(t.Context())
	impatient := make(chan error, 1)
	go func() { _, err := src.Token(ctx); impatient <- err }()
	patient := make(chan string, 1)
	go func() {
		for fetches.Load() < 2 {
			time.Sleep(time.Millisecond)
		}
		v, _ := src.Token(t.Context())
		patient <- v
	}()
	for fetches.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	require.ErrorIs(t, <-impatient, context.Canceled)
	close(release)
	assert.Equal(t, "fresh", <-patient)
	assert.EqualValues(t, 2, fetches.Load())

	src.Invalidate("stale") // not the cached token: kept
	v, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "fresh", v)
	assert.EqualValues(t, 2, fetches.Load())
}

// TestBearerAuthRefreshOnce checks that a 401 for an old token causes one
// refresh and one replay through Client.do, for every class, and that a
// 401 that persists after the refresh is final.
func TestBearerAuthRefreshOnce(t *testing.T) {
	t.Parallel()
	for _, class := range []Class{Safe, Keyed, Unsafe} {
		t.Run(class.String(), func(t *testing.T) {
			t.Parallel()
			var fetches atomic.Int64
			src := NewTokenSource(func(context.Context) (Token, error) {
				if fetches.Add(1) == 1 {
					return Token{Value: "old-token"}, nil
				}
				return Token{Value: "new-token"}, nil
			}, 0, nil)
			var mu sync.Mutex
			var seen []string
			srv, n := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
				mu.Lock()
				seen = append(seen, r.Header.Get("Authorization")+" "+r.Header.Get("Idempotency-Key"))
				mu.Unlock()
				if r.Header.Get("Authorization") != "Bearer new-token" {
					writeJSON(w, http.StatusUnauthorized, `{"message":"token expired"}`)
					return
				}
				writeJSON(w, http.StatusOK, `{"ok":true}`)
			})
			cfg := testConfig(srv.URL)
			cfg.Auth = &BearerAuth{Source: src}
			c := newTestClient(t, cfg)
			var out struct{ OK bool }
			res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodPost, Route: "/x", Class: class}}, &out, WithIdempotencyKey("k"))
			require.NoError(t, err)
			assert.True(t, out.OK)
			assert.EqualValues(t, 2, n.Load())
			assert.Equal(t, 2, res.Attempts)
			assert.EqualValues(t, 2, fetches.Load())
			key := ""
			if class == Keyed {
				key = "k"
			}
			assert.Equal(t, []string{"Bearer old-token " + key, "Bearer new-token " + key}, seen, "the replay keeps the key")
		})
	}

	t.Run("401 after the refresh is final", func(t *testing.T) {
		t.Parallel()
		var fetches atomic.Int64
		src := NewTokenSource(func(context.Context) (Token, error) {
			fetches.Add(1)
			return Token{Value: "refused"}, nil
		}, 0, nil)
		srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
			writeJSON(w, http.StatusUnauthorized, `{}`)
		})
		cfg := testConfig(srv.URL)
		cfg.Auth = &BearerAuth{Source: src}
		c := newTestClient(t, cfg)
		_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodGet, Route: "/x"}}, nil)
		require.ErrorIs(t, err, ErrUnauthorized)
		assert.EqualValues(t, 2, n.Load())
		assert.EqualValues(t, 2, fetches.Load())
	})

	t.Run("NoAuth call sends no credentials", func(t *testing.T) {
		t.Parallel()
		srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
			if r.Header.Get("Authorization") != "" {
				writeJSON(w, http.StatusBadRequest, `{}`)
				return
			}
			writeJSON(w, http.StatusUnauthorized, `{}`)
		})
		cfg := testConfig(srv.URL)
		cfg.Auth = &BearerAuth{Source: NewTokenSource(func(context.Context) (Token, error) {
			t.Error("the token request must not need a token")
			return Token{}, errors.New("unexpected")
		}, 0, nil)}
		c := newTestClient(t, cfg)
		res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "token.issue", Method: http.MethodPost, Route: "/token", NoAuth: true}}, nil)
		require.ErrorIs(t, err, ErrUnauthorized)
		assert.Equal(t, 1, res.Attempts)
	})

	t.Run("token fetch failure ends the call before I/O", func(t *testing.T) {
		t.Parallel()
		srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) { w.WriteHeader(http.StatusNoContent) })
		cfg := testConfig(srv.URL)
		boom := errors.New("token endpoint down")
		cfg.Auth = &BearerAuth{Source: NewTokenSource(func(context.Context) (Token, error) { return Token{}, boom }, 0, nil)}
		c := newTestClient(t, cfg)
		_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodGet, Route: "/x"}}, nil)
		require.ErrorIs(t, err, boom)
		assert.EqualValues(t, 0, n.Load())
	})
}
