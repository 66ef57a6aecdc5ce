package transport

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHiddenReplayIsUnknown: net/http itself resends a request carrying an
// Idempotency-Key when its reused keep-alive connection dies after the
// request was written. The gateway may have applied the first send, so a
// refusal of the resend proves nothing: the keyed write ends unknown, not
// with the refusal. Without the warm-up call the connection is fresh and
// net/http does not resend, which the transport's own retry covers.
func TestHiddenReplayIsUnknown(t *testing.T) {
	t.Parallel()
	for _, final := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusConflict, http.StatusNotFound} {
		srv, n := countingServer(t, func(w http.ResponseWriter, r *http.Request, n int64) {
			switch {
			case r.Method == http.MethodGet:
				writeJSON(w, http.StatusOK, `{}`)
			case n == 2: // the write's first send: applied, then the connection dies
				hijackClose(t, w)
			default: // net/http's own resend of it
				writeJSON(w, final, `{"message":"refused"}`)
			}
		})
		c := newTestClient(t, testConfig(srv.URL))
		ctx := t.Context()
		_, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "warm", Method: http.MethodGet, Route: "/warm", Class: Safe}}, nil)
		require.NoError(t, err)

		res, err := c.do(ctx, &Call{Endpoint: &Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/cancel", Class: Keyed}, Body: map[string]int{"amount": 1}, Reference: "pay-1"}, nil)
		require.Equal(t, int64(3), n.Load(), "net/http resent the write by itself once")
		assert.Equal(t, 1, res.Attempts, "one attempt as the transport counts them")
		var unknown *OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "final %d: %v", final, err)
		assert.Equal(t, "pay-1", unknown.Reference)
		assert.NotEmpty(t, unknown.IdempotencyKey)
		var apiErr *testAPIError
		require.True(t, errors.As(err, &apiErr), "the refusal stays reachable for diagnosis")
		assert.Equal(t, final, apiErr.Status)
	}
}
