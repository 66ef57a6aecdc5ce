package commerce

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A keyed write whose first attempt may have been applied (a 503) and
// whose retry is answered 429 with a Retry-After beyond the limit ends
// unknown, and errors.As finds no *RateLimitError in it: that type says
// "nothing was applied; send again", which does not hold here. Commerce's
// answer stays reachable as the *APIError.
func TestRateLimitInsideUnknownIsNotReachableAsRateLimitError(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusServiceUnavailable, `{"status":503,"code":"SERVER_ERROR","message":"x"}`)
	m.Then(http.StatusTooManyRequests, `{"status":429,"code":"TOO_MANY","message":"slow down"}`, http.Header{"Retry-After": {"120"}})
	_, err := c.Subscriptions.ReplaceAdjustments(t.Context(), "s1", 1, nil)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.Len(t, m.Requests(), 2)
	var rl *RateLimitError
	assert.False(t, errors.As(err, &rl), "a *RateLimitError inside an unknown outcome: %v", err)
	assert.NotErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the answer inside stays reachable for the logs")
	assert.Equal(t, ErrorCode("TOO_MANY"), apiErr.Code)
}
