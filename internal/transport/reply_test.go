package transport

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// TestOtherObject: the error of a reply about another object is a
// *DecodeError of no category, naming both ids (clipped), none, or
// neither when they are secrets.
func TestOtherObject(t *testing.T) {
	err := OtherObject("portone", "payments.get", 200, "payment", "p-2", "p-1")
	assert.Equal(t, `portone: payments.get: cannot decode 200 response: the reply describes payment "p-2", not "p-1"`, err.Error())
	for _, c := range []error{ErrNotFound, ErrInvalidRequest, ErrOutcomeUnknown, ErrServer} {
		assert.False(t, errors.Is(err, c), "no category: %v", c)
	}
	assert.Contains(t, OtherObject("g", "op", 200, "payment", "", "p-1").Error(), `names no payment, where "p-1" was asked for`)
	secret := OtherObject("g", "op", 200, "billing key", "", "").Error()
	assert.True(t, strings.HasSuffix(secret, "the reply describes another billing key"), secret)

	long := strings.Repeat("가", 40) // 120 bytes
	msg := OtherObject("g", "op", 200, "order", long, "o-1").Error()
	assert.NotContains(t, msg, long)
	assert.Contains(t, msg, "…")
	assert.True(t, utf8.ValidString(msg))
}
