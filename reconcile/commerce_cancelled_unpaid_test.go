package reconcile_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// TestCommerceCancelledOrderThatNeverTookMoney: an order cancelled or
// returned in full (10, 11) whose payment says it never took money — 0
// 결제대기, 2 승인대기, 5 가상계좌 발급완료, -1 결제 중간 실패, -3 가상계좌
// 발급 취소 — is StatusFailed, as the same order with -2 (결제 승인 실패)
// is, and not "paid and cancelled in full": a run whose merchant never
// recorded the order (it records an order when it verifies the payment)
// reports nothing.
func TestCommerceCancelledOrderThatNeverTookMoney(t *testing.T) {
	srv, c := newCommerce(t)
	injectPages(srv, heldPage(6,
		listedOrder("c-ready", commerce.OrderCancelled, commerce.ReceiptReady),
		listedOrder("c-confirm", commerce.OrderCancelled, commerce.ReceiptAwaitingConfirm),
		listedOrder("r-vbank", commerce.OrderReturned, commerce.ReceiptVirtualAccount),
		listedOrder("c-midway", commerce.OrderCancelled, commerce.ReceiptStatus(-1)),
		listedOrder("c-revoked", commerce.OrderCancelled, commerce.ReceiptStatus(-3)),
		listedOrder("c-failed", commerce.OrderCancelled, commerce.ReceiptFailed),
	))
	memory := reconciletest.NewMemory(slices.Values([]reconcile.Record{}))

	found := collect(t, reconcile.Run(ctx, reconcile.Commerce(c), memory, cappedPeriod, reconcile.Options{}))

	require.Equal(t, 1, srv.Stats().Requests[commercetest.OpOrderList])
	for _, d := range found {
		t.Logf("reported: %s %s (gateway %s, cancelled %d of %d)", d.Kind, d.Key, d.Gateway.Status, d.Gateway.Cancelled, d.Gateway.Amount)
	}
	assert.Empty(t, found, "orders that never took money are reported missing at the merchant")
}
