package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
)

// TestCommerceLookupCannotTellFromRefundsThatDoNotSum: an ORDER_PAID whose
// order's applied cancellation requests cancel out (a negative
// cancel_price beside a real one) or wrap around int64 once summed to 0 or
// less and passed as a paid order never refunded. Such a list is no
// verdict either way: CommerceLookup cannot tell (neither the order nor a
// *VerificationError), and the handler answers 502 so that Commerce
// delivers the event again, never running the callback on it; a 404 of
// the list with Commerce's own code is no "unknown order" verdict either.
func TestCommerceLookupCannotTellFromRefundsThatDoNotSum(t *testing.T) {
	for name, list := range map[string]string{
		"cancelling out":    `{"list":[{"cancel_price":1000,"action_at":"2025-07-01T00:00:00Z"},{"cancel_price":-1000,"action_at":"2025-07-01T00:00:00Z"}],"count":2}`,
		"wrapping":          `{"list":[{"cancel_price":1000,"action_at":"2025-07-01T00:00:00Z"},{"cancel_price":9223372036854775807,"action_at":"2025-07-01T00:00:00Z"}],"count":2}`,
		"a 404 of the list": ``,
	} {
		t.Run(name, func(t *testing.T) {
			rig := newCommerceRig(t)
			ref := commercePaidOrder(rig.srv)
			fault := commercetest.Faults.Status(http.StatusOK, list)
			if list == "" {
				fault = commercetest.Faults.Status(http.StatusNotFound, `{"success":false,"error_code":"ORDER_CANCEL_REQUEST_NOT_FOUND"}`)
			}
			ev, err := webhook.DecodeCommerceEvent("application/json", orderPaid(ref).JSON())
			require.NoError(t, err)

			rig.srv.Inject(commercetest.OpCancelList, fault, 1)
			o, err := webhook.CommerceLookup{Client: rig.client}.Verify(context.Background(), ev)
			assert.Nil(t, o, "an order passed on refunds that cannot be summed")
			require.Error(t, err)
			var verr *webhook.VerificationError
			assert.NotErrorAs(t, err, &verr, "a list that cannot be summed is a verdict")
			var listErr *commerce.CancellationListError
			assert.ErrorAs(t, err, &listErr)

			rig.srv.Inject(commercetest.OpCancelList, fault, 1)
			assert.Equal(t, http.StatusBadGateway, rig.post(orderPaid(ref).JSON(), false).Code)
			assert.Equal(t, int32(0), rig.runs.Load(), "the callback ran on it")
		})
	}
}
