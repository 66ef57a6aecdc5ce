package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSenderHangingUpDoesNotCutTheCallback: PortOne waits 30 s for an
// answer and PortOne's API asks for a 60 s read timeout, so a callback
// that refunds or cancels may outlive the delivery's connection. Were the
// callback handed the request's context, which net/http cancels when the
// sender hangs up, the gateway call would be cut half-way (its outcome
// unknown), the callback would fail, the key would be released and the
// redelivery would run the callback, and its write, again. The callback
// runs to its end instead, the key is recorded, and the redelivery is
// acknowledged without running it.
func TestSenderHangingUpDoesNotCutTheCallback(t *testing.T) {
	clock := time.Unix(1714039200, 0)
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: func() time.Time { return clock }})
	require.NoError(t, err)
	started, proceed := make(chan struct{}, 2), make(chan struct{})
	var runs atomic.Int32
	h := webhook.PortOneHandler(v, func(ctx context.Context, _ *webhook.PortOneDelivery) error {
		if runs.Add(1) == 1 {
			started <- struct{}{}
			<-proceed // the gateway call in flight
		}
		return ctx.Err() // a gateway call fails so once its context ends
	}, webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: func() time.Time { return clock }})}))

	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", clock, paidBody)
	require.NoError(t, err)
	ctx, hangUp := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); h.ServeHTTP(httptest.NewRecorder(), req.WithContext(ctx)) }()
	<-started
	hangUp() // PortOne's 30 s are up
	close(proceed)
	<-done

	req, err = webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", clock, paidBody)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req) // PortOne's redelivery
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, int32(1), runs.Load(), "the callback was cut when the sender hung up, and its redelivery ran it again")
}

type requestTag struct{}

// TestSenderGoneBeforeTheLookup: the lookups at Bootpay and Commerce are
// reads, run on the request's context, so a sender gone before or while
// its delivery is looked up ends the delivery there: answered 502 (to
// nobody), the callback not run, no key spent, and its next delivery runs
// the callback. From the claim on, the work is detached from the request's
// cancellation: a sender hanging up while the callback runs does not cut
// it, the callback's context keeps the request's values, and the key is
// recorded, so that the redelivery runs nothing.
func TestSenderGoneBeforeTheLookup(t *testing.T) {
	type sent struct{ live, tagged bool } // what the callback's context was
	check := func(t *testing.T, post func(context.Context) int, runs func() int32, errs func() []error, seen *sent, hangUpInCallback *func()) {
		ctx, hangUp := context.WithCancel(context.WithValue(context.Background(), requestTag{}, "trace-1"))
		hangUp() // gone before the lookup
		assert.Equal(t, http.StatusBadGateway, post(ctx), "a lookup cut by the hang-up is a failed lookup")
		assert.Equal(t, int32(0), runs(), "the callback ran for a delivery whose lookup was cut")
		if assert.Len(t, errs(), 1) {
			assert.ErrorIs(t, errs()[0], context.Canceled)
		}

		ctx, hangUp = context.WithCancel(context.WithValue(context.Background(), requestTag{}, "trace-1"))
		*hangUpInCallback = hangUp // gone while the callback runs
		assert.Equal(t, http.StatusOK, post(ctx), "answered (to nobody) as processed")
		assert.Equal(t, int32(1), runs(), "the cut delivery spent no key: this one ran the callback")
		assert.True(t, seen.live, "the callback's context was cancelled with the request's")
		assert.True(t, seen.tagged, "the callback's context keeps the request's values")

		*hangUpInCallback = nil
		assert.Equal(t, http.StatusOK, post(context.Background()), "the redelivery")
		assert.Equal(t, int32(1), runs(), "the redelivery runs nothing: the key was recorded")
		assert.Len(t, errs(), 1)
	}
	t.Run("Bootpay", func(t *testing.T) {
		rig := newBootpayRig(t)
		var seen sent
		var hangUp func()
		body := completed(paidReceipt(rig.srv)).JSON()
		h := webhook.BootpayHandler(webhook.BootpayLookup{Client: rig.client}, func(ctx context.Context, d *webhook.BootpayDelivery) error {
			if hangUp != nil {
				hangUp()
			}
			seen.live, seen.tagged = ctx.Err() == nil, ctx.Value(requestTag{}) == "trace-1"
			return rig.callback(ctx, d)
		}, webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}), webhook.WithErrorHook(rig.errorHook))
		check(t, func(ctx context.Context) int {
			req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", body, false)
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req.WithContext(ctx))
			return rec.Code
		}, rig.runs.Load, func() []error { return rig.errs }, &seen, &hangUp)
	})
	t.Run("Commerce", func(t *testing.T) {
		rig := newCommerceRig(t)
		var seen sent
		var hangUp func()
		body := orderPaid(commercePaidOrder(rig.srv)).JSON()
		h := webhook.CommerceHandler(webhook.CommerceLookup{Client: rig.client}, func(ctx context.Context, d *webhook.CommerceDelivery) error {
			if hangUp != nil {
				hangUp()
			}
			seen.live, seen.tagged = ctx.Err() == nil, ctx.Value(requestTag{}) == "trace-1"
			return rig.callback(ctx, d)
		}, webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}), webhook.WithErrorHook(rig.errorHook))
		check(t, func(ctx context.Context) int {
			req, err := webhooktest.NewCommerceRequest("/webhooks/commerce", body, false)
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req.WithContext(ctx))
			return rec.Code
		}, rig.runs.Load, func() []error { return rig.errs }, &seen, &hangUp)
	})
}
