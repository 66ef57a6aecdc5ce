package transport

import (
	"bufio"
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
