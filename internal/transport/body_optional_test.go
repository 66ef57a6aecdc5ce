package transport

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawAck is a gateway's own "nothing typed" result, as Commerce's Ack is:
// it embeds NoBody and keeps a body it is given.
type rawAck struct {
	NoBody
	raw json.RawMessage
}

func (a *rawAck) UnmarshalJSON(data []byte) error {
	a.raw = append(json.RawMessage(nil), data...)
	return nil
}

// TestEmbeddedNoBodyTakesNoContent: a result type that embeds NoBody
// takes a 2xx without a body (a 204, an empty 200) as NoBody does, for a
// write too (no *OutcomeUnknownError), and still decodes a body through
// its own UnmarshalJSON; the rule is NoBody's, so a type with data that
// does not embed it still refuses the 204.
func TestEmbeddedNoBodyTakesNoContent(t *testing.T) {
	replies := []struct {
		status int
		body   string
	}{{http.StatusNoContent, ""}, {http.StatusOK, ""}, {http.StatusOK, `{"ok":1}`}, {http.StatusNoContent, ""}}
	srv, n := countingServer(t, func(w http.ResponseWriter, _ *http.Request, i int64) {
		r := replies[i-1]
		w.WriteHeader(r.status)
		_, _ = w.Write([]byte(r.body))
	})
	c := newTestClient(t, testConfig(srv.URL))
	call := &Call{Endpoint: &Endpoint{Op: "things.delete", Method: http.MethodDelete, Route: "/things/t-1", Class: Unsafe}, Reference: "t-1"}

	got, _, err := Send[rawAck](t.Context(), c, call)
	require.NoError(t, err, "a write answered 204")
	assert.Empty(t, got.raw)
	got, _, err = Send[rawAck](t.Context(), c, call)
	require.NoError(t, err, "a write answered with an empty 200")
	assert.Empty(t, got.raw)
	got, _, err = Send[rawAck](t.Context(), c, call)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ok":1}`, string(got.raw), "its own UnmarshalJSON reads a body")

	type thing struct{ ID string }
	_, _, err = Send[thing](t.Context(), c, call)
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "a typed result still refuses a 204")
	assert.EqualValues(t, 4, n.Load())
}
