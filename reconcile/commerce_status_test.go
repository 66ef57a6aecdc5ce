package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// A Commerce order whose order status is still 결제완료 (2) and whose
// payment's receipt_status is 20 (Bootpay's 결제취소 완료, which also
// stands for a 부분취소; package webhook reads it so) is no full cancel:
// it is partially cancelled, its amount unknown. The merchant recorded a
// full refund although, say, only 3,000 of 10,000 was cancelled: that is
// CancelledDiffers, not equal cancelled amounts (7,000 won owed to the
// buyer).
func TestCommerceStatusReceipt20OnAPaidOrderIsNotAFullCancel(t *testing.T) {
	srv, c := newCommerce(t)
	srv.CreateOrder(commercetest.OrderSpec{OrderNumber: "cs-partial", Price: 10000, CreatedAt: dayAt, CancelledPrice: 3000,
		Status: commercetest.Ptr(commerce.OrderPaid), ReceiptStatus: commercetest.Ptr(commerce.ReceiptCancelled)})

	found := runDay(t, reconcile.Commerce(c), reconcile.Record{
		Key: "cs-partial", Amount: 10000, Cancelled: 10000, Status: reconcile.StatusCancelled, SourceStatus: "refunded", At: dayAt,
	})

	require.NotEmpty(t, found, "order 결제완료 with a receipt 20 read as a full cancel")
	require.Equal(t, []reconcile.Kind{reconcile.CancelledDiffers}, kindsOf(found))
	g := found[0].Gateway
	require.Equal(t, reconcile.StatusPartiallyCancelled, g.Status)
	require.True(t, g.CancelledUnknown)
	require.Equal(t, "2/20", g.SourceStatus)
}

// The same order against a merchant that recorded the partial refund is
// no discrepancy; against one that recorded none, the cancel recorded on
// the gateway only is CancelledDiffers.
func TestCommerceStatusReceipt20OnAPaidOrderAgainstTheMerchant(t *testing.T) {
	for name, tc := range map[string]struct {
		merchant reconcile.Record
		differs  bool
	}{
		"partial refund": {reconcile.Record{Key: "cs-p", Amount: 10000, Cancelled: 3000, Status: reconcile.StatusPartiallyCancelled, SourceStatus: "partial", At: dayAt}, false},
		"no refund":      {reconcile.Record{Key: "cs-p", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt}, true},
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := newCommerce(t)
			srv.CreateOrder(commercetest.OrderSpec{OrderNumber: "cs-p", Price: 10000, CreatedAt: dayAt, CancelledPrice: 3000,
				Status: commercetest.Ptr(commerce.OrderPaid), ReceiptStatus: commercetest.Ptr(commerce.ReceiptCancelled)})

			found := runDay(t, reconcile.Commerce(c), tc.merchant)

			if tc.differs {
				require.Equal(t, []reconcile.Kind{reconcile.CancelledDiffers}, kindsOf(found))
			} else {
				require.Empty(t, found)
			}
		})
	}
}

// When a Commerce order's status and its payment's receipt_status
// disagree about money, the one that says "no money" must not win: an
// order in 결제완료 whose receipt says -2 is not StatusFailed, an order in
// 입금대기 or 주문대기 whose receipt says 1 (결제완료) is not StatusPending.
// Neither would be a discrepancy when the merchant has no record, so a
// payment the gateway may have taken would be reported as nothing.
// Conflicting evidence is StatusUnknown, which always reaches a person.
func TestCommerceStatusConflictingStatusesNeverMeanNoMoney(t *testing.T) {
	cases := []struct {
		name    string
		order   commerce.OrderStatus
		receipt commerce.ReceiptStatus
	}{
		{"order paid, receipt failed", commerce.OrderPaid, commerce.ReceiptFailed},
		{"order purchase-confirmed, receipt failed", commerce.OrderPurchaseConfirmed, commerce.ReceiptFailed},
		{"order deposit wait, receipt paid", commerce.OrderDepositWait, commerce.ReceiptPaid},
		{"order ready, receipt paid", commerce.OrderReady, commerce.ReceiptPaid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.NotContains(t, []reconcile.Status{reconcile.StatusPending, reconcile.StatusFailed},
				reconcile.CommerceStatus(tc.order, tc.receipt), "a money-taking status read as no money")
			assert.Equal(t, reconcile.StatusUnknown, reconcile.CommerceStatus(tc.order, tc.receipt))

			srv, c := newCommerce(t)
			srv.CreateOrder(commercetest.OrderSpec{OrderNumber: "cs-conflict", Price: 10000, CreatedAt: dayAt,
				Status: commercetest.Ptr(tc.order), ReceiptStatus: commercetest.Ptr(tc.receipt)})
			found := runDay(t, reconcile.Commerce(c))
			require.Len(t, found, 1, "the merchant has no record of an order whose receipt/order says paid")
			require.Equal(t, reconcile.MissingAtMerchant, found[0].Kind)
		})
	}
}

// CommerceStatus over the order statuses and receipt statuses: only 10
// 취소완료 and 11 반품완료 are cancelled in full; receipt 20 on a paid
// order is a partial cancel, and -30 (결제취소 진행중) on a paid order a
// cancel in flight, unknown; whenever one status says money was taken
// (paid, exchanged; receipt 1, -20 결제취소 실패, -30) and the other says
// none (waiting, failed), the order is unknown; the statuses that agree
// keep their meaning.
func TestCommerceStatusTable(t *testing.T) {
	const (
		cancelFailed = commerce.ReceiptStatus(-20)
		cancelling   = commerce.ReceiptStatus(-30)
	)
	for _, tc := range []struct {
		order   commerce.OrderStatus
		receipt commerce.ReceiptStatus
		want    reconcile.Status
	}{
		// agreeing statuses
		{commerce.OrderPaid, commerce.ReceiptPaid, reconcile.StatusPaid},
		{commerce.OrderSubscriptionDone, commerce.ReceiptPaid, reconcile.StatusPaid},
		{commerce.OrderPurchaseConfirmed, commerce.ReceiptPaid, reconcile.StatusPaid},
		{commerce.OrderExchanged, commerce.ReceiptPaid, reconcile.StatusPaid},
		{commerce.OrderPaid, cancelFailed, reconcile.StatusPaid},
		{commerce.OrderDepositWait, commerce.ReceiptVirtualAccount, reconcile.StatusPending},
		{commerce.OrderReady, commerce.ReceiptReady, reconcile.StatusPending},
		{commerce.OrderPaymentPending, commerce.ReceiptAwaitingConfirm, reconcile.StatusPending},
		{commerce.OrderReady, commerce.ReceiptFailed, reconcile.StatusFailed},
		// cancelled in full: the order's own 10 or 11 only
		{commerce.OrderCancelled, commerce.ReceiptCancelled, reconcile.StatusCancelled},
		{commerce.OrderReturned, commerce.ReceiptCancelled, reconcile.StatusCancelled},
		// cancelled in full while the payment still holds the money
		{commerce.OrderReturned, commerce.ReceiptPaid, reconcile.StatusUnknown},
		{commerce.OrderCancelled, cancelFailed, reconcile.StatusUnknown},
		{commerce.OrderCancelled, cancelling, reconcile.StatusUnknown},
		// receipt 20 on an order not cancelled
		{commerce.OrderPaid, commerce.ReceiptCancelled, reconcile.StatusPartiallyCancelled},
		{commerce.OrderPurchaseConfirmed, commerce.ReceiptCancelled, reconcile.StatusPartiallyCancelled},
		{commerce.OrderExchanged, commerce.ReceiptCancelled, reconcile.StatusPartiallyCancelled},
		{commerce.OrderDepositWait, commerce.ReceiptCancelled, reconcile.StatusUnknown},
		{commerce.OrderStatus(99), commerce.ReceiptCancelled, reconcile.StatusUnknown},
		// a cancel in progress on a paid order, as BootpayStatus reads -30
		{commerce.OrderPaid, cancelling, reconcile.StatusUnknown},
		// disagreeing about money
		{commerce.OrderPaid, commerce.ReceiptReady, reconcile.StatusUnknown},
		{commerce.OrderPaid, commerce.ReceiptAwaitingConfirm, reconcile.StatusUnknown},
		{commerce.OrderPaid, commerce.ReceiptVirtualAccount, reconcile.StatusUnknown},
		{commerce.OrderExchanged, commerce.ReceiptFailed, reconcile.StatusUnknown},
		{commerce.OrderSubscriptionDone, commerce.ReceiptFailed, reconcile.StatusUnknown},
		{commerce.OrderSubscriptionReady, commerce.ReceiptPaid, reconcile.StatusUnknown},
		{commerce.OrderPaymentPending, commerce.ReceiptPaid, reconcile.StatusUnknown},
		{commerce.OrderReady, cancelFailed, reconcile.StatusUnknown},
		{commerce.OrderDepositWait, cancelling, reconcile.StatusUnknown},
	} {
		assert.Equal(t, tc.want, reconcile.CommerceStatus(tc.order, tc.receipt), "order %v, receipt %v", tc.order, tc.receipt)
	}
}
