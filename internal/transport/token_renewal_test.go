package transport

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scriptedFetch is a token fetch that answers from script, one entry per
// fetch (the last one repeats): a token valid for life from the fake
// clock's now, or err when life is 0. It counts the fetches.
type scriptedFetch struct {
	clock interface{ Now() time.Time }
	delay time.Duration // a token request takes a while: callers pile up
	n     atomic.Int64
	steps []tokenStep
}

type tokenStep struct {
	value string
	life  time.Duration
}

func (f *scriptedFetch) fetch(context.Context) (Token, error) {
	i := int(f.n.Add(1)) - 1
	time.Sleep(f.delay)
	step := f.steps[min(i, len(f.steps)-1)]
	if step.life == 0 {
		return Token{}, errors.New("token endpoint: 503")
	}
	return Token{Value: step.value, Expiry: f.clock.Now().Add(step.life)}, nil
}

// TestEarlyRenewalFailureKeepsLiveToken: the source renews a token margin
// (5 minutes) before it expires. When that early renewal fails (the token
// endpoint answers 503 for a while), the cached token still works for
// minutes; failing every call with the renewal's error would take the
// whole client down while it holds a valid credential. The failed
// renewal keeps the cached token; the next call tries the renewal again
// (and the call after the renewal that works takes the new token); a
// token that has expired is never handed out: the renewal's error is the
// call's.
func TestEarlyRenewalFailureKeepsLiveToken(t *testing.T) {
	clock := newFakeClock()
	f := &scriptedFetch{clock: clock, steps: []tokenStep{
		{"live", 30 * time.Minute}, {}, {}, {"fresh", 30 * time.Minute}, {},
	}}
	src := NewTokenSource(f.fetch, 5*time.Minute, clock.Now)
	t.Cleanup(src.wait)
	token := func() (string, error) { return src.Token(t.Context()) }

	v, err := token()
	require.NoError(t, err)
	require.Equal(t, "live", v)

	clock.Advance(26 * time.Minute) // inside the margin: 4 minutes of life left
	v, err = token()
	assert.NoError(t, err, "a failed early renewal failed the call although the cached token is still valid")
	assert.Equal(t, "live", v)
	src.wait()
	assert.EqualValues(t, 2, f.n.Load(), "the renewal was tried")

	clock.Advance(time.Minute)
	v, err = token()
	require.NoError(t, err)
	assert.Equal(t, "live", v)
	src.wait()
	assert.EqualValues(t, 3, f.n.Load(), "a later call tries the renewal again")

	v, err = token()
	require.NoError(t, err)
	assert.Equal(t, "live", v, "the call that starts a renewal does not wait for it")
	src.wait()
	assert.EqualValues(t, 4, f.n.Load())
	v, err = token()
	require.NoError(t, err)
	assert.Equal(t, "fresh", v, "the renewal that works replaces the cached token")
	assert.EqualValues(t, 4, f.n.Load())

	clock.Advance(31 * time.Minute) // "fresh" has expired
	_, err = token()
	assert.EqualError(t, err, "token endpoint: 503", "an expired token is never handed out")
	assert.EqualValues(t, 5, f.n.Load())
}

// TestEarlyRenewalFailureRefusedTokenFails: a token the gateway refused
// (Invalidate after a 401) is not handed out when the renewal fails,
// although its expiry is still ahead: the call gets the renewal's error.
func TestEarlyRenewalFailureRefusedTokenFails(t *testing.T) {
	clock := newFakeClock()
	f := &scriptedFetch{clock: clock, steps: []tokenStep{{"live", 30 * time.Minute}, {}}}
	src := NewTokenSource(f.fetch, 5*time.Minute, clock.Now)
	v, err := src.Token(t.Context())
	require.NoError(t, err)
	src.Invalidate(v)
	_, err = src.Token(t.Context())
	assert.EqualError(t, err, "token endpoint: 503")
}

// TestEarlyRenewalFailureIsOneFlight: 200 goroutines inside the margin
// while the token endpoint fails share one renewal, and every one of them
// gets the cached token: no storm of token requests.
func TestEarlyRenewalFailureIsOneFlight(t *testing.T) {
	clock := newFakeClock()
	f := &scriptedFetch{clock: clock, steps: []tokenStep{{"live", 30 * time.Minute}, {}}}
	src := NewTokenSource(f.fetch, 5*time.Minute, clock.Now)
	_, err := src.Token(t.Context())
	require.NoError(t, err)

	clock.Advance(26 * time.Minute)
	f.delay = 20 * time.Millisecond
	for _, v := range hammer(t, src, 200) {
		require.Equal(t, "live", v)
	}
	src.wait()
	assert.EqualValues(t, 2, f.n.Load(), "one renewal for 200 callers")
}

// syncBuffer is a bytes.Buffer safe for concurrent writers and readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestEarlyRenewalFailureIsLoggedThroughTheClient: a call made inside the
// margin while the token endpoint fails goes out with the cached token,
// and the failed renewal is logged once at WARN on the client's logger,
// naming the gateway and the error, never the token.
func TestEarlyRenewalFailureIsLoggedThroughTheClient(t *testing.T) {
	const secret = "tok-LIVE-9f8e7d"
	clock := newFakeClock()
	f := &scriptedFetch{clock: clock, steps: []tokenStep{{secret, 30 * time.Minute}, {}}}
	sent := make(chan string, 2)
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
		sent <- r.Header.Get("Authorization")
		writeJSON(w, http.StatusOK, `{}`)
	})
	var logs syncBuffer
	cfg := testConfig(srv.URL)
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	src := NewTokenSource(f.fetch, 5*time.Minute, clock.Now)
	cfg.Auth = &BearerAuth{Source: src}
	c := newTestClient(t, cfg)
	call := &Call{Endpoint: &Endpoint{Op: "things.get", Method: http.MethodGet, Route: "/things", Class: Safe}}

	_, err := c.do(t.Context(), call, &NoBody{})
	require.NoError(t, err)
	assert.Empty(t, logs.String(), "nothing to warn about yet")

	clock.Advance(26 * time.Minute)
	_, err = c.do(t.Context(), call, &NoBody{})
	require.NoError(t, err, "the call inside the margin failed with the renewal's error")
	assert.Equal(t, "Bearer "+secret, <-sent)
	assert.Equal(t, "Bearer "+secret, <-sent, "the call inside the margin went out with the cached token")
	src.wait() // the renewal runs after the call that started it
	out := logs.String()
	assert.Contains(t, out, "level=WARN")
	assert.Contains(t, out, "access token renewal failed")
	assert.Contains(t, out, "gateway=testgw")
	assert.Contains(t, out, "token endpoint: 503")
	assert.Contains(t, out, "expires_in=4m0s")
	assert.NotContains(t, out, secret)
	assert.Equal(t, 1, bytes.Count([]byte(out), []byte("\n")), "one line for one failed renewal")
}
