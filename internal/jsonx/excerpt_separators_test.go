package jsonx

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A card number in a field read as an amount, a time or a code never
// prints whole in the error's excerpt: not when its groups are split by
// '.' or '/', not when some of its digits are JSON escapes, and not, on a
// 32-bit platform, when it overflows an int code.

// unescapeDigits decodes the JSON escapes of the digits \u0030-\u0039 as
// the error prints them (strconv.Quote doubles the backslash), as anyone
// reading the log can.
func unescapeDigits(s string) string {
	for d := '0'; d <= '9'; d++ {
		s = strings.ReplaceAll(s, `\\u003`+string(d), string(d))
	}
	return s
}

// TestExcerptMasksCardGroupsSplitByDots: "4111.1111.1111.1111" (or with
// '/') has no run of ten digits by DigitRuns' rule, so the
// card prints whole in the DecodeError of an amount or a time field.
func TestExcerptMasksCardGroupsSplitByDots(t *testing.T) {
	for _, in := range []string{`"4111.1111.1111.1111"`, `"4111/1111/1111/1111"`} {
		_, _, intErr := Int64([]byte(in))
		_, timeErr := Time([]byte(in), time.UTC)
		for _, err := range []error{intErr, timeErr} {
			require.Error(t, err, in)
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, err.Error())
			assert.NotContains(t, digits, "411111111111", "%s: the card prints whole: %s", in, err)
		}
	}
}

// TestExcerptMasksEscapedDigits: Int64 quotes the raw JSON string, so
// digits written as \u0031 are not digits to DigitRuns, and they also
// split the plain runs between them below ten digits. The card
// 4111111111111111 written "411111111\u00311111\u00311x" prints whole to a
// reader who decodes the escapes. Time quotes the decoded text and masks it.
func TestExcerptMasksEscapedDigits(t *testing.T) {
	const card = "4111111111111111"
	in := `"411111111\u00311111\u00311x"`
	var s string
	require.NoError(t, json.Unmarshal([]byte(in), &s))
	require.Equal(t, card+"x", s, "the value is the card")

	_, _, err := Int64([]byte(in))
	require.Error(t, err)
	assert.NotContains(t, unescapeDigits(err.Error()), card, "the card prints whole: %s", err)
}

// TestIntOutOfRangeMasksDigits: on a 32-bit platform (int is 32 bits) a
// card number sent as an integer code (an order or receipt status)
// overflows int, and Int's error prints it with %d, unmasked. Run with
// GOARCH=386 to see it fail; on 64-bit platforms the path is unreachable.
func TestIntOutOfRangeMasksDigits(t *testing.T) {
	if strconv.IntSize == 64 {
		t.Skip("int is 64 bits: a card number fits; run with GOARCH=386")
	}
	_, err := Int([]byte("4111111111111111"))
	require.ErrorIs(t, err, ErrOutOfRange)
	assert.NotContains(t, err.Error(), "411111111111", "the card prints whole: %s", err)
}
