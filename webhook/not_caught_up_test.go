package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// TestCommerceRefundAheadOfTheRecordIsNotAFinalAnswer: a genuine
// ORDER_PARTIAL_CANCELLED delivered before Commerce's cancellation list
// shows the refund (the record lagging its webhook, which
// CommerceLookup.Verify's doc expects) is answered 403, the answer for a
// forgery, although the next lookup accepts the same delivery. Whether
// Commerce redelivers after a 4xx is UNCONFIRMED: a 4xx is an answer no
// later lookup may change, so an event ahead of the record must be
// answered as a lookup failure (5xx), which any sender delivers again.
func TestCommerceRefundAheadOfTheRecordIsNotAFinalAnswer(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	ev := orderPaid(ref)
	ev.WebhookType, ev.CancelledPrice = "ORDER_PARTIAL_CANCELLED", 9900

	first := rig.post(ev.JSON(), false)
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 9900, Immediately: true})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rig.post(ev.JSON(), false).Code, "the same delivery once the record caught up: %v", rig.errs)
	require.Equal(t, int32(1), rig.runs.Load())
	require.NotEmpty(t, rig.errs)
	assert.GreaterOrEqual(t, first.Code, 500,
		"a delivery the next lookup accepts was first answered %d (%v): a final answer", first.Code, rig.errs[0])
}

// assertNotCaughtUp checks an ErrNotCaughtUp as the handlers report it: no
// verification failure, the fields reachable through the gateway's
// *MismatchError (target), and no cry of forgery (위변조) in its text.
func assertNotCaughtUp(t *testing.T, err error, target any, field string) {
	t.Helper()
	assert.ErrorIs(t, err, webhook.ErrNotCaughtUp)
	assert.NotErrorIs(t, err, webhook.ErrUnverified)
	assert.NotErrorIs(t, err, webhook.ErrMismatch)
	assert.NotErrorIs(t, err, webhook.ErrSuperseded)
	require.ErrorAs(t, err, target)
	assert.Contains(t, err.Error(), field)
	assert.NotContains(t, err.Error(), "위변조")
}

// TestCommerceEventsAheadOfTheOrderAreDeliveredAgain: a 부분취소 the
// cancellation requests do not show yet, a full cancellation of an order
// still paid, and a payment of an order still awaiting its deposit are
// each answered 502 (ErrNotCaughtUp) and run nothing; once the order shows
// them, the same delivery runs once.
func TestCommerceEventsAheadOfTheOrderAreDeliveredAgain(t *testing.T) {
	ctx := context.Background()
	refund := func(rig *commerceRig, ref commercetest.OrderRef, amount int64) {
		_, err := rig.client.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, Price: amount, Immediately: true})
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name    string
		order   commercetest.OrderSpec
		event   func(commercetest.OrderRef) webhooktest.CommercePayload
		field   string
		catchUp func(*commerceRig, commercetest.OrderRef)
	}{
		{"부분취소 not listed yet", commercetest.OrderSpec{Price: 29900},
			func(ref commercetest.OrderRef) webhooktest.CommercePayload {
				p := orderPaid(ref)
				p.WebhookType, p.CancelledPrice = "ORDER_PARTIAL_CANCELLED", 5000
				return p
			}, "cancelled_price",
			func(rig *commerceRig, ref commercetest.OrderRef) { refund(rig, ref, 5000) }},
		{"full cancel of an order still paid", commercetest.OrderSpec{Price: 29900},
			func(ref commercetest.OrderRef) webhooktest.CommercePayload {
				p := orderPaid(ref)
				p.WebhookType, p.Status, p.ReceiptStatus = "ORDER_CANCELLED", int(commerce.OrderCancelled), int(commerce.ReceiptCancelled)
				return p
			}, "webhook_type",
			func(rig *commerceRig, ref commercetest.OrderRef) { refund(rig, ref, 29900) }},
		{"paid while awaiting the deposit", commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderDepositWait),
			ReceiptStatus: commercetest.Ptr(commerce.ReceiptVirtualAccount)},
			orderPaid, "status", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newCommerceRig(t)
			ref := rig.srv.CreateOrder(tc.order)
			p := tc.event(ref)
			assert.Equal(t, http.StatusBadGateway, rig.post(p.JSON(), false).Code)
			var mismatch *commerce.MismatchError
			assertNotCaughtUp(t, rig.lastErr(), &mismatch, tc.field)
			assert.True(t, mismatch.Has(tc.field), "%v", mismatch)
			assert.Equal(t, int32(0), rig.runs.Load())
			if tc.catchUp == nil {
				return
			}
			tc.catchUp(rig, ref)
			require.Equal(t, http.StatusOK, rig.post(p.JSON(), false).Code, "%v", rig.errs)
			require.Equal(t, http.StatusOK, rig.post(p.JSON(), false).Code)
			assert.Equal(t, int32(1), rig.runs.Load())
		})
	}
}

// TestCommerceContradictionsAheadOfTheOrderStay403: "ahead" is narrow. An
// event that is ahead of the order but also names another price, or whose
// kind its own status contradicts (a 부분취소 of the whole price, an
// ORDER_CANCELLED still reading paid), is refused 403 as a mismatch: no
// later state of the order can agree with it. So is a payment of an order
// off the payment's path (결제 보류), which no "earlier state" describes.
func TestCommerceContradictionsAheadOfTheOrderStay403(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	held := orderPaid(rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderPaymentPending)}))
	otherPrice := orderPaid(ref)
	otherPrice.WebhookType, otherPrice.CancelledPrice, otherPrice.Price = "ORDER_PARTIAL_CANCELLED", 5000, 39900
	whole := orderPaid(ref)
	whole.WebhookType, whole.CancelledPrice = "ORDER_PARTIAL_CANCELLED", 29900
	stillPaid := orderPaid(ref)
	stillPaid.WebhookType = "ORDER_CANCELLED"
	for _, p := range []webhooktest.CommercePayload{otherPrice, whole, stillPaid, held} {
		assert.Equal(t, http.StatusForbidden, rig.post(p.JSON(), false).Code, "%+v", p)
		assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch, "%+v", p)
		assert.NotErrorIs(t, rig.lastErr(), webhook.ErrNotCaughtUp, "%+v", p)
	}
	assert.Equal(t, int32(0), rig.runs.Load())
}

// TestBootpayEventsAheadOfTheReceiptAreDeliveredAgain: a 부분취소 of more
// than the receipt shows cancelled, a full cancel of a receipt still paid,
// and a completion of a receipt still awaiting its confirm (승인대기) are
// each answered 502 (ErrNotCaughtUp) and run nothing; once the receipt
// shows them, the same delivery runs once.
func TestBootpayEventsAheadOfTheReceiptAreDeliveredAgain(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		status  bootpay.Status
		event   func(bootpaytest.Receipt) webhooktest.BootpayPayload
		field   string
		catchUp func(*bootpayRig, bootpaytest.Receipt) error
	}{
		{"부분취소 of more than shown", bootpay.StatusPaid,
			func(rc bootpaytest.Receipt) webhooktest.BootpayPayload {
				p := cancellation(rc, "PAYMENT_PARTIAL_CANCELLED")
				p.CancelledPrice = 5000
				return p
			}, "cancelled_price",
			func(rig *bootpayRig, rc bootpaytest.Receipt) error {
				_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 5000})
				return err
			}},
		{"full cancel of a receipt still paid", bootpay.StatusPaid,
			func(rc bootpaytest.Receipt) webhooktest.BootpayPayload {
				p := cancellation(rc, "PAYMENT_CANCELLED")
				p.CancelledPrice = 15000
				return p
			}, "status",
			func(rig *bootpayRig, rc bootpaytest.Receipt) error {
				_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
				return err
			}},
		{"completion awaiting its confirm", bootpay.StatusAwaitingConfirm, completed, "status",
			func(rig *bootpayRig, rc bootpaytest.Receipt) error {
				_, err := rig.client.Receipts.Confirm(ctx, rc.ReceiptID)
				return err
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newBootpayRig(t)
			rc := rig.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1001", Price: 15000, Status: bootpaytest.Ptr(tc.status)})
			p := tc.event(rc)
			assert.Equal(t, http.StatusBadGateway, rig.post(p.JSON(), false, "").Code)
			require.NotEmpty(t, rig.errs)
			var mismatch *bootpay.MismatchError
			assertNotCaughtUp(t, rig.errs[0], &mismatch, tc.field)
			assert.True(t, mismatch.Has(tc.field), "%v", mismatch)
			assert.Equal(t, int32(0), rig.runs.Load())

			require.NoError(t, tc.catchUp(rig, rc))
			require.Equal(t, http.StatusOK, rig.post(p.JSON(), false, "").Code, "%v", rig.errs)
			require.Equal(t, http.StatusOK, rig.post(p.JSON(), false, "").Code)
			assert.Equal(t, int32(1), rig.runs.Load())
		})
	}
}

// TestBootpayContradictionsAheadOfTheReceiptStay403: an event ahead of the
// receipt that also names another price, is about a test-mode receipt,
// or whose kind its own status contradicts (a PAYMENT_CANCELLED at status
// 1, a 부분취소 of the whole price) is refused 403 as a mismatch; so is an
// event behind the receipt in a way no further cancel explains (a
// virtual account issued for a paid receipt), and a completion of a
// receipt off the payment's path (결제 승인 실패).
func TestBootpayContradictionsAheadOfTheReceiptStay403(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	test := rig.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-t", Price: 15000, Sandbox: true, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	otherPrice := cancellation(rc, "PAYMENT_PARTIAL_CANCELLED")
	otherPrice.CancelledPrice, otherPrice.Price = 5000, 20000
	testMode := cancellation(test, "PAYMENT_CANCELLED")
	testMode.CancelledPrice = 15000
	ownStatus := completed(rc)
	ownStatus.WebhookType = "PAYMENT_CANCELLED"
	whole := cancellation(rc, "PAYMENT_PARTIAL_CANCELLED")
	whole.CancelledPrice = 15000
	issued := completed(rc)
	issued.WebhookType, issued.Status = "PAYMENT_VIRTUAL_ACCOUNT_ISSUED", int(bootpay.StatusVirtualAccountIssued)
	failed := completed(rig.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-f", Price: 15000,
		Status: bootpaytest.Ptr(bootpay.StatusApprovalFailed)}))
	for _, p := range []webhooktest.BootpayPayload{otherPrice, testMode, ownStatus, whole, issued, failed} {
		rig.errs = nil
		assert.Equal(t, http.StatusForbidden, rig.post(p.JSON(), false, "").Code, "%+v", p)
		require.Len(t, rig.errs, 1)
		assert.ErrorIs(t, rig.errs[0], webhook.ErrMismatch, "%+v", p)
		assert.NotErrorIs(t, rig.errs[0], webhook.ErrNotCaughtUp, "%+v", p)
	}
	assert.Equal(t, int32(0), rig.runs.Load())
}

// TestNotCaughtUpIsReportedAsItself: the error hook receives the
// ErrNotCaughtUp as Verify returned it, reading "has not caught up", not
// as a failed lookup ("looking the payment up failed").
func TestNotCaughtUpIsReportedAsItself(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	p := cancellation(rc, "PAYMENT_CANCELLED")
	p.CancelledPrice = 15000
	require.Equal(t, http.StatusBadGateway, rig.post(p.JSON(), false, "").Code)
	require.Len(t, rig.errs, 1)
	assert.Contains(t, rig.errs[0].Error(), "has not caught up")
	assert.NotContains(t, rig.errs[0].Error(), "looking the payment up failed")
}
