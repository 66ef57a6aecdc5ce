package webhook

import (
	"testing"
	"time"
)

// TestClockSeesAWallStepWithinASecond: the default clock adds monotonic
// time to its last wall reading, reads the wall clock again once a second
// has passed (so a step of the wall clock shows within a second), and
// reads it again when the elapsed time is negative (a reading from another
// clock, such as a synctest bubble's).
func TestClockSeesAWallStepWithinASecond(t *testing.T) {
	wall := time.Date(2026, 11, 28, 0, 0, 0, 500_000_000, time.UTC)
	var elapsed time.Duration // monotonic time since the last wall reading
	reads := 0
	now := func() time.Time { reads++; elapsed = 0; return wall }
	since := func(time.Time) time.Duration { return elapsed }
	var c clock
	check := func(step string, want int64, wantReads int) {
		t.Helper()
		if got := c.wallUnix(now, since); got != want || reads != wantReads {
			t.Fatalf("%s: got %d after %d wall readings, want %d after %d", step, got, reads, want, wantReads)
		}
	}
	base := wall.Unix()
	check("first reading", base, 1)
	elapsed = 400 * time.Millisecond
	check("0.4 s on", base, 1)
	elapsed = 600 * time.Millisecond
	check("0.6 s on, past the whole second", base+1, 1)

	wall = wall.Add(time.Hour) // NTP steps the wall clock; the monotonic clock does not
	elapsed = 999 * time.Millisecond
	check("a step not yet read", base+1, 1)
	elapsed = time.Second
	check("a second on, the step is read", base+3600, 2)

	elapsed = -time.Nanosecond
	check("a negative elapsed time is read again", base+3600, 3)
}

// TestClockUsesTheCallersClock: a configured Now is read on every call.
func TestClockUsesTheCallersClock(t *testing.T) {
	at := time.Unix(1_700_000_000, 0)
	c := clock{now: func() time.Time { return at }}
	for _, step := range []time.Duration{0, 10 * time.Millisecond, time.Hour} {
		at = at.Add(step)
		if got := c.unix(); got != at.Unix() {
			t.Fatalf("got %d, want %d", got, at.Unix())
		}
	}
}
