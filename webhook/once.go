package webhook

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
)

// ClaimState is the answer of Store.Claim.
type ClaimState int

// The answers of Store.Claim.
const (
	// Claimed: the caller now holds the key until its lease ends; it runs
	// the work, then calls Done (on success) or Release (on failure).
	Claimed ClaimState = iota + 1
	// AlreadyDone: the work for this key was done; do nothing more.
	AlreadyDone
	// Busy: another claimant holds the key under a live lease; try later.
	Busy
)

// String names the state ("claimed", "already done", "busy"), so that a
// printed Claim or a log line reads without the numbers; a value outside
// the three prints as "ClaimState(n)".
func (s ClaimState) String() string {
	switch s {
	case Claimed:
		return "claimed"
	case AlreadyDone:
		return "already done"
	case Busy:
		return "busy"
	}
	return "ClaimState(" + strconv.Itoa(int(s)) + ")"
}

// Claim is the answer of Store.Claim. Token identifies this claim in Done
// and Release, so that a claimant whose lease ran out (and whose key was
// claimed again) cannot mark the new claimant's work done.
type Claim struct {
	State ClaimState
	Token string // set when State is Claimed
}

// Format prints the claim with its token as [REDACTED], for every fmt
// verb: the token is what lets a claimant mark the key done in a shared
// store, so a log reader must not learn it.
func (c Claim) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs the claim with its token as [REDACTED], also through
// slog's JSON handler.
func (c Claim) LogValue() slog.Value {
	type plain Claim
	p := plain(c)
	p.Token = redact.Secret(c.Token)
	return redact.LogValue(p)
}

// Errors of a Store and of Processor.
var (
	// ErrLeaseLost: Done or Release with a token that no longer holds the
	// key (its lease ran out and another claimant took the key).
	ErrLeaseLost = errors.New("webhook: the claim's lease was lost to another claimant")
	// ErrInProgress: Process found the key held by another claimant. The
	// handlers answer 409 so that the sender delivers again later.
	ErrInProgress = errors.New("webhook: another claimant is processing this key")
	// ErrStoreFull: a bounded store has no room for a new key without
	// forgetting one it must still remember.
	ErrStoreFull = errors.New("webhook: process-once store is full")
	// ErrNotRecorded: the callback succeeded but Store.Done failed, so the
	// key will be claimable again once its lease ends. Process returns it
	// with ran == true; the handlers still acknowledge the delivery (the
	// work is done) and report the error to WithErrorHook's function.
	ErrNotRecorded = errors.New("webhook: the callback succeeded but could not be recorded as done")
)

// Store remembers which keys were processed, for Processor. It is shared by
// every handler and every server instance that must run a callback once per
// key, and by the browser-callback path.
//
// The contract, for an implementation backed by your database (so that
// several server instances share it):
//
//   - Claim(key, lease) is one atomic step. If the key is done, it answers
//     AlreadyDone. If it is held under a lease that has not ended, Busy. If
//     it is absent, or held under a lease that has ended (the claimant
//     crashed), it records the key as held by a new, unique token until
//     now+lease and answers Claimed with that token.
//   - Done(key, token) marks the key done if token still holds it (even if
//     its lease has ended, as long as nobody claimed it since); otherwise
//     ErrLeaseLost. A done key is remembered at least as long as the
//     senders may redeliver (PortOne retries for about 6 hours; keep keys
//     for days).
//   - A claim whose lease ended and that nobody claimed since still holds
//     its key: a callback that outlived its lease must be able to record
//     its success, or the next delivery runs it again. A store may forget
//     such a claim (a crashed claimant's) only once its lease has been
//     over for longer than any callback may outlive it; MemoryStore waits
//     Retain.
//   - Release(key, token) forgets the claim if token still holds it, so
//     that the next delivery claims the key at once; otherwise
//     ErrLeaseLost.
//   - The clock is the database's, so that instances with skewed clocks
//     agree on when a lease ends.
//
// With SQL, one table does it:
//
//	CREATE TABLE webhook_keys (
//	    key         TEXT PRIMARY KEY,
//	    token       TEXT NOT NULL,
//	    done        BOOLEAN NOT NULL DEFAULT FALSE,
//	    lease_until TIMESTAMP NOT NULL
//	);
//	-- Claim: insert, or take over an ended lease; no row back means Busy or AlreadyDone.
//	INSERT INTO webhook_keys (key, token, lease_until) VALUES ($1, $2, now() + $3)
//	ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, lease_until = EXCLUDED.lease_until
//	    WHERE NOT webhook_keys.done AND webhook_keys.lease_until < now()
//	RETURNING token;
//	-- then, if no row came back: SELECT done FROM webhook_keys WHERE key = $1
//	-- done: AlreadyDone; not done: Busy. No row at all means a Release
//	-- deleted the key between the two statements: the key is free, so run
//	-- the INSERT once more (and answer Busy if that races again), never an
//	-- error: a store failure is answered 503 for a key nobody holds.
//	-- Done:    UPDATE webhook_keys SET done = TRUE WHERE key = $1 AND token = $2 AND NOT done
//	-- Release: DELETE FROM webhook_keys WHERE key = $1 AND token = $2 AND NOT done
//	-- (no row affected: ErrLeaseLost)
//
// Best of all, mark the key done in the same transaction as the work's own
// writes (the order marked paid), so that the two can never disagree.
type Store interface {
	Claim(ctx context.Context, key string, lease time.Duration) (Claim, error)
	Done(ctx context.Context, key, token string) error
	Release(ctx context.Context, key, token string) error
}

// DefaultLease is Processor's lease when it sets none.
const DefaultLease = 5 * time.Minute

// Processor runs a callback at most once per key (see Process). The
// handlers use it when given one, and your browser-callback endpoint calls
// it with the same keys (PortOnePaidKey, BootpayPaidKey, CommercePaidKey),
// so that a
// webhook, its redeliveries and the browser's report of the same payment
// run your fulfilment once between them.
type Processor struct {
	Store Store
	// Lease is how long a claim holds its key before another claimant may
	// take it over: longer than your callback can take, since a callback
	// still running when its lease ends may run twice. Zero means
	// DefaultLease.
	//
	// Process does not cut the callback's context at the lease's end: a
	// gateway call cancelled half-way leaves its outcome unknown (a refund
	// that may or may not have happened) rather than preventing a second
	// run, and a callback that finishes late still records its key when
	// nobody claimed it since (see Store). Give the callback's own calls
	// timeouts that end well within the lease.
	Lease time.Duration
}

// Process claims key and runs fn if the claim succeeds, then marks the key
// done, or releases it if fn fails. ran reports whether fn ran. The
// outcomes:
//
//   - ran, nil: fn succeeded and the key is done.
//   - not ran, nil: the key was already done; nothing to do.
//   - not ran, ErrInProgress: another claimant holds the key; try later.
//     (It may yet fail, so this is not a success.)
//   - ran, fn's error: fn failed and the key was released for a retry.
//     fn's error is returned as it is: one wrapping ErrNotRecorded (from
//     an inner Process) matches it too, so wrap fn's errors in a type of
//     yours to tell them apart, as the handlers do.
//   - ran, ErrNotRecorded: fn succeeded but the store could not record it
//     (Done failed, or did not answer within the lease).
//   - not ran, another error: the store failed (ErrStoreFull, a database
//     error); nothing ran.
//
// Every Store call is bounded by the lease, so that a Store stuck on its
// database cannot hold the caller for ever (the handlers' context never
// ends on its own). Claim is called on ctx so bounded. A Claim that fails,
// cut by that bound or by ctx, may still have taken the key (an SQL Claim
// whose INSERT committed before its answer was lost): the key is free
// again at most a lease after the failure, deliveries of it meanwhile get
// ErrInProgress (409), and nothing runs twice.
//
// Done and Release are called on ctx detached from its cancellation, so
// that a client hanging up cannot leave a finished key unrecorded, and
// bounded by the lease from the moment fn returns. A Done still
// unanswered then is ErrNotRecorded, as a failed Done is (the work is
// done; the key is claimable again once its lease ends, so waiting longer
// for the Store buys nothing); a Release still unanswered then is returned
// joined with fn's error (the key is free again once its lease ends).
//
// fn runs on ctx itself: Process neither cuts it at the lease's end (see
// Lease) nor detaches it. A ctx that ends while fn writes to a gateway
// leaves the write's outcome unknown, and fn's failure releases the key,
// so that the next delivery runs fn, and the write, again. The handlers
// therefore call Process with the request's context detached from its
// cancellation (see WithProcessor); on your own path (the browser's
// report), pass context.WithoutCancel(r.Context()) likewise, and let fn
// bound its own gateway calls with context.WithTimeout, well within the
// lease.
func (p *Processor) Process(ctx context.Context, key string, fn func(context.Context) error) (ran bool, err error) {
	lease := p.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	c, err := p.claim(ctx, key, lease)
	switch {
	case err != nil:
		return false, err
	case c.State == AlreadyDone:
		return false, nil
	case c.State != Claimed:
		return false, ErrInProgress
	}
	if err := fn(ctx); err != nil {
		if rerr := p.after(ctx, lease, p.Store.Release, key, c.Token); rerr != nil {
			return true, errors.Join(err, rerr)
		}
		return true, err
	}
	if err := p.after(ctx, lease, p.Store.Done, key, c.Token); err != nil {
		return true, errors.Join(ErrNotRecorded, err)
	}
	return true, nil
}

// after runs Store.Done or Store.Release (step) on ctx detached from its
// cancellation and bounded by the lease (see Process).
func (p *Processor) after(ctx context.Context, lease time.Duration, step func(context.Context, string, string) error, key, token string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lease)
	defer cancel()
	return step(ctx, key, token)
}

// claim is Store.Claim bounded by the lease (see Process).
func (p *Processor) claim(ctx context.Context, key string, lease time.Duration) (Claim, error) {
	ctx, cancel := context.WithTimeout(ctx, lease)
	defer cancel()
	return p.Store.Claim(ctx, key, lease)
}

// MemoryConfig configures a MemoryStore.
type MemoryConfig struct {
	// Capacity bounds the keys held, claimed or done; zero means 100 000.
	Capacity int
	// Retain is how long a done key is remembered, and how long after its
	// lease ended a claim nobody finished is kept before a full store may
	// forget it (see Store); zero means 72 hours.
	Retain time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// MemoryStore is a Store in memory, for one server instance (several
// instances need a shared Store; see Store). It is bounded: it forgets a
// done key Retain after it was done, and a claim nobody finished Retain
// after its lease ended (only when full), and when Capacity keys are held
// it refuses new claims with ErrStoreFull rather than forget a key early —
// forgetting one could run its callback twice; a refusal only makes the
// sender deliver again later. Size Capacity for Retain times your peak
// rate of events.
//
// It is safe for concurrent use.
type MemoryStore struct {
	mu      sync.Mutex
	cfg     MemoryConfig
	keys    map[string]*memEntry
	done    *list.List // done keys, oldest first
	nextTok uint64
}

type memEntry struct {
	token      string
	leaseUntil time.Time
	doneAt     time.Time
	elem       *list.Element // in done, once done
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore(cfg MemoryConfig) *MemoryStore {
	if cfg.Capacity <= 0 {
		cfg.Capacity = 100_000
	}
	if cfg.Retain <= 0 {
		cfg.Retain = 72 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &MemoryStore{cfg: cfg, keys: map[string]*memEntry{}, done: list.New()}
}

// Claim implements Store.
func (m *MemoryStore) Claim(_ context.Context, key string, lease time.Duration) (Claim, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.cfg.Now()
	m.forgetExpired(now)
	e, ok := m.keys[key]
	switch {
	case ok && e.elem != nil:
		return Claim{State: AlreadyDone}, nil
	case ok && now.Before(e.leaseUntil):
		return Claim{State: Busy}, nil
	case !ok && len(m.keys) >= m.cfg.Capacity && !m.dropEndedLeases(now):
		return Claim{}, ErrStoreFull
	case !ok:
		e = &memEntry{}
		m.keys[key] = e
	}
	m.nextTok++
	e.token, e.leaseUntil = strconv.FormatUint(m.nextTok, 10), now.Add(lease)
	return Claim{State: Claimed, Token: e.token}, nil
}

// Done implements Store.
func (m *MemoryStore) Done(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, err := m.leased(key, token)
	if err != nil {
		return err
	}
	e.doneAt = m.cfg.Now()
	e.elem = m.done.PushBack(key)
	return nil
}

// Release implements Store.
func (m *MemoryStore) Release(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.leased(key, token); err != nil {
		return err
	}
	delete(m.keys, key)
	return nil
}

// leased returns key's entry while token still holds its lease, and
// ErrLeaseLost once the key is done, released or claimed again. m.mu must
// be held.
func (m *MemoryStore) leased(key, token string) (*memEntry, error) {
	e, ok := m.keys[key]
	if !ok || e.elem != nil || e.token != token {
		return nil, ErrLeaseLost
	}
	return e, nil
}

// Len returns how many keys the store holds, claimed or done.
func (m *MemoryStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.keys)
}

// dropEndedLeases forgets the claims whose lease ended Retain ago or more
// (claimants that crashed and whose key was never delivered again) and
// reports whether that made room. A claim whose lease ended more recently
// stays: its callback may still be running, and Done must succeed for it
// (see Store). It scans every key, so it runs only when the store is full.
func (m *MemoryStore) dropEndedLeases(now time.Time) bool {
	for key, e := range m.keys {
		if e.elem == nil && now.Sub(e.leaseUntil) >= m.cfg.Retain {
			delete(m.keys, key)
		}
	}
	return len(m.keys) < m.cfg.Capacity
}

// forgetExpired drops the done keys older than Retain. Keys are done in
// clock order, so the oldest are at the front.
func (m *MemoryStore) forgetExpired(now time.Time) {
	for front := m.done.Front(); front != nil; front = m.done.Front() {
		key := front.Value.(string)
		if now.Sub(m.keys[key].doneAt) < m.cfg.Retain {
			return
		}
		m.done.Remove(front)
		delete(m.keys, key)
	}
}
