package sqlitedb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

const schema = `CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY)`

// Open creates the database at path itself, whatever the path holds that
// an SQLite URI would read otherwise ('#' a fragment, '?' a query, %XX an
// escape, a space), absolute or relative to the working directory, and
// nothing beside it; ":memory:" stays a throwaway that creates no file.
func TestOpenPathWithURICharacters(t *testing.T) {
	for i, name := range []string{"shop #1.db", "shop?v=2.db", "shop%41.db", "my shop.db", ":memory:"} {
		for _, relative := range []bool{false, true} {
			t.Run(fmt.Sprint(i, relative), func(t *testing.T) {
				dir := t.TempDir()
				t.Chdir(dir)
				path := name
				if !relative && name != ":memory:" {
					path = filepath.Join(dir, name)
				}
				db, err := Open(context.Background(), path, schema)
				require.NoError(t, err)
				_, err = db.Exec(`INSERT INTO orders (id) VALUES (7)`)
				require.NoError(t, err)
				require.NoError(t, db.Close())

				entries, err := os.ReadDir(dir)
				require.NoError(t, err)
				var got []string
				for _, e := range entries {
					got = append(got, e.Name())
				}
				if name == ":memory:" {
					require.Empty(t, got, "an in-memory database created a file")
					return
				}
				require.Equal(t, []string{name}, got, "another file than %q was created", path)
				db, err = Open(context.Background(), path, schema) // the same database again
				require.NoError(t, err)
				defer db.Close()
				var n int
				require.NoError(t, db.QueryRow(`SELECT count(*) FROM orders WHERE id = 7`).Scan(&n))
				require.Equal(t, 1, n)
			})
		}
	}
}
