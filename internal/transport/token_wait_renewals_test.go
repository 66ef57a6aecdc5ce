package transport

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestWaitRenewalsWhileRenewalsStart: Client.WaitRenewals may be called
// while other calls keep starting renewals (a test that waits in one
// goroutine while its load runs in others). Every fetch hands out a token
// already inside the margin, so every call starts a renewal as soon as the
// last one ended; a waiter that sees the renewals reach none while a new
// one starts must neither panic (a sync.WaitGroup reused before its Wait
// returned does) nor miss a renewal that was running when it was called.
func TestWaitRenewalsWhileRenewalsStart(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var begun, ended atomic.Int64 // fetches
	src := NewTokenSource(func(context.Context) (Token, error) {
		begun.Add(1)
		defer ended.Add(1)
		return Token{Value: "tok", Expiry: now.Add(time.Minute)}, nil // always in the five-minute margin
	}, 5*time.Minute, func() time.Time { return now })
	_, err := src.Token(t.Context()) // the first token: the caller waits for it
	assert.NoError(t, err)

	stop := make(chan struct{})
	var load sync.WaitGroup
	for range 2 {
		load.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := src.Token(t.Context()); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	deadline := time.Now().Add(150 * time.Millisecond)
	waits := 0
	for time.Now().Before(deadline) {
		running := begun.Load()
		src.wait()
		if got := ended.Load(); got < running {
			t.Fatalf("wait returned with %d of the %d fetches begun before it still running", running-got, running)
		}
		waits++
	}
	close(stop)
	load.Wait()
	src.wait()
	t.Logf("%d waits while renewals kept starting", waits)
}
