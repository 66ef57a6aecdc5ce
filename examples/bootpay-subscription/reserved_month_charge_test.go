package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
// charged by ChargeMonth at all. On HEAD the charge is sent.
func TestChargeMonthOfAReservedMonthSendsNoCharge(t *testing.T) {
	srv, c, plan, key := subscribed(t)
	ctx := context.Background()
	now := time.Now()
	_, err := ScheduleNext(ctx, c, plan, key, now, 0)
	require.NoError(t, err)
	require.Equal(t, 1, srv.Stats().ReservationsCreated)

	_, err = ChargeMonth(ctx, c, plan, key, nextMonth(now)) // a billing run for next month, before the reservation's time
	assert.Error(t, err, "the month is reserved: ChargeMonth must not report it charged")
	assert.Zero(t, srv.Stats().Requests[bootpaytest.OpCharge],
		"a charge was sent under an order id a reservation holds; only Bootpay's UNCONFIRMED order_id refusal kept it from charging the month twice")
}
