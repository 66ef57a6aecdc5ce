package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
	"github.com/paykit-kr/paykit/reconcile"
)

// liveEnv is an environment holding a live PortOne key.
func liveEnv(name string) string {
	if name == "PORTONE_API_SECRET" {
		return "live-secret-of-the-shop"
	}
	return ""
}

// countOrders counts the orders table of the SQLite file at path.
func countOrders(t *testing.T, path string) int {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), path, schema)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n))
	return n
}

// shopDB is the merchant's own database file with one real paid order.
func shopDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sqlitedb.Open(context.Background(), path, schema)
	require.NoError(t, err)
	_, err = loadOrders(context.Background(), db, slices.Values([]reconcile.Record{
		{Key: "real-order-1", Amount: 39000, Status: reconcile.StatusPaid, At: time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)},
	}))
	require.NoError(t, err)
	require.NoError(t, db.Close())
	return path
}

// emptyDB is an SQLite file without the orders table (another program's
// database, say).
func emptyDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY)`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	return path
}

// tables lists the tables of the SQLite file at path.
func tables(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		out = append(out, name)
	}
	require.NoError(t, rows.Err())
	return out
}

// With a live key in the environment the command reads the real gateway:
// an empty merchant table (the in-memory default, a -db path that does
// not exist and would be created, a database without the orders table)
// would report every live payment of the period missing_at_merchant, and
// -seed, meaningful only for a sandbox, would be ignored without a word.
// Each is refused before anything is opened or written. (The period is
// left unset, so that a run that got further would stop at Run's own
// validation and never reach the real API.)
func TestLiveKeyRefusesAnEmptyMerchantAndSeeding(t *testing.T) {
	live := func(t *testing.T, args ...string) (string, error) {
		csvPath := filepath.Join(t.TempDir(), "report.csv")
		err := cli(context.Background(), append([]string{"-gateway", "portone", "-csv", csvPath}, args...), &bytes.Buffer{}, liveEnv)
		return csvPath, err
	}
	t.Run("no -db", func(t *testing.T) {
		csvPath, err := live(t)
		require.ErrorContains(t, err, "-db", "a live key against the default in-memory (empty) table")
		require.NoFileExists(t, csvPath)
	})
	t.Run("-db :memory:", func(t *testing.T) {
		_, err := live(t, "-db", ":memory:")
		require.ErrorContains(t, err, "-db")
	})
	t.Run("-db that does not exist", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "shpo.db") // a typo
		csvPath, err := live(t, "-db", dbPath)
		require.ErrorContains(t, err, "-db")
		require.NoFileExists(t, dbPath, "a live run created an empty merchant database and reconciled against it")
		require.NoFileExists(t, csvPath)
	})
	t.Run("-db without the orders table", func(t *testing.T) {
		dbPath := emptyDB(t)
		csvPath, err := live(t, "-db", dbPath)
		require.ErrorContains(t, err, "orders")
		require.Equal(t, []string{"customers"}, tables(t, dbPath), "the orders table was created in another database")
		require.NoFileExists(t, csvPath)
	})
	t.Run("-seed", func(t *testing.T) {
		csvPath, err := live(t, "-db", shopDB(t), "-seed", "100")
		require.ErrorContains(t, err, "-seed", "-seed with a live key is ignored without a word")
		require.NoFileExists(t, csvPath)
	})
}

// The merchant's database opens as it is: its orders are read, and
// opening it creates nothing (no orders table, no file).
func TestOpenMerchantDatabaseCreatesNothing(t *testing.T) {
	ctx := context.Background()
	path := shopDB(t)
	db, err := openMerchantDB(ctx, path)
	require.NoError(t, err)
	var n int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&n))
	require.NoError(t, db.Close())
	require.Equal(t, 1, n)

	missing := filepath.Join(t.TempDir(), "missing.db")
	_, err = openMerchantDB(ctx, missing)
	require.ErrorIs(t, err, os.ErrNotExist)
	require.NoFileExists(t, missing)
}

// Without keys in the environment (a typo in the variable's name, a cron
// job or sudo that drops it) the command starts a sandbox; given the
// merchant's database with -db it must not load the sandbox's orders into
// it: the run is refused, and the shop's file keeps its one real order.
func TestSandboxNeverSeedsTheMerchantsDatabase(t *testing.T) {
	path := shopDB(t)
	csvPath := filepath.Join(t.TempDir(), "r.csv")

	err := cli(context.Background(), []string{"-gateway", "portone", "-db", path, "-seed", "100", "-csv", csvPath}, &bytes.Buffer{}, noEnv)

	require.ErrorContains(t, err, "PORTONE_API_SECRET", "the refusal names the keys the run went without")
	require.Equal(t, 1, countOrders(t, path), "the sandbox's seeded orders were inserted into the merchant's database")
	require.NoFileExists(t, csvPath)
}
