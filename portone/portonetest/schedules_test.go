package portonetest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

func scheduleBody(key string, total int64, at string) map[string]any {
	return map[string]any{"payment": billingPayBody(key, total), "timeToPay": at}
}

func TestScheduleLifecycle(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})

	body := scheduleBody("bk", 9900, "2026-05-25T10:00:00+09:00")
	body["payment"].(map[string]any)["amount"] = map[string]any{"total": 9900, "taxFree": 0}
	res := a.Must(http.MethodPost, "/payments/sub-2026-05/schedule", body)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	id := res.At("schedule.id")
	require.NotEmpty(t, id)
	assert.Len(t, res.Obj("schedule"), 1)

	res = a.Must(http.MethodGet, "/payment-schedules/"+id, nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "SCHEDULED", res.Str("status"))
	assert.Equal(t, "sub-2026-05", res.Str("paymentId"))
	assert.Equal(t, "bk", res.Str("billingKey"))
	assert.Equal(t, "9900", res.At("totalAmount"))
	assert.Equal(t, "0", res.At("taxFreeAmount"))
	assert.Equal(t, "", res.At("vatAmount"))
	assert.Equal(t, "2026-05-25T01:00:00Z", res.Str("timeToPay"))
	assert.Equal(t, "2026-04-25T10:00:00Z", res.Str("createdAt"))
	assert.Equal(t, "", res.Str("customData"))
	sc, ok := srv.Schedule(id)
	require.True(t, ok)
	assert.Equal(t, portone.PaymentScheduleStatusScheduled, sc.Status)
	assert.Equal(t, int64(0), *sc.TaxFreeAmount)
	assert.Nil(t, sc.VATAmount)

	// One schedule per payment id; a paid payment id cannot be scheduled.
	requireError(t, a.Must(http.MethodPost, "/payments/sub-2026-05/schedule", scheduleBody("bk", 9900, "2026-05-26T00:00:00Z")),
		http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyExists)
	requireError(t, a.payWithBillingKey("sub-2026-05", billingPayBody("bk", 9900)), http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyExists)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "paid", Total: 1000})
	requireError(t, a.Must(http.MethodPost, "/payments/paid/schedule", scheduleBody("bk", 1000, "2026-05-26T00:00:00Z")),
		http.StatusConflict, portone.ErrorTypeAlreadyPaidOrWaiting)

	// Revoke by id; the requestBody query parameter carries the body of this DELETE.
	clock.Advance(time.Hour)
	res = a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{id}}), nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, `["`+id+`"]`, res.At("revokedScheduleIds"))
	assert.Equal(t, "2026-04-25T11:00:00Z", res.Str("revokedAt"))
	res = a.Must(http.MethodGet, "/payment-schedules/"+id, nil)
	assert.Equal(t, "REVOKED", res.Str("status"))
	assert.Equal(t, "2026-04-25T11:00:00Z", res.Str("revokedAt"))
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{id}}), nil),
		http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyRevoked)

	// After a revoke the payment id can be scheduled again.
	res = a.Must(http.MethodPost, "/payments/sub-2026-05/schedule", scheduleBody("bk", 9900, "2026-05-26T00:00:00Z"))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	st := srv.Stats()
	assert.Equal(t, 2, st.SchedulesCreated)
	assert.Equal(t, 1, st.SchedulesRevoked)
}

func TestScheduleRevokeByBillingKey(t *testing.T) {
	srv, a := newServer(t, portonetest.WithClock(newFakeClock().Now)) // before the schedules' time
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk2"})
	var ids []string
	for _, pid := range []string{"m1", "m2", "m3"} {
		res := a.Must(http.MethodPost, "/payments/"+pid+"/schedule", scheduleBody("bk", 1000, "2026-06-01T00:00:00Z"))
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		ids = append(ids, res.At("schedule.id"))
	}
	other := a.Must(http.MethodPost, "/payments/o1/schedule", scheduleBody("bk2", 1000, "2026-06-01T00:00:00Z")).At("schedule.id")

	// scheduleIds with a billingKey they were not scheduled with: nothing is revoked.
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk", "scheduleIds": []string{ids[0], other}}), nil),
		http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{ids[0], "nope"}}), nil),
		http.StatusNotFound, portone.ErrorTypePaymentScheduleNotFound)
	sc, _ := srv.Schedule(ids[0])
	assert.Equal(t, portone.PaymentScheduleStatusScheduled, sc.Status, "all or nothing")

	res := a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk", "scheduleIds": []string{ids[1]}}), nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, `["`+ids[1]+`"]`, res.At("revokedScheduleIds"))
	res = a.Must(http.MethodDelete, "/payment-schedules", map[string]any{"billingKey": "bk"}) // a JSON body works too
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.ElementsMatch(t, []any{ids[0], ids[2]}, res.Get("revokedScheduleIds"))
	res = a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk"}), nil)
	assert.Equal(t, "[]", res.At("revokedScheduleIds"))
	assert.Equal(t, 3, srv.Stats().SchedulesRevoked)

	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{}), nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules", nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "nope"}), nil), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk", "storeId": "x"}), nil), http.StatusForbidden, portone.ErrorTypeForbidden)
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules?requestBody=nope", nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	require.Equal(t, http.StatusOK, a.Must(http.MethodDelete, "/billing-keys/bk", nil).Status)
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk"}), nil), http.StatusConflict, portone.ErrorTypeBillingKeyAlreadyDeleted)
}

func TestScheduleCreateErrors(t *testing.T) {
	srv, a := newServer(t)
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	requireError(t, a.Must(http.MethodPost, "/payments/x/schedule", map[string]any{"timeToPay": "2026-06-01T00:00:00Z"}), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodPost, "/payments/x/schedule", map[string]any{"payment": billingPayBody("bk", 1000)}), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodPost, "/payments/x/schedule", scheduleBody("bk", 0, "2026-06-01T00:00:00Z")), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodPost, "/payments/x/schedule", scheduleBody("bk", 1000, "soon")), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodPost, "/payments/x/schedule", scheduleBody("nope", 1000, "2026-06-01T00:00:00Z")), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	body := scheduleBody("bk", 1000, "2026-06-01T00:00:00Z")
	body["payment"].(map[string]any)["amount"] = map[string]any{"total": 1000, "taxFree": 1001}
	requireError(t, a.Must(http.MethodPost, "/payments/x/schedule", body), http.StatusConflict, portone.ErrorTypeSumOfPartsExceedsTotalAmount)
	body = scheduleBody("bk", 1000, "2026-06-01T00:00:00Z")
	body["payment"].(map[string]any)["storeId"] = "other"
	requireError(t, a.Must(http.MethodPost, "/payments/x/schedule", body), http.StatusForbidden, portone.ErrorTypeForbidden)
	requireError(t, a.Must(http.MethodGet, "/payment-schedules/nope", nil), http.StatusNotFound, portone.ErrorTypePaymentScheduleNotFound)
	requireError(t, a.Must(http.MethodGet, "/payment-schedules/nope?storeId=other", nil), http.StatusForbidden, portone.ErrorTypeForbidden)
	_, ok := srv.Schedule("nope")
	assert.False(t, ok)
	assert.Zero(t, srv.Stats().SchedulesCreated)
}
