package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The merchant's database is opened through an SQLite URI. SQLite reads
// '#' as the start of a fragment and the first '?' as the start of the
// query, and decodes %XX: spelled as it is, a legitimate file name holding
// one of them is a different file to SQLite. "shop #1.db" would open (and,
// mode=rw being lost in the fragment, CREATE) "shop " beside it, then
// refuse the run with "no orders table": a message that sends the
// operator to a schema that is fine, and a stray empty database in the
// shop's directory. The file os.Stat checked must be the file opened, by
// an absolute path or one relative to the working directory.
func TestOpenMerchantDBPathWithURICharacters(t *testing.T) {
	for i, name := range []string{"shop #1.db", "shop?v=2.db", "shop%41.db", "my shop.db", "shop&mode=ro.db"} {
		for _, relative := range []bool{false, true} {
			// Subtests named by number: t.TempDir holds the test's name, and a
			// '#' in it would break shopDB the same way.
			t.Run(fmt.Sprint(i, relative), func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, name)
				require.NoError(t, os.Rename(shopDB(t), path)) // the shop's database, one paid order
				if relative {
					t.Chdir(dir)
					path = name
				}

				db, err := openMerchantDB(context.Background(), path)
				if db != nil {
					defer db.Close()
				}

				assertOnly(t, dir, name) // nothing created beside it
				require.NoError(t, err, "the shop's own database, with its orders table, was refused")
				var n int
				require.NoError(t, db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n))
				require.Equal(t, 1, n, "another database than %q was opened", path)
			})
		}
	}
}

// assertOnly is requireOnly that goes on: dir holds exactly names.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	assert.Equal(t, names, got, "a file was created beside the merchant's database")
}
