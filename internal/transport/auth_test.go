package transport

import (
	"context"
	"errors"
	"net/http"
	"strings"
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
// cause exactly one fetch, and inside the margin before the token expires
// exactly one more, whose token the calls after it get.
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

	clock.Advance(90 * time.Second) // inside the margin: renew, handing out the cached token meanwhile
	for _, v := range hammer(t, src, 1000) {
		require.Equal(t, "tok-1", v)
	}
	src.wait()
	assert.EqualValues(t, 2, fetches.Load())
	for _, v := range hammer(t, src, 100) {
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
			var opts []RequestOption
			if class == Keyed {
				opts = append(opts, WithIdempotencyKey("k"))
			}
			res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodPost, Route: "/x", Class: class}}, &out, opts...)
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

// blockedFetch is a token endpoint that answers the first `answered`
// requests with token and never answers the others (until the test ends).
// waiting is closed when the first unanswered request starts.
func blockedFetch(t *testing.T, answered int64, token string) (fetch func(context.Context) (Token, error), fetches *atomic.Int64, waiting chan struct{}) {
	release, waiting := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(release) })
	var once sync.Once
	fetches = new(atomic.Int64)
	return func(context.Context) (Token, error) {
		if fetches.Add(1) <= answered {
			return Token{Value: token}, nil
		}
		once.Do(func() { close(waiting) })
		<-release
		return Token{}, errors.New("token endpoint gave up")
	}, fetches, waiting
}

// TestTokenWaitDeadlineIsPrefixed: a context whose deadline passes while
// the call waits for an access token ends the call with an error that
// starts with the gateway and the operation, is a *NetworkError, and still
// matches context.DeadlineExceeded; nothing was sent.
func TestTokenWaitDeadlineIsPrefixed(t *testing.T) {
	t.Parallel()
	srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) { writeJSON(w, http.StatusOK, `{}`) })
	fetch, fetches, _ := blockedFetch(t, 0, "")
	cfg := testConfig(srv.URL)
	cfg.Auth = &BearerAuth{Source: NewTokenSource(fetch, 0, nil)}
	c := newTestClient(t, cfg)

	for _, class := range []Class{Safe, Keyed, Unsafe} {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
		start := time.Now()
		res, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/payments/p-1", Class: class}}, nil)
		cancel()
		assert.Less(t, time.Since(start), 2*time.Second, "%s: the deadline ends the wait", class)

		require.ErrorIs(t, err, context.DeadlineExceeded, class)
		assert.True(t, strings.HasPrefix(err.Error(), "testgw: payments.get: "), "%s: %v", class, err)
		assert.Contains(t, err.Error(), "access token", class)
		var netErr *NetworkError
		require.ErrorAs(t, err, &netErr, class)
		assert.True(t, netErr.Timeout(), class)
		assert.Equal(t, 0, netErr.Attempts, class)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "%s: nothing was sent", class)
		assert.Equal(t, 0, res.Attempts, class)
	}
	assert.EqualValues(t, 0, n.Load(), "no request reached the gateway")
	assert.EqualValues(t, 1, fetches.Load(), "one token request, still outstanding, served every wait")
}

// manualDeadline is a context whose deadline passes when the test calls
// expire, so a path reached through several exchanges is tested whatever
// the machine's speed.
type manualDeadline struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newManualDeadline(parent context.Context) *manualDeadline {
	return &manualDeadline{Context: parent, done: make(chan struct{})}
}

func (c *manualDeadline) Done() <-chan struct{} { return c.done }
func (c *manualDeadline) expire()               { c.once.Do(func() { close(c.done) }) }

func (c *manualDeadline) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// TestTokenWaitAfterMayHaveAppliedIsUnknown: a keyed write answered 503
// (maybe applied), retried and answered 401, then left waiting for a new
// token until its deadline passes, ends *OutcomeUnknownError with the
// reference and key, never a bare context error a caller could take for
// "not sent". The token never appears in the error.
func TestTokenWaitAfterMayHaveAppliedIsUnknown(t *testing.T) {
	t.Parallel()
	const token = "tok-secret-0123456789"
	var seen []int
	var mu sync.Mutex
	srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, i int64) {
		status := map[int64]int{1: http.StatusServiceUnavailable, 2: http.StatusUnauthorized}[i]
		if status == 0 {
			status = http.StatusOK
		}
		mu.Lock()
		seen = append(seen, status)
		mu.Unlock()
		writeJSON(w, status, `{}`)
	})
	fetch, fetches, waiting := blockedFetch(t, 1, token)
	cfg := testConfig(srv.URL)
	cfg.Auth = &BearerAuth{Source: NewTokenSource(fetch, 0, nil)}
	c := newTestClient(t, cfg)

	ctx := newManualDeadline(t.Context())
	go func() {
		<-waiting // the call now waits for the renewed token
		ctx.expire()
	}()
	res, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/payments/p-1/cancel", Class: Keyed}, Reference: "p-1", Body: map[string]int{"amount": 1000}}, nil, WithIdempotencyKey("cancel-key-1"))

	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	for _, cat := range categories[:len(categories)-1] {
		assert.NotErrorIs(t, err, cat)
	}
	assert.Equal(t, "p-1", unknown.Reference)
	assert.Equal(t, "cancel-key-1", unknown.IdempotencyKey)
	assert.Equal(t, 2, unknown.Attempts)
	var netErr *NetworkError
	require.ErrorAs(t, err, &netErr)
	assert.Equal(t, "payments.cancel", netErr.Op)
	assert.True(t, strings.HasPrefix(err.Error(), "testgw: payments.cancel: outcome unknown"), err.Error())
	assert.NotContains(t, err.Error(), token)
	assert.True(t, res.MayHaveApplied)

	assert.EqualValues(t, 2, n.Load(), "503, 401, and no third attempt without a token")
	mu.Lock()
	assert.Equal(t, []int{http.StatusServiceUnavailable, http.StatusUnauthorized}, seen)
	mu.Unlock()
	assert.EqualValues(t, 2, fetches.Load(), "the first token, then the renewal that never came")
}
