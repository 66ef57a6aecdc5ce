package bootpay_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// chargeReply is a 2xx receipt of order sub-2026-11 for 9,900 won whose
// status and sandbox flag are the test's.
func chargeReply(status bootpay.Status, sandbox bool) string {
	return `{"receipt_id":"6721abc123def4560000aaaa","order_id":"sub-2026-11","price":9900,"tax_free":0,"cancelled_price":0,` +
		`"currency":"KRW","pg":"nicepay","method_symbol":"card_rebill","status":` + strconv.Itoa(int(status)) +
		`,"sandbox":` + strconv.FormatBool(sandbox) + `}`
}

// chargeWith answers the next charge with reply and charges sub-2026-11
// for 9,900 won with allowSandbox; it checks that the charge was sent
// once, whatever the answer.
func chargeWith(t *testing.T, reply string, allowSandbox bool) (*bootpay.Receipt, error) {
	t.Helper()
	srv, c := basicSandbox(t)
	srv.Inject(bootpaytest.OpCharge, bootpaytest.Faults.Status(200, reply), 1)
	r, err := c.Billing.Charge(context.Background(), bootpay.ChargeParams{BillingKey: "billing-key-0001",
		OrderName: "정기결제 2026-11", OrderID: "sub-2026-11", Price: 9900, AllowSandbox: allowSandbox})
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpCharge], "a charge is sent once")
	return r, err
}

// TestChargeReplyThatShowsNoPaymentIsNotACharge: Charge answered 2xx with a
// receipt of this order and price that shows no money taken (status 0
// 결제대기, 2, 3 결제승인중, 5, or a code the package does not know) or
// one that reads failed (-1 결제 중간 실패, -2 결제 승인 실패) returns no
// receipt: a *PendingChargeError holding the receipt, which matches
// ErrOutcomeUnknown, so no caller fulfils an unpaid order and none
// charges again before ReconcileCharge settles it. A failed receipt in a
// charge's 2xx reply is not a documented answer (Bootpay refuses a charge
// with an error), so it is not a *ChargeFailedError, the one answer after
// which charging again is safe. Before the fix each was returned as the
// charge with a nil error.
func TestChargeReplyThatShowsNoPaymentIsNotACharge(t *testing.T) {
	for _, status := range []bootpay.Status{bootpay.StatusReady, bootpay.StatusAwaitingConfirm, bootpay.StatusConfirming,
		bootpay.StatusVirtualAccountIssued, bootpay.Status(77), bootpay.StatusFailedBeforeApproval, bootpay.StatusApprovalFailed} {
		t.Run(status.String(), func(t *testing.T) {
			r, err := chargeWith(t, chargeReply(status, false), false)
			assert.Nil(t, r, "no receipt is returned as the charge")
			var pending *bootpay.PendingChargeError
			require.ErrorAs(t, err, &pending)
			assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown, "never charge again before ReconcileCharge settles it")
			assert.Equal(t, "sub-2026-11", pending.OrderID)
			require.NotNil(t, pending.Receipt)
			assert.Equal(t, status, pending.Receipt.Status)
			var failed *bootpay.ChargeFailedError
			assert.False(t, errors.As(err, &failed), "one 2xx receipt does not settle a charge as failed")
			var mismatch *bootpay.MismatchError
			assert.False(t, errors.As(err, &mismatch), "nothing shows money taken")
		})
	}
}

// TestChargeReplyThatMovedMoneyOtherwiseIsAMismatch: Charge answered 2xx
// with a receipt of this order and price in status 20 (결제취소 완료), -20
// (결제취소 실패) or -30 (결제취소 진행중) shows money taken, but not a
// payment that stands as asked: a *ChargeMismatchError (matches
// ErrOutcomeUnknown; do not charge again) whose *MismatchError names
// "status" and holds the receipt. Before the fix it was returned as the
// charge with a nil error.
func TestChargeReplyThatMovedMoneyOtherwiseIsAMismatch(t *testing.T) {
	for _, status := range []bootpay.Status{bootpay.StatusCancelled, bootpay.StatusCancelFailed, bootpay.StatusCancelling} {
		t.Run(status.String(), func(t *testing.T) {
			r, err := chargeWith(t, chargeReply(status, false), false)
			assert.Nil(t, r)
			var charged *bootpay.ChargeMismatchError
			require.ErrorAs(t, err, &charged)
			assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown)
			require.NotNil(t, charged.Receipt)
			assert.Equal(t, status, charged.Receipt.Status)
			var mismatch *bootpay.MismatchError
			require.ErrorAs(t, err, &mismatch)
			assert.Equal(t, []bootpay.Mismatch{{Field: "status", Expected: bootpay.StatusPaid.String(), Actual: status.String()}},
				mismatch.Mismatches)
			assert.True(t, mismatch.AfterConfirm, "the charge was sent: money was taken")
			assert.Contains(t, err.Error(), "status")
		})
	}
}

// TestChargeReplyInTestModeNeedsAllowSandbox: a paid receipt of this
// order and price that is a test-mode one (sandbox: true) moved no money.
// Without ChargeParams.AllowSandbox it is a *ChargeMismatchError naming
// "sandbox", as ReconcileCharge refuses it without
// ReconcileChargeParams.AllowSandbox; with it, it is the charge. Before
// the fix it was returned as the charge whatever AllowSandbox said (the
// field did not exist).
func TestChargeReplyInTestModeNeedsAllowSandbox(t *testing.T) {
	r, err := chargeWith(t, chargeReply(bootpay.StatusPaid, true), false)
	assert.Nil(t, r)
	var charged *bootpay.ChargeMismatchError
	require.ErrorAs(t, err, &charged)
	assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown)
	require.NotNil(t, charged.Mismatch)
	assert.True(t, charged.Mismatch.Has("sandbox"))
	assert.False(t, charged.Mismatch.Has("status"))
	assert.False(t, charged.Mismatch.Has("price"))

	r, err = chargeWith(t, chargeReply(bootpay.StatusPaid, true), true)
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusPaid, r.Status)
	assert.True(t, r.Sandbox)

	r, err = chargeWith(t, chargeReply(bootpay.StatusPaid, false), false)
	require.NoError(t, err, "a paid production receipt of the order and price is the charge")
	assert.Equal(t, "6721abc123def4560000aaaa", r.ReceiptID)
}
