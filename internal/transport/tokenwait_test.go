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
)

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
