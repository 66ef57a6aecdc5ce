package transport

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// StaticAuth sends one fixed Authorization value on every request (HTTP
// Basic, "PortOne <secret>"). A 401 is final: there is nothing to renew.
type StaticAuth struct {
	// values is the header's value slice, built once and capped (len ==
	// cap): every request shares it without an allocation, and an append
	// to it copies instead of writing into it.
	values []string
}

// NewStaticAuth returns an authenticator that sends value as the
// Authorization header.
func NewStaticAuth(value string) *StaticAuth {
	return &StaticAuth{values: []string{value}[:1:1]}
}

// NewBasicAuth returns a StaticAuth that sends user and password as HTTP
// Basic credentials (Authorization: Basic base64(user:password)), as
// Bootpay's PG and Commerce APIs take their client and secret keys.
func NewBasicAuth(user, password string) *StaticAuth {
	return NewStaticAuth("Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
}

// Authorize sets the Authorization header.
func (a *StaticAuth) Authorize(_ context.Context, h http.Header) error {
	h["Authorization"] = a.values // the canonical key, as h.Set would write it
	return nil
}

// Refresh reports that nothing can be renewed.
func (a *StaticAuth) Refresh(context.Context, http.Header) (bool, error) { return false, nil }

// String hides the credential.
func (a *StaticAuth) String() string { return "StaticAuth{[REDACTED]}" }

// GoString hides the credential.
func (a *StaticAuth) GoString() string { return a.String() }

// Token is an access token and the time it stops working.
type Token struct {
	Value  string
	Expiry time.Time // zero: unknown, kept until a 401
}

// String hides the token.
func (t Token) String() string {
	return "Token{[REDACTED], expiry: " + t.Expiry.Format(time.RFC3339) + "}"
}

// GoString hides the token.
func (t Token) GoString() string { return t.String() }

// TokenSource caches an access token, renews it shortly before it expires,
// and collapses concurrent renewals into one request: a thousand goroutines
// on a cold client cause one token request.
//
// A renewal that fails while the cached token has not expired yet (in the
// margin before its expiry) does not fail the calls waiting on it: they get
// the cached token, which still works, and the failure is logged at WARN
// on the logger of the Client the source authorizes for (without the
// token). The next call after it tries the renewal again, one at a time. A
// token that has expired, or that the gateway refused (Invalidate), is
// never handed out: the renewal's error is then the call's.
type TokenSource struct {
	fetch  func(ctx context.Context) (Token, error)
	margin time.Duration
	now    func() time.Time

	mu     sync.Mutex
	tok    Token
	flight *tokenFlight
	log    *slog.Logger // set by NewClient (useLogger); nil logs nothing
}

type tokenFlight struct {
	done chan struct{}
	tok  Token
	err  error
}

// NewTokenSource returns a source that calls fetch for new tokens and
// renews margin before expiry. now may be nil (time.Now).
func NewTokenSource(fetch func(ctx context.Context) (Token, error), margin time.Duration, now func() time.Time) *TokenSource {
	if now == nil {
		now = time.Now
	}
	return &TokenSource{fetch: fetch, margin: margin, now: now}
}

// Token returns the cached token until margin before its expiry, and
// otherwise waits for a renewal (one for every caller waiting): its token,
// or, when it fails while the cached token has not expired yet, the cached
// token. The fetch runs on a context detached from the caller's
// cancellation (its own timeouts still apply) so one impatient caller
// cannot fail everyone waiting on it. A caller whose context ends first
// gets an error that says it was waiting for a token and matches the
// context's error with errors.Is.
func (s *TokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.tok.Value != "" && (s.tok.Expiry.IsZero() || s.now().Add(s.margin).Before(s.tok.Expiry)) {
		v := s.tok.Value
		s.mu.Unlock()
		return v, nil
	}
	f := s.flight
	if f == nil {
		f = &tokenFlight{done: make(chan struct{})}
		s.flight = f
		go s.run(context.WithoutCancel(ctx), f)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.tok.Value, f.err
	case <-ctx.Done():
		return "", fmt.Errorf("waiting for an access token: %w", ctx.Err())
	}
}

// run fetches a token for flight f. When the fetch fails and the cached
// token still works (an early renewal), f carries the cached token and the
// failure is only logged; the flight ends either way, so the next Token
// call in the margin tries again.
func (s *TokenSource) run(ctx context.Context, f *tokenFlight) {
	tok, err := s.fetch(ctx)
	s.mu.Lock()
	now := s.now()
	cached, log := s.tok, s.log
	switch {
	case err == nil:
		s.tok, f.tok = tok, tok
	case cached.Value != "" && now.Before(cached.Expiry): // a zero Expiry is never renewed early
		f.tok = cached
	default:
		f.err = err
	}
	s.flight = nil
	s.mu.Unlock()
	if err != nil && f.err == nil && log != nil {
		// Logged before the waiters are released, so that what they do
		// next follows it in the log.
		log.LogAttrs(ctx, slog.LevelWarn, "paykit: access token renewal failed; the cached token is used until it expires",
			slog.Duration("expires_in", cached.Expiry.Sub(now)), slog.String("error", err.Error()))
	}
	close(f.done)
}

// useLogger makes s log to l, the logger of the Client it authorizes for
// (NewClient calls it); the first Client's logger is kept.
func (s *TokenSource) useLogger(l *slog.Logger) {
	s.mu.Lock()
	if s.log == nil {
		s.log = l
	}
	s.mu.Unlock()
}

// Invalidate drops the cached token if it is still refused, so the next
// Token call fetches a new one. A token already renewed by another
// goroutine is kept: one 401 storm causes one renewal.
func (s *TokenSource) Invalidate(refused string) {
	s.mu.Lock()
	if s.tok.Value == refused {
		s.tok = Token{}
	}
	s.mu.Unlock()
}

// String hides the token.
func (s *TokenSource) String() string { return "TokenSource{[REDACTED]}" }

// GoString hides the token.
func (s *TokenSource) GoString() string { return s.String() }

// BearerAuth sends "Bearer <token>" from a TokenSource and renews the token
// once after a 401.
type BearerAuth struct{ Source *TokenSource }

// Authorize sets the Authorization header.
func (a *BearerAuth) Authorize(ctx context.Context, h http.Header) error {
	tok, err := a.Source.Token(ctx)
	if err != nil {
		return err
	}
	h.Set("Authorization", "Bearer "+tok)
	return nil
}

// useLogger hands the Client's logger to the token source (NewClient).
func (a *BearerAuth) useLogger(l *slog.Logger) {
	if a.Source != nil {
		a.Source.useLogger(l)
	}
}

// Refresh drops the refused token; the call is then replayed with a new one.
func (a *BearerAuth) Refresh(_ context.Context, refused http.Header) (bool, error) {
	a.Source.Invalidate(strings.TrimPrefix(refused.Get("Authorization"), "Bearer "))
	return true, nil
}

// String hides the token.
func (a *BearerAuth) String() string { return "BearerAuth{[REDACTED]}" }

// GoString hides the token.
func (a *BearerAuth) GoString() string { return a.String() }
