package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAlimtalkKeyTellsEventsOfOneDeliveryApart: whether delivery_id names
// the message or one event of it is UNCONFIRMED, so the key carries the
// event too. A message switched to LMS (304) and then failing (302) under
// one delivery_id runs the callback for each; a second delivery of the
// 302 still collapses into the first.
func TestAlimtalkKeyTellsEventsOfOneDeliveryApart(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	v, err := webhook.NewAlimtalkVerifier(webhook.AlimtalkConfig{Secret: alimtalkSecret, Now: clock.Now})
	require.NoError(t, err)
	var got []webhook.AlimtalkEventCode
	h := webhook.AlimtalkHandler(v, func(_ context.Context, ev *webhook.AlimtalkEvent) error { got = append(got, ev.EventCode); return nil },
		webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: clock.Now})}))
	send := func(body string) int {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/alimtalk", bytesReader([]byte(body)))
		req.Header = webhooktest.AlimtalkHeaders(alimtalkSecret, clock.Now(), []byte(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		clock.Advance(time.Minute)
		return rec.Code
	}
	fallback := `{"event":"fallback","event_code":304,"delivery_id":"dlv-7"}`
	failed := `{"event":"failed","event_code":302,"delivery_id":"dlv-7"}`
	for _, body := range []string{fallback, failed, failed, fallback} {
		assert.Equal(t, http.StatusOK, send(body))
	}
	assert.Equal(t, []webhook.AlimtalkEventCode{webhook.AlimtalkFallback, webhook.AlimtalkFailed}, got,
		"each event of the delivery ran once; its redeliveries ran nothing")

	// Without a code, the event's name tells the events apart.
	named := func(name string) string {
		ev, err := webhook.DecodeAlimtalkEvent([]byte(`{"event":"` + name + `","delivery_id":"dlv-8"}`))
		require.NoError(t, err)
		return ev.Key()
	}
	assert.NotEqual(t, named("fallback"), named("failed"))
	assert.Equal(t, named("failed"), named("failed"))
}
