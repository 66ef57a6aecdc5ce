package transport

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestContextDeadlineBoundsCall checks that the caller's deadline bounds the
// whole call: a retry whose wait would end after the deadline is not
// attempted, and the call returns at once with the last attempt's error.
func TestContextDeadlineBoundsCall(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		retryAfter string // on the 503
		policy     RetryPolicy
	}{
		// jitter 0: the first backoff is half the step, 2 s.
		{"backoff past the deadline", "", RetryPolicy{MaxRetries: 5, BaseDelay: 4 * time.Second, MaxDelay: 4 * time.Second, MaxRetryAfter: time.Second}},
		{"Retry-After past the deadline", "3", RetryPolicy{MaxRetries: 5, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: 10 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				writeJSON(w, http.StatusServiceUnavailable, `{}`)
			})
			cfg := testConfig(srv.URL)
			cfg.Retry = tc.policy
			c := newTestClient(t, cfg)
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			start := time.Now()
			res, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/p", Class: Safe}}, nil)
			elapsed := time.Since(start)
			require.ErrorIs(t, err, ErrServer)
			assert.NotErrorIs(t, err, context.DeadlineExceeded, "the call ended before the deadline, without waiting for it")
			assert.EqualValues(t, 1, n.Load())
			assert.Equal(t, 1, res.Attempts)
			assert.Less(t, elapsed, 800*time.Millisecond, "returned without waiting for the deadline")
		})
	}

	t.Run("deadline during an attempt", func(t *testing.T) {
		t.Parallel()
		srv, n := countingServer(t, func(_ http.ResponseWriter, r *http.Request, _ int64) { waitForClient(r) })
		c := newTestClient(t, testConfig(srv.URL))
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/c", Class: Unsafe}}, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, ErrOutcomeUnknown, "the request was written: it may have been applied")
		var netErr *NetworkError
		require.ErrorAs(t, err, &netErr)
		assert.True(t, netErr.Timeout())
		assert.EqualValues(t, 1, n.Load())
	})

	t.Run("attempts within the deadline go ahead", func(t *testing.T) {
		t.Parallel()
		srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) {
			if n < 3 {
				writeJSON(w, http.StatusBadGateway, `{}`)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		})
		c := newTestClient(t, testConfig(srv.URL))
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/p", Class: Safe}}, nil)
		require.NoError(t, err)
		assert.EqualValues(t, 3, n.Load())
	})
}

// TestContextCancelledDuringBackoff cancels the caller's context while the
// call waits for a 10 s backoff: the call returns promptly and the error
// matches context.Canceled.
func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request)
		class   Class
		is      []error
	}{
		{"after a 503", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusServiceUnavailable, `{}`) }, Safe, []error{ErrServer}},
		{"after a reset", func(w http.ResponseWriter, _ *http.Request) { hijackClose(t, w) }, Keyed, []error{ErrOutcomeUnknown}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first := make(chan struct{}, 1)
			srv, n := countingServer(t, func(w http.ResponseWriter, r *http.Request, _ int64) {
				tc.handler(w, r)
				select {
				case first <- struct{}{}:
				default:
				}
			})
			cfg := testConfig(srv.URL)
			cfg.Retry = RetryPolicy{MaxRetries: 2, BaseDelay: 20 * time.Second, MaxDelay: 20 * time.Second, MaxRetryAfter: time.Second}
			c := newTestClient(t, cfg)
			ctx, cancel := context.WithCancel(t.Context())
			go func() {
				<-first
				time.Sleep(20 * time.Millisecond) // let the call enter its wait
				cancel()
			}()
			start := time.Now()
			_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "x", Method: http.MethodPost, Route: "/x", Class: tc.class}}, nil)
			require.ErrorIs(t, err, context.Canceled)
			for _, cat := range tc.is {
				assert.ErrorIs(t, err, cat)
			}
			assert.Less(t, time.Since(start), 2*time.Second)
			assert.EqualValues(t, 1, n.Load())
		})
	}

	t.Run("cancelled before the call", func(t *testing.T) {
		t.Parallel()
		srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) { w.WriteHeader(http.StatusNoContent) })
		c := newTestClient(t, testConfig(srv.URL))
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/c", Class: Unsafe}}, nil)
		require.ErrorIs(t, err, context.Canceled)
		assert.False(t, errors.Is(err, ErrOutcomeUnknown), "nothing was sent: %v", err)
		assert.EqualValues(t, 0, n.Load())
	})
}
