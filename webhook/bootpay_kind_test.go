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

// TestBootpayWebhookTypeIsCheckedAndNormalised: webhook_type decides the
// process-once key, so it is checked against the looked-up receipt. The
// same paid receipt announced as "PAYMENT_COMPLETED" and as
// " payment_completed" is one event (one key, one callback run); a
// webhook_type the receipt contradicts (a partial cancel of a status-1
// receipt, a type this package does not know) is refused with 403 and runs
// nothing.
func TestBootpayWebhookTypeIsCheckedAndNormalised(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	upper := completed(rc)
	lower := completed(rc)
	lower.WebhookType = " payment_completed"
	require.Equal(t, http.StatusOK, rig.post(upper.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(lower.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(lower.Form(), true, "").Code, "%v", rig.errs)
	assert.Equal(t, int32(1), rig.runs.Load(), "one fact, one run")
	assert.Equal(t, webhook.BootpayPaidKey(rc.ReceiptID), rig.got[0].Key)

	for _, typ := range []string{"PAYMENT_PARTIAL_CANCELLED", "PAYMENT_CANCELLED", "PAYMENT_VIRTUAL_ACCOUNT_ISSUED", "PAYMENT_SOMETHING_NEW"} {
		p := completed(rc)
		p.WebhookType = typ
		rig.errs = nil
		assert.Equal(t, http.StatusForbidden, rig.post(p.JSON(), false, "").Code, typ)
		require.Len(t, rig.errs, 1, typ)
		assert.ErrorIs(t, rig.errs[0], webhook.ErrMismatch)
		var mismatch *bootpay.MismatchError
		require.ErrorAs(t, rig.errs[0], &mismatch, typ)
		assert.True(t, mismatch.Has("webhook_type"), typ)
	}
	assert.Equal(t, int32(1), rig.runs.Load(), "no contradicted kind ran")
}

// TestBootpayCompletionAfterPartialCancel: a PAYMENT_COMPLETED delivered
// (or redelivered) after the payment was partly cancelled still proves the
// payment was made: the receipt shows the same order and price, and a
// cancelled amount below the price. It runs once under the paid key, with
// the receipt as it is now. After a full cancel it is refused: fulfilling
// a refunded order is never right.
func TestBootpayCompletionAfterPartialCancel(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	ctx := context.Background()
	_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
	require.NoError(t, err)

	paid := completed(rc)
	require.Equal(t, http.StatusOK, rig.post(paid.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(paid.JSON(), false, "").Code)
	assert.Equal(t, int32(1), rig.runs.Load())
	d := rig.got[0]
	assert.Equal(t, webhook.BootpayPaidKey(rc.ReceiptID), d.Key)
	assert.Equal(t, bootpay.StatusCancelled, d.Receipt.Status, "the receipt as it is now")
	assert.Equal(t, int64(3000), d.Receipt.CancelledPrice.Int64())

	forged := completed(rc)
	forged.Price = 12000 // the remaining amount is not the price paid
	assert.Equal(t, http.StatusForbidden, rig.post(forged.JSON(), false, "").Code)

	_, err = rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
	require.NoError(t, err)
	other := paidReceipt(rig.srv)
	_, err = rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: other.ReceiptID, Full: true})
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, rig.post(completed(other).JSON(), false, "").Code, "fully refunded")
	assert.Equal(t, int32(1), rig.runs.Load())
}
