package commerce_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// Refunded sums exactly the requests Commerce applied — at once, or
// approved later — and leaves out one awaiting approval, one rejected and
// one withdrawn: the sum equals what the sandbox cancelled of the order,
// and the price less it is a request Commerce accepts, which cancels the
// order in full.
func TestCancellationListRefundedSumsAppliedRequests(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 10000, TaxFree: 2000})
	request := func(price, taxFree int64, immediately bool) *commerce.CancellationRequest {
		t.Helper()
		r, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, Price: price, TaxFreePrice: taxFree, Immediately: immediately, AsSupervisor: true})
		require.NoError(t, err)
		return r
	}
	request(1000, 200, true)             // applied at once
	approved := request(700, 0, false)   // approved below
	request(500, 0, false)               // still awaiting approval
	rejected := request(400, 100, false) // rejected below
	withdrawn := request(300, 0, false)  // withdrawn below
	_, err := c.OrderCancellations.Approve(ctx, approved.ID, "승인")
	require.NoError(t, err)
	_, err = c.OrderCancellations.Reject(ctx, rejected.ID, "거절")
	require.NoError(t, err)
	_, err = c.OrderCancellations.Withdraw(ctx, withdrawn.ID)
	require.NoError(t, err)

	list, err := c.OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: ref.OrderNumber})
	require.NoError(t, err)
	require.Len(t, list, 5)
	price, taxFree := list.Refunded()
	assert.Equal(t, int64(1700), price)
	assert.Equal(t, int64(200), taxFree)
	state, _ := srv.Order(ref.OrderID)
	assert.Equal(t, state.CancelledPrice, price, "the sum is what Commerce cancelled")

	// The rest is what a further request may ask for: the pending one is
	// withdrawn first, so nothing else can take from it.
	_, err = c.OrderCancellations.Withdraw(ctx, list[2].ID)
	require.NoError(t, err)
	request(10000-price, 2000-taxFree, true)
	state, _ = srv.Order(ref.OrderID)
	assert.Equal(t, commerce.OrderCancelled, state.Status)
	assert.Equal(t, state.Price, state.CancelledPrice)
}

// Applied reads a request Commerce acted on (action_at) and neither
// withdrew nor rejected (status 2). A status paykit has no meaning for
// reads applied: Commerce documents no values, which is why Applied is a
// claim to check against the order, not proof of a refund. Closed reads a
// request withdrawn or rejected, acted on or not.
func TestCancellationRequestApplied(t *testing.T) {
	at := commerce.Time{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	for _, tc := range []struct {
		name            string
		r               commerce.CancellationRequest
		applied, closed bool
	}{
		{"awaiting approval", commerce.CancellationRequest{Status: 1}, false, false},
		{"applied", commerce.CancellationRequest{Status: 3, ActionAt: at}, true, false},
		{"rejected", commerce.CancellationRequest{Status: 2, ActionAt: at}, false, true},
		{"withdrawn after action", commerce.CancellationRequest{Status: 4, ActionAt: at, WithdrawnAt: at}, false, true},
		{"withdrawn while waiting", commerce.CancellationRequest{Status: 1, WithdrawnAt: at}, false, true},
		{"unknown status acted on", commerce.CancellationRequest{Status: 7, ActionAt: at}, true, false},
	} {
		assert.Equal(t, tc.applied, tc.r.Applied(), "applied: %s", tc.name)
		assert.Equal(t, tc.closed, tc.r.Closed(), "closed: %s", tc.name)
	}
	list := commerce.CancellationList{
		{Status: 3, ActionAt: at, CancelPrice: 100, CancelTaxFreePrice: 10},
		{Status: 2, ActionAt: at, CancelPrice: 1000},
		{Status: 1, CancelPrice: 1000},
	}
	price, taxFree := list.Refunded()
	assert.Equal(t, [2]int64{100, 10}, [2]int64{price, taxFree})
}
