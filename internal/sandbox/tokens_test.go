package sandbox

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestTokens(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	var toks Tokens[string]
	toks.Issue("a", "secret-a", now.Add(time.Minute))
	toks.Issue("b", "secret-b", now.Add(time.Hour))

	g, exp, st := toks.Check("a", now)
	assert.Equal(t, "secret-a", g)
	assert.Equal(t, now.Add(time.Minute), exp)
	assert.Equal(t, TokenValid, st)

	_, _, st = toks.Check("a", now.Add(time.Minute))
	assert.Equal(t, TokenExpired, st, "a token is expired at its expiry")
	for _, tok := range []string{"", "c"} {
		g, _, st = toks.Check(tok, now)
		assert.Equal(t, TokenUnknown, st, "%q", tok)
		assert.Empty(t, g)
	}

	toks.Delete("a")
	_, _, st = toks.Check("a", now)
	assert.Equal(t, TokenUnknown, st, "deleted")

	toks.ExpireAll()
	g, _, st = toks.Check("b", now)
	assert.Equal(t, TokenExpired, st, "ExpireAll expires, it does not forget")
	assert.Equal(t, "secret-b", g)

	toks.Clear()
	_, _, st = toks.Check("b", now)
	assert.Equal(t, TokenUnknown, st, "cleared")
}
