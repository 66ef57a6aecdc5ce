package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"net/http"
	"sync"
	"time"
)

// A KeyStore deduplicates keyed writes by their Idempotency-Key, for every sandbox whose gateway
// documents one. S is what a key is unique within (PortOne: the API secret and the key; Commerce:
// the method, path and key).
//
// A keyed write reserves its scope as it arrives ([KeyStore.Admit]), before its body is read and
// before a Delay fault holds it, so that a duplicate arriving meanwhile sees the first in flight.
// Once the operation has run the sandbox stores its answer ([KeyStore.Complete]) and a repeat of
// the same request is answered with it ([KeyReplay]) without applying anything; a repeat with
// another fingerprint under the same key is [KeyMismatch]. A request that was never applied
// releases its reservation ([KeyStore.Release]), so a retry is applied normally. Completed entries
// expire after the store's TTL (never when it is 0).
type KeyStore[S comparable] struct {
	ttl time.Duration

	mu        sync.Mutex
	entries   map[S]*keyEntry[S]
	lastSweep time.Time
}

// A keyEntry is the state of one key in a [KeyStore]: in flight or completed with its answer.
type keyEntry[S comparable] struct {
	owner *KeyTicket[S] // the request running under the key; nil once done
	done  bool
	fp    [sha256.Size]byte
	resp  Response
	at    time.Time // when it completed
}

// A KeyTicket is the reservation of the request that owns a key's entry.
type KeyTicket[S comparable] struct {
	scope S
	entry *keyEntry[S]
}

// A KeyVerdict is what [KeyStore.Claim] decides for a keyed request.
type KeyVerdict uint8

// The verdicts of [KeyStore.Claim].
const (
	KeyRun         KeyVerdict = iota // apply the operation, then Complete (or Release) the ticket
	KeyReplay                        // send the stored answer
	KeyOutstanding                   // the key's first request is still in flight
	KeyMismatch                      // the key was used for a different request
)

// NewKeyStore returns an empty store whose completed entries expire after ttl (0: never).
func NewKeyStore[S comparable](ttl time.Duration) *KeyStore[S] {
	return &KeyStore[S]{ttl: ttl, entries: make(map[S]*keyEntry[S])}
}

// expired reports whether a completed entry has outlived the TTL at now.
func (st *KeyStore[S]) expired(e *keyEntry[S], now time.Time) bool {
	return st.ttl > 0 && e.done && !now.Before(e.at.Add(st.ttl))
}

// liveLocked returns the entry for scope, dropping expired entries (all of them at most once a
// minute).
func (st *KeyStore[S]) liveLocked(scope S, now time.Time) *keyEntry[S] {
	if st.ttl > 0 && now.Sub(st.lastSweep) > time.Minute {
		st.lastSweep = now
		for k, e := range st.entries {
			if st.expired(e, now) {
				delete(st.entries, k)
			}
		}
	}
	e := st.entries[scope]
	if e != nil && st.expired(e, now) {
		delete(st.entries, scope)
		return nil
	}
	return e
}

// reserve marks scope as in flight for a new request and returns its ticket, or nil when the key
// is already in flight or completed (the request is then judged by Claim).
func (st *KeyStore[S]) reserve(scope S, now time.Time) *KeyTicket[S] {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.liveLocked(scope, now) != nil {
		return nil
	}
	return st.newLocked(scope)
}

func (st *KeyStore[S]) newLocked(scope S) *KeyTicket[S] {
	t := &KeyTicket[S]{scope: scope}
	t.entry = &keyEntry[S]{owner: t}
	st.entries[scope] = t.entry
	return t
}

// Release forgets an in-flight reservation that was not completed; a nil ticket is ignored.
func (st *KeyStore[S]) Release(t *KeyTicket[S]) {
	if t == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if e := st.entries[t.scope]; e == t.entry && !e.done {
		delete(st.entries, t.scope)
	}
}

// Claim decides what a request under scope gets: ticket is the reservation it holds (nil if none)
// and fp its fingerprint. On KeyRun it returns the ticket to complete; on KeyReplay a copy of the
// stored answer.
func (st *KeyStore[S]) Claim(scope S, ticket *KeyTicket[S], fp [sha256.Size]byte, now time.Time) (*KeyTicket[S], Response, KeyVerdict) {
	st.mu.Lock()
	defer st.mu.Unlock()
	e := st.liveLocked(scope, now)
	switch {
	case e == nil:
		return st.newLocked(scope), Response{}, KeyRun
	case e.done && e.fp == fp:
		return nil, cloneResponse(e.resp), KeyReplay
	case e.done:
		return nil, Response{}, KeyMismatch
	case ticket != nil && e.owner == ticket:
		return ticket, Response{}, KeyRun
	default:
		return nil, Response{}, KeyOutstanding
	}
}

// Complete stores resp as the answer of the request holding t; a nil ticket is ignored.
func (st *KeyStore[S]) Complete(t *KeyTicket[S], fp [sha256.Size]byte, resp Response, now time.Time) {
	if t == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	e := t.entry
	e.owner, e.done, e.fp, e.at = nil, true, fp, now
	e.resp = cloneResponse(resp)
	st.entries[t.scope] = e
}

func cloneResponse(r Response) Response {
	return Response{Status: r.Status, Header: r.Header.Clone(), Body: bytes.Clone(r.Body)}
}

// keyTicketCtx is the context key of the reservation a request holds.
type keyTicketCtx struct{}

// Admit returns the [Admit] hook of a keyed route: a request whose fault may apply it and whose
// scope is known (scopeOf) reserves the scope before its body is read, and releases it unless it
// was applied. [KeyStore.Ticket] finds the reservation in the handler.
func (st *KeyStore[S]) Admit(scopeOf func(*http.Request) (S, bool), now func() time.Time) Admit {
	return func(r *http.Request, f Fault) (*http.Request, func(applied bool)) {
		if !f.Kind().Applies() {
			return r, nil
		}
		scope, ok := scopeOf(r)
		if !ok {
			return r, nil
		}
		t := st.reserve(scope, now())
		if t == nil {
			return r, nil
		}
		return withKeyTicket(r, t), func(applied bool) {
			if !applied {
				st.Release(t)
			}
		}
	}
}

// withKeyTicket returns r carrying the reservation t, for [KeyStore.Ticket].
func withKeyTicket[S comparable](r *http.Request, t *KeyTicket[S]) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), keyTicketCtx{}, t))
}

// Ticket returns the reservation r holds in this store's scope type, or nil.
func (st *KeyStore[S]) Ticket(r *http.Request) *KeyTicket[S] {
	t, _ := r.Context().Value(keyTicketCtx{}).(*KeyTicket[S])
	return t
}
