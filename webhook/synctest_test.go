//go:build go1.25

package webhook_test

import (
	"errors"
	"net/http"
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

// TestVerifierDefaultClockFollowsTime: the default clock reads the wall
// clock at most once a second and adds the monotonic time in between; ten
// minutes later a delivery signed at the start is too old and one signed
// now verifies (a clock that kept its first reading would do the
// opposite).
func TestVerifierDefaultClockFollowsTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		early := signedAt(t, "msg-early", start)
		if err := v.Verify(early.h, early.body); err != nil {
			t.Fatalf("at start: %v", err)
		}
		time.Sleep(10 * time.Minute)
		if err := v.Verify(early.h, early.body); !errors.Is(err, webhook.ErrTooOld) {
			t.Fatalf("ten minutes on, a delivery signed at start: got %v, want ErrTooOld", err)
		}
		late := signedAt(t, "msg-late", time.Now())
		if err := v.Verify(late.h, late.body); err != nil {
			t.Fatalf("ten minutes on, a delivery signed now: %v", err)
		}
	})
}

// TestVerifierDefaultClockAcrossBubbles: one verifier used outside a
// synctest bubble, inside one (whose clock starts in 2000) and outside
// again sees each side's own time; a reading taken on one side is never
// carried to the other.
func TestVerifierDefaultClockAcrossBubbles(t *testing.T) {
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}})
	if err != nil {
		t.Fatal(err)
	}
	outside := func(label string) {
		d := signedAt(t, "msg-"+label, time.Now())
		if err := v.Verify(d.h, d.body); err != nil {
			t.Fatalf("%s the bubble: %v", label, err)
		}
	}
	outside("before")
	synctest.Test(t, func(t *testing.T) {
		d := signedAt(t, "msg-inside", time.Now())
		if err := v.Verify(d.h, d.body); err != nil {
			t.Fatalf("inside the bubble (%v): %v", time.Now().UTC(), err)
		}
	})
	outside("after")
}

type delivery struct {
	h    http.Header
	body []byte
}

func signedAt(t *testing.T, id string, at time.Time) delivery {
	t.Helper()
	body := webhooktest.PortOneTransaction("Transaction.Paid", at, "store-1", "order-1", "tx-1", "")
	h, err := webhooktest.PortOneHeaders(portOneSecret, id, at, body)
	if err != nil {
		t.Fatal(err)
	}
	return delivery{h, body}
}
