package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
)

// TestCommercePaidOnOrderRefundedInFullWithALaggingStatusIsRefused: a
// stale ORDER_PAID (its first delivery failed) about an order since
// refunded in full through applied cancellations, whose own status still
// reads paid (Commerce's record lagging its refunds: UNCONFIRMED whether
// it may), never runs the callback: it is refused while the cancellations
// cover the price, so that the merchant never fulfils an order whose money
// was given back.
func TestCommercePaidOnOrderRefundedInFullWithALaggingStatusIsRefused(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	opts := []commerce.Option{commerce.WithBaseURL(srv.URL()), commerce.WithRetryPolicy(commerce.RetryPolicy{})}
	admin, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, append(opts, commerce.WithHTTPClient(srv.Client()))...)
	require.NoError(t, err)
	lagging, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, append(opts, commerce.WithHTTPClient(&http.Client{
		Transport: rewriteGets{next: srv.Client().Transport, path: "/orders/", pairs: []string{`"status":10,`, `"status":2,`, `"receipt_status":20,`, `"receipt_status":1,`}}}))...)
	require.NoError(t, err)
	rig := &commerceRig{t: t, srv: srv, client: admin}
	rig.handler = webhook.CommerceHandler(webhook.CommerceLookup{Client: lagging}, rig.callback,
		webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}), webhook.WithErrorHook(rig.errorHook))

	ref := commercePaidOrder(srv)
	rig.fail.Store(1)
	require.Equal(t, http.StatusInternalServerError, rig.post(orderPaid(ref).JSON(), false).Code)
	_, err = admin.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 29900, Immediately: true})
	require.NoError(t, err)
	o, err := lagging.Orders.Get(context.Background(), ref.OrderNumber)
	require.NoError(t, err)
	require.True(t, o.Status == commerce.OrderPaid && o.ReceiptStatus == commerce.ReceiptPaid, "the lookup lags: %v %v", o.Status, o.ReceiptStatus)

	rig.post(orderPaid(ref).JSON(), false)
	assert.Equal(t, int32(0), rig.runs.Load(), "ORDER_PAID ran for an order refunded in full (29,900 of 29,900)")
}

// TestCommerceSubscriptionPaidAfterPartialRefundStillRuns: SUBSCRIPTION_PAID
// is a paid event as ORDER_PAID is. One whose first delivery failed, about
// an order since refunded in part, stays true of an order still paid: its
// redelivery runs the callback once (refusing it would leave the paid
// round never run).
func TestCommerceSubscriptionPaidAfterPartialRefundStillRuns(t *testing.T) {
	rig := newCommerceRig(t)
	ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderSubscriptionDone),
		Metadata: map[string]any{"order_id": "merchant-sub"}})
	ev := orderPaid(ref)
	ev.WebhookType, ev.Status = "SUBSCRIPTION_PAID", int(commerce.OrderSubscriptionDone)
	rig.fail.Store(1)
	require.Equal(t, http.StatusInternalServerError, rig.post(ev.JSON(), false).Code)
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 3000, Immediately: true})
	require.NoError(t, err)

	rec := rig.post(ev.JSON(), false)
	assert.Equal(t, http.StatusOK, rec.Code, "%v", rig.lastErr())
	assert.Equal(t, int32(1), rig.runs.Load(), "the paid round was never run")
}

// TestCommerceSubscriptionTerminatedIsNotSupersededByTheOrderCancel: a
// subscription's pause, resumption or termination is about the contract,
// not the order. A SUBSCRIPTION_TERMINATED whose first delivery failed,
// about an order then refunded in full, is never acknowledged unrun as
// superseded (the merchant would never learn that the contract ended): it
// is refused and reported.
func TestCommerceSubscriptionTerminatedIsNotSupersededByTheOrderCancel(t *testing.T) {
	rig := newCommerceRig(t)
	ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderSubscriptionDone),
		Subscriptions: []commercetest.SubscriptionSpec{{Status: commerce.SubscriptionTerminated, CurrentDuration: 1, TotalDuration: 12}}})
	ev := orderPaid(ref)
	ev.WebhookType, ev.Status = "SUBSCRIPTION_TERMINATED", int(commerce.OrderSubscriptionDone)
	rig.fail.Store(1)
	require.Equal(t, http.StatusInternalServerError, rig.post(ev.JSON(), false).Code)
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 29900, Immediately: true})
	require.NoError(t, err)

	rec := rig.post(ev.JSON(), false)
	assert.NotErrorIs(t, rig.lastErr(), webhook.ErrSuperseded)
	if rec.Code == http.StatusOK {
		assert.Equal(t, int32(1), rig.runs.Load(), "SUBSCRIPTION_TERMINATED acknowledged without running the callback: %v", rig.lastErr())
	} else {
		assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch, "refused and reported")
	}
}

// TestBootpaySupersededWebhookTypeReadsEventToNow: ErrSuperseded's text
// reads "field event -> now" for every field, webhook_type included: a
// completion superseded by a full cancel reads "PAYMENT_COMPLETED ->
// PAYMENT_CANCELLED".
func TestBootpaySupersededWebhookTypeReadsEventToNow(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	_, err := rig.client.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rig.post(completed(rc).JSON(), false, "").Code)
	err = rig.errs[len(rig.errs)-1]
	require.ErrorIs(t, err, webhook.ErrSuperseded)
	assert.Contains(t, err.Error(), "webhook_type PAYMENT_COMPLETED -> PAYMENT_CANCELLED")
}
