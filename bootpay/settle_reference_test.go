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

// TestIssueReferenceIsNeverAnotherSubscriptionsKey: a 2xx issue reply
// that names no subscription_id but carries another subscriber's key
// receipt must not make that receipt the Reference Issue's doc says to
// settle by (GetByReceipt): the caller would keep another person's
// billing key. Reference is then the SubscriptionID.
func TestIssueReferenceIsNeverAnotherSubscriptionsKey(t *testing.T) {
	ctx := context.Background()
	srv, c := basicSandbox(t)
	other, err := c.Billing.Issue(ctx, issueParams("sub-other"))
	require.NoError(t, err)

	srv.Inject(bootpaytest.OpBillingIssue, bootpaytest.Faults.StatusAfterApply(200,
		`{"receipt_id":"`+other.ReceiptID+`","status":0}`), 1)
	_, err = c.Billing.Issue(ctx, issueParams("sub-mine"))
	var unknown *bootpay.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "sub-mine", unknown.Reference)
	assert.NotEqual(t, other.ReceiptID, unknown.Reference)
}

// TestReserveWrongTimeSettlesByTheOrder: a 2xx reserve reply that
// schedules another time and names no reserve_id is unknown with the
// OrderID as Reference, and the order's lookup reads it as unsettled
// (never "nothing charged", which would invite a second reservation
// under a new order id).
func TestReserveWrongTimeSettlesByTheOrder(t *testing.T) {
	ctx := context.Background()
	clock, srv, c := clockedSandbox(t, basicAuth())
	key := issueKey(t, c, "sub-rsv")
	at := clock.Now().AddDate(0, 1, 0).Truncate(time.Second)
	kstZone := time.FixedZone("KST", 9*60*60)
	srv.Inject(bootpaytest.OpReserve, bootpaytest.Faults.StatusAfterApply(200,
		`{"reserve_execute_at":"`+at.Add(-24*time.Hour).In(kstZone).Format(time.RFC3339)+`"}`), 1)
	_, err := c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: at,
		ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "12월 구독료", OrderID: "order-dec", Price: 9900}})
	var unknown *bootpay.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	require.Equal(t, 1, srv.Stats().ReservationsCreated, "the reservation was made")
	assert.Equal(t, "order-dec", unknown.Reference)

	_, err = c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: unknown.Reference, Amount: 9900})
	var failed *bootpay.ChargeFailedError
	assert.False(t, errors.As(err, &failed), "a reservation still to run read as nothing charged: %v", err)
	assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown, "before it runs the order is unsettled")
}
