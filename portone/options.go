package portone

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/transport"
)

// Option configures a Client in NewClient. The options are paykit's
// shared client options (every gateway package takes the same ones, with
// the same rules) plus WithDefaultStoreID and WithTokenAuth, which only a
// portone Client takes: given to another gateway's NewClient they are
// refused with an error, and so is another gateway's own option here.
type Option = transport.Option

// settings are the client settings only PortOne has.
type settings struct {
	storeID   string
	tokenAuth bool
}

// WithBaseURL overrides the API base URL (default https://api.portone.io),
// e.g. a portonetest server's URL.
func WithBaseURL(baseURL string) Option { return transport.WithBaseURL(baseURL) }

// WithDefaultStoreID sets the store id (상점 아이디) sent with every call
// that takes one, for a merchant-level secret acting on a sub-store
// (하위 상점). Params with their own StoreID, and WithStoreID, override it.
func WithDefaultStoreID(storeID string) Option {
	return transport.OptionFor("portone.WithDefaultStoreID", func(s *settings) error {
		if err := optionalID("storeID", storeID); err != nil {
			return err
		}
		s.storeID = storeID
		return nil
	})
}

// WithTokenAuth authenticates with access tokens (Authorization: Bearer)
// instead of sending the API secret on every request. The client logs in
// with the secret (POST /login/api-secret), renews the 30-minute access
// token with the refresh token (POST /token/refresh) before it expires,
// and collapses concurrent renewals into one, because each renewal expires
// the previous refresh token. The renewal runs in the background while the
// access token is still valid, so calls never wait for it; one that fails
// is logged at WARN, and the next call starts another.
//
// After a 401 a new renewal starts at once, so that a hanging one holds no
// caller, and it may overlap one still running. Of two overlapping
// refreshes the client keeps the refresh token PortOne issued last, and a
// refresh refused because the other one rotated its token retries with
// the token the other stored rather than logging in. Of two overlapping
// logins, whose order at PortOne the client cannot know, the first to
// store its refresh token wins; if PortOne applied the other one last,
// the next renewal is refused and logs in again: a wrong guess costs one
// login, never a failed call.
func WithTokenAuth() Option {
	return transport.OptionFor("portone.WithTokenAuth", func(s *settings) error {
		s.tokenAuth = true
		return nil
	})
}

// WithTimeout bounds each attempt (default 60 s, PortOne's advice: PGs can
// be slow). The context passed to a call bounds the whole call.
func WithTimeout(d time.Duration) Option { return transport.WithTimeout(d) }

// WithLogger sends the SDK's logs to l. Without it the SDK is silent. Only
// allowlisted fields are logged (operation, route template, status,
// attempt, duration, request id, idempotency key, and the error's text,
// which holds PortOne's error message); never the secret, tokens, bodies
// or query strings.
func WithLogger(l *slog.Logger) Option { return transport.WithLogger(l) }

// WithHTTPClient sets the HTTP client whose transport (proxies, mTLS,
// instrumentation) the SDK uses. The client is copied, never modified.
func WithHTTPClient(hc *http.Client) Option { return transport.WithHTTPClient(hc) }

// WithMaxIdleConnsPerHost sets how many idle connections the client keeps
// to PortOne (default 256, sized for hundreds of concurrent calls: see
// the package documentation, "Connections"). It sizes the SDK's own
// transport: NewClient refuses it together with WithHTTPClient, whose
// transport is yours to size.
func WithMaxIdleConnsPerHost(n int) Option { return transport.WithMaxIdleConnsPerHost(n) }

// WithMaxConnsPerHost caps the connections the client opens to PortOne,
// idle or busy (default: no cap). Calls beyond the cap wait for a free
// connection within their attempt timeout. It sizes the SDK's own
// transport: NewClient refuses it together with WithHTTPClient.
func WithMaxConnsPerHost(n int) Option { return transport.WithMaxConnsPerHost(n) }

// WithRetryPolicy replaces the default retry policy.
func WithRetryPolicy(p RetryPolicy) Option { return transport.WithRetryPolicy(p) }

// RetryPolicy tunes retries: how many, how long to wait, and the longest
// Retry-After honoured. Which failures are retried is decided per
// operation: see the package documentation.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy returns 2 retries, 500 ms base delay with jitter, an
// 8 s cap and an 8 s Retry-After limit.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

// WithClock sets the clock used for token expiry, for tests that move time.
func WithClock(now func() time.Time) Option { return transport.WithClock(now) }

// WithMaxResponseBytes caps successful response bodies (default 10 MiB).
func WithMaxResponseBytes(n int64) Option { return transport.WithMaxResponseBytes(n) }

// WithUserAgentSuffix appends suffix to the User-Agent header.
func WithUserAgentSuffix(suffix string) Option { return transport.WithUserAgentSuffix(suffix) }

// RequestOption changes a single call.
type RequestOption = transport.RequestOption

// ResponseMeta receives what is known about a call when it ends: status,
// request id, attempts, duration and the Idempotency-Key sent.
type ResponseMeta = transport.ResponseMeta

// storeIDKey is the CallConfig value WithStoreID sets.
const storeIDKey = "portone.storeId"

// WithStoreID sends storeID with this call, wherever the endpoint takes it
// (query, body or filter), overriding the client's default. A StoreID set
// in the call's params wins over it. An id that could not name a store
// (blank, padded, with a control character …) fails the call with a
// *ValidationError before any I/O.
func WithStoreID(storeID string) RequestOption {
	var bad *ValidationError
	if errors.As(optionalID("storeID", storeID), &bad) {
		return func(*transport.CallConfig) error { return errors.New("store id " + bad.Reason) }
	}
	return transport.WithValue(storeIDKey, storeID)
}

// WithIdempotencyKey sets the Idempotency-Key of a write. PortOne stores
// the response of a completed request for about 3 hours and returns it to
// a repeat with the same key, so a key derived from your own record makes a
// write idempotent across your own retries too. Without it a key is
// generated per call and reused on every attempt. The key must be 16 to
// 256 printable ASCII characters (PortOne recommends letters, digits, '-'
// and '_'); never reuse one for a different request. A write refused
// because its key was used for another request ends with
// ErrOutcomeUnknown, never as a definite refusal: that earlier request
// may have been this write, applied (the answer, 422
// IDEMPOTENCY_KEY_REUSED, is the sandbox's; PortOne's is UNCONFIRMED).
//
// The key dedupes only for PortOne's key lifetime (about 3 hours, "may
// change", per its idempotency docs: https://developers.portone.io/api/rest-v2).
// A repeat after that is a new request: look the payment (its
// cancellations) up first. A charge repeated then under its payment id is
// refused (409 ALREADY_PAID, returned as ErrOutcomeUnknown: look it up),
// and a partial cancel only if it names CurrentCancellableAmount, which
// Cancel therefore requires on every partial cancel (a *ValidationError
// otherwise). A repeat must be the identical request: persist the key
// together with the params (the balance you read before the first
// attempt included) before sending, and repeat from what you persisted,
// never from a lookup made after an attempt whose outcome is unknown.
//
// A key derived from a record must name the write itself, not only the
// record: a refund key made from the order id alone gives an order's second
// 부분취소 the first one's stored answer, and refunds nothing. Put the
// amount or your attempt number in it ("refund-<order>-<refund row id>").
// Cancel refuses a stored answer about another amount (ErrOutcomeUnknown),
// but only where the call names one (see PaymentsService.Cancel).
func WithIdempotencyKey(key string) RequestOption {
	if err := validateIdempotencyKey(key); err != nil {
		return func(*transport.CallConfig) error { return err }
	}
	return transport.WithIdempotencyKey(key)
}

func validateIdempotencyKey(key string) error {
	if n := len(key); n < 16 || n > 256 {
		return fmt.Errorf("idempotency key must be 16 to 256 characters, not %d", n)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return errors.New("idempotency key must be printable ASCII")
		}
	}
	return nil
}

// formatIdempotencyKey renders a key as an RFC 8941 string, the form
// PortOne documents: Idempotency-Key: "unique-request-id-123".
func formatIdempotencyKey(key string) string {
	if !strings.ContainsAny(key, `"\`) {
		return `"` + key + `"`
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(key); i++ {
		if key[i] == '"' || key[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(key[i])
	}
	b.WriteByte('"')
	return b.String()
}

// WithRequestTimeout bounds each attempt of this call.
func WithRequestTimeout(d time.Duration) RequestOption { return transport.WithRequestTimeout(d) }

// WithResponseMeta makes the call fill m when it ends, error or not. A
// method that makes several requests (Verify's lookup, an iterator's
// pages) fills m from its last request.
func WithResponseMeta(m *ResponseMeta) RequestOption { return transport.WithResponseMeta(m) }

// WithHeader adds a header to this call. Credential, framing and
// Idempotency-Key headers cannot be set this way.
func WithHeader(key, value string) RequestOption { return transport.WithHeader(key, value) }

// WithMaxRetries overrides the number of retries for this call; 0 disables
// them. The operation's retry class still decides what is retryable.
func WithMaxRetries(n int) RequestOption { return transport.WithMaxRetries(n) }
