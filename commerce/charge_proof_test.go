package commerce

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
)

// An on-demand charge names its intended order in Metadata["order_id"], a
// non-empty string: without it an unknown outcome could not be traced, so
// it is refused before any I/O.
func TestChargeRequiresYourOrderID(t *testing.T) {
	m, c := newWire(t, `{"order_id":"o9","receipt_id":"r9"}`)
	for name, md := range map[string]map[string]any{
		"no metadata": nil,
		"no order_id": {"plan": "pro"},
		"empty":       {"order_id": ""},
		"not a text":  {"order_id": 42},
	} {
		_, err := c.Subscriptions.Charge(context.Background(), ChargeParams{ChargeKey: "ck-secret", Price: 5000, Metadata: md})
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), "%s: %v", name, err)
		assert.Equal(t, `Metadata["order_id"]`, ve.Field, name)
	}
	assert.Empty(t, m.Requests(), "nothing sent")
}

// A 2xx that names neither the order nor the payment does not prove the
// charge: it is an unknown outcome carrying your order id, and the charge
// was sent once.
func TestChargeWithoutProofIsUnknown(t *testing.T) {
	for _, reply := range []string{`{}`, `{"success":true}`, `{"order_id":"","receipt_id":""}`, `{"price":5000}`} {
		m, c := newWire(t, reply)
		_, err := c.Subscriptions.Charge(context.Background(), ChargeParams{ChargeKey: "ck-secret", Price: 5000,
			Metadata: map[string]any{"order_id": "sub-1-2025-08"}})
		require.ErrorIs(t, err, ErrOutcomeUnknown, reply)
		var unknown *OutcomeUnknownError
		require.True(t, errors.As(err, &unknown))
		assert.Equal(t, "sub-1-2025-08", unknown.Reference, reply)
		assert.Len(t, m.Requests(), 1, reply)
	}
	for _, reply := range []string{`{"order_id":"o9"}`, `{"receipt_id":"r9"}`} {
		_, c := newWire(t, reply)
		ch, err := c.Subscriptions.Charge(context.Background(), ChargeParams{ChargeKey: "ck-secret", Price: 5000,
			Metadata: map[string]any{"order_id": "sub-1-2025-08"}})
		require.NoError(t, err, reply)
		assert.NotEmpty(t, ch.OrderID+ch.ReceiptID)
	}
}

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
