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
// Inside the margin before the cached token's expiry, a call gets the
// cached token at once and the renewal runs in the background (one at a
// time): a token endpoint that hangs or is retried through its backoff
// holds no call while the cached token still works. A background renewal
// that fails keeps the cached token, and the failure is logged at WARN on
// the logger of the Client the source authorizes for (without the token);
// the next call in the margin starts the renewal again if none is running.
// Only a token that has expired (or none yet) makes callers wait for the
// renewal. A token that has expired, or that the gateway refused
// (Invalidate), is never handed out: the renewal's error is then the
// call's.
type TokenSource struct {
	fetch  func(ctx context.Context) (Token, error)
	margin time.Duration
	now    func() time.Time

	mu     sync.Mutex
	tok    Token
	flight *tokenFlight
	// gen counts the tokens Invalidate dropped: a renewal started before
	// the last one (another gen) caches nothing, as it may bring the
	// refused token back.
	gen uint64
	log *slog.Logger // set by NewClient (useLogger); nil logs nothing

	// running holds the renewals started and not yet ended, for wait: a
	// set of flights rather than a sync.WaitGroup, which panics when a
	// renewal starts while a Wait that saw the last one end has not
	// returned yet.
	running map[*tokenFlight]struct{}
}

// tokenFlight is one renewal: its result, read by its waiters once done
// is closed.
type tokenFlight struct {
	done     chan struct{}
	gen      uint64 // TokenSource.gen when it started
	outdated bool   // a refusal came while it ran: its result is not taken
	tok      Token
	err      error
}

// NewTokenSource returns a source that calls fetch for new tokens and
// renews margin before expiry. now may be nil (time.Now).
func NewTokenSource(fetch func(ctx context.Context) (Token, error), margin time.Duration, now func() time.Time) *TokenSource {
	if now == nil {
		now = time.Now
	}
	return &TokenSource{fetch: fetch, margin: margin, now: now}
}

// Token returns the cached token while it has not expired, starting a
// renewal (unless one is running) once it is within margin of its expiry.
// Without a token that still works it waits for the renewal (one for every
// caller waiting) and returns its token or its error; a renewal that a
// refusal outdated while it ran (Invalidate) is not taken: the caller asks
// again. The fetch runs on a context detached from the caller's
// cancellation, bounded by the fetch's own timeouts (the transport's
// attempt timeout and retry policy), so one impatient caller cannot fail
// everyone waiting on it. A caller whose context ends first gets an error
// that says it was waiting for a token and matches the context's error
// with errors.Is.
func (s *TokenSource) Token(ctx context.Context) (string, error) {
	for {
		v, f := s.cachedOrRenewal(ctx)
		if f == nil {
			return v, nil
		}
		select {
		case <-f.done:
			if !f.outdated {
				return f.tok.Value, f.err
			}
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for an access token: %w", ctx.Err())
		}
	}
}

// cachedOrRenewal returns the token a call uses now, or else the renewal
// it waits for. It starts a renewal, unless one is running, when the
// cached token is within margin of its expiry (and still returns that
// token), has expired, or is gone.
func (s *TokenSource) cachedOrRenewal(ctx context.Context) (string, *tokenFlight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, now := s.tok, s.now()
	if tok.Value != "" && (tok.Expiry.IsZero() || now.Add(s.margin).Before(tok.Expiry)) {
		return tok.Value, nil
	}
	f := s.flight
	if f == nil {
		f = &tokenFlight{done: make(chan struct{}), gen: s.gen}
		s.flight = f
		if s.running == nil {
			s.running = map[*tokenFlight]struct{}{}
		}
		s.running[f] = struct{}{}
		go s.run(context.WithoutCancel(ctx), f)
	}
	if tok.Value != "" && now.Before(tok.Expiry) {
		return tok.Value, nil // in the margin: the renewal runs without this call
	}
	return "", f
}

// run fetches a token for flight f. When the fetch fails and the cached
// token still works (an early renewal), f carries the cached token and the
// failure is only logged; the flight ends either way, so the next Token
// call in the margin tries again. A flight that a refusal outdated
// (Invalidate) while it ran caches nothing, and its waiters ask again: its
// token may be the refused one.
func (s *TokenSource) run(ctx context.Context, f *tokenFlight) {
	tok, err := s.fetch(ctx)
	s.mu.Lock()
	now := s.now()
	cached, log := s.tok, s.log
	f.outdated = f.gen != s.gen
	switch {
	case err == nil:
		f.tok = tok
		if !f.outdated {
			s.tok = tok
		}
	case cached.Value != "" && now.Before(cached.Expiry): // a zero Expiry is never renewed early
		f.tok = cached
	default:
		f.err = err
	}
	if s.flight == f {
		s.flight = nil
	}
	s.mu.Unlock()
	if err != nil && f.err == nil && log != nil {
		// Logged before the waiters are released, so that what they do
		// next follows it in the log.
		log.LogAttrs(ctx, slog.LevelWarn, "paykit: access token renewal failed; the cached token is used until it expires",
			slog.Duration("expires_in", cached.Expiry.Sub(now)), slog.String("error", err.Error()))
	}
	close(f.done)
	s.mu.Lock()
	delete(s.running, f) // after done is closed: wait still sees it until then
	s.mu.Unlock()
}

// wait returns once every renewal started before it was called has ended
// (for tests: a renewal in the margin runs after the call that started it
// returned). It may be called at any time, also while other calls start
// renewals; those it does not wait for.
func (s *TokenSource) wait() {
	s.mu.Lock()
	done := make([]chan struct{}, 0, len(s.running))
	for f := range s.running {
		done = append(done, f.done)
	}
	s.mu.Unlock()
	for _, d := range done {
		<-d
	}
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
// goroutine is kept: one 401 storm causes one renewal. A renewal already
// running (started before the refusal) is left to end on its own, and
// neither caches its token nor hands it out: it may bring the refused
// token back (a token endpoint may hand out the same token until it
// expires), so the next Token call, and those waiting on it, start a new
// one. Two fetches may then run at once, so that a hanging renewal holds no
// caller: a fetch whose own credentials rotate (PortOne's refresh tokens)
// must allow for that.
func (s *TokenSource) Invalidate(refused string) {
	s.mu.Lock()
	if refused != "" && s.tok.Value == refused {
		s.tok = Token{}
		s.gen++
		s.flight = nil
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

// wait waits for the source's renewals (Client.WaitRenewals).
func (a *BearerAuth) wait() {
	if a.Source != nil {
		a.Source.wait()
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
