package webhook_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// TestCommercePaidAfterPartialRefundStillRuns: an ORDER_PAID whose first
// delivery failed (the callback errored), and whose order was then
// refunded in part, is still true of a paid order. Its redelivery runs the
// callback once, with the order as it is now; acknowledging it without
// running would leave a paid order never fulfilled, since the 부분취소
// that follows carries no fulfilment.
func TestCommercePaidAfterPartialRefundStillRuns(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	require.Equal(t, http.StatusOK, rig.redeliveredAfterRefund(t, orderPaid(ref), 3000).Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(orderPaid(ref).JSON(), false).Code)
	assert.Equal(t, int32(1), rig.runs.Load())
	d := rig.got[len(rig.got)-1]
	assert.Equal(t, webhook.CommercePaidKey(ref.OrderNumber), d.Key)
	assert.Equal(t, ref.OrderNumber, d.Order.OrderNumber)
}

// TestCommercePaidAfterFullCancelIsSuperseded: once the order is
// cancelled in full, its ORDER_PAID is acknowledged as ErrSuperseded and
// never run, and the error's text does not cry forgery (위변조 의심): an
// event the payment moved past is none.
func TestCommercePaidAfterFullCancelIsSuperseded(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 29900, Immediately: true})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rig.post(orderPaid(ref).JSON(), false).Code)
	assert.Equal(t, int32(0), rig.runs.Load())
	err = rig.lastErr()
	assert.ErrorIs(t, err, webhook.ErrSuperseded)
	var mismatch *commerce.MismatchError
	assert.ErrorAs(t, err, &mismatch, "the fields stay reachable")
	assert.NotContains(t, err.Error(), "위변조")
	assert.Contains(t, err.Error(), "status")
}

// TestCommerceRefundEventNotSupersededByRequestStatuses: Commerce
// documents no cancellation-request status values, so a refunded sum
// inflated by a rejection written under a status paykit does not know (7)
// never supersedes a genuine 부분취소: it stays a mismatch, refused so that
// Commerce delivers it again, instead of being acknowledged and lost.
func TestCommerceRefundEventNotSupersededByRequestStatuses(t *testing.T) {
	rig := newCommerceRigThrough(t, func(next http.RoundTripper) http.RoundTripper {
		return rewriteGets{next: next, path: "/order/cancel", pairs: []string{`"status":2,`, `"status":7,`}}
	})
	srv, admin := rig.srv, rig.client

	ref := commercePaidOrder(srv)
	ctx := context.Background()
	_, err := admin.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 3000, Immediately: true})
	require.NoError(t, err)
	st, ok := srv.Order(ref.OrderNumber)
	require.True(t, ok)
	partial := orderPaid(ref)
	partial.WebhookType, partial.Status, partial.ReceiptStatus, partial.CancelledPrice = "ORDER_PARTIAL_CANCELLED", int(st.Status), int(st.ReceiptStatus), 3000
	pending, err := admin.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 5000})
	require.NoError(t, err)
	_, err = admin.OrderCancellations.Reject(ctx, pending.ID, "거절")
	require.NoError(t, err)

	assert.Equal(t, http.StatusForbidden, rig.post(partial.JSON(), false).Code, "refused, so Commerce delivers it again")
	assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch)
	assert.NotErrorIs(t, rig.lastErr(), webhook.ErrSuperseded)
	assert.Equal(t, int32(0), rig.runs.Load())
}

// TestBootpaySupersededSaysWhatMoved: the ErrSuperseded of a Bootpay
// completion whose receipt is now cancelled in full names the fields that
// moved on, reaches the *bootpay.MismatchError, and does not cry forgery.
func TestBootpaySupersededSaysWhatMoved(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	_, err := rig.client.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rig.post(completed(rc).JSON(), false, "").Code)
	err = rig.errs[len(rig.errs)-1]
	assert.ErrorIs(t, err, webhook.ErrSuperseded)
	var mismatch *bootpay.MismatchError
	assert.ErrorAs(t, err, &mismatch)
	assert.NotContains(t, err.Error(), "위변조")
	assert.True(t, strings.Contains(err.Error(), "cancelled_price 0 -> "), err.Error())
}

// rewriteGets rewrites the answers to the GETs whose path contains path,
// each old text to its new one (pairs: old, new, old, new …): a gateway
// writing what the sandbox does not.
type rewriteGets struct {
	next  http.RoundTripper
	path  string
	pairs []string
}

func (rw rewriteGets) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := rw.next.RoundTrip(r)
	if err != nil || r.Method != http.MethodGet || !strings.Contains(r.URL.Path, rw.path) {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = []byte(strings.NewReplacer(rw.pairs...).Replace(string(b)))
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}

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
	rec := rig.redeliveredAfterRefund(t, ev, 3000)
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
	rec := rig.redeliveredAfterRefund(t, ev, 29900)
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

// redeliveredAfterRefund delivers ev while the callback fails (its first
// delivery), has Commerce refund amount of its order at once, and returns
// the answer to the redelivery of ev.
func (rig *commerceRig) redeliveredAfterRefund(t *testing.T, ev webhooktest.CommercePayload, amount int64) *httptest.ResponseRecorder {
	t.Helper()
	rig.fail.Store(1)
	require.Equal(t, http.StatusInternalServerError, rig.post(ev.JSON(), false).Code)
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ev.OrderNumber, Price: amount, Immediately: true})
	require.NoError(t, err)
	return rig.post(ev.JSON(), false)
}

// otherOrdersCancellations answers the cancellation list of one order with
// another order's requests, as a Commerce ignoring the order_number filter
// (whether it honours it is UNCONFIRMED) would answer with the store's.
type otherOrdersCancellations struct {
	next        http.RoundTripper
	from, other string
}

func (o otherOrdersCancellations) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet && r.URL.Path == "/v1/order/cancel" && r.URL.Query().Get("order_number") == o.from {
		r = r.Clone(r.Context())
		q := r.URL.Query()
		q.Set("order_number", o.other)
		r.URL.RawQuery = q.Encode()
	}
	return o.next.RoundTrip(r)
}

// newCommerceRigThrough is newCommerceRig whose lookup client goes
// through wrap (an admin client sets the sandbox up directly).
func newCommerceRigThrough(t *testing.T, wrap func(http.RoundTripper) http.RoundTripper) *commerceRig {
	t.Helper()
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	opts := []commerce.Option{commerce.WithBaseURL(srv.URL()), commerce.WithRetryPolicy(commerce.RetryPolicy{})}
	admin, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, append(opts, commerce.WithHTTPClient(srv.Client()))...)
	require.NoError(t, err)
	lookup, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		append(opts, commerce.WithHTTPClient(&http.Client{Transport: wrap(srv.Client().Transport)}))...)
	require.NoError(t, err)
	rig := &commerceRig{t: t, srv: srv, client: admin}
	rig.handler = webhook.CommerceHandler(webhook.CommerceLookup{Client: lookup}, rig.callback,
		webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}), webhook.WithErrorHook(rig.errorHook))
	return rig
}

// TestCommercePaidNotRefusedForAnotherOrdersRefunds: a paid event sums
// its order's cancellation requests. A list answered with another order's
// requests (a filter Commerce ignores: UNCONFIRMED whether it honours it)
// says nothing about this order: it is a lookup failure, answered 502 and
// delivered again, never summed into a refusal of a paid order.
func TestCommercePaidNotRefusedForAnotherOrdersRefunds(t *testing.T) {
	rig := newCommerceRigThrough(t, func(next http.RoundTripper) http.RoundTripper {
		return otherOrdersCancellations{next: next, from: "paid-order", other: "other-order"}
	})
	paid := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, OrderNumber: "paid-order", Metadata: map[string]any{"order_id": "merchant-42"}})
	other := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, OrderNumber: "other-order"})
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: other.OrderNumber, Price: 29900, Immediately: true})
	require.NoError(t, err)
	st, _ := rig.srv.Order(paid.OrderNumber)
	require.Equal(t, int64(0), st.CancelledPrice, "nothing of the paid order is refunded")

	rec := rig.post(orderPaid(paid).JSON(), false)
	if rec.Code == http.StatusOK {
		assert.Equal(t, int32(1), rig.runs.Load(), "acknowledged without running")
		return
	}
	assert.NotErrorIs(t, rig.lastErr(), webhook.ErrMismatch,
		"a paid order with nothing refunded refused as contradicting its event (%d): another order's refunds were summed", rec.Code)
	assert.Equal(t, http.StatusBadGateway, rec.Code, "a list about another order is a lookup failure")
}

// TestCommercePaidListFailureIsNoVerdict: a 404 from the cancellation
// list, about an order the lookup has just found, is a lookup failure
// (502), never "Commerce does not know the order" (a mismatch verdict).
func TestCommercePaidListFailureIsNoVerdict(t *testing.T) {
	rig := newCommerceRigThrough(t, func(next http.RoundTripper) http.RoundTripper { return next })
	ref := commercePaidOrder(rig.srv)
	rig.srv.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusNotFound,
		commercetest.ErrorBody(commercetest.CodeRouteNotFound, "")), -1)

	rec := rig.post(orderPaid(ref).JSON(), false)
	assert.Equal(t, int32(0), rig.runs.Load())
	assert.NotErrorIs(t, rig.lastErr(), webhook.ErrMismatch, "a failed cancellation list read as an order Commerce does not know")
	assert.Equal(t, http.StatusBadGateway, rec.Code)
}

// TestCommercePaymentCancelledIsNoSupersedingProof: only the order's own
// 취소완료 (status 10) supersedes an event. An order still at status 2
// whose payment reads cancelled (receipt_status 20, which may also mean a
// 부분취소, as a Bootpay receipt's status 20 does) never has a 부분취소
// acknowledged unrun: it is refused and delivered again.
func TestCommercePaymentCancelledIsNoSupersedingProof(t *testing.T) {
	rig := newCommerceRig(t)
	ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderPaid),
		ReceiptStatus: commercetest.Ptr(commerce.ReceiptCancelled)})
	partial := orderPaid(ref)
	partial.WebhookType, partial.CancelledPrice = "ORDER_PARTIAL_CANCELLED", 3000
	rec := rig.post(partial.JSON(), false)
	assert.NotEqual(t, http.StatusOK, rec.Code)
	assert.NotErrorIs(t, rig.lastErr(), webhook.ErrSuperseded)
	assert.Equal(t, int32(0), rig.runs.Load())
}
