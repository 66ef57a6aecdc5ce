package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestUnsubscribeNeverCancelsAnotherOrdersReservation: Bootpay's reserve
// reply names no order, so a 2xx carrying another customer's reserve_id
// reads as ours. Unsubscribe looks the reservation up and cancels it only
// when it is this month's order: the other customer's reservation stays.
func TestUnsubscribeNeverCancelsAnotherOrdersReservation(t *testing.T) {
	srv, c := sandbox(t)
	ctx := context.Background()
	card := bootpay.IssueBillingKeyParams{PG: "nicepay", CardNumber: "5365101234561234",
		CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07"}
	month := time.Now()
	theirPlan := Plan{SubscriptionID: "sub-theirs", Name: "월간", Price: 9900}
	theirKey, err := Subscribe(ctx, c, theirPlan, card)
	require.NoError(t, err)
	theirs, err := ScheduleNext(ctx, c, theirPlan, theirKey, month, 0)
	require.NoError(t, err)

	plan := Plan{SubscriptionID: "sub-mine", Name: "월간", Price: 9900}
	key, err := Subscribe(ctx, c, plan, card)
	require.NoError(t, err)
	srv.Inject(bootpaytest.OpReserve, bootpaytest.Faults.StatusAfterApply(200, `{"reserve_id":"`+theirs.ReserveID+`"}`), 1)
	rv, err := ScheduleNext(ctx, c, plan, key, month, 0)
	require.NoError(t, err)
	require.Equal(t, theirs.ReserveID, rv.ReserveID, "the forged reply hands us their reservation")

	err = Unsubscribe(ctx, c, key, rv.ReserveID, monthOrderID(plan, nextMonth(month)))
	require.Error(t, err)
	assert.Zero(t, srv.Stats().ReservationsCancelled, "another customer's reservation was cancelled")
	d, err := c.Billing.GetReservation(ctx, theirs.ReserveID)
	require.NoError(t, err)
	assert.Zero(t, d.RevokedAt.Time, "their reservation is revoked")
}
