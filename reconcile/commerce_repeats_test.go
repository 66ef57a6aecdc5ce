package reconcile_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// listedOrder is one Commerce order list item created at cappedAt.
func listedOrder(number string, status commerce.OrderStatus, receipt commerce.ReceiptStatus) string {
	return fmt.Sprintf(`{"order_id":"id-%s","order_number":%q,"price":1000,"status":%d,"receipt_status":%d,"created_at":%q}`,
		number, number, status, receipt, cappedAt.UTC().Format(time.RFC3339))
}

// TestCommerceOrderRereadAfterPaymentIsComparedPaid: a shifted order list
// re-reads order rep-1 on page 2 after it was paid; the merchant never
// learned of the payment (a lost webhook) and still holds it pending. The
// adapter's window replaces the held pending copy with the paid one, so
// the run reports the paid order instead of comparing only the stale
// pending copy (which would report nothing, in a period no later run
// covers).
func TestCommerceOrderRereadAfterPaymentIsComparedPaid(t *testing.T) {
	srv, c := newCommerce(t)
	page1 := fmt.Sprintf(`{"list":[%s],"count":2}`, listedOrder("rep-1", commerce.OrderReady, commerce.ReceiptReady))
	page2 := fmt.Sprintf(`{"list":[%s],"count":2}`, listedOrder("rep-1", commerce.OrderPaid, commerce.ReceiptPaid))
	for _, body := range []string{page1, page2} {
		srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, body), 1)
	}
	merchant := reconcile.Record{Key: "rep-1", Amount: 1000, Status: reconcile.StatusPending, SourceStatus: "awaiting payment", At: cappedAt}

	var found []reconcile.Discrepancy
	for d, err := range reconcile.Run(ctx, reconcile.Commerce(c), reconciletest.NewMemory(slices.Values([]reconcile.Record{merchant})), cappedPeriod, reconcile.Options{}) {
		require.NoError(t, err)
		found = append(found, d)
	}

	require.Equal(t, 2, srv.Stats().Requests[commercetest.OpOrderList], "both pages were read")
	require.Equal(t, []reconcile.Kind{reconcile.StatusDiffers}, kindsOf(found),
		"the order's paid copy must be compared, not the stale pending one")
	require.Equal(t, reconcile.StatusPaid, found[0].Gateway.Status)
}

// TestCommerceCancelledOrderWhosePaymentStillHoldsTheMoney: an order
// cancelled or returned in full (10, 11) whose payment's receipt_status
// still holds the money — 1 (결제완료), -20 (결제취소 실패: the PG refused
// the refund) or -30 (결제취소 진행중) — is StatusUnknown, and a run
// against a merchant that recorded the refund reports it: a refund that
// failed at the PG reaches a person.
func TestCommerceCancelledOrderWhosePaymentStillHoldsTheMoney(t *testing.T) {
	for _, tc := range []struct {
		order   commerce.OrderStatus
		receipt commerce.ReceiptStatus
	}{
		{commerce.OrderCancelled, commerce.ReceiptStatus(-20)},
		{commerce.OrderCancelled, commerce.ReceiptStatus(-30)},
		{commerce.OrderReturned, commerce.ReceiptPaid},
	} {
		t.Run(fmt.Sprintf("%d/%d", tc.order, tc.receipt), func(t *testing.T) {
			assert.Equal(t, reconcile.StatusUnknown, reconcile.CommerceStatus(tc.order, tc.receipt))

			srv, c := newCommerce(t)
			srv.CreateOrder(commercetest.OrderSpec{OrderNumber: "held-1", Price: 10000, CreatedAt: dayAt,
				Status: commercetest.Ptr(tc.order), ReceiptStatus: commercetest.Ptr(tc.receipt)})
			found := runDay(t, reconcile.Commerce(c), reconcile.Record{
				Key: "held-1", Amount: 10000, Cancelled: 10000, Status: reconcile.StatusCancelled, SourceStatus: "refunded", At: dayAt,
			})
			assert.NotEmpty(t, found, "a refund the payment does not show passes as done")
		})
	}
}
