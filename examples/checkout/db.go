package checkout

import (
	"context"
	"database/sql"

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
)

// Open opens an SQLite database at path (":memory:" for a throwaway one)
// whose transactions take the write lock when they begin (BEGIN
// IMMEDIATE), so two requests holding one order run one after the other,
// as SELECT … FOR UPDATE makes them do on PostgreSQL.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	return sqlitedb.Open(ctx, path, Schema, "_txlock=immediate")
}
