package portone

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A *RateLimitError documents "Nothing was applied; send the call again
// after RetryAfter". After an attempt that may have been applied (a 500),
// the retry answered 429 with a long Retry-After ends as an
// *OutcomeUnknownError, and errors.As must not find a *RateLimitError in
// it: a caller who branches on the type its doc describes ("send it
// again") would send a second cancel under a new key. PortOne's answer to
// the retry stays reachable as the *APIError, for the logs.
func TestRateLimitInsideUnknownIsNotReachableAsRateLimitError(t *testing.T) {
	ws := newWireServer(t, `{}`)
	ws.then(http.StatusInternalServerError, `{"type":"INTERNAL","message":"boom"}`)
	ws.Then(http.StatusTooManyRequests, `{"type":"TOO_MANY_REQUESTS","message":"slow down"}`, http.Header{"Retry-After": {"120"}})
	c := testClient(t, ws)
	_, err := c.Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "p-1", Amount: 1000, Reason: "review",
		CurrentCancellableAmount: Ptr(int64(30000))})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.Len(t, ws.recorded(), 2)
	var rl *RateLimitError
	assert.False(t, errors.As(err, &rl), "errors.As reaches a *RateLimitError (\"nothing was applied; send again\") inside an unknown outcome: %v", err)
	assert.NotErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the answer inside stays reachable for the logs")
	assert.Equal(t, http.StatusTooManyRequests, apiErr.StatusCode)
}
