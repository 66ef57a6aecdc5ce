package transport

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/textproto"
	"strings"
	"time"
)

// RequestOption changes one call. Gateway packages re-export it as their own
// RequestOption (a type alias) with constructors named for their users.
type RequestOption func(*CallConfig) error

// CallConfig is what request options write into; the zero value means "use
// the client's settings".
type CallConfig struct {
	idempotencyKey string
	timeout        time.Duration
	maxRetries     int // -1: client default
	header         http.Header
	meta           *ResponseMeta
	values         map[string]string // gateway-specific settings, e.g. PortOne's store id
}

// ResponseMeta receives what is known about a call once it ends, whether it
// succeeded or not. Pass one with a WithResponseMeta request option.
type ResponseMeta struct {
	StatusCode     int           // HTTP status of the last response; 0 if none arrived
	RequestID      string        // the gateway's request id header, when it sends one
	Attempts       int           // requests sent, retries included
	Duration       time.Duration // from the first attempt to the end of the call
	IdempotencyKey string        // the key sent with a keyed write
	Header         http.Header   // headers of the last response
}

// WithIdempotencyKey sets the idempotency key of a keyed write, reused on
// every attempt. Without it the SDK generates one per logical call. Given
// to a call that is not a keyed write it fails the call before any I/O,
// rather than being dropped: such a call carries no key.
func WithIdempotencyKey(key string) RequestOption {
	return func(c *CallConfig) error {
		if key == "" {
			return errors.New("idempotency key is empty")
		}
		c.idempotencyKey = key
		return nil
	}
}

// WithRequestTimeout bounds each attempt of this call (the context still
// bounds the whole call, waits included).
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(c *CallConfig) error {
		if d <= 0 {
			return fmt.Errorf("timeout %s is not positive", d)
		}
		c.timeout = d
		return nil
	}
}

// WithMaxRetries overrides how many times this call may be retried; 0
// disables retries. The operation's retry class still decides what is
// retryable.
func WithMaxRetries(n int) RequestOption {
	return func(c *CallConfig) error {
		if n < 0 {
			return fmt.Errorf("max retries %d is negative", n)
		}
		c.maxRetries = n
		return nil
	}
}

// reservedHeaders may not be set through WithHeader: they carry credentials
// or are computed by the transport.
var reservedHeaders = map[string]bool{
	"Authorization":   true,
	"Content-Type":    true,
	"Content-Length":  true,
	"Idempotency-Key": true,
	// net/http replays a POST carrying either idempotency header on its own
	// after a dropped connection: an Unsafe write must never carry one.
	"X-Idempotency-Key": true,
	"Host":              true,
}

// WithHeader adds a header to this call, an escape hatch for headers the
// SDK does not know yet. Credential and framing headers cannot be set.
func WithHeader(key, value string) RequestOption {
	return func(c *CallConfig) error {
		canonical := textproto.CanonicalMIMEHeaderKey(key)
		if reservedHeaders[canonical] {
			return fmt.Errorf("header %q is managed by the SDK", canonical)
		}
		if c.header == nil {
			c.header = make(http.Header)
		}
		c.header.Add(canonical, value)
		return nil
	}
}

// WithResponseMeta makes the call fill m when it ends.
func WithResponseMeta(m *ResponseMeta) RequestOption {
	return func(c *CallConfig) error {
		if m == nil {
			return errors.New("response meta target is nil")
		}
		c.meta = m
		return nil
	}
}

// WithValue sets a gateway-specific per-call setting that the gateway
// package reads back with CallConfig.Value (PortOne's store id, say).
func WithValue(key, value string) RequestOption {
	return func(c *CallConfig) error {
		if c.values == nil {
			c.values = make(map[string]string, 1)
		}
		c.values[key] = value
		return nil
	}
}

// Value returns the setting stored by WithValue under key, or "".
func (c *CallConfig) Value(key string) string { return c.values[key] }

func newCallConfig(opts []RequestOption) (CallConfig, error) {
	if len(opts) == 0 {
		// Most calls pass no option: return without taking cfg's address,
		// which the option functions would make escape (an allocation).
		return CallConfig{maxRetries: -1}, nil
	}
	cfg := CallConfig{maxRetries: -1}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// ApplyOptions evaluates request options without making a call, for gateway
// code that needs an option's value before it builds the request (a
// caller's idempotency key, for instance).
func ApplyOptions(opts []RequestOption) (CallConfig, error) { return newCallConfig(opts) }

// Option configures a client in a gateway's NewClient. Gateway packages
// re-export the type (type Option = transport.Option) and forward each
// shared option below with a doc comment of their own, so every gateway
// takes the same options with the same rules; a gateway's own options are
// built with OptionFor.
type Option func(*Settings) error

// Settings is what client options write into. A gateway's NewClient makes
// one with NewSettings, applies the caller's options with Apply, and
// reads Config, Now and its own settings back.
type Settings struct {
	// Config is the transport configuration the shared options fill.
	Config Config
	// Now is the clock set by WithClock; nil means time.Now.
	Now func() time.Time

	own any // a pointer to the gateway's own settings, for OptionFor
}

// NewSettings returns the settings a gateway's NewClient starts from: the
// default retry policy, baseURL (may be empty), and own, a pointer to the
// gateway's own settings struct that its OptionFor options write into.
func NewSettings(gateway, baseURL string, own any) *Settings {
	return &Settings{
		Config: Config{Gateway: gateway, BaseURL: baseURL, Retry: DefaultRetryPolicy()},
		own:    own,
	}
}

// Apply applies opts in order, skipping nil ones, and stops at the first
// error. Errors read "<gateway>: <what is wrong>", like every error of the
// gateway package.
func (s *Settings) Apply(opts []Option) error {
	prefix := s.Config.Gateway + ": "
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(s); err != nil {
			if !strings.HasPrefix(err.Error(), prefix) {
				err = fmt.Errorf("%s%w", prefix, err)
			}
			return err
		}
	}
	return nil
}

// OptionFor returns an option that sets a gateway's own settings, of
// type E; name ("bootpay.WithEnvironment") identifies it in errors. Given
// to another gateway's NewClient, whose own settings are of another type,
// it fails with an error naming it, never a panic.
func OptionFor[E any](name string, set func(*E) error) Option {
	return func(s *Settings) error {
		own, ok := s.own.(*E)
		if !ok || own == nil {
			return fmt.Errorf("%s is an option of another gateway's client", name)
		}
		return set(own)
	}
}

// setting is a client option that applies set, or fails with reason when
// bad: the shape of every shared option below.
func setting(bad bool, reason string, set func(*Settings)) Option {
	return func(s *Settings) error {
		if bad {
			return errors.New(reason)
		}
		set(s)
		return nil
	}
}

// WithBaseURL overrides the API base URL.
func WithBaseURL(baseURL string) Option {
	return setting(baseURL == "", "base URL is empty", func(s *Settings) { s.Config.BaseURL = baseURL })
}

// WithHTTPClient sets the HTTP client whose transport the SDK uses; it is
// copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return setting(hc == nil, "HTTP client is nil", func(s *Settings) { s.Config.HTTPClient = hc })
}

// WithMaxIdleConnsPerHost sets how many idle connections the SDK's own
// transport keeps to the gateway (default DefaultMaxIdleConnsPerHost).
// NewClient refuses it together with WithHTTPClient.
func WithMaxIdleConnsPerHost(n int) Option {
	return setting(n <= 0, "idle connections per host must be positive", func(s *Settings) { s.Config.MaxIdleConnsPerHost = n })
}

// WithMaxConnsPerHost caps the connections the SDK's own transport opens
// to the gateway, idle or busy (default: no cap); calls beyond it wait for
// a connection within their attempt timeout. NewClient refuses it together
// with WithHTTPClient.
func WithMaxConnsPerHost(n int) Option {
	return setting(n <= 0, "connections per host must be positive", func(s *Settings) { s.Config.MaxConnsPerHost = n })
}

// WithRootCAs makes the SDK's own transport trust pool instead of the
// system roots. No gateway re-exports it: it lets tests reach the default
// transport over an httptest TLS server. NewClient refuses it together
// with WithHTTPClient.
func WithRootCAs(pool *x509.CertPool) Option {
	return setting(pool == nil, "root CA pool is nil", func(s *Settings) { s.Config.RootCAs = pool })
}

// WithTimeout bounds each attempt.
func WithTimeout(d time.Duration) Option {
	return setting(d <= 0, "timeout must be positive", func(s *Settings) { s.Config.Timeout = d })
}

// WithRetryPolicy replaces the default retry policy; NewClient validates
// it.
func WithRetryPolicy(p RetryPolicy) Option {
	return setting(false, "", func(s *Settings) { s.Config.Retry = p })
}

// WithLogger sends the client's logs to l.
func WithLogger(l *slog.Logger) Option {
	return setting(false, "", func(s *Settings) { s.Config.Logger = l })
}

// WithUserAgentSuffix appends suffix to the User-Agent header.
func WithUserAgentSuffix(suffix string) Option {
	return setting(false, "", func(s *Settings) { s.Config.UserAgentSuffix = suffix })
}

// WithMaxResponseBytes caps successful response bodies.
func WithMaxResponseBytes(n int64) Option {
	return setting(n <= 0, "response limit must be positive", func(s *Settings) { s.Config.MaxResponseBytes = n })
}

// WithClock sets the clock a gateway reads token expiry with.
func WithClock(now func() time.Time) Option {
	return setting(now == nil, "clock is nil", func(s *Settings) { s.Now = now })
}
