package transport

import (
	"context"
	"errors"
	"fmt"
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
// full page (pageSize items or more) without a next cursor, and a next
// cursor already followed in this range (start included: one that does
// not advance, or a cycle, as when a gateway answers an expired cursor
// with the list's first page), which would loop for ever, are each a
// *DecodeError of ep, yielded after the page's items. The cursors followed
// are kept for the range's length, one string a page.
func Cursor[T any](ctx context.Context, c *Client, ep *Endpoint, start string, pageSize int,
	fetch func(cursor string) (items []T, next string, err error)) iter.Seq2[T, error] {
	return pages(ctx, func() func() ([]T, bool, error) {
		cursor := start
		followed := map[string]struct{}{start: {}}
		return func() ([]T, bool, error) {
			items, next, err := fetch(cursor)
			_, again := followed[next]
			switch {
			case err != nil:
				return nil, false, err
			case len(items) < pageSize:
				return items, false, nil
			case next == "":
				return items, false, c.listError(ep, "a full page came without a cursor to the next one")
			case next == cursor:
				return items, false, c.listError(ep, "the cursor did not advance")
			case again:
				return items, false, c.listError(ep, "the cursor came back to one already followed: the list cycles")
			}
			followed[next] = struct{}{}
			cursor = next
			return items, true, nil
		}
	})
}

// listError is the *DecodeError, in the gateway's type, of a list (by
// cursor or by page) that cannot be followed to its end.
func (c *Client) listError(ep *Endpoint, reason string) error {
	return c.cfg.ErrorTypes.Export(&DecodeError{Gateway: c.cfg.Gateway, Op: ep.Op, Status: http.StatusOK, Err: errors.New(reason)})
}

// Pages iterates over a list served by numbered pages, fetching them
// lazily from page first on (base is the list's first page number: 0 or
// 1), each page of up to pageSize items. fetch returns a page's items and
// the total the page reports for the whole list (0 when it reports none).
// Breaking out, the context, errors and ranging again work as for Cursor.
//
// A full page (pageSize items or more) is followed by the next one. A
// shorter page ends the list only when no total is reported or the items
// read reach it: a gateway may serve fewer items per page than asked for
// (Commerce documents a default of 20 and no maximum), and a caller that
// reconciles would miss every item after such a page were it read as the
// end. A page that comes back empty before the total is reached is a
// *DecodeError of ep, yielded after the items: the list could not be read
// to its end. Only where no total is reported does the list end at the
// first short page, as nothing else can tell.
//
// Resumed from a later page, the items read leave out those before it, so
// a short page that reaches the total only with them is followed by one
// more page; the pages before first are then taken to be full (the offset
// the gateway pages by), and an empty page ends the list without an error.
//
// Full pages that carry the items read (with the pages skipped) past the
// total and one page more can only be repetition, as from a gateway that
// ignores the page number asked for and serves its first page for ever:
// the listing ends with a *DecodeError of ep, yielded after that page's
// items.
// The page of slack lets a list grow while it is read. This holds only
// for a total larger than a page, since a gateway may report the page's
// own item count as its total (PortOne's totalCount may be read so), and
// a full page then always goes past it.
//
// The rule takes the total for the list's true count. A gateway whose
// count is a floor or capped (a search index's "10,000 or more", a count
// read from a lagging replica) can serve every page as asked and still
// run past it: the rule then ends a correct list with a *DecodeError
// after the items read so far. Whether PortOne's totalCount or Commerce's
// count is ever capped is UNCONFIRMED. The rule is kept because the
// failure it prevents is the worse one: without it, a gateway that
// ignores the page number loops for ever (a reconciliation that never
// ends, reading the same items again), while a capped count fails loudly
// and a narrower filter (a shorter date range) reads the list in parts.
func Pages[T any](ctx context.Context, c *Client, ep *Endpoint, base, first, pageSize int,
	fetch func(number int) (items []T, total int64, err error)) iter.Seq2[T, error] {
	skipped := int64(max(first-base, 0)) * int64(pageSize)
	return pages(ctx, func() func() ([]T, bool, error) {
		number, read := first, int64(0)
		return func() ([]T, bool, error) {
			items, total, err := fetch(number)
			if err != nil {
				return items, false, err
			}
			read += int64(len(items))
			full := len(items) > 0 && len(items) >= pageSize
			switch {
			case full && total > int64(pageSize) && skipped+read > total+int64(pageSize):
				return items, false, c.listError(ep, fmt.Sprintf("page %d was full with %d items read, past the list's count of %d and a page: the gateway does not serve the page asked for",
					number, skipped+read, total))
			case full: // more may follow
			case total <= 0, read >= total: // nothing counted, or all of it read
				return items, false, nil
			case len(items) > 0: // short, and more counted
			case skipped+read >= total: // resumed: the pages skipped make up the count
				return nil, false, nil
			default:
				return nil, false, c.listError(ep, fmt.Sprintf("page %d came back empty before the list's count of %d was reached (%d items read from page %d on)",
					number, total, read, first))
			}
			number++
			return items, true, nil
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
