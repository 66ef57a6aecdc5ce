package reconcile_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// A virtual account issued on one day and deposited the next is PAID
// during the next day, but PortOne lists it under the day it was created
// (requestedAt), and the merchant's order, still pending because the
// deposit webhook was lost, lies in that day too. The documented routine
// (Run's and PortOne's docs, the README) is a trailing window that covers
// the longest deposit deadline: the run on the day after the deposit, over
// the last two days, reports the money taken for goods never shipped.
func TestTrailingWindowReportsADepositAfterTheDayOfCreation(t *testing.T) {
	srv := portonetest.NewServer(portonetest.WithClock(func() time.Time { return dayAt })) // the deposit, inside day
	t.Cleanup(srv.Close)
	c, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()), portone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	issued := day.From.Add(-10 * time.Hour) // the virtual account, the day before
	p := srv.CreatePayment(portonetest.PaymentSpec{ID: "tw-vbank", Total: 50000, RequestedAt: issued})
	require.Equal(t, portone.PaymentStatusPaid, p.Status)
	require.True(t, day.Contains(p.Variant.(*portone.PaidPayment).PaidAt), "paid inside the period")
	merchant := reconcile.Record{Key: "tw-vbank", Amount: 50000, Status: reconcile.StatusPending, SourceStatus: "awaiting_deposit", At: issued}

	window := reconcile.Period{From: day.Until.AddDate(0, 0, -2), Until: day.Until} // the run after the deposit, two days back
	found := collect(t, reconcile.Run(ctx, sandboxPortOne(c), reconciletest.NewMemory(slices.Values([]reconcile.Record{merchant})), window, reconcile.Options{}))

	require.Len(t, found, 1, "%v", found)
	require.Equal(t, reconcile.StatusDiffers, found[0].Kind)
	require.Equal(t, reconcile.StatusPaid, found[0].Gateway.Status)
}
