package transport

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// collect ranges over seq, stopping after limit items (0: no limit).
func collect[T any](seq func(func(T, error) bool), limit int) (items []T, errs []error) {
	for it, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, it)
		if limit > 0 && len(items) == limit {
			break
		}
	}
	return items, errs
}

// cursorPages serves 5 items in pages of 2, the cursor of each page being
// its last item, and counts the fetches.
func cursorPages(fetches *int) func(string) ([]int, string, error) {
	return func(cursor string) ([]int, string, error) {
		*fetches++
		start := 0
		if cursor != "" {
			start, _ = strconv.Atoi(cursor)
		}
		var items []int
		for i := start + 1; i <= 5 && len(items) < 2; i++ {
			items = append(items, i)
		}
		next := ""
		if len(items) > 0 {
			next = strconv.Itoa(items[len(items)-1])
		}
		return items, next, nil
	}
}

func TestCursor(t *testing.T) {
	c := newTestClient(t, testConfig("http://gw.test"))
	ep := &Endpoint{Op: "things.all", Method: http.MethodGet, Route: "/things", Class: Safe}
	ctx := t.Context()

	t.Run("every page, then again from the start", func(t *testing.T) {
		fetches := 0
		seq := Cursor(ctx, c, ep, "", 2, cursorPages(&fetches))
		items, errs := collect(seq, 0)
		assert.Equal(t, []int{1, 2, 3, 4, 5}, items)
		assert.Empty(t, errs)
		assert.Equal(t, 3, fetches, "the short third page ends it")
		items, _ = collect(seq, 0)
		assert.Equal(t, []int{1, 2, 3, 4, 5}, items)
	})
	t.Run("resume from a cursor", func(t *testing.T) {
		fetches := 0
		items, _ := collect(Cursor(ctx, c, ep, "2", 2, cursorPages(&fetches)), 0)
		assert.Equal(t, []int{3, 4, 5}, items)
	})
	t.Run("break stops fetching", func(t *testing.T) {
		fetches := 0
		items, _ := collect(Cursor(ctx, c, ep, "", 2, cursorPages(&fetches)), 3)
		assert.Equal(t, []int{1, 2, 3}, items)
		assert.Equal(t, 2, fetches)
	})
	t.Run("an error is yielded once and ends it", func(t *testing.T) {
		fetches := 0
		boom := errors.New("boom")
		seq := Cursor(ctx, c, ep, "", 2, func(cursor string) ([]int, string, error) {
			if cursor == "2" {
				return nil, "", boom
			}
			return cursorPages(&fetches)(cursor)
		})
		items, errs := collect(seq, 0)
		assert.Equal(t, []int{1, 2}, items)
		assert.Equal(t, []error{boom}, errs)
	})
	t.Run("a cursor that does not advance", func(t *testing.T) {
		fetches := 0
		seq := Cursor(ctx, c, ep, "", 2, func(string) ([]int, string, error) {
			fetches++
			return []int{1, 2}, "same", nil
		})
		items, errs := collect(seq, 0)
		assert.Equal(t, []int{1, 2, 1, 2}, items, "the page that repeats its cursor is still yielded")
		require.Len(t, errs, 1)
		var derr *DecodeError
		require.ErrorAs(t, errs[0], &derr)
		assert.Equal(t, "things.all", derr.Op)
		assert.Equal(t, 2, fetches)
	})
	t.Run("the context is checked before every page", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		fetches := 0
		seq := Cursor(cctx, c, ep, "", 2, func(cursor string) ([]int, string, error) {
			cancel()
			return cursorPages(&fetches)(cursor)
		})
		items, errs := collect(seq, 0)
		assert.Equal(t, []int{1, 2}, items)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], context.Canceled)
		assert.Equal(t, 1, fetches)
	})
}

// TestCursorFullPageWithoutCursorIsNoEnd: a page holding as many items as
// asked for, whose last item has no cursor, cannot say that the list
// ended; the listing yields that page and then a *DecodeError, never a
// silent end that would hide the items after it. A shorter page without a
// cursor is the end, as before.
func TestCursorFullPageWithoutCursorIsNoEnd(t *testing.T) {
	c := newTestClient(t, testConfig("http://gw.test"))
	ep := &Endpoint{Op: "things.all", Method: http.MethodGet, Route: "/things", Class: Safe}
	pagesOf := func(fetches *int, last []int) func(string) ([]int, string, error) {
		return func(cursor string) ([]int, string, error) {
			*fetches++
			if cursor == "" {
				return []int{1, 2}, "2", nil
			}
			return last, "", nil // the second page: no cursor to a next one
		}
	}

	t.Run("a full page", func(t *testing.T) {
		fetches := 0
		items, errs := collect(Cursor(t.Context(), c, ep, "", 2, pagesOf(&fetches, []int{3, 4})), 0)
		assert.Equal(t, []int{1, 2, 3, 4}, items, "the page's items come before the error")
		require.Len(t, errs, 1)
		var derr *DecodeError
		require.ErrorAs(t, errs[0], &derr)
		assert.Equal(t, "things.all", derr.Op)
		assert.Contains(t, derr.Error(), "without a cursor")
		assert.Equal(t, 2, fetches)
	})
	t.Run("a fuller page than asked", func(t *testing.T) {
		fetches := 0
		_, errs := collect(Cursor(t.Context(), c, ep, "", 2, pagesOf(&fetches, []int{3, 4, 5})), 0)
		require.Len(t, errs, 1)
		assert.IsType(t, &DecodeError{}, errs[0])
	})
	t.Run("a short page ends the list", func(t *testing.T) {
		fetches := 0
		items, errs := collect(Cursor(t.Context(), c, ep, "", 2, pagesOf(&fetches, []int{3})), 0)
		assert.Equal(t, []int{1, 2, 3}, items)
		assert.Empty(t, errs)
		assert.Equal(t, 2, fetches)
	})
	t.Run("an empty page ends the list", func(t *testing.T) {
		fetches := 0
		items, errs := collect(Cursor(t.Context(), c, ep, "", 2, pagesOf(&fetches, nil)), 0)
		assert.Equal(t, []int{1, 2}, items)
		assert.Empty(t, errs)
	})
}

func TestPages(t *testing.T) {
	ctx := t.Context()
	c := newTestClient(t, testConfig("http://gw.test"))
	ep := &Endpoint{Op: "things.list", Method: http.MethodGet, Route: "/things", Class: Safe}
	// pageOf serves 5 items in pages of size, reporting no total, and
	// records the numbers asked.
	pageOf := func(size int, asked *[]int) func(int) ([]int, int64, error) {
		return func(n int) ([]int, int64, error) {
			*asked = append(*asked, n)
			var items []int
			for i := n*size + 1; i <= 5 && len(items) < size; i++ {
				items = append(items, i)
			}
			return items, 0, nil
		}
	}
	var asked []int
	items, errs := collect(Pages(ctx, c, ep, 0, 0, 2, pageOf(2, &asked)), 0)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, items)
	assert.Empty(t, errs)
	assert.Equal(t, []int{0, 1, 2}, asked)

	asked = nil
	items, _ = collect(Pages(ctx, c, ep, 0, 0, 5, pageOf(5, &asked)), 0)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, items)
	assert.Equal(t, []int{0, 1}, asked, "a full last page is followed by an empty one")

	asked = nil
	items, _ = collect(Pages(ctx, c, ep, 0, 1, 2, pageOf(2, &asked)), 1)
	assert.Equal(t, []int{3}, items, "from page 1; breaking stops fetching")
	assert.Equal(t, []int{1}, asked)

	boom := errors.New("boom")
	_, errs = collect(Pages(ctx, c, ep, 0, 0, 2, func(int) ([]int, int64, error) { return nil, 0, boom }), 0)
	assert.Equal(t, []error{boom}, errs)

	_, errs = collect(Fail[int](boom), 0)
	assert.Equal(t, []error{boom}, errs)
}
