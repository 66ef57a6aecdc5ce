package commerce_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

func orderOf(r *commerce.CancellationRequest) string {
	if r == nil {
		return ""
	}
	return r.OrderNumber
}

// Verify's cancellation of a tampered order, answered 2xx about another
// order and another cancel_id, is not reported as made: Commerce recorded
// none, so the MismatchError must not show it requested (Cancellation set,
// CancelErr nil), or the buyer is never refunded and nobody looks. It is
// an unknown outcome in CancelErr instead.
func TestVerifyCancellationAnsweredAboutAnotherOrderIsNotMade(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": "m-9"}})
	srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusOK,
		`{"order_number":"SOMEONE-ELSES","cancel_id":"their-cancel","cancel_price":5000}`), 1)

	_, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 29900,
		MerchantOrderID: "m-9", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	require.Zero(t, srv.Stats().CancellationsRequested, "setup: no cancellation exists")
	assert.True(t, me.Cancellation == nil || me.CancelErr != nil,
		"Verify reports cancellation %+v of order %q as made for %s", me.Cancellation, orderOf(me.Cancellation), ref.OrderNumber)
	assert.ErrorIs(t, me.CancelErr, commerce.ErrOutcomeUnknown, "the unproven cancellation surfaces as an unknown outcome")
}

// OrderCancellations.Request compares the answer with the request: one
// naming another order_number or another cancel_id is an unknown outcome
// carrying the order number and the request's cancel_id to look up, and
// the request was sent once. Members the answer leaves out are not held
// against it (its shape is UNCONFIRMED).
func TestCancelRequestAnswerAboutAnotherRequestIsUnknown(t *testing.T) {
	for _, reply := range []string{
		`{"order_number":"SOMEONE-ELSES","cancel_id":"their-cancel"}`,
		`{"order_number":"SOMEONE-ELSES"}`,
		`{"cancel_id":"their-cancel"}`,
	} {
		srv, c := newSandbox(t)
		ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
		srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusOK, reply), 1)
		r, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, CancelID: "refund-1", Price: 1000})
		assert.Nil(t, r, reply)
		var unknown *commerce.OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "%s: %T %v", reply, err, err)
		assert.Equal(t, ref.OrderNumber, unknown.Reference, reply)
		assert.Equal(t, "refund-1", unknown.IdempotencyKey, reply)
		assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest], reply)
	}

	for _, reply := range []string{`{}`, `{"cancel_id":"refund-1"}`, `{"order_number":"{order}","cancel_id":"refund-1","order_cancellation_request_id":"r1"}`} {
		srv, c := newSandbox(t)
		ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
		srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusOK, strings.ReplaceAll(reply, "{order}", ref.OrderNumber)), 1)
		_, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, CancelID: "refund-1", Price: 1000})
		assert.NoError(t, err, reply)
	}
}
