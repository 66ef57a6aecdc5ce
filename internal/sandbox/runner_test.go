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
	"strings"
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
