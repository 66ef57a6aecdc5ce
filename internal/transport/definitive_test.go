package transport

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefinitive5xx: a 5xx the gateway marks as its final answer (a PG's
// refusal) is neither retried nor reported as an unknown outcome, in any
// class; other 5xx keep their retry rules.
func TestDefinitive5xx(t *testing.T) {
	for _, class := range []Class{Safe, Keyed, Unsafe} {
		t.Run(class.String(), func(t *testing.T) {
			srv, hits := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				writeJSON(w, http.StatusBadGateway, `{"code":"PG_DECLINED"}`)
			})
			cfg := testConfig(srv.URL)
			cfg.IdempotencyHeader = "Idempotency-Key"
			cfg.IsDefinitive = func(status int, body []byte) bool {
				return status == http.StatusBadGateway && bytes.Contains(body, []byte("PG_DECLINED"))
			}
			c := newTestClient(t, cfg)
			_, err := c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "charge", Method: http.MethodPost, Route: "/charge", Class: class}, Body: map[string]int{"amount": 1000}}, nil)
			require.Error(t, err)
			assert.Equal(t, int64(1), hits.Load(), "a final answer is not retried")
			assert.False(t, errors.Is(err, ErrOutcomeUnknown))
			assert.True(t, errors.Is(err, ErrServer))
		})
	}
}

// TestEmptyBodyOnWrite: a 2xx without the documented body leaves a write's
// result unreadable: OutcomeUnknown with the key and the attempts, never a
// success with zero values. A lookup gets a plain DecodeError; a 204 is
// fine.
func TestEmptyBodyOnWrite(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/nocontent" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	c := newTestClient(t, testConfig(srv.URL))
	var out struct{ ID string }

	res, err := c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "pay", Method: http.MethodPost, Route: "/pay", Class: Keyed}, Body: map[string]int{"a": 1}, Reference: "p-1"}, &out)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, res.IdempotencyKey, unknown.IdempotencyKey)
	assert.NotEmpty(t, unknown.IdempotencyKey)
	assert.Equal(t, 1, unknown.Attempts)
	var derr *DecodeError
	assert.ErrorAs(t, err, &derr)

	_, err = c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "get", Method: http.MethodGet, Route: "/get", Class: Safe}}, &out)
	assert.ErrorAs(t, err, &derr)
	assert.False(t, errors.Is(err, ErrOutcomeUnknown))

	_, err = c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "del", Method: http.MethodDelete, Route: "/nocontent", Class: Keyed}}, &out)
	assert.NoError(t, err)
}

// TestLongRetryAfterAfterAppliedAttempt: a 429 refuses only its own
// attempt; when an earlier attempt may have been applied, the call's
// outcome is unknown, and the rate limit stays visible.
func TestLongRetryAfterAfterAppliedAttempt(t *testing.T) {
	srv, hits := countingServer(t, func(w http.ResponseWriter, _ *http.Request, n int64) {
		if n == 1 {
			writeJSON(w, http.StatusServiceUnavailable, `{}`) // may have been applied
			return
		}
		w.Header().Set("Retry-After", "120")
		writeJSON(w, http.StatusTooManyRequests, `{}`)
	})
	c := newTestClient(t, testConfig(srv.URL))
	_, err := c.do(context.Background(), &Call{Endpoint: &Endpoint{Op: "cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: map[string]int{"a": 1}}, nil)
	assert.Equal(t, int64(2), hits.Load())
	assert.True(t, errors.Is(err, ErrOutcomeUnknown), "%v", err)
	var rl *RateLimitError
	assert.ErrorAs(t, err, &rl, "the rate limit stays reachable with errors.As")
	assert.False(t, errors.Is(err, ErrRateLimited), "an unknown outcome matches no other category")
}
