package webhook_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var docTime = time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC)

// TestDecodePortOneDocExamples decodes the examples of PortOne's webhook
// docs and SDK tests into the values they describe.
func TestDecodePortOneDocExamples(t *testing.T) {
	ev, err := webhook.DecodePortOneEvent("application/json", []byte(portOneCancelBody))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneCancellation{
		PortOneTransaction: webhook.PortOneTransaction{Type: webhook.PortOneTransactionCancelled, Timestamp: docTime,
			PaymentID: "example-payment-id", StoreID: "store-ae356798-3d20-4969-b739-14c6b0e1a667",
			TransactionID: "55451513-9763-4a7a-bb43-78a4c65be843"},
		CancellationID: "0cdd91e9-4e7c-44a3-a72e-1a6511826c2b",
	}, ev)

	// The Python SDK's body: spaces after ':' and ',', members in another order.
	py := `{"type": "Transaction.Cancelled", "timestamp": "2024-04-25T10:00:00.000Z", "data": {"paymentId": "example-payment-id", "transactionId": "55451513-9763-4a7a-bb43-78a4c65be843", "cancellationId": "0cdd91e9-4e7c-44a3-a72e-1a6511826c2b", "storeId": "store-ae356798-3d20-4969-b739-14c6b0e1a667"}}`
	ev2, err := webhook.DecodePortOneEvent("", []byte(py))
	require.NoError(t, err)
	assert.Equal(t, ev, ev2)

	bk := `{"type":"BillingKey.Issued","timestamp":"2024-04-25T10:00:00.000Z","data":{"storeId":"store-61e0db3d-b967-47db-8b50-96002da90d55","billingKey":"billing-key-75ae3cab-6afe-422d-bf34-3a7b1762451d"}}`
	ev, err = webhook.DecodePortOneEvent("application/json; charset=utf-8", []byte(bk))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneBillingKey{Type: webhook.PortOneBillingKeyIssued, Timestamp: docTime,
		StoreID: "store-61e0db3d-b967-47db-8b50-96002da90d55", BillingKey: "billing-key-75ae3cab-6afe-422d-bf34-3a7b1762451d"}, ev)

	// The confirm-process example has no storeId: not required.
	confirm := `{"type":"Transaction.Confirm","timestamp":"2024-04-25T10:00:00.000Z","data":{"paymentId":"example-payment-id","transactionId":"55451513-9763-4a7a-bb43-78a4c65be843","totalAmount":1000}}`
	ev, err = webhook.DecodePortOneEvent("", []byte(confirm))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneConfirm{PortOneTransaction: webhook.PortOneTransaction{Type: webhook.PortOneTransactionConfirm,
		Timestamp: docTime, PaymentID: "example-payment-id", TransactionID: "55451513-9763-4a7a-bb43-78a4c65be843"}, TotalAmount: 1000}, ev)
}

// TestDecodePortOneEveryType: each documented type decodes to its Go type,
// with its type kept.
func TestDecodePortOneEveryType(t *testing.T) {
	plain := []webhook.PortOneEventType{webhook.PortOneTransactionReady, webhook.PortOneTransactionPaid,
		webhook.PortOneTransactionVirtualAccountIssued, webhook.PortOneTransactionFailed, webhook.PortOneTransactionPayPending,
		webhook.PortOneTransactionDisputeCreated, webhook.PortOneTransactionDisputeResolved}
	for _, typ := range plain {
		ev, err := webhook.DecodePortOneEvent("", []byte(`{"type":"`+string(typ)+`","data":{"paymentId":"p","transactionId":"t"}}`))
		require.NoError(t, err)
		require.IsType(t, &webhook.PortOneTransaction{}, ev, typ)
		assert.Equal(t, typ, ev.EventType())
		assert.True(t, ev.(*webhook.PortOneTransaction).Timestamp.IsZero(), "absent timestamp is zero")
	}
	for _, typ := range []webhook.PortOneEventType{webhook.PortOneTransactionPartialCancelled, webhook.PortOneTransactionCancelled, webhook.PortOneTransactionCancelPending} {
		ev, err := webhook.DecodePortOneEvent("", []byte(`{"type":"`+string(typ)+`","data":{"paymentId":"p","cancellationId":"c"}}`))
		require.NoError(t, err)
		require.IsType(t, &webhook.PortOneCancellation{}, ev, typ)
		assert.Equal(t, "c", ev.(*webhook.PortOneCancellation).CancellationID)
		assert.Equal(t, typ, ev.EventType())
	}
	for _, typ := range []webhook.PortOneEventType{webhook.PortOneBillingKeyReady, webhook.PortOneBillingKeyIssued,
		webhook.PortOneBillingKeyFailed, webhook.PortOneBillingKeyDeleted, webhook.PortOneBillingKeyUpdated} {
		ev, err := webhook.DecodePortOneEvent("", []byte(`{"type":"`+string(typ)+`","data":{"billingKey":"k"}}`))
		require.NoError(t, err)
		require.IsType(t, &webhook.PortOneBillingKey{}, ev, typ)
		assert.Equal(t, typ, ev.EventType())
	}
}

// TestDecodePortOneLegacy: the 2024-01-01 shape, as JSON and as a form.
func TestDecodePortOneLegacy(t *testing.T) {
	ev, err := webhook.DecodePortOneEvent("application/json", []byte(`{"payment_id":"example-payment-id","tx_id":"55451513-9763-4a7a-bb43-78a4c65be843","status":"Paid"}`))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneLegacyEvent{PaymentID: "example-payment-id", TxID: "55451513-9763-4a7a-bb43-78a4c65be843", Status: "Paid"}, ev)
	assert.Equal(t, webhook.PortOneTransactionPaid, ev.EventType())

	ev, err = webhook.DecodePortOneEvent("application/x-www-form-urlencoded", []byte("payment_id=p-1&tx_id=t-1&status=PartialCancelled"))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneLegacyEvent{PaymentID: "p-1", TxID: "t-1", Status: "PartialCancelled"}, ev)
	assert.Equal(t, webhook.PortOneTransactionPartialCancelled, ev.EventType())

	ev, err = webhook.DecodePortOneEvent("", []byte(`{"payment_id":"p","tx_id":"t","total_amount":1000}`))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneLegacyEvent{PaymentID: "p", TxID: "t", TotalAmount: 1000}, ev)
	assert.Equal(t, webhook.PortOneTransactionConfirm, ev.EventType())
}

// TestDecodePortOneUnknown: an unknown type, and an object that is neither
// an event nor the legacy shape (the SDK tests' {"test": "test payload"}),
// decode to the fallback with the raw JSON, not an error.
func TestDecodePortOneUnknown(t *testing.T) {
	ev, err := webhook.DecodePortOneEvent("", []byte(`{"type": "Transaction.Teleported", "data": {"paymentId": "p"}}`))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneUnknownEvent{Type: "Transaction.Teleported",
		Raw: webhook.RawJSON(`{"type":"Transaction.Teleported","data":{"paymentId":"p"}}`)}, ev)

	ev, err = webhook.DecodePortOneEvent("", []byte(portOneBody))
	require.NoError(t, err)
	assert.Equal(t, &webhook.PortOneUnknownEvent{Raw: webhook.RawJSON(`{"test":"test payload"}`)}, ev)
}

// TestDecodePortOneRefusals: what is not an event is a *DecodeError.
func TestDecodePortOneRefusals(t *testing.T) {
	for _, body := range []string{"", "null", "[]", `"x"`, "{", `{"type":1}`,
		`{"type":"Transaction.Paid","data":{}}`, `{"type":"Transaction.Paid"}`,
		`{"type":"Transaction.Confirm","data":{"paymentId":"p"}}`,
		`{"type":"Transaction.Confirm","data":{"paymentId":"p","totalAmount":10.5}}`,
		`{"type":"BillingKey.Issued","data":{"storeId":"s"}}`,
		`{"type":"Transaction.Paid","timestamp":"yesterday","data":{"paymentId":"p"}}`,
		`{"payment_id":"p","total_amount":"x"}`} {
		_, err := webhook.DecodePortOneEvent("", []byte(body))
		var de *webhook.DecodeError
		assert.True(t, errors.As(err, &de), "%s: %v", body, err)
	}
	_, err := webhook.DecodePortOneEvent("application/x-www-form-urlencoded", []byte("tx_id=t&status=Paid"))
	assert.Error(t, err, "a legacy form without payment_id")
}

// TestPortOneKeys: redeliveries share a key, the browser path's key equals
// the Paid event's, and distinct facts get distinct keys.
func TestPortOneKeys(t *testing.T) {
	dec := func(body string) webhook.PortOneEvent {
		ev, err := webhook.DecodePortOneEvent("", []byte(body))
		require.NoError(t, err)
		return ev
	}
	paid := dec(`{"type":"Transaction.Paid","timestamp":"2024-04-25T10:00:00Z","data":{"paymentId":"p-1","transactionId":"t-1"}}`)
	assert.Equal(t, webhook.PortOnePaidKey("p-1"), webhook.PortOneKey(paid, "msg-1"))
	assert.Equal(t, webhook.PortOneKey(paid, "msg-1"), webhook.PortOneKey(paid, "msg-2"), "the key is the fact's, not the delivery's")
	assert.Equal(t, webhook.PortOnePaidKey("p-1"), webhook.PortOneKey(dec(`{"payment_id":"p-1","tx_id":"t","status":"Paid"}`), "m"), "legacy Paid")
	partial1 := dec(`{"type":"Transaction.PartialCancelled","data":{"paymentId":"p-1","cancellationId":"c-1"}}`)
	partial2 := dec(`{"type":"Transaction.PartialCancelled","data":{"paymentId":"p-1","cancellationId":"c-2"}}`)
	keys := map[string]bool{}
	for _, k := range []string{
		webhook.PortOneKey(paid, "m"), webhook.PortOneKey(partial1, "m"), webhook.PortOneKey(partial2, "m"),
		webhook.PortOneKey(dec(`{"type":"Transaction.Cancelled","data":{"paymentId":"p-1","cancellationId":"c-3"}}`), "m"),
		webhook.PortOneKey(dec(`{"type":"Transaction.Failed","data":{"paymentId":"p-1","transactionId":"t-1"}}`), "m"),
		webhook.PortOneKey(dec(`{"type":"Transaction.Failed","data":{"paymentId":"p-1","transactionId":"t-2"}}`), "m"),
		webhook.PortOneKey(dec(`{"type":"BillingKey.Updated","timestamp":"2024-04-25T10:00:00Z","data":{"billingKey":"k"}}`), "m"),
		webhook.PortOneKey(dec(`{"type":"BillingKey.Updated","timestamp":"2024-04-26T10:00:00Z","data":{"billingKey":"k"}}`), "m"),
		webhook.PortOneKey(dec(`{"payment_id":"p-1","tx_id":"t","status":"PartialCancelled"}`), "m-1"),
		webhook.PortOneKey(dec(`{"payment_id":"p-1","tx_id":"t","status":"PartialCancelled"}`), "m-2"),
		webhook.PortOneKey(dec(`{"type":"Unheard.Of"}`), "m-1"),
		webhook.PortOneKey(dec(`{"type":"Unheard.Of"}`), "m-2"),
		webhook.PortOnePaidKey("p-1:Transaction.Paid"),
	} {
		assert.False(t, keys[k], "duplicate key %s", k)
		keys[k] = true
	}
}

// TestPortOneKeyCancellationWithoutID: two different partial cancels of
// one payment (two deliveries, two webhook-ids, two timestamps) whose data
// lacks cancellationId (a member PortOne's schema requires) get two keys,
// as the legacy shape's cancellations do, so the second refund is not
// acknowledged unprocessed; a redelivery of either (its webhook-id kept)
// keeps its key. A cancellation with its id is keyed by that id, whatever
// the delivery.
func TestPortOneKeyCancellationWithoutID(t *testing.T) {
	dec := func(body []byte) webhook.PortOneEvent {
		ev, err := webhook.DecodePortOneEvent("application/json", body)
		require.NoError(t, err)
		return ev
	}
	first := dec(webhooktest.PortOneTransaction("Transaction.PartialCancelled", time.Unix(1714039200, 0), "store-1", "order-1", "tx-1", ""))
	secondBody := webhooktest.PortOneTransaction("Transaction.PartialCancelled", time.Unix(1714042800, 0), "store-1", "order-1", "tx-1", "")
	second := dec(secondBody)
	require.IsType(t, &webhook.PortOneCancellation{}, first)

	assert.NotEqual(t, webhook.PortOneKey(first, "msg-1"), webhook.PortOneKey(second, "msg-2"), "two partial cancels, two keys")
	assert.Equal(t, webhook.PortOneKey(second, "msg-2"), webhook.PortOneKey(dec(secondBody), "msg-2"), "a redelivery keeps its key")
	assert.Contains(t, webhook.PortOneKey(first, "msg-1"), `"order-1"`, "the key still names the payment")

	withID := webhooktest.PortOneTransaction("Transaction.PartialCancelled", time.Unix(1714039200, 0), "store-1", "order-1", "tx-1", "c-1")
	assert.Equal(t, webhook.PortOneKey(dec(withID), "msg-1"), webhook.PortOneKey(dec(withID), "msg-2"), "a cancellation id is the fact's, not the delivery's")
}

// FuzzDecodePortOneEvent: any body, JSON or form, decodes to an event or a
// *DecodeError, never a panic, and a decoded event has its id and a key.
func FuzzDecodePortOneEvent(f *testing.F) {
	seeds := []string{portOneCancelBody, portOneBody, `{"payment_id":"p","status":"Paid"}`, `{"type":"Transaction.Confirm","data":{"paymentId":"p","totalAmount":1e3}}`, "payment_id=p&status=Paid", `{"type":null,"payment_id":"x"}`}
	fuzzDecoder(f, "application/json", seeds, webhook.DecodePortOneEvent, func(t *testing.T, ev webhook.PortOneEvent) {
		if ev == nil || webhook.PortOneKey(ev, "m") == "" {
			t.Fatal("nil event or empty key")
		}
		switch e := ev.(type) {
		case *webhook.PortOneTransaction:
			if e.PaymentID == "" {
				t.Fatal("transaction without a payment id")
			}
		case *webhook.PortOneBillingKey:
			if e.BillingKey == "" {
				t.Fatal("billing key event without a key")
			}
		case *webhook.PortOneLegacyEvent:
			if e.PaymentID == "" {
				t.Fatal("legacy event without a payment id")
			}
		}
	})
}

const plantedBillingKey = "billing-key-0f1e2d3c-planted-9a8b7c6d"

// TestPortOneBillingKeyNeverPrinted: a BillingKey.* event's key reaches
// the callback (Reveal) but never fmt or slog output of the event or the
// delivery, and never the process-once key, which the store (memory or
// SQL) keeps: that key is built from a SHA-256 of the billing key, stable
// for one key and different for another.
func TestPortOneBillingKeyNeverPrinted(t *testing.T) {
	at := time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC)
	body := webhooktest.PortOneBillingKey("BillingKey.Issued", at, "store-1", plantedBillingKey)
	ev, err := webhook.DecodePortOneEvent("application/json", body)
	require.NoError(t, err)
	bk, ok := ev.(*webhook.PortOneBillingKey)
	require.True(t, ok)
	assert.Equal(t, plantedBillingKey, bk.BillingKey.Reveal(), "the callback can still read it")

	key := webhook.PortOneKey(ev, "msg-1")
	assert.NotContains(t, key, plantedBillingKey)
	assert.NotContains(t, key, "0f1e2d3c")
	sum := sha256.Sum256([]byte(plantedBillingKey))
	assert.Contains(t, key, hex.EncodeToString(sum[:]))
	other, err := webhook.DecodePortOneEvent("application/json", webhooktest.PortOneBillingKey("BillingKey.Issued", at, "store-1", plantedBillingKey+"x"))
	require.NoError(t, err)
	assert.NotEqual(t, key, webhook.PortOneKey(other, "msg-1"), "another key, another event")
	again, err := webhook.DecodePortOneEvent("application/json", body)
	require.NoError(t, err)
	assert.Equal(t, key, webhook.PortOneKey(again, "msg-2"), "a redelivery has the same key")

	var delivered *webhook.PortOneDelivery
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}})
	require.NoError(t, err)
	h := webhook.PortOneHandler(v, func(_ context.Context, d *webhook.PortOneDelivery) error { delivered = d; return nil })
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", time.Now(), body)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code)
	require.NotNil(t, delivered)

	var out strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		fmt.Fprintf(&out, verb+"\n", bk)
		fmt.Fprintf(&out, verb+"\n", *bk)
		fmt.Fprintf(&out, verb+"\n", delivered)
		fmt.Fprintf(&out, verb+"\n", *delivered)
	}
	var logs bytes.Buffer
	for _, handler := range []slog.Handler{slog.NewTextHandler(&logs, nil), slog.NewJSONHandler(&logs, nil)} {
		slog.New(handler).Info("webhook", "event", bk, "delivery", delivered, "key", delivered.Key)
	}
	for _, printed := range []string{out.String(), logs.String(), delivered.Key} {
		assert.NotContains(t, printed, plantedBillingKey)
		assert.NotContains(t, printed, "0f1e2d3c")
		assert.NotContains(t, printed, hex.EncodeToString([]byte("planted")))
	}
}

// TestPortOneVirtualAccountIssuedPerTransaction: a payment whose virtual
// account is issued again under a new transaction (a new attempt under the
// same paymentId) runs the callback for each account, through a Processor;
// a redelivery of either runs nothing.
func TestPortOneVirtualAccountIssuedPerTransaction(t *testing.T) {
	rig := newPortOneRig(t)
	at := rig.clock.Now()
	deliver := func(id string, body []byte) int { return rig.deliverAs(id, portOneSecret, at, body).Code }
	first := webhooktest.PortOneTransaction("Transaction.VirtualAccountIssued", at, "store-1", "order-1001", "tx-1", "")
	second := webhooktest.PortOneTransaction("Transaction.VirtualAccountIssued", at, "store-1", "order-1001", "tx-2", "")

	assert.Equal(t, http.StatusOK, deliver("msg-1", first))
	assert.Equal(t, http.StatusOK, deliver("msg-2", second))
	assert.Equal(t, int32(2), rig.runs.Load(), "each issued account runs the callback")
	assert.Equal(t, http.StatusOK, deliver("msg-1", first))
	assert.Equal(t, http.StatusOK, deliver("msg-2", second))
	assert.Equal(t, int32(2), rig.runs.Load(), "a redelivery does not")
}

// TestPortOneVirtualAccountIssuedKeys: the key of an issued account names
// its transaction in both shapes, and is the payment and the type alone
// when the event carries no transaction id; Transaction.Paid keeps the
// payment-wide key the browser path shares.
func TestPortOneVirtualAccountIssuedKeys(t *testing.T) {
	dec := func(body string) webhook.PortOneEvent {
		ev, err := webhook.DecodePortOneEvent("", []byte(body))
		require.NoError(t, err)
		return ev
	}
	key := func(body string) string { return webhook.PortOneKey(dec(body), "msg-1") }
	issued := func(tx string) string {
		return `{"type":"Transaction.VirtualAccountIssued","data":{"paymentId":"p-1","transactionId":"` + tx + `"}}`
	}
	legacy := func(tx string) string {
		return `{"payment_id":"p-1","tx_id":"` + tx + `","status":"VirtualAccountIssued"}`
	}

	assert.NotEqual(t, key(issued("t-1")), key(issued("t-2")))
	assert.Equal(t, key(issued("t-1")), webhook.PortOneKey(dec(issued("t-1")), "msg-2"), "a redelivery keeps its key")
	assert.Equal(t, key(issued("t-1")), key(legacy("t-1")), "the legacy shape keys as the 2024-04-25 type")
	assert.NotEqual(t, key(legacy("t-1")), key(legacy("t-2")))
	assert.Equal(t, `portone:payment:"p-1":Transaction.VirtualAccountIssued`,
		key(`{"type":"Transaction.VirtualAccountIssued","data":{"paymentId":"p-1"}}`), "no transaction id: the payment and the type")
	assert.Equal(t, key(`{"type":"Transaction.VirtualAccountIssued","data":{"paymentId":"p-1"}}`), key(legacy("")))
	assert.Equal(t, webhook.PortOnePaidKey("p-1"),
		key(`{"type":"Transaction.Paid","data":{"paymentId":"p-1","transactionId":"t-2"}}`), "Paid stays payment-wide")
}
