package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// commerceHandlerOn is a CommerceHandler on rig's sandbox and callback
// with the Processor p, so that a test can run the browser-callback path
// on the same store first.
func commerceHandlerOn(rig *commerceRig, p *webhook.Processor) http.Handler {
	return webhook.CommerceHandler(webhook.CommerceLookup{Client: rig.client}, rig.callback,
		webhook.WithProcessor(p), webhook.WithErrorHook(rig.errorHook))
}

func postCommerce(t *testing.T, h http.Handler, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req, err := webhooktest.NewCommerceRequest("/webhooks/commerce", body, false)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// browserFulfilled runs the browser-callback path's fulfilment of an order
// on p, as examples/commerce-checkout does after Orders.Verify, and
// returns how many times it ran.
func browserFulfilled(t *testing.T, p *webhook.Processor, orderNumber string) int {
	t.Helper()
	n := 0
	_, err := p.Process(context.Background(), webhook.CommercePaidKey(orderNumber), func(context.Context) error { n++; return nil })
	require.NoError(t, err)
	return n
}

// TestCommercePaymentWebhookSharesTheBrowserPathsKey: the browser-callback
// path fulfils an order under CommercePaidKey(order_number) once
// Orders.Verify accepted it (any paid status: 2, 3 or 8); every webhook
// reporting that order's payment then runs nothing, however it names the
// order (order_number, order_id only) and whatever kind it carries or its
// status implies (ORDER_PAID, SUBSCRIPTION_PAID, untyped at status 3): the
// key is the looked-up order's number, read after the lookup.
func TestCommercePaymentWebhookSharesTheBrowserPathsKey(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  commerce.OrderStatus
		payload func(commercetest.OrderRef) webhooktest.CommercePayload
	}{
		{"ORDER_PAID naming the order_id only", commerce.OrderPaid, func(ref commercetest.OrderRef) webhooktest.CommercePayload {
			p := orderPaid(ref)
			p.OrderNumber = ""
			return p
		}},
		{"untyped, status 3 (구독 결제완료)", commerce.OrderSubscriptionDone, func(ref commercetest.OrderRef) webhooktest.CommercePayload {
			p := orderPaid(ref)
			p.WebhookType, p.Status = "", int(commerce.OrderSubscriptionDone)
			return p
		}},
		{"SUBSCRIPTION_PAID naming the order_id only", commerce.OrderSubscriptionDone, func(ref commercetest.OrderRef) webhooktest.CommercePayload {
			p := orderPaid(ref)
			p.WebhookType, p.Status, p.OrderNumber = "subscription.paid", int(commerce.OrderSubscriptionDone), ""
			return p
		}},
		{"untyped, status 8 (구매확정)", commerce.OrderPurchaseConfirmed, func(ref commercetest.OrderRef) webhooktest.CommercePayload {
			p := orderPaid(ref)
			p.WebhookType, p.Status = "", int(commerce.OrderPurchaseConfirmed)
			return p
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newCommerceRig(t)
			ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(tc.status)})
			p := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}
			require.Equal(t, 1, browserFulfilled(t, p, ref.OrderNumber))

			rec := postCommerce(t, commerceHandlerOn(rig, p), tc.payload(ref).JSON())
			require.Equal(t, http.StatusOK, rec.Code, "%v", rig.errs)
			assert.Equal(t, 1, rig.lookups(), "the webhook was looked up")
			assert.Equal(t, int32(0), rig.runs.Load(), "the order was fulfilled by the browser path and again by its webhook")
		})
	}
}

// TestCommercePaymentWebhookFirstThenBrowserRunsOnce: the other order of
// arrival. A webhook naming the order by order_id only runs first, keyed
// CommercePaidKey of the looked-up order's number, so the browser path
// that follows runs nothing.
func TestCommercePaymentWebhookFirstThenBrowserRunsOnce(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	p := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}
	ev := orderPaid(ref)
	ev.OrderNumber = ""
	require.Equal(t, http.StatusOK, postCommerce(t, commerceHandlerOn(rig, p), ev.JSON()).Code, "%v", rig.errs)
	require.Equal(t, int32(1), rig.runs.Load())
	assert.Equal(t, webhook.CommercePaidKey(ref.OrderNumber), rig.got[0].Key)
	assert.Equal(t, 0, browserFulfilled(t, p, ref.OrderNumber), "the browser path ran the order again")
}

// TestCommerceRenewalOrderIsNotSwallowed: a subscription's renewal that
// Commerce records as its own order (its own order_number, status 3) is
// its own payment: after the first order was fulfilled on the browser
// path, the renewal's SUBSCRIPTION_PAID (typed or untyped) still runs,
// once.
func TestCommerceRenewalOrderIsNotSwallowed(t *testing.T) {
	rig := newCommerceRig(t)
	sub := []commercetest.SubscriptionSpec{{Status: commerce.SubscriptionActive, CurrentDuration: 1, TotalDuration: -1}}
	first := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderSubscriptionDone), Subscriptions: sub})
	sub[0].CurrentDuration = 2
	renewal := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderSubscriptionDone), Subscriptions: sub})
	p := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}
	require.Equal(t, 1, browserFulfilled(t, p, first.OrderNumber))
	h := commerceHandlerOn(rig, p)

	for _, typ := range []string{"", "SUBSCRIPTION_PAID"} {
		for _, ref := range []commercetest.OrderRef{first, renewal} {
			ev := orderPaid(ref)
			ev.WebhookType, ev.Status = typ, int(commerce.OrderSubscriptionDone)
			require.Equal(t, http.StatusOK, postCommerce(t, h, ev.JSON()).Code, "%v", rig.errs)
		}
	}
	require.Equal(t, int32(1), rig.runs.Load(), "the renewal runs once, the first order not again")
	assert.Equal(t, renewal.OrderNumber, rig.got[0].Order.OrderNumber)
	assert.Equal(t, webhook.CommercePaidKey(renewal.OrderNumber), rig.got[0].Key)
}

// TestCommerceVerifiedKeyFollowsTheOrder: the key a delivery is processed
// under comes from the looked-up order, so that two payloads naming one
// order differently (order_id, order_number, both) are one event, and a
// paid event's key is CommercePaidKey of the order's number whatever its
// kind; without an order it is Key.
func TestCommerceVerifiedKeyFollowsTheOrder(t *testing.T) {
	o := &commerce.Order{OrderID: "oid", OrderNumber: "25071182085082524116", Price: 1000, Status: commerce.OrderPaid}
	decode := func(body string) *webhook.CommerceEvent {
		ev, err := webhook.DecodeCommerceEvent("", []byte(body))
		require.NoError(t, err, body)
		return ev
	}
	paid := webhook.CommercePaidKey(o.OrderNumber)
	for _, body := range []string{
		`{"order_id":"oid","price":1000,"status":2}`,
		`{"order_id":"oid","price":1000,"status":3}`,
		`{"order_id":"oid","order_number":"25071182085082524116","price":1000,"status":3,"webhook_type":"SUBSCRIPTION_PAID"}`,
		`{"order_number":"25071182085082524116","price":1000,"status":8,"event":"order.paid"}`,
	} {
		assert.Equal(t, paid, decode(body).VerifiedKey(o), body)
	}
	byID := decode(`{"order_id":"oid","price":1000,"status":10}`)
	byNumber := decode(`{"order_number":"25071182085082524116","price":1000,"status":10,"cancelled_price":1000}`)
	assert.Equal(t, byNumber.VerifiedKey(o), byID.VerifiedKey(o), "one full cancellation, named two ways")
	assert.NotEqual(t, paid, byID.VerifiedKey(o))
	partial := decode(`{"order_id":"oid","price":1000,"status":2,"cancelled_price":300}`)
	assert.Equal(t, decode(`{"order_number":"25071182085082524116","price":1000,"status":2,"cancelled_price":300}`).Key(), partial.VerifiedKey(o))
	assert.Equal(t, byID.Key(), byID.VerifiedKey(nil), "no order: the event's own key")
}

// TestCommerceFullCancelNamingItsAmountAcceptedOnTheOrdersState: an order
// Commerce shows cancelled in full (취소완료, its payment cancelled) whose
// cancellation requests do not show the refund (the list lags the order,
// or the refund was made where no request records it). Its ORDER_CANCELLED
// is accepted on the order's state, naming cancelled_price = price or no
// amount alike: it runs once (both are one event), and the list is not
// read. One naming another amount is no claim the order's state proves:
// it is still checked against the list, and refused.
func TestCommerceFullCancelNamingItsAmountAcceptedOnTheOrdersState(t *testing.T) {
	for _, status := range []struct {
		name    string
		order   commerce.OrderStatus
		receipt commerce.ReceiptStatus
	}{
		{"취소완료", commerce.OrderCancelled, commerce.ReceiptCancelled},
		{"payment cancelled, order still paid", commerce.OrderPaid, commerce.ReceiptCancelled},
	} {
		t.Run(status.name, func(t *testing.T) {
			rig := newCommerceRig(t)
			ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, CancelledPrice: 29900,
				Status: commercetest.Ptr(status.order), ReceiptStatus: commercetest.Ptr(status.receipt)})
			ev := orderPaid(ref)
			ev.WebhookType, ev.Status, ev.ReceiptStatus, ev.CancelledPrice = "ORDER_CANCELLED", int(status.order), int(status.receipt), 29900

			require.Equal(t, http.StatusOK, rig.post(ev.JSON(), false).Code,
				"a genuine full cancellation of an order shown cancelled was refused: %v", rig.errs)
			unnamed := ev
			unnamed.CancelledPrice = 0
			require.Equal(t, http.StatusOK, rig.post(unnamed.JSON(), false).Code, "the same event naming no amount: %v", rig.errs)
			assert.Equal(t, int32(1), rig.runs.Load(), "one cancellation, run once")
			assert.Equal(t, 0, rig.srv.Stats().Requests[commercetest.OpCancelList], "the order's state is the proof")

			other := ev
			other.CancelledPrice = 10000
			assert.Equal(t, http.StatusForbidden, rig.post(other.JSON(), false).Code, "another amount")
			assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch)
			assert.Equal(t, 1, rig.srv.Stats().Requests[commercetest.OpCancelList], "another amount is summed")
			assert.Equal(t, int32(1), rig.runs.Load())
		})
	}
}

// TestCommerceUntypedCancellationRunsOnce: an untyped payload of an order
// whose payment is cancelled (receipt_status 20) while its order status
// still reads paid — cancelled in full, as the lookup judges the order —
// is an ORDER_CANCELLED, not an ORDER_PAID superseded by the very
// cancellation it reports: its callback runs, as the same body typed
// ORDER_CANCELLED does, and under the same key.
func TestCommerceUntypedCancellationRunsOnce(t *testing.T) {
	var keys []string
	for _, typ := range []string{"ORDER_CANCELLED", ""} {
		rig := newCommerceRig(t)
		ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, OrderNumber: "25071182085082524116",
			ReceiptStatus: commercetest.Ptr(commerce.ReceiptCancelled)})
		ev := orderPaid(ref)
		ev.WebhookType, ev.ReceiptStatus = typ, int(commerce.ReceiptCancelled)
		require.Equal(t, http.StatusOK, rig.post(ev.JSON(), false).Code, "%q: %v", typ, rig.errs)
		require.Equal(t, http.StatusOK, rig.post(ev.Form(), true).Code, "%q, redelivered as a form: %v", typ, rig.errs)
		require.Equal(t, int32(1), rig.runs.Load(), "%q: acknowledged unrun or run twice: %v", typ, rig.errs)
		assert.Empty(t, rig.errs, typ)
		keys = append(keys, rig.got[0].Key)
	}
	assert.Equal(t, keys[0], keys[1], "typed and untyped are one event")
}

// TestCommerceKindReadsAPaymentCancelledAsCancelled: without a kind
// member, receipt_status 20 (결제취소 완료) reads ORDER_CANCELLED before
// any paid status does, unless the payload names a cancelled amount below
// the price, which stays a 부분취소.
func TestCommerceKindReadsAPaymentCancelledAsCancelled(t *testing.T) {
	for body, want := range map[string]webhook.CommerceEventKind{
		`{"order_id":"o","price":1000,"status":2,"receipt_status":20}`:                             webhook.CommerceOrderCancelled,
		`{"order_id":"o","price":1000,"status":3,"receipt_status":20}`:                             webhook.CommerceOrderCancelled,
		`{"order_id":"o","price":1000,"status":8,"receipt_status":20,"cancelled_price":1000}`:      webhook.CommerceOrderCancelled,
		`{"order_id":"o","price":1000,"status":2,"receipt_status":20,"cancelled_price":300}`:       webhook.CommerceOrderPartialCancelled,
		`{"order_id":"o","price":1000,"status":2,"receipt_status":1}`:                              webhook.CommerceOrderPaid,
		`{"order_id":"o","price":1000,"status":2,"receipt_status":20,"webhook_type":"ORDER_PAID"}`: webhook.CommerceOrderPaid,
	} {
		ev, err := webhook.DecodeCommerceEvent("", []byte(body))
		require.NoError(t, err, body)
		assert.Equal(t, want, ev.Kind(), body)
	}
}
