package commerce

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/transport"
)

// settings are the client settings only Commerce has: the base URL of the
// environment WithEnvironment chose ("" for Production).
type settings struct{ envURL string }

// Option configures a Client in NewClient. Every paykit gateway takes the
// same shared options; WithEnvironment is Commerce's own, and a bootpay or
// portone option given here (or this one given there) is refused by
// NewClient with an error.
type Option = transport.Option

// WithEnvironment picks the Commerce API host: Production
// (https://api.bootapi.com/v1, the default), Development or Stage. These
// are Commerce's hosts, not the PG API's (api.bootpay.co.kr). An unknown
// environment fails NewClient.
func WithEnvironment(env Environment) Option {
	base, err := env.BaseURL()
	return transport.OptionFor("commerce.WithEnvironment", func(s *settings) error {
		s.envURL = base
		return err
	})
}

// WithBaseURL replaces the environment's host with baseURL, such as a
// commercetest Server's URL() or a proxy in front of api.bootapi.com. Every
// Commerce route lives under /v1, so the URL's path must end in /v1:
// NewClient refuses any other with a *ValidationError, because a lookup
// sent past the API would come back 404 and read as "no such order".
func WithBaseURL(baseURL string) Option { return transport.WithBaseURL(baseURL) }

// WithHTTPClient hands the SDK your *http.Client (a proxy, mTLS,
// tracing). The SDK copies it and keeps your transport; the copy's
// Timeout becomes the per-attempt timeout. The Basic credentials are added
// per request, never stored in your client.
func WithHTTPClient(hc *http.Client) Option { return transport.WithHTTPClient(hc) }

// WithMaxIdleConnsPerHost is the number of idle keep-alive connections
// kept open to the Commerce host (default 256). Only the SDK's own
// transport has it, so it cannot be combined with WithHTTPClient.
func WithMaxIdleConnsPerHost(n int) Option { return transport.WithMaxIdleConnsPerHost(n) }

// WithMaxConnsPerHost limits the open connections (busy or idle) to the
// Commerce host; by default there is no limit. A call over the limit
// waits for a connection inside its attempt timeout. Not with
// WithHTTPClient.
func WithMaxConnsPerHost(n int) Option { return transport.WithMaxConnsPerHost(n) }

// WithTimeout limits every attempt of every call (default 60 s); the
// call's context limits the call as a whole, retries included.
func WithTimeout(d time.Duration) Option { return transport.WithTimeout(d) }

// WithClock replaces the clock the client reads, for tests.
func WithClock(now func() time.Time) Option { return transport.WithClock(now) }

// RetryPolicy sets how often and how long a call is retried. Whether a
// failure may be retried at all is the operation's retry class (see the
// endpoint tables and each method's doc), which no policy overrides: a
// Commerce write that may have been applied is never resent unless
// Commerce deduplicates it by Idempotency-Key.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy is the policy used without WithRetryPolicy: 2
// retries after 500 ms (with jitter, doubling, at most 8 s), honouring a
// Retry-After of up to 8 s.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

// WithRetryPolicy sets the retry policy of every call.
func WithRetryPolicy(p RetryPolicy) Option { return transport.WithRetryPolicy(p) }

// WithLogger makes the SDK log each attempt to l (it is silent by
// default). A record carries the operation (orders.get, …), the route
// template (/orders/{order_id}, never the id), the status, the attempt,
// the duration, Commerce's X-Request-Id, the Idempotency-Key and the
// error's text. It never carries the Basic credentials, a
// Bootpay-User-JWT, a body (login passwords, card numbers) or a query.
func WithLogger(l *slog.Logger) Option { return transport.WithLogger(l) }

// WithUserAgentSuffix adds "suffix" at the end of the SDK's User-Agent.
func WithUserAgentSuffix(suffix string) Option { return transport.WithUserAgentSuffix(suffix) }

// WithMaxResponseBytes is the largest successful answer read (default 10
// MiB; a long product list with HTML content is the largest Commerce
// sends). Error answers are read up to 1 MiB.
func WithMaxResponseBytes(n int64) Option { return transport.WithMaxResponseBytes(n) }

// ResponseMeta is filled, when asked with WithResponseMeta, with what is
// known of a call once it ends: the HTTP status, Commerce's X-Request-Id,
// the attempts made, the duration and the Idempotency-Key sent.
type ResponseMeta = transport.ResponseMeta

// RequestOption changes a single call.
type RequestOption = transport.RequestOption

// WithResponseMeta makes the call fill m when it ends, error or not; an
// iterator fills it from its last page.
func WithResponseMeta(m *ResponseMeta) RequestOption { return transport.WithResponseMeta(m) }

// WithRequestTimeout limits each attempt of this one call.
func WithRequestTimeout(d time.Duration) RequestOption { return transport.WithRequestTimeout(d) }

// WithMaxRetries sets the retries of this one call (0: none); the
// operation's retry class still decides which failures may be retried.
func WithMaxRetries(n int) RequestOption { return transport.WithMaxRetries(n) }

// WithIdempotencyKey sets the Idempotency-Key of a Keyed write, sent
// unchanged on every attempt; without it the SDK makes one per call. Only
// the writes whose repetition cannot move money or create anything are
// Keyed (each method's doc says its class); an Unsafe write (invoice or
// product creation, joining, the on-demand charge, the buyer's requests,
// …) sends no key, because whether Commerce deduplicates by the key is
// UNCONFIRMED, and the option fails such a call with a *ValidationError
// before anything is sent, so that no caller believes it deduplicated.
func WithIdempotencyKey(key string) RequestOption { return transport.WithIdempotencyKey(key) }

// WithHeader adds a header to this call. The Basic credentials,
// BOOTPAY-ROLE (declared per operation), framing and Idempotency-Key
// headers cannot be set this way.
func WithHeader(key, value string) RequestOption { return transport.WithHeader(key, value) }

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
