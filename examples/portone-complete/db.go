package portonecomplete

import (
	"context"
	"crypto/rand"
	"database/sql"

	_ "modernc.org/sqlite" // the SQLite driver, pure Go
)

// Schema creates the orders table. payment_id is UNIQUE, so one payment can
// never complete two orders.
const Schema = `
CREATE TABLE IF NOT EXISTS orders (
	id            TEXT PRIMARY KEY,
	payment_id    TEXT NOT NULL UNIQUE,            -- PortOne paymentId, stored before the payment window opens
	amount        INTEGER NOT NULL,                -- won, exact
	status        TEXT NOT NULL DEFAULT 'pending', -- pending | awaiting_deposit | paid
	va_bank       TEXT,                            -- the virtual account, once issued
	va_number     TEXT,
	va_expires_at TEXT
);`

// Open opens an SQLite database at path (":memory:" for a throwaway one)
// and creates the schema.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one connection: an in-memory database is per connection
	if _, err := db.ExecContext(ctx, Schema); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// NewPaymentID returns a fresh paymentId for PortOne.requestPayment, like
// the guide's `payment-${crypto.randomUUID()}`.
func NewPaymentID() string { return "payment-" + rand.Text() }

// AddOrder stores a new order with the paymentId the browser will pay it
// under, at checkout, before the payment window opens.
func AddOrder(ctx context.Context, db *sql.DB, orderID, paymentID string, amount int64) error {
	_, err := db.ExecContext(ctx, `INSERT INTO orders (id, payment_id, amount) VALUES (?, ?, ?)`, orderID, paymentID, amount)
	return err
}
