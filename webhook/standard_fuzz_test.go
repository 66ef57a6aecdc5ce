package webhook_test

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// FuzzDifferentialStandardWebhooks compares PortOneVerifier with the
// upstream Standard Webhooks Go library on random secrets, ids,
// timestamps, bodies and signature headers: both must give the same verdict
// and the same kind of failure, except in three named classes of input
// where paykit deliberately differs, and where the test asserts paykit's
// own rule instead:
//
//   - nonCanonicalTimestamp: a timestamp header that is not the plain
//     decimal the upstream library would re-format it to ("0123", "+123",
//     "-5", " 123"). Upstream parses it and signs the re-formatted number;
//     paykit follows PortOne's byte-exact rule: digits only, signed as sent.
//   - windowBoundary: a timestamp within a second of the tolerance. Upstream
//     reads the wall clock with sub-second precision (so exactly 300 s old
//     is already too old); paykit compares whole seconds, as PortOne's SDKs
//     do, and accepts exactly ±300 s.
//   - emptyKey: a secret that decodes to no bytes. Upstream v0.0.1 (the only
//     tag) verifies with an empty HMAC key; paykit refuses the secret.
func FuzzDifferentialStandardWebhooks(f *testing.F) {
	f.Add([]byte("1\xf6\x16\xa5\xdc\xe2\x0cV\x1d\xcb\xc8,\xf3\x87\xc7\x8e"), true, swID, int64(0), "", []byte(swBody), "", uint8(0))
	f.Add([]byte("key"), false, "id", int64(-300), "", []byte("{}"), "", uint8(1))
	f.Add([]byte("key"), false, "id", int64(12), "0123", []byte("{}"), "v1,abc v2,def", uint8(2))
	f.Add([]byte{}, true, "id", int64(5000), "", []byte(""), staleSig, uint8(3))
	f.Add([]byte("k"), true, "msg", int64(1), "+1614265330", []byte("x"), "v1,,", uint8(4))
	f.Fuzz(func(t *testing.T, key []byte, prefixed bool, id string, offset int64, tsText string, body []byte, sigHeader string, mode uint8) {
		now := time.Now().Truncate(time.Second)
		offset %= 1000
		secret := base64.StdEncoding.EncodeToString(key)
		if prefixed {
			secret = "whsec_" + secret
		}
		if mode&1 == 0 || tsText == "" {
			tsText = strconv.FormatInt(now.Unix()+offset, 10)
		}
		sig := sigHeader
		if mode&2 == 0 && len(key) > 0 {
			good, err := webhooktest.PortOneSignatureText(secret, id, tsText, body)
			if err != nil {
				t.Fatal(err)
			}
			sig = strings.TrimSpace(sigHeader + " " + good)
		}
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", tsText)
		h.Set("webhook-signature", sig)

		ours, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{secret}, Now: func() time.Time { return now }})
		if len(key) == 0 { // class emptyKey
			if !errors.Is(err, webhook.ErrInvalidSecret) {
				t.Fatalf("emptyKey: an empty secret was accepted: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		ourErr := ours.Verify(h, body)

		// h.Get is what both read: net/http's Set drops nothing but a
		// value's surrounding white space is kept.
		sent := h.Get("webhook-timestamp")
		ts, parseErr := strconv.ParseInt(sent, 10, 64)
		if parseErr == nil && strconv.FormatInt(ts, 10) != sent || parseErr != nil && isDigits(sent) {
			nonCanonicalTimestamp(t, ours, h, body, id, secret, ourErr)
			return
		}
		up, err := standardwebhooks.NewWebhook(secret)
		if err != nil {
			t.Fatal(err)
		}
		upErr := up.Verify(body, h)
		if d := ts - now.Unix(); parseErr == nil && abs(d) >= 299 && abs(d) <= 301 && h.Get("webhook-id") != "" && h.Get("webhook-signature") != "" {
			// class windowBoundary: paykit's whole-second window decides;
			// the signature verdict must still agree with upstream's.
			switch {
			case abs(d) <= 300:
				upErr = up.VerifyIgnoringTimestamp(body, h)
			case d < 0:
				upErr = standardwebhooks.ErrMessageTooOld
			default:
				upErr = standardwebhooks.ErrMessageTooNew
			}
		}
		if want := upstreamReason(upErr); !sameReason(ourErr, want) {
			t.Fatalf("verdicts differ: paykit %v, upstream %v (ts %q, now %d)", ourErr, upErr, sent, now.Unix())
		}
	})
}

// nonCanonicalTimestamp asserts paykit's rule for a timestamp upstream
// would re-format: refused unless it is all digits, and then verified
// against the text as sent.
func nonCanonicalTimestamp(t *testing.T, v *webhook.PortOneVerifier, h http.Header, body []byte, id, secret string, got error) {
	t.Helper()
	if h.Get("webhook-id") == "" || h.Get("webhook-signature") == "" {
		if !errors.Is(got, webhook.ErrMissingHeader) {
			t.Fatalf("nonCanonicalTimestamp: want a missing header, got %v", got)
		}
		return
	}
	sent := h.Get("webhook-timestamp")
	if !isDigits(sent) || len(sent) > 19 {
		if !errors.Is(got, webhook.ErrMalformedTimestamp) && !errors.Is(got, webhook.ErrMissingHeader) {
			t.Fatalf("nonCanonicalTimestamp: %q accepted as a timestamp: %v", sent, got)
		}
		return
	}
	if errors.Is(got, webhook.ErrTooOld) || errors.Is(got, webhook.ErrTooNew) || errors.Is(got, webhook.ErrMalformedTimestamp) {
		return // leading zeros on a time outside the window, or beyond int64
	}
	asSent, err := webhooktest.PortOneSignatureText(secret, id, sent, body)
	if err != nil {
		t.Fatal(err)
	}
	signed := false
	for _, entry := range strings.Split(h.Get("webhook-signature"), " ") {
		if p := strings.SplitN(entry, ",", 3); len(p) >= 2 && "v1,"+p[1] == asSent && p[0] == "v1" {
			signed = true
		}
	}
	if signed != (got == nil) {
		t.Fatalf("nonCanonicalTimestamp: %q signed as sent: %v, verdict %v", sent, signed, got)
	}
}

// upstreamReason maps the upstream library's errors to paykit's reasons.
func upstreamReason(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, standardwebhooks.ErrRequiredHeaders):
		return webhook.ErrMissingHeader
	case errors.Is(err, standardwebhooks.ErrInvalidHeaders):
		return webhook.ErrMalformedTimestamp
	case errors.Is(err, standardwebhooks.ErrMessageTooOld):
		return webhook.ErrTooOld
	case errors.Is(err, standardwebhooks.ErrMessageTooNew):
		return webhook.ErrTooNew
	case errors.Is(err, standardwebhooks.ErrNoMatchingSignature):
		return webhook.ErrNoMatchingSignature
	}
	return err
}

func sameReason(ours, want error) bool {
	if want == nil || ours == nil {
		return want == nil && ours == nil
	}
	return errors.Is(ours, want)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// FuzzPortOneHeaders fuzzes the header parser: any webhook-id,
// webhook-timestamp and webhook-signature values (several of each when
// they contain a newline) give nil only for a correctly signed delivery,
// and otherwise a *VerificationError, never a panic.
func FuzzPortOneHeaders(f *testing.F) {
	f.Add(portOneID, "1714039200", "v1,biCzhirtjwCx//SL+e8vdtfIoZcMb+s/nmNPFxdeEew=")
	f.Add("a\nb", "1714039200", "v1a,x v1,,, v1")
	f.Add("", "017140392000", " ")
	f.Fuzz(func(t *testing.T, id, ts, sig string) {
		v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: fixedClock(1714039200)})
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{
			"Webhook-Id":        strings.Split(id, "\n"),
			"Webhook-Timestamp": strings.Split(ts, "\n"),
			"Webhook-Signature": strings.Split(sig, "\n"),
		}
		body := []byte(portOneBody)
		err = v.Verify(h, body)
		if err == nil {
			want, serr := webhooktest.PortOneSignatureText(portOneSecret, id, ts, body)
			if serr != nil {
				t.Fatal(serr)
			}
			if !strings.Contains(" "+sig+" ", " "+want+" ") && !strings.Contains(" "+sig, " "+want+",") {
				t.Fatalf("verified without the signature: id %q ts %q sig %q", id, ts, sig)
			}
			return
		}
		var ve *webhook.VerificationError
		if !errors.As(err, &ve) {
			t.Fatal(err)
		}
	})
}
