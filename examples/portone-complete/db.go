package portonecomplete

import (
	"context"
	"crypto/rand"
	"database/sql"

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
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
	return sqlitedb.Open(ctx, path, Schema)
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
