package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/webhook"
)

// TestCommercePaidEventWaitsForARefundThatFailedAtThePG: an ORDER_PAID
// whose order holds a 부분취소 the store approved but whose PG
// cancellation then failed (last_errored_at after action_at) is not acted
// on as a paid order refunded in part: the request is open (it may still
// refund, or be abandoned), so CommerceLookup answers ErrNotCaughtUp
// naming "cancellation_requested", and the handler 502s without running
// the callback or spending the event's key.
func TestCommercePaidEventWaitsForARefundThatFailedAtThePG(t *testing.T) {
	rig := newCommerceRigThrough(t, func(next http.RoundTripper) http.RoundTripper {
		return rewriteGets{next: next, path: "/order/cancel", pairs: []string{`"created_at":`, `"last_errored_at":"2099-01-01T00:00:00Z","created_at":`}}
	})
	ctx := context.Background()
	ref := commercePaidOrder(rig.srv)
	_, err := rig.client.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 3000, Immediately: true})
	require.NoError(t, err)

	assert.Equal(t, http.StatusBadGateway, rig.post(orderPaid(ref).JSON(), false).Code, "%v", rig.errs)
	assert.ErrorIs(t, rig.lastErr(), webhook.ErrNotCaughtUp)
	var me *commerce.MismatchError
	require.True(t, errors.As(rig.lastErr(), &me), "%v", rig.lastErr())
	assert.Equal(t, []commerce.Mismatch{{Field: "cancellation_requested", Expected: "none", Actual: "3000"}}, me.Mismatches)
	assert.Equal(t, int32(0), rig.runs.Load(), "a payment was acted on while its refund may still go through")
}
