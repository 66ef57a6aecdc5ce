package webhook

import (
	"sync/atomic"
	"time"
)

// clock is a verifier's clock, read in Unix seconds.
//
// With no caller's clock it reads time.Now at most once a second and, in
// between, adds the monotonic time elapsed since that reading: time.Since
// reads one clock where time.Now reads two, and the second read was the
// largest cost of a verification after the HMAC itself. A step of the wall
// clock (NTP, a resumed VM) therefore shows within a second of running
// time, far inside the minutes of tolerance.
//
// It stays a time.Now clock for tests: inside a testing/synctest bubble
// time.Now and time.Since read the bubble's clock, and a reading taken on
// the other side of the bubble gives an elapsed time out of [0, 1s) and
// is taken again.
type clock struct {
	now    func() time.Time // the caller's clock; nil means the wall clock
	anchor atomic.Pointer[anchor]
}

// anchor is one wall-clock reading: the time, for the monotonic clock, and
// its Unix nanoseconds, so that a second reading is one addition away.
type anchor struct {
	at       time.Time
	unixNano int64
}

// reanchorAfter is how long the wall clock may go unread.
const reanchorAfter = time.Second

func (c *clock) unix() int64 {
	if c.now != nil {
		return c.now().Unix()
	}
	return c.wallUnix(time.Now, time.Since)
}

// wallUnix is the default clock over its two readings, which tests replace
// to step the wall clock.
func (c *clock) wallUnix(now func() time.Time, since func(time.Time) time.Duration) int64 {
	if a := c.anchor.Load(); a != nil {
		if d := since(a.at); d >= 0 && d < reanchorAfter {
			return unixSeconds(a.unixNano + int64(d))
		}
	}
	t := now()
	c.anchor.Store(&anchor{at: t, unixNano: t.UnixNano()})
	return t.Unix()
}

// unixSeconds is the Unix second holding a Unix nanosecond, rounded down
// as time.Time.Unix rounds (also before 1970).
func unixSeconds(nano int64) int64 {
	s := nano / int64(time.Second)
	if nano%int64(time.Second) < 0 {
		s--
	}
	return s
}
