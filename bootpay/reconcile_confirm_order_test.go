package bootpay_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestReconcileConfirmNeverRefundsAnotherOrder: the receipt id a
// "confirming" order holds came from the browser and was committed before
// any lookup (the package doc's hold → confirm → record). After a crash
// between the hold and ConfirmVerified's first lookup, the reconciler
// settles the order with ReconcileConfirm, with the same ConfirmParams the
// doc's recipe passes to ConfirmVerified (CancelOnMismatch: true). When
// the browser sent the receipt id of ANOTHER customer's paid order,
// ReconcileConfirm must report the mismatch and cancel nothing: that money
// is not this order's to refund.
func TestReconcileConfirmNeverRefundsAnotherOrder(t *testing.T) {
	srv, c := basicSandbox(t)
	victim := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "victim-order", Price: 50000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})

	_, err := c.Receipts.ReconcileConfirm(context.Background(), bootpay.ConfirmParams{
		ReceiptID: victim.ReceiptID, OrderID: "attacker-order", Amount: 1000, Currency: "KRW", CancelOnMismatch: true,
	})
	var mismatch *bootpay.MismatchError
	require.True(t, errors.As(err, &mismatch), "%v", err)
	assert.True(t, mismatch.Has("order_id"))
	assert.Nil(t, mismatch.Cancelled)
	assert.NoError(t, mismatch.CancelErr)
	assert.Equal(t, 0, srv.Stats().CancelsApplied, "another customer's payment was refunded")
	assert.Zero(t, srv.Stats().Requests[bootpaytest.OpCancel], "a cancel of another order's receipt was sent")
	got, _ := srv.Receipt(victim.ReceiptID)
	assert.Equal(t, bootpay.StatusPaid, got.Status)
}
