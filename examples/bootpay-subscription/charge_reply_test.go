package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestChargeMonthNeverReportsAnUnpaidReplyAsCharged: Bootpay answers the
// month's charge 2xx with a receipt of the month's order id and price that
// shows no money taken (status -2 결제 승인 실패, 0 결제대기) or is a
// test-mode one (sandbox: true). ChargeMonth must not return it as the
// month charged (its caller would record the month paid): Charge reads the
// reply as unknown, so ChargeMonth looks the order id up instead, finds no
// charge and answers pending, and the charge is sent once. Before the fix
// ChargeMonth returned each reply with a nil error.
func TestChargeMonthNeverReportsAnUnpaidReplyAsCharged(t *testing.T) {
	month := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for name, tail := range map[string]string{
		"approval failed (-2)": `"status":-2,"sandbox":false`,
		"ready (0)":            `"status":0,"sandbox":false`,
		"test mode":            `"status":1,"sandbox":true`,
	} {
		t.Run(name, func(t *testing.T) {
			srv, c, plan, key := subscribed(t)
			reply := `{"receipt_id":"6721abc123def4560000aaaa","order_id":` + strconv.Quote(monthOrderID(plan, month)) +
				`,"price":` + strconv.FormatInt(plan.Price, 10) + `,"cancelled_price":0,"currency":"KRW","pg":"nicepay",` + tail + `}`
			srv.Inject(bootpaytest.OpCharge, bootpaytest.Faults.Status(200, reply), 1)

			r, err := ChargeMonth(context.Background(), c, plan, key, month, "")
			assert.Nil(t, r, "the month is not reported charged")
			var pending *bootpay.PendingChargeError
			require.ErrorAs(t, err, &pending, "settled by the order id's lookup: nothing charged yet")
			assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown, "never charged again under a new order id")
			assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpCharge], "the charge is sent once")
			assert.Zero(t, srv.Stats().ChargesApplied)
		})
	}
}
