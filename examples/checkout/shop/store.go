package shop

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"time"

	"github.com/paykit-kr/paykit/webhook"
)

// KeyStore is webhook.Store in the shop's database, following the SQL
// contract documented on webhook.Store: one row per key in webhook_keys,
// claimed by an INSERT … ON CONFLICT that takes over only an ended lease,
// with the database's clock. Every instance sharing the database shares
// it, so a webhook and its redeliveries are processed once across
// instances.
type KeyStore struct{ db *DB }

var _ webhook.Store = KeyStore{}

// Claim implements webhook.Store. The INSERT returns no row when the key
// is done or held; the SELECT then tells which. A Release between the two
// deletes the row, leaving a key nobody holds: the claim is tried once
// more, and if that races too the answer is Busy (the sender delivers
// again), never a store failure.
func (s KeyStore) Claim(ctx context.Context, key string, lease time.Duration) (webhook.Claim, error) {
	for range 2 {
		c, err := s.claim(ctx, key, lease)
		if !errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
	}
	return webhook.Claim{State: webhook.Busy}, nil
}

// claim is one attempt of Claim: sql.ErrNoRows when the key was released
// between its two statements.
func (s KeyStore) claim(ctx context.Context, key string, lease time.Duration) (webhook.Claim, error) {
	token := rand.Text()
	now := s.db.d.nowMillis
	var got string
	err := s.db.QueryRow(ctx, `INSERT INTO webhook_keys (key, token, done, lease_until) VALUES (?, ?, FALSE, `+now+` + ?)
		ON CONFLICT (key) DO UPDATE SET token = excluded.token, lease_until = excluded.lease_until
		WHERE NOT webhook_keys.done AND webhook_keys.lease_until < `+now+`
		RETURNING token`, key, token, lease.Milliseconds()).Scan(&got)
	switch {
	case err == nil:
		return webhook.Claim{State: webhook.Claimed, Token: got}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return webhook.Claim{}, err
	}
	var done bool
	if err := s.db.QueryRow(ctx, `SELECT done FROM webhook_keys WHERE key = ?`, key).Scan(&done); err != nil {
		return webhook.Claim{}, err
	}
	if done {
		return webhook.Claim{State: webhook.AlreadyDone}, nil
	}
	return webhook.Claim{State: webhook.Busy}, nil
}

// Done implements webhook.Store.
func (s KeyStore) Done(ctx context.Context, key, token string) error {
	return s.lost(s.db.Exec(ctx, `UPDATE webhook_keys SET done = TRUE WHERE key = ? AND token = ? AND NOT done`, key, token))
}

// Release implements webhook.Store.
func (s KeyStore) Release(ctx context.Context, key, token string) error {
	return s.lost(s.db.Exec(ctx, `DELETE FROM webhook_keys WHERE key = ? AND token = ? AND NOT done`, key, token))
}

func (KeyStore) lost(res sql.Result, err error) error {
	switch {
	case err != nil:
		return err
	case !affected(res):
		return webhook.ErrLeaseLost
	}
	return nil
}
