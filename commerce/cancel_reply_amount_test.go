package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestRefusesAnAnswerOfAnotherAmount: a cancellation request with
// your own CancelID answered 2xx by a request of that cancel_id for
// another amount is not this request's answer. Were Commerce to
// deduplicate cancel_id (UNCONFIRMED), it would answer a CancelID reused
// for a second 부분취소 with the first one's request: reported as made, the
// second refund of 300 would be recorded and never sent. portone's Cancel
// refuses a cancellation whose totalAmount is not the one asked for, and
// bootpay's Cancel one whose receipt does not show the amount: both end
// as an *OutcomeUnknownError. Commerce's Request must too.
func TestRequestRefusesAnAnswerOfAnotherAmount(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"order_number":"N-1","cancel_id":"refund-2","cancel_price":1000,"action_at":"2025-07-01T00:00:00Z"}`)
	r, err := c.OrderCancellations.Request(context.Background(), CancelRequestParams{
		OrderNumber: "N-1", CancelID: "refund-2", Price: 300, Requester: "shop", Message: "부분취소", Immediately: true,
	})
	assert.Nil(t, r, "an answer about a cancel of 1000 taken as the request of 300")
	var unknown *OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "%v", err)
	assert.Equal(t, "N-1", unknown.Reference)
	assert.Equal(t, "refund-2", unknown.IdempotencyKey)
}
