package portone

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// recordedRequest is one request as the test server saw it.
type recordedRequest struct {
	Method  string
	Path    string // decoded path
	RawPath string // escaped path as sent (EscapedPath)
	Query   url.Values
	Header  http.Header
	Body    []byte
}

// reply is a canned response.
type reply struct {
	status int
	body   string
	header http.Header
}

// wireServer records every request and answers with queued replies, or
// 200 with the default body when the queue is empty.
type wireServer struct {
	*httptest.Server
	mu          sync.Mutex
	requests    []recordedRequest
	replies     []reply
	defaultBody string
}

// newWireServer starts a recording server answering defaultBody.
func newWireServer(t *testing.T, defaultBody string) *wireServer {
	t.Helper()
	ws := &wireServer{defaultBody: defaultBody}
	ws.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ws.mu.Lock()
		ws.requests = append(ws.requests, recordedRequest{
			Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), Query: r.URL.Query(),
			Header: r.Header.Clone(), Body: body,
		})
		rep := reply{status: http.StatusOK, body: ws.defaultBody}
		if len(ws.replies) > 0 {
			rep, ws.replies = ws.replies[0], ws.replies[1:]
		}
		ws.mu.Unlock()
		for k, vs := range rep.header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.body)
	}))
	t.Cleanup(ws.Close)
	return ws
}

// then queues a reply for the next request.
func (ws *wireServer) then(status int, body string) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.replies = append(ws.replies, reply{status: status, body: body})
}

// recorded returns a copy of the requests received so far.
func (ws *wireServer) recorded() []recordedRequest {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return append([]recordedRequest(nil), ws.requests...)
}

// last returns the most recent request.
func (ws *wireServer) last(t *testing.T) recordedRequest {
	t.Helper()
	reqs := ws.recorded()
	require.NotEmpty(t, reqs, "no request reached the server")
	return reqs[len(reqs)-1]
}

// testClient returns a client for ws with near-zero backoff.
func testClient(t *testing.T, ws *wireServer, opts ...Option) *Client {
	t.Helper()
	opts = append([]Option{
		WithBaseURL(ws.URL),
		WithRetryPolicy(RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Second}),
	}, opts...)
	c, err := NewClient("test-api-secret", opts...)
	require.NoError(t, err)
	return c
}
