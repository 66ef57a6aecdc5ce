package commerce

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/transport"
)

// Option configures a Client in NewClient. The options are paykit's
// shared client options (every gateway package takes the same ones, with
// the same rules) plus WithEnvironment, which only a commerce Client
// takes: given to another gateway's NewClient it is refused with an
// error, and so is another gateway's own option here.
type Option = transport.Option

// settings are the client settings only Commerce has.
type settings struct {
	env Environment
}

// WithEnvironment selects the API host (default Production).
func WithEnvironment(env Environment) Option {
	return transport.OptionFor("commerce.WithEnvironment", func(s *settings) error {
		if _, err := env.BaseURL(); err != nil {
			return err
		}
		s.env = env
		return nil
	})
}

// WithBaseURL overrides the API base URL, e.g. a commercetest server's
// URL(). Its path must end in Commerce's version prefix /v1, as in
// https://api.bootapi.com/v1: without it every path misses the API, and a
// lookup's 404 would read as "no such order" (ErrNotFound), so NewClient
// refuses such a URL with a *ValidationError instead.
func WithBaseURL(baseURL string) Option { return transport.WithBaseURL(baseURL) }

// checkBaseURL refuses a base URL without the /v1 prefix (see
// WithBaseURL). A URL that does not parse is left to the transport.
func checkBaseURL(baseURL string) error {
	if u, err := url.Parse(baseURL); err == nil && !strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/v1") {
		return &ValidationError{Gateway: "commerce", Field: "base URL",
			Reason: "its path must end in /v1, the Commerce API version prefix (e.g. https://api.bootapi.com/v1, or a commercetest Server's URL())"}
	}
	return nil
}

// WithHTTPClient sets the HTTP client whose transport (proxies, mTLS,
// instrumentation) the SDK uses. The client is copied, never modified; its
// Timeout is replaced by the per-attempt timeout.
func WithHTTPClient(hc *http.Client) Option { return transport.WithHTTPClient(hc) }

// WithTimeout bounds each attempt (default 60 s). The context passed to a
// call bounds the whole call, retries and waits included.
func WithTimeout(d time.Duration) Option { return transport.WithTimeout(d) }

// WithMaxIdleConnsPerHost sets how many idle connections the client keeps
// to Commerce (default 256). It sizes the SDK's own transport: NewClient
// refuses it together with WithHTTPClient.
func WithMaxIdleConnsPerHost(n int) Option { return transport.WithMaxIdleConnsPerHost(n) }

// WithMaxConnsPerHost caps the connections the client opens to Commerce,
// idle or busy (default: no cap). NewClient refuses it together with
// WithHTTPClient.
func WithMaxConnsPerHost(n int) Option { return transport.WithMaxConnsPerHost(n) }

// WithRetryPolicy replaces the default retry policy.
func WithRetryPolicy(p RetryPolicy) Option { return transport.WithRetryPolicy(p) }

// RetryPolicy tunes retries: how many, how long to wait, and the longest
// Retry-After honoured. Which failures are retried is decided per
// operation, never by the policy: see the package documentation.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy returns 2 retries, 500 ms base delay with jitter, an
// 8 s cap, and an 8 s Retry-After limit.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

// WithLogger sends the SDK's logs to l. Without it the SDK is silent. Only
// allowlisted fields are logged (operation, route template, status,
// attempt, duration, request id, idempotency key, the error's text); never
// credentials, user JWTs, request bodies or card numbers.
func WithLogger(l *slog.Logger) Option { return transport.WithLogger(l) }

// WithUserAgentSuffix appends "suffix" to the User-Agent header.
func WithUserAgentSuffix(suffix string) Option { return transport.WithUserAgentSuffix(suffix) }

// WithMaxResponseBytes caps successful response bodies (default 10 MiB).
// Error bodies are always capped at 1 MiB.
func WithMaxResponseBytes(n int64) Option { return transport.WithMaxResponseBytes(n) }

// WithClock sets the clock the client reads, for tests that move time.
func WithClock(now func() time.Time) Option { return transport.WithClock(now) }

// RequestOption changes a single call.
type RequestOption = transport.RequestOption

// ResponseMeta receives what is known about a call when it ends: status,
// request id, attempts, duration, idempotency key.
type ResponseMeta = transport.ResponseMeta

// WithRequestTimeout bounds each attempt of this call.
func WithRequestTimeout(d time.Duration) RequestOption { return transport.WithRequestTimeout(d) }

// WithMaxRetries overrides the number of retries for this call; 0 disables
// them. The operation's retry class still decides what is retryable.
func WithMaxRetries(n int) RequestOption { return transport.WithMaxRetries(n) }

// WithIdempotencyKey sets the Idempotency-Key of a write Commerce
// deduplicates (invoice creation, cancellation decisions), reused on every
// attempt. Without it the SDK generates one per call. Use your own (from
// your invoice row, say) to make the write idempotent across your own
// retries too.
func WithIdempotencyKey(key string) RequestOption { return transport.WithIdempotencyKey(key) }

// WithHeader adds a header to this call. Credential and framing headers
// cannot be set this way.
func WithHeader(key, value string) RequestOption { return transport.WithHeader(key, value) }

// WithResponseMeta makes the call fill m when it ends, error or not.
func WithResponseMeta(m *ResponseMeta) RequestOption { return transport.WithResponseMeta(m) }

// WithUserJWT sends an end user's JWT (from Commerce's users/login) in the
// Bootpay-User-JWT header of this call, for the storefront ("mall")
// operations that act for a signed-in buyer. It is never logged.
func WithUserJWT(jwt string) RequestOption {
	if jwt == "" || strings.ContainsAny(jwt, "\r\n") {
		return func(*transport.CallConfig) error {
			return errUserJWT
		}
	}
	return transport.WithHeader("Bootpay-User-JWT", jwt)
}

var errUserJWT = errors.New("user JWT is empty or holds a line break")
