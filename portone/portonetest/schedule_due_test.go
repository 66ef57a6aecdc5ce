package portonetest_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestScheduleDueIsChargedNotRevocable: PortOne charges a payment
// schedule's billing key at its timeToPay (결제 예약,
// https://developers.portone.io/api/rest-v2/paymentSchedule); a schedule
// past its time is no longer SCHEDULED, its payment exists under the
// schedule's paymentId, and DELETE /payment-schedules answers 409
// PAYMENT_SCHEDULE_ALREADY_PROCESSED (RevokePaymentSchedulesError). The
// sandbox does the same by its clock, as bootpaytest does for Bootpay's
// reservations (RunDueReservations), or a merchant's "cancel the
// subscription after the renewal date" test would pass against it (revoked,
// nothing charged) while in production the customer was charged and the
// revoke was refused.
func TestScheduleDueIsChargedNotRevocable(t *testing.T) {
	clock := newFakeClock() // 2026-04-25T10:00:00Z
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})

	res := a.Must(http.MethodPost, "/payments/sub-due/schedule", scheduleBody("bk", 9900, "2026-04-26T10:00:00Z"))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	id := res.At("schedule.id")

	clock.Advance(48 * time.Hour) // a day past timeToPay

	res = a.Must(http.MethodGet, "/payment-schedules/"+id, nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.NotEqual(t, "SCHEDULED", res.Str("status"), "a schedule a day past its timeToPay is still waiting to be charged")

	res = a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{id}}), nil)
	assert.Equal(t, http.StatusConflict, res.Status, "revoking a schedule past its timeToPay: %s", res.Raw)
	assert.Equal(t, string(portone.ErrorTypePaymentScheduleAlreadyProcessed), res.Str("type"), "%s", res.Raw)

	p, ok := srv.Payment("sub-due")
	require.True(t, ok, "no payment under the schedule's paymentId a day after timeToPay")
	assert.Equal(t, portone.PaymentStatusPaid, p.Status)
}

// TestScheduleDueChargesItsPayment: a due schedule is charged as POST
// /payments/{paymentId}/billing-key charges: a PAID payment under the
// schedule's paymentId with its amounts, currency, order name, billing key
// and scheduleId; the schedule reads SUCCEEDED with startedAt and
// completedAt the server's clock when it ran (each response is checked
// against the schema's union member by newServer). The key, no longer
// holding a schedule, may be deleted.
func TestScheduleDueChargesItsPayment(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	body := scheduleBody("bk", 9900, "2026-04-25T12:00:00Z")
	body["payment"].(map[string]any)["amount"] = map[string]any{"total": 9900, "taxFree": 900}
	body["payment"].(map[string]any)["customData"] = `{"plan":"monthly"}`
	id := a.Must(http.MethodPost, "/payments/sub-2026-04/schedule", body).At("schedule.id")
	require.NotEmpty(t, id)
	requireError(t, a.getPayment("sub-2026-04"), http.StatusNotFound, portone.ErrorTypePaymentNotFound)

	clock.Advance(3 * time.Hour) // 13:00, an hour past timeToPay
	res := a.getPayment("sub-2026-04")
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "PAID", res.Str("status"))
	assert.Equal(t, "9900", res.At("amount.total"))
	assert.Equal(t, "900", res.At("amount.taxFree"))
	assert.Equal(t, "818", res.At("amount.vat"), "(9900 − 900)/11, as the billing-key endpoint computes it")
	assert.Equal(t, "9900", res.At("amount.paid"))
	assert.Equal(t, "KRW", res.Str("currency"))
	assert.Equal(t, "월간 구독", res.Str("orderName"))
	assert.Equal(t, `{"plan":"monthly"}`, res.Str("customData"))
	assert.Equal(t, "bk", res.Str("billingKey"))
	assert.Equal(t, id, res.Str("scheduleId"))
	assert.Equal(t, "2026-04-25T13:00:00Z", res.Str("paidAt"))
	assert.Equal(t, "API", res.At("origin.platformType"))

	res = a.Must(http.MethodGet, "/payment-schedules/"+id, nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "SUCCEEDED", res.Str("status"))
	assert.Equal(t, "2026-04-25T13:00:00Z", res.Str("startedAt"))
	assert.Equal(t, "2026-04-25T13:00:00Z", res.Str("completedAt"))
	sc, _ := srv.Schedule(id)
	assert.Equal(t, portone.PaymentScheduleStatusSucceeded, sc.Status)
	assert.Equal(t, clock.Now(), sc.StartedAt)

	// The schedule ran, so the key holds none any more, and its payment id is paid.
	requireError(t, a.payWithBillingKey("sub-2026-04", billingPayBody("bk", 9900)), http.StatusConflict, portone.ErrorTypeAlreadyPaid)
	require.Equal(t, http.StatusOK, a.Must(http.MethodDelete, "/billing-keys/bk", nil).Status)
	st := srv.Stats()
	assert.Equal(t, 1, st.SchedulesSucceeded)
	assert.Zero(t, st.SchedulesFailed)
	assert.Zero(t, st.BillingKeyPaymentsApplied, "the endpoint charged nothing itself")
}

// TestScheduleDueWithPGErrorFails: when the key's PG refuses the charge
// (BillingKeySpec.PGError) the schedule ends FAILED and its payment FAILED
// with the PG's code, nothing is paid, and the schedule still cannot be
// revoked: it was processed.
func TestScheduleDueWithPGErrorFails(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk", PGError: &portonetest.PGError{Code: "LIMIT", Message: "한도초과"}})
	id := a.Must(http.MethodPost, "/payments/sub-pg/schedule", scheduleBody("bk", 9900, "2026-04-25T10:30:00Z")).At("schedule.id")
	require.NotEmpty(t, id)

	clock.Advance(time.Hour)
	res := a.Must(http.MethodGet, "/payment-schedules/"+id, nil)
	assert.Equal(t, "FAILED", res.Str("status"), "%s", res.Raw)
	assert.Equal(t, "2026-04-25T11:00:00Z", res.Str("completedAt"))
	res = a.getPayment("sub-pg")
	assert.Equal(t, "FAILED", res.Str("status"), "%s", res.Raw)
	assert.Equal(t, "LIMIT", res.At("failure.pgCode"))
	assert.Equal(t, id, res.Str("scheduleId"))
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{id}}), nil),
		http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyProcessed)
	st := srv.Stats()
	assert.Equal(t, 1, st.SchedulesFailed)
	assert.Zero(t, st.SchedulesSucceeded)
	assert.Zero(t, st.PGFailures, "no 502 was answered")
}

// TestScheduleDueWithDeletedKeyFails: a due schedule whose billing key was
// deleted ends FAILED, with a FAILED payment and nothing paid. PortOne's
// DELETE /billing-keys refuses a key with a SCHEDULED schedule, so only the
// package's own test hook reaches this state; the run must still never
// charge a deleted key.
func TestScheduleDueWithDeletedKeyFails(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	id := a.Must(http.MethodPost, "/payments/sub-del/schedule", scheduleBody("bk", 9900, "2026-04-25T10:30:00Z")).At("schedule.id")
	require.NotEmpty(t, id)
	requireError(t, a.Must(http.MethodDelete, "/billing-keys/bk", nil), http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyExists)
	portonetest.DeleteBillingKeyDespiteSchedules(srv, "bk")

	clock.Advance(time.Hour)
	assert.Equal(t, 1, srv.RunDueSchedules())
	sc, _ := srv.Schedule(id)
	assert.Equal(t, portone.PaymentScheduleStatusFailed, sc.Status)
	p, ok := srv.Payment("sub-del")
	require.True(t, ok, "the failed attempt is recorded")
	assert.Equal(t, portone.PaymentStatusFailed, p.Status)
	assert.Zero(t, p.Amount.Paid)
	res := a.Must(http.MethodGet, "/payments"+rb(map[string]any{"filter": map[string]any{"status": []string{"PAID"}}}), nil)
	assert.Equal(t, "0", res.At("page.totalCount"), "%s", res.Raw)
	st := srv.Stats()
	assert.Equal(t, 1, st.SchedulesFailed)
	assert.Zero(t, st.SchedulesSucceeded)
}

// TestScheduleNotYetDueStaysRevocable: a schedule runs at its timeToPay,
// not before: a millisecond before, it reads SCHEDULED, RunDueSchedules
// runs nothing and it can be revoked (and then never runs); at timeToPay
// exactly, the other one runs.
func TestScheduleNotYetDueStaysRevocable(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	keep := a.Must(http.MethodPost, "/payments/sub-keep/schedule", scheduleBody("bk", 9900, "2026-04-26T10:00:00Z")).At("schedule.id")
	drop := a.Must(http.MethodPost, "/payments/sub-drop/schedule", scheduleBody("bk", 9900, "2026-04-26T10:00:00Z")).At("schedule.id")
	require.NotEmpty(t, keep)
	require.NotEmpty(t, drop)

	clock.Advance(24*time.Hour - time.Millisecond)
	assert.Zero(t, srv.RunDueSchedules())
	assert.Equal(t, "SCHEDULED", a.Must(http.MethodGet, "/payment-schedules/"+keep, nil).Str("status"))
	res := a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{drop}}), nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, `["`+drop+`"]`, res.At("revokedScheduleIds"))

	clock.Advance(time.Millisecond) // timeToPay exactly
	assert.Equal(t, "SUCCEEDED", a.Must(http.MethodGet, "/payment-schedules/"+keep, nil).Str("status"))
	assert.Equal(t, "REVOKED", a.Must(http.MethodGet, "/payment-schedules/"+drop, nil).Str("status"))
	requireError(t, a.getPayment("sub-drop"), http.StatusNotFound, portone.ErrorTypePaymentNotFound)
	st := srv.Stats()
	assert.Equal(t, 1, st.SchedulesSucceeded)
	assert.Equal(t, 1, st.SchedulesRevoked)
}

// TestRunDueSchedulesRunsEachOnce: however many RunDueSchedules calls and
// requests see a schedule due at once, it is charged once; a later call
// charges nothing more.
func TestRunDueSchedulesRunsEachOnce(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	for _, pid := range []string{"sub-1", "sub-2", "sub-3"} {
		require.Equal(t, http.StatusOK, a.Must(http.MethodPost, "/payments/"+pid+"/schedule", scheduleBody("bk", 9900, "2026-04-25T11:00:00Z")).Status)
	}
	clock.Advance(2 * time.Hour)

	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		ran int
	)
	for range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			n := srv.RunDueSchedules()
			mu.Lock()
			ran += n
			mu.Unlock()
		}()
		go func() {
			defer wg.Done()
			res, err := a.Send(http.MethodGet, "/payments/sub-1", nil)
			assert.NoError(t, err)
			assert.Equal(t, "PAID", res.Str("status"), "%s", res.Raw)
		}()
	}
	wg.Wait()
	assert.LessOrEqual(t, ran, 3)
	assert.Zero(t, srv.RunDueSchedules(), "a second call runs nothing")
	clock.Advance(time.Hour)
	assert.Zero(t, srv.RunDueSchedules(), "nor does a later one")
	st := srv.Stats()
	assert.Equal(t, 3, st.SchedulesSucceeded)
	assert.Zero(t, st.SchedulesFailed)
	res := a.Must(http.MethodGet, "/payments"+rb(map[string]any{"filter": map[string]any{"isScheduled": true}}), nil)
	assert.Equal(t, "3", res.At("page.totalCount"), "one payment per schedule: %s", res.Raw)
}

// TestScheduleDueWithPaymentIDPaidElsewhereFails: a schedule whose paymentId
// was paid by other means before its time (CreatePayment; the endpoints
// refuse it) fails and leaves that payment as it was: money moves once.
func TestScheduleDueWithPaymentIDPaidElsewhereFails(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	id := a.Must(http.MethodPost, "/payments/sub-x/schedule", scheduleBody("bk", 9900, "2026-04-25T10:30:00Z")).At("schedule.id")
	before := srv.CreatePayment(portonetest.PaymentSpec{ID: "sub-x", Total: 5000})

	clock.Advance(time.Hour)
	assert.Equal(t, 1, srv.RunDueSchedules())
	sc, _ := srv.Schedule(id)
	assert.Equal(t, portone.PaymentScheduleStatusFailed, sc.Status)
	p, _ := srv.Payment("sub-x")
	assert.Equal(t, before.TransactionID, p.TransactionID, "the payment was not replaced")
	assert.Equal(t, int64(5000), p.Amount.Total)
	assert.Empty(t, p.ScheduleID)
}

// TestRevokeProcessedScheduleThroughClient: portone's PaymentSchedules.Revoke
// against the sandbox reports a schedule that already ran as PortOne's 409
// PAYMENT_SCHEDULE_ALREADY_PROCESSED: a definite *APIError matching
// ErrConflict (nothing was revoked, and nothing is left to retry), not an
// unknown outcome; Get decodes the SUCCEEDED schedule.
func TestRevokeProcessedScheduleThroughClient(t *testing.T) {
	clock := newFakeClock()
	srv := portonetest.NewServer(portonetest.WithClock(clock.Now))
	t.Cleanup(srv.Close)
	key := srv.IssueBillingKey(portonetest.BillingKeySpec{}).BillingKey
	c, err := portone.NewClient(portonetest.APISecret, sandboxtest.ClientOptions(srv.URL())...)
	require.NoError(t, err)
	ctx := context.Background()
	created, err := c.PaymentSchedules.Create(ctx, portone.CreatePaymentScheduleParams{
		PaymentID: "sub-client", TimeToPay: clock.Now().Add(time.Hour),
		Payment: portone.BillingKeyPaymentScheduleInput{BillingKey: portone.BillingKey(key), OrderName: "월간 구독",
			Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW},
	})
	require.NoError(t, err)
	id := created.Schedule.ID

	clock.Advance(2 * time.Hour)
	_, err = c.PaymentSchedules.Revoke(ctx, portone.RevokePaymentSchedulesParams{ScheduleIDs: []string{id}})
	require.Error(t, err)
	assert.ErrorIs(t, err, portone.ErrConflict)
	assert.False(t, errors.Is(err, portone.ErrOutcomeUnknown), "%v", err)
	var apiErr *portone.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusConflict, apiErr.StatusCode)
	assert.Equal(t, portone.ErrorTypePaymentScheduleAlreadyProcessed, apiErr.Type)
	assert.Equal(t, 1, srv.Stats().Requests[portonetest.OpScheduleRevoke], "a definite answer is not retried")

	sc, err := c.PaymentSchedules.Get(ctx, id)
	require.NoError(t, err)
	v, ok := sc.Variant.(*portone.SucceededPaymentSchedule)
	require.True(t, ok, "%T", sc.Variant)
	assert.True(t, v.CompletedAt.Equal(clock.Now()), "%v", v.CompletedAt)
	p, err := c.Payments.Get(ctx, "sub-client")
	require.NoError(t, err)
	assert.Equal(t, portone.PaymentStatusPaid, p.Status)
	assert.Equal(t, id, p.ScheduleID)
}
