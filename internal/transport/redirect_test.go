package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 3xx from the gateway is the answer, never followed: a write must not
// reach another URL (307/308 resend the body) or turn into a GET whose 2xx
// reads as the write's success (301/302/303).
func TestRedirectsAreNeverFollowed(t *testing.T) {
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var elsewhere atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/elsewhere" {
				elsewhere.Add(1)
				_, _ = w.Write([]byte(`{"ok":true}`))
				return
			}
			http.Redirect(w, r, "/elsewhere", code)
		}))
		c := newTestClient(t, testConfig(srv.URL))
		for _, ep := range []*Endpoint{
			{Op: "w.unsafe", Method: http.MethodPost, Route: "/pay", Class: Unsafe},
			{Op: "w.keyed", Method: http.MethodPost, Route: "/pay", Class: Keyed},
			{Op: "r.safe", Method: http.MethodGet, Route: "/pay", Class: Safe},
		} {
			var out map[string]any
			_, err := c.do(context.Background(), &Call{Endpoint: ep, Body: map[string]int{"amount": 1000}}, &out)
			require.Error(t, err, "%d %s", code, ep.Op)
			assert.Nil(t, out, "%d %s: nothing decoded", code, ep.Op)
		}
		assert.Zero(t, elsewhere.Load(), "%d: the redirect target was never requested", code)
		srv.Close()
	}
}

// getBodyRecorder records whether each request could be rewound by
// net/http (GetBody set), which is what lets its HTTP/2 client replay a
// request on its own.
type getBodyRecorder struct {
	rt      http.RoundTripper
	rewinds []bool
}

func (g *getBodyRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	g.rewinds = append(g.rewinds, r.GetBody != nil)
	return g.rt.RoundTrip(r)
}

// An Unsafe write goes out without GetBody, so net/http cannot resend it by
// itself (its HTTP/2 client replays a request whose stream was reset,
// even one the server read); a Keyed one keeps it.
func TestUnsafeWritesCannotBeRewoundByNetHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	rec := &getBodyRecorder{rt: http.DefaultTransport}
	cfg := testConfig(srv.URL)
	cfg.HTTPClient = &http.Client{Transport: rec}
	c := newTestClient(t, cfg)
	for _, ep := range []*Endpoint{
		{Op: "w.unsafe", Method: http.MethodPost, Route: "/pay", Class: Unsafe},
		{Op: "w.keyed", Method: http.MethodPost, Route: "/pay", Class: Keyed},
	} {
		_, err := c.do(context.Background(), &Call{Endpoint: ep, Body: map[string]int{"amount": 1000}}, nil)
		require.NoError(t, err)
	}
	assert.Equal(t, []bool{false, true}, rec.rewinds)
}
