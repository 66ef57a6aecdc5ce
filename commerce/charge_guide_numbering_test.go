package commerce

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Commerce's public order-detail example
// (https://commerce.bootpay.ai/orders/detail) shows a paid order (with
// purchased_at) as "status": 1 beside "receipt_status": 1, the numbering
// of Bootpay's checkout guide (1 결제완료), while Bootpay's SDK constants
// read 1 as 입금대기. A charge answered in that shape is a charge made:
// receipt_status 1 is the PG's own word, and a billing-key charge has no
// deposit to wait for.
func TestChargeAnsweredInTheOrderExampleShapeIsACharge(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"order_id":"o-7","order_number":"N-7","price":5000,"status":1,"receipt_status":1,
		"purchased_at":"2025-07-11T10:30:00Z","metadata":{"order_id":"cycle-7"}}`)
	ch, err := chargeCycle7(c)
	require.NoError(t, err, "a charge answered as Commerce's docs show a paid order reads as an unknown outcome")
	assert.Equal(t, "N-7", ch.OrderNumber)
	assert.Len(t, m.Requests(), 1)
}

// Beside receipt_status 1 a charge's status is read under both of
// Bootpay's numberings: one paid under either (1 결제완료 in the guide; 2,
// 3, 8 in the SDKs' constants) is a charge made, one unpaid under both (0,
// 4, 5, 10, 11, 12, a code paykit does not know) an *OutcomeUnknownError
// carrying the charge's order id. Without receipt_status, 1 stays refused
// (it may be a deposit awaited).
func TestChargeStatusBesideReceiptStatus1(t *testing.T) {
	for _, tc := range []struct {
		members string
		charged bool
	}{
		{`"status":1,"receipt_status":1`, true},
		{`"status":2,"receipt_status":1`, true},
		{`"status":3,"receipt_status":1`, true},
		{`"status":8,"receipt_status":1`, true},
		{`"status":"1","receipt_status":1.0`, true},
		{`"status":0,"receipt_status":1`, false},
		{`"status":4,"receipt_status":1`, false},
		{`"status":5,"receipt_status":1`, false},
		{`"status":10,"receipt_status":1`, false},
		{`"status":11,"receipt_status":1`, false},
		{`"status":12,"receipt_status":1`, false},
		{`"status":99,"receipt_status":1`, false},
		{`"status":1`, false},
		{`"status":1,"receipt_status":null`, false},
		{`"status":1,"receipt_status":2`, false},
		{`"status":1,"receipt_status":20`, false},
	} {
		t.Run(tc.members, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, `{"order_id":"o-7","order_number":"N-7","price":5000,`+tc.members+`,"metadata":{"order_id":"cycle-7"}}`)
			ch, err := chargeCycle7(c)
			assert.Len(t, m.Requests(), 1, "a charge is sent once")
			if tc.charged {
				require.NoError(t, err)
				assert.Equal(t, "N-7", ch.OrderNumber)
				return
			}
			assert.Nil(t, ch)
			var ou *OutcomeUnknownError
			require.True(t, errors.As(err, &ou), "%v", err)
			assert.Equal(t, "cycle-7", ou.Reference)
		})
	}
}

// A failed approval (receipt_status -2) beside status 1, which the
// checkout guide reads as 결제완료, contradicts itself: it is an
// *OutcomeUnknownError, never a *ChargeFailedError inviting a second
// charge. Beside a status unpaid under both numberings it stays a failed
// charge.
func TestChargeFailedBesideStatus1IsAnUnknownOutcome(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"order_id":"o-7","order_number":"N-7","price":5000,"status":1,"receipt_status":-2,"metadata":{"order_id":"cycle-7"}}`)
	_, err := chargeCycle7(c)
	var failed *ChargeFailedError
	assert.False(t, errors.As(err, &failed), "a failed charge whose status the guide reads as paid invites a second charge: %v", err)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)

	m, c = newWire(t, `{}`)
	m.Then(http.StatusOK, `{"order_id":"o-7","order_number":"N-7","price":5000,"status":0,"receipt_status":-2,"metadata":{"order_id":"cycle-7"}}`)
	_, err = chargeCycle7(c)
	require.True(t, errors.As(err, &failed), "%v", err)
}

// A charge answered paid in the order example's shape at another price is
// money taken not as asked: a *ChargeMismatchError, never a success.
func TestChargeInTheOrderExampleShapeAtAnotherPriceIsAMismatch(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"order_id":"o-7","order_number":"N-7","price":4000,"status":1,"receipt_status":1,"metadata":{"order_id":"cycle-7"}}`)
	_, err := chargeCycle7(c)
	var cm *ChargeMismatchError
	require.True(t, errors.As(err, &cm), "%v", err)
	assert.Equal(t, int64(5000), cm.Requested)
}
