// Package sqlitedb opens the SQLite databases of paykit's example backends
// the way each of them needs: one connection, a busy timeout, and the
// example's schema created.
package sqlitedb

import (
	"context"
	"database/sql"

	_ "modernc.org/sqlite" // the SQLite driver, pure Go
)

// Open opens an SQLite database at path (":memory:" for a throwaway one)
// with a 5-second busy timeout and the extra DSN parameters params (such
// as "_txlock=immediate"), and creates schema. It keeps one connection:
// an in-memory database is per connection.
func Open(ctx context.Context, path, schema string, params ...string) (*sql.DB, error) {
	dsn := "file:" + path + "?"
	for _, p := range params {
		dsn += p + "&"
	}
	db, err := sql.Open("sqlite", dsn+"_pragma=busy_timeout(5000)")
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
