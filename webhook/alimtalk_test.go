package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const alimtalkSecret = "atk-secret-4f1c2b"

var alimtalkBody = []byte(`{"event":"delivered","event_code":301,"delivery_id":"dlv-1","receipt_id":"msg-1"}`)

// TestAlimtalkVerify: the HMAC of "{timestamp}.{body}" in hex verifies within
// five minutes; tampering, another secret, stale or future timestamps, a
// base64 digest and missing headers do not. A known digest pins the rule.
func TestAlimtalkVerify(t *testing.T) {
	const now = 1714039200
	v, err := webhook.NewAlimtalkVerifier(webhook.AlimtalkConfig{Secret: alimtalkSecret, Now: fixedClock(now)})
	require.NoError(t, err)
	at := time.Unix(now, 0)
	h := webhooktest.AlimtalkHeaders(alimtalkSecret, at, alimtalkBody)
	// Computed independently with Python's hmac over "1714039200." + body.
	known := set(h, "X-Bootpay-Signature", "sha256=3e31006f29ddc89e3859955752d4a55a21720de3bea682767f0c7694c4e19311")
	require.NoError(t, v.Verify(known, alimtalkBody))
	require.NoError(t, v.Verify(set(known, "X-Bootpay-Signature", "sha256=3E31006F29DDC89E3859955752D4A55A21720DE3BEA682767F0C7694C4E19311"), alimtalkBody), "hex in either case")
	assert.Equal(t, known, h, "webhooktest signs the same")

	ms := h.Clone() // a millisecond timestamp is read as such for the window and signed as sent
	ms.Set("X-Bootpay-Timestamp", strconv.FormatInt(now*1000, 10))
	for _, tc := range []struct {
		name string
		h    http.Header
		body []byte
		want error
	}{
		{"tampered", h, append([]byte(" "), alimtalkBody...), webhook.ErrNoMatchingSignature},
		{"other secret", webhooktest.AlimtalkHeaders("other", at, alimtalkBody), alimtalkBody, webhook.ErrNoMatchingSignature},
		{"stale", webhooktest.AlimtalkHeaders(alimtalkSecret, at.Add(-301*time.Second), alimtalkBody), alimtalkBody, webhook.ErrTooOld},
		{"future", webhooktest.AlimtalkHeaders(alimtalkSecret, at.Add(301*time.Second), alimtalkBody), alimtalkBody, webhook.ErrTooNew},
		{"ms timestamp, signature over seconds", ms, alimtalkBody, webhook.ErrNoMatchingSignature},
		{"base64 digest", set(h, "X-Bootpay-Signature", "sha256=bV4La0tjqwoeXP8aGk2n8o3da1vV6LG016CxwvjxS9s="), alimtalkBody, webhook.ErrNoMatchingSignature},
		{"no signature", without(h, "X-Bootpay-Signature"), alimtalkBody, webhook.ErrMissingHeader},
		{"no timestamp", without(h, "X-Bootpay-Timestamp"), alimtalkBody, webhook.ErrMissingHeader},
		{"bad timestamp", set(h, "X-Bootpay-Timestamp", "soon"), alimtalkBody, webhook.ErrMalformedTimestamp},
	} {
		err := v.Verify(tc.h, tc.body)
		assert.ErrorIs(t, err, tc.want, tc.name)
		assert.NotContains(t, sprintf("%v %#v", err, v), alimtalkSecret)
	}
	_, err = webhook.NewAlimtalkVerifier(webhook.AlimtalkConfig{})
	assert.ErrorIs(t, err, webhook.ErrInvalidSecret)
}

func set(h http.Header, k, v string) http.Header {
	h = h.Clone()
	h.Set(k, v)
	return h
}

// TestAlimtalkHandler: a signed delivery runs the callback once with the
// decoded event; a redelivery is acknowledged without running it; a forged
// one is 401.
func TestAlimtalkHandler(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	v, err := webhook.NewAlimtalkVerifier(webhook.AlimtalkConfig{Secret: alimtalkSecret, Now: clock.Now})
	require.NoError(t, err)
	var got []*webhook.AlimtalkEvent
	h := webhook.AlimtalkHandler(v, func(_ context.Context, ev *webhook.AlimtalkEvent) error { got = append(got, ev); return nil },
		webhook.WithProcessor(&webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: clock.Now})}))
	send := func(secret string) int {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/alimtalk", bytesReader(alimtalkBody))
		req.Header = webhooktest.AlimtalkHeaders(secret, clock.Now(), alimtalkBody)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusUnauthorized, send("forged"))
	assert.Equal(t, http.StatusOK, send(alimtalkSecret))
	clock.Advance(time.Minute)
	assert.Equal(t, http.StatusOK, send(alimtalkSecret))
	require.Len(t, got, 1)
	assert.Equal(t, webhook.AlimtalkDelivered, got[0].EventCode)
	assert.Equal(t, "delivered", got[0].Event)
	assert.Equal(t, "dlv-1", got[0].DeliveryID)
	assert.JSONEq(t, string(alimtalkBody), string(got[0].Raw))
}

// FuzzDecodeAlimtalkEvent: any body is an event with a key or a
// *DecodeError; Raw is always valid JSON.
func FuzzDecodeAlimtalkEvent(f *testing.F) {
	for _, s := range []string{string(alimtalkBody), `{"event":302}`, `{"event_code":"303"}`, `{}`, `[]`, `{"event_code":1.5}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := webhook.DecodeAlimtalkEvent(body)
		if err != nil {
			var de *webhook.DecodeError
			if !errors.As(err, &de) {
				t.Fatal(err)
			}
			return
		}
		if !json.Valid(ev.Raw) || ev.Key() == "" {
			t.Fatalf("bad event %+v", ev)
		}
	})
}

// FuzzAlimtalkVerify: arbitrary header values never panic and never verify
// unless they carry the right HMAC.
func FuzzAlimtalkVerify(f *testing.F) {
	f.Add("1714039200", "sha256=00", []byte("{}"))
	f.Add("1714039200", "sha256=3e31006f29ddc89e3859955752d4a55a21720de3bea682767f0c7694c4e19311", alimtalkBody)
	f.Add("1714039200000", "sha256="+string(make([]byte, 64)), []byte(""))
	f.Fuzz(func(t *testing.T, ts, sig string, body []byte) {
		v, err := webhook.NewAlimtalkVerifier(webhook.AlimtalkConfig{Secret: alimtalkSecret, Now: fixedClock(1714039200)})
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		h.Set("X-Bootpay-Timestamp", ts)
		h.Set("X-Bootpay-Signature", sig)
		err = v.Verify(h, body)
		switch {
		case err == nil:
			// Only the right HMAC of what was sent verifies.
			want := webhooktest.AlimtalkHeaders(alimtalkSecret, time.Unix(1714039200, 0), body).Get("X-Bootpay-Signature")
			if ts != "1714039200" || !strings.EqualFold(sig, want) {
				t.Fatalf("verified ts %q sig %q", ts, sig)
			}
		case !errors.Is(err, webhook.ErrUnverified):
			t.Fatal(err)
		}
	})
}

// TestDecodeAlimtalkEventMember pins how "event" is read: a string is the
// event's name (escapes decoded), unless it is a number standing for a code
// the body does not give as event_code; a number is only ever the code;
// anything else is neither.
func TestDecodeAlimtalkEventMember(t *testing.T) {
	for body, want := range map[string]struct {
		code webhook.AlimtalkEventCode
		name string
	}{
		`{"event":"delivered","event_code":301}`:       {301, "delivered"},
		`{"event":"\ubc1c\uc1a1 \u0026 \uc804\ub2ec"}`: {0, "발송 & 전달"},
		`{"event":302}`:                     {302, ""},
		`{"event":"303"}`:                   {303, ""},
		`{"event":302,"event_code":301}`:    {301, ""},
		`{"event":"304","event_code":301}`:  {301, "304"},
		`{"event":null,"event_code":"301"}`: {301, ""},
		`{"event":{"name":"delivered"}}`:    {0, ""},
		`{"event":true}`:                    {0, ""},
		`{"delivery_id":"d"}`:               {0, ""},
	} {
		ev, err := webhook.DecodeAlimtalkEvent([]byte(body))
		require.NoError(t, err, body)
		assert.Equal(t, want.code, ev.EventCode, body)
		assert.Equal(t, want.name, ev.Event, body)
	}
}
