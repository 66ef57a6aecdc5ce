package portonetest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A schedule past its timeToPay was charged then, at PortOne: a browser
// payment (the stand-in) for the same paymentId a day later finds the id
// paid and is refused, and the schedule reads SUCCEEDED with its payment.
// The stand-in creates its payment without running the due schedules
// first, so the browser's payment takes the id and the schedule, run at the
// next request, FAILS: a merchant's test of "renewal due, customer pays by
// hand" sees the opposite charge from production's.
func TestBrowserPaymentAfterDueScheduleFindsItCharged(t *testing.T) {
	clock := newFakeClock() // 2026-04-25T10:00:00Z
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	base := sandboxtest.ServeBrowserSDK(t, srv.BrowserSDK())
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	res := a.Must(http.MethodPost, "/payments/sub-renew/schedule", scheduleBody("bk", 9900, "2026-04-26T10:00:00Z"))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	id := res.At("schedule.id")

	clock.Advance(48 * time.Hour) // a day past timeToPay, no request since

	status, _ := browserRequest(t, base, map[string]any{
		"storeId": portonetest.StoreID, "paymentId": "sub-renew", "orderName": "수동 결제", "totalAmount": 9900,
		"currency": "KRW", "payMethod": "CARD",
	})
	assert.NotEqual(t, http.StatusOK, status, "the browser paid an id the due schedule had already charged")

	res = a.Must(http.MethodGet, "/payment-schedules/"+id, nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, string(portone.PaymentScheduleStatusSucceeded), res.Str("status"), "%s", res.Raw)
	p, ok := srv.Payment("sub-renew")
	require.True(t, ok)
	assert.Equal(t, id, p.ScheduleID, "the payment under the id is the schedule's")
}

// A browser payment under the paymentId of a schedule not yet due is
// refused, as PortOne refuses a payment under the id of a pending schedule
// (409 PAYMENT_SCHEDULE_ALREADY_EXISTS): nothing is created, and the
// schedule charges the id at its timeToPay. The stand-in created the
// payment, and the schedule, run later, FAILED on the id it held.
func TestBrowserPaymentUnderAScheduledIDIsRefused(t *testing.T) {
	clock := newFakeClock() // 2026-04-25T10:00:00Z
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	base := sandboxtest.ServeBrowserSDK(t, srv.BrowserSDK())
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	res := a.Must(http.MethodPost, "/payments/sub-next/schedule", scheduleBody("bk", 9900, "2026-04-26T10:00:00Z"))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	id := res.At("schedule.id")

	status, r := browserRequest(t, base, map[string]any{
		"storeId": portonetest.StoreID, "paymentId": "sub-next", "orderName": "수동 결제", "totalAmount": 9900,
		"currency": "KRW", "payMethod": "CARD",
	})
	assert.Equal(t, http.StatusConflict, status, "the browser paid an id a pending schedule holds")
	assert.Equal(t, "sub-next", r.PaymentID)
	assert.NotEmpty(t, r.Code)
	assert.Contains(t, r.Message, "PAYMENT_SCHEDULE_ALREADY_EXISTS")
	_, ok := srv.Payment("sub-next")
	assert.False(t, ok, "the refused browser payment was created")

	clock.Advance(24 * time.Hour)
	require.Equal(t, 1, srv.RunDueSchedules())
	sc, ok := srv.Schedule(id)
	require.True(t, ok)
	assert.Equal(t, portone.PaymentScheduleStatusSucceeded, sc.Status)
	p, ok := srv.Payment("sub-next")
	require.True(t, ok)
	assert.Equal(t, id, p.ScheduleID)
}

// A test setup may still build a payment under a pending schedule's id
// (the schedule then fails, charging nothing twice); once the schedule is
// due, CreatePayment finds the id charged and panics as for any id in use.
func TestCreatePaymentAfterDueScheduleFindsTheIDUsed(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	res := a.Must(http.MethodPost, "/payments/sub-due/schedule", scheduleBody("bk", 9900, "2026-04-26T10:00:00Z"))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)

	clock.Advance(48 * time.Hour)
	require.PanicsWithValue(t, `portonetest: payment "sub-due" already exists`, func() {
		srv.CreatePayment(portonetest.PaymentSpec{ID: "sub-due", Total: 9900})
	})
	p, ok := srv.Payment("sub-due")
	require.True(t, ok)
	assert.NotEmpty(t, p.ScheduleID, "the id was the schedule's charge")
}
