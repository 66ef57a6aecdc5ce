// Package sqlitedb opens the SQLite database of the reconcile example:
// one connection, a busy timeout, and the example's schema created.
package sqlitedb

import (
	"context"
	"database/sql"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // the SQLite driver, pure Go
)

// Open opens an SQLite database at path (":memory:" for a throwaway one)
// with a 5-second busy timeout, and creates schema. It keeps one
// connection: an in-memory database is per connection.
func Open(ctx context.Context, path, schema string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", URI(path, "_pragma=busy_timeout(5000)"))
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

// URI is the SQLite URI (https://www.sqlite.org/uri.html) of the file at
// path, as modernc.org/sqlite opens it, with rawQuery (already escaped)
// as its query. The path is percent-escaped: SQLite reads '#' as the
// start of a fragment, the first '?' as the start of the query and %XX as
// an escape, so "shop #1.db" spelled as it is would open (and create)
// "shop " beside it. A relative path stays relative ("file:shop.db"); an
// absolute one gets SQLite's empty authority ("file:///srv/shop.db"), so
// that "//srv/shop.db" is never read as a host.
func URI(path, rawQuery string) string {
	u := url.URL{Scheme: "file", OmitHost: !strings.HasPrefix(path, "/"), Path: path, RawQuery: rawQuery}
	return u.String()
}
