package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"os"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
	"github.com/paykit-kr/paykit/reconcile"
)

// schema is the merchant's own small order table: payment_key is the
// gateway's key the merchant stored (PortOne paymentId, Commerce
// order_number, Bootpay receipt_id); amounts are exact won; status is the
// common vocabulary of package reconcile. The shop sells in won only, so
// the table has no currency column and its records leave
// reconcile.Record.Currency empty (KRW): a gateway payment in another
// currency is reported as CurrencyDiffers.
const schema = `
CREATE TABLE IF NOT EXISTS orders (
	id          INTEGER PRIMARY KEY,
	payment_key TEXT    NOT NULL UNIQUE,
	amount      INTEGER NOT NULL,
	cancelled   INTEGER NOT NULL DEFAULT 0,
	status      TEXT    NOT NULL,
	ordered_at  INTEGER NOT NULL -- unix milliseconds
);
CREATE INDEX IF NOT EXISTS orders_ordered_at ON orders(ordered_at);
`

// openMerchantDB opens the merchant's existing SQLite database at path as
// it is, for a run on the real gateway: a file that does not exist is an
// error wrapping os.ErrNotExist (mode=rw never creates one), and so is a
// database without the orders table, which is never created here. An
// empty table would report every payment of the period
// missing_at_merchant. Like sqlitedb.Open it keeps one connection, which
// the temporary table of matched keys needs.
func openMerchantDB(ctx context.Context, path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", sqlitedb.URI(path, "mode=rw&_pragma=busy_timeout(5000)"))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'orders'`).Scan(&n)
	if err == nil && n == 0 {
		err = errors.New("no orders table (the schema in examples/reconcile/merchant.go)")
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sqlMerchant is reconcile.Merchant over the orders table. Find records
// the keys it is asked about in a temporary table, so Unmatched is one
// anti-join, read by key a page at a time: neither holds more than one
// batch in memory, however long the period. One value serves one run.
type sqlMerchant struct {
	db       *sql.DB
	pageSize int
}

// newSQLMerchant prepares a run over db: an empty table of matched keys.
// db must keep one connection (sqlitedb.Open does): the table is
// temporary, per connection.
func newSQLMerchant(ctx context.Context, db *sql.DB, pageSize int) (*sqlMerchant, error) {
	_, err := db.ExecContext(ctx, `DROP TABLE IF EXISTS temp.reconcile_seen;
		CREATE TEMP TABLE reconcile_seen (key TEXT PRIMARY KEY) WITHOUT ROWID;`)
	if err != nil {
		return nil, err
	}
	return &sqlMerchant{db: db, pageSize: max(pageSize, 1)}, nil
}

const orderColumns = `payment_key, amount, cancelled, status, ordered_at`

// Find marks keys matched and returns the orders holding them.
func (m *sqlMerchant) Find(ctx context.Context, keys []string) ([]reconcile.Record, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	tx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	values := strings.Repeat("(?),", len(keys))
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO reconcile_seen (key) VALUES `+values[:len(values)-1], args...); err != nil {
		return nil, err
	}
	marks := strings.Repeat("?,", len(keys))
	out, err := queryRecords(ctx, tx, `SELECT `+orderColumns+` FROM orders WHERE payment_key IN (`+marks[:len(marks)-1]+`)`, args...)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// Unmatched streams the period's orders Find never saw, by key, a page at
// a time.
func (m *sqlMerchant) Unmatched(ctx context.Context, period reconcile.Period) iter.Seq2[reconcile.Record, error] {
	return func(yield func(reconcile.Record, error) bool) {
		after := ""
		for {
			page, err := queryRecords(ctx, m.db, `SELECT `+orderColumns+` FROM orders
				WHERE ordered_at >= ? AND ordered_at < ? AND payment_key > ?
				AND NOT EXISTS (SELECT 1 FROM reconcile_seen s WHERE s.key = orders.payment_key)
				ORDER BY payment_key LIMIT ?`,
				period.From.UnixMilli(), period.Until.UnixMilli(), after, m.pageSize)
			if err != nil {
				yield(reconcile.Record{}, err)
				return
			}
			for _, r := range page {
				if !yield(r, nil) {
					return
				}
			}
			if len(page) < m.pageSize {
				return
			}
			after = page[len(page)-1].Key
		}
	}
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryRecords(ctx context.Context, q querier, query string, args ...any) ([]reconcile.Record, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reconcile.Record
	for rows.Next() {
		var r reconcile.Record
		var at int64
		if err := rows.Scan(&r.Key, &r.Amount, &r.Cancelled, &r.SourceStatus, &at); err != nil {
			return nil, err
		}
		r.Status, r.At = merchantStatus(r.SourceStatus), time.UnixMilli(at).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// merchantStatus reads the table's status; anything else is unknown.
func merchantStatus(s string) reconcile.Status {
	switch st := reconcile.Status(s); st {
	case reconcile.StatusPending, reconcile.StatusPaid, reconcile.StatusPartiallyCancelled,
		reconcile.StatusCancelled, reconcile.StatusFailed:
		return st
	}
	return reconcile.StatusUnknown
}

// loadOrders inserts records into the orders table, a transaction per
// 5,000, and returns how many it inserted.
func loadOrders(ctx context.Context, db *sql.DB, records iter.Seq[reconcile.Record]) (int, error) {
	n := 0
	var tx *sql.Tx
	var stmt *sql.Stmt
	commit := func() error {
		if tx == nil {
			return nil
		}
		stmt.Close()
		err := tx.Commit()
		tx = nil
		return err
	}
	for r := range records {
		if tx == nil {
			var err error
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return n, err
			}
			if stmt, err = tx.PrepareContext(ctx, `INSERT INTO orders (payment_key, amount, cancelled, status, ordered_at) VALUES (?, ?, ?, ?, ?)`); err != nil {
				tx.Rollback()
				return n, err
			}
		}
		if _, err := stmt.ExecContext(ctx, r.Key, r.Amount, r.Cancelled, string(r.Status), r.At.UnixMilli()); err != nil {
			tx.Rollback()
			return n, fmt.Errorf("order %s: %w", r.Key, err)
		}
		if n++; n%5000 == 0 {
			if err := commit(); err != nil {
				return n, err
			}
		}
	}
	return n, commit()
}
