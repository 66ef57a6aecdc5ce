package transport

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOutcomeUnknownAsRefusesRateLimitTargets: errors.As finds no
// *RateLimitError inside an *OutcomeUnknownError, neither the transport's
// nor a gateway's copy (after Export), since its doc tells the caller to
// send the write again; the answer inside it (the gateway's error for the
// 429) and a *NetworkError stay reachable, and a *RateLimitError on its
// own is still found.
func TestOutcomeUnknownAsRefusesRateLimitTargets(t *testing.T) {
	apiErr := &testAPIError{Status: 429}
	rateLimited := func() *RateLimitError { return &RateLimitError{RetryAfter: 2 * time.Minute, Err: apiErr} }

	unknown := &OutcomeUnknownError{Gateway: "gw", Op: "things.cancel", Reference: "r-1", Err: rateLimited()}
	var rl *RateLimitError
	assert.False(t, errors.As(unknown, &rl), "the transport's *RateLimitError inside an unknown outcome")
	var api *testAPIError
	require.ErrorAs(t, unknown, &api, "the gateway's answer stays reachable")
	assert.Same(t, apiErr, api)

	exported := gwTypes.Export(&OutcomeUnknownError{Gateway: "gw", Op: "things.cancel", Err: rateLimited()})
	var gwRL *gwRateLimit
	assert.False(t, errors.As(exported, &gwRL), "a gateway's *RateLimitError inside its unknown outcome")
	assert.False(t, errors.As(exported, &rl))
	require.ErrorAs(t, exported, &api)

	netUnknown := gwTypes.Export(&OutcomeUnknownError{Gateway: "gw", Op: "x", Err: &NetworkError{Gateway: "gw", Op: "x", Err: errors.New("reset")}})
	var n *gwNetwork
	assert.ErrorAs(t, netUnknown, &n, "other errors inside stay reachable")

	require.ErrorAs(t, gwTypes.Export(rateLimited()), &gwRL, "a rate limit that is not an unknown outcome is found")
	assert.Equal(t, 2*time.Minute, gwRL.RetryAfter)
	require.ErrorAs(t, rateLimited(), &rl)
}
