package webhook

import (
	"crypto/subtle"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEqualTextMatchesConstantTimeCompare: the word-at-a-time comparison
// agrees with subtle.ConstantTimeCompare for every length up to past a
// signature's 44 bytes, equal or differing in any one byte (in the words
// and in the tail), and for different lengths.
func TestEqualTextMatchesConstantTimeCompare(t *testing.T) {
	for n := 0; n <= 50; n++ {
		a := strings.Repeat("K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=", 2)[:n]
		assert.Equal(t, 1, equalText(a, []byte(a)), "length %d, equal", n)
		for i := 0; i < n; i++ {
			for _, flip := range []byte{0x01, 0x80} {
				b := []byte(a)
				b[i] ^= flip
				assert.Equal(t, subtle.ConstantTimeCompare([]byte(a), b), equalText(a, b), "length %d, byte %d differs", n, i)
				assert.Equal(t, 0, equalText(a, b), "length %d, byte %d differs", n, i)
			}
		}
		assert.Equal(t, 0, equalText(a, []byte(a+"x")), "length %d vs %d", n, n+1)
	}
}

// TestV1SignatureEntries: an entry is a v1 signature exactly when the
// text before its first comma is "v1"; the signature runs to the next
// comma.
func TestV1SignatureEntries(t *testing.T) {
	for entry, want := range map[string]string{
		"v1,abc": "abc", "v1,abc,def": "abc", "v1,": "", "v1,,x": "",
	} {
		got, ok := v1Signature(entry)
		assert.True(t, ok, entry)
		assert.Equal(t, want, got, entry)
	}
	for _, entry := range []string{"", "v1", "v1a,abc", "v2,abc", "V1,abc", ",v1,abc", " v1,abc", "v,1"} {
		_, ok := v1Signature(entry)
		assert.False(t, ok, entry)
	}
}

// TestParseUnixRange: every decimal up to int64's maximum parses, one more
// does not, and nothing but digits does.
func TestParseUnixRange(t *testing.T) {
	for _, s := range []string{"0", "1674087231", strings.Repeat("9", 18), "9223372036854775807", "0000000000000000001"} {
		want, err := strconv.ParseInt(s, 10, 64)
		assert.NoError(t, err, s)
		got, ok := parseUnix(s)
		assert.True(t, ok, s)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"", "9223372036854775808", "9999999999999999999", "10000000000000000000", "+1", "-1", "1 ", "1e9", "１"} {
		_, ok := parseUnix(s)
		assert.False(t, ok, s)
	}
}
