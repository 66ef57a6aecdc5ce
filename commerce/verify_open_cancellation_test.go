package commerce_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// An order whose whole price is asked back by a cancellation request still
// waiting for the store's approval (no action_at) is refused by Verify,
// with a "cancellation_requested" mismatch naming the open amount and no
// "cancelled_price" (nothing went back yet). Fulfilled, the approval that
// follows would refund every won of it. Once the request is rejected the
// same order passes: the order is handled once the request closes.
func TestVerifyRefusesAnOrderWithAnOpenCancellation(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 2800, Metadata: map[string]any{"order_id": "shop-1"}})
	req, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 2800, Requester: "buyer", Message: "단순 변심"}) // waits for approval
	require.NoError(t, err)
	p := commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 2800, MerchantOrderID: "shop-1"}

	o, err := c.Orders.Verify(ctx, p)
	assert.Nil(t, o, "an order whose whole price is being asked back passed Verify")
	var me *commerce.MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []commerce.Mismatch{{Field: "cancellation_requested", Expected: "none", Actual: "2800"}}, me.Mismatches)

	_, err = c.OrderCancellations.Reject(ctx, req.ID, "배송 시작됨")
	require.NoError(t, err)
	o, err = c.Orders.Verify(ctx, p)
	require.NoError(t, err, "the request was rejected: nothing goes back, the order is the merchant's to fulfil")
	assert.Equal(t, ref.OrderNumber, o.OrderNumber)
}

// Verify names what an order's requests did and may still do apart: an
// open request as "cancellation_requested", an approved one as
// "cancelled_price", both when both are there, and only the approved one
// once the open one is rejected.
func TestVerifyTellsBeingRefundedFromRefunded(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 2800, Metadata: map[string]any{"order_id": "shop-1"}})
	verify := func() []commerce.Mismatch {
		t.Helper()
		_, err := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 2800, MerchantOrderID: "shop-1"})
		var me *commerce.MismatchError
		require.True(t, errors.As(err, &me), "%v", err)
		return me.Mismatches
	}
	first, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 1000, Message: "부분취소"})
	require.NoError(t, err)
	assert.Equal(t, []commerce.Mismatch{{Field: "cancellation_requested", Expected: "none", Actual: "1000"}}, verify())

	_, err = c.OrderCancellations.Approve(ctx, first.ID, "승인")
	require.NoError(t, err)
	assert.Equal(t, []commerce.Mismatch{{Field: "cancelled_price", Expected: "0", Actual: "1000"}}, verify())

	second, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 1800, Message: "전액취소"})
	require.NoError(t, err)
	assert.Equal(t, []commerce.Mismatch{
		{Field: "cancelled_price", Expected: "0", Actual: "1000"},
		{Field: "cancellation_requested", Expected: "none", Actual: "1800"},
	}, verify())

	_, err = c.OrderCancellations.Reject(ctx, second.ID, "거절")
	require.NoError(t, err)
	assert.Equal(t, []commerce.Mismatch{{Field: "cancelled_price", Expected: "0", Actual: "1000"}}, verify())
}

// CancelOnMismatch cancels nothing more while a request is open: the
// buyer's request for the whole price may still be approved, and a
// cancellation of what remains on top of it would refund the order twice
// (whether Commerce refuses the second is UNCONFIRMED). The sandbox's
// counters prove that the only request made is the buyer's; CancelErr says
// why none was sent.
func TestVerifyCancelsNothingWhileARequestIsOpen(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	// Paid at 2800 for the merchant's order of 28000: tampered.
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 2800, Metadata: map[string]any{"order_id": "shop-1"}})
	_, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 2800, Message: "단순 변심"})
	require.NoError(t, err)

	_, err = c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 28000, MerchantOrderID: "shop-1", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.True(t, me.Has("price"))
	assert.Nil(t, me.Cancellation)
	require.Error(t, me.CancelErr)
	assert.Contains(t, me.CancelErr.Error(), "open")
	st := srv.Stats()
	assert.Equal(t, 1, st.CancellationsRequested, "a cancellation was requested on top of the open one")
	assert.Equal(t, 0, st.CancellationsApplied)
	state, _ := srv.Order(ref.OrderID)
	assert.Equal(t, int64(0), state.CancelledPrice)
}
