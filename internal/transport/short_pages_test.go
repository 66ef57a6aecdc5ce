package transport

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cappedList is a page-based list of n items numbered from 1, served per
// items a page whatever size is asked (a gateway that caps its pages, or
// that pages by its own default), pages numbered from base. Every page
// reports total (0: none). asked records the page numbers fetched.
type cappedList struct {
	n, per, base int
	total        int64
	asked        []int
}

func (l *cappedList) fetch(number int) ([]int, int64, error) {
	l.asked = append(l.asked, number)
	var items []int
	for i := (number-l.base)*l.per + 1; i <= l.n && len(items) < l.per; i++ {
		items = append(items, i)
	}
	return items, l.total, nil
}

// upTo returns 1..n.
func upTo(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func shortPagesClient(t *testing.T) (*Client, *Endpoint) {
	return newTestClient(t, testConfig("http://gw.test")),
		&Endpoint{Op: "things.list", Method: http.MethodGet, Route: "/things", Class: Safe}
}

// A page shorter than asked whose total says that every item was read
// ends the list: no further page is fetched and no error follows.
func TestPagesShortPageReachingTheTotalEnds(t *testing.T) {
	c, ep := shortPagesClient(t)
	l := &cappedList{n: 7, per: 5, base: 1, total: 7}
	items, errs := collect(Pages(t.Context(), c, ep, 1, 1, 5, l.fetch), 0)
	assert.Equal(t, upTo(7), items)
	assert.Empty(t, errs)
	assert.Equal(t, []int{1, 2}, l.asked, "the short page 2 reaches the total of 7")
}

// A gateway serving 20 items a page when 50 were asked, with a total of
// 45: the first short page is not the end, since the total counts more;
// the pages are followed until the items read reach the total.
func TestPagesShortPageWithMoreCountedContinues(t *testing.T) {
	c, ep := shortPagesClient(t)
	l := &cappedList{n: 45, per: 20, base: 1, total: 45}
	items, errs := collect(Pages(t.Context(), c, ep, 1, 1, 50, l.fetch), 0)
	assert.Equal(t, upTo(45), items, "every item, not the first page's 20")
	assert.Empty(t, errs)
	assert.Equal(t, []int{1, 2, 3}, l.asked, "the third page (5 items) reaches the total")
}

// A page that comes back empty while the total counts more than was read
// cannot be the end of the list: the items read are yielded, then one
// *DecodeError of the endpoint, and nothing more is fetched.
func TestPagesEmptyPageBeforeTheTotalIsADecodeError(t *testing.T) {
	c, ep := shortPagesClient(t)
	l := &cappedList{n: 5, per: 2, base: 0, total: 9}
	var got []int
	var errs []error
	for it, err := range Pages(t.Context(), c, ep, 0, 0, 2, l.fetch) {
		if err != nil {
			require.Len(t, got, 5, "the error comes after the items")
			errs = append(errs, err)
			continue
		}
		got = append(got, it)
	}
	assert.Equal(t, upTo(5), got)
	require.Len(t, errs, 1)
	var derr *DecodeError
	require.ErrorAs(t, errs[0], &derr)
	assert.Equal(t, "things.list", derr.Op)
	assert.Equal(t, "testgw", derr.Gateway)
	assert.Equal(t, http.StatusOK, derr.Status)
	assert.Contains(t, derr.Error(), "page 3 came back empty")
	assert.Equal(t, []int{0, 1, 2, 3}, l.asked)
}

// Where no total is reported, nothing can tell a capped page from the
// last one: the first short page ends the list, as it always did.
func TestPagesWithoutTotalEndAtTheFirstShortPage(t *testing.T) {
	c, ep := shortPagesClient(t)
	l := &cappedList{n: 45, per: 20, base: 1}
	items, errs := collect(Pages(t.Context(), c, ep, 1, 1, 50, l.fetch), 0)
	assert.Equal(t, upTo(20), items)
	assert.Empty(t, errs)
	assert.Equal(t, []int{1}, l.asked)

	l = &cappedList{n: 4, per: 2, base: 1}
	items, errs = collect(Pages(t.Context(), c, ep, 1, 1, 2, l.fetch), 0)
	assert.Equal(t, upTo(4), items)
	assert.Empty(t, errs)
	assert.Equal(t, []int{1, 2, 3}, l.asked, "a full last page is followed by an empty one")
}

// A page whose total is its own item count (PortOne's totalCount, read
// as "objects actually returned") never keeps a list going: the items read
// reach it on every short page.
func TestPagesTotalOfThePageOnlyEndsAtTheShortPage(t *testing.T) {
	c, ep := shortPagesClient(t)
	perPage := func(number int) ([]int, int64, error) {
		l := &cappedList{n: 5, per: 2, base: 0}
		items, _, err := l.fetch(number)
		return items, int64(len(items)), err
	}
	items, errs := collect(Pages(t.Context(), c, ep, 0, 0, 2, perPage), 0)
	assert.Equal(t, upTo(5), items)
	assert.Empty(t, errs)
}

// Resumed from a later page, the items before it are not read, so the
// total is not reached by the items read alone: the list is followed to
// an empty page, which ends it without an error because the pages
// skipped, taken as full, make up the count. A capped gateway resumed the
// same way is read to its end.
func TestPagesResumedFromALaterPageEndWithoutError(t *testing.T) {
	c, ep := shortPagesClient(t)
	l := &cappedList{n: 7, per: 2, base: 1, total: 7}
	items, errs := collect(Pages(t.Context(), c, ep, 1, 3, 2, l.fetch), 0)
	assert.Equal(t, []int{5, 6, 7}, items)
	assert.Empty(t, errs)
	assert.Equal(t, []int{3, 4, 5}, l.asked, "one empty page confirms the end")

	l = &cappedList{n: 10, per: 2, base: 1, total: 10}
	items, errs = collect(Pages(t.Context(), c, ep, 1, 2, 5, l.fetch), 0)
	assert.Equal(t, []int{3, 4, 5, 6, 7, 8, 9, 10}, items, "a capped gateway is read to its end")
	assert.Empty(t, errs)

	l = &cappedList{n: 5, per: 2, base: 1, total: 9}
	_, errs = collect(Pages(t.Context(), c, ep, 1, 2, 2, l.fetch), 0)
	require.Len(t, errs, 1, "the skipped pages (2 items) and the 3 read fall short of 9")
	assert.IsType(t, &DecodeError{}, errs[0])
}
