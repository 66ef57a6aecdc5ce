package portone

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// anySeq hides the item type of an All iteration, so one test drives
// them all.
func anySeq[T any](seq iter.Seq2[*T, error]) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
		}
	}
}

// pagedLists are the All methods of the page-based lists, each with a
// fixture of one item.
var pagedLists = []struct {
	name, fixture string
	all           func(c *Client, p PageInput) iter.Seq2[any, error]
}{
	{"billing keys", "billing_keys/issued.json", func(c *Client, p PageInput) iter.Seq2[any, error] {
		return anySeq(c.BillingKeys.All(context.Background(), BillingKeyListParams{Page: p}))
	}},
	{"cash receipts", "cash_receipts/issued.json", func(c *Client, p PageInput) iter.Seq2[any, error] {
		return anySeq(c.CashReceipts.All(context.Background(), CashReceiptListParams{Page: p}))
	}},
	{"identity verifications", "identity_verifications/verified.json", func(c *Client, p PageInput) iter.Seq2[any, error] {
		return anySeq(c.IdentityVerifications.All(context.Background(), IdentityVerificationListParams{Page: p}))
	}},
	{"payment schedules", "payment_schedules/scheduled.json", func(c *Client, p PageInput) iter.Seq2[any, error] {
		return anySeq(c.PaymentSchedules.All(context.Background(), PaymentScheduleListParams{Page: p}))
	}},
}

// pageReply answers a list request with count copies of item, as page
// number n of size items (the page asked in requestBody).
func pageReply(t *testing.T, item string, total int) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		var body struct {
			Page PageInput `json:"page"`
		}
		if q := r.URL.Query().Get("requestBody"); q != "" {
			require.NoError(t, json.Unmarshal([]byte(q), &body))
		}
		size := body.Page.Size
		if size == 0 {
			size = defaultPageSize
		}
		n := max(0, min(size, total-body.Page.Number*size))
		items := strings.TrimSuffix(strings.Repeat(item+",", n), ",")
		page := fmt.Sprintf(`{"items":[%s],"page":{"number":%d,"size":%d,"totalCount":%d}}`, items, body.Page.Number, size, n)
		return wiretest.JSON(http.StatusOK, []byte(page)), nil
	}
}

// TestAllWalksPages: All of every page-based list fetches page after page
// (page numbers in requestBody) until a short page, from the page asked;
// breaking out stops fetching; params List would refuse are yielded as the
// error before any request; a failing page is yielded once and ends it.
func TestAllWalksPages(t *testing.T) {
	for _, tc := range pagedLists {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/" + tc.fixture)
			require.NoError(t, err)
			item := string(raw)
			ws := newWireServer(t, "")
			c := testClient(t, ws)
			all := func(p PageInput) iter.Seq2[any, error] { return tc.all(c, p) }
			for range 3 {
				ws.ThenFunc(pageReply(t, item, 5))
			}
			count := 0
			for v, err := range all(PageInput{Size: 2}) {
				require.NoError(t, err)
				require.NotNil(t, v)
				count++
			}
			assert.Equal(t, 5, count)
			var pages []string
			for _, r := range ws.recorded() {
				pages = append(pages, r.Query.Get("requestBody"))
			}
			assert.Equal(t, []string{`{"page":{"size":2}}`, `{"page":{"number":1,"size":2}}`, `{"page":{"number":2,"size":2}}`}, pages)

			ws.ThenFunc(pageReply(t, item, 5))
			for range all(PageInput{Number: 1, Size: 2}) {
				break
			}
			last := ws.last(t)
			assert.Equal(t, `{"page":{"number":1,"size":2}}`, last.Query.Get("requestBody"))
			assert.Len(t, ws.recorded(), 4, "breaking out fetched no further page")

			var errs []error
			for _, err := range all(PageInput{Size: -1}) {
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			var verr *ValidationError
			assert.ErrorAs(t, errs[0], &verr)
			assert.Len(t, ws.recorded(), 4, "refused before any request")

			ws.ThenFunc(pageReply(t, item, 5))
			ws.then(http.StatusForbidden, `{"type":"FORBIDDEN"}`)
			errs, count = nil, 0
			for v, err := range all(PageInput{Size: 2}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				require.NotNil(t, v)
				count++
			}
			assert.Equal(t, 2, count)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrUnauthorized)
		})
	}
}
