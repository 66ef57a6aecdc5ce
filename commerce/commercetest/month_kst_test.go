package commercetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// TestOrderMonthIsTheKoreanMonth: GET /orders/month?search_date=YYYY-MM
// (Orders.Month, 합산 청구) lists the orders of a month as Korea counts it,
// the zone Commerce's dates are read in (reconcile/commerce.go reads them
// in KST). An order created on 2026-12-01 at 00:30 KST is December's.
// The sandbox grouped orders by their UTC month, where that instant is
// still 2026-11-30 15:30: with its default clock, a merchant's test that
// creates an order and asks for this month's orders failed whenever it ran
// between 00:00 and 09:00 KST on the first of a month (the fixed clock
// here stands for that night).
func TestOrderMonthIsTheKoreanMonth(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	at := time.Date(2026, 12, 1, 0, 30, 0, 0, kst) // 2026-11-30T15:30:00Z
	srv := commercetest.NewServer(commercetest.WithClock(func() time.Time { return at }))
	t.Cleanup(srv.Close)
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 9900}) // created now, by the server's clock

	month := func(m time.Month) []string {
		t.Helper()
		page, err := client.Orders.Month(context.Background(), commerce.OrderMonthParams{UserGroupID: "group-1", Year: 2026, Month: m})
		require.NoError(t, err)
		var numbers []string
		for _, o := range page.Items {
			numbers = append(numbers, o.OrderNumber)
		}
		return numbers
	}
	assert.Contains(t, month(time.December), ref.OrderNumber, "an order of 2026-12-01 00:30 KST is not listed in December")
	assert.NotContains(t, month(time.November), ref.OrderNumber, "an order of 2026-12-01 00:30 KST is listed in November")
}
