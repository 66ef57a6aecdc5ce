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
// a page is shorter than pageSize. Breaking out of the loop stops
// fetching; the context is checked before every page; an error is
// yielded once, with the zero T, and ends the iteration. Every range over
// the result starts afresh.
//
// A listing never ends silently where it cannot tell that the list ended,
// since a caller that reconciles would then miss the items after it: a
// full page (pageSize items or more) without a next cursor, and a cursor
// that does not advance (following it would loop for ever), are each a
// *DecodeError of ep, yielded after the page's items.
func Cursor[T any](ctx context.Context, c *Client, ep *Endpoint, start string, pageSize int,
	fetch func(cursor string) (items []T, next string, err error)) iter.Seq2[T, error] {
	return pages(ctx, func() func() ([]T, bool, error) {
		cursor := start
		return func() ([]T, bool, error) {
			items, next, err := fetch(cursor)
			switch {
			case err != nil:
				return nil, false, err
			case len(items) < pageSize:
				return items, false, nil
			case next == "":
				return items, false, c.cursorError(ep, "a full page came without a cursor to the next one")
			case next == cursor:
				return items, false, c.cursorError(ep, "the cursor did not advance")
			}
			cursor = next
			return items, true, nil
		}
	})
}

// cursorError is the *DecodeError, in the gateway's type, of a cursor
// list whose page cannot be followed.
func (c *Client) cursorError(ep *Endpoint, reason string) error {
	return c.cfg.ErrorTypes.Export(&DecodeError{Gateway: c.cfg.Gateway, Op: ep.Op, Status: http.StatusOK, Err: errors.New(reason)})
}

// Pages iterates over a list served by numbered pages, fetching them
// lazily from page first on, until a page is shorter than pageSize (an
// empty one included). It does not rely on a total count, which gateways
// describe loosely. Breaking out, the context, errors and ranging again
// work as for Cursor.
func Pages[T any](ctx context.Context, first, pageSize int, fetch func(number int) ([]T, error)) iter.Seq2[T, error] {
	return pages(ctx, func() func() ([]T, bool, error) {
		number := first
		return func() ([]T, bool, error) {
			items, err := fetch(number)
			number++
			return items, err == nil && len(items) > 0 && len(items) >= pageSize, err
		}
	})
}

// pages is the loop of Cursor and Pages. Each range calls start for a
// fresh next, which fetches one page and reports whether another follows;
// the page's items are yielded before its error.
func pages[T any](ctx context.Context, start func() func() ([]T, bool, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		next := start()
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, more, err := next()
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if err != nil {
				yield(zero, err)
			}
			if err != nil || !more {
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
