package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
)

// TestCommerceForgedKindCannotSpendARefundKey: Commerce's webhooks are
// unsigned, and a body whose every field is copied from the order passes
// the lookup. Its kind must not be able to spell a named kind's key:
// "order_partial_cancelled:3000" once read as the key of the genuine
// 부분취소 that brings the refunded sum to 3000, so the genuine webhook was
// acknowledged unrun. Such a kind is ignored: the post is read as the kind
// its status implies (ORDER_PAID, under the browser path's key), and the
// genuine 부분취소 still reaches the callback under its own key.
func TestCommerceForgedKindCannotSpendARefundKey(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)

	forged := orderPaid(ref)
	forged.WebhookType = "order_partial_cancelled:3000"
	require.Equal(t, http.StatusOK, rig.post(forged.JSON(), false).Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(forged.Form(), true).Code, "%v", rig.errs)
	require.Len(t, rig.got, 1, "the forged post is the order's payment, run once")
	assert.Equal(t, webhook.CommerceOrderPaid, rig.got[0].Event.Kind())
	assert.Equal(t, webhook.CommercePaidKey(ref.OrderNumber), rig.got[0].Key)

	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 3000, Immediately: true})
	require.NoError(t, err)
	genuine := orderPaid(ref)
	genuine.WebhookType, genuine.CancelledPrice = "ORDER_PARTIAL_CANCELLED", 3000
	require.Equal(t, http.StatusOK, rig.post(genuine.JSON(), false).Code, "%v", rig.errs)
	require.Len(t, rig.got, 2, "the genuine 부분취소 must reach the callback")
	assert.Equal(t, webhook.CommerceOrderPartialCancelled, rig.got[1].Event.Kind())
	assert.Equal(t, `commerce:order:`+strconv.Quote(ref.OrderNumber)+`:ORDER_PARTIAL_CANCELLED:3000`, rig.got[1].Key)
}

// TestCommerceKindSpelling: a kind that reads [A-Z0-9_]+ once normalized
// is the event's kind (the spellings normalization exists for); any other
// is ignored, and the order status names the event, so that neither a
// forgery can spell part of a key nor a genuine event named unexpectedly
// is refused for ever.
func TestCommerceKindSpelling(t *testing.T) {
	body := func(kind string) []byte {
		return []byte(`{"order_number":"N","price":1000,"status":2,"webhook_type":` + strconv.Quote(kind) + `}`)
	}
	for kind, want := range map[string]webhook.CommerceEventKind{
		"order.paid": webhook.CommerceOrderPaid, "Order-Paid": webhook.CommerceOrderPaid,
		"order canceled": webhook.CommerceOrderCancelled, "x1": "X1", "order_shipped_2": "ORDER_SHIPPED_2",
		`order_partial_cancelled:3000`: webhook.CommerceOrderPaid, `SUBSCRIPTION_PAUSED:"sub-1"`: webhook.CommerceOrderPaid,
		`ORDER/PAID`: webhook.CommerceOrderPaid, `결제완료`: webhook.CommerceOrderPaid, `ORDER_PAID\n`: webhook.CommerceOrderPaid,
	} {
		ev, err := webhook.DecodeCommerceEvent("application/json", body(kind))
		if assert.NoError(t, err, kind) {
			assert.Equal(t, want, ev.Kind(), kind)
		}
	}
}

// TestCommerceUnnamedKindsKeyedByOrderState: the same forgery with the kind
// varied ("x0", "x1", …) once made a new process-once key per post for one
// order, so a bounded Store filled and refused every genuine event (503),
// any gateway's sharing it. An unnamed kind is keyed by the looked-up
// order's state: the forged posts share one key (the callback runs once,
// the rest are acknowledged as redeliveries), the Store holds one key, and
// a genuine payment of another order is still processed.
func TestCommerceUnnamedKindsKeyedByOrderState(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithRetryPolicy(commerce.RetryPolicy{}), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	rig := &commerceRig{t: t, srv: srv, client: client}
	const capacity = 4
	store := webhook.NewMemoryStore(webhook.MemoryConfig{Capacity: capacity})
	rig.handler = webhook.CommerceHandler(webhook.CommerceLookup{Client: client}, rig.callback,
		webhook.WithProcessor(&webhook.Processor{Store: store}), webhook.WithErrorHook(rig.errorHook))

	victim := commercePaidOrder(srv)
	for i := range 2 * capacity {
		forged := orderPaid(victim)
		forged.WebhookType = sprintf("x%d", i)
		require.Equal(t, http.StatusOK, rig.post(forged.JSON(), false).Code, "%v", rig.errs)
	}
	require.Len(t, rig.got, 1, "the forged kinds share one key")
	assert.Equal(t, `commerce:order:`+strconv.Quote(victim.OrderNumber)+`:unnamed:2:1:0`, rig.got[0].Key)
	assert.Equal(t, 1, store.Len())

	genuine := commercePaidOrder(srv)
	require.Equal(t, http.StatusOK, rig.post(orderPaid(genuine).JSON(), false).Code, "%v", rig.errs)
	require.Len(t, rig.got, 2)
	assert.Equal(t, webhook.CommercePaidKey(genuine.OrderNumber), rig.got[1].Key)

	// A real change of the order's state is the only way to a new key.
	_, err = client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: victim.OrderNumber, Price: 3000, Immediately: true})
	require.NoError(t, err)
	for i := range 2 {
		forged := orderPaid(victim)
		forged.WebhookType, forged.CancelledPrice = sprintf("y%d", i), 3000
		require.Equal(t, http.StatusOK, rig.post(forged.JSON(), false).Code, "%v", rig.errs)
	}
	require.Len(t, rig.got, 3)
	assert.Equal(t, `commerce:order:`+strconv.Quote(victim.OrderNumber)+`:unnamed:2:1:3000`, rig.got[2].Key)
}

// TestCommerceUnnamedKeyNeverANamedOne: the key of an unnamed kind (typed,
// or the STATUS_<n> of an unknown status) is the state key, and differs
// from every named kind's key of the same order.
func TestCommerceUnnamedKeyNeverANamedOne(t *testing.T) {
	dec := func(body string) *webhook.CommerceEvent {
		ev, err := webhook.DecodeCommerceEvent("application/json", []byte(body))
		require.NoError(t, err, body)
		return ev
	}
	unnamed := dec(`{"order_number":"N","price":1000,"status":2,"receipt_status":1,"cancelled_price":300,"webhook_type":"ORDER_PARTIAL_CANCELLED_300"}`)
	assert.Equal(t, `commerce:order:"N":unnamed:2:1:300`, unnamed.Key())
	assert.Equal(t, `commerce:order:"N":unnamed:11:0:0`, dec(`{"order_number":"N","price":1000,"status":11}`).Key())
	// VerifiedKey reads the state from the looked-up order.
	assert.Equal(t, `commerce:order:"N":unnamed:3:20:300`,
		unnamed.VerifiedKey(&commerce.Order{OrderNumber: "N", Status: commerce.OrderSubscriptionDone, ReceiptStatus: commerce.ReceiptCancelled}))
	named := dec(`{"order_number":"N","price":1000,"status":2,"receipt_status":1,"cancelled_price":300,"webhook_type":"ORDER_PARTIAL_CANCELLED"}`)
	assert.Equal(t, `commerce:order:"N":ORDER_PARTIAL_CANCELLED:300`, named.Key())
}

// TestCommerceKindNeverPrintsACardNumber: a kind is the sender's own text;
// one carrying a card number prints it masked.
func TestCommerceKindNeverPrintsACardNumber(t *testing.T) {
	ev, err := webhook.DecodeCommerceEvent("application/json",
		[]byte(`{"order_number":"N","price":1000,"status":2,"webhook_type":"card 4111111111111111"}`))
	require.NoError(t, err)
	for _, text := range []string{ev.WebhookType.String(), fmt.Sprintf("%v %+v %#v", ev, ev, ev.WebhookType)} {
		assert.NotContains(t, text, "4111111111111111")
	}
}
