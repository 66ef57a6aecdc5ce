package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// The PortOne verifier is measured against BenchmarkHMACBaseline, the same
// bytes through raw crypto/hmac. Run the pair interleaved, so that a busy
// moment of a shared machine falls on both sides of the ratio rather than on
// ten runs of one of them:
//
//	go test -c -o /tmp/webhook.test ./webhook
//	for i in $(seq 10); do
//		/tmp/webhook.test -test.run '^$' -test.benchmem \
//			-test.bench 'PortOneVerify$|HMACBaseline$|StandardWebhooksVerify$'
//	done > /tmp/verify.txt
//	benchstat /tmp/verify.txt
//
// (go test -count 10 runs each benchmark ten times before the next one.)

// benchBody is a 4 KiB event body.
var benchBody = func() []byte {
	b := []byte(portOneCancelBody)
	pad := 4096 - len(b)
	return []byte(strings.Replace(string(b), `"example-payment-id"`, `"example-payment-id`+strings.Repeat("x", pad)+`"`, 1))
}()

// BenchmarkPortOneVerify verifies one signed 4 KiB delivery: header
// lookups, timestamp parsing and window, HMAC, base64, comparison.
func BenchmarkPortOneVerify(b *testing.B) {
	now := time.Now()
	h, err := webhooktest.PortOneHeaders(swSecret, swID, now, benchBody)
	if err != nil {
		b.Fatal(err)
	}
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{swSecret}})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Verify(h, benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHMACBaseline is the floor: the same bytes through a pre-keyed
// HMAC-SHA256, base64 and a constant-time compare, with nothing else.
func BenchmarkHMACBaseline(b *testing.B) {
	now := time.Now()
	sig, err := webhooktest.PortOneSignature(swSecret, swID, now, benchBody)
	if err != nil {
		b.Fatal(err)
	}
	want := []byte(sig[3:])
	key, _ := base64.StdEncoding.DecodeString(swSecret[6:])
	mac := hmac.New(sha256.New, key)
	prefix := []byte(swID + "." + strconv.FormatInt(now.Unix(), 10) + ".")
	var sum [32]byte
	var text [44]byte
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		mac.Reset()
		mac.Write(prefix)
		mac.Write(benchBody)
		mac.Sum(sum[:0])
		base64.StdEncoding.Encode(text[:], sum[:])
		if subtle.ConstantTimeCompare(text[:], want) != 1 {
			b.Fatal("no match")
		}
	}
}

// BenchmarkStandardWebhooksVerify is the upstream library on the same
// delivery.
func BenchmarkStandardWebhooksVerify(b *testing.B) {
	now := time.Now()
	h, err := webhooktest.PortOneHeaders(swSecret, swID, now, benchBody)
	if err != nil {
		b.Fatal(err)
	}
	wh, err := standardwebhooks.NewWebhook(swSecret)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		if err := wh.Verify(benchBody, h); err != nil {
			b.Fatal(err)
		}
	}
}
