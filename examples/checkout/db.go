package checkout

import (
	"context"
	"database/sql"

	_ "modernc.org/sqlite" // the SQLite driver, pure Go
)

// Open opens an SQLite database at path (":memory:" for a throwaway one)
// whose transactions take the write lock when they begin (BEGIN
// IMMEDIATE), so two requests holding one order run one after the other,
// as SELECT … FOR UPDATE makes them do on PostgreSQL.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one connection: an in-memory database is per connection
	if _, err := db.ExecContext(ctx, Schema); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
