package webhook_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// The PortOne SDK's test secret, id and bodies (portone-io/server-sdk tests).
const (
	portOneSecret     = "pzQGE83cSIRKM4/WH5QY+g=="
	portOneID         = "dummy-webhook-id"
	portOneBody       = `{"test": "test payload"}`
	portOneCancelBody = `{"type":"Transaction.Cancelled","timestamp":"2024-04-25T10:00:00.000Z","data":{"paymentId":"example-payment-id","storeId":"store-ae356798-3d20-4969-b739-14c6b0e1a667","transactionId":"55451513-9763-4a7a-bb43-78a4c65be843","cancellationId":"0cdd91e9-4e7c-44a3-a72e-1a6511826c2b"}}`
	// A stale signature both SDKs' suites put around the valid one.
	staleSig = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
)

// The Standard Webhooks libraries' deterministic vector.
const (
	swSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	swID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	swTimestamp = 1614265330
	swBody      = `{"test": 2432232314}`
	swSig       = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func fixedClock(unix int64) func() time.Time { return func() time.Time { return time.Unix(unix, 0) } }

func verifier(t *testing.T, now int64, secrets ...string) *webhook.PortOneVerifier {
	t.Helper()
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: secrets, Now: fixedClock(now)})
	require.NoError(t, err)
	return v
}

// signature is webhooktest.PortOneSignature of body by secret and id at
// the Unix second at.
func signature(t *testing.T, secret, id string, at int64, body []byte) string {
	t.Helper()
	sig, err := webhooktest.PortOneSignature(secret, id, time.Unix(at, 0), body)
	require.NoError(t, err)
	return sig
}

func headers(id, ts, sig string) http.Header {
	h := http.Header{}
	h.Set("webhook-id", id)
	h.Set("webhook-timestamp", ts)
	h.Set("webhook-signature", sig)
	return h
}

// TestFixedVectors checks the fixed-timestamp vectors: the PortOne secret and
// id at 1714039200 over two exact bodies, and Standard Webhooks' own
// deterministic vector, each at its own time.
func TestFixedVectors(t *testing.T) {
	for _, tc := range []struct {
		name, secret, id string
		ts               int64
		body, sig        string
	}{
		{"portone unrecognized body", portOneSecret, portOneID, 1714039200, portOneBody, "v1,biCzhirtjwCx//SL+e8vdtfIoZcMb+s/nmNPFxdeEew="},
		{"portone Transaction.Cancelled", portOneSecret, portOneID, 1714039200, portOneCancelBody, "v1,WcpSrH93A5Nq8FBp6WrpXA90yfYzfsbFptlaKixYHQ0="},
		{"standard webhooks sign vector", swSecret, swID, swTimestamp, swBody, swSig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := webhooktest.PortOneSignature(tc.secret, tc.id, time.Unix(tc.ts, 0), []byte(tc.body))
			require.NoError(t, err)
			assert.Equal(t, tc.sig, got, "webhooktest signs as the vector says")
			v := verifier(t, tc.ts, tc.secret)
			require.NoError(t, v.Verify(headers(tc.id, strconv.FormatInt(tc.ts, 10), tc.sig), []byte(tc.body)))
			// One byte more or less in the body fails.
			err = v.Verify(headers(tc.id, strconv.FormatInt(tc.ts, 10), tc.sig), []byte(tc.body+" "))
			assert.ErrorIs(t, err, webhook.ErrNoMatchingSignature)
		})
	}
}

// TestPortOneSDKVectors runs the cases of PortOne's JS SDK test suite
// (javascript/tests/webhook.test.ts), each with its expected verdict.
func TestPortOneSDKVectors(t *testing.T) {
	const now = 1714039200
	body := []byte(portOneBody)
	valid := signature(t, portOneSecret, portOneID, now, body)
	ts := strconv.FormatInt(now, 10)
	signedAt := func(sec int64) http.Header {
		return headers(portOneID, strconv.FormatInt(sec, 10), signature(t, portOneSecret, portOneID, sec, body))
	}
	for _, tc := range []struct {
		name    string
		secret  string
		h       http.Header
		wantErr error // nil: verifies
	}{
		{"valid signature is valid", portOneSecret, headers(portOneID, ts, valid), nil},
		{"valid unbranded signature is valid", portOneSecret, http.Header{
			"webhook-id": {portOneID}, "webhook-timestamp": {ts}, "webhook-signature": {valid}}, nil},
		{"multiple signatures", portOneSecret, headers(portOneID, ts, strings.Join([]string{
			staleSig, "v2," + staleSig[3:], valid, staleSig}, " ")), nil},
		{"handles with signature prefix", "whsec_" + portOneSecret, headers(portOneID, ts, valid), nil},
		{"missing id on header", portOneSecret, without(headers(portOneID, ts, valid), "webhook-id"), webhook.ErrMissingHeader},
		{"missing timestamp on header", portOneSecret, without(headers(portOneID, ts, valid), "webhook-timestamp"), webhook.ErrMissingHeader},
		{"invalid timestamp on header", portOneSecret, headers(portOneID, "hello", valid), webhook.ErrMalformedTimestamp},
		{"missing signature on header", portOneSecret, without(headers(portOneID, ts, valid), "webhook-signature"), webhook.ErrMissingHeader},
		{"invalid signature on header", portOneSecret, headers(portOneID, ts, "v1,dawfeoifkpqwoekfpqoekf"), webhook.ErrNoMatchingSignature},
		{"partial signature on header (8 chars)", portOneSecret, headers(portOneID, ts, valid[:8]), webhook.ErrNoMatchingSignature},
		{"partial signature on header (v1,)", portOneSecret, headers(portOneID, ts, "v1,"), webhook.ErrNoMatchingSignature},
		{"old timestamp (5001 s)", portOneSecret, signedAt(now - 5001), webhook.ErrTooOld},
		{"new timestamp (5001 s)", portOneSecret, signedAt(now + 5001), webhook.ErrTooNew},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := verifier(t, now, tc.secret).Verify(tc.h, body)
			if tc.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.wantErr)
			assert.ErrorIs(t, err, webhook.ErrUnverified)
		})
	}
}

// TestEmptySecretsRefused: PortOne's "empty secret" case and Standard
// Webhooks' TestWebhookNoEmptySecrets / NoEmptyPrefixedSecrets, plus no
// secret at all and one that is not base64.
func TestEmptySecretsRefused(t *testing.T) {
	for _, secrets := range [][]string{nil, {""}, {"whsec_"}, {portOneSecret, ""}, {"not base64!"}} {
		_, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: secrets})
		assert.ErrorIs(t, err, webhook.ErrInvalidSecret, "%q", secrets)
	}
}

// TestStandardWebhooksVectors runs the table of the upstream Go library
// (libraries/go/webhook_test.go) and the extra cases of its Python and JS
// suites, at a fixed clock.
func TestStandardWebhooksVectors(t *testing.T) {
	const now = swTimestamp
	tol := int64(webhook.DefaultTolerance / time.Second)
	body := []byte(swBody)
	sign := func(sec int64) http.Header {
		return headers(swID, strconv.FormatInt(sec, 10), signature(t, swSecret, swID, sec, body))
	}
	valid := sign(now)
	set := func(name, value string) http.Header {
		h := valid.Clone()
		h.Set(name, value)
		return h
	}
	ignoring := 100 * 365 * 24 * time.Hour // "VerifyIgnoringTimestamp": a window wider than any test time
	for _, tc := range []struct {
		name    string
		h       http.Header
		tol     time.Duration
		wantErr error
	}{
		{"valid signature is valid", valid, 0, nil},
		{"missing id returns error", without(valid, "webhook-id"), 0, webhook.ErrMissingHeader},
		{"missing timestamp returns error", without(valid, "webhook-timestamp"), 0, webhook.ErrMissingHeader},
		{"missing signature returns error", without(valid, "webhook-signature"), 0, webhook.ErrMissingHeader},
		{"invalid signature is invalid", set("webhook-signature", staleSig), 0, webhook.ErrNoMatchingSignature},
		{"partial signature is invalid", set("webhook-signature", "v1,"), 0, webhook.ErrNoMatchingSignature},
		// Upstream reads a sub-second wall clock, so "now - tolerance" is
		// already too old there; at whole seconds it is too old one second later.
		{"old timestamp fails", sign(now - tol - 1), 0, webhook.ErrTooOld},
		{"new timestamp fails", sign(now + tol + 1), 0, webhook.ErrTooNew},
		{"valid multi sig is valid", set("webhook-signature", strings.Join([]string{
			staleSig, "v2," + staleSig[3:], valid.Get("webhook-signature"), staleSig}, " ")), 0, nil},
		{"old timestamp passes when ignoring tolerance", sign(now - tol), ignoring, nil},
		{"new timestamp passes when ignoring tolerance", sign(now + tol), ignoring, nil},
		{"valid timestamp passes when ignoring tolerance", valid, ignoring, nil},
		{"invalid timestamp fails when ignoring tolerance", set("webhook-timestamp", "946684800"), ignoring, webhook.ErrNoMatchingSignature},
		{"python: one character changed", set("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="), 0, webhook.ErrNoMatchingSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{swSecret}, Tolerance: tc.tol, Now: fixedClock(now)})
			require.NoError(t, err)
			err = v.Verify(tc.h, body)
			if tc.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.wantErr)
		})
	}
}

// TestSecretForms: with and without whsec_ (TestWebhookPrefix), and the
// Python library's unpadded secrets, each verifying a signature made with
// the padded form of the same key.
func TestSecretForms(t *testing.T) {
	for _, raw := range []string{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr"} {
		padded := raw + strings.Repeat("=", (4-len(raw)%4)%4)
		sig := signature(t, padded, swID, swTimestamp, []byte(swBody))
		for _, form := range []string{raw, "whsec_" + raw, padded, "whsec_" + padded} {
			err := verifier(t, swTimestamp, form).Verify(headers(swID, strconv.Itoa(swTimestamp), sig), []byte(swBody))
			assert.NoError(t, err, form)
		}
	}
}

// TestEmptyPayloadVerifies: the JS library's "empty payload" case: an empty
// body with a valid signature verifies (decoding it is a separate step).
func TestEmptyPayloadVerifies(t *testing.T) {
	sig := signature(t, swSecret, swID, swTimestamp, nil)
	assert.NoError(t, verifier(t, swTimestamp, swSecret).Verify(headers(swID, strconv.Itoa(swTimestamp), sig), nil))
}

// TestToleranceBoundary: exactly the tolerance away is accepted both ways
// (PortOne's SDKs: now - ts > 300 is too old), one second more is not; a
// configured tolerance replaces the default.
func TestToleranceBoundary(t *testing.T) {
	const now = 1714039200
	body := []byte(portOneBody)
	check := func(tol time.Duration, at int64) error {
		sig := signature(t, portOneSecret, portOneID, at, body)
		v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Tolerance: tol, Now: fixedClock(now)})
		require.NoError(t, err)
		return v.Verify(headers(portOneID, strconv.FormatInt(at, 10), sig), body)
	}
	assert.NoError(t, check(0, now-300))
	assert.NoError(t, check(0, now+300))
	assert.ErrorIs(t, check(0, now-301), webhook.ErrTooOld)
	assert.ErrorIs(t, check(0, now+301), webhook.ErrTooNew)
	assert.NoError(t, check(10*time.Minute, now-600))
	assert.ErrorIs(t, check(time.Minute, now-61), webhook.ErrTooOld)
	var ve *webhook.VerificationError
	require.ErrorAs(t, check(0, now-400), &ve)
	assert.Equal(t, 100*time.Second, ve.Skew)
}

// TestTimestampSignedAsSent: the HMAC covers the header text as sent, so a
// timestamp with a leading zero verifies when it was signed that way (as
// PortOne's JS SDK does) and not when the signer normalised it; a sign or
// a space is refused before any signature is checked.
func TestTimestampSignedAsSent(t *testing.T) {
	const now = 1714039200
	body := []byte(portOneBody)
	text := "0" + strconv.Itoa(now)
	asSent, err := webhooktest.PortOneSignatureText(portOneSecret, portOneID, text, body)
	require.NoError(t, err)
	normalised := signature(t, portOneSecret, portOneID, now, body)
	v := verifier(t, now, portOneSecret)
	assert.NoError(t, v.Verify(headers(portOneID, text, asSent), body))
	assert.ErrorIs(t, v.Verify(headers(portOneID, text, normalised), body), webhook.ErrNoMatchingSignature)
	for _, bad := range []string{"+" + strconv.Itoa(now), " " + strconv.Itoa(now), strconv.Itoa(now) + "abc", "-1", "1e9", "99999999999999999999"} {
		sig, err := webhooktest.PortOneSignatureText(portOneSecret, portOneID, bad, body)
		require.NoError(t, err)
		assert.ErrorIs(t, v.Verify(headers(portOneID, bad, sig), body), webhook.ErrMalformedTimestamp, "%q", bad)
	}
}

// TestDuplicatedHeadersRefused: a header sent twice is refused even when one
// of the values would verify, whether net/http or a hand-built map holds it.
func TestDuplicatedHeadersRefused(t *testing.T) {
	const now = 1714039200
	body := []byte(portOneBody)
	h, err := webhooktest.PortOneHeaders(portOneSecret, portOneID, time.Unix(now, 0), body)
	require.NoError(t, err)
	v := verifier(t, now, portOneSecret)
	require.NoError(t, v.Verify(h, body))
	for _, name := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
		dup := h.Clone()
		dup.Add(name, h.Get(name))
		assert.ErrorIs(t, v.Verify(dup, body), webhook.ErrDuplicateHeader, name)
		handBuilt := http.Header{}
		for k, vs := range h {
			handBuilt[strings.ToLower(k)] = append([]string(nil), vs...)
		}
		handBuilt[strings.ToLower(name)] = append(handBuilt[strings.ToLower(name)], h.Get(name))
		assert.ErrorIs(t, v.Verify(handBuilt, body), webhook.ErrDuplicateHeader, name)
	}
}

// TestRotation: with two secrets, a delivery signed with either verifies,
// and one carrying both signatures too; a third secret's does not.
func TestRotation(t *testing.T) {
	const now = 1714039200
	oldSecret, newSecret, other := portOneSecret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2VjcmV0LW5vdC1jb25maWd1cmVkLWhlcmU="
	body := []byte(portOneCancelBody)
	v := verifier(t, now, oldSecret, newSecret)
	sig := func(secret string) string { return signature(t, secret, portOneID, now, body) }
	ts := strconv.Itoa(now)
	assert.NoError(t, v.Verify(headers(portOneID, ts, sig(oldSecret)), body))
	assert.NoError(t, v.Verify(headers(portOneID, ts, sig(newSecret)), body))
	assert.NoError(t, v.Verify(headers(portOneID, ts, sig(other)+" "+sig(newSecret)), body))
	assert.ErrorIs(t, v.Verify(headers(portOneID, ts, sig(other)), body), webhook.ErrNoMatchingSignature)
}

// TestSecretsNeverShown: neither the verifier's printing nor any of its
// errors contains a secret, its decoded form, or a signature.
func TestSecretsNeverShown(t *testing.T) {
	const now = 1714039200
	body := []byte(portOneBody)
	good := signature(t, portOneSecret, portOneID, now, body)
	v := verifier(t, now, portOneSecret)
	wrong := verifier(t, now, swSecret)
	var texts []string
	for _, s := range []string{"%v", "%+v", "%#v", "%s"} {
		texts = append(texts, sprintf(s, v))
	}
	for _, e := range []error{
		wrong.Verify(headers(portOneID, strconv.Itoa(now), good), body),
		v.Verify(headers(portOneID, strconv.Itoa(now-1000), good), body),
		v.Verify(headers(portOneID, "x"+good, good), body),
	} {
		require.Error(t, e)
		texts = append(texts, e.Error(), sprintf("%+v", e), sprintf("%#v", e))
	}
	_, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret, "whsec_" + good[3:] + "!"}})
	require.Error(t, err)
	texts = append(texts, err.Error())
	for _, text := range texts {
		for _, secret := range []string{portOneSecret, "pzQGE83cSIRKM4", swSecret[6:], good[3:], good[3:20]} {
			assert.NotContains(t, text, secret)
		}
	}
}

func without(h http.Header, name string) http.Header {
	h = h.Clone()
	h.Del(name)
	return h
}
