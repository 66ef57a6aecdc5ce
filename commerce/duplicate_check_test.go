package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExistsWithoutAnAnswerIsADecodeError: a join duplicate check is a
// read whose whole answer is its body (the verdict). An empty 200, a 204
// or a null carries no verdict: a *DecodeError, never a nil error with an
// empty answer a caller could read as "not taken".
func TestExistsWithoutAnAnswerIsADecodeError(t *testing.T) {
	m, c := newWire(t, `{}`)
	for _, tc := range []struct {
		status int
		body   string
	}{{http.StatusOK, ""}, {http.StatusNoContent, ""}, {http.StatusOK, "null"}, {http.StatusOK, " null "}} {
		m.Then(tc.status, tc.body)
		got, err := c.Users.Exists(context.Background(), CheckEmail, "b@example.com")
		var derr *DecodeError
		assert.True(t, errors.As(err, &derr), "%d %q: a duplicate check without a verdict: err %v", tc.status, tc.body, err)
		assert.Nil(t, got, "%d %q", tc.status, tc.body)
	}
}
