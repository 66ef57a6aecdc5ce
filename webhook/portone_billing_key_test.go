package webhook_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

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
