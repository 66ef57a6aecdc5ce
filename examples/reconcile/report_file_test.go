package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
	"github.com/paykit-kr/paykit/reconcile"
)

// failingGateway yields a few payments and then a read error, as a
// gateway that times out halfway through the period.
type failingGateway struct{ n int }

func (g failingGateway) Payments(context.Context, reconcile.Period) iter.Seq2[reconcile.Record, error] {
	return func(yield func(reconcile.Record, error) bool) {
		for i := range g.n {
			r := reconcile.Record{Key: fmt.Sprintf("gw-%04d", i),
				Amount: 1000, Status: reconcile.StatusPaid, SourceStatus: "PAID", At: time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)}
			if !yield(r, nil) {
				return
			}
		}
		yield(reconcile.Record{}, errors.New("gateway read timed out"))
	}
}

func (failingGateway) Lookup(context.Context, string) (reconcile.Record, bool, error) {
	return reconcile.Record{}, false, errors.New("unreachable")
}

// A run that fails (the gateway times out, a 401, a cursor that cycles)
// must leave the previous report as it was, and no partial one beside it
// that could pass for a report: the rows it wrote go to a temporary file,
// renamed over the report only when the run succeeded. 300 rows are more
// than the CSV writer's buffer, so some reached the file before the
// failure.
func TestFailedRunLeavesThePreviousReport(t *testing.T) {
	for _, n := range []int{0, 300} {
		t.Run(fmt.Sprint(n, " rows"), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.csv")
			previous := []byte("yesterday's complete report\n")
			require.NoError(t, os.WriteFile(path, previous, 0o600))

			_, err := run(context.Background(), reportConfig(path), failingGateway{n}, memoryDB(t), &bytes.Buffer{}, false)

			require.ErrorContains(t, err, "timed out")
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, string(previous), string(got), "the previous report was replaced after %d rows and a failure", n)
			requireOnly(t, dir, "report.csv")
		})
	}
}

// A run that succeeds replaces the previous report, and leaves nothing
// else in its directory.
func TestSucceededRunReplacesTheReport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.csv")
	require.NoError(t, os.WriteFile(path, []byte("yesterday's complete report\n"), 0o600))

	sum, err := run(context.Background(), reportConfig(path), reconcileStream{n: 3}, memoryDB(t), &bytes.Buffer{}, false)

	require.NoError(t, err)
	require.Equal(t, 3, sum.ByKind[reconcile.MissingAtMerchant])
	got, _ := readReport(t, path)
	require.Len(t, got, 3)
	requireOnly(t, dir, "report.csv")
}

// reconcileStream yields n paid payments the merchant does not know.
type reconcileStream struct{ n int }

func (g reconcileStream) Payments(ctx context.Context, p reconcile.Period) iter.Seq2[reconcile.Record, error] {
	return func(yield func(reconcile.Record, error) bool) {
		for r, err := range failingGateway(g).Payments(ctx, p) {
			if err != nil || !yield(r, nil) {
				return
			}
		}
	}
}

func (reconcileStream) Lookup(context.Context, string) (reconcile.Record, bool, error) {
	return reconcile.Record{}, false, nil
}

func reportConfig(path string) config {
	period := reconcile.Period{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}
	return config{gateway: "portone", csvPath: path, period: period, batchSize: 100}
}

// memoryDB is an empty in-memory merchant database.
func memoryDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), ":memory:", schema)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// requireOnly requires dir to hold exactly the files names.
func requireOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	require.Equal(t, names, got, "a temporary report was left behind")
}
