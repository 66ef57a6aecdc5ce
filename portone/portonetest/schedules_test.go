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
	res := a.must(http.MethodPost, "/payments/sub-2026-05/schedule", body)
	require.Equal(t, http.StatusOK, res.status, "%s", res.raw)
	id := res.at("schedule.id")
	require.NotEmpty(t, id)
	assert.Len(t, res.obj("schedule"), 1)

	res = a.must(http.MethodGet, "/payment-schedules/"+id, nil)
	require.Equal(t, http.StatusOK, res.status, "%s", res.raw)
	assert.Equal(t, "SCHEDULED", res.str("status"))
	assert.Equal(t, "sub-2026-05", res.str("paymentId"))
	assert.Equal(t, "bk", res.str("billingKey"))
	assert.Equal(t, "9900", res.at("totalAmount"))
	assert.Equal(t, "0", res.at("taxFreeAmount"))
	assert.Equal(t, "", res.at("vatAmount"))
	assert.Equal(t, "2026-05-25T01:00:00Z", res.str("timeToPay"))
	assert.Equal(t, "2026-04-25T10:00:00Z", res.str("createdAt"))
	assert.Equal(t, "", res.str("customData"))
	sc, ok := srv.Schedule(id)
	require.True(t, ok)
	assert.Equal(t, portone.PaymentScheduleStatusScheduled, sc.Status)
	assert.Equal(t, int64(0), *sc.TaxFreeAmount)
	assert.Nil(t, sc.VatAmount)

	// One schedule per payment id; a paid payment id cannot be scheduled.
	requireError(t, a.must(http.MethodPost, "/payments/sub-2026-05/schedule", scheduleBody("bk", 9900, "2026-05-26T00:00:00Z")),
		http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyExists)
	requireError(t, a.payWithBillingKey("sub-2026-05", billingPayBody("bk", 9900)), http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyExists)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "paid", Total: 1000})
	requireError(t, a.must(http.MethodPost, "/payments/paid/schedule", scheduleBody("bk", 1000, "2026-05-26T00:00:00Z")),
		http.StatusConflict, portone.ErrorTypeAlreadyPaidOrWaiting)

	// Revoke by id; the requestBody query parameter carries the body of this DELETE.
	clock.Advance(time.Hour)
	res = a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{id}}), nil)
	require.Equal(t, http.StatusOK, res.status, "%s", res.raw)
	assert.Equal(t, `["`+id+`"]`, res.at("revokedScheduleIds"))
	assert.Equal(t, "2026-04-25T11:00:00Z", res.str("revokedAt"))
	res = a.must(http.MethodGet, "/payment-schedules/"+id, nil)
	assert.Equal(t, "REVOKED", res.str("status"))
	assert.Equal(t, "2026-04-25T11:00:00Z", res.str("revokedAt"))
	requireError(t, a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{id}}), nil),
		http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyRevoked)

	// After a revoke the payment id can be scheduled again.
	res = a.must(http.MethodPost, "/payments/sub-2026-05/schedule", scheduleBody("bk", 9900, "2026-05-26T00:00:00Z"))
	require.Equal(t, http.StatusOK, res.status, "%s", res.raw)
	st := srv.Stats()
	assert.Equal(t, 2, st.SchedulesCreated)
	assert.Equal(t, 1, st.SchedulesRevoked)
}

func TestScheduleRevokeByBillingKey(t *testing.T) {
	srv, a := newServer(t)
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk2"})
	var ids []string
	for _, pid := range []string{"m1", "m2", "m3"} {
		res := a.must(http.MethodPost, "/payments/"+pid+"/schedule", scheduleBody("bk", 1000, "2026-06-01T00:00:00Z"))
		require.Equal(t, http.StatusOK, res.status, "%s", res.raw)
		ids = append(ids, res.at("schedule.id"))
	}
	other := a.must(http.MethodPost, "/payments/o1/schedule", scheduleBody("bk2", 1000, "2026-06-01T00:00:00Z")).at("schedule.id")

	// scheduleIds with a billingKey they were not scheduled with: nothing is revoked.
	requireError(t, a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk", "scheduleIds": []string{ids[0], other}}), nil),
		http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"scheduleIds": []string{ids[0], "nope"}}), nil),
		http.StatusNotFound, portone.ErrorTypePaymentScheduleNotFound)
	sc, _ := srv.Schedule(ids[0])
	assert.Equal(t, portone.PaymentScheduleStatusScheduled, sc.Status, "all or nothing")

	res := a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk", "scheduleIds": []string{ids[1]}}), nil)
	require.Equal(t, http.StatusOK, res.status, "%s", res.raw)
	assert.Equal(t, `["`+ids[1]+`"]`, res.at("revokedScheduleIds"))
	res = a.must(http.MethodDelete, "/payment-schedules", map[string]any{"billingKey": "bk"}) // a JSON body works too
	require.Equal(t, http.StatusOK, res.status, "%s", res.raw)
	assert.ElementsMatch(t, []any{ids[0], ids[2]}, res.get("revokedScheduleIds"))
	res = a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk"}), nil)
	assert.Equal(t, "[]", res.at("revokedScheduleIds"))
	assert.Equal(t, 3, srv.Stats().SchedulesRevoked)

	requireError(t, a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{}), nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.must(http.MethodDelete, "/payment-schedules", nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "nope"}), nil), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	requireError(t, a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk", "storeId": "x"}), nil), http.StatusForbidden, portone.ErrorTypeForbidden)
	requireError(t, a.must(http.MethodDelete, "/payment-schedules?requestBody=nope", nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	require.Equal(t, http.StatusOK, a.must(http.MethodDelete, "/billing-keys/bk", nil).status)
	requireError(t, a.must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk"}), nil), http.StatusConflict, portone.ErrorTypeBillingKeyAlreadyDeleted)
}

func TestScheduleCreateErrors(t *testing.T) {
	srv, a := newServer(t)
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	requireError(t, a.must(http.MethodPost, "/payments/x/schedule", map[string]any{"timeToPay": "2026-06-01T00:00:00Z"}), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.must(http.MethodPost, "/payments/x/schedule", map[string]any{"payment": billingPayBody("bk", 1000)}), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.must(http.MethodPost, "/payments/x/schedule", scheduleBody("bk", 0, "2026-06-01T00:00:00Z")), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.must(http.MethodPost, "/payments/x/schedule", scheduleBody("bk", 1000, "soon")), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.must(http.MethodPost, "/payments/x/schedule", scheduleBody("nope", 1000, "2026-06-01T00:00:00Z")), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	body := scheduleBody("bk", 1000, "2026-06-01T00:00:00Z")
	body["payment"].(map[string]any)["amount"] = map[string]any{"total": 1000, "taxFree": 1001}
	requireError(t, a.must(http.MethodPost, "/payments/x/schedule", body), http.StatusConflict, portone.ErrorTypeSumOfPartsExceedsTotalAmount)
	body = scheduleBody("bk", 1000, "2026-06-01T00:00:00Z")
	body["payment"].(map[string]any)["storeId"] = "other"
	requireError(t, a.must(http.MethodPost, "/payments/x/schedule", body), http.StatusForbidden, portone.ErrorTypeForbidden)
	requireError(t, a.must(http.MethodGet, "/payment-schedules/nope", nil), http.StatusNotFound, portone.ErrorTypePaymentScheduleNotFound)
	requireError(t, a.must(http.MethodGet, "/payment-schedules/nope?storeId=other", nil), http.StatusForbidden, portone.ErrorTypeForbidden)
	_, ok := srv.Schedule("nope")
	assert.False(t, ok)
	assert.Zero(t, srv.Stats().SchedulesCreated)
}
