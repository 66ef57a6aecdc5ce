package shop

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A database path holding the characters an SQLite URI reads ('#', '?',
// '%') opens that very file: spelled into the URI as it is, "shop #1.db"
// opened (and created) "shop " beside it.
func TestOpenSQLitePathWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"shop #1.db", "shop?v=2.db", "shop%41.db"} {
		path := filepath.Join(dir, name)
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := db.PingContext(context.Background()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.ExecContext(context.Background(), "CREATE TABLE IF NOT EXISTS probe (x INTEGER)"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: the file named was not the one opened: %v", name, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		switch e.Name() {
		case "shop #1.db", "shop?v=2.db", "shop%41.db":
		default:
			if filepath.Ext(e.Name()) != ".db-wal" && filepath.Ext(e.Name()) != ".db-shm" {
				t.Errorf("stray file %q created", e.Name())
			}
		}
	}
}
