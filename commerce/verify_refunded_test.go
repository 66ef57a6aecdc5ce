package commerce_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// partlyRefundedOrder is a 1000-won order of merchant order "merchant-25"
// refunded 400 won by an applied cancellation request. It still reads
// status 2 and receipt_status 1, as the sandbox models a 부분취소.
func partlyRefundedOrder(t *testing.T, srv *commercetest.Server, c *commerce.Client) commercetest.OrderRef {
	t.Helper()
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000, Metadata: map[string]any{"order_id": "merchant-25"}})
	_, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{OrderNumber: ref.OrderNumber,
		CancelID: "buyer-refund-1", Price: 400, Requester: "buyer", Message: "부분취소", Immediately: true})
	require.NoError(t, err)
	st, _ := srv.Order(ref.OrderNumber)
	require.Equal(t, commerce.OrderPaid, st.Status, "precondition: a partly refunded order still reads paid")
	require.Equal(t, commerce.ReceiptPaid, st.ReceiptStatus)
	require.Equal(t, int64(400), st.CancelledPrice)
	return ref
}

// TestVerifyRefusesPartlyRefundedOrder: an order refunded in part still
// reads paid at its full price, so only its cancellation requests tell
// that money went back. Verify refuses it, naming cancelled_price with
// the refunded sum, and (CancelOnMismatch or not) cancels nothing more:
// the order is the merchant's own at its own price.
func TestVerifyRefusesPartlyRefundedOrder(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := partlyRefundedOrder(t, srv, c)

	for _, cancel := range []bool{false, true} {
		o, err := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 1000,
			MerchantOrderID: "merchant-25", CancelOnMismatch: cancel})
		var mismatch *commerce.MismatchError
		require.ErrorAs(t, err, &mismatch, "an order refunded 400 of 1000 passed Verify as paid in full: %v", o)
		assert.Nil(t, o)
		assert.Equal(t, []commerce.Mismatch{{Field: "cancelled_price", Expected: "0", Actual: "400"}}, mismatch.Mismatches)
		assert.Nil(t, mismatch.Cancellation)
		assert.NoError(t, mismatch.CancelErr)
		require.NotNil(t, mismatch.Order)
		assert.Equal(t, ref.OrderNumber, mismatch.Order.OrderNumber)
	}
	st := srv.Stats()
	assert.Equal(t, 1, st.CancellationsRequested, "only the buyer's 부분취소: Verify requested none")
	assert.Equal(t, 1, st.CancellationsApplied)
}

// TestVerifyOfAPaidOrderListsItsCancellationsOnce: an order with nothing
// refunded passes, at the cost of one list request; an order refused on
// its own fields (a forged price) is not listed at all.
func TestVerifyOfAPaidOrderListsItsCancellationsOnce(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000, Metadata: map[string]any{"order_id": "m-1"}})

	o, err := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 1000, MerchantOrderID: "m-1"})
	require.NoError(t, err)
	assert.Equal(t, ref.OrderID, o.OrderID)
	lists := srv.Stats().Requests[commercetest.OpCancelList]
	assert.Equal(t, 1, lists, "one list request")

	_, err = c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 999, MerchantOrderID: "m-1"})
	var mismatch *commerce.MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.False(t, mismatch.Has("cancelled_price"))
	assert.Equal(t, lists, srv.Stats().Requests[commercetest.OpCancelList], "a refused order is not listed")
}

// TestVerifyFailsWhenItsCancellationsCannotBeRead: a list that fails is
// the error it is, never a pass of an order that may have been refunded.
func TestVerifyFailsWhenItsCancellationsCannotBeRead(t *testing.T) {
	srv, c := newSandbox(t)
	ref := partlyRefundedOrder(t, srv, c)
	srv.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusBadRequest, ""), 1)
	o, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 1000, MerchantOrderID: "merchant-25"})
	require.Error(t, err)
	assert.Nil(t, o)
	var mismatch *commerce.MismatchError
	assert.NotErrorAs(t, err, &mismatch, "a failed lookup is no verdict")
	var apiErr *commerce.APIError
	assert.ErrorAs(t, err, &apiErr)
}
