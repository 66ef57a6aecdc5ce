package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAckNullIsNoAnswer: Ack takes a 2xx without a body (a 204, an empty
// 200) as success, but a 2xx whose body is JSON null is no answer: a
// *DecodeError, which for a write ends as ErrOutcomeUnknown, sent once.
// A null is what a broken proxy or a serializer of a nil value writes,
// not an acknowledgement.
func TestAckNullIsNoAnswer(t *testing.T) {
	ctx := context.Background()
	m, c := newWire(t, `{}`)

	for i, body := range []string{"null", " null\n"} {
		m.Then(http.StatusOK, body)
		err := c.Invoices.Notify(ctx, "inv-1", []SendType{1})
		assert.ErrorIs(t, err, ErrOutcomeUnknown, "Notify answered %q", body)
		var derr *DecodeError
		assert.True(t, errors.As(err, &derr), "the decoding failure stays reachable: %v", err)

		m.Then(http.StatusOK, body)
		ack, err := c.Subscriptions.RevokeChargeKey(ctx, "ck-1", nil)
		assert.Nil(t, ack)
		assert.ErrorIs(t, err, ErrOutcomeUnknown, "a revocation answered %q is no proof the key stopped charging", body)
		assert.Len(t, m.Requests(), 2*(i+1), "each sent once")
	}

	var a Ack
	assert.Error(t, a.UnmarshalJSON([]byte("null")), "Ack refuses null when decoded directly too")
}

// TestNotifyEmptyAnswerAsDocumented: Invoices.Notify's doc says a 204 or
// an empty 200 is success (an Ack), and a null or non-JSON 2xx body is an
// *OutcomeUnknownError. Each is sent once.
func TestNotifyEmptyAnswerAsDocumented(t *testing.T) {
	m, c := newWire(t, `{}`)
	for _, tc := range []struct {
		status int
		body   string
		ok     bool
	}{
		{http.StatusNoContent, "", true},
		{http.StatusOK, "", true},
		{http.StatusOK, `{"success":true}`, true},
		{http.StatusOK, "null", false},
		{http.StatusOK, "<html>captive portal</html>", false},
	} {
		before := len(m.Requests())
		m.Then(tc.status, tc.body)
		err := c.Invoices.Notify(context.Background(), "inv-1", nil)
		if tc.ok {
			require.NoError(t, err, "%d %q", tc.status, tc.body)
		} else {
			require.ErrorIs(t, err, ErrOutcomeUnknown, "%d %q", tc.status, tc.body)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, "inv-1", unknown.Reference)
		}
		assert.Len(t, m.Requests(), before+1, "%d %q: sent once", tc.status, tc.body)
	}
}
