package sandbox

import (
	"net/http"
	"sync"
	"time"
)

// An Entry is one request received by a sandbox, as recorded in a [Log]: the [Request] a
// sandbox's users see, with the operation as a plain string, and the Log's own bookkeeping.
type Entry struct {
	Request[string]
	// Seq numbers the entries of a Log from 1 in the order the requests arrived.
	Seq int
	// Applied reports whether the operation ran (its Apply function was called). Whether it changed
	// any state is for the sandbox to say.
	Applied bool
	// Done reports whether the request has been fully served.
	Done bool
}

// A Log records the requests a sandbox receives. The zero Log is empty, uses time.Now and is ready
// to use; it is safe for concurrent use.
type Log struct {
	now func() time.Time

	mu      sync.Mutex
	entries []*Entry
}

// NewLog returns an empty Log that timestamps entries with now (time.Now if nil).
func NewLog(now func() time.Time) *Log {
	return &Log{now: now}
}

// add records a request and returns its entry for finish.
func (l *Log) add(op string, r *http.Request, body []byte, k Kind, at time.Time) *Entry {
	if l == nil {
		return nil
	}
	e := &Entry{Request: Request[string]{
		Time: at, Op: op, Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(),
		Body: body, Fault: k,
	}}
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Seq = len(l.entries) + 1
	l.entries = append(l.entries, e)
	return e
}

// finish completes an entry returned by add (which Reset may have dropped from the Log meanwhile).
func (l *Log) finish(e *Entry, status int, applied bool) {
	if l == nil || e == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e.StatusCode, e.Applied, e.Done = status, applied, true
}

func (l *Log) clock() time.Time {
	if l == nil || l.now == nil {
		return time.Now()
	}
	return l.now()
}

// Entries returns a copy of the entries in arrival order. The copies share nothing with the Log.
func (l *Log) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Entry, len(l.entries))
	for i, p := range l.entries {
		e := *p
		e.Header = e.Header.Clone()
		if e.Body != nil {
			e.Body = append([]byte{}, e.Body...)
		}
		out[i] = e
	}
	return out
}

// Len returns the number of recorded requests.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

// Count returns the number of requests recorded for op.
func (l *Log) Count(op string) int { return l.Counts()[op] }

// Counts returns a new map from operation name to the number of requests recorded for it.
func (l *Log) Counts() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int)
	for _, e := range l.entries {
		out[e.Op]++
	}
	return out
}

// Reset forgets every entry. Requests still being served when Reset runs are not re-recorded when
// they finish.
func (l *Log) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
}

// A Tally holds a sandbox's counters of applied state changes as the fields of its own Stats
// struct T, so that the sandbox counts into the struct it reports and no name table has to mirror
// it. The zero Tally is ready to use and safe for concurrent use.
type Tally[T any] struct {
	mu sync.Mutex
	v  T
}

// Count runs add on the counters under the Tally's lock: t.Count(func(s *Stats) { s.Cancels++ }).
func (t *Tally[T]) Count(add func(*T)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	add(&t.v)
}

// Snapshot returns a copy of the counters.
func (t *Tally[T]) Snapshot() T {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.v
}
