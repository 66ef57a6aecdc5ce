package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/webhook"
)

// TestBootpayCancellationWithoutCancelledPriceIsNotAcknowledgedUnrun: a
// genuine cancellation webhook about a receipt cancelled exactly as it
// says, whose body leaves cancelled_price out (Bootpay's documented v2
// body ends at webhook_type and shows no cancelled_price; v1 bodies had
// none), is not stale: nothing happened since. It must run the callback,
// or be refused so that Bootpay delivers it again. Acknowledging it
// without running (ErrSuperseded, because the absent amount reads as 0
// and the receipt's as more) loses the merchant's only notice of the
// refund: an order refunded in full stays paid, and may ship.
func TestBootpayCancellationWithoutCancelledPriceIsNotAcknowledgedUnrun(t *testing.T) {
	for _, tc := range []struct {
		name        string
		webhookType string
		cancel      bootpay.CancelParams
	}{
		{"PAYMENT_CANCELLED", "PAYMENT_CANCELLED", bootpay.CancelParams{Full: true}},
		{"PAYMENT_PARTIAL_CANCELLED", "PAYMENT_PARTIAL_CANCELLED", bootpay.CancelParams{Amount: 5000}},
		{"older payload, status 20", "", bootpay.CancelParams{Full: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newBootpayRig(t)
			rc := paidReceipt(rig.srv)
			tc.cancel.ReceiptID = rc.ReceiptID
			_, err := rig.client.Receipts.Cancel(context.Background(), tc.cancel)
			require.NoError(t, err)
			ev := completed(rc)
			ev.WebhookType, ev.Status = tc.webhookType, int(bootpay.StatusCancelled) // no cancelled_price

			rec := rig.post(ev.JSON(), false, "")
			if rec.Code == http.StatusOK {
				assert.Equal(t, int32(1), rig.runs.Load(),
					"a genuine cancellation acknowledged without running the callback; reported: %v", rig.errs)
			}
			for _, err := range rig.errs {
				assert.NotErrorIs(t, err, webhook.ErrSuperseded, "nothing moved on since this cancellation")
			}
		})
	}
}
