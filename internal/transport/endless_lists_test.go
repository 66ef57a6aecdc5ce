package transport

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// untilErrorOrLimit ranges over seq until it ends, or until fetches
// reaches 50 (a listing that would never end), and returns the items and
// errors it yielded.
func untilErrorOrLimit(seq func(func(int, error) bool), fetches *int) (items []int, errs []error) {
	for it, err := range seq {
		if err != nil {
			errs = append(errs, err)
		} else {
			items = append(items, it)
		}
		if *fetches >= 50 {
			break
		}
	}
	return items, errs
}

// TestCursorThatCyclesEnds: a cursor that comes back to one followed
// before (a gateway answering an expired or unknown cursor with the
// list's first page: "" -> a -> b -> a -> b …) is an endless list.
// Refusing only a cursor equal to the one just followed would yield the
// same four items for ever (the test stops it after 50 pages). It ends
// with one *DecodeError of the endpoint, after the one repeated page.
func TestCursorThatCyclesEnds(t *testing.T) {
	c := newTestClient(t, testConfig("http://gw.test"))
	ep := &Endpoint{Op: "things.all", Method: http.MethodGet, Route: "/things", Class: Safe}
	fetches := 0
	seq := Cursor(t.Context(), c, ep, "", 2, func(cursor string) ([]int, string, error) {
		fetches++
		if cursor == "a" {
			return []int{3, 4}, "b", nil // page 2, as asked
		}
		return []int{1, 2}, "a", nil // "" and the expired "b": the first page again
	})
	items, errs := untilErrorOrLimit(seq, &fetches)
	assert.Equal(t, 3, fetches, "the listing followed a cursor cycle: \"\", a, b, then a again")
	assert.Equal(t, []int{1, 2, 3, 4, 1, 2}, items, "the repeated page's items come before the error")
	require.Len(t, errs, 1, "a cursor cycle must end the listing with one error")
	var derr *DecodeError
	require.ErrorAs(t, errs[0], &derr)
	assert.Equal(t, "things.all", derr.Op)
	assert.Contains(t, derr.Error(), "cycles")

	// The start cursor counts as followed: a list resumed from "a" that
	// comes back to "a" ends too.
	fetches = 0
	_, errs = untilErrorOrLimit(Cursor(t.Context(), c, ep, "a", 2, func(cursor string) ([]int, string, error) {
		fetches++
		if cursor == "a" {
			return []int{3, 4}, "b", nil
		}
		return []int{5, 6}, "a", nil
	}), &fetches)
	assert.Equal(t, 2, fetches)
	require.Len(t, errs, 1)
	require.ErrorAs(t, errs[0], &derr)
}

// TestPagesPastTheCountEnds: numbered pages whose count says 25 items,
// each page full (10 of 10): a gateway that ignores the page asked for (a
// parameter it does not read) serves its first page for ever. Following
// every full page before looking at the count, the listing would never
// end (the test stops it after 50 pages), although reading more than the
// count plus a whole page can only be repetition. It ends with one
// *DecodeError at page 4 (40 items read > 25 + 10), never loops and never
// ends silently; resumed from page 3 (the 20 items before it taken as
// read) it ends at page 4 too.
func TestPagesPastTheCountEnds(t *testing.T) {
	c := newTestClient(t, testConfig("http://gw.test"))
	ep := &Endpoint{Op: "things.list", Method: http.MethodGet, Route: "/things", Class: Safe}
	for first, wantFetches := range map[int]int{1: 4, 3: 2} {
		fetches := 0
		page := upTo(10)
		seq := Pages(t.Context(), c, ep, 1, first, 10, func(int) ([]int, int64, error) {
			fetches++
			return page, 25, nil // the page number is ignored
		})
		items, errs := untilErrorOrLimit(seq, &fetches)
		assert.Equal(t, wantFetches, fetches, "from page %d: the listing read past the list's count", first)
		assert.Len(t, items, 10*wantFetches, "every page's items come before the error")
		require.Len(t, errs, 1, "a list read past its count must end with one error")
		var derr *DecodeError
		require.ErrorAs(t, errs[0], &derr)
		assert.Equal(t, "things.list", derr.Op)
		assert.Contains(t, derr.Error(), "past the list's count of 25")
	}
}

// TestPagesGrownWithinAPageAreReadToTheEnd: a count read before the list
// grew (25, when 30 items are served) is passed by full pages by less than
// a page: the list is read to its end without an error, so the rule that
// ends a list served past its count leaves a page of slack.
func TestPagesGrownWithinAPageAreReadToTheEnd(t *testing.T) {
	c, ep := shortPagesClient(t)
	l := &cappedList{n: 30, per: 10, base: 1, total: 25}
	items, errs := collect(Pages(t.Context(), c, ep, 1, 1, 10, l.fetch), 0)
	assert.Equal(t, upTo(30), items)
	assert.Empty(t, errs)
	assert.Equal(t, []int{1, 2, 3, 4}, l.asked, "page 3 reaches 30 of the 25 counted, page 4 is empty")
}
