package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testAPIError is the gateway error type of the tests: it matches the
// shared categories through CategoryForStatus, like the real gateways'
// fallback.
type testAPIError struct {
	Status    int
	Body      string
	Attempts  int
	Key       string
	RequestID string
}

func (e *testAPIError) Error() string {
	body := e.Body
	if len(body) > 64 {
		body = body[:64] + "…"
	}
	return fmt.Sprintf("testgw: HTTP %d: %s", e.Status, body)
}

func (e *testAPIError) Is(target error) bool {
	cat := CategoryForStatus(e.Status, true) // the test gateway always answers in its own shape
	return cat != nil && target == cat
}

func decodeTestError(r *ErrorResponse) error {
	return &testAPIError{Status: r.StatusCode, Body: string(r.Body), Attempts: r.Attempts, Key: r.IdempotencyKey, RequestID: r.RequestID}
}

// categories are every shared sentinel; tests assert each one's presence
// or absence so an error never matches more than it should.
var categories = []error{
	ErrNotFound, ErrUnauthorized, ErrInvalidRequest, ErrConflict,
	ErrRateLimited, ErrServer, ErrOutcomeUnknown,
}

const outstandingBody = `{"type":"IDEMPOTENCY_OUTSTANDING_REQUEST","message":"still processing"}`

func noJitter(int64) int64 { return 0 }

// testConfig returns a config with near-zero waits: 2 retries, 1 ms delays,
// no jitter.
func testConfig(baseURL string) Config {
	return Config{
		Gateway: "testgw",
		BaseURL: baseURL,
		Timeout: 10 * time.Second,
		Retry: RetryPolicy{
			MaxRetries:    2,
			BaseDelay:     time.Millisecond,
			MaxDelay:      time.Millisecond,
			MaxRetryAfter: time.Second,
		},
		DecodeError:       decodeTestError,
		IdempotencyHeader: "Idempotency-Key",
		IsOutstanding: func(status int, body []byte) bool {
			return status == http.StatusConflict && bytes.Contains(body, []byte("IDEMPOTENCY_OUTSTANDING_REQUEST"))
		},
		RequestIDHeaders: []string{"X-Request-Id"},
		jitter:           noJitter,
	}
}

func newTestClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	c, err := NewClient(cfg)
	require.NoError(t, err)
	return c
}

// countingServer starts an httptest server whose handler counts requests
// (after reading the request body in full) before calling h.
func countingServer(t testing.TB, h func(w http.ResponseWriter, r *http.Request, n int64)) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h(w, r, n.Add(1))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// newServer starts an httptest server closed when the test ends.
func newServer(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// writeJSON answers status with a JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// hijackClose drops the connection after the request was read in full: the
// gateway may have processed it, and no answer comes back.
func hijackClose(t testing.TB, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("response writer cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

// waitForClient blocks until the client gives up on the request (or a
// generous bound passes), like a gateway that is slow to answer.
func waitForClient(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

// countingDialer counts dials and hands each one to dial.
type countingDialer struct {
	n    atomic.Int64
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (d *countingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d.n.Add(1)
	return d.dial(ctx, network, addr)
}

// httpClientWithDialer returns an http.Client whose transport dials through
// d; its idle connections are closed when the test ends.
func httpClientWithDialer(t testing.TB, d *countingDialer) *http.Client {
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// refusedAddr returns the address of a listener that has been closed, so
// dialing it is refused.
func refusedAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// resetConn is a connection whose every write fails with ECONNRESET, so
// no byte of the request leaves the client. Its reads stay silent until the
// test ends, so net/http learns of the failure from the write alone; with
// racy set they end with EOF as soon as the connection is closed, as a real
// reset also shows on the read side, and net/http may then report only that
// EOF.
type resetConn struct {
	net.Conn // one end of a net.Pipe: addresses and deadlines
	peer     net.Conn
	release  <-chan struct{}
	racy     bool
	once     sync.Once
}

func newResetConn(t testing.TB, racy bool) *resetConn {
	a, b := net.Pipe()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	return &resetConn{Conn: a, peer: b, release: release, racy: racy}
}

func (c *resetConn) Write([]byte) (int, error) {
	return 0, &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.ECONNRESET)}
}

func (c *resetConn) Read(p []byte) (int, error) {
	if c.racy {
		return c.Conn.Read(p) // io.EOF once the peer end is closed
	}
	<-c.release
	return 0, io.EOF
}

func (c *resetConn) Close() error {
	c.once.Do(func() { _ = c.peer.Close() })
	return c.Conn.Close()
}

// endlessBody writes chunk until the client goes away (or limit bytes,
// as a safety net) and reports on done when it stops.
func endlessBody(w http.ResponseWriter, chunk []byte, limit int, done chan<- error) {
	var err error
	for written := 0; written < limit; written += len(chunk) {
		if _, err = w.Write(chunk); err != nil {
			break
		}
	}
	if err == nil {
		err = errors.New("wrote the whole body: the client never stopped reading")
	}
	done <- err
}
