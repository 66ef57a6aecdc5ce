package transport

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoContentToATypedCallIsADecodeError: a 204 No Content carries no
// body, so a call whose operation documents a result cannot read one from
// it: a lookup ends with a *DecodeError, a write with that *DecodeError
// inside an *OutcomeUnknownError carrying the reference and the key (it
// may have been applied), never (nil, nil). A NoBody call, and a call
// without a result type, still take it as success.
func TestNoContentToATypedCallIsADecodeError(t *testing.T) {
	srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
		w.WriteHeader(http.StatusNoContent)
	})
	c := newTestClient(t, testConfig(srv.URL))
	call := func(class Class) *Call {
		return &Call{Endpoint: &Endpoint{Op: "things.cancel", Method: http.MethodPost, Route: "/things/t-1/cancel", Class: class},
			Body: map[string]int{"amount": 1}, Reference: "t-1"}
	}
	type thing struct{ ID string }

	got, _, err := Send[thing](t.Context(), c, call(Safe))
	assert.Nil(t, got)
	var derr *DecodeError
	require.ErrorAs(t, err, &derr, "a lookup answered 204")
	assert.Equal(t, http.StatusNoContent, derr.Status)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a lookup applies nothing")

	for _, class := range []Class{Keyed, Unsafe} {
		got, res, err := Send[thing](t.Context(), c, call(class))
		assert.Nil(t, got)
		require.ErrorIs(t, err, ErrOutcomeUnknown, "a write answered 204, class %v", class)
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, "t-1", unknown.Reference)
		assert.Equal(t, res.IdempotencyKey, unknown.IdempotencyKey)
		require.ErrorAs(t, err, &derr)
		assert.Equal(t, http.StatusNoContent, derr.Status)
	}

	_, _, err = Send[NoBody](t.Context(), c, call(Unsafe))
	assert.NoError(t, err, "NoBody takes a 204")
	_, err = c.do(t.Context(), call(Unsafe), nil)
	assert.NoError(t, err, "a call without a result type takes a 204")
	assert.EqualValues(t, 5, n.Load(), "one request per call: a 204 is not retried")
}
