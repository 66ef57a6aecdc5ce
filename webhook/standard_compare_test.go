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

// TestV1SignatureEntries: v1Signature offers every entry whose signature,
// as PortOne's SDKs read it (the text between the first comma and the
// next, when the text before it is "v1"), has a MAC's 44 characters, and
// offers that text; anything else it offers holds a comma, which no MAC's
// base64 does, so it can never match.
func TestV1SignatureEntries(t *testing.T) {
	const mac = "K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="
	entries := []string{
		"", "v1", "v1,", "v1,,x", "v1,abc", "v1,abc,def", "v1a,abc", "v2,abc", "V1,abc", ",v1,abc", " v1,abc", "v,1",
		"v1," + mac, "v1," + mac + ",", "v1," + mac + ",extra", "v1," + mac + "x", "v1," + mac[:43], "v1," + mac[:43] + ",",
		"v1," + mac[:20] + "," + mac[21:], "v1a," + mac, "v2," + mac, "V1," + mac, "v1,," + mac,
	}
	for _, entry := range entries {
		version, sig, _ := strings.Cut(entry, ",")
		sig, _, _ = strings.Cut(sig, ",")
		wantOK := strings.Contains(entry, ",") && version == "v1" && len(sig) == len(mac)
		got, ok := v1Signature(entry)
		switch {
		case wantOK:
			assert.True(t, ok, entry)
			assert.Equal(t, sig, got, entry)
		case ok:
			assert.Contains(t, got, ",", entry)
		}
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
