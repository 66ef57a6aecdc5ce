package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// commerceRig is a CommerceHandler looking orders up in the Commerce
// sandbox.
type commerceRig struct {
	t       *testing.T
	srv     *commercetest.Server
	client  *commerce.Client
	handler http.Handler
	callbackRig[*webhook.CommerceDelivery]
}

func newCommerceRig(t *testing.T) *commerceRig {
	return newCommerceRigThrough(t, func(next http.RoundTripper) http.RoundTripper { return next })
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

func (rig *commerceRig) post(body []byte, form bool) *httptest.ResponseRecorder {
	req, err := webhooktest.NewCommerceRequest("/webhooks/commerce", body, form)
	require.NoError(rig.t, err)
	rec := httptest.NewRecorder()
	rig.handler.ServeHTTP(rec, req)
	return rec
}

func (rig *commerceRig) lastErr() error {
	rig.mu.Lock()
	defer rig.mu.Unlock()
	require.NotEmpty(rig.t, rig.errs)
	return rig.errs[len(rig.errs)-1]
}

func (rig *commerceRig) lookups() int {
	return rig.srv.Stats().Requests[commercetest.OpOrderGet]
}

func commercePaidOrder(srv *commercetest.Server) commercetest.OrderRef {
	return srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Metadata: map[string]any{"order_id": "merchant-42"}})
}

func orderPaid(ref commercetest.OrderRef) webhooktest.CommercePayload {
	return webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
		Price: 29900, Status: int(commerce.OrderPaid), ReceiptStatus: int(commerce.ReceiptPaid)}
}

// TestCommerceHandlerPaid: a genuine ORDER_PAID, as JSON and as a form, is
// looked up, handed over with the order (and its metadata), and
// acknowledged 200 {"success":true}; its redelivery is looked up again but
// runs nothing.
func TestCommerceHandlerPaid(t *testing.T) {
	for _, form := range []bool{false, true} {
		rig := newCommerceRig(t)
		ref := commercePaidOrder(rig.srv)
		body := orderPaid(ref).JSON()
		if form {
			body = orderPaid(ref).Form()
		}
		rec := rig.post(body, form)
		require.Equal(t, http.StatusOK, rec.Code, "form %v: %v", form, rig.errs)
		assert.Equal(t, `{"success":true}`, rec.Body.String())
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
		require.Len(t, rig.got, 1)
		assert.Equal(t, ref.OrderID, rig.got[0].Order.OrderID)
		assert.Equal(t, "merchant-42", rig.got[0].Order.Metadata.String("order_id"))
		assert.Equal(t, webhook.CommercePaidKey(ref.OrderNumber), rig.got[0].Key)

		assert.Equal(t, http.StatusOK, rig.post(body, form).Code)
		assert.Equal(t, int32(1), rig.runs.Load(), "the redelivery ran nothing")
		assert.Equal(t, 2, rig.lookups(), "each delivery was looked up")
	}
}

// TestCommerceHandlerRefusals: a tampered amount, another order's number,
// an unknown order and a kind the order's state contradicts are answered
// 403 after the lookup, with the fields named; a cancellation of an order
// still paid, and a 부분취소 of more than the order shows refunded (both
// ahead of the record), are answered 502 so that Commerce delivers them
// again; the callback never runs.
func TestCommerceHandlerRefusals(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	other := commercePaidOrder(rig.srv)
	tampered := orderPaid(ref)
	tampered.Price = 100
	crossed := orderPaid(ref)
	crossed.OrderNumber = other.OrderNumber
	unknown := orderPaid(ref)
	unknown.OrderNumber, unknown.OrderID = "99999999999999999999", ""
	cancelled := orderPaid(ref)
	cancelled.WebhookType, cancelled.Status = "ORDER_CANCELLED", int(commerce.OrderCancelled)

	check := func(p webhooktest.CommercePayload, fields ...string) {
		t.Helper()
		checkAnswer(t, rig, p, http.StatusForbidden, webhook.ErrMismatch, fields...)
	}
	notCaughtUp := func(p webhooktest.CommercePayload, fields ...string) {
		t.Helper()
		checkAnswer(t, rig, p, http.StatusBadGateway, webhook.ErrNotCaughtUp, fields...)
		assert.NotErrorIs(t, rig.lastErr(), webhook.ErrUnverified)
	}
	check(tampered, "price")
	check(crossed, "order_id")
	check(unknown)
	assert.ErrorIs(t, rig.lastErr(), commerce.ErrNotFound)
	notCaughtUp(cancelled, "status", "webhook_type")

	// A kind the order's state contradicts, every field copied from it: an
	// order awaiting its deposit is not paid.
	waiting := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderDepositWait),
		ReceiptStatus: commercetest.Ptr(commerce.ReceiptVirtualAccount)})
	early := orderPaid(waiting)
	early.Status, early.ReceiptStatus = int(commerce.OrderDepositWait), int(commerce.ReceiptVirtualAccount)
	check(early, "webhook_type")

	// More refunded than the order shows (its record may lag the webhook):
	// not caught up, answered so that Commerce delivers it again.
	_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 9900, Immediately: true})
	require.NoError(t, err)
	ahead := orderPaid(ref)
	ahead.WebhookType, ahead.CancelledPrice = "ORDER_PARTIAL_CANCELLED", 20000
	notCaughtUp(ahead, "cancelled_price")
	assert.NotErrorIs(t, rig.lastErr(), webhook.ErrSuperseded)

	assert.Equal(t, int32(0), rig.runs.Load())
	missing := orderPaid(ref)
	missing.Price = 0
	assert.Equal(t, http.StatusBadRequest, rig.post(missing.JSON(), false).Code)
	assert.Equal(t, 6, rig.lookups(), "the undecodable body was never looked up")
}

// checkAnswer posts p and checks the answer's status, the reason reported
// and the fields its *commerce.MismatchError names.
func checkAnswer(t *testing.T, rig *commerceRig, p webhooktest.CommercePayload, status int, reason error, fields ...string) {
	t.Helper()
	rec := rig.post(p.JSON(), false)
	assert.Equal(t, status, rec.Code, "%+v", p)
	assert.Equal(t, http.StatusText(status)+"\n", rec.Body.String())
	err := rig.lastErr()
	assert.ErrorIs(t, err, reason)
	var mismatch *commerce.MismatchError
	if len(fields) > 0 && assert.ErrorAs(t, err, &mismatch) {
		for _, f := range fields {
			assert.True(t, mismatch.Has(f), "%s in %v", f, err)
		}
	}
}

// TestCommerceHandlerRefunds: seed 001 keeps its refund state in step
// through webhooks. Two 부분취소 of one order are two events and each runs
// once (a redelivery, JSON or form, runs nothing); the final cancel is a
// third, with and without its amount; a stale redelivery of the first
// partial refund is refused while the order is still paid in part, and
// acknowledged as superseded once it is cancelled in full; it is never
// applied again. A failed lookup of the cancellation requests is a 502.
func TestCommerceHandlerRefunds(t *testing.T) {
	rig := newCommerceRig(t)
	ref := commercePaidOrder(rig.srv)
	refund := func(amount int64) webhooktest.CommercePayload {
		_, err := rig.client.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, Price: amount, Immediately: true})
		require.NoError(t, err)
		st, ok := rig.srv.Order(ref.OrderNumber)
		require.True(t, ok)
		p := orderPaid(ref)
		p.WebhookType, p.Status, p.ReceiptStatus, p.CancelledPrice = "ORDER_PARTIAL_CANCELLED", int(st.Status), int(st.ReceiptStatus), st.CancelledPrice
		if st.Status == commerce.OrderCancelled {
			p.WebhookType = "ORDER_CANCELLED"
		}
		return p
	}
	first := refund(3000)
	rig.srv.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusServiceUnavailable, ""), 1)
	assert.Equal(t, http.StatusBadGateway, rig.post(first.JSON(), false).Code, "the cancellation requests could not be read")
	assert.Equal(t, int32(0), rig.runs.Load())
	assert.Equal(t, http.StatusOK, rig.post(first.JSON(), false).Code, "%v", rig.errs)
	assert.Equal(t, http.StatusOK, rig.post(first.Form(), true).Code)
	second := refund(6900)
	assert.Equal(t, http.StatusOK, rig.post(second.JSON(), false).Code, "%v", rig.errs)
	assert.Equal(t, http.StatusOK, rig.post(second.JSON(), false).Code)
	// Refunded again since, in part: only the order's own cancelled state
	// supersedes an event (the sum comes from request statuses Commerce
	// does not document), so this stays a mismatch, delivered again.
	assert.Equal(t, http.StatusForbidden, rig.post(first.JSON(), false).Code, "stale: refunded again since")
	assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch)
	full := refund(20000)
	assert.Equal(t, http.StatusOK, rig.post(full.JSON(), false).Code, "%v", rig.errs)
	noAmount := full
	noAmount.CancelledPrice = 0
	assert.Equal(t, http.StatusOK, rig.post(noAmount.Form(), true).Code, "the same full cancel without its amount")
	assert.Equal(t, int32(3), rig.runs.Load())

	assert.Equal(t, http.StatusOK, rig.post(first.JSON(), false).Code, "stale")
	assert.ErrorIs(t, rig.lastErr(), webhook.ErrSuperseded)
	assert.Equal(t, int32(3), rig.runs.Load())
	keys := map[string]bool{}
	for _, d := range rig.got {
		keys[d.Key] = true
	}
	assert.Len(t, keys, 3)
	assert.Equal(t, 3, rig.srv.Stats().CancellationsApplied)
}

// TestCommerceHandlerSubscription: a subscription's pause is trusted only
// when the order lists that subscription paused.
func TestCommerceHandlerSubscription(t *testing.T) {
	rig := newCommerceRig(t)
	ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderSubscriptionDone),
		Subscriptions: []commercetest.SubscriptionSpec{{Status: commerce.SubscriptionPaused, CurrentDuration: 2, TotalDuration: -1}}})
	o, err := rig.client.Orders.Get(context.Background(), ref.OrderNumber)
	require.NoError(t, err)
	subID := o.OrderSubscriptions.Subscriptions[0].OrderSubscriptionID
	p := orderPaid(ref)
	p.WebhookType, p.Status, p.OrderSubscriptionID = "subscription.paused", int(commerce.OrderSubscriptionDone), subID
	assert.Equal(t, http.StatusOK, rig.post(p.JSON(), false).Code, "%v", rig.errs)
	p.WebhookType = "SUBSCRIPTION_TERMINATED"
	assert.Equal(t, http.StatusForbidden, rig.post(p.JSON(), false).Code)
	var mismatch *commerce.MismatchError
	require.ErrorAs(t, rig.lastErr(), &mismatch)
	assert.True(t, mismatch.Has("webhook_type"))
	assert.Equal(t, int32(1), rig.runs.Load())
	assert.Equal(t, 0, rig.srv.Stats().Requests[commercetest.OpCancelList], "subscription events sum no refunds")
}

// A Commerce order event with members paykit does not name (user with a
// phone number, products) and codes as strings.
const commerceDocBody = `{"webhook_type":"order.paid","order_id":"68707c59b0eacea5cd974efd","order_number":"25071182085082524116","order_name":"구독상품 - 1회차","price":"2800","status":"2","receipt_status":1,"receipt_id":"68707c598bbe23d076af189c","user":{"phone":"01012345678"},"products":[{"product_id":"p1","quantity":1}]}`

// TestDecodeCommerceEvent: the JSON body and its form twin decode to the
// same event; codes and amounts are read from strings or numbers; the kind
// is normalized; unknown members stay in the raw body, which no printing
// shows.
func TestDecodeCommerceEvent(t *testing.T) {
	ev, err := webhook.DecodeCommerceEvent("application/json", []byte(commerceDocBody))
	require.NoError(t, err)
	assert.Equal(t, webhook.CommerceOrderPaid, ev.WebhookType)
	assert.Equal(t, "25071182085082524116", ev.OrderNumber)
	assert.Equal(t, commerce.Amount(2800), ev.Price)
	assert.Equal(t, commerce.OrderPaid, ev.Status)
	assert.Equal(t, commerce.ReceiptPaid, ev.ReceiptStatus)
	assert.Equal(t, commerceDocBody, string(ev.RawBody()))
	for _, f := range []string{"%v", "%+v", "%#v"} {
		assert.NotContains(t, sprintf(f, ev), "01012345678")
	}

	form := "webhook_type=ORDER_PAID&order_id=68707c59b0eacea5cd974efd&order_number=25071182085082524116&order_name=%EA%B5%AC%EB%8F%85%EC%83%81%ED%92%88+-+1%ED%9A%8C%EC%B0%A8&price=2800.0&status=2&receipt_status=1&receipt_id=68707c598bbe23d076af189c"
	fev, err := webhook.DecodeCommerceEvent("application/x-www-form-urlencoded; charset=UTF-8", []byte(form))
	require.NoError(t, err)
	assert.Equal(t, []any{ev.WebhookType, ev.OrderID, ev.OrderNumber, ev.OrderName, ev.Price, ev.Status, ev.ReceiptStatus, ev.ReceiptID},
		[]any{fev.WebhookType, fev.OrderID, fev.OrderNumber, fev.OrderName, fev.Price, fev.Status, fev.ReceiptStatus, fev.ReceiptID})
	assert.Equal(t, ev.Key(), fev.Key())
	assert.Equal(t, webhook.CommercePaidKey("25071182085082524116"), ev.Key())
}

// TestCommerceKinds: the kind members and their spellings, numbers as
// kinds, and an unknown kind that still decodes.
func TestCommerceKinds(t *testing.T) {
	for _, tc := range []struct {
		member, value string
		want          webhook.CommerceEventKind
	}{
		{"webhook_type", `"ORDER_PAID"`, webhook.CommerceOrderPaid},
		{"event_type", `"order.canceled"`, webhook.CommerceOrderCancelled},
		{"event", `"order-refunded"`, webhook.CommerceOrderCancelled},
		{"event", `"order.partial_refunded"`, webhook.CommerceOrderPartialCancelled},
		{"webhook_type", `"subscription.paused"`, webhook.CommerceSubscriptionPaused},
		{"webhook_type", `"ORDER_SHIPPED"`, webhook.CommerceEventKind("ORDER_SHIPPED")},
		{"webhook_type", `7`, webhook.CommerceEventKind("7")},
	} {
		ev, err := webhook.DecodeCommerceEvent("", []byte(`{"order_id":"o","price":1000,"status":2,"`+tc.member+`":`+tc.value+`}`))
		require.NoError(t, err, tc.value)
		assert.Equal(t, tc.want, ev.WebhookType, tc.value)
	}
	assert.True(t, webhook.CommerceOrderPartialCancelled.IsKnown())
	assert.Equal(t, "order partially cancelled (부분취소)", webhook.CommerceOrderPartialCancelled.String())
	assert.False(t, webhook.CommerceEventKind("ORDER_SHIPPED").IsKnown())
	assert.Equal(t, `CommerceEventKind("ORDER_SHIPPED")`, webhook.CommerceEventKind("ORDER_SHIPPED").String())
}

// TestCommerceKindFromStatus: without a kind member the status decides,
// a paid status with a cancelled amount being a 부분취소.
func TestCommerceKindFromStatus(t *testing.T) {
	for body, want := range map[string]webhook.CommerceEventKind{
		`{"order_id":"o","price":1000,"status":2}`:                         webhook.CommerceOrderPaid,
		`{"order_id":"o","price":1000,"status":8}`:                         webhook.CommerceOrderPaid,
		`{"order_id":"o","price":1000,"status":3}`:                         webhook.CommerceSubscriptionPaid,
		`{"order_id":"o","price":1000,"status":1}`:                         webhook.CommerceOrderVirtualAccountIssued,
		`{"order_id":"o","price":1000,"status":10}`:                        webhook.CommerceOrderCancelled,
		`{"order_id":"o","price":1000,"status":2,"cancelled_price":300}`:   webhook.CommerceOrderPartialCancelled,
		`{"order_id":"o","price":1000,"status":10,"cancelled_price":1000}`: webhook.CommerceOrderCancelled,
		`{"order_id":"o","price":1000,"status":11}`:                        "STATUS_11",
	} {
		ev, err := webhook.DecodeCommerceEvent("", []byte(body))
		require.NoError(t, err, body)
		assert.Equal(t, want, ev.Kind(), body)
	}
}

// TestCommerceKeys: a partial refund and a full one differ, so do two
// partial refunds and two kinds of one order; a full cancellation with or
// without its amount, and a partial one with or without its kind member,
// are one event.
func TestCommerceKeys(t *testing.T) {
	key := func(body string) string {
		ev, err := webhook.DecodeCommerceEvent("", []byte(body))
		require.NoError(t, err, body)
		return ev.Key()
	}
	paid := key(`{"order_number":"n","price":1000,"status":2}`)
	partA := key(`{"order_number":"n","price":1000,"status":2,"cancelled_price":300}`)
	partB := key(`{"order_number":"n","price":1000,"status":2,"cancelled_price":500}`)
	full := key(`{"order_number":"n","price":1000,"status":10}`)
	vbank := key(`{"order_number":"n","price":1000,"status":1}`)
	keys := map[string]bool{paid: true, partA: true, partB: true, full: true, vbank: true}
	assert.Len(t, keys, 5)
	assert.Equal(t, full, key(`{"order_number":"n","price":1000,"status":10,"cancelled_price":1000,"webhook_type":"ORDER_CANCELLED"}`))
	assert.Equal(t, partA, key(`{"order_number":"n","price":1000,"status":2,"cancelled_price":300,"event":"order.partial_cancelled"}`))
	assert.NotEqual(t, key(`{"order_number":"n","price":1000,"status":2,"webhook_type":"SUBSCRIPTION_PAUSED","order_subscription_id":"s1"}`),
		key(`{"order_number":"n","price":1000,"status":2,"webhook_type":"SUBSCRIPTION_PAUSED","order_subscription_id":"s2"}`))
}

// TestDecodeCommerceRefusals: a body naming no order, without price or
// status, with a negative, fractional or over-cancelled amount, or not an
// object is a *DecodeError.
func TestDecodeCommerceRefusals(t *testing.T) {
	form := "application/x-www-form-urlencoded"
	for _, tc := range []struct{ ct, body string }{
		{"", `{"price":1000,"status":2}`},
		{"", `{"order_id":"","order_number":"","price":1000,"status":2}`},
		{"", `{"order_id":"o","status":2}`},
		{"", `{"order_id":"o","price":null,"status":2}`},
		{"", `{"order_id":"o","price":1000}`},
		{"", `{"order_id":"o","price":1000.5,"status":2}`},
		{"", `{"order_id":"o","price":-1000,"status":2}`},
		{"", `{"order_id":"o","price":1000,"cancelled_price":1001,"status":2}`},
		{"", `{"order_id":"o","price":1000,"status":"paid"}`},
		{"", `{"order_id":"o","price":1000,"status":2,"webhook_type":{}}`},
		{"", `[]`}, {"", ``}, {"", `null`}, {"", `"x"`},
		{form, "order_id=o&price=1000.5&status=2"},
		{form, "order_id=o&status=2"},
		{form, "price=1000&status=2"},
		{form, "%zz"},
	} {
		_, err := webhook.DecodeCommerceEvent(tc.ct, []byte(tc.body))
		var de *webhook.DecodeError
		assert.True(t, errors.As(err, &de), "%q: %v", tc.body, err)
	}
}

// FuzzDecodeCommerceEvent: any body, JSON or form, is an event naming an
// order with sane amounts and a key, or a *DecodeError; never a panic.
func FuzzDecodeCommerceEvent(f *testing.F) {
	seeds := []string{commerceDocBody, `{"order_number":"n","price":"1e3","status":"10","event":7}`,
		"order_id=o&price=10&status=2&cancelled_price=3", "{}", `{"order_id":"o","price":1000,"status":2,"cancelled_price":300}`}
	fuzzDecoder(f, "", seeds, webhook.DecodeCommerceEvent, func(t *testing.T, ev *webhook.CommerceEvent) {
		if (ev.OrderID == "" && ev.OrderNumber == "") || ev.Price < 0 || ev.CancelledPrice < 0 ||
			ev.CancelledPrice > ev.Price || ev.Key() == "" || ev.Kind() == "" {
			t.Fatalf("accepted %+v", ev)
		}
	})
}

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
