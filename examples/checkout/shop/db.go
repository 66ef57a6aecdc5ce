package shop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver ("pgx")
	_ "modernc.org/sqlite"             // the SQLite driver, pure Go

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
)

// DB is the shop's database: SQLite or PostgreSQL behind database/sql, with
// the few places where the two must differ kept in one dialect value.
type DB struct {
	*sql.DB
	d dialect
}

// dialect is everything that differs between SQLite and PostgreSQL. The
// queries themselves are written once, with ? placeholders.
type dialect struct {
	name string
	// forUpdate is appended to the SELECT that locks an order row. SQLite
	// has no row locks: its transactions begin IMMEDIATE (the database's
	// write lock is taken at BEGIN), which serialises the same critical
	// sections across connections and processes.
	forUpdate string
	// nowMillis is the database clock in Unix milliseconds, so that every
	// instance agrees on when a webhook claim's lease ends.
	nowMillis string
	// statementMillis is the database clock when the statement (on
	// PostgreSQL, its transaction: now()) began, in Unix milliseconds. It
	// is the same for every row, so a condition on it can bound an index
	// scan, which the volatile clock_timestamp() of nowMillis cannot.
	// (SQLite's 'now' is fixed for a statement already.)
	statementMillis string
	// dollar: PostgreSQL numbers its placeholders ($1, $2, …).
	dollar bool
	// lockReference takes a transaction's lock on one payment reference
	// (its one placeholder is "gateway:reference"), held until the
	// transaction ends: PostgreSQL's advisory lock in a key space of its
	// own (class 7304; a hash collision only makes two references wait
	// for each other). SQLite needs none: its transaction holds the
	// database's write lock. See cancellations.go.
	lockReference string
}

var (
	sqlite = dialect{name: "sqlite", nowMillis: `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`,
		statementMillis: `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`}
	postgres = dialect{name: "postgres", forUpdate: " FOR UPDATE OF o", nowMillis: `CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)`,
		statementMillis: `CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)`, dollar: true,
		lockReference: `SELECT pg_advisory_xact_lock(7304, hashtext(?))`}
)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database dsn names and brings its schema up to date:
// a postgres:// or postgresql:// URL is PostgreSQL (through pgx); anything
// else is an SQLite file path, or ":memory:" for a throwaway database.
//
// SQLite gets one connection per process (an in-memory database is per
// connection, and SQLite has one writer at a time anyway), WAL journaling
// (readers do not wait for the writer), a 30-second busy timeout (another
// process holding the write lock is waited for, not an error) and
// transactions that take the write lock at BEGIN (_txlock=immediate), so two
// processes sharing one file serialise exactly where PostgreSQL's row
// locks serialise them.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var db *DB
	if IsPostgres(dsn) {
		sdb, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		sdb.SetMaxOpenConns(20)
		db = &DB{DB: sdb, d: postgres}
	} else {
		sdb, err := sql.Open("sqlite", sqlitedb.URI(dsn, "_txlock=immediate&_pragma=busy_timeout(30000)&_pragma=journal_mode(WAL)"))
		if err != nil {
			return nil, err
		}
		sdb.SetMaxOpenConns(1)
		db = &DB{DB: sdb, d: sqlite}
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("shop: migrating the %s database: %w", db.d.name, err)
	}
	return db, nil
}

// Dialect names the database: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name }

// q rewrites a query written with ? placeholders for the dialect.
func (d dialect) q(query string) string {
	if !d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Exec, QueryRow and Query take ? placeholders on either database.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.ExecContext(ctx, db.d.q(query), args...)
}

// QueryRow is QueryRowContext with ? placeholders.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.QueryRowContext(ctx, db.d.q(query), args...)
}

// queryAll runs query (? placeholders) and reads every row into a T,
// scanning into the fields dest names. The rows are closed when it
// returns, so the caller may write while it walks the list (SQLite has one
// connection). The list is never nil: an empty one encodes as [].
func queryAll[T any](ctx context.Context, db *DB, dest func(*T) []any, query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, db.d.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		var v T
		if err := rows.Scan(dest(&v)...); err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// tx is a transaction that takes ? placeholders.
type tx struct {
	*sql.Tx
	d dialect
}

func (t tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.ExecContext(ctx, t.d.q(query), args...)
}

func (t tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.QueryRowContext(ctx, t.d.q(query), args...)
}

// inTx runs fn in a transaction and commits it if fn returns nil. On
// SQLite the transaction holds the database's write lock from its BEGIN.
func (db *DB) inTx(ctx context.Context, fn func(tx) error) error {
	stx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx{stx, db.d}); err != nil {
		return errors.Join(err, rollback(stx))
	}
	return stx.Commit()
}

func rollback(t *sql.Tx) error {
	if err := t.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// affected reports whether an UPDATE or DELETE changed exactly one row.
func affected(res sql.Result) bool {
	n, err := res.RowsAffected()
	return err == nil && n == 1
}

// migrations are applied in order, each once, recorded in
// schema_migrations. The SQL is common to both databases: TEXT, BIGINT,
// BOOLEAN, TRUE/FALSE and ON CONFLICT mean the same on SQLite (3.24+) and
// PostgreSQL; ids are made by the application, not by a sequence.
var migrations = [][]string{
	{
		// The catalogue: a product is sold with stock, a plan (Commerce) without.
		`CREATE TABLE products (
			id     TEXT PRIMARY KEY,
			name   TEXT NOT NULL,
			price  BIGINT NOT NULL CHECK (price > 0),  -- won, exact
			stock  BIGINT CHECK (stock IS NULL OR stock >= 0) -- NULL: not stocked (a plan)
		)`,
		`CREATE TABLE coupons (
			code      TEXT PRIMARY KEY,
			discount  BIGINT NOT NULL CHECK (discount > 0), -- won off the order
			uses_left BIGINT NOT NULL CHECK (uses_left >= 0)
		)`,
		`CREATE TABLE points (
			user_id TEXT PRIMARY KEY,
			balance BIGINT NOT NULL CHECK (balance >= 0) -- 적립금, won
		)`,
		`CREATE TABLE orders (
			id          TEXT PRIMARY KEY,
			flow        TEXT NOT NULL,            -- bootpay | bootpay-client | portone | commerce
			product_id  TEXT NOT NULL REFERENCES products (id),
			quantity    BIGINT NOT NULL CHECK (quantity > 0),
			user_id     TEXT NOT NULL DEFAULT '',
			coupon_code TEXT REFERENCES coupons (code),
			points_used BIGINT NOT NULL DEFAULT 0,
			list_amount BIGINT NOT NULL,          -- price × quantity
			amount      BIGINT NOT NULL CHECK (amount > 0), -- what the buyer pays: computed here, never by the browser
			status      TEXT NOT NULL DEFAULT 'pending',
			held        BOOLEAN NOT NULL DEFAULT FALSE, -- stock, coupon and points taken for it
			reason      TEXT NOT NULL DEFAULT '', -- why it is not paid (or was refunded)
			receipt_id  TEXT UNIQUE,              -- Bootpay
			payment_id  TEXT UNIQUE,              -- PortOne paymentId, issued with the order
			invoice_id  TEXT,                     -- Commerce invoice (청구서), when a discount applies
			commerce_order_number TEXT UNIQUE,    -- Commerce order, once verified
			va_bank     TEXT NOT NULL DEFAULT '',
			va_number   TEXT NOT NULL DEFAULT '',
			va_due      TEXT NOT NULL DEFAULT '',
			paid_count  BIGINT NOT NULL DEFAULT 0 -- times the order became paid: must never exceed 1
		)`,
		`CREATE INDEX orders_status ON orders (status)`,
		`CREATE TABLE payment_attempts (
			id         TEXT PRIMARY KEY,
			order_id   TEXT NOT NULL REFERENCES orders (id),
			gateway    TEXT NOT NULL,  -- bootpay | portone | commerce
			reference  TEXT NOT NULL,  -- receipt id, payment id or order number
			status     TEXT NOT NULL,  -- CONFIRM_CHECKED, CONFIRMING, PAID, REFUNDED, REFUSED, …
			detail     TEXT NOT NULL DEFAULT ''
		)`,
		`CREATE INDEX payment_attempts_order ON payment_attempts (order_id)`,
		// The process-once store of the webhook package (webhook.Store's
		// SQL contract); lease_until is database time in Unix milliseconds.
		`CREATE TABLE webhook_keys (
			key         TEXT PRIMARY KEY,
			token       TEXT NOT NULL,
			done        BOOLEAN NOT NULL DEFAULT FALSE,
			lease_until BIGINT NOT NULL
		)`,
	},
	{
		// Buyers who log in (POST /api/login); guests have no row.
		`CREATE TABLE users (
			id            TEXT PRIMARY KEY,
			salt          TEXT NOT NULL, -- hex
			password_hash TEXT NOT NULL  -- hex PBKDF2-HMAC-SHA256
		)`,
	},
	{
		// When a poll last looked the order up at the gateway (database
		// time, Unix milliseconds): GET /api/orders/{id}'s rate limit.
		`ALTER TABLE orders ADD COLUMN looked_up_at BIGINT NOT NULL DEFAULT 0`,
	},
	{
		// Payments a gateway reported cancelled in full (its cancellation
		// webhook, looked up), kept whatever the order's state — even
		// while the order is pending and not yet paid with it, or when no
		// order names it yet. A completion looks a payment up and then
		// adopts it; a cancellation that lands in between must not be
		// lost, so adopt refuses a reference recorded here (see
		// cancelledAtGateway). Written and read under the reference's lock.
		`CREATE TABLE gateway_cancellations (
			gateway   TEXT NOT NULL,            -- bootpay | portone | commerce
			reference TEXT NOT NULL,            -- receipt id, payment id or order number
			order_id  TEXT NOT NULL DEFAULT '', -- the shop's order it named, if any
			PRIMARY KEY (gateway, reference)
		)`,
		// When the order was made (database time, Unix milliseconds): the
		// reconciler looks pending PortOne orders up for a bounded time
		// after they were made. Orders made before this migration read 0
		// (old), and are not looked up.
		`ALTER TABLE orders ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0`,
	},
	{
		// The refunds of a payment (the order's own, or a stray) that the
		// gateway proved failed (Bootpay's 결제취소 실패, PortOne's FAILED
		// cancellation, a Commerce request withdrawn or rejected): the
		// next cancel is sent under a new id derived from (order,
		// reference, attempt). No row: attempt 0, the id refunds were
		// sent under before this table. Moved on only under the order's
		// row lock, and only from the attempt that failed (see
		// cancelBootpay, refundPortOne, cancelCommerce).
		`CREATE TABLE refund_attempts (
			order_id  TEXT NOT NULL REFERENCES orders (id),
			reference TEXT NOT NULL,   -- the receipt id refunded
			attempt   BIGINT NOT NULL CHECK (attempt > 0), -- the cancel to send next
			PRIMARY KEY (order_id, reference)
		)`,
	},
	{
		// When an attempt was recorded, and when the reconciler last
		// looked its reference up (database time, Unix milliseconds): a
		// client-confirm order's confirm-checked receipts are looked up
		// the least recently looked up first, the newest among them first
		// (findClientConfirm), so that every one is looked up within a
		// few passes. Rows made before this migration read 0 (oldest,
		// never looked up).
		`ALTER TABLE payment_attempts ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0`,
		`ALTER TABLE payment_attempts ADD COLUMN looked_up_at BIGINT NOT NULL DEFAULT 0`,
	},
	{
		// The user's session version, which every session cookie names: a
		// password change (AddUser) or a logout moves it on, ending every
		// session issued before (see SessionCookie).
		`ALTER TABLE users ADD COLUMN session_version BIGINT NOT NULL DEFAULT 0`,
	},
	{
		// The reconciler's pending lookups (reconcilePending) take pending
		// orders made within Config.PendingLookback: by status alone they
		// would read every pending order ever made (abandoned carts pile
		// up for good), by status and created_at only the recent ones. It
		// serves every query by status alone too, so it replaces
		// orders_status.
		`CREATE INDEX orders_status_created ON orders (status, created_at)`,
		`DROP INDEX orders_status`,
	},
	{
		// The reconciler looks up the Commerce checkouts waiting on a
		// cancellation request (payment_attempts CANCELLATION_REQUESTED)
		// whatever their order's age, the least recently looked up first
		// (reconcileOpenRequests): by this index, not by reading every
		// attempt ever recorded.
		`CREATE INDEX payment_attempts_status ON payment_attempts (status, looked_up_at)`,
	},
}

// migrate applies the migrations not applied yet, in one transaction that
// on PostgreSQL first takes an advisory lock, so that instances starting
// together migrate once. (On SQLite the IMMEDIATE transaction is the lock.)
func (db *DB) migrate(ctx context.Context) error {
	return db.inTx(ctx, func(t tx) error {
		if db.d.dollar {
			if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock(7303)`); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)`); err != nil {
			return err
		}
		var done int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&done); err != nil {
			return err
		}
		for v := done; v < len(migrations); v++ {
			for _, stmt := range migrations[v] {
				if _, err := t.exec(ctx, stmt); err != nil {
					return fmt.Errorf("migration %d: %w", v+1, err)
				}
			}
			if _, err := t.exec(ctx, `INSERT INTO schema_migrations (version) VALUES (?)`, v+1); err != nil {
				return err
			}
		}
		return nil
	})
}
