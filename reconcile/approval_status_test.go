package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// Bootpay's 3 (결제승인중: the PG is approving) is a payment whose fate is
// open: the approval may already have taken the money. Read as pending
// ("no money, not a discrepancy"), a merchant order left pending would be
// reported as nothing although the gateway may hold the money; it is
// StatusUnknown, which always reaches a person. The statuses that wait
// for money stay pending: 0 결제대기, 2 승인대기 (the merchant has not
// confirmed: nothing taken), 5 가상계좌 발급완료.
func TestApprovalBootpayConfirmingIsUnknown(t *testing.T) {
	assert.Equal(t, reconcile.StatusUnknown, reconcile.BootpayStatus(bootpay.StatusConfirming, 10000, 0))
	for _, s := range []bootpay.Status{bootpay.StatusReady, bootpay.StatusAwaitingConfirm, bootpay.StatusVirtualAccountIssued} {
		assert.Equal(t, reconcile.StatusPending, reconcile.BootpayStatus(s, 10000, 0), "%v", s)
	}

	srv, c := newBootpay(t)
	srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "apconfirming000000000000", Price: 10000, RequestedAt: dayAt,
		Status: bootpaytest.Ptr(bootpay.StatusConfirming)})
	found := runDay(t, reconcile.Bootpay(c), reconcile.Record{
		Key: "apconfirming000000000000", Amount: 10000, Status: reconcile.StatusPending, SourceStatus: "pending", At: dayAt,
	})
	require.Len(t, found, 1)
	require.Equal(t, reconcile.StatusDiffers, found[0].Kind)
	require.Equal(t, "3", found[0].Gateway.SourceStatus)
}

// PortOne's PAY_PENDING (결제 완료 대기) is an approval whose outcome is
// open, as Bootpay's 3 is: StatusUnknown. A PAY_PENDING payment the
// merchant does not know is MissingAtMerchant, and against a merchant
// order left pending it is StatusDiffers; READY and VIRTUAL_ACCOUNT_ISSUED
// stay pending, and unknown to the merchant are nothing.
func TestApprovalPortOnePayPendingIsUnknown(t *testing.T) {
	assert.Equal(t, reconcile.StatusUnknown, reconcile.PortOneStatus(portone.PaymentStatusPayPending))
	assert.Equal(t, reconcile.StatusPending, reconcile.PortOneStatus(portone.PaymentStatusReady))
	assert.Equal(t, reconcile.StatusPending, reconcile.PortOneStatus(portone.PaymentStatusVirtualAccountIssued))

	srv, c := newPortOne(t)
	for id, status := range map[string]portone.PaymentStatus{
		"ap-pending-known": portone.PaymentStatusPayPending, "ap-pending-alone": portone.PaymentStatusPayPending,
		"ap-va-alone": portone.PaymentStatusVirtualAccountIssued,
	} {
		srv.CreatePayment(portonetest.PaymentSpec{ID: id, Total: 10000, Status: status, RequestedAt: dayAt})
	}

	found := runDay(t, sandboxPortOne(c), reconcile.Record{
		Key: "ap-pending-known", Amount: 10000, Status: reconcile.StatusPending, SourceStatus: "pending", At: dayAt,
	})

	got := map[string]reconcile.Kind{}
	for _, d := range found {
		got[d.Key] = d.Kind
	}
	require.Equal(t, map[string]reconcile.Kind{
		"ap-pending-known": reconcile.StatusDiffers,
		"ap-pending-alone": reconcile.MissingAtMerchant,
	}, got)
}
