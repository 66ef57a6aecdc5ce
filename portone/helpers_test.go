package portone

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// recordedRequest is one request as the mock received it.
type recordedRequest struct {
	Method  string
	Path    string // decoded path
	RawPath string // escaped path as sent (EscapedPath)
	Query   url.Values
	Header  http.Header
	Body    []byte
}

// wireServer is PortOne on httpmock (no socket): it records every request
// and answers with queued replies, or 200 with the default body when the
// queue is empty.
type wireServer struct{ *wiretest.Mock }

// newWireServer starts a recording mock answering defaultBody.
func newWireServer(t *testing.T, defaultBody string) *wireServer {
	t.Helper()
	return &wireServer{wiretest.New(t, wireCoverage, "https://portone.test", func(*http.Request) (*http.Response, error) {
		return wiretest.JSON(http.StatusOK, []byte(defaultBody)), nil
	})}
}

// then queues a reply for the next request.
func (ws *wireServer) then(status int, body string) { ws.Then(status, body) }

// thenFunc queues a responder for the next request.
func (ws *wireServer) thenFunc(reply httpmock.Responder) { ws.ThenFunc(reply) }

// recorded returns a copy of the requests received so far.
func (ws *wireServer) recorded() []recordedRequest {
	var out []recordedRequest
	for _, r := range ws.Requests() {
		out = append(out, recordedRequest{Method: r.Method, Path: r.Path, RawPath: r.RawPath, Query: r.Query, Header: r.Header, Body: r.Body})
	}
	return out
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
		WithBaseURL(ws.URL), WithHTTPClient(ws.Client),
		WithRetryPolicy(RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Second}),
	}, opts...)
	c, err := NewClient("test-api-secret", opts...)
	require.NoError(t, err)
	return c
}

// errOf keeps only the error of a service call, so a table case that
// checks what a call refuses or sends reads as one expression.
func errOf(_ any, err error) error { return err }

// modified returns p after mod has changed it: a valid params value with
// one field broken, for the validation and id tables.
func modified[P any](p P, mod func(*P)) P {
	mod(&p)
	return p
}
