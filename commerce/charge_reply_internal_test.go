package commerce

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
)

// A failed payment is certain only for the attempt it answers: when an
// earlier attempt of the charge may have been applied (net/http resent
// it, say), receipt_status -2 says nothing about that one, so the charge
// is an unknown outcome, never a *ChargeFailedError inviting a new charge.
func TestChargeFailedOnlyWhenNoEarlierAttemptMayHaveApplied(t *testing.T) {
	var ch Charge
	require.NoError(t, json.Unmarshal([]byte(`{"order_id":"o-1","order_number":"N-1","price":9900,"status":0,"receipt_status":-2}`), &ch))
	p := &ChargeParams{ChargeKey: "ck", Price: 9900, Metadata: map[string]any{"order_id": "cycle-9"}}

	var failed *ChargeFailedError
	assert.True(t, errors.As(ch.contradicts(p, transport.Result{Attempts: 1}), &failed), "answered directly")

	err := ch.contradicts(p, transport.Result{Attempts: 1, MayHaveApplied: true})
	var unknown *OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "%T: %v", err, err)
	assert.Equal(t, "cycle-9", unknown.Reference)
	assert.False(t, errors.As(err, &failed))
}
