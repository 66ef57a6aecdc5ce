package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCallbackErrorIsAlways500: the callback's error is answered 500
// whatever it wraps. A callback that fails with an error wrapping an
// *http.MaxBytesError (it read a body of its own through
// http.MaxBytesReader) is not answered 413, a 4xx a sender may take as
// final (UNCONFIRMED for Commerce, see CommerceLookup.Verify), for a
// delivery that succeeds on the next try; nor is one wrapping a verdict
// (ErrMismatch: 403) or a decoding failure (400). An oversize body is
// still 413.
func TestCallbackErrorIsAlways500(t *testing.T) {
	clock := time.Unix(1714039200, 0)
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: func() time.Time { return clock }})
	require.NoError(t, err)
	for _, cause := range []error{
		&http.MaxBytesError{Limit: 4096},
		webhook.ErrMismatch,
		&webhook.DecodeError{Sender: "warehouse", Err: fmt.Errorf("not JSON")},
	} {
		h := webhook.PortOneHandler(v, func(context.Context, *webhook.PortOneDelivery) error {
			return fmt.Errorf("reading the warehouse's answer: %w", cause)
		})
		req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", clock, paidBody)
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusInternalServerError, rec.Code, "the callback failed with %T: 500, as documented", cause)
	}

	h := webhook.PortOneHandler(v, func(context.Context, *webhook.PortOneDelivery) error { return nil }, webhook.WithMaxBodyBytes(16))
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", clock, paidBody)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
}
