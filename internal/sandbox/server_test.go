package sandbox

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
