package webhook_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/redact/redacttest"
	"github.com/paykit-kr/paykit/webhook"
)

// Planted values of the raw bodies: a billing key, a phone number and the
// redacttest card and account numbers.
var (
	rawBillingKey = redacttest.Secret("raw-event-billing-key")
	rawPhone      = "01098765432"
)

// rawPortOneBodies are PortOne events of types this package does not know,
// in compact JSON as PortOne sends them (so Raw holds them byte for byte):
// a future BillingKey.* subtype, which carries the billing key, and a
// transaction event carrying a card number (as a string and as a number)
// and an account number.
var rawPortOneBodies = map[string]string{
	"billing key": `{"type":"BillingKey.Expired","timestamp":"2026-01-15T10:30:00Z",` +
		`"data":{"billingKey":"` + rawBillingKey + `","storeId":"store-raw-1"}}`,
	"card and account": `{"type":"Transaction.Teleported","timestamp":"2026-01-15T10:30:00Z",` +
		`"data":{"paymentId":"pay-raw-1","transactionId":"tx-raw-1","totalAmount":15000,` +
		`"card":{"cardNumber":"` + redacttest.CardDashed + `","bin":` + redacttest.CardDigits + `},` +
		`"accountNumber":"` + redacttest.Account + `","currency":"KRW"}}`,
}

// rawShown are the allowed values each body's printing must show.
var rawShown = map[string][]string{
	"billing key":      {"BillingKey.Expired", "2026-01-15T10:30:00Z", "store-raw-1"},
	"card and account": {"Transaction.Teleported", "pay-raw-1", "tx-raw-1", "KRW"},
	"alimtalk":         {"dlv-raw-1", "delivered", "301"},
}

// rawAlimtalkBody carries the recipient's phone number.
var rawAlimtalkBody = `{"delivery_id":"dlv-raw-1","event":"delivered","event_code":301,` +
	`"receiver":{"phone":"` + rawPhone + `"},"message":"` + redacttest.Secret("alimtalk-message") + `"}`

// rawDetector recognises every planted value in any encoding fmt uses.
func rawDetector() *redacttest.Detector { return redacttest.NewDetector(rawBillingKey, rawPhone) }

func decodeRawPortOne(t *testing.T, body string) *webhook.PortOneUnknownEvent {
	t.Helper()
	ev, err := webhook.DecodePortOneEvent("application/json", []byte(body))
	require.NoError(t, err)
	require.IsType(t, &webhook.PortOneUnknownEvent{}, ev)
	return ev.(*webhook.PortOneUnknownEvent)
}

// rawEvents returns, by name, the decoded events holding planted values,
// and the Raw of each.
func rawEvents(t *testing.T) (events map[string]any, raws map[string]webhook.RawJSON) {
	events, raws = map[string]any{}, map[string]webhook.RawJSON{}
	for name, body := range rawPortOneBodies {
		ev := decodeRawPortOne(t, body)
		events[name] = ev
		raws[name] = ev.Raw
	}
	ev, err := webhook.DecodeAlimtalkEvent([]byte(rawAlimtalkBody))
	require.NoError(t, err)
	events["alimtalk"], raws["alimtalk"] = ev, ev.Raw
	return events, raws
}

// TestRawUnknownEventsKeepTheBody: a BillingKey.* event of a subtype this
// package does not know and a transaction event of an unknown type decode
// to PortOneUnknownEvent; Reveal returns the body's exact bytes, and a
// copy of them.
func TestRawUnknownEventsKeepTheBody(t *testing.T) {
	for name, body := range rawPortOneBodies {
		ev := decodeRawPortOne(t, body)
		assert.Equal(t, body, string(ev.Raw.Reveal()), name)
		assert.Equal(t, webhook.PortOneEventType(strings.Split(body, `"`)[3]), ev.EventType(), name)

		revealed := ev.Raw.Reveal()
		revealed[0] = 'X'
		assert.Equal(t, body, string(ev.Raw), "%s: changing what Reveal returned leaves the event as it was", name)
	}
	assert.Nil(t, webhook.RawJSON(nil).Reveal())
}

// TestRawPrintsMasked prints each event, a pointer to it, its Raw and a
// PortOneDelivery holding it with the verbs of the brief and through
// slog's JSON and text handlers: no planted value shows, and the allowed
// ids and types do, so the printing stays useful.
func TestRawPrintsMasked(t *testing.T) {
	detector := rawDetector()
	events, raws := rawEvents(t)
	for name, ev := range events {
		prints := map[string]any{"event": ev, "Raw": raws[name], "*Raw": &[]webhook.RawJSON{raws[name]}[0]}
		if pe, ok := ev.(webhook.PortOneEvent); ok {
			prints["delivery"] = webhook.PortOneDelivery{WebhookID: "msg-1", Event: pe, Key: "k"}
		}
		for what, v := range prints {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
				out := fmt.Sprintf(verb, v)
				requireMaskedAndShown(t, detector, name, out, fmt.Sprintf("%s %s with %s", name, what, verb))
			}
			for handler, newHandler := range map[string]func(*bytes.Buffer) slog.Handler{
				"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
				"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			} {
				var b bytes.Buffer
				slog.New(newHandler(&b)).Info("webhook", "v", v, slog.Group("g", "v", v))
				requireMaskedAndShown(t, detector, name, b.String(), fmt.Sprintf("%s %s through slog's %s handler", name, what, handler))
			}
		}
	}
}

func requireMaskedAndShown(t *testing.T, d *redacttest.Detector, name, out, how string) {
	t.Helper()
	frag, planted, leak := d.Find(out)
	require.False(t, leak, "%s shows %q (of %q): %s", how, frag, planted, out)
	require.NotContains(t, out, "15000", "%s: a number of a member not on the allow-list is masked", how)
	require.Contains(t, out, "[REDACTED]", how)
	for _, id := range rawShown[name] {
		require.Contains(t, out, id, how)
	}
}

// TestRawRedactionMatrix runs the shared redaction matrix on the events
// and their Raw: every verb of redacttest.Verbs, through a pointer, in
// structs, slices and maps, and through slog's handlers.
func TestRawRedactionMatrix(t *testing.T) {
	checker := &redacttest.Checker{T: t, Detector: rawDetector()}
	events, raws := rawEvents(t)
	for name, ev := range events {
		require.True(t, checker.Detector.InJSON(ev), "%s: the event really holds planted values", name)
		checker.Check(name+" event", ev)
		checker.Check(name+" Raw", raws[name])
	}
	require.Empty(t, checker.Leaks)
}

// TestRawJSONEncodingKeepsTheBody: JSON encoding is not printing: an event
// encodes with its body as received and decodes back to the same event.
func TestRawJSONEncodingKeepsTheBody(t *testing.T) {
	for name, body := range rawPortOneBodies {
		ev := decodeRawPortOne(t, body)
		b, err := json.Marshal(ev)
		require.NoError(t, err)
		typ := strings.Split(body, `"`)[3]
		assert.Equal(t, `{"Type":"`+typ+`","Raw":`+body+`}`, string(b), name)

		var back webhook.PortOneUnknownEvent
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, *ev, back, name)
	}
	b, err := json.Marshal(webhook.PortOneUnknownEvent{Type: "X"})
	require.NoError(t, err)
	assert.Equal(t, `{"Type":"X","Raw":null}`, string(b))
	var back webhook.PortOneUnknownEvent
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Empty(t, back.Raw)
}

// TestRawInvalidJSONIsRedacted: a Raw that is not valid JSON (one built by
// hand, or cut short) prints [REDACTED] as a whole; an empty one prints
// nothing.
func TestRawInvalidJSONIsRedacted(t *testing.T) {
	raw := webhook.RawJSON(`{"paymentId":"pay-raw-1","card":"` + redacttest.CardDashed + `"`)
	for _, verb := range []string{"%v", "%+v", "%s", "%x", "%X", "%d"} {
		assert.Equal(t, "[REDACTED]", fmt.Sprintf(verb, raw), verb)
	}
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%q", raw))
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%#v", raw))
	assert.Equal(t, `"[REDACTED]"`, raw.GoString())
	assert.Equal(t, "[REDACTED]", raw.LogValue().String())
	assert.Empty(t, webhook.RawJSON(nil).String())
}

// TestRawMasksNumbers: a number value of a member not on the allow-list is
// masked; an allowed one prints exactly as sent.
func TestRawMasksNumbers(t *testing.T) {
	raw := webhook.RawJSON(`{"event_code":301,"cardNo":` + redacttest.CardDigits + `,"amount":1.50}`)
	assert.Equal(t, `{"amount":"[REDACTED]","cardNo":"[REDACTED]","event_code":301}`, raw.String())
}

// TestAlimtalkKeyHashesTheRealBody: without a delivery id, the process-once
// key is still the digest of the body as received, not of its masked
// printing.
func TestAlimtalkKeyHashesTheRealBody(t *testing.T) {
	body := `{"event_code":302,"receiver":{"phone":"` + rawPhone + `"}}`
	ev, err := webhook.DecodeAlimtalkEvent([]byte(body))
	require.NoError(t, err)
	sum := sha256.Sum256([]byte(body))
	assert.Equal(t, "alimtalk:body:"+hex.EncodeToString(sum[:]), ev.Key())
	other, err := webhook.DecodeAlimtalkEvent([]byte(strings.Replace(body, rawPhone, "01011112222", 1)))
	require.NoError(t, err)
	assert.NotEqual(t, ev.Key(), other.Key(), "bodies that print alike still have their own keys")
	assert.Equal(t, fmt.Sprint(ev), fmt.Sprint(other))
}
