package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/webhook"
)

// TestCommercePaidEventWaitsForAnOpenCancellation: an ORDER_PAID whose
// order agrees with it but holds a cancellation request still open (the
// buyer asked at once to cancel; the store has not decided) is not acted
// on — fulfilled, the approval would refund it — and not acknowledged
// either: CommerceLookup answers ErrNotCaughtUp (no order, no
// *VerificationError, the *commerce.MismatchError naming the open amount
// as "cancellation_requested"), and the handler 502s without running the
// callback, so that Commerce delivers it again. What each decision makes
// of the redelivery ends the order handled: rejected, it runs once;
// approved in full, it is superseded (acknowledged, not run); approved in
// part, it runs as a paid event of an order refunded in part.
func TestCommercePaidEventWaitsForAnOpenCancellation(t *testing.T) {
	for _, tc := range []struct {
		name, decision string
		price          int64
		runs           int32
	}{
		{"rejected", "reject", 29900, 1},
		{"approved in full", "approve", 29900, 0},
		{"approved in part", "approve", 10000, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newCommerceRig(t)
			ctx := context.Background()
			ref := commercePaidOrder(rig.srv)
			req, err := rig.client.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
				OrderNumber: ref.OrderNumber, Price: tc.price, Requester: "buyer", Message: "단순 변심"})
			require.NoError(t, err)
			ev, err := webhook.DecodeCommerceEvent("application/json", orderPaid(ref).JSON())
			require.NoError(t, err)

			o, err := webhook.CommerceLookup{Client: rig.client}.Verify(ctx, ev)
			assert.Nil(t, o, "a paid order being refunded passed the lookup")
			assert.ErrorIs(t, err, webhook.ErrNotCaughtUp)
			var verr *webhook.VerificationError
			assert.False(t, errors.As(err, &verr), "an open request is no verdict: %v", err)
			var me *commerce.MismatchError
			require.True(t, errors.As(err, &me), "%v", err)
			assert.Equal(t, []commerce.Mismatch{{Field: "cancellation_requested", Expected: "none", Actual: strconv.FormatInt(tc.price, 10)}}, me.Mismatches)

			assert.Equal(t, http.StatusBadGateway, rig.post(orderPaid(ref).JSON(), false).Code)
			assert.Equal(t, int32(0), rig.runs.Load(), "the payment was acted on while its money was being asked back")

			if tc.decision == "reject" {
				_, err = rig.client.OrderCancellations.Reject(ctx, req.ID, "배송 시작됨")
			} else {
				_, err = rig.client.OrderCancellations.Approve(ctx, req.ID, "승인")
			}
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, rig.post(orderPaid(ref).JSON(), false).Code, "%v", rig.errs)
			assert.Equal(t, tc.runs, rig.runs.Load())
		})
	}
}
