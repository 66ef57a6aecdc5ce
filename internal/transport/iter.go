package transport

import (
	"context"
	"errors"
	"iter"
	"net/http"
)

// Cursor iterates over a list served by cursor, fetching pages lazily:
// the first page from start ("" for the beginning), each next one from
// the cursor fetch returns for the page before (its last item's), until
// a page is shorter than pageSize or comes without a cursor. Breaking out
// of the loop stops fetching; the context is checked before every page;
// an error is yielded once, with the zero T, and ends the iteration. A
// cursor that does not advance is a *DecodeError of ep, since following
// it would loop for ever. Every range over the result starts afresh.
func Cursor[T any](ctx context.Context, c *Client, ep *Endpoint, start string, pageSize int,
	fetch func(cursor string) (items []T, next string, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cursor := start
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, next, err := fetch(cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) < pageSize || next == "" {
				return
			}
			if next == cursor {
				yield(zero, c.cfg.ErrorTypes.Export(&DecodeError{Gateway: c.cfg.Gateway, Op: ep.Op,
					Status: http.StatusOK, Err: errors.New("the cursor did not advance")}))
				return
			}
			cursor = next
		}
	}
}

// Pages iterates over a list served by numbered pages, fetching them
// lazily from page first on, until a page is shorter than pageSize (an
// empty one included). It does not rely on a total count, which gateways
// describe loosely. Breaking out, the context, errors and ranging again
// work as for Cursor.
func Pages[T any](ctx context.Context, first, pageSize int,
	fetch func(number int) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for number := first; ; number++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, err := fetch(number)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) < pageSize || len(items) == 0 {
				return
			}
		}
	}
}

// Fail is an iteration that yields err once: the result of an iterating
// method whose parameters were refused before any I/O.
func Fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
