package main

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook"
)

// onPortOne runs its PortOne lookup inside Processor.Process on the
// request's context detached from its cancellation (the handlers do so),
// with no deadline of its own: it is bounded only by the client's policy
// (3 attempts of up to 60 s by default). Processor.Lease's and
// WithProcessor's docs ask the callback to bound its own calls well within
// the lease, since a callback still running when its lease ends may run
// twice. Here the store's lease is 60 ms and PortOne answers the first
// lookup after 150 ms: a redelivery at 90 ms takes the key over and
// fulfils the order, and the first delivery then fulfils it again. Bounded
// by the lease (say half of it), the first lookup would end at 30 ms and
// release the key, and the order would be fulfilled once. On HEAD it is
// fulfilled twice.
func TestPortOneCallbackOutlivingItsLeaseDoesNotFulfilTwice(t *testing.T) {
	ps, rc, _ := receiverWithPayment(t, 9900, portonetest.PaymentSpec{ID: "order-slow", Total: 9900, Channel: liveChannel()})
	rc.Once = &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{}), Lease: 60 * time.Millisecond}
	h := rc.Routes()
	ps.Inject(portonetest.OpPaymentGet, portonetest.Faults.Delay(150*time.Millisecond), 1)

	var wg sync.WaitGroup
	codes := make([]int, 2)
	wg.Go(func() { codes[0] = serveRec(h, paidWebhook(t, "order-slow", "msg-slow-1")).Code })
	time.Sleep(90 * time.Millisecond) // PortOne's redelivery, after the first delivery's lease ended
	codes[1] = serveRec(h, paidWebhook(t, "order-slow", "msg-slow-2")).Code
	wg.Wait()

	if o, _ := rc.Shop.Get("order-slow"); o.Fulfilled != 1 {
		t.Fatalf("fulfilled %d times (answers %v), want 1: the callback's lookup outlived its lease", o.Fulfilled, codes)
	}
}

// The browser reports a payment it saw PAID after the webhook had
// finished its key without fulfilling the order (it found the payment
// partly cancelled, say, and logged it for a person): Process does not
// run, and the answer must come from the order, not read "paid" for an
// order that will not ship.
func TestBrowserAfterTheWebhookClosedTheKeyUnfulfilledIsNotToldPaid(t *testing.T) {
	_, rc, h := receiverWithPayment(t, 9900, portonetest.PaymentSpec{ID: "order-closed", Total: 9900, Channel: liveChannel()})
	ran, err := rc.Once.Process(context.Background(), webhook.PortOnePaidKey("order-closed"), func(context.Context) error { return nil })
	require.NoError(t, err)
	require.True(t, ran, "the webhook's run, which fulfilled nothing")

	rec := serveRec(h, browserComplete("order-closed"))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.NotContains(t, rec.Body.String(), `"paid"`, "the order was not fulfilled")
	o, _ := rc.Shop.Get("order-closed")
	assert.Zero(t, o.Fulfilled)
}
