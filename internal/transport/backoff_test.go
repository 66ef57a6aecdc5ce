package transport

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackoff checks the equal-jitter backoff: the step doubles per attempt
// up to MaxDelay, and each wait lies in [step/2, step).
func TestBackoff(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxRetries: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second}
	lowest := func(int64) int64 { return 0 }
	highest := func(n int64) int64 { return n - 1 }
	var jitterArg int64
	recording := func(n int64) int64 { jitterArg = n; return n / 2 }

	steps := []time.Duration{100, 200, 400, 800, 1600, 2000, 2000, 2000}
	for i, step := range steps {
		step *= time.Millisecond
		attempt := i + 1
		assert.Equal(t, step/2, p.backoff(attempt, lowest), "attempt %d, lowest jitter", attempt)
		assert.Equal(t, step-1, p.backoff(attempt, highest), "attempt %d, highest jitter", attempt)
		got := p.backoff(attempt, recording)
		assert.Equal(t, int64(step-step/2), jitterArg, "attempt %d: jitter spans the upper half", attempt)
		assert.Equal(t, step/2+(step-step/2)/2, got)
	}

	// Real randomness stays within bounds, and a huge attempt count neither
	// overflows nor passes the cap.
	for _, attempt := range []int{1, 2, 5, 63, 64, 1000, math.MaxInt32} {
		for range 100 {
			d := p.backoff(attempt, randInt63n)
			require.GreaterOrEqual(t, d, p.BaseDelay/2, "attempt %d", attempt)
			require.Less(t, d, p.MaxDelay, "attempt %d", attempt)
		}
	}

	// Degenerate policies.
	assert.Equal(t, time.Duration(0), RetryPolicy{}.backoff(3, randInt63n))
	assert.Equal(t, time.Duration(1), RetryPolicy{BaseDelay: 1, MaxDelay: 1}.backoff(3, randInt63n))
	assert.Equal(t, 5*time.Second, RetryPolicy{BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second}.backoff(1, lowest))
}

// TestDefaultRetryPolicy pins the documented defaults.
func TestDefaultRetryPolicy(t *testing.T) {
	t.Parallel()
	p := DefaultRetryPolicy()
	assert.Equal(t, RetryPolicy{MaxRetries: 2, BaseDelay: 500 * time.Millisecond, MaxDelay: 8 * time.Second, MaxRetryAfter: 8 * time.Second}, p)
	require.NoError(t, p.validate())
	assert.Error(t, RetryPolicy{MaxRetries: -1}.validate())
	assert.Error(t, RetryPolicy{BaseDelay: -1}.validate())
	assert.Error(t, RetryPolicy{MaxRetryAfter: -1}.validate())
	assert.Error(t, RetryPolicy{BaseDelay: 2 * time.Second, MaxDelay: time.Second}.validate())
}

var retryAfterNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const retryAfterCap = maxRetryAfterSeconds * time.Second

// TestParseRetryAfter covers delta seconds, HTTP dates in the three
// formats, past dates, negative, garbage and huge values.
func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"   ", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"86400", 24 * time.Hour, true},
		{"-1", 0, false},
		{"-0", 0, true},
		{"1.5", 0, false},
		{"1s", 0, false},
		{"abc", 0, false},
		{"0x10", 0, false},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second, true}, // IMF-fixdate
		{"Sunday, 01-Mar-26 12:01:00 GMT", time.Minute, true},     // RFC 850
		{"Sun Mar  1 12:00:05 2026", 5 * time.Second, true},       // asctime
		{"Sun, 01 Mar 2026 11:59:00 GMT", 0, true},                // past: no wait
		{"Thu, 01 Jan 1970 00:00:00 GMT", 0, true},                // long past
		{"Sun, 01 Mar 2026 12:00:30 +0900", 0, false},             // not an HTTP date
		{"Fri, 31 Dec 9999 23:59:59 GMT", retryAfterCap, true},    // far future: capped
		{"604800", retryAfterCap, true},                           // exactly the cap
		{"604801", retryAfterCap, true},                           // above the cap
		{"9223372036854775807", retryAfterCap, true},              // max int64 seconds
		{"99999999999999999999999999", retryAfterCap, true},       // beyond int64: still huge
		{"-99999999999999999999999999", 0, false},                 // beyond int64, negative
		{"\x00", 0, false},
	} {
		got, ok := parseRetryAfter(tc.in, retryAfterNow)
		assert.Equal(t, tc.ok, ok, "parseRetryAfter(%q) ok", tc.in)
		assert.Equal(t, tc.want, got, "parseRetryAfter(%q)", tc.in)
	}
}

// FuzzParseRetryAfter: never panics, never negative, never above the cap,
// and zero whenever the value is not understood.
func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{
		"", "0", "1", "120", "-1", "604801", "9223372036854775807", "99999999999999999999",
		"Sun, 01 Mar 2026 12:00:30 GMT", "Sunday, 01-Mar-26 12:01:00 GMT", "Sun Mar  1 12:00:05 2026",
		"Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "garbage", " 5 ", "+5",
	} {
		f.Add(seed, retryAfterNow.Unix())
	}
	f.Fuzz(func(t *testing.T, v string, nowUnix int64) {
		d, ok := parseRetryAfter(v, time.Unix(nowUnix, 0))
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v: negative", v, d)
		}
		if d > retryAfterCap {
			t.Fatalf("parseRetryAfter(%q) = %v: above the %v cap", v, d, retryAfterCap)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, false: a wait for an unreadable value", v, d)
		}
	})
}

// TestNewIdempotencyKey checks the UUID v4 shape and that keys differ.
func TestNewIdempotencyKey(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 1000 {
		k := NewIdempotencyKey()
		require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, k)
		require.False(t, seen[k])
		seen[k] = true
	}
}
