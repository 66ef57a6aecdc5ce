package reconcile_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// cappedPeriod is one KST business day; cappedAt is a moment in it.
var (
	cappedPeriod = reconcile.Period{
		From:  time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("KST", 9*3600)),
		Until: time.Date(2026, 3, 2, 0, 0, 0, 0, time.FixedZone("KST", 9*3600)),
	}
	cappedAt = cappedPeriod.From.Add(3 * time.Hour)
)

// cappedOrderList is a Commerce order list page holding the paid orders
// numbered from..to-1, created at cappedAt, with the list's count.
func cappedOrderList(from, to, count int) string {
	var items []string
	for i := from; i < to; i++ {
		items = append(items, fmt.Sprintf(`{"order_id":"id-%03d","order_number":"capped-%03d","price":1000,"status":2,"receipt_status":1,"created_at":%q}`,
			i, i, cappedAt.UTC().Format(time.RFC3339)))
	}
	return fmt.Sprintf(`{"list":[%s],"count":%d}`, strings.Join(items, ","), count)
}

// Review 12's proof, end to end: were Commerce to serve 20 orders a page
// when the run asks for 50 (it documents a default of 20 and no maximum),
// the run read the first page, took 20 < 50 for the end and finished
// without an error: 100 paid orders the merchant does not have were never
// reported, and the period looked clean. The reply's count (120) says
// more follow; every one of the 120 is now reported missing at the
// merchant, and the run ends without an error.
func TestCommerceShortPageAgainstCountIsNotTheEndOfTheRun(t *testing.T) {
	srv, c := newCommerce(t)
	for _, body := range []string{cappedOrderList(0, 20, 120), cappedOrderList(20, 70, 120), cappedOrderList(70, 120, 120), cappedOrderList(0, 0, 120)} {
		srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, body), 1)
	}

	found := collect(t, reconcile.Run(ctx, reconcile.Commerce(c), reconciletest.NewMemory(slices.Values([]reconcile.Record(nil))), cappedPeriod, reconcile.Options{}))

	missing := map[string]bool{}
	for _, d := range found {
		if d.Kind == reconcile.MissingAtMerchant {
			missing[d.Key] = true
		}
	}
	assert.Len(t, missing, 120, "the paid orders after the first short page were never seen")
	assert.True(t, missing["capped-000"] && missing["capped-119"])
	require.Equal(t, 4, srv.Stats().Requests[commercetest.OpOrderList], "pages 1 to 4; the empty fourth reaches the count")
}
