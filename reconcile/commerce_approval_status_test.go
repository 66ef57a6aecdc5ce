package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// A Commerce order awaiting payment whose payment is 3 (결제승인중: the PG
// is approving and may already have taken the money, which BootpayStatus
// and the package doc read as unknown), or carries a receipt_status
// paykit does not know, is StatusUnknown, not pending; so is an order
// cancelled in full whose payment is still being approved, not cancelled.
// A pending record the merchant lacks is no discrepancy, so the run would
// report nothing for an order whose money may be taken once the approval
// ends — in a period no later run lists again (Commerce lists by creation
// date).
func TestCommerceApprovalUnderWayIsNeverPending(t *testing.T) {
	confirming := commerce.ReceiptStatus(bootpay.StatusConfirming)
	refunded := []reconcile.Record{{Key: "approving-1", Amount: 10000, Cancelled: 10000,
		Status: reconcile.StatusCancelled, SourceStatus: "refunded", At: dayAt}}
	for _, tc := range []struct {
		order    commerce.OrderStatus
		receipt  commerce.ReceiptStatus
		merchant []reconcile.Record
		want     reconcile.Kind
	}{
		// The merchant never learned of the order (a lost webhook).
		{commerce.OrderReady, confirming, nil, reconcile.MissingAtMerchant},
		{commerce.OrderDepositWait, confirming, nil, reconcile.MissingAtMerchant},
		{commerce.OrderPaymentPending, confirming, nil, reconcile.MissingAtMerchant},
		{commerce.OrderSubscriptionReady, confirming, nil, reconcile.MissingAtMerchant},
		{commerce.OrderReady, commerce.ReceiptStatus(7), nil, reconcile.MissingAtMerchant}, // a code Bootpay adds later
		// A billing key (11) or an account transfer's consent (41) is no
		// payment of an order that is not a waiting subscription.
		{commerce.OrderReady, commerce.ReceiptStatus(bootpay.StatusBillingKeyIssued), nil, reconcile.MissingAtMerchant},
		{commerce.OrderDepositWait, commerce.ReceiptStatus(bootpay.StatusTransferAuthenticated), nil, reconcile.MissingAtMerchant},
		// The merchant cancelled the order; its payment is still being
		// approved, and nothing will refund what it takes.
		{commerce.OrderCancelled, confirming, refunded, reconcile.StatusDiffers},
		{commerce.OrderReturned, confirming, refunded, reconcile.StatusDiffers},
		{commerce.OrderCancelled, commerce.ReceiptStatus(7), refunded, reconcile.StatusDiffers},
	} {
		t.Run(fmt.Sprintf("%d/%d", tc.order, tc.receipt), func(t *testing.T) {
			assert.Equal(t, reconcile.StatusUnknown, reconcile.CommerceStatus(tc.order, tc.receipt))

			srv, c := newCommerce(t)
			srv.CreateOrder(commercetest.OrderSpec{OrderNumber: "approving-1", Price: 10000, CreatedAt: dayAt,
				Status: commercetest.Ptr(tc.order), ReceiptStatus: commercetest.Ptr(tc.receipt)})

			found := runDay(t, reconcile.Commerce(c), tc.merchant...)

			require.Equal(t, 1, srv.Stats().Requests[commercetest.OpOrderList])
			require.Len(t, found, 1, "an approval under way is reported as nothing")
			assert.Equal(t, tc.want, found[0].Kind)
		})
	}
}

// The receipt codes known to hold no money keep a waiting order pending
// and make a cancelled order failed (nothing was taken): 0 결제대기, 2 승인대기, 5 가상계좌
// 발급완료, -1 결제 중간 실패, -3 가상계좌 발급 취소, and for a waiting
// subscription (4 구독 대기) 11 빌링키 발급완료 and 41 계좌 자동이체 인증
// 완료 (a billing method registered, nothing charged). An order paid
// whose payment failed before approval (-1) or lost its virtual account
// (-3) disagrees about money and is unknown, as 0, 2 and 5 are.
func TestCommerceNoMoneyReceiptCodes(t *testing.T) {
	const (
		failedBefore = commerce.ReceiptStatus(bootpay.StatusFailedBeforeApproval)
		revoked      = commerce.ReceiptStatus(bootpay.StatusVirtualAccountRevoked)
		billingKey   = commerce.ReceiptStatus(bootpay.StatusBillingKeyIssued)
		transferAuth = commerce.ReceiptStatus(bootpay.StatusTransferAuthenticated)
	)
	noMoney := []commerce.ReceiptStatus{commerce.ReceiptReady, commerce.ReceiptAwaitingConfirm,
		commerce.ReceiptVirtualAccount, failedBefore, revoked}
	for _, rs := range noMoney {
		for _, s := range []commerce.OrderStatus{commerce.OrderReady, commerce.OrderDepositWait,
			commerce.OrderSubscriptionReady, commerce.OrderPaymentPending} {
			assert.Equal(t, reconcile.StatusPending, reconcile.CommerceStatus(s, rs), "order %v, receipt %v", s, rs)
		}
		for _, s := range []commerce.OrderStatus{commerce.OrderCancelled, commerce.OrderReturned} {
			assert.Equal(t, reconcile.StatusFailed, reconcile.CommerceStatus(s, rs), "order %v, receipt %v", s, rs)
		}
	}
	for _, rs := range []commerce.ReceiptStatus{billingKey, transferAuth} {
		assert.Equal(t, reconcile.StatusPending, reconcile.CommerceStatus(commerce.OrderSubscriptionReady, rs), "receipt %v", rs)
	}
	for _, rs := range []commerce.ReceiptStatus{failedBefore, revoked} {
		assert.Equal(t, reconcile.StatusUnknown, reconcile.CommerceStatus(commerce.OrderPaid, rs), "receipt %v", rs)
	}
}
