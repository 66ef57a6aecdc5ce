package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
)

// TestMemoryStoreKeepsAnUnfinishedClaim: Store's contract says Done marks
// the key done even if its lease has ended, as long as nobody claimed it
// since. A full MemoryStore once dropped every ended lease to make room
// for an unrelated key, so a callback that outlived its lease could not
// record its success (ErrNotRecorded) and the next delivery of the same
// fact ran it again. The unrelated key is refused instead (ErrStoreFull:
// the sender delivers again), Done succeeds, and the fact runs once.
func TestMemoryStoreKeepsAnUnfinishedClaim(t *testing.T) {
	ctx := context.Background()
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	store := webhook.NewMemoryStore(webhook.MemoryConfig{Capacity: 1, Now: clock.Now})
	p := &webhook.Processor{Store: store, Lease: time.Minute}
	var runs int
	var unrelated error
	ran, err := p.Process(ctx, "paid", func(context.Context) error {
		runs++
		clock.Advance(2 * time.Minute) // the callback outlives its lease; nobody claims its key
		_, unrelated = store.Claim(ctx, "unrelated", time.Minute)
		return nil
	})
	assert.True(t, ran)
	assert.NoError(t, err, "nobody claimed the key since: Done must succeed")
	assert.ErrorIs(t, unrelated, webhook.ErrStoreFull, "the full store refuses the unrelated key rather than forget the claim")
	ran, err = p.Process(ctx, "paid", func(context.Context) error { runs++; return nil })
	assert.False(t, ran)
	require.NoError(t, err)
	assert.Equal(t, 1, runs, "the fact runs once")
}

// TestMemoryStoreForgetsAnAbandonedClaimAfterRetain: a claim nobody
// finished is forgotten, when the store is full, once its lease has been
// over for Retain, so crashed claimants do not fill the store for good;
// its token can then no longer finish.
func TestMemoryStoreForgetsAnAbandonedClaimAfterRetain(t *testing.T) {
	ctx := context.Background()
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	store := webhook.NewMemoryStore(webhook.MemoryConfig{Capacity: 1, Retain: time.Hour, Now: clock.Now})
	c, err := store.Claim(ctx, "abandoned", time.Minute)
	require.NoError(t, err)
	clock.Advance(time.Minute + time.Hour - time.Nanosecond)
	_, err = store.Claim(ctx, "next", time.Minute)
	require.ErrorIs(t, err, webhook.ErrStoreFull, "a nanosecond short of Retain after the lease ended")
	clock.Advance(time.Nanosecond)
	next, err := store.Claim(ctx, "next", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, webhook.Claimed, next.State)
	assert.ErrorIs(t, store.Done(ctx, "abandoned", c.Token), webhook.ErrLeaseLost)
}
