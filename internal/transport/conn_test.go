package transport

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connCountingServer counts the TCP connections the server accepts.
func connCountingServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// TestConnectionReuse sends 1,000 sequential calls, a third of them
// answered with 4xx error bodies, and checks that they share at most two
// TCP connections: every body is read to the end and closed. Retries given
// up on 503s, per-call timeouts and go-retryablehttp's
// CloseIdleConnections on give-up must not open new connections either.
func TestConnectionReuse(t *testing.T) {
	t.Parallel()
	errBody := `{"code":"NOT_FOUND","message":"` + strings.Repeat("x", 8<<10) + `"}` // larger than retryablehttp's 4 KiB drain
	okBody := `{"id":"p-1","pad":"` + strings.Repeat("y", 6<<10) + `"}`
	srv, conns := connCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch r.URL.Path {
		case "/busy":
			writeJSON(w, http.StatusServiceUnavailable, errBody)
			return
		}
		i, _ := strconv.Atoi(r.URL.Query().Get("i"))
		switch i % 6 {
		case 0:
			writeJSON(w, http.StatusNotFound, errBody)
		case 3:
			writeJSON(w, http.StatusConflict, `{"code":"ALREADY_CANCELLED"}`)
		case 1, 4:
			writeJSON(w, http.StatusOK, okBody)
		case 2:
			w.WriteHeader(http.StatusNoContent)
		case 5:
			writeJSON(w, http.StatusOK, `{}`)
		}
	})
	cfg := testConfig(srv.URL) // nil HTTPClient: the transport's own pooled client
	c := newTestClient(t, cfg)
	ctx := t.Context()

	for i := range 1000 {
		var out struct {
			ID string `json:"id"`
		}
		call := &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodPost, Route: "/payments", Class: Safe}, Query: map[string][]string{"i": {strconv.Itoa(i)}}, Body: map[string]int{"i": i}}
		_, err := c.do(ctx, call, &out)
		switch i % 6 {
		case 0:
			require.ErrorIs(t, err, ErrNotFound, "call %d", i)
		case 3:
			require.ErrorIs(t, err, ErrConflict, "call %d", i)
		case 1, 4:
			require.NoError(t, err, "call %d", i)
			require.Equal(t, "p-1", out.ID)
		case 2: // a 204 carries no result to read
			var derr *DecodeError
			require.ErrorAs(t, err, &derr, "call %d", i)
		default:
			require.NoError(t, err, "call %d", i)
		}
	}
	assert.LessOrEqual(t, conns.Load(), int64(2), "1,000 calls opened %d connections", conns.Load())

	// Retries given up on 503s (retryablehttp calls CloseIdleConnections
	// on its http.Client then) and calls with their own timeout.
	for i := range 10 {
		opts := []RequestOption{}
		if i%2 == 1 {
			opts = append(opts, WithRequestTimeout(5*time.Second))
		}
		res, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/busy", Class: Safe}}, nil, opts...)
		require.ErrorIs(t, err, ErrServer)
		require.Equal(t, 3, res.Attempts)
	}
	for range 10 {
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/payments", Class: Safe}, Query: map[string][]string{"i": {"2"}}}, nil, WithRequestTimeout(5*time.Second))
		require.NoError(t, err)
	}
	assert.LessOrEqual(t, conns.Load(), int64(2), "after retries and per-call timeouts: %d connections", conns.Load())

	// What retryablehttp does when it gives up after a transport error,
	// done directly: the shield keeps the pool, so no new connection.
	before := conns.Load()
	c.http.CloseIdleConnections()
	c.httpClient(time.Second).CloseIdleConnections()
	_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/payments", Class: Safe}, Query: map[string][]string{"i": {"2"}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, before, conns.Load(), "CloseIdleConnections reached the pool")
}

// TestErrorBodyOverLimit answers an error status with an endless body: the
// call ends with the gateway's error, the decoder sees at most
// MaxErrorBodyBytes, and the connection is closed rather than left hanging.
func TestErrorBodyOverLimit(t *testing.T) {
	t.Parallel()
	done := make(chan error, 1)
	srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		endlessBody(w, []byte(strings.Repeat("e", 32<<10)), 1<<30, done)
	})
	var seen int
	cfg := testConfig(srv.URL)
	cfg.Timeout = time.Minute // a body left open would hang the server this long
	cfg.DecodeError = func(r *ErrorResponse) error {
		seen = len(r.Body)
		return decodeTestError(r)
	}
	c := newTestClient(t, cfg)
	_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/p", Class: Safe}}, nil)
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.LessOrEqual(t, seen, MaxErrorBodyBytes)
	assert.EqualValues(t, 1, n.Load())
	select {
	case werr := <-done:
		assert.Error(t, werr) // the client hung up
	case <-time.After(5 * time.Second):
		t.Fatal("the response body was never closed: the server is still writing")
	}
}

// TestSuccessBodyOverLimit answers 200 with a body over MaxResponseBytes:
// *ResponseTooLargeError, no retry, and for a write, outcome unknown (the
// gateway answered 2xx, so it applied it, but the answer is unreadable).
func TestSuccessBodyOverLimit(t *testing.T) {
	t.Parallel()
	for _, class := range []Class{Safe, Keyed, Unsafe} {
		t.Run(class.String(), func(t *testing.T) {
			t.Parallel()
			done := make(chan error, 1)
			srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"pad":"`)
				endlessBody(w, []byte(strings.Repeat("s", 32<<10)), 1<<30, done)
			})
			cfg := testConfig(srv.URL)
			cfg.Timeout = time.Minute
			cfg.MaxResponseBytes = 64 << 10
			c := newTestClient(t, cfg)
			var out map[string]any
			_, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "payments.list", Method: http.MethodPost, Route: "/p", Class: class}}, &out)
			var tooLarge *ResponseTooLargeError
			require.ErrorAs(t, err, &tooLarge)
			assert.EqualValues(t, 64<<10, tooLarge.Limit)
			assert.Equal(t, class != Safe, errors.Is(err, ErrOutcomeUnknown), "%v", err)
			assert.EqualValues(t, 1, n.Load())
			assert.Nil(t, out)
			select {
			case werr := <-done:
				assert.Error(t, werr)
			case <-time.After(5 * time.Second):
				t.Fatal("the response body was never closed: the server is still writing")
			}
		})
	}
}

// TestTruncatedBody answers 2xx with a Content-Length larger than the body
// sent: a Safe call is retried, an Unsafe one ends as outcome unknown.
func TestTruncatedBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		class    Class
		attempts int
		unknown  bool
	}{
		{Safe, 3, false},
		{Keyed, 3, true},
		{Unsafe, 1, true},
	} {
		t.Run(tc.class.String(), func(t *testing.T) {
			t.Parallel()
			srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				conn, buf, err := w.(http.Hijacker).Hijack()
				if !assert.NoError(t, err) {
					return
				}
				defer conn.Close()
				writeRaw(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":\"p-")
			})
			c := newTestClient(t, testConfig(srv.URL))
			var out map[string]any
			res, err := c.do(t.Context(), &Call{Endpoint: &Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/confirm", Class: tc.class}, Reference: "r-1"}, &out)
			require.Error(t, err)
			assert.EqualValues(t, tc.attempts, n.Load())
			assert.Equal(t, tc.attempts, res.Attempts)
			var netErr *NetworkError
			require.ErrorAs(t, err, &netErr)
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			assert.Equal(t, tc.unknown, errors.Is(err, ErrOutcomeUnknown), "%v", err)
			assert.Nil(t, out)
		})
	}
}

func writeRaw(w *bufio.ReadWriter, s string) {
	_, _ = w.WriteString(s)
	_ = w.Flush()
}

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

// TestHiddenReplayIsUnknown: net/http itself resends a request carrying an
// Idempotency-Key when its reused keep-alive connection dies after the
// request was written. The gateway may have applied the first send, so a
// refusal of the resend proves nothing: the keyed write ends unknown, not
// with the refusal. Without the warm-up call the connection is fresh and
// net/http does not resend, which the transport's own retry covers.
func TestHiddenReplayIsUnknown(t *testing.T) {
	t.Parallel()
	for _, final := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusConflict, http.StatusNotFound} {
		srv, n := countingServer(t, func(w http.ResponseWriter, r *http.Request, n int64) {
			switch {
			case r.Method == http.MethodGet:
				writeJSON(w, http.StatusOK, `{}`)
			case n == 2: // the write's first send: applied, then the connection dies
				hijackClose(t, w)
			default: // net/http's own resend of it
				writeJSON(w, final, `{"message":"refused"}`)
			}
		})
		c := newTestClient(t, testConfig(srv.URL))
		ctx := t.Context()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "warm", Method: http.MethodGet, Route: "/warm", Class: Safe}}, nil)
		require.NoError(t, err)

		res, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: map[string]int{"amount": 1}, Reference: "pay-1"}, nil)
		require.Equal(t, int64(3), n.Load(), "net/http resent the write by itself once")
		assert.Equal(t, 1, res.Attempts, "one attempt as the transport counts them")
		var unknown *OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "final %d: %v", final, err)
		assert.Equal(t, "pay-1", unknown.Reference)
		assert.NotEmpty(t, unknown.IdempotencyKey)
		var apiErr *testAPIError
		require.True(t, errors.As(err, &apiErr), "the refusal stays reachable for diagnosis")
		assert.Equal(t, final, apiErr.Status)
	}
}
