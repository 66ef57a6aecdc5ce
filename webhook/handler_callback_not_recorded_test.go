package webhook_test

import (
	"context"
	"fmt"
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

// TestCallbackErrorWrappingErrNotRecordedIs500: with a Processor, the
// handler acknowledges Process's own ErrNotRecorded (the work is done, its
// key could not be recorded), never the callback's error that wraps one:
// a callback that runs a step once per order through the same Processor
// (the browser path's PortOnePaidKey) and returns that step's
// ErrNotRecorded before its remaining steps has failed, and Process
// released the event's key for a retry. It is answered 500, so that the
// sender delivers it again and the remaining steps run.
func TestCallbackErrorWrappingErrNotRecordedIs500(t *testing.T) {
	clock := time.Unix(1714039200, 0)
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: func() time.Time { return clock }})
	require.NoError(t, err)
	var calls, finished atomic.Int32
	var reported error
	h := webhook.PortOneHandler(v, func(context.Context, *webhook.PortOneDelivery) error {
		if calls.Add(1) == 1 {
			// The fulfilment step ran, but its own key was not recorded;
			// the callback stops before sending the receipt mail.
			return fmt.Errorf("fulfilling order-1001: %w", webhook.ErrNotRecorded)
		}
		finished.Add(1)
		return nil
	}, webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: func() time.Time { return clock }})}),
		webhook.WithErrorHook(func(_ *http.Request, err error) { reported = err }))

	deliver := func() int {
		req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", clock, paidBody)
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusInternalServerError, deliver(), "the callback failed: 500, so that PortOne delivers it again")
	assert.ErrorIs(t, reported, webhook.ErrNotRecorded, "the hook gets the callback's error as it is")
	assert.Equal(t, http.StatusOK, deliver(), "PortOne's redelivery (sent only after a non-2xx)")
	assert.Equal(t, int32(1), finished.Load(), "the callback's remaining steps ran on the redelivery")
}
