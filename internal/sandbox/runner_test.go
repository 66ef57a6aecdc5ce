package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testOp       = "op"
	responseBody = `{"ok":true,"value":"0123456789"}`
)

// harness is an httptest server whose single operation counts how often it was applied.
type harness struct {
	srv     *httptest.Server
	inj     *Injector
	log     *Log
	runner  *Runner
	applied atomic.Int64
	served  chan Outcome
	client  *http.Client
	empty   bool // the operation answers with an empty body
}

func newHarness(t *testing.T, maxBody int64) *harness {
	t.Helper()
	h := &harness{inj: new(Injector), log: NewLog(nil), served: make(chan Outcome, 16)}
	h.runner = NewRunner(h.log, maxBody)
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, _ := h.inj.Take(testOp)
		out := h.runner.Perform(w, r, testOp, f, func(body []byte) Response {
			h.applied.Add(1)
			if h.empty {
				return Response{Status: http.StatusCreated}
			}
			return Response{Status: http.StatusCreated, Header: http.Header{"X-Applied": {"yes"}}, Body: []byte(responseBody)}
		})
		h.served <- out
	}))
	h.client = &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	t.Cleanup(func() {
		h.runner.Shutdown()
		h.srv.Close()
		h.client.CloseIdleConnections()
	})
	return h
}

func (h *harness) post(body string) (*http.Response, []byte, error) {
	resp, err := h.client.Post(h.srv.URL+"/things?x=1", "application/json", strings.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func (h *harness) waitServed(t *testing.T) Outcome {
	t.Helper()
	select {
	case out := <-h.served:
		return out
	case <-time.After(5 * time.Second):
		t.Fatal("handler did not finish")
		return Outcome{}
	}
}

// rawRequest sends head (an HTTP/1.1 request without its body) on a new TCP connection and returns
// everything the server sends before closing it.
func rawRequest(t *testing.T, srvURL, head string) ([]byte, error) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srvURL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = io.WriteString(conn, head)
	require.NoError(t, err)
	return io.ReadAll(conn)
}

func TestPerformNoFault(t *testing.T) {
	h := newHarness(t, 0)
	resp, body, err := h.post(`{"a":1}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, responseBody, string(body))
	assert.Equal(t, "yes", resp.Header.Get("X-Applied"))
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	out := h.waitServed(t)
	assert.True(t, out.Applied)
	assert.Equal(t, http.StatusCreated, out.Status)
	assert.Equal(t, int64(1), h.applied.Load())

	entries := h.log.Entries()
	require.Len(t, entries, 1)
	e := entries[0]
	assert.Equal(t, 1, e.Seq)
	assert.Equal(t, testOp, e.Op)
	assert.Equal(t, http.MethodPost, e.Method)
	assert.Equal(t, "/things", e.Path)
	assert.Equal(t, "x=1", e.RawQuery)
	assert.Equal(t, "application/json", e.Header.Get("Content-Type"))
	assert.Equal(t, `{"a":1}`, string(e.Body))
	assert.Equal(t, KindNone, e.Fault)
	assert.Equal(t, http.StatusCreated, e.StatusCode)
	assert.True(t, e.Applied)
	assert.True(t, e.Done)
	assert.False(t, e.Time.IsZero())
}

func TestStatusFault(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, Status(http.StatusServiceUnavailable, `{"error":"busy"}`).WithHeader("X-Fault", "1"), 1)

	resp, body, err := h.post(`{}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, `{"error":"busy"}`, string(body))
	assert.Equal(t, "1", resp.Header.Get("X-Fault"))
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	out := h.waitServed(t)
	assert.False(t, out.Applied)
	assert.Equal(t, int64(0), h.applied.Load())

	// The fault was used up: the next request is served normally.
	resp, _, err = h.post(`{}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	h.waitServed(t)
	assert.Equal(t, int64(1), h.applied.Load())

	e := h.log.Entries()[0]
	assert.Equal(t, KindStatus, e.Fault)
	assert.Equal(t, http.StatusServiceUnavailable, e.StatusCode)
	assert.False(t, e.Applied)
	assert.Equal(t, "{}", string(e.Body), "a status fault still reads the body")
}

func TestStatusFaultPlainTextAndEmptyBody(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, Status(http.StatusBadGateway, "<html>bad gateway</html>"), 1)
	h.inj.Inject(testOp, Status(http.StatusInternalServerError, ""), 1)

	resp, body, err := h.post(`{}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "<html>bad gateway</html>", string(body))

	resp, body, err = h.post(`{}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Empty(t, body)
	assert.Equal(t, int64(0), h.applied.Load())
}

func TestRateLimitFault(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, RateLimit("2").WithBody(`{"error":"slow down"}`), 1)

	resp, body, err := h.post(`{}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	assert.Equal(t, `{"error":"slow down"}`, string(body))
	assert.False(t, h.waitServed(t).Applied)
	assert.Equal(t, int64(0), h.applied.Load())
}

func TestStatusAfterApplyFault(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, StatusAfterApply(http.StatusGatewayTimeout, `{"error":"timeout"}`), 1)

	resp, body, err := h.post(`{}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	assert.Equal(t, `{"error":"timeout"}`, string(body))
	assert.Empty(t, resp.Header.Get("X-Applied"), "the operation's own headers are not sent")
	assert.True(t, h.waitServed(t).Applied)
	assert.Equal(t, int64(1), h.applied.Load())
}

func TestCloseBeforeReadFault(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, CloseBeforeRead(), 1)

	_, _, err := h.post(`{"a":1}`)
	require.Error(t, err)
	out := h.waitServed(t)
	assert.False(t, out.Applied)
	assert.Nil(t, out.Body)
	assert.Equal(t, int64(0), h.applied.Load())

	e := h.log.Entries()[0]
	assert.Equal(t, KindCloseBeforeRead, e.Fault)
	assert.Nil(t, e.Body, "the body is not read")
	assert.Equal(t, 0, e.StatusCode)
	assert.True(t, e.Done)
}

// TestCloseBeforeReadDoesNotWaitForBody proves the server closes the connection without consuming
// the body: the client has not sent a single body byte when the handler finishes.
func TestCloseBeforeReadDoesNotWaitForBody(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, CloseBeforeRead(), 1)

	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+"/things", pr)
	require.NoError(t, err)
	req.ContentLength = 10 // headers are flushed at once for a non-memory body
	errc := make(chan error, 1)
	go func() {
		resp, err := h.client.Do(req)
		if resp != nil {
			resp.Body.Close()
		}
		errc <- err
	}()

	out := h.waitServed(t) // finished while the body is still unwritten
	assert.False(t, out.Applied)
	assert.Nil(t, out.Body)
	pw.CloseWithError(errors.New("test: body withheld"))
	require.Error(t, <-errc)
	assert.Equal(t, int64(0), h.applied.Load())
}

func TestCloseBeforeReadRawConnection(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, CloseBeforeRead(), 1)
	// Announce a body but never send it: the server must close anyway, writing nothing.
	got, err := rawRequest(t, h.srv.URL, "POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
	if err != nil { // a reset instead of a FIN is acceptable
		var ne net.Error
		require.False(t, errors.As(err, &ne) && ne.Timeout(), "server did not close: %v", err)
	}
	assert.Empty(t, got)
	assert.False(t, h.waitServed(t).Applied)
}

func TestCloseAfterApplyFault(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, CloseAfterApply(), 1)

	_, _, err := h.post(`{"a":1}`)
	require.Error(t, err)
	out := h.waitServed(t)
	assert.True(t, out.Applied)
	assert.Equal(t, 0, out.Status)
	assert.Equal(t, int64(1), h.applied.Load())

	e := h.log.Entries()[0]
	assert.Equal(t, KindCloseAfterApply, e.Fault)
	assert.Equal(t, `{"a":1}`, string(e.Body))
	assert.True(t, e.Applied)
	assert.Equal(t, 0, e.StatusCode)

	h.inj.Inject(testOp, CloseAfterApply(), 1)
	got, err := rawRequest(t, h.srv.URL, "POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
	require.NoError(t, err)
	assert.Empty(t, got, "not a single response byte")
	assert.True(t, h.waitServed(t).Applied)
	assert.Equal(t, int64(2), h.applied.Load())
}

func TestDelayFault(t *testing.T) {
	h := newHarness(t, 0)
	const d = 100 * time.Millisecond
	h.inj.Inject(testOp, Delay(d), 1)

	start := time.Now()
	resp, body, err := h.post(`{}`)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), d)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, responseBody, string(body))
	assert.True(t, h.waitServed(t).Applied)
	assert.Equal(t, KindDelay, h.log.Entries()[0].Fault)
}

func TestDelayAppliesAfterClientGivesUp(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, Delay(300*time.Millisecond), 1)
	h.client.Timeout = 50 * time.Millisecond

	_, _, err := h.post(`{}`)
	require.Error(t, err)
	// The request is logged on arrival, before the delay.
	assert.Equal(t, 1, h.log.Len())
	assert.False(t, h.log.Entries()[0].Done)
	assert.Equal(t, int64(0), h.applied.Load())

	out := h.waitServed(t)
	assert.True(t, out.Applied, "a client disconnect does not stop the operation")
	assert.Equal(t, int64(1), h.applied.Load())
	assert.True(t, h.log.Entries()[0].Done)
}

func TestDelayAbandonedOnShutdown(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, Delay(time.Hour), 1)

	errc := make(chan error, 1)
	go func() {
		_, _, err := h.post(`{}`)
		errc <- err
	}()
	require.Eventually(t, func() bool { return h.log.Len() == 1 }, 5*time.Second, 5*time.Millisecond)

	start := time.Now()
	h.runner.Shutdown()
	h.runner.Shutdown() // idempotent
	out := h.waitServed(t)
	assert.False(t, out.Applied)
	require.Error(t, <-errc)
	h.srv.Close()
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, int64(0), h.applied.Load())
}

func TestTruncatedBodyFault(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, TruncatedBody(), 1)

	resp, err := h.client.Post(h.srv.URL+"/things", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, int64(len(responseBody)), resp.ContentLength)
	assert.Equal(t, "yes", resp.Header.Get("X-Applied"))
	got, err := io.ReadAll(resp.Body)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, responseBody[:len(responseBody)/2], string(got))

	out := h.waitServed(t)
	assert.True(t, out.Applied)
	assert.Equal(t, http.StatusCreated, out.Status)
	assert.Equal(t, int64(1), h.applied.Load())
	assert.Equal(t, KindTruncatedBody, h.log.Entries()[0].Fault)
}

func TestTruncatedBodyRawBytes(t *testing.T) {
	h := newHarness(t, 0)
	h.inj.Inject(testOp, TruncatedBody(), 1)
	got, err := rawRequest(t, h.srv.URL, "POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(got)), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, int64(len(responseBody)), resp.ContentLength)
	assert.True(t, bytes.HasSuffix(got, []byte("\r\n\r\n"+responseBody[:len(responseBody)/2])))
	h.waitServed(t)
}

func TestTruncatedEmptyBody(t *testing.T) {
	h := newHarness(t, 0)
	h.empty = true
	h.inj.Inject(testOp, TruncatedBody(), 1)
	resp, err := h.client.Post(h.srv.URL+"/things", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, int64(1), resp.ContentLength)
	_, err = io.ReadAll(resp.Body)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.True(t, h.waitServed(t).Applied)
}

func TestBodyTooLarge(t *testing.T) {
	h := newHarness(t, 8)
	resp, _, err := h.post(`{"too":"large"}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.False(t, h.waitServed(t).Applied)
	assert.Equal(t, int64(0), h.applied.Load())
}

func TestPerformWithoutRunner(t *testing.T) {
	var applied atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := Fault{}
		if r.URL.Path == "/fail" {
			f = Status(http.StatusTeapot, "")
		}
		Perform(w, r, f, func(body []byte) Response {
			applied.Add(1)
			return Response{Body: body}
		})
	}))
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/echo", "text/plain", strings.NewReader("hello"))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "hello", string(b))

	resp, err = http.Post(srv.URL+"/fail", "text/plain", strings.NewReader("hello"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTeapot, resp.StatusCode)
	assert.Equal(t, int64(1), applied.Load())
}

func TestRequestContextIsNotUsedForDelay(t *testing.T) {
	// A delayed request whose client context is cancelled is still applied (see
	// TestDelayAppliesAfterClientGivesUp); this checks the same with an explicit cancel.
	h := newHarness(t, 0)
	h.inj.Inject(testOp, Delay(150*time.Millisecond), 1)
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.srv.URL+"/things", strings.NewReader(`{}`))
	require.NoError(t, err)
	go func() {
		require.Eventually(t, func() bool { return h.log.Len() == 1 }, 5*time.Second, time.Millisecond)
		cancel()
	}()
	_, err = h.client.Do(req)
	require.ErrorIs(t, err, context.Canceled)
	assert.True(t, h.waitServed(t).Applied)
}

type kitOp string

const (
	opGet    kitOp = "thing.get"
	opDelete kitOp = "thing.delete"
	opCreate kitOp = "thing.create"
)

type ctxKey struct{}

// kitHarness is a kit server with three routes over /things, whose handlers count their calls.
type kitHarness struct {
	srv     *Server[kitOp]
	applied atomic.Int64
	clock   *Clock
	// admitted records, per request, the fault kind Admit saw and whether done reported it applied.
	mu       sync.Mutex
	admitted []string
}

func newKitHarness(t *testing.T) *kitHarness {
	t.Helper()
	h := &kitHarness{clock: NewClock(time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC))}
	echo := func(r *http.Request, body []byte) Response {
		h.applied.Add(1)
		v, _ := r.Context().Value(ctxKey{}).(string)
		return JSON(http.StatusOK, map[string]string{"id": r.PathValue("id"), "body": string(body), "admitted": v})
	}
	admit := func(r *http.Request, f Fault) (*http.Request, func(bool)) {
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "yes"))
		return r, func(applied bool) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.admitted = append(h.admitted, f.Kind().String()+map[bool]string{true: "/applied", false: "/not-applied"}[applied])
		}
	}
	h.srv = NewServer(Config{
		Now:              h.clock.Now,
		NotFound:         RawJSON(http.StatusNotFound, []byte(`{"error":"no route"}`)),
		MethodNotAllowed: RawJSON(http.StatusMethodNotAllowed, []byte(`{"error":"method"}`)),
	}, []Route[kitOp]{
		{Pattern: "GET /things/{id}", Op: opGet, Handle: echo},
		{Pattern: "DELETE /things/{id}", Op: opDelete, Handle: echo},
		{Pattern: "POST /things", Op: opCreate, Handle: echo, Admit: admit},
	})
	t.Cleanup(h.srv.Close)
	return h
}

func (h *kitHarness) do(t *testing.T, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, h.srv.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := h.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// TestServerRoutesOnServeMuxPatterns: a route's handler reads its wildcards with PathValue (an
// escaped "/" stays in the segment), and its requests are logged under its operation with the
// server's clock.
func TestServerRoutesOnServeMuxPatterns(t *testing.T) {
	h := newKitHarness(t)
	resp, body := h.do(t, http.MethodGet, "/things/a%2Fb", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"id":"a/b","body":"","admitted":""}`, body)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))

	resp, body = h.do(t, http.MethodDelete, "/things/x", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"id":"x","body":"","admitted":""}`, body)

	reqs := h.srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, opGet, reqs[0].Op)
	assert.Equal(t, "/things/a/b", reqs[0].Path)
	assert.Equal(t, KindNone, reqs[0].Fault)
	assert.Equal(t, http.StatusOK, reqs[0].StatusCode)
	assert.Equal(t, h.clock.Now(), reqs[0].Time)
	assert.Equal(t, opDelete, reqs[1].Op)
	assert.Equal(t, map[kitOp]int{opGet: 1, opDelete: 1}, h.srv.RequestCounts())
}

// TestServerAnswersUnroutedRequests: an unknown path gets the sandbox's NotFound body, a served path
// with another method its MethodNotAllowed body with the methods served there, and a path that is
// not clean gets NotFound rather than ServeMux's redirect. None of them is faulted; all are logged
// under the operation "".
func TestServerAnswersUnroutedRequests(t *testing.T) {
	h := newKitHarness(t)
	h.srv.Inject("", CloseBeforeRead(), -1) // unrouted requests are never faulted
	for _, tt := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, "/nowhere", http.StatusNotFound, ""},
		{http.MethodGet, "/things/", http.StatusNotFound, ""},
		{http.MethodGet, "/things/a/b", http.StatusNotFound, ""},
		{http.MethodGet, "//things/x", http.StatusNotFound, ""},
		{http.MethodGet, "/things/x/../y", http.StatusNotFound, ""},
		{http.MethodPost, "/things/x", http.StatusMethodNotAllowed, "GET, DELETE"},
		{http.MethodGet, "/things", http.StatusMethodNotAllowed, "POST"},
	} {
		req, err := http.NewRequest(tt.method, h.srv.URL(), nil)
		require.NoError(t, err)
		req.URL.Opaque = tt.path // sent as written, uncleaned by the client
		resp, err := h.srv.Client().Do(req)
		require.NoError(t, err, tt.path)
		resp.Body.Close()
		assert.Equal(t, tt.status, resp.StatusCode, "%s %s", tt.method, tt.path)
		assert.Equal(t, tt.allow, resp.Header.Get("Allow"), "%s %s", tt.method, tt.path)
		assert.Empty(t, resp.Header.Get("Location"), "never redirected")
	}
	assert.Zero(t, h.applied.Load())
	assert.Equal(t, map[kitOp]int{"": 7}, h.srv.RequestCounts())
}

// TestServerFaultsAndAdmit: faults are queued per operation; Admit runs with the request's fault,
// its request reaches the handler, and done reports whether the handler ran.
func TestServerFaultsAndAdmit(t *testing.T) {
	h := newKitHarness(t)
	h.srv.Inject(opCreate, Status(http.StatusServiceUnavailable, ""), 1)
	h.srv.Inject(opGet, TruncatedBody(), 2)
	assert.Equal(t, 1, h.srv.PendingFaults(opCreate))
	assert.Equal(t, 2, h.srv.PendingFaults(opGet))

	resp, _ := h.do(t, http.MethodPost, "/things", `{"n":1}`)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	resp, body := h.do(t, http.MethodPost, "/things", `{"n":2}`)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"id":"","body":"{\"n\":2}","admitted":"yes"}`, body)
	assert.Equal(t, []string{"status/not-applied", "none/applied"}, h.admitted)
	assert.Equal(t, 0, h.srv.PendingFaults(opCreate))

	h.srv.ClearFaults()
	assert.Equal(t, 0, h.srv.PendingFaults(opGet))
	resp, _ = h.do(t, http.MethodGet, "/things/x", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	reqs := h.srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, KindStatus, reqs[0].Fault)
	assert.Equal(t, http.StatusServiceUnavailable, reqs[0].StatusCode)
	assert.Equal(t, KindNone, reqs[1].Fault)
}

// TestSettleWaitsForDelayedRequests: a client gives up on a delayed request; Settle returns only
// once the sandbox has applied it, and reports ctx's error while it is still held.
func TestSettleWaitsForDelayedRequests(t *testing.T) {
	h := newKitHarness(t)
	require.NoError(t, h.srv.Settle(context.Background()), "an idle server is settled")
	h.srv.Inject(opGet, Delay(150*time.Millisecond), 1)
	hc := &http.Client{Timeout: 20 * time.Millisecond}
	_, err := hc.Get(h.srv.URL() + "/things/x")
	require.Error(t, err, "the client gave up")
	assert.Zero(t, h.applied.Load(), "not applied yet")

	short, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, h.srv.Settle(short), context.DeadlineExceeded)

	ctx, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	require.NoError(t, h.srv.Settle(ctx))
	assert.Equal(t, int64(1), h.applied.Load(), "Settle returned after the delayed request was applied")
	assert.Equal(t, http.StatusOK, h.srv.Requests()[0].StatusCode)
}

// TestCloseAbandonsDelayedRequestsAndSettles: Close does not wait for a delay, nothing is applied,
// and the server is settled afterwards.
func TestCloseAbandonsDelayedRequestsAndSettles(t *testing.T) {
	h := newKitHarness(t)
	h.srv.Inject(opGet, Delay(time.Hour), 1)
	errc := make(chan error, 1)
	go func() {
		_, err := h.srv.Client().Get(h.srv.URL() + "/things/x")
		errc <- err
	}()
	require.Eventually(t, func() bool { return len(h.srv.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	h.srv.Close()
	h.srv.Close() // idempotent
	assert.Less(t, time.Since(start), 5*time.Second)
	require.Error(t, <-errc)
	require.NoError(t, h.srv.Settle(context.Background()))
	assert.Zero(t, h.applied.Load())
}

func TestClock(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := NewClock(start)
	assert.Equal(t, start, c.Now())
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Advance(time.Second)
			_ = c.Now()
		}()
	}
	wg.Wait()
	assert.Equal(t, start.Add(100*time.Second), c.Now())
	c.Set(start)
	assert.Equal(t, start, c.Now())
	assert.True(t, new(Clock).Now().IsZero())
}

func TestJSONHelpers(t *testing.T) {
	var v struct{ A int }
	require.NoError(t, DecodeObject([]byte(` {"A":1,"extra":true} `), &v))
	assert.Equal(t, 1, v.A)
	for _, bad := range []string{``, `  `, `null`, `[1]`, `{"A":1}{}`, `{"A":"x"}`} {
		assert.Error(t, DecodeObject([]byte(bad), &v), "%q", bad)
	}

	resp := JSON(http.StatusCreated, map[string]int{"a": 1})
	assert.Equal(t, http.StatusCreated, resp.Status)
	assert.JSONEq(t, `{"a":1}`, string(resp.Body))
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Panics(t, func() { JSON(http.StatusOK, func() {}) })

	assert.True(t, Equal("secret", "secret"))
	assert.False(t, Equal("secret", "Secret"))
	assert.Len(t, RandomHex(12), 24)
	assert.NotEqual(t, RandomHex(8), RandomHex(8))
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`), NewUUID())
}

// TestMatrixAndClientFaults: the matrix is every first fault × every final answer, and the
// standard client fault list carries the gateway's bodies and its RateLimit.
func TestMatrixAndClientFaults(t *testing.T) {
	cells := Matrix(50*time.Millisecond, `{"type":"PG_PROVIDER"}`)
	firsts, finals := FirstFaults(50*time.Millisecond), FinalAnswers(`{"type":"PG_PROVIDER"}`)
	require.Len(t, cells, len(firsts)*len(finals))
	names := map[string]bool{}
	for _, c := range cells {
		names[c.Name] = true
	}
	assert.Len(t, names, len(cells), "cell names are unique")
	assert.Equal(t, "close-after-apply/429-long", cells[2*len(finals)+8].Name)
	assert.Equal(t, Delay(100*time.Millisecond), cells[len(cells)-1].First, "the delay outlasts the timeout")
	assert.Equal(t, `{"type":"PG_PROVIDER"}`, cells[10].Final.Body())

	rateLimit := func(retryAfter string) Fault { return RateLimit(retryAfter).WithBody(`{"gateway":"429"}`) }
	faults := ClientFaults(`{"gateway":"500"}`, `{"gateway":"503"}`, rateLimit, time.Second)
	byName := map[string]FaultCase{}
	for _, fc := range faults {
		byName[fc.Name] = fc
	}
	require.Len(t, byName, len(faults))
	assert.Equal(t, `{"gateway":"503"}`, byName["503 always"].Fault.Body())
	assert.Equal(t, `{"gateway":"429"}`, byName["429 retry-after 120"].Fault.Body())
	assert.Equal(t, "120", byName["429 retry-after 120"].Fault.Header().Get("Retry-After"))
	assert.Equal(t, Delay(time.Second), byName["delay past timeout"].Fault)
	assert.True(t, byName["none"].Fault.IsZero())
	assert.Zero(t, byName["none"].N)
}

// TestRequestsAreCopies: what Requests returns shares nothing with the log.
func TestRequestsAreCopies(t *testing.T) {
	h := newKitHarness(t)
	h.do(t, http.MethodPost, "/things", `{"n":1}`)
	reqs := h.srv.Requests()
	reqs[0].Body[0] = 'X'
	reqs[0].Header.Set("X", "y")
	again := h.srv.Requests()
	assert.Equal(t, `{"n":1}`, string(again[0].Body))
	assert.Empty(t, again[0].Header.Get("X"))
}
