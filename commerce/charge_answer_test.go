package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func chargeCycle7(c *Client) (*Charge, error) {
	return c.Subscriptions.Charge(context.Background(), ChargeParams{ChargeKey: "ck-secret", Price: 5000,
		Metadata: map[string]any{"order_id": "cycle-7"}})
}

// An on-demand charge answered with an order whose status is not a paid
// one (0 주문대기, 1 입금대기, 10 취소완료; with no receipt_status, or
// with receipt_status 1) is no charge made: an *OutcomeUnknownError
// carrying the charge's order id, sent once.
func TestChargeAnsweredUnpaidIsNoSuccess(t *testing.T) {
	for _, members := range []string{`"status":0`, `"status":1`, `"status":10`, `"status":10,"receipt_status":1`} {
		t.Run(members, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, `{"order_id":"o-9","order_number":"N-9","price":5000,`+members+`}`)
			ch, err := chargeCycle7(c)
			assert.Nil(t, ch, "an unpaid order read as a charge made")
			var ou *OutcomeUnknownError
			require.True(t, errors.As(err, &ou), "%v", err)
			assert.Equal(t, "cycle-7", ou.Reference)
			assert.Len(t, m.Requests(), 1)
		})
	}
}

// A charge answer whose metadata names another of the merchant's charges
// (Commerce echoes the order's metadata) is no answer about this charge,
// whatever its statuses say: an *OutcomeUnknownError carrying this
// charge's order id — never a success, and never a failed payment (a
// *ChargeFailedError would invite a second charge). An answer naming this
// charge, or no order id, is the charge made.
func TestChargeAnswerNamingAnotherChargeIsNoSuccess(t *testing.T) {
	for name, reply := range map[string]string{
		"paid":             `{"order_id":"o-6","order_number":"N-6","price":5000,"status":2,"receipt_status":1,"metadata":{"order_id":"cycle-6"}}`,
		"failed":           `{"order_id":"o-6","order_number":"N-6","price":5000,"status":0,"receipt_status":-2,"metadata":{"order_id":"cycle-6"}}`,
		"order id numeric": `{"order_id":"o-6","order_number":"N-6","price":5000,"status":2,"receipt_status":1,"metadata":{"order_id":6}}`,
		"metadata as text": `{"order_id":"o-6","order_number":"N-6","price":5000,"status":2,"receipt_status":1,"metadata":"{\"order_id\":\"cycle-6\"}"}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, reply)
			ch, err := chargeCycle7(c)
			assert.Nil(t, ch, "another charge's answer read as this one")
			var ou *OutcomeUnknownError
			require.True(t, errors.As(err, &ou), "%v", err)
			assert.Equal(t, "cycle-7", ou.Reference)
			var failed *ChargeFailedError
			assert.False(t, errors.As(err, &failed))
		})
	}
	for name, reply := range map[string]string{
		"this charge": `{"order_id":"o-7","order_number":"N-7","price":5000,"status":2,"receipt_status":1,"metadata":{"order_id":"cycle-7","plan":"pro"}}`,
		"no order id": `{"order_id":"o-7","order_number":"N-7","price":5000,"status":2,"receipt_status":1,"metadata":{"plan":"pro"}}`,
		"no metadata": `{"order_id":"o-7","order_number":"N-7","price":5000,"status":2,"receipt_status":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, reply)
			ch, err := chargeCycle7(c)
			require.NoError(t, err)
			assert.Equal(t, "N-7", ch.OrderNumber)
		})
	}
}
