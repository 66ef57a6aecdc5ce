//go:build go1.25

package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// stuckClaimStore is a Store whose Claim hangs until its context ends (a
// database that stopped answering), recording how long it waited.
type stuckClaimStore struct {
	webhook.Store
	waited time.Duration
}

func (s *stuckClaimStore) Claim(ctx context.Context, _ string, _ time.Duration) (webhook.Claim, error) {
	start := time.Now()
	<-ctx.Done()
	s.waited = time.Since(start)
	return webhook.Claim{}, ctx.Err()
}

// TestClaimIsBoundedByTheLease: the handlers no longer let the sender's
// hanging up end their work, so a Claim stuck on a database that stopped
// answering would hold the request for ever. Process bounds Claim by the
// lease: the delivery is answered 503, nothing ran, and the sender
// delivers it again (a Claim that fails so may still have taken the key,
// free again at most a lease later). Run in a synctest bubble, so the
// five minutes pass at once.
func TestClaimIsBoundedByTheLease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}})
		if err != nil {
			t.Fatal(err)
		}
		store := &stuckClaimStore{}
		ran := false
		h := webhook.PortOneHandler(v, func(context.Context, *webhook.PortOneDelivery) error { ran = true; return nil },
			webhook.WithProcessor(&webhook.Processor{Store: store}))
		body := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", "order-1", "tx-1", "")
		req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", time.Now(), body)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable || ran {
			t.Errorf("a stuck Claim: answered %d, callback ran %v; want 503, not run", rec.Code, ran)
		}
		if store.waited != webhook.DefaultLease {
			t.Errorf("Claim waited %v, want the lease (%v)", store.waited, webhook.DefaultLease)
		}

		p := &webhook.Processor{Store: store, Lease: time.Minute}
		_, err = p.Process(context.Background(), "k", func(context.Context) error { ran = true; return nil })
		if !errors.Is(err, context.DeadlineExceeded) || ran || store.waited != time.Minute {
			t.Errorf("Process with a one-minute lease: %v after %v, ran %v", err, store.waited, ran)
		}
	})
}
