package commerce

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAckTakesNoContent: Ack is Commerce's answer "nothing paykit types"
// (its documents give no body for these writes), the role transport.NoBody
// plays, so a write Commerce answers 204 No Content (REST's usual answer
// to a DELETE) or an empty 200 succeeds with an empty Ack, sent once,
// instead of ending as ErrOutcomeUnknown (a write that succeeded reported
// as in doubt). A result that carries data still refuses a 204.
func TestAckTakesNoContent(t *testing.T) {
	ctx := context.Background()
	m, c := newWire(t, `{}`)

	m.Then(http.StatusNoContent, "")
	ack, err := c.Users.Delete(ctx, "u-1")
	require.NoError(t, err, "a delete answered 204 No Content")
	assert.Empty(t, ack.RawJSON())
	assert.Len(t, m.Requests(), 1, "sent once")

	m.Then(http.StatusOK, "")
	on := true
	ack, err = c.Products.SetStatus(ctx, "p-1", ProductStatusParams{StatusSale: &on})
	require.NoError(t, err, "a status change answered with an empty 200")
	assert.Empty(t, ack.RawJSON())
	assert.Len(t, m.Requests(), 2, "sent once")

	m.Then(http.StatusOK, `{"success":true}`)
	ack, err = c.Users.Delete(ctx, "u-2")
	require.NoError(t, err)
	assert.JSONEq(t, `{"success":true}`, string(ack.RawJSON()), "a body is still kept")

	m.Then(http.StatusNoContent, "")
	u, err := c.Users.Get(ctx, "u-3")
	assert.Nil(t, u)
	var derr *DecodeError
	assert.ErrorAs(t, err, &derr, "a lookup with a typed result answered 204")

	m.Then(http.StatusNoContent, "")
	u, err = c.Users.Update(ctx, "u-4", UserParams{Name: "Kim"})
	assert.Nil(t, u)
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "a write with a typed result answered 204")
}
