//go:build go1.25

package webhook_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// TestVerifierDefaultClockIsTimeNow: a verifier built without Now
// checks timestamps against time.Now, so a merchant's test that runs it in
// a testing/synctest bubble (Go 1.25+) sees the bubble's clock, as it sees
// every other time.Now (a clock read around time.Now, say through
// syscall.Gettimeofday, would refuse the delivery as too old).
func TestVerifierDefaultClockIsTimeNow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}})
		if err != nil {
			t.Fatal(err)
		}
		body := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", "order-1", "tx-1", "")
		h, err := webhooktest.PortOneHeaders(portOneSecret, "msg-1", time.Now(), body)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Verify(h, body); err != nil {
			t.Fatalf("signed at time.Now() (%v), refused: %v", time.Now().UTC(), err)
		}
	})
}
