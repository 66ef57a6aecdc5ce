package webhook_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
// moved on, each "event -> now" (webhook_type included), reaches the
// *bootpay.MismatchError, and does not cry forgery.
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
	assert.Contains(t, err.Error(), "webhook_type PAYMENT_COMPLETED -> PAYMENT_CANCELLED")
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
