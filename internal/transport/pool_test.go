package transport

import (
	"context"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// poolOf returns the net/http transport under a client built without an
// HTTP client.
func poolOf(t *testing.T, c *Client) *http.Transport {
	t.Helper()
	tr, ok := gateOf(t, c).rt.(*http.Transport)
	require.True(t, ok)
	return tr
}

// gateOf returns the cold-start gate of a client built without an HTTP
// client.
func gateOf(t *testing.T, c *Client) *coldStartGate {
	t.Helper()
	gate, ok := c.http.Transport.(attemptTransport).rt.(*coldStartGate)
	require.True(t, ok, "default round tripper is %T", c.http.Transport.(attemptTransport).rt)
	return gate
}

// settingsClient builds a client from options, the way a gateway's
// NewClient does.
func settingsClient(baseURL string, opts ...Option) (*Client, error) {
	s := NewSettings("testgw", baseURL, nil)
	if err := s.Apply(opts); err != nil {
		return nil, err
	}
	cfg := testConfig(baseURL)
	cfg.HTTPClient, cfg.MaxIdleConnsPerHost, cfg.MaxConnsPerHost, cfg.RootCAs =
		s.Config.HTTPClient, s.Config.MaxIdleConnsPerHost, s.Config.MaxConnsPerHost, s.Config.RootCAs
	return NewClient(cfg)
}

// TestPoolDefaults: with no option the pool keeps 256 idle connections to
// the gateway's host (the whole pool is as large: one host) and has no
// cap; the options set both, and HTTP/2 stays on.
func TestPoolDefaults(t *testing.T) {
	t.Parallel()
	c, err := settingsClient("https://gw.example")
	require.NoError(t, err)
	tr := poolOf(t, c)
	assert.Equal(t, DefaultMaxIdleConnsPerHost, tr.MaxIdleConnsPerHost)
	assert.Equal(t, 256, tr.MaxIdleConnsPerHost)
	assert.Equal(t, tr.MaxIdleConnsPerHost, tr.MaxIdleConns)
	assert.Zero(t, tr.MaxConnsPerHost, "no cap by default")
	assert.True(t, tr.ForceAttemptHTTP2)
	assert.Nil(t, tr.TLSNextProto, "HTTP/2 is not turned off")

	c, err = settingsClient("https://gw.example", WithMaxIdleConnsPerHost(500), WithMaxConnsPerHost(40))
	require.NoError(t, err)
	tr = poolOf(t, c)
	assert.Equal(t, 500, tr.MaxIdleConnsPerHost)
	assert.Equal(t, 500, tr.MaxIdleConns)
	assert.Equal(t, 40, tr.MaxConnsPerHost)

	// Per-call timeouts derive clients that share the one pool.
	hc := c.httpClient(time.Second)
	assert.Same(t, c.http.Transport.(attemptTransport).rt, hc.Transport.(attemptTransport).rt)
}

// TestPoolOptionsRefused: sizes must be positive, and the pool options
// and root CAs are refused with WithHTTPClient, in either order, before
// any I/O; the caller's transport is left as it was.
func TestPoolOptionsRefused(t *testing.T) {
	t.Parallel()
	for _, opt := range []Option{WithMaxIdleConnsPerHost(0), WithMaxIdleConnsPerHost(-1), WithMaxConnsPerHost(0), WithMaxConnsPerHost(-3), WithRootCAs(nil)} {
		_, err := settingsClient("https://gw.example", opt)
		assert.Error(t, err)
	}
	mine := &http.Transport{MaxIdleConnsPerHost: 3}
	hc := &http.Client{Transport: mine}
	for _, opts := range [][]Option{
		{WithHTTPClient(hc), WithMaxIdleConnsPerHost(100)},
		{WithMaxConnsPerHost(10), WithHTTPClient(hc)},
	} {
		c, err := settingsClient("https://gw.example", opts...)
		assert.Nil(t, c)
		assert.EqualError(t, err, "testgw: WithMaxIdleConnsPerHost and WithMaxConnsPerHost size the SDK's own transport; with WithHTTPClient, size your client's transport instead")
	}
	_, err := settingsClient("https://gw.example", WithHTTPClient(hc), WithRootCAs(x509.NewCertPool()))
	assert.ErrorContains(t, err, "root CAs apply to the SDK's own transport")
	assert.Same(t, mine, hc.Transport)
	assert.Equal(t, 3, mine.MaxIdleConnsPerHost)
	assert.Zero(t, mine.MaxConnsPerHost)
}

// TestFanoutReusesConnections: 200 goroutines calling at once over
// HTTP/1.1 open a connection each (the server holds the first 200 calls
// until all have arrived); then 200 × 10 more calls, answered in 2 ms,
// reuse them, opening at most a few: the default pool keeps every
// connection a caller hands back. With 16 idle connections per host, the
// old default, the second burst reopened hundreds.
func TestFanoutReusesConnections(t *testing.T) {
	t.Parallel()
	const callers = 200
	var arrived atomic.Int64
	allIn := make(chan struct{})
	srv, conns := connCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n := arrived.Add(1); n == callers {
			close(allIn)
		} else if n < callers {
			<-allIn
		}
		time.Sleep(2 * time.Millisecond)
		writeJSON(w, http.StatusOK, `{"id":"p-1"}`)
	})
	c := newTestClient(t, testConfig(srv.URL))
	burst := func(calls int) {
		var wg sync.WaitGroup
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range calls {
					_, err := c.do(t.Context(), &Call{Endpoint: getPayment}, nil)
					assert.NoError(t, err)
				}
			}()
		}
		wg.Wait()
	}
	burst(1)
	warm := conns.Load()
	require.Equal(t, int64(callers), warm)
	burst(10)
	assert.LessOrEqual(t, conns.Load()-warm, int64(callers/10), "2,000 calls after the first burst opened %d more connections", conns.Load()-warm)
}

// holdingClient is a new client of a server that answers after release is
// closed and reports each request as it arrives; with h2 the server speaks
// HTTP/2 over TLS and the client trusts its certificate.
func holdingClient(t *testing.T, h2 bool) (c *Client, arrived chan struct{}, release chan struct{}) {
	t.Helper()
	arrived, release = make(chan struct{}, 10), make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h2 && r.ProtoMajor != 2 {
			t.Errorf("request over HTTP/%d", r.ProtoMajor)
		}
		arrived <- struct{}{}
		<-release
		writeJSON(w, http.StatusOK, `{"id":"p-1"}`)
	}))
	srv.EnableHTTP2 = h2
	if h2 {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	cfg := testConfig(srv.URL)
	if h2 {
		cfg.RootCAs = x509.NewCertPool()
		cfg.RootCAs.AddCert(srv.Certificate())
	}
	return newTestClient(t, cfg), arrived, release
}

// getAsync starts a GET on c and returns where its error will arrive.
func getAsync(t *testing.T, c *Client) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := c.do(t.Context(), &Call{Endpoint: getPayment}, nil)
		done <- err
	}()
	return done
}

var getPayment = &Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/payments", Class: Safe}

// TestColdStartGateHTTP2: on a new client over HTTP/2, a second call waits
// until the first one's answer has come (so that it can share its
// connection); waiting, it gives up with its own timeout before anything
// is sent. After the first answer, calls go at once on the same
// connection.
func TestColdStartGateHTTP2(t *testing.T) {
	t.Parallel()
	c, arrived, release := holdingClient(t, true)
	// Only the first answer may open the gate here, however slow the
	// machine: TestColdStartGateHoldEnds covers the hold.
	gateOf(t, c).hold = time.Hour

	first := getAsync(t, c)
	<-arrived
	res, err := c.do(t.Context(), &Call{Endpoint: getPayment}, nil, WithRequestTimeout(50*time.Millisecond), WithMaxRetries(0))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, res.Attempts)
	assert.Empty(t, arrived, "the waiting call reached the server")

	close(release)
	require.NoError(t, <-first)
	_, err = c.do(t.Context(), &Call{Endpoint: getPayment}, nil)
	require.NoError(t, err)
	assert.Len(t, arrived, 1)
}

// TestColdStartGateHoldEnds: a first call that stays unanswered holds the
// others only for the hold once its HTTP/2 connection is up; then they go
// on the same connection without waiting for its answer.
func TestColdStartGateHoldEnds(t *testing.T) {
	t.Parallel()
	c, arrived, release := holdingClient(t, true)
	gateOf(t, c).hold = 20 * time.Millisecond

	first := getAsync(t, c)
	<-arrived
	second := getAsync(t, c)
	select {
	case <-arrived: // the second call went through while the first is unanswered
	case <-time.After(10 * time.Second):
		t.Fatal("the gate stayed shut after its hold")
	}
	close(release)
	require.NoError(t, <-first)
	require.NoError(t, <-second)
}

// TestColdStartGateHTTP1: over plain HTTP/1.1 there is nothing to share,
// and a second call does not wait for the first one's answer.
func TestColdStartGateHTTP1(t *testing.T) {
	t.Parallel()
	c, arrived, release := holdingClient(t, false)
	first, second := getAsync(t, c), getAsync(t, c)
	for range 2 {
		select {
		case <-arrived:
		case <-time.After(5 * time.Second):
			t.Fatal("the second call waited for the first one's answer")
		}
	}
	close(release)
	require.NoError(t, <-first)
	require.NoError(t, <-second)
}
