// Package sandboxtest holds the test helpers paykit's tests share when they drive a sandbox
// (bootpaytest, portonetest, commercetest): settling a server, the timings and retry policy of the
// client fault tests, running a call under every standard fault, the runner of the write-outcome
// matrix, and, for the sandboxes' own tests, a raw HTTP client with a decoded result (and Do for
// the examples' plain requests), the standard table of faults a sandbox serves its writes under
// with the checks of one faulted request and of the fault queue (ServeFaulted, RequireFaultQueue,
// RequireFaultsBeforeAuth), the at-most-once checks of a write matrix (RunWrites,
// AppliedAtMostOnce), and the browser-SDK and listener checks the three sandboxes share. Only
// tests import it.
package sandboxtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/transport"
)

// Timings of the client fault tests: an attempt times out well before a delayed reply arrives.
const (
	AttemptTimeout = 150 * time.Millisecond
	FaultDelay     = 400 * time.Millisecond
)

// FastRetries is the retry policy of the client fault tests: the default two retries with
// near-zero backoff, and a Retry-After of up to a second honoured.
func FastRetries() transport.RetryPolicy {
	return transport.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: time.Second}
}

// ClientOptions returns the options of a client in the fault tests: the sandbox's base URL,
// AttemptTimeout and FastRetries, then opts, which come last and win. Both gateways' options are
// transport options, so bootpay.NewClient and portone.NewClient take the result as it is.
func ClientOptions(baseURL string, opts ...transport.Option) []transport.Option {
	return append([]transport.Option{
		transport.WithBaseURL(baseURL),
		transport.WithTimeout(AttemptTimeout),
		transport.WithRetryPolicy(FastRetries()),
	}, opts...)
}

// BearerTokens returns the access tokens a sandbox received, in arrival order: the Bearer
// credentials of the Authorization headers of reqs, which header reads from a sandbox's request.
func BearerTokens[R any](reqs []R, header func(R) http.Header) []string {
	var tokens []string
	for _, r := range reqs {
		if h := header(r).Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			tokens = append(tokens, strings.TrimPrefix(h, "Bearer "))
		}
	}
	return tokens
}

// A URLCloser is a sandbox server as its own tests see it: bootpaytest.Server, portonetest.Server or
// commercetest.Server.
type URLCloser interface {
	URL() string
	Client() *http.Client
	Close()
}

// RequireURLAndClose checks what every sandbox promises about its lifecycle: its URL matches
// urlPattern, a request to path without credentials is refused with 401 (so the server is up and
// authenticates), and Close may be called twice.
func RequireURLAndClose(t *testing.T, srv URLCloser, urlPattern, path string) {
	t.Helper()
	assert.Regexp(t, urlPattern, srv.URL())
	resp, err := srv.Client().Get(srv.URL() + path)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	srv.Close()
	srv.Close() // idempotent
}

// A Settler is a sandbox server: bootpaytest.Server, portonetest.Server or a sandbox.Server.
type Settler interface {
	Settle(ctx context.Context) error
}

// Settle waits until srv has served every request it received, so that its state is final before
// the test compares it with what the client reported. It fails t after 5 seconds.
func Settle(t testing.TB, srv Settler) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Settle(ctx); err != nil {
		t.Fatalf("sandbox did not settle: %v", err)
	}
}

// RunMatrix runs body as the subtest "<group>/<cell>" for every group (the writes under test, or
// writes × connection states) and every cell of the write-outcome matrix, at most parallel at a
// time. The cells run from their own goroutines rather than with t.Parallel, which would cap them
// at GOMAXPROCS although most of them only wait on a delay.
func RunMatrix(t *testing.T, groups []string, cells []sandbox.Cell, parallel int, body func(t *testing.T, group int, c sandbox.Cell)) {
	t.Logf("write-outcome matrix: %d groups × %d cells = %d subtests", len(groups), len(cells), len(groups)*len(cells))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(parallel, 1))
	for g := range groups {
		for _, c := range cells {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				t.Run(groups[g]+"/"+c.Name, func(t *testing.T) { body(t, g, c) })
			}()
		}
	}
	wg.Wait()
}

// EachFault runs body as a parallel subtest named after the fault, for every fault case, each with
// its own sandbox from newServer, closed when the subtest ends.
func EachFault[S interface{ Close() }](t *testing.T, faults []sandbox.FaultCase, newServer func() S, body func(t *testing.T, srv S, fc sandbox.FaultCase)) {
	for _, fc := range faults {
		t.Run(fc.Name, func(t *testing.T) {
			t.Parallel()
			srv := newServer()
			defer srv.Close()
			body(t, srv, fc)
		})
	}
}

// CloseAbandonsDelayed checks that closing a sandbox abandons a request a Delay fault holds: send
// issues it (the test has injected the delay), received counts the requests the sandbox logged,
// close shuts it down, and applied counts what it applied, which must stay 0. Close must not wait
// for the delay, and the request must fail.
func CloseAbandonsDelayed(t *testing.T, send func() error, received func() int, close func(), applied func() int) {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- send() }()
	require.Eventually(t, func() bool { return received() == 1 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	close()
	assert.Less(t, time.Since(start), 5*time.Second)
	require.Error(t, <-errc)
	assert.Zero(t, applied())
}

// Burst calls call from n goroutines at once and fails t on any error.
func Burst(t *testing.T, n int, call func() error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := call(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// Do sends req with hc and returns the status code and the body as read, as a merchant backend
// without an SDK reads a sandbox's answer; the error is the transport's or the one reading the body.
func Do(hc *http.Client, req *http.Request) (status int, body string, err error) {
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// A Result is a sandbox's response, decoded for assertions.
type Result struct {
	Status int
	Header http.Header
	Raw    []byte
	// Body is the response decoded as a JSON object, numbers as json.Number; nil when the body is
	// not one (empty, cut short, HTML).
	Body map[string]any
}

// Str returns the string at key of the body, or "".
func (r Result) Str(key string) string {
	s, _ := r.Body[key].(string)
	return s
}

// Num returns the number at key of the body as spelled on the wire ("1000", "1000.0"), or "".
func (r Result) Num(key string) string {
	n, _ := r.Body[key].(json.Number)
	return n.String()
}

// Obj returns the object at key of the body, or nil.
func (r Result) Obj(key string) map[string]any {
	m, _ := r.Body[key].(map[string]any)
	return m
}

// Items returns the array at "items" of the body (PortOne's lists), or nil.
func (r Result) Items() []any {
	s, _ := r.Body["items"].([]any)
	return s
}

// Get walks a path of object keys and array indexes ("amount.cancelled", "items.0.payment.id") and
// returns the value there, or nil.
func (r Result) Get(path string) any {
	var cur any = r.Body
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[part]
		case []any:
			var i int
			if _, err := fmt.Sscan(part, &i); err != nil || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	return cur
}

// At returns the value at path (see [Result.Get]) as a string: strings as they are, numbers in
// their JSON spelling, other values JSON encoded, "" when absent.
func (r Result) At(path string) string {
	switch v := r.Get(path).(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// A Client sends raw HTTP requests to a sandbox, as a gateway SDK in any language would, so that a
// sandbox's tests check its wire format without going through paykit's clients.
type Client struct {
	T    *testing.T
	Base string
	HC   *http.Client
	// Auth is the Authorization header sent; "" sends none.
	Auth string
	// Header holds headers sent with every request.
	Header http.Header
	// Check, when set, is called with every response that has a JSON object body (PortOne's
	// sandbox validates them against PortOne's schema).
	Check func(method, escapedPath string, res Result)
}

// NewClient returns a Client for the API at base with its own connection pool, closed when the
// test ends.
func NewClient(t *testing.T, base, auth string) *Client {
	tr := &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return &Client{T: t, Base: base, HC: &http.Client{Transport: tr, Timeout: 10 * time.Second}, Auth: auth, Header: http.Header{}}
}

// With returns a copy of c that sends another Authorization header ("" for none).
func (c *Client) With(auth string) *Client {
	cp := *c
	cp.Auth = auth
	return &cp
}

// Send performs a request to c.Base+path and decodes the response. body may be nil, a string (sent
// as is) or a value encoded as JSON; opts change the request before it is sent. The error is the
// transport's or the one reading the body (a truncated body yields the part read and the error).
func (c *Client) Send(method, path string, body any, opts ...func(*http.Request)) (Result, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		require.NoError(c.T, err)
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, c.Base+path, rd)
	require.NoError(c.T, err)
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Auth != "" {
		req.Header.Set("Authorization", c.Auth)
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := c.HC.Do(req)
	if err != nil {
		return Result{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	res := Result{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if err != nil {
		return res, err
	}
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&res.Body) != nil {
			res.Body = nil
		}
	}
	if c.Check != nil && res.Body != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		c.Check(method, req.URL.EscapedPath(), res)
	}
	return res, nil
}

// Must is [Client.Send] for a request that must get a complete response.
func (c *Client) Must(method, path string, body any, opts ...func(*http.Request)) Result {
	c.T.Helper()
	res, err := c.Send(method, path, body, opts...)
	require.NoError(c.T, err)
	return res
}

// A FaultTest is one row of the table a sandbox's own tests serve each write under: the fault,
// whether it lets the operation run (Applied is 1 then), and what the raw client must get.
type FaultTest struct {
	Name    string
	Fault   sandbox.Fault
	Applied int
	Check   func(t *testing.T, res Result, err error)
}

// FaultTests returns the standard table: a status fault with busy (the gateway's 503 body), a rate
// limit from the sandbox's rateLimit (rateLimited checks its 429 body), a status after applying,
// both connection drops, a truncated body and a 50 ms delay.
func FaultTests(busy string, rateLimit func(retryAfter string) sandbox.Fault, rateLimited func(t *testing.T, res Result)) []FaultTest {
	return []FaultTest{
		{"status", sandbox.Status(http.StatusServiceUnavailable, busy), 0, func(t *testing.T, res Result, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusServiceUnavailable, res.Status)
			assert.Equal(t, busy, string(res.Raw))
			assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
		}},
		{"rate limit", rateLimit("2"), 0, func(t *testing.T, res Result, err error) {
			require.NoError(t, err)
			rateLimited(t, res)
			assert.Equal(t, "2", res.Header.Get("Retry-After"))
		}},
		{"status after apply", sandbox.StatusAfterApply(http.StatusGatewayTimeout, "").WithHeader("X-Proxy", "timeout"), 1,
			func(t *testing.T, res Result, err error) {
				require.NoError(t, err)
				assert.Equal(t, http.StatusGatewayTimeout, res.Status)
				assert.Equal(t, "timeout", res.Header.Get("X-Proxy"))
				assert.Empty(t, res.Raw)
			}},
		{"close before read", sandbox.CloseBeforeRead(), 0, func(t *testing.T, _ Result, err error) {
			require.Error(t, err)
		}},
		{"close after apply", sandbox.CloseAfterApply(), 1, func(t *testing.T, _ Result, err error) {
			require.Error(t, err)
		}},
		{"truncated body", sandbox.TruncatedBody(), 1, func(t *testing.T, res Result, err error) {
			require.ErrorIs(t, err, io.ErrUnexpectedEOF)
			assert.Equal(t, http.StatusOK, res.Status)
			assert.NotEmpty(t, res.Raw)
			assert.Nil(t, res.Body, "the partial body is not valid JSON")
		}},
		{"delay", sandbox.Delay(50 * time.Millisecond), 1, func(t *testing.T, res Result, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, res.Status)
		}},
	}
}
