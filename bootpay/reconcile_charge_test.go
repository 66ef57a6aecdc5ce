package bootpay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// noAttemptLimit lifts the sandbox tests' 150 ms attempt timeout for tests
// that inject no delay: on a loaded machine (-race) an attempt timing out
// would turn their answer into an unknown outcome.
var noAttemptLimit = bootpay.WithTimeout(5 * time.Second)

// TestReconcileChargeOnlyFailedStatusesMeanNotCharged: ReconcileCharge says
// "not charged" (a *ChargeFailedError, the one answer that allows a new
// charge) only for an order whose receipt is in status -1 or -2. A receipt
// whose cancel failed (-20: the money is still taken) or is in progress
// (-30) counts as charged and is returned; status 2, 5 and codes this
// package does not know (-60) leave the outcome unknown. Each lookup is one
// GET and nothing is charged.
func TestReconcileChargeOnlyFailedStatusesMeanNotCharged(t *testing.T) {
	cases := map[bootpay.Status]string{
		bootpay.StatusFailedBeforeApproval: "failed", bootpay.StatusApprovalFailed: "failed",
		bootpay.StatusCancelFailed: "charged", bootpay.StatusCancelling: "charged",
		bootpay.StatusAwaitingConfirm: "unknown", bootpay.StatusVirtualAccountIssued: "unknown",
		bootpay.Status(-60): "unknown", bootpay.StatusVirtualAccountRevoked: "unknown",
	}
	for status, want := range cases {
		t.Run(status.String(), func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth(), noAttemptLimit)
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-rc", Price: 9900, Status: bootpaytest.Ptr(status)})

			r, err := c.Billing.ReconcileCharge(context.Background(), bootpay.ReconcileChargeParams{OrderID: "order-rc", Amount: 9900})
			var failed *bootpay.ChargeFailedError
			var pending *bootpay.PendingChargeError
			switch want {
			case "failed":
				require.ErrorAs(t, err, &failed)
				assert.Equal(t, "order-rc", failed.OrderID)
				assert.Equal(t, rc.ReceiptID, failed.Receipt.ReceiptID)
				assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "a failed charge is settled")
			case "charged":
				require.NoError(t, err, "the money was taken")
				assert.Equal(t, rc.ReceiptID, r.ReceiptID)
				assert.Equal(t, status, r.Status)
			case "unknown":
				require.ErrorAs(t, err, &pending)
				assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
				assert.False(t, errors.As(err, &failed), "never reported as not charged")
				require.NotNil(t, pending.Receipt)
				assert.Equal(t, rc.ReceiptID, pending.Receipt.ReceiptID)
			}
			assert.Zero(t, srv.Stats().ChargesApplied, "reconciling charged nothing")
		})
	}
}

// TestReconcileChargeChargedWinsOverFailed: an order with a failed attempt
// and a receipt whose cancel failed was charged; and a failed receipt next
// to one of unknown status is unknown, never "not charged".
func TestReconcileChargeChargedWinsOverFailed(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth(), noAttemptLimit)
	ctx := context.Background()
	srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-a", Price: 500, Status: bootpaytest.Ptr(bootpay.StatusApprovalFailed)})
	taken := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-a", Price: 500, Status: bootpaytest.Ptr(bootpay.StatusCancelFailed)})
	r, err := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-a", Amount: 500})
	require.NoError(t, err)
	assert.Equal(t, taken.ReceiptID, r.ReceiptID)

	srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-b", Price: 500, Status: bootpaytest.Ptr(bootpay.StatusFailedBeforeApproval)})
	srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-b", Price: 500, Status: bootpaytest.Ptr(bootpay.Status(-60))})
	_, err = c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-b", Amount: 500})
	var pending *bootpay.PendingChargeError
	require.ErrorAs(t, err, &pending)
}
