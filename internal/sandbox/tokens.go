package sandbox

import (
	"sync"
	"time"
)

// TokenState is what [Tokens.Check] found for a token.
type TokenState uint8

// The states of a token.
const (
	// TokenValid: issued and not yet expired.
	TokenValid TokenState = iota
	// TokenUnknown: empty, never issued, or deleted since.
	TokenUnknown
	// TokenExpired: issued, but its expiry has passed (or [Tokens.ExpireAll] was called).
	TokenExpired
)

// Tokens is a sandbox's table of the bearer tokens it issued: each token stands for a grant G (the
// credentials it was issued for; struct{} when there is nothing to remember) until it expires by
// the sandbox's clock. The zero Tokens is empty and ready to use; it is safe for concurrent use.
// How tokens are issued, rotated and answered is the gateway's and stays in its sandbox.
type Tokens[G any] struct {
	mu sync.Mutex
	m  map[string]grant[G]
}

type grant[G any] struct {
	g       G
	expires time.Time
}

// Issue records tok as standing for g until expires.
func (t *Tokens[G]) Issue(tok string, g G, expires time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[string]grant[G])
	}
	t.m[tok] = grant[G]{g, expires}
}

// Check looks tok up at time now: its grant, its expiry and whether it may be used.
func (t *Tokens[G]) Check(tok string, now time.Time) (g G, expires time.Time, st TokenState) {
	t.mu.Lock()
	e, known := t.m[tok]
	t.mu.Unlock()
	switch {
	case tok == "" || !known:
		return g, time.Time{}, TokenUnknown
	case !now.Before(e.expires):
		return e.g, e.expires, TokenExpired
	}
	return e.g, e.expires, TokenValid
}

// Delete forgets tok: it is unknown from now on.
func (t *Tokens[G]) Delete(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, tok)
}

// Clear forgets every token.
func (t *Tokens[G]) Clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.m)
}

// ExpireAll makes every token issued so far expired (not unknown), whatever the clock says.
func (t *Tokens[G]) ExpireAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for tok, e := range t.m {
		e.expires = time.Time{}
		t.m[tok] = e
	}
}
