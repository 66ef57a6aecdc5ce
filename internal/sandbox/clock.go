package sandbox

import (
	"sync"
	"time"
)

// A Clock is a fake clock for tests: it stands still until [Clock.Advance] or [Clock.Set] moves
// it. Pass its Now method to a sandbox's WithClock option and to a client's clock option, so that
// token lifetimes, timestamps and expiries move only when the test says. It is safe for concurrent
// use. The zero Clock reads the zero time.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock that reads t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backward for a negative d).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
