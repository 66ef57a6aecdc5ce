// Package sqlitedb opens the SQLite database of the reconcile example:
// one connection, a busy timeout, and the example's schema created.
package sqlitedb

import (
	"context"
	"database/sql"

	_ "modernc.org/sqlite" // the SQLite driver, pure Go
)

// Open opens an SQLite database at path (":memory:" for a throwaway one)
// with a 5-second busy timeout, and creates schema. It keeps one
// connection: an in-memory database is per connection.
func Open(ctx context.Context, path, schema string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
