package webhook_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
)

func memStore(clock *sandbox.Clock, capacity int) *webhook.MemoryStore {
	return webhook.NewMemoryStore(webhook.MemoryConfig{Capacity: capacity, Retain: time.Hour, Now: clock.Now})
}

// TestProcessOnce: a key runs once; a failure releases it so the next
// attempt runs; a done key is not run again.
func TestProcessOnce(t *testing.T) {
	ctx := context.Background()
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	p := &webhook.Processor{Store: memStore(clock, 10), Lease: time.Minute}
	var runs int
	boom := errors.New("boom")
	ran, err := p.Process(ctx, "k", func(context.Context) error { runs++; return boom })
	assert.True(t, ran)
	assert.ErrorIs(t, err, boom)
	for range 3 {
		_, err = p.Process(ctx, "k", func(context.Context) error { runs++; return nil })
		require.NoError(t, err)
	}
	assert.Equal(t, 2, runs, "one failed run, then one successful run, then none")
	ran, err = p.Process(ctx, "other", func(context.Context) error { return nil })
	assert.True(t, ran)
	assert.NoError(t, err)
}

// TestProcessConcurrent: 50 goroutines process one key; exactly one runs
// the callback, the others see it in progress or done.
func TestProcessConcurrent(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	p := &webhook.Processor{Store: memStore(clock, 100)}
	var runs atomic.Int32
	var wg sync.WaitGroup
	release := make(chan struct{})
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.Process(context.Background(), "k", func(context.Context) error {
				runs.Add(1)
				<-release
				return nil
			})
			if err != nil {
				assert.ErrorIs(t, err, webhook.ErrInProgress)
			}
		}()
	}
	time.Sleep(10 * time.Millisecond) // let the others find the key busy
	close(release)
	wg.Wait()
	assert.Equal(t, int32(1), runs.Load())
}

// TestLeaseExpiry: a claimant that dies keeps the key until its lease ends;
// then the key is claimed again, and the dead claimant's late Done fails.
func TestLeaseExpiry(t *testing.T) {
	ctx := context.Background()
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	s := memStore(clock, 10)
	dead, err := s.Claim(ctx, "k", time.Minute)
	require.NoError(t, err)
	require.Equal(t, webhook.Claimed, dead.State)
	c, err := s.Claim(ctx, "k", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, webhook.Busy, c.State)
	clock.Advance(time.Minute)
	c, err = s.Claim(ctx, "k", time.Minute)
	require.NoError(t, err)
	require.Equal(t, webhook.Claimed, c.State)
	assert.ErrorIs(t, s.Done(ctx, "k", dead.Token), webhook.ErrLeaseLost)
	assert.ErrorIs(t, s.Release(ctx, "k", dead.Token), webhook.ErrLeaseLost)
	require.NoError(t, s.Done(ctx, "k", c.Token))
	c, err = s.Claim(ctx, "k", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, webhook.AlreadyDone, c.State)
}

// TestMemoryStoreBounded: a full store refuses new keys rather than forget a
// done one early; done keys are forgotten after Retain, and abandoned claims
// Retain after their lease ended (not before: their claimant may still
// finish, see TestMemoryStoreKeepsAnUnfinishedClaim), making room.
func TestMemoryStoreBounded(t *testing.T) {
	ctx := context.Background()
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	s := memStore(clock, 2)
	p := &webhook.Processor{Store: s, Lease: time.Minute}
	ok := func(context.Context) error { return nil }
	_, err := s.Claim(ctx, "abandoned", time.Minute)
	require.NoError(t, err)
	clock.Advance(30 * time.Minute)
	_, err = p.Process(ctx, "a", ok)
	require.NoError(t, err)
	_, err = p.Process(ctx, "c", ok)
	assert.ErrorIs(t, err, webhook.ErrStoreFull, "the abandoned lease ended, but less than Retain ago")
	ran, err := p.Process(ctx, "a", ok)
	assert.False(t, ran, "a done key is still remembered")
	assert.NoError(t, err)

	clock.Advance(31 * time.Minute) // the abandoned lease ended Retain ago
	ran, err = p.Process(ctx, "c", ok)
	assert.True(t, ran)
	require.NoError(t, err)
	assert.Equal(t, 2, s.Len())
	ran, err = p.Process(ctx, "a", ok)
	assert.False(t, ran, "making room forgot no done key")
	assert.NoError(t, err)

	clock.Advance(time.Hour) // a and c are past Retain
	_, err = p.Process(ctx, "d", ok)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Len())
}

// failingStore claims but cannot record Done.
type failingStore struct{ webhook.Store }

func (failingStore) Done(context.Context, string, string) error { return errors.New("db down") }

// TestNotRecorded: a callback that succeeded but whose Done failed is
// reported as ran with ErrNotRecorded.
func TestNotRecorded(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	p := &webhook.Processor{Store: failingStore{memStore(clock, 10)}}
	ran, err := p.Process(context.Background(), "k", func(context.Context) error { return nil })
	assert.True(t, ran)
	assert.ErrorIs(t, err, webhook.ErrNotRecorded)
}
