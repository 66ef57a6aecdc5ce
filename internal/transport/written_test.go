package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResetBeforeWriteRace lets the reset show on the read side too, where
// net/http may report a bare EOF instead of "nothing written". The
// transport may then count an attempt as written: an Unsafe call stops
// early as outcome unknown, the cautious side, but it never ends as a
// plain network error unless every attempt was proven unwritten.
func TestResetBeforeWriteRace(t *testing.T) {
	t.Parallel()
	d := &countingDialer{dial: func(context.Context, string, string) (net.Conn, error) {
		return newResetConn(t, true), nil
	}}
	cfg := testConfig("http://gateway.invalid")
	cfg.HTTPClient = httpClientWithDialer(t, d)
	c := newTestClient(t, cfg)
	for range 30 {
		before := d.n.Load()
		res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/confirm", Class: Unsafe}, Body: map[string]int{"price": 1000}}, nil)
		require.Error(t, err)
		var netErr *NetworkError
		require.ErrorAs(t, err, &netErr)
		require.EqualValues(t, res.Attempts, d.n.Load()-before, "one dial per attempt")
		require.LessOrEqual(t, res.Attempts, 3)
		if !errors.Is(err, ErrOutcomeUnknown) {
			require.Equal(t, 3, res.Attempts, "a plain network error means every attempt was proven unwritten: %v", err)
		}
	}
}

// TestReplayedRequestCountsAsWritten covers net/http's own replay: a
// request carrying an Idempotency-Key (and a rewindable body) is sent again
// by net/http when a reused connection dies after the request was written.
// If the replay then fails before writing anything, net/http's "nothing
// written" speaks for the replay only: the attempt still counts as written
// and a keyed write that gives up ends as outcome unknown.
func TestReplayedRequestCountsAsWritten(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		requests.Add(1)
		if r.URL.Path == "/warm" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		hijackClose(t, w) // the request was read: the gateway may have applied it
	})
	addr := srv.Listener.Addr().String()
	var dialer net.Dialer
	d := &countingDialer{}
	d.dial = func(ctx context.Context, network, _ string) (net.Conn, error) {
		if d.n.Load() == 1 {
			return dialer.DialContext(ctx, network, addr)
		}
		return newResetConn(t, false), nil // the replay never leaves the client
	}
	cfg := testConfig(srv.URL)
	cfg.HTTPClient = httpClientWithDialer(t, d)
	c := newTestClient(t, cfg)

	_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "warm", Method: http.MethodGet, Route: "/warm"}}, nil)
	require.NoError(t, err) // leaves one idle connection for the next call to reuse

	res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: map[string]int{"amount": 1000}, Reference: "pay-1"},
		nil, WithIdempotencyKey("k-1"), WithMaxRetries(0))
	require.ErrorIs(t, err, ErrOutcomeUnknown, "the first try reached the gateway")
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "k-1", unknown.IdempotencyKey)
	assert.Equal(t, 1, res.Attempts)
	assert.EqualValues(t, 2, d.n.Load(), "net/http replayed the request on a new connection")
	assert.EqualValues(t, 2, requests.Load(), "warm-up and one cancel reached the server")
}

// TestUnsafeNeverReplayedByNetHTTP sends an Unsafe write over a reused
// connection that the gateway drops after reading the request. net/http
// replays a POST on its own when it carries Idempotency-Key or
// X-Idempotency-Key, so neither header may be added to a call: the write
// reaches the gateway once and ends as outcome unknown.
func TestUnsafeNeverReplayedByNetHTTP(t *testing.T) {
	t.Parallel()
	for _, header := range []string{"Idempotency-Key", "X-Idempotency-Key", "x-idempotency-key"} {
		_, err := ApplyOptions([]RequestOption{WithHeader(header, "k")})
		assert.ErrorContains(t, err, "managed by the SDK", header)
	}

	var confirms atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/warm" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if confirms.Add(1) == 1 {
			hijackClose(t, w)
			return
		}
		writeJSON(w, http.StatusOK, `{"status":1}`)
	})
	c := newTestClient(t, testConfig(srv.URL))
	_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "warm", Method: http.MethodGet, Route: "/warm"}}, nil)
	require.NoError(t, err)
	_, err = c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/confirm", Class: Unsafe}, Body: map[string]string{"receipt_id": "r-1"}}, nil,
		WithHeader("X-Trace", "t-1"))
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.EqualValues(t, 1, confirms.Load(), "the write reached the gateway exactly once")
}
