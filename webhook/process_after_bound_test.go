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

// stuckAfterStore is a MemoryStore whose Done and Release hang until their
// context ends (a database that stopped answering once the callback ran)
// or the test lets them go, recording how long they waited.
type stuckAfterStore struct {
	*webhook.MemoryStore
	unstick chan struct{}
	waited  time.Duration
}

func (s *stuckAfterStore) wait(ctx context.Context) error {
	start := time.Now()
	defer func() { s.waited = time.Since(start) }()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.unstick:
		return errors.New("let go by the test")
	}
}

func (s *stuckAfterStore) Done(ctx context.Context, _, _ string) error { return s.wait(ctx) }

func (s *stuckAfterStore) Release(ctx context.Context, _, _ string) error { return s.wait(ctx) }

// TestDoneAndReleaseAreBounded: the handlers' context never ends on its
// own, and Process calls Done and Release on it detached once more, so a
// Store whose Done or Release hung on a database that stopped answering
// would hold the delivery's goroutine for ever, one more with each
// redelivery during the outage. Process bounds both by the lease, as it
// bounds Claim: a hanging Done buys nothing, since the key is claimable
// again once the lease is over whether Done hangs or fails. A Done cut so
// is ErrNotRecorded (the work is done: acknowledged 200, the error
// reported); a Release cut so is joined with the callback's error
// (answered 500: the callback failed). Run in a synctest bubble, so the
// five minutes pass at once.
func TestDoneAndReleaseAreBounded(t *testing.T) {
	for _, fail := range []bool{false, true} {
		name := map[bool]string{false: "Done", true: "Release"}[fail]
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}})
				if err != nil {
					t.Fatal(err)
				}
				store := &stuckAfterStore{MemoryStore: webhook.NewMemoryStore(webhook.MemoryConfig{}), unstick: make(chan struct{})}
				cbErr := errors.New("the merchant's database is down")
				fn := func(context.Context) error {
					if fail {
						return cbErr
					}
					return nil
				}
				var reported error
				h := webhook.PortOneHandler(v, func(ctx context.Context, _ *webhook.PortOneDelivery) error { return fn(ctx) },
					webhook.WithProcessor(&webhook.Processor{Store: store}),
					webhook.WithErrorHook(func(_ *http.Request, err error) { reported = err }))
				body := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", "order-1", "tx-1", "")
				req, err := webhooktest.NewPortOneRequest("/webhooks/portone", portOneSecret, "msg-1", time.Now(), body)
				if err != nil {
					t.Fatal(err)
				}
				rec := httptest.NewRecorder()
				answered := make(chan struct{})
				go func() { defer close(answered); h.ServeHTTP(rec, req) }()

				time.Sleep(2 * webhook.DefaultLease) // twice the bound Claim gets
				synctest.Wait()
				select {
				case <-answered:
				default:
					t.Errorf("%s stuck on its database still holds the delivery after %v (Claim is bounded by the lease, %v)",
						name, 2*webhook.DefaultLease, webhook.DefaultLease)
					close(store.unstick)
					<-answered
					return
				}
				if store.waited != webhook.DefaultLease {
					t.Errorf("%s waited %v, want the lease (%v)", name, store.waited, webhook.DefaultLease)
				}
				want := map[bool]int{false: http.StatusOK, true: http.StatusInternalServerError}[fail]
				if rec.Code != want || !errors.Is(reported, context.DeadlineExceeded) {
					t.Errorf("answered %d, reported %v; want %d, reporting the deadline", rec.Code, reported, want)
				}
				if !fail && !errors.Is(reported, webhook.ErrNotRecorded) {
					t.Errorf("a Done cut by the lease reported %v, want ErrNotRecorded", reported)
				}

				// Process itself, with a one-minute lease, on a context
				// already cancelled once fn returns (a client gone).
				ctx, cancel := context.WithCancel(context.Background())
				ran, err := (&webhook.Processor{Store: store, Lease: time.Minute}).Process(ctx, "k", func(ctx context.Context) error {
					cancel()
					return fn(ctx)
				})
				wantErr := map[bool]error{false: webhook.ErrNotRecorded, true: cbErr}[fail]
				if !ran || !errors.Is(err, wantErr) || !errors.Is(err, context.DeadlineExceeded) || store.waited != time.Minute {
					t.Errorf("Process: ran %v, %v after %v; want ran, %v and the deadline after a minute", ran, err, store.waited, wantErr)
				}
			})
		})
	}
}
