package commercetest

import (
	"bytes"
	"context"
	"net/http"
	"sync"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// keyStore deduplicates keyed writes by their Idempotency-Key, per
// operation: the first request under a key runs and its answer is kept; a
// later one gets that answer again; one arriving while the first is still
// in flight (held by a Delay fault, say) is refused with 409
// PROCESS_DUPLICATED. A request that was not applied in the end (a Status
// fault, a refusal before the handler) leaves no trace. Keys do not
// expire.
type keyStore struct {
	mu      sync.Mutex
	entries map[string]*keyEntry
	replays int
}

type keyEntry struct {
	owner *keyTicket // the request running under the key; nil once done
	done  bool
	resp  sandbox.Response
}

// keyTicket is a reservation held by the request that admitted it.
type keyTicket struct {
	scope string
	entry *keyEntry
}

type ticketKey struct{}

func scopeOf(r *http.Request) (string, bool) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		return "", false
	}
	return r.Method + " " + r.URL.Path + " " + key, true
}

func ticketOf(r *http.Request) *keyTicket {
	t, _ := r.Context().Value(ticketKey{}).(*keyTicket)
	return t
}

// admit reserves the key as the request arrives, before any delay, so
// that a duplicate arriving meanwhile sees the first in flight (the kit's
// Admit hook). Faults that never apply reserve nothing.
func (st *keyStore) admit(r *http.Request, f sandbox.Fault) (*http.Request, func(applied bool)) {
	scope, ok := scopeOf(r)
	if !ok || !f.Kind().Applies() {
		return r, nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.entries[scope] != nil {
		return r, nil
	}
	t := &keyTicket{scope: scope}
	t.entry = &keyEntry{owner: t}
	st.entries[scope] = t.entry
	return r.WithContext(context.WithValue(r.Context(), ticketKey{}, t)), func(applied bool) {
		if !applied {
			st.release(t)
		}
	}
}

// release forgets a reservation whose request was not applied.
func (st *keyStore) release(t *keyTicket) {
	if t == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if e := st.entries[t.scope]; e == t.entry && !e.done {
		delete(st.entries, t.scope)
	}
}

// run applies a keyed write once per key: it runs apply and keeps its
// answer, replays a kept answer, or answers inFlight while the key's
// first request is still being served. A write without a key just runs.
func (st *keyStore) run(r *http.Request, t *keyTicket, inFlight sandbox.Response, apply func() sandbox.Response) sandbox.Response {
	scope, ok := scopeOf(r)
	if !ok {
		return apply()
	}
	st.mu.Lock()
	e := st.entries[scope]
	switch {
	case e != nil && e.done:
		st.replays++
		resp := e.resp
		st.mu.Unlock()
		resp.Body = bytes.Clone(resp.Body)
		return resp
	case e != nil && (t == nil || e.owner != t):
		st.mu.Unlock()
		return inFlight
	case e == nil:
		t = &keyTicket{scope: scope}
		e = &keyEntry{owner: t}
		st.entries[scope] = e
	}
	st.mu.Unlock()
	resp := apply()
	st.mu.Lock()
	defer st.mu.Unlock()
	if resp.Status >= 200 && resp.Status <= 299 {
		e.owner, e.done, e.resp = nil, true, sandbox.Response{Status: resp.Status, Header: resp.Header.Clone(), Body: bytes.Clone(resp.Body)}
	} else if st.entries[scope] == e {
		delete(st.entries, scope) // a refusal is not kept: the same key may try again
	}
	return resp
}

func (st *keyStore) replayCount() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.replays
}
