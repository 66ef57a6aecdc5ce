package main

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

func subscribed(t *testing.T) (*bootpaytest.Server, *bootpay.Client, Plan, bootpay.Secret) {
	srv, c := sandbox(t)
	plan := Plan{SubscriptionID: "sub-m", Name: "월간", Price: 9900}
	key, err := Subscribe(context.Background(), c, plan, bootpay.IssueBillingKeyParams{PG: "nicepay", CardNumber: "5365101234561234",
		CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07"})
	require.NoError(t, err)
	return srv, c, plan, key
}

// A restart mid-charge. The month was charged, and the process died
// before it recorded the receipt; on restart the billing run calls
// ChargeMonth for the same month again. Bootpay's deduplication of
// order_id is UNCONFIRMED (Charge's doc), so the charge must not be sent
// again: ChargeMonth finds the month's receipt by its order id and returns
// it. Before the fix it sent a second POST /subscribe/payment (the sandbox
// refuses it as RC_ORDER_ID_DUPLICATED, so the caller even saw a paid
// month as a failure).
func TestChargeMonthAgainAfterARestartIsNotSentTwice(t *testing.T) {
	srv, c, plan, key := subscribed(t)
	ctx := context.Background()
	month := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	first, err := ChargeMonth(ctx, c, plan, key, month, "")
	require.NoError(t, err)

	again, err := ChargeMonth(ctx, c, plan, key, month, "") // the restarted billing run
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpCharge], "the month's charge was sent again")
	require.NoError(t, err, "a month already charged is reported as a failure")
	assert.Equal(t, first.ReceiptID, again.ReceiptID)
	assert.Equal(t, 1, srv.Stats().ChargesApplied)
}

// ScheduleNext reserved "next month's charge" with
// month.AddDate(0, 1, 0), which Go normalizes: from January 31 it is
// March 3, so February was never charged and the reservation took
// March's order id (the charge of March, made by the next run, then
// collided with it).
func TestScheduleNextFromJanuary31ReservesFebruary(t *testing.T) {
	srv, c, plan, key := subscribed(t)
	month := time.Date(time.Now().Year()+1, time.January, 31, 10, 0, 0, 0, time.UTC)
	_, err := ScheduleNext(context.Background(), c, plan, key, month, 0)
	require.NoError(t, err)
	var reserved struct {
		OrderID string `json:"order_id"`
	}
	for _, r := range srv.Requests() {
		if r.Op == bootpaytest.OpReserve {
			require.NoError(t, json.Unmarshal(r.Body, &reserved)) // the body holds the billing key: never printed
		}
	}
	want := monthOrderID(plan, time.Date(month.Year(), time.February, 1, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, want, reserved.OrderID, "the reservation after January 31 is not February's")
}

// The month's order id is the only thing that keeps a month
// from being charged twice, yet it was the month in the server's own time
// zone. One instant, 2026-03-01 01:00 KST, is "2026-02" on a server in UTC
// and "2026-03" on one in Asia/Seoul: a billing run moved between hosts (or
// run early on the 1st) charges a month under another month's id.
func TestMonthOrderIDIsTheSameMonthInEveryTimeZone(t *testing.T) {
	plan := Plan{SubscriptionID: "sub-m"}
	kst := time.FixedZone("KST", 9*3600)
	at := time.Date(2026, 3, 1, 1, 0, 0, 0, kst)
	assert.Equal(t, monthOrderID(plan, at), monthOrderID(plan, at.UTC()), "one instant, two order ids")
}

// A month whose order id already has a receipt that took no money yet (in
// progress) or never will (failed) is not charged: ChargeMonth answers
// with that receipt, as ReconcileCharge reads it, and sends no charge.
// Before the fix it charged the month under the same order id beside it.
func TestChargeMonthWithAReceiptInProgressOrFailedSendsNoCharge(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status bootpay.Status
		is     func(error) bool
	}{
		{"in progress", bootpay.StatusAwaitingConfirm, func(err error) bool {
			var pending *bootpay.PendingChargeError
			return errors.As(err, &pending) && pending.Receipt != nil && errors.Is(err, bootpay.ErrOutcomeUnknown)
		}},
		{"failed", bootpay.StatusApprovalFailed, func(err error) bool {
			var failed *bootpay.ChargeFailedError
			return errors.As(err, &failed) && failed.Receipt != nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c, plan, key := subscribed(t)
			month := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
			srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: monthOrderID(plan, month), Price: plan.Price, Status: bootpaytest.Ptr(tc.status)})

			r, err := ChargeMonth(context.Background(), c, plan, key, month, "")
			assert.Nil(t, r)
			assert.True(t, tc.is(err), "answer: %v", err)
			assert.Zero(t, srv.Stats().Requests[bootpaytest.OpCharge], "a charge was sent beside the month's receipt")
			assert.Zero(t, srv.Stats().ChargesApplied)
		})
	}
}

// A charge Bootpay refuses because its order id is already used (here a
// reservation holds the month's id; a billing run racing this one would
// too) is settled by looking the order id up, never read as a failed
// month: with no receipt yet the month is pending (ErrOutcomeUnknown), and
// nothing is charged again. Before the fix the plain 400
// RC_ORDER_ID_DUPLICATED was returned as a definite failure.
func TestChargeMonthRefusedAsADuplicateIsReconciled(t *testing.T) {
	srv, c, plan, key := subscribed(t)
	ctx := context.Background()
	april := time.Date(time.Now().Year()+1, time.April, 10, 10, 0, 0, 0, time.UTC)
	_, err := ScheduleNext(ctx, c, plan, key, april, 0) // May's order id is now the reservation's
	require.NoError(t, err)
	may := nextMonth(april)

	_, err = ChargeMonth(ctx, c, plan, key, may, "")
	var pending *bootpay.PendingChargeError
	require.True(t, errors.As(err, &pending), "a refused order id read as: %v", err)
	assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown)
	assert.Equal(t, monthOrderID(plan, may), pending.OrderID)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpCharge], "sent once, never again")
	assert.Zero(t, srv.Stats().ChargesApplied)
}
