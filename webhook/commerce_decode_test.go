package webhook_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/webhook"
)

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
	for _, s := range []string{commerceDocBody, `{"order_number":"n","price":"1e3","status":"10","event":7}`,
		"order_id=o&price=10&status=2&cancelled_price=3", "{}", `{"order_id":"o","price":1000,"status":2,"cancelled_price":300}`} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, form bool, body []byte) {
		ct := ""
		if form {
			ct = "application/x-www-form-urlencoded"
		}
		ev, err := webhook.DecodeCommerceEvent(ct, body)
		if err != nil {
			var de *webhook.DecodeError
			if !errors.As(err, &de) {
				t.Fatal(err)
			}
			return
		}
		if (ev.OrderID == "" && ev.OrderNumber == "") || ev.Price < 0 || ev.CancelledPrice < 0 ||
			ev.CancelledPrice > ev.Price || ev.Key() == "" || ev.Kind() == "" {
			t.Fatalf("accepted %+v", ev)
		}
	})
}
