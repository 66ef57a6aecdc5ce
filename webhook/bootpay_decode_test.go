package webhook_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/webhook"
)

// The v2 payload excerpt of Bootpay's webhook docs, with a webhook_type.
const bootpayDocBody = `{"receipt_id":"6721abc123def456","order_id":"your_order_id","price":1000,"tax_free":0,"order_name":"테스트 상품","pg":"kcp","method":"card","method_symbol":"card","status":1,"status_locale":"결제완료","webhook_type":"PAYMENT_COMPLETED","private_key":"do-not-print-me"}`

// TestDecodeBootpayEvent: the documented JSON body and its form twin decode
// to the same event; amounts are exact; the raw body is kept but never
// printed.
func TestDecodeBootpayEvent(t *testing.T) {
	ev, err := webhook.DecodeBootpayEvent("application/json", []byte(bootpayDocBody))
	require.NoError(t, err)
	assert.Equal(t, webhook.BootpayPaymentCompleted, ev.WebhookType)
	assert.Equal(t, "6721abc123def456", ev.ReceiptID)
	assert.Equal(t, bootpay.Amount(1000), ev.Price)
	assert.Equal(t, bootpay.StatusPaid, ev.Status)
	assert.Equal(t, "결제완료", ev.StatusLocale)
	assert.Equal(t, bootpayDocBody, string(ev.RawBody()))
	for _, f := range []string{"%v", "%+v", "%#v"} {
		assert.NotContains(t, sprintf(f, ev), "do-not-print-me")
	}

	form := "receipt_id=6721abc123def456&order_id=your_order_id&price=1000.0&tax_free=0&order_name=%ED%85%8C%EC%8A%A4%ED%8A%B8+%EC%83%81%ED%92%88&pg=kcp&method=card&method_symbol=card&status=1&status_locale=%EA%B2%B0%EC%A0%9C%EC%99%84%EB%A3%8C&webhook_type=PAYMENT_COMPLETED"
	fev, err := webhook.DecodeBootpayEvent("application/x-www-form-urlencoded; charset=utf-8", []byte(form))
	require.NoError(t, err)
	assert.Equal(t, []any{ev.WebhookType, ev.ReceiptID, ev.OrderID, ev.Price, ev.TaxFree, ev.OrderName, ev.PG, ev.Method, ev.MethodSymbol, ev.Status, ev.StatusLocale},
		[]any{fev.WebhookType, fev.ReceiptID, fev.OrderID, fev.Price, fev.TaxFree, fev.OrderName, fev.PG, fev.Method, fev.MethodSymbol, fev.Status, fev.StatusLocale})
	assert.Equal(t, ev.Key(), fev.Key())
}

// TestDecodeBootpayRefusals: missing required fields, fractional or
// negative amounts and non-objects are *DecodeError.
func TestDecodeBootpayRefusals(t *testing.T) {
	for _, tc := range []struct{ ct, body string }{
		{"", `{"order_id":"o","price":1000,"status":1}`},
		{"", `{"receipt_id":"","order_id":"o","price":1000,"status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","price":1000.5,"status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","price":-1000,"status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","price":1000,"status":"paid"}`},
		{"", `[]`}, {"", ``}, {"", `null`},
		{"application/x-www-form-urlencoded", "receipt_id=r&order_id=o&price=1000.5&status=1"},
		{"application/x-www-form-urlencoded", "receipt_id=r&order_id=o&status=1"},
		{"application/x-www-form-urlencoded", "%zz"},
	} {
		_, err := webhook.DecodeBootpayEvent(tc.ct, []byte(tc.body))
		var de *webhook.DecodeError
		assert.True(t, errors.As(err, &de), "%q: %v", tc.body, err)
	}
}

// TestBootpayKind: an older payload without webhook_type gets its kind from
// the status, a cancel telling partial from full by the amounts; the keys
// of a partial and a full cancel differ, and so do two partial cancels.
func TestBootpayKind(t *testing.T) {
	dec := func(body string) *webhook.BootpayEvent {
		ev, err := webhook.DecodeBootpayEvent("", []byte(body))
		require.NoError(t, err)
		return ev
	}
	paid := dec(`{"receipt_id":"r","order_id":"o","price":1000,"status":1}`)
	assert.Equal(t, webhook.BootpayPaymentCompleted, paid.Kind())
	assert.Equal(t, webhook.BootpayPaidKey("r"), paid.Key())
	vbank := dec(`{"receipt_id":"r","order_id":"o","price":1000,"status":5}`)
	assert.Equal(t, webhook.BootpayVirtualAccountIssued, vbank.Kind())
	partA := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":300,"status":20}`)
	partB := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":500,"status":20}`)
	full := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":1000,"status":20}`)
	assert.Equal(t, webhook.BootpayPaymentPartialCancelled, partA.Kind())
	assert.Equal(t, webhook.BootpayPaymentCancelled, full.Kind())
	assert.Equal(t, webhook.BootpayWebhookType("STATUS_-2"), dec(`{"receipt_id":"r","order_id":"o","price":1000,"status":-2}`).Kind())
	keys := map[string]bool{paid.Key(): true, vbank.Key(): true, partA.Key(): true, partB.Key(): true, full.Key(): true}
	assert.Len(t, keys, 5)
	typed := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":300,"status":20,"webhook_type":"PAYMENT_PARTIAL_CANCELLED"}`)
	assert.Equal(t, partA.Key(), typed.Key(), "with or without webhook_type, one key")
}

// FuzzDecodeBootpayEvent: any body, JSON or form, is an event with its
// required fields or a *DecodeError, never a panic.
func FuzzDecodeBootpayEvent(f *testing.F) {
	for _, s := range []string{bootpayDocBody, `{"receipt_id":"r","order_id":"o","price":"1e3","status":"20"}`, "receipt_id=r&order_id=o&price=10&status=1", "{}"} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, form bool, body []byte) {
		ct := ""
		if form {
			ct = "application/x-www-form-urlencoded"
		}
		ev, err := webhook.DecodeBootpayEvent(ct, body)
		if err != nil {
			var de *webhook.DecodeError
			if !errors.As(err, &de) {
				t.Fatal(err)
			}
			return
		}
		if ev.ReceiptID == "" || ev.OrderID == "" || ev.Price < 0 || ev.CancelledPrice < 0 || ev.Key() == "" {
			t.Fatalf("accepted %+v", ev)
		}
	})
}
