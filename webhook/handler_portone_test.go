package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// portOneRig is a PortOneHandler with a process-once store, both on one
// fake clock, counting the callback's runs.
type portOneRig struct {
	t       *testing.T
	clock   *sandbox.Clock
	handler http.Handler
	runs    atomic.Int32
	fail    atomic.Int32          // the callback fails this many more times
	hook    func(context.Context) // runs inside the callback, after counting
	errs    []error
	mu      sync.Mutex
}

const rigLease = time.Minute

func newPortOneRig(t *testing.T, opts ...webhook.HandlerOption) *portOneRig {
	rig := &portOneRig{t: t, clock: sandbox.NewClock(time.Unix(1714039200, 0))}
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: rig.clock.Now})
	require.NoError(t, err)
	store := webhook.NewMemoryStore(webhook.MemoryConfig{Now: rig.clock.Now})
	opts = append([]webhook.HandlerOption{
		webhook.WithProcessor(&webhook.Processor{Store: store, Lease: rigLease}),
		webhook.WithErrorHook(func(_ *http.Request, err error) { rig.mu.Lock(); rig.errs = append(rig.errs, err); rig.mu.Unlock() }),
	}, opts...)
	rig.handler = webhook.PortOneHandler(v, func(ctx context.Context, d *webhook.PortOneDelivery) error {
		rig.runs.Add(1)
		if rig.hook != nil {
			rig.hook(ctx)
		}
		if rig.fail.Add(-1) >= 0 {
			return errors.New("database unavailable")
		}
		return nil
	}, opts...)
	return rig
}

// deliver signs body with secret at the rig's current time, as PortOne's
// attempt would, and serves it.
func (rig *portOneRig) deliver(secret string, body []byte) *httptest.ResponseRecorder {
	return rig.deliverAt(secret, rig.clock.Now(), body)
}

func (rig *portOneRig) deliverAt(secret string, at time.Time, body []byte) *httptest.ResponseRecorder {
	return rig.deliverAs("msg-1", secret, at, body)
}

// deliverAs is deliverAt with id as the delivery's webhook-id.
func (rig *portOneRig) deliverAs(id, secret string, at time.Time, body []byte) *httptest.ResponseRecorder {
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", secret, id, at, body)
	require.NoError(rig.t, err)
	rec := httptest.NewRecorder()
	rig.handler.ServeHTTP(rec, req)
	return rec
}

var paidBody = webhooktest.PortOneTransaction("Transaction.Paid", time.Unix(1714039200, 0), "store-1", "order-1001", "tx-1", "")

// TestPortOneHandlerVerdicts: valid, tampered body, wrong secret, replayed
// outside the window, future timestamp, oversize; only the valid one runs
// the callback, and no refusal carries detail.
func TestPortOneHandlerVerdicts(t *testing.T) {
	rig := newPortOneRig(t, webhook.WithMaxBodyBytes(1024))
	now := rig.clock.Now()
	tamper := func() *httptest.ResponseRecorder {
		req, err := webhooktest.NewPortOneRequest("/", portOneSecret, "msg-1", now, paidBody)
		require.NoError(t, err)
		req.Body = ioNop(bytes.Replace(paidBody, []byte("order-1001"), []byte("order-1002"), 1))
		req.ContentLength = -1
		rec := httptest.NewRecorder()
		rig.handler.ServeHTTP(rec, req)
		return rec
	}
	for _, tc := range []struct {
		name   string
		rec    *httptest.ResponseRecorder
		status int
	}{
		{"tampered body", tamper(), http.StatusUnauthorized},
		{"wrong secret", rig.deliver(swSecret, paidBody), http.StatusUnauthorized},
		{"replayed outside the window", rig.deliverAt(portOneSecret, now.Add(-6*time.Minute), paidBody), http.StatusUnauthorized},
		{"future timestamp", rig.deliverAt(portOneSecret, now.Add(6*time.Minute), paidBody), http.StatusUnauthorized},
		{"oversize", rig.deliver(portOneSecret, append(bytes.Repeat([]byte(" "), 1024), paidBody...)), http.StatusRequestEntityTooLarge},
		{"not an event", rig.deliver(portOneSecret, []byte(`[1,2]`)), http.StatusBadRequest},
	} {
		assert.Equal(t, tc.status, tc.rec.Code, tc.name)
		assert.Equal(t, http.StatusText(tc.status)+"\n", tc.rec.Body.String(), "%s: no detail", tc.name)
	}
	assert.Equal(t, int32(0), rig.runs.Load(), "no refused delivery ran the callback")
	rec := rig.deliver(portOneSecret, paidBody)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, int32(1), rig.runs.Load())
	reasons := []error{webhook.ErrNoMatchingSignature, webhook.ErrNoMatchingSignature, webhook.ErrTooOld, webhook.ErrTooNew}
	for i, want := range reasons {
		assert.ErrorIs(t, rig.errs[i], want)
	}
}

// TestPortOneHandlerGET: only POST is served.
func TestPortOneHandlerGET(t *testing.T) {
	rig := newPortOneRig(t)
	rec := httptest.NewRecorder()
	rig.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

// TestPortOneHandlerClaimantDies: the first delivery's callback dies mid-way
// (its goroutine exits: no release, no done, like a crashed process). A
// redelivery within the lease is answered 409; once the lease has expired
// on the fake clock, a redelivery runs the callback once, and later ones
// not at all.
func TestPortOneHandlerClaimantDies(t *testing.T) {
	rig := newPortOneRig(t)
	rig.hook = func(context.Context) { runtime.Goexit() }
	done := make(chan struct{})
	go func() {
		defer close(done)
		rig.deliver(portOneSecret, paidBody)
	}()
	<-done
	rig.hook = nil
	assert.Equal(t, int32(1), rig.runs.Load())

	rig.clock.Advance(rigLease - time.Second)
	assert.Equal(t, http.StatusConflict, rig.deliver(portOneSecret, paidBody).Code, "the dead claimant's lease still holds")
	assert.Equal(t, int32(1), rig.runs.Load())

	rig.clock.Advance(time.Second) // the lease expires
	assert.Equal(t, http.StatusOK, rig.deliver(portOneSecret, paidBody).Code)
	assert.Equal(t, http.StatusOK, rig.deliver(portOneSecret, paidBody).Code)
	assert.Equal(t, int32(2), rig.runs.Load(), "the dead run and exactly one redelivery")
}

// TestPortOneHandlerWithoutProcessor: without a Processor every verified
// delivery runs the callback (the caller dedupes).
func TestPortOneHandlerWithoutProcessor(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: clock.Now})
	require.NoError(t, err)
	var got []*webhook.PortOneDelivery
	h := webhook.PortOneHandler(v, func(_ context.Context, d *webhook.PortOneDelivery) error { got = append(got, d); return nil })
	for range 2 {
		req, err := webhooktest.NewPortOneRequest("/", portOneSecret, "msg-9", clock.Now(), paidBody)
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusOK, rec.Code)
	}
	require.Len(t, got, 2)
	assert.Equal(t, "msg-9", got[0].WebhookID)
	assert.Equal(t, webhook.PortOnePaidKey("order-1001"), got[0].Key)
	assert.Equal(t, time.Unix(1714039200, 0), got[0].SentAt)
	assert.IsType(t, &webhook.PortOneTransaction{}, got[0].Event)
}

// TestPortOneBrowserPathShares: the browser's /payment/complete and the
// webhook, using PortOnePaidKey and the same Processor, run fulfilment once
// between them, in either order.
func TestPortOneBrowserPathShares(t *testing.T) {
	for _, browserFirst := range []bool{true, false} {
		clock := sandbox.NewClock(time.Unix(1714039200, 0))
		p := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: clock.Now})}
		v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: clock.Now})
		require.NoError(t, err)
		var fulfilled int
		fulfil := func(context.Context) error { fulfilled++; return nil }
		h := webhook.PortOneHandler(v, func(ctx context.Context, d *webhook.PortOneDelivery) error { return fulfil(ctx) }, webhook.WithProcessor(p))
		browser := func() {
			_, err := p.Process(context.Background(), webhook.PortOnePaidKey("order-1001"), fulfil)
			require.NoError(t, err)
		}
		hook := func() {
			req, err := webhooktest.NewPortOneRequest("/", portOneSecret, "msg-1", clock.Now(), paidBody)
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, http.StatusOK, rec.Code)
		}
		if browserFirst {
			browser()
			hook()
		} else {
			hook()
			browser()
		}
		assert.Equal(t, 1, fulfilled, "browser first: %v", browserFirst)
	}
}

// TestPortOneHandlerCancellationsWithoutID: two different partial cancels
// of one payment whose data lacks cancellationId each run the callback,
// and a redelivery of the second (the same webhook-id) does not run it
// again.
func TestPortOneHandlerCancellationsWithoutID(t *testing.T) {
	rig := newPortOneRig(t)
	at := rig.clock.Now()
	deliver := func(id string, body []byte) int { return rig.deliverAs(id, portOneSecret, at, body).Code }
	first := webhooktest.PortOneTransaction("Transaction.PartialCancelled", at, "store-1", "order-1001", "tx-1", "")
	second := webhooktest.PortOneTransaction("Transaction.PartialCancelled", at.Add(time.Second), "store-1", "order-1001", "tx-1", "")

	assert.Equal(t, http.StatusOK, deliver("msg-1", first))
	assert.Equal(t, http.StatusOK, deliver("msg-2", second))
	assert.Equal(t, int32(2), rig.runs.Load(), "each 부분취소 runs the callback")
	assert.Equal(t, http.StatusOK, deliver("msg-2", second))
	assert.Equal(t, int32(2), rig.runs.Load(), "a redelivery does not")
}

// TestHandlerErrorsHideSecrets: what the error hook receives for refused
// deliveries never holds the secret or a signature.
func TestHandlerErrorsHideSecrets(t *testing.T) {
	rig := newPortOneRig(t)
	sig, err := webhooktest.PortOneSignature(swSecret, "msg-1", rig.clock.Now(), paidBody)
	require.NoError(t, err)
	rig.deliver(swSecret, paidBody)
	rig.deliverAt(portOneSecret, rig.clock.Now().Add(time.Hour), paidBody)
	require.Len(t, rig.errs, 2)
	for _, e := range rig.errs {
		for _, s := range []string{portOneSecret, swSecret[6:], sig[3:]} {
			assert.NotContains(t, e.Error(), s)
			assert.NotContains(t, sprintf("%+v %#v", e, e), s)
		}
	}
}

func ioNop(b []byte) nopCloser { return nopCloser{bytes.NewReader(b)} }

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }
