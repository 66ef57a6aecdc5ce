package webhook

import (
	"testing"
	"time"
)

// TestWallSecondsIsTheWallClock: the default clock of the verifiers agrees
// with time.Now to the second (read between two time.Now readings).
func TestWallSecondsIsTheWallClock(t *testing.T) {
	for range 100 {
		before := time.Now().Unix()
		got := wallSeconds()
		after := time.Now().Unix()
		if got < before || got > after {
			t.Fatalf("wallSeconds() = %d, want within [%d, %d]", got, before, after)
		}
	}
}

// TestUnixClockUsesTheConfiguredNow: a configured clock wins over the wall
// clock, which tests of replay windows rely on.
func TestUnixClockUsesTheConfiguredNow(t *testing.T) {
	at := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if got := unixClock(func() time.Time { return at })(); got != at.Unix() {
		t.Fatalf("unixClock(fixed)() = %d, want %d", got, at.Unix())
	}
	if got, wall := unixClock(nil)(), time.Now().Unix(); got < wall-1 || got > wall+1 {
		t.Fatalf("unixClock(nil)() = %d, want about %d", got, wall)
	}
}
