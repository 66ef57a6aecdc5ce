package transport

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	mathrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfterSeconds bounds what parseRetryAfter accepts, so an absurd
// header cannot overflow a time.Duration.
const maxRetryAfterSeconds = 7 * 24 * 60 * 60

// parseRetryAfter reads a Retry-After header: delta seconds or an HTTP
// date. It reports false for an absent or unreadable value; a date in the
// past is a zero wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	// Digits beyond int64 come back as ErrRange with the value clamped:
	// still a (huge) wait, not an unreadable header.
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, maxRetryAfterSeconds)) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := at.Sub(now)
	if d < 0 {
		d = 0
	}
	return min(d, maxRetryAfterSeconds*time.Second), true
}

// NewIdempotencyKey returns a random UUID (version 4) from crypto/rand.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

func randInt63n(n int64) int64 {
	if n <= 0 {
		return 0
	}
	return mathrand.Int64N(n)
}
