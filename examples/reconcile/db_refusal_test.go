package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A merchant whose orders live in PostgreSQL (examples/checkout runs on
// it) may pass its connection string as -db. The refusal goes to stderr,
// cron mail and the job's log: it must never quote the database password,
// whether in a URL's user information, a URL's query or a keyword string,
// and it must say what is wrong (the command reads SQLite files only),
// not read as a missing file alone. Live (a gateway key set) or sandbox
// alike; a keyword string, which could be a file's name, is refused in
// the sandbox for the missing keys, its password masked.
func TestDBRefusalNeverPrintsAConnectionPassword(t *testing.T) {
	for _, dsn := range []string{
		"postgres://shop:s3cret-db-pass@db.internal:5432/shop?sslmode=require",
		"postgresql://db.internal/shop?user=shop&password=s3cret-db-pass",
		"host=db.internal user=shop password=s3cret-db-pass dbname=shop",
		"host=db.internal user=shop password='s3cret-db-pass' dbname=shop",
	} {
		for _, env := range []struct {
			name   string
			getenv func(string) string
		}{{"live", liveEnv}, {"sandbox", func(string) string { return "" }}} {
			t.Run(env.name, func(t *testing.T) {
				err := cli(context.Background(), []string{"-db", dsn, "-from", "2026-03-01", "-until", "2026-03-02", "-csv", t.TempDir() + "/r.csv"},
					&bytes.Buffer{}, env.getenv)
				require.Error(t, err)
				require.NotContains(t, err.Error(), "s3cret-db-pass", "the database password is in the error")
				require.Contains(t, err.Error(), "db.internal", "the refusal no longer says which -db it refused")
				if env.name == "live" || strings.Contains(dsn, "://") { // a keyword string reads as a file name
					require.Contains(t, err.Error(), "-db takes an SQLite file", "the refusal does not say the command reads SQLite files only")
				}
			})
		}
	}
}

// A -from or -until that does not parse is refused naming the flag, so
// the operator knows which of the two dates to fix.
func TestTimeFlagErrorsNameTheFlag(t *testing.T) {
	for _, flag := range []string{"-from", "-until"} {
		args := map[string]string{"-from": "2026-03-01", "-until": "2026-03-02"}
		args[flag] = "2026-3-1"
		err := cli(context.Background(), []string{"-from", args["-from"], "-until", args["-until"], "-csv", t.TempDir() + "/r.csv"},
			&bytes.Buffer{}, func(string) string { return "" })
		require.ErrorContains(t, err, flag+`: "2026-3-1" is neither a date (YYYY-MM-DD, midnight KST) nor an RFC 3339 time`)
	}
}
