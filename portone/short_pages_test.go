package portone

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// cappedPageReply answers a list request for page n with the copies of
// item that a list of total serves there when it pages by per, whatever
// size is asked (a server capping its pages), and reports totalCount as
// total: the reading of PortOne's CLI, a count across every page.
func cappedPageReply(t *testing.T, item string, per, total int) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		var body struct {
			Page PageInput `json:"page"`
		}
		if q := r.URL.Query().Get("requestBody"); q != "" {
			require.NoError(t, json.Unmarshal([]byte(q), &body))
		}
		n := max(0, min(per, total-body.Page.Number*per))
		items := strings.TrimSuffix(strings.Repeat(item+",", n), ",")
		page := fmt.Sprintf(`{"items":[%s],"page":{"number":%d,"size":%d,"totalCount":%d}}`, items, body.Page.Number, body.Page.Size, total)
		return wiretest.JSON(http.StatusOK, []byte(page)), nil
	}
}

// TestAllFollowsShortPagesToTheTotalCount: every page-based All, asked for
// pages of 10 by a server that serves 3 with a totalCount of 8, reads all
// 8 items in three requests, where it used to stop at the first page of 3
// without an error. A page that comes back empty while totalCount counts
// more ends it with a *DecodeError of the list after the items read.
func TestAllFollowsShortPagesToTheTotalCount(t *testing.T) {
	for _, tc := range pagedLists {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/" + tc.fixture)
			require.NoError(t, err)
			item := string(raw)
			ws := newWireServer(t, "")
			c := testClient(t, ws)
			for range 3 {
				ws.ThenFunc(cappedPageReply(t, item, 3, 8))
			}
			count := 0
			for v, err := range tc.all(c, PageInput{}) {
				require.NoError(t, err)
				require.NotNil(t, v)
				count++
			}
			assert.Equal(t, 8, count, "every item totalCount counts")
			var pages []string
			for _, r := range ws.recorded() {
				pages = append(pages, r.Query.Get("requestBody"))
			}
			assert.Equal(t, []string{"", `{"page":{"number":1}}`, `{"page":{"number":2}}`}, pages)

			ws.ThenFunc(cappedPageReply(t, item, 3, 8))
			ws.then(http.StatusOK, `{"items":[],"page":{"number":1,"size":10,"totalCount":8}}`)
			var errs []error
			count = 0
			for v, err := range tc.all(c, PageInput{}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				require.Empty(t, errs, "an item after the error")
				require.NotNil(t, v)
				count++
			}
			assert.Equal(t, 3, count)
			require.Len(t, errs, 1)
			var derr *DecodeError
			require.True(t, errors.As(errs[0], &derr), "%T %v", errs[0], errs[0])
			assert.True(t, strings.HasSuffix(derr.Op, ".list"), derr.Op)
			assert.Contains(t, derr.Error(), "count of 8")
			assert.Len(t, ws.recorded(), 5)
		})
	}
}
