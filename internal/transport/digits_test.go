package transport

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDigits pins the bounds and the alphabet of the number check the clients and the sandboxes share.
func TestDigits(t *testing.T) {
	for _, tc := range []struct {
		s        string
		min, max int
		want     bool
	}{
		{"", 0, 2, true},
		{"", 1, 2, false},
		{"12", 2, 2, true},
		{"123", 2, 2, false}, // too long
		{"1", 2, 4, false},   // too short
		{"4111111111111111", 13, 19, true},
		{"4111-1111", 1, 19, false}, // a separator is not a digit
		{"١٢", 1, 4, false},         // digits outside ASCII are refused
		{"12a", 1, 4, false},
	} {
		assert.Equal(t, tc.want, Digits(tc.s, tc.min, tc.max), "Digits(%q, %d, %d)", tc.s, tc.min, tc.max)
	}
}
