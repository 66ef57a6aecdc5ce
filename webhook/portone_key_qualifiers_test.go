package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// onceHandler is a PortOneHandler over a MemoryStore, both on clock, whose
// callback is fn.
func onceHandler(t *testing.T, clock *sandbox.Clock, fn func(context.Context, *webhook.PortOneDelivery) error) http.Handler {
	t.Helper()
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: clock.Now})
	require.NoError(t, err)
	store := webhook.NewMemoryStore(webhook.MemoryConfig{Now: clock.Now})
	return webhook.PortOneHandler(v, fn, webhook.WithProcessor(&webhook.Processor{Store: store, Lease: time.Minute}))
}

// deliverSigned posts body signed under webhook-id id, sent at at.
func deliverSigned(t *testing.T, h http.Handler, id string, at time.Time, body []byte) int {
	t.Helper()
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, id, at, body)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// TestPortOneConfirmWithoutTransactionIDReachesTheCallback: PortOne
// approves a confirm (컨펌 프로세스) on a 200, and a processed key is
// answered 200 without the callback. Two confirms of one payment without
// transactionId once shared a key, so the second — another webhook-id,
// another amount — was approved unchecked. Each now reaches the callback,
// which refuses the wrong amount; a true redelivery stays once.
func TestPortOneConfirmWithoutTransactionIDReachesTheCallback(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	const orderAmount = 1000
	var seen []int64
	h := onceHandler(t, clock, func(_ context.Context, d *webhook.PortOneDelivery) error {
		c, ok := d.Event.(*webhook.PortOneConfirm)
		require.True(t, ok)
		seen = append(seen, c.TotalAmount)
		if c.TotalAmount != orderAmount {
			return errors.New("refuse: the amount is not the order's")
		}
		return nil
	})
	confirm := func(amount string) []byte {
		return []byte(`{"type":"Transaction.Confirm","timestamp":"2024-04-25T10:00:00.000Z","data":{"paymentId":"order-1","storeId":"store-1","totalAmount":` + amount + `}}`)
	}
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-1", clock.Now(), confirm("1000")), "the order's amount is approved")
	assert.Equal(t, http.StatusInternalServerError, deliverSigned(t, h, "msg-2", clock.Now(), confirm("10")),
		"a confirm for another amount is refused by the callback, not approved unchecked")
	assert.Equal(t, []int64{1000, 10}, seen)

	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-1", clock.Now(), confirm("1000")))
	assert.Len(t, seen, 2, "a redelivery of the approved confirm does not run again")
}

// TestPortOneLegacyConfirmWithoutTxIDReachesTheCallback: the same with the
// 2024-01-01 shape, whose confirm was keyed by tx_id alone.
func TestPortOneLegacyConfirmWithoutTxIDReachesTheCallback(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	var runs atomic.Int32
	h := onceHandler(t, clock, func(_ context.Context, d *webhook.PortOneDelivery) error {
		runs.Add(1)
		if d.Event.(*webhook.PortOneLegacyEvent).TotalAmount != 1000 {
			return errors.New("refuse")
		}
		return nil
	})
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-1", clock.Now(), []byte(`{"payment_id":"order-1","total_amount":1000}`)))
	assert.Equal(t, http.StatusInternalServerError, deliverSigned(t, h, "msg-2", clock.Now(), []byte(`{"payment_id":"order-1","total_amount":10}`)),
		"a legacy confirm for another amount must reach the callback")
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-1", clock.Now(), []byte(`{"payment_id":"order-1","total_amount":1000}`)))
	assert.EqualValues(t, 2, runs.Load(), "the redelivery of msg-1 does not run again")
}

// TestPortOneConfirmKeyCarriesTheAmount: a confirm's key names its amount,
// so even a confirm naming the same transaction asks the callback again
// when it asks for another amount; a redelivery keeps its key.
func TestPortOneConfirmKeyCarriesTheAmount(t *testing.T) {
	dec := func(body string) webhook.PortOneEvent {
		ev, err := webhook.DecodePortOneEvent("application/json", []byte(body))
		require.NoError(t, err, body)
		return ev
	}
	confirm := func(tx, amount string) webhook.PortOneEvent {
		return dec(`{"type":"Transaction.Confirm","data":{"paymentId":"p","transactionId":"` + tx + `","totalAmount":` + amount + `}}`)
	}
	assert.Equal(t, `portone:payment:"p":Transaction.Confirm:t-1:amount:1000`, webhook.PortOneKey(confirm("t-1", "1000"), "m-1"))
	assert.Equal(t, webhook.PortOneKey(confirm("t-1", "1000"), "m-1"), webhook.PortOneKey(confirm("t-1", "1000"), "m-2"),
		"with a transaction id the key is the fact's, not the delivery's")
	assert.NotEqual(t, webhook.PortOneKey(confirm("t-1", "1000"), "m"), webhook.PortOneKey(confirm("t-1", "10"), "m"))
	assert.Equal(t, `portone:payment:"p":Transaction.Confirm:webhook-id:m-1:amount:1000`, webhook.PortOneKey(confirm("", "1000"), "m-1"))
	assert.Equal(t, `portone:payment:"p":Transaction.Confirm:t:amount:5`,
		webhook.PortOneKey(dec(`{"payment_id":"p","tx_id":"t","total_amount":5}`), "m"), "legacy confirm")
}

// TestPortOneDisputesWithoutTimestampAreTheirOwnEvents: a dispute's key
// was paymentId + type + transactionId@timestamp, and an event without
// timestamp (zero time) gave every dispute of a transaction one key: a
// second chargeback was acknowledged unrun. BillingKey.Updated likewise.
// Without a timestamp the webhook-id qualifies the key; a redelivery keeps
// it.
func TestPortOneDisputesWithoutTimestampAreTheirOwnEvents(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	var runs atomic.Int32
	h := onceHandler(t, clock, func(context.Context, *webhook.PortOneDelivery) error { runs.Add(1); return nil })
	dispute := []byte(`{"type":"Transaction.DisputeCreated","data":{"paymentId":"order-1","storeId":"store-1","transactionId":"tx-1"}}`)
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-1", clock.Now(), dispute))
	clock.Advance(24 * time.Hour)
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-2", clock.Now(), dispute))
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-2", clock.Now(), dispute))
	assert.EqualValues(t, 2, runs.Load(), "two disputes (two webhook-ids) run twice, the redelivery not at all")

	updated := []byte(`{"type":"BillingKey.Updated","data":{"billingKey":"billing-key-1","storeId":"store-1"}}`)
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-3", clock.Now(), updated))
	clock.Advance(24 * time.Hour)
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-4", clock.Now(), updated))
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-4", clock.Now(), updated))
	assert.EqualValues(t, 4, runs.Load(), "two updates of one billing key (two webhook-ids) run twice, the redelivery not at all")

	// With a timestamp the key stays the fact's, whatever the webhook-id.
	stamped := []byte(`{"type":"Transaction.DisputeCreated","timestamp":"2024-04-25T10:00:00Z","data":{"paymentId":"order-1","transactionId":"tx-1"}}`)
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-5", clock.Now(), stamped))
	require.Equal(t, http.StatusOK, deliverSigned(t, h, "msg-6", clock.Now(), stamped))
	assert.EqualValues(t, 5, runs.Load())
}

// TestPortOneLegacyBodyWithoutStatusOrAmountIsRefused: a legacy body with
// neither status nor total_amount once decoded as a confirm of 0 won; the
// 2024-04-25 decoder refuses a confirm without totalAmount, and so does
// the legacy one now.
func TestPortOneLegacyBodyWithoutStatusOrAmountIsRefused(t *testing.T) {
	for _, tc := range []struct{ contentType, body string }{
		{"application/json", `{"payment_id":"p","tx_id":"t"}`},
		{"application/json", `{"payment_id":"p","tx_id":"t","status":null}`},
		{"application/json", `{"payment_id":"p","tx_id":"t","status":"","total_amount":null}`},
		{"application/x-www-form-urlencoded", "payment_id=p&tx_id=t"},
		{"application/x-www-form-urlencoded", "payment_id=p&tx_id=t&total_amount="},
	} {
		ev, err := webhook.DecodePortOneEvent(tc.contentType, []byte(tc.body))
		var de *webhook.DecodeError
		assert.True(t, errors.As(err, &de), "%s: want a *DecodeError, got %#v", tc.body, ev)
	}
	// A legacy confirm naming its amount, 0 included, and a legacy status
	// without amount still decode.
	for body, want := range map[string]webhook.PortOneLegacyEvent{
		`{"payment_id":"p","tx_id":"t","total_amount":0}`:   {PaymentID: "p", TxID: "t"},
		`{"payment_id":"p","tx_id":"t","total_amount":500}`: {PaymentID: "p", TxID: "t", TotalAmount: 500},
		`{"payment_id":"p","tx_id":"t","status":"Paid"}`:    {PaymentID: "p", TxID: "t", Status: "Paid"},
	} {
		ev, err := webhook.DecodePortOneEvent("application/json", []byte(body))
		if assert.NoError(t, err, body) {
			assert.Equal(t, &want, ev, body)
		}
	}
}
