// Package transport is the only place in paykit that talks HTTP. Every
// gateway package builds one Client, declares each operation once as an
// Endpoint, and sends every call through Send (or the Cursor and Pages
// iterators built on it). The transport marshals the
// body once, adds headers and credentials, retries only what is safe to
// retry, reads bodies within limits, and turns what came back into either a
// decoded value or a typed error.
package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/version"
)

// Class says which failures an operation may be retried after. The class
// belongs to the operation, never to the HTTP method alone.
type Class int

const (
	// Safe operations change nothing at the gateway (lookups, token
	// issuance): they are retried on network errors, 408, 429 and 5xx.
	Safe Class = iota
	// Keyed operations are writes the gateway deduplicates by a key sent on
	// every attempt (PortOne Idempotency-Key, Bootpay cancel_id): retried
	// like Safe ones, always with the same key.
	Keyed
	// Unsafe operations are writes the gateway does not deduplicate
	// (Bootpay confirm, billing charges): retried only when the request
	// provably never left the client.
	Unsafe
)

// String names the class: "safe", "keyed" or "unsafe".
func (c Class) String() string {
	switch c {
	case Safe:
		return "safe"
	case Keyed:
		return "keyed"
	case Unsafe:
		return "unsafe"
	}
	return fmt.Sprintf("Class(%d)", int(c))
}

// Defaults shared by the gateways.
const (
	DefaultTimeout          = 60 * time.Second // per attempt
	DefaultMaxRetries       = 2
	DefaultBaseDelay        = 500 * time.Millisecond
	DefaultMaxDelay         = 8 * time.Second
	DefaultMaxRetryAfter    = 8 * time.Second
	DefaultMaxResponseBytes = 10 << 20 // success bodies
	MaxErrorBodyBytes       = 1 << 20  // error bodies

	// DefaultMaxIdleConnsPerHost is how many idle connections the default
	// transport keeps to the gateway (net/http keeps 2, and paykit kept
	// 16): a backend that calls the gateway from hundreds of goroutines at
	// once reuses its connections instead of opening (over TLS: a full
	// handshake) and closing one for every call beyond the pool. Idle
	// connections cost the client a socket each and close after 60 s
	// unused, so a large pool costs nothing once a burst is over. The
	// client talks to one host, so the pool as a whole (MaxIdleConns) is
	// the same size. Over HTTP/2 a handful of connections carry every call
	// and the number hardly matters.
	DefaultMaxIdleConnsPerHost = 256
)

// RetryPolicy tunes retries. The retry class of each operation decides
// what may be retried; the policy decides how often and how long to wait.
type RetryPolicy struct {
	MaxRetries    int           // retries after the first attempt; 0 disables retries
	BaseDelay     time.Duration // first backoff step
	MaxDelay      time.Duration // cap on one backoff wait
	MaxRetryAfter time.Duration // the longest Retry-After honoured; beyond it the call ends with *RateLimitError
}

// DefaultRetryPolicy returns 2 retries, 500 ms base delay, 8 s cap and an
// 8 s Retry-After limit.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxRetries:    DefaultMaxRetries,
		BaseDelay:     DefaultBaseDelay,
		MaxDelay:      DefaultMaxDelay,
		MaxRetryAfter: DefaultMaxRetryAfter,
	}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxRetries < 0:
		return fmt.Errorf("max retries %d is negative", p.MaxRetries)
	case p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxRetryAfter < 0:
		return errors.New("retry delays may not be negative")
	case p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("max delay %s is below base delay %s", p.MaxDelay, p.BaseDelay)
	}
	return nil
}

// Authenticator puts credentials on requests and, for token-based modes,
// renews them after a 401.
type Authenticator interface {
	// Authorize sets the credential headers for one attempt.
	Authorize(ctx context.Context, h http.Header) error
	// Refresh is called at most once per call, after a 401, with the
	// headers that were refused. It reports whether the call should be sent
	// again with fresh credentials.
	Refresh(ctx context.Context, refused http.Header) (bool, error)
}

// ErrorResponse is a non-2xx response handed to the gateway's decoder.
type ErrorResponse struct {
	Gateway        string
	Op             string
	StatusCode     int
	Header         http.Header
	Body           []byte // at most MaxErrorBodyBytes
	Attempts       int
	RequestID      string
	IdempotencyKey string
}

// Config is what a gateway package assembles from its options.
type Config struct {
	Gateway          string       // package name: error prefix and log attribute
	BaseURL          string       // scheme://host[/prefix], no trailing slash
	HTTPClient       *http.Client // copied, never mutated; nil: a pooled client with sane timeouts
	Timeout          time.Duration
	Retry            RetryPolicy
	MaxResponseBytes int64
	Logger           *slog.Logger
	UserAgentSuffix  string
	Header           http.Header // static headers sent on every request
	Auth             Authenticator
	// DecodeError turns a non-2xx response into the gateway's error type.
	DecodeError func(*ErrorResponse) error
	// DecodeBody decodes a 2xx body into a call's result; nil means
	// DecodeJSON. The body is the response's own buffer, which nothing
	// reads or writes once DecodeBody is called, so a result type that
	// keeps its raw JSON may keep the body itself instead of a copy.
	DecodeBody func(body []byte, out any) error
	// ErrorTypes converts the transport's errors into the gateway's own
	// error types when a call returns; nil keeps the transport's.
	ErrorTypes *ErrorTypes
	// IdempotencyHeader names the header a Keyed call carries its key in;
	// empty when the gateway takes the key in the body.
	IdempotencyHeader string
	// FormatIdempotencyKey renders a key as the header value (PortOne wants
	// an RFC 8941 string); nil sends the key as is.
	FormatIdempotencyKey func(string) string
	// IsOutstanding reports a 409 meaning "the same key is still being
	// processed": a Keyed call waits and retries it.
	IsOutstanding func(status int, body []byte) bool
	// IsDefinitive reports a 5xx that is the gateway's final answer rather
	// than a failure of its own (PortOne's PG_PROVIDER: the PG declined):
	// it is neither retried nor reported as an unknown outcome.
	IsDefinitive func(status int, body []byte) bool
	// RequestIDHeaders are response headers that carry the gateway's
	// request id, first match wins.
	RequestIDHeaders []string

	// MaxIdleConnsPerHost and MaxConnsPerHost size the default transport's
	// pool: 0 means DefaultMaxIdleConnsPerHost idle connections and no cap
	// on connections. NewClient refuses them with an HTTPClient, whose
	// transport is the caller's to size.
	MaxIdleConnsPerHost int
	MaxConnsPerHost     int
	// RootCAs replaces the system roots of the default transport; nil
	// keeps them. No gateway re-exports it: it lets tests reach the
	// default transport over an httptest TLS server.
	RootCAs *x509.CertPool

	// Test hooks.
	jitter func(n int64) int64 // uniform in [0, n)
	now    func() time.Time
}

// Client sends calls for one gateway. It is immutable after NewClient and
// safe for concurrent use.
type Client struct {
	cfg       Config
	base      *url.URL
	baseURL   string       // base.String(), computed once
	http      *http.Client // per-attempt timeout cfg.Timeout; see attemptTransport
	userAgent string
	log       *slog.Logger
	// header is what every request starts with: Accept, User-Agent, then
	// cfg.Header over them, each value slice capped (len == cap) so that it
	// is shared by every request without a copy, yet an append to it on one
	// request copies instead of writing into the shared array. It saves the
	// per-request allocations of building these values again.
	header http.Header
	// headerHasContentType reports a Content-Type in cfg.Header, which then
	// wins over the body's own (as it did when the body's was set first).
	headerHasContentType bool
}

// NewClient validates cfg and builds a client.
func NewClient(cfg Config) (*Client, error) {
	if cfg.Gateway == "" {
		return nil, errors.New("transport: gateway name is empty")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("%s: base URL must be absolute, like https://host/prefix", cfg.Gateway)
	}
	if base.Scheme != "https" && base.Scheme != "http" {
		return nil, fmt.Errorf("%s: base URL scheme %q is not http or https", cfg.Gateway, base.Scheme)
	}
	if base.RawQuery != "" || base.Fragment != "" {
		return nil, fmt.Errorf("%s: base URL may not have a query or fragment", cfg.Gateway)
	}
	base.Path = strings.TrimSuffix(base.Path, "/")
	base.RawPath = ""
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("%s: timeout %s is negative", cfg.Gateway, cfg.Timeout)
	}
	if err := cfg.Retry.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Gateway, err)
	}
	if cfg.MaxResponseBytes == 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.MaxResponseBytes < 0 {
		return nil, fmt.Errorf("%s: response limit %d is negative", cfg.Gateway, cfg.MaxResponseBytes)
	}
	if cfg.DecodeError == nil {
		return nil, fmt.Errorf("%s: no error decoder", cfg.Gateway)
	}
	if err := cfg.checkPool(); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Gateway, err)
	}
	if strings.ContainsAny(cfg.UserAgentSuffix, "\r\n") {
		return nil, fmt.Errorf("%s: user agent suffix has a line break", cfg.Gateway)
	}
	if cfg.jitter == nil {
		cfg.jitter = randInt63n
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ua := "paykit-go/" + version.Version + " go/" + strings.TrimPrefix(runtime.Version(), "go")
	if cfg.UserAgentSuffix != "" {
		ua += " " + cfg.UserAgentSuffix
	}
	c := &Client{cfg: cfg, base: base, baseURL: base.String(), userAgent: ua, log: log.With("gateway", cfg.Gateway)}
	if a, ok := cfg.Auth.(interface{ useLogger(*slog.Logger) }); ok {
		a.useLogger(c.log) // a token source logs a failed early renewal here
	}
	c.header = staticHeader(ua, cfg.Header)
	_, c.headerHasContentType = cfg.Header["Content-Type"]
	c.http = c.httpClient(cfg.Timeout)
	return c, nil
}

// staticHeader is Client.header: Accept and User-Agent, with the
// configured headers set over them as they are (not canonicalized), every
// slice capped.
func staticHeader(userAgent string, cfg http.Header) http.Header {
	h := make(http.Header, len(cfg)+2)
	h["Accept"] = []string{"application/json"}
	h["User-Agent"] = []string{userAgent}
	for k, vs := range cfg {
		h[k] = vs[:len(vs):len(vs)]
	}
	return h
}

// httpClient derives the HTTP client for attempts bounded by timeout. The
// caller's client is copied; its round tripper is wrapped in an
// attemptTransport.
func (c *Client) httpClient(timeout time.Duration) *http.Client {
	var hc http.Client
	if c.cfg.HTTPClient != nil {
		hc = *c.cfg.HTTPClient
	}
	rt := hc.Transport
	if at, ok := rt.(attemptTransport); ok {
		rt = at.rt
	}
	if rt == nil {
		rt = c.defaultRT()
	}
	hc.Transport = attemptTransport{rt: rt, timeout: timeout}
	hc.Timeout = 0 // the attempt timeout lives in attemptTransport
	// A gateway's API does not redirect. Following a redirect would send a
	// write's body to another URL (307, 308) or turn the write into a GET
	// whose 2xx could read as the write's success (301, 302, 303), so a
	// 3xx is the answer, reported as an error, never followed.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

// defaultRT is the round tripper shared by every HTTP client this Client
// derives when the caller gave none, so per-call timeouts share one pool.
func (c *Client) defaultRT() http.RoundTripper {
	if c.http != nil {
		return c.http.Transport.(attemptTransport).rt
	}
	return &coldStartGate{rt: defaultTransport(c.cfg)}
}

// checkPool refuses pool settings that cannot take effect: the pool
// options size the SDK's own transport only, and a caller's HTTP client is
// never modified.
func (cfg *Config) checkPool() error {
	switch {
	case cfg.MaxIdleConnsPerHost < 0 || cfg.MaxConnsPerHost < 0:
		return errors.New("connection pool sizes may not be negative")
	case cfg.HTTPClient != nil && (cfg.MaxIdleConnsPerHost != 0 || cfg.MaxConnsPerHost != 0):
		return errors.New("WithMaxIdleConnsPerHost and WithMaxConnsPerHost size the SDK's own transport; with WithHTTPClient, size your client's transport instead")
	case cfg.HTTPClient != nil && cfg.RootCAs != nil:
		return errors.New("root CAs apply to the SDK's own transport, not to the client given with WithHTTPClient")
	}
	return nil
}

// UserAgent returns the User-Agent header value the client sends.
func (c *Client) UserAgent() string { return c.userAgent }

// WaitRenewals returns once every token renewal the client's credentials
// started so far has ended. A renewal in the margin before the cached
// token's expiry runs after the call that started it returned (see
// TokenSource); a test waits here before it looks at what the renewal did.
// It is safe while other calls start renewals: it does not wait for those.
func (c *Client) WaitRenewals() {
	if a, ok := c.cfg.Auth.(interface{ wait() }); ok {
		a.wait()
	}
}

// String describes the client without any credential.
func (c *Client) String() string {
	return fmt.Sprintf("transport.Client{gateway: %s, base: %s}", c.cfg.Gateway, redactedURL(c.base))
}

// GoString is String: %#v must not print credentials either.
func (c *Client) GoString() string { return c.String() }

func redactedURL(u *url.URL) string {
	cp := *u
	cp.User = nil
	return cp.String()
}

// attemptTransport bounds each attempt, from sending the request to
// closing the response body, by timeout. It is cheaper than
// http.Client.Timeout (fewer allocations per request) and it does not pass
// CloseIdleConnections through, so go-retryablehttp's call to it after a
// failed call cannot tear down connections that concurrent calls use.
type attemptTransport struct {
	rt      http.RoundTripper
	timeout time.Duration
}

func (t attemptTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), t.timeout)
	resp, err := t.rt.RoundTrip(r.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases an attempt's timer when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// defaultTransport is the transport of a client given no HTTP client:
// sized for fan-out (see DefaultMaxIdleConnsPerHost) and speaking HTTP/2
// to a gateway that offers it in the TLS handshake (ALPN), HTTP/1.1
// otherwise.
func defaultTransport(cfg Config) *http.Transport {
	idle := cfg.MaxIdleConnsPerHost
	if idle == 0 {
		idle = DefaultMaxIdleConnsPerHost
	}
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   10 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          idle,
		MaxIdleConnsPerHost:   idle,
		MaxConnsPerHost:       cfg.MaxConnsPerHost,
		IdleConnTimeout:       60 * time.Second, // shorter than common server keep-alives: fewer stale-connection resets
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: cfg.RootCAs},
	}
}
