package transport

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hangingFetch is a token fetch whose first request issues first (valid
// for 30 minutes from the fake clock's now) and whose later requests hang
// until release is closed, then answer from then, one entry per request
// (the last one repeats; an empty value is an error). started receives
// once per hanging request, as it begins. The test's cleanup releases the
// fetches and waits for src's renewals, so no goroutine outlives the test.
type hangingFetch struct {
	clock   interface{ Now() time.Time }
	first   string
	then    []string
	release chan struct{}
	started chan struct{}
	n       atomic.Int64
}

func newHangingFetch(t *testing.T, clock interface{ Now() time.Time }, first string, then ...string) (*hangingFetch, *TokenSource) {
	f := &hangingFetch{clock: clock, first: first, then: then, release: make(chan struct{}), started: make(chan struct{}, 16)}
	src := NewTokenSource(f.fetch, 5*time.Minute, clock.Now)
	t.Cleanup(func() {
		select {
		case <-f.release:
		default:
			close(f.release)
		}
		src.wait()
	})
	return f, src
}

// awaitStart waits for the next hanging request to begin, failing the
// test (rather than hanging it) when none does.
func (f *hangingFetch) awaitStart(t *testing.T, what string) {
	t.Helper()
	select {
	case <-f.started:
	case <-time.After(2 * time.Second):
		t.Fatal("no token request began: " + what)
	}
}

func (f *hangingFetch) fetch(context.Context) (Token, error) {
	i := int(f.n.Add(1))
	if i == 1 {
		return Token{Value: f.first, Expiry: f.clock.Now().Add(30 * time.Minute)}, nil
	}
	f.started <- struct{}{}
	<-f.release
	then := f.then[min(i-2, len(f.then)-1)]
	if then == "" {
		return Token{}, errors.New("token endpoint: timeout")
	}
	return Token{Value: then, Expiry: f.clock.Now().Add(30 * time.Minute)}, nil
}

// TestRenewalInMarginDoesNotHoldCallers: inside the renewal margin, while
// the cached token is still valid, a call gets it at once although the
// token endpoint hangs (an outage seen as timeouts, or a renewal retried
// through its backoff): no call with a deadline shorter than the renewal
// fails "waiting for an access token". 200 concurrent callers start one
// renewal. Only once the cached token has expired does a caller wait for
// the renewal (its deadline ends the wait); once the renewal ends, its
// token replaces the cached one.
func TestRenewalInMarginDoesNotHoldCallers(t *testing.T) {
	clock := newFakeClock()
	f, src := newHangingFetch(t, clock, "live", "fresh")

	v, err := src.Token(t.Context())
	require.NoError(t, err)
	require.Equal(t, "live", v)

	clock.Advance(26 * time.Minute) // 4 minutes of life left
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	v, err = src.Token(ctx)
	require.NoError(t, err, "a call in the margin failed waiting for a renewal while its cached token is valid")
	assert.Equal(t, "live", v)
	f.awaitStart(t, "the renewal in the margin")

	for _, v := range hammer(t, src, 200) {
		require.Equal(t, "live", v)
	}
	assert.EqualValues(t, 2, f.n.Load(), "one renewal for every caller in the margin")

	clock.Advance(5 * time.Minute) // "live" has expired
	ctx, cancel = context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	v, err = src.Token(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "an expired token is waited for")
	assert.ErrorContains(t, err, "waiting for an access token")
	assert.Empty(t, v, "an expired token is never handed out")

	close(f.release)
	src.wait()
	v, err = src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "fresh", v, "the renewal's token replaces the cached one")
	assert.EqualValues(t, 2, f.n.Load())
}

// TestMarginRenewalAfterARefusalCachesNothing: a renewal started in the
// margin that ends after the gateway refused the cached token (a 401,
// Invalidate) must not bring the refused token back, even when the token
// endpoint hands out the same token again; and a call made after the
// refusal does not wait for the renewal started before it, but starts
// its own.
func TestMarginRenewalAfterARefusalCachesNothing(t *testing.T) {
	clock := newFakeClock()
	// The renewal in the margin gets the same token again (an endpoint
	// may hand it out until it expires); the endpoint then fails.
	f, src := newHangingFetch(t, clock, "live", "live", "")

	_, err := src.Token(t.Context())
	require.NoError(t, err)
	clock.Advance(26 * time.Minute)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	v, err := src.Token(ctx)
	require.NoError(t, err, "a call in the margin waited for the renewal")
	require.Equal(t, "live", v)
	f.awaitStart(t, "the renewal in the margin") // it hangs

	src.Invalidate("live") // the gateway refused it
	ctx, cancel = context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := src.Token(ctx); done <- err }()
	f.awaitStart(t, "the caller after the refusal joined the renewal started before it")
	close(f.release)
	assert.EqualError(t, <-done, "token endpoint: timeout", "the refused token was handed out")
	src.wait()

	assert.EqualValues(t, 3, f.n.Load())
	ctx, cancel = context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	v, err = src.Token(ctx)
	assert.Error(t, err, "the renewal started before the refusal cached the refused token: %q", v)
	assert.NotEqual(t, "live", v)
}

// TestRenewalOutdatedByARefusalIsNotHandedOut: a caller waiting for the
// renewal of an expired token, when the gateway refuses that token (a 401
// for a request sent before it expired, Invalidate) while the renewal
// runs, does not take the renewal's answer, which may be the refused
// token again: it waits for a renewal started after the refusal.
func TestRenewalOutdatedByARefusalIsNotHandedOut(t *testing.T) {
	clock := newFakeClock()
	// The renewal in flight gets the refused token back; the next one a
	// new token.
	f, src := newHangingFetch(t, clock, "live", "live", "fresh")
	_, err := src.Token(t.Context())
	require.NoError(t, err)

	clock.Advance(31 * time.Minute) // "live" has expired: callers wait
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	type answer struct {
		v   string
		err error
	}
	got := make(chan answer, 1)
	go func() { v, err := src.Token(ctx); got <- answer{v, err} }()
	f.awaitStart(t, "the renewal of the expired token")
	src.Invalidate("live") // the gateway refused it
	close(f.release)

	a := <-got
	require.NoError(t, a.err)
	assert.Equal(t, "fresh", a.v, "the renewal outdated by the refusal handed out its token")
	src.wait()
	assert.EqualValues(t, 3, f.n.Load(), "one more renewal, after the refusal")
	v, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "fresh", v)
}
