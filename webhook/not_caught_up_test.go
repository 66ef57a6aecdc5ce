package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
)

// TestCommerceRefundAheadOfTheRecordIsNotAFinalAnswer: a genuine
// ORDER_PARTIAL_CANCELLED delivered before Commerce's cancellation list
// shows the refund (the record lagging its webhook, which
// CommerceLookup.Verify's doc expects) is answered 403, the answer for a
// forgery, although the next lookup accepts the same delivery. Whether
// Commerce redelivers after a 4xx is UNCONFIRMED: a 4xx is an answer no
// later lookup may change, so an event ahead of the record must be
// answered as a lookup failure (5xx), which any sender delivers again.
func TestCommerceRefundAheadOfTheRecordIsNotAFinalAnswer(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	ev := orderPaid(ref)
	ev.WebhookType, ev.CancelledPrice = "ORDER_PARTIAL_CANCELLED", 9900

	first := rig.post(ev.JSON(), false)
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 9900, Immediately: true})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rig.post(ev.JSON(), false).Code, "the same delivery once the record caught up: %v", rig.errs)
	require.Equal(t, int32(1), rig.runs.Load())
	assert.GreaterOrEqual(t, first.Code, 500,
		"a delivery the next lookup accepts was first answered %d (%v): a final answer", first.Code, rig.errs[0])
}
