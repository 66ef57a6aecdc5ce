package shop

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/webhook"
)

// TestKeyStoreClaimRacingARelease: Claim is two statements, the INSERT …
// ON CONFLICT that returns no row while the key is held, then "SELECT
// done" to tell Busy from AlreadyDone. A Release (DELETE) between the two
// once left the SELECT no row, and Claim failed with sql.ErrNoRows: the
// handler answered 503 and the reconciler logged a store failure for a key
// that was merely free. Two instances claim and release the key again and
// again while a third claims it: Claim never fails.
func TestKeyStoreClaimRacingARelease(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "shop.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := KeyStore{db}
	var (
		wg     sync.WaitGroup
		stop   = make(chan struct{})
		errs   = make(chan error, 1)
		claims int
	)
	claimAndRelease := func() (webhook.Claim, error) {
		c, err := s.Claim(ctx, "k", time.Minute)
		if err == nil && c.State == webhook.Claimed {
			err = s.Release(ctx, "k", c.Token)
		}
		return c, err
	}
	releaser := func() { // an instance that claims the key and fails its work, again and again
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			_, _ = claimAndRelease()
		}
	}
	wg.Add(3)
	go releaser()
	go releaser()
	go func() { // another instance: a redelivery of the same event
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			c, err := claimAndRelease()
			if err != nil {
				errs <- err
				return
			}
			if c.State == webhook.AlreadyDone {
				errs <- nil // impossible: nobody marks the key done
				return
			}
			claims++
		}
	}()
	select {
	case err := <-errs:
		t.Errorf("Claim of a key that is not done failed (or read done): %v", err)
	case <-time.After(190 * time.Millisecond):
	}
	close(stop)
	wg.Wait()
	if claims == 0 {
		t.Error("the redelivering instance never got an answer")
	}
}
