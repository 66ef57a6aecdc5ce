package webhook_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

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
