package main

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// ScheduleNext reserved next month under next month's order id, the same
// id ChargeMonth charges that month under. Before the reservation runs,
// ChargeMonth's lookup (ReconcileCharge) finds no receipt of the month,
// so it sends the charge: what keeps the month from being charged twice
// (now, and again when the reservation runs) is then only Bootpay
// refusing the order id as already reserved, which the sandbox does but
// which is UNCONFIRMED for the live API (ChargeMonth's own doc: "Whether
// Bootpay deduplicates order_id is UNCONFIRMED, so the lookup, not
// Bootpay, is what keeps a restarted run from charging twice"). The
// lookup cannot see a reservation, so a month reserved must not be
// charged by ChargeMonth at all: given the reserve id the merchant
// recorded, it sends nothing while the reservation waits
// (ErrMonthReserved). On HEAD the charge is sent.
func TestChargeMonthOfAReservedMonthSendsNoCharge(t *testing.T) {
	srv, c, plan, key := subscribed(t)
	ctx := context.Background()
	now := time.Now()
	rv, err := ScheduleNext(ctx, c, plan, key, now, 0)
	require.NoError(t, err)
	require.Equal(t, 1, srv.Stats().ReservationsCreated)

	_, err = ChargeMonth(ctx, c, plan, key, nextMonth(now), rv.ReserveID) // a billing run for next month, before the reservation's time
	assert.ErrorIs(t, err, ErrMonthReserved, "the month is reserved: ChargeMonth must not report it charged")
	assert.Zero(t, srv.Stats().Requests[bootpaytest.OpCharge],
		"a charge was sent under an order id a reservation holds; only Bootpay's UNCONFIRMED order_id refusal kept it from charging the month twice")
}

// A reserved month whose reservation ran is settled by its receipt: the
// month was charged once, by the reservation, and ChargeMonth returns
// that receipt and sends no charge of its own.
func TestChargeMonthOfAReservedMonthThatRanReturnsItsReceipt(t *testing.T) {
	now := time.Now()
	var clock atomic.Int64 // the sandbox's time, in Unix nanoseconds
	clock.Store(now.UnixNano())
	srv, c := sandbox(t, bootpaytest.WithClock(func() time.Time { return time.Unix(0, clock.Load()) }))
	plan := Plan{SubscriptionID: "sub-ran", Name: "월간", Price: 9900}
	ctx := context.Background()
	key, err := Subscribe(ctx, c, plan, bootpay.IssueBillingKeyParams{PG: "nicepay", CardNumber: "5365101234561234",
		CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07"})
	require.NoError(t, err)
	rv, err := ScheduleNext(ctx, c, plan, key, now, 0)
	require.NoError(t, err)
	clock.Store(nextMonth(now).Add(time.Minute).UnixNano())
	require.Equal(t, 1, srv.RunDueReservations())

	r, err := ChargeMonth(ctx, c, plan, key, nextMonth(now), rv.ReserveID)
	require.NoError(t, err)
	assert.Equal(t, monthOrderID(plan, nextMonth(now)), r.OrderID)
	assert.Zero(t, srv.Stats().Requests[bootpaytest.OpCharge], "the reservation charged the month")
	assert.Equal(t, 1, srv.Stats().ReservationsExecuted)
}

// A reserved month whose reservation the merchant cancelled (revoked, never
// run) is ChargeMonth's again: it sends the month's charge, once. (The
// sandbox still refuses the order id as the reservation's, so the month
// reads pending; whether Bootpay does is UNCONFIRMED.)
func TestChargeMonthOfARevokedReservationCharges(t *testing.T) {
	srv, c, plan, key := subscribed(t)
	ctx := context.Background()
	now := time.Now()
	rv, err := ScheduleNext(ctx, c, plan, key, now, 0)
	require.NoError(t, err)
	require.NoError(t, c.Billing.CancelReservation(ctx, rv.ReserveID))

	_, err = ChargeMonth(ctx, c, plan, key, nextMonth(now), rv.ReserveID)
	require.NotErrorIs(t, err, ErrMonthReserved)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpCharge], "a revoked reservation leaves the month to ChargeMonth")
}
