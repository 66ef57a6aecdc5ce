package bootpay

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A keyed write whose first attempt may have been applied (a 500) and
// whose retry is answered 429 with a Retry-After beyond the limit ends
// unknown, and errors.As finds no *RateLimitError in it: that type says
// "nothing was applied; send again", which does not hold here. Bootpay's
// answer stays reachable as the *APIError.
func TestRateLimitInsideUnknownIsNotReachableAsRateLimitError(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusInternalServerError, `{"error_code":"INTERNAL","message":"boom"}`)
	ws.Then(http.StatusTooManyRequests, `{"error_code":"TOO_MANY","message":"slow down"}`, http.Header{"Retry-After": {"120"}})
	c := ws.client(t, BasicAuth("ck", "sk"))
	err := c.CashReceipts.Cancel(t.Context(), CashReceiptCancelParams{ReceiptID: "rc-bank-1"})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.Len(t, ws.requests(), 2)
	var rl *RateLimitError
	assert.False(t, errors.As(err, &rl), "a *RateLimitError inside an unknown outcome: %v", err)
	assert.NotErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the answer inside stays reachable for the logs")
	assert.Equal(t, ErrorCode("TOO_MANY"), apiErr.Code)
}
