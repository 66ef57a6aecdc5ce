package commerce_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// chargeAnswered charges 9900 for "cycle-2025-09" against a sandbox that
// answers the charge with reply (200) without charging anything.
func chargeAnswered(t *testing.T, reply string) (*commerce.Charge, error) {
	t.Helper()
	srv, c := newSandbox(t)
	sub := srv.CreateSubscription(commercetest.ContractSpec{Price: 9900})
	srv.Inject(commercetest.OpSubscriptionCharge, commercetest.Faults.Status(http.StatusOK, reply), 1)
	ch, err := c.Subscriptions.Charge(context.Background(), commerce.ChargeParams{ChargeKey: sub.ChargeKey, Price: 9900,
		Metadata: map[string]any{"order_id": "cycle-2025-09"}})
	require.Zero(t, srv.Stats().ChargesApplied, "setup: nothing was charged")
	require.Equal(t, 1, srv.Stats().Requests[commercetest.OpSubscriptionCharge], "the charge is sent once")
	return ch, err
}

func describe(ch *commerce.Charge) string {
	if ch == nil {
		return "no charge"
	}
	return fmt.Sprintf("price %d, status %v, receipt_status %v", ch.Price, ch.Status, ch.ReceiptStatus)
}

// A 2xx that says the payment failed, took another amount, or is not paid
// yet is never a charge made: the merchant must not record a paid cycle
// that was never paid (or paid 100 won of 9900). The answer's shape is
// UNCONFIRMED, so price, status and receipt_status are not required (null
// is absent): an answer that names the order and does not contradict the
// request is the charge.
func TestChargeAnswerIsAChargeOnlyWhenItDoesNotContradictTheRequest(t *testing.T) {
	for name, reply := range map[string]string{
		"approval failed":  `{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":9900,"status":0,"receipt_status":-2}`,
		"another amount":   `{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":100,"status":2,"receipt_status":1}`,
		"not paid (ready)": `{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":9900,"status":0,"receipt_status":0}`,
	} {
		t.Run(name, func(t *testing.T) {
			ch, err := chargeAnswered(t, reply)
			require.Error(t, err, "Charge of 9900 succeeded with %s", describe(ch))
		})
	}

	for _, reply := range []string{
		`{"order_id":"o-1","receipt_id":"r-1"}`,
		`{"order_id":"o-1","price":null,"status":null,"receipt_status":null}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"status":2,"receipt_status":1}`,
		`{"order_id":"o-1","price":9900.0,"receipt_status":1}`,
	} {
		ch, err := chargeAnswered(t, reply)
		require.NoError(t, err, reply)
		assert.Equal(t, "o-1", ch.OrderID, reply)
	}
}

// receipt_status -2 (결제 승인 실패) with an unpaid status is a
// *ChargeFailedError: nothing was taken, which is not an unknown outcome,
// and the error names the caller's order id and Commerce's order.
func TestChargeAnswerApprovalFailedIsChargeFailedError(t *testing.T) {
	for _, reply := range []string{
		`{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":9900,"status":0,"receipt_status":-2}`,
		`{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","receipt_status":"-2"}`,
	} {
		_, err := chargeAnswered(t, reply)
		var failed *commerce.ChargeFailedError
		require.True(t, errors.As(err, &failed), "%s: %T %v", reply, err, err)
		assert.Equal(t, "cycle-2025-09", failed.Reference)
		assert.Equal(t, "N-1", failed.Charge.OrderNumber)
		assert.Equal(t, commerce.ReceiptFailed, failed.Charge.ReceiptStatus)
		assert.JSONEq(t, reply, string(failed.Charge.RawJSON()))
		assert.NotErrorIs(t, err, commerce.ErrOutcomeUnknown, reply)
		assert.Contains(t, err.Error(), "cycle-2025-09")
	}
}

// A payment answered as paid at another price is a *ChargeMismatchError
// carrying both prices: money was taken, not as asked. It matches
// ErrOutcomeUnknown, so a caller that only reconciles unknown outcomes
// still looks the order up instead of charging again.
func TestChargeAnswerAtAnotherPriceIsChargeMismatchError(t *testing.T) {
	for _, reply := range []string{
		`{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":100,"status":2,"receipt_status":1}`,
		`{"order_id":"o-1","order_number":"N-1","price":99000}`,
		`{"order_id":"o-1","order_number":"N-1","price":0,"receipt_status":1}`,
	} {
		_, err := chargeAnswered(t, reply)
		var mismatch *commerce.ChargeMismatchError
		require.True(t, errors.As(err, &mismatch), "%s: %T %v", reply, err, err)
		assert.Equal(t, "cycle-2025-09", mismatch.Reference)
		assert.Equal(t, int64(9900), mismatch.Requested)
		assert.NotEqual(t, int64(9900), mismatch.Charge.Price.Int64())
		assert.ErrorIs(t, err, commerce.ErrOutcomeUnknown, reply)
	}
}

// Any other receipt_status than paid (ready, awaiting confirmation, a
// virtual account, cancelled, an unknown code), and -2 when the order's
// status says paid, is an unknown outcome carrying the caller's order id:
// the payment may still complete, so the caller must not charge again.
func TestChargeAnswerNotPaidYetIsUnknown(t *testing.T) {
	for _, reply := range []string{
		`{"order_id":"o-1","order_number":"N-1","price":9900,"status":0,"receipt_status":0}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":2}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":5}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":20}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":77}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"status":2,"receipt_status":-2}`,
	} {
		_, err := chargeAnswered(t, reply)
		var unknown *commerce.OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "%s: %T %v", reply, err, err)
		assert.Equal(t, "cycle-2025-09", unknown.Reference)
		assert.Contains(t, err.Error(), "N-1", "names Commerce's order to look up")
	}
}
