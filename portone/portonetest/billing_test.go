package portonetest_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

func billingPayBody(key string, total int64) map[string]any {
	return map[string]any{"billingKey": key, "orderName": "월간 구독", "amount": map[string]any{"total": total}, "currency": "KRW"}
}

func TestBillingKeyPay(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	bk := srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk-1", CustomData: "cd"})
	assert.Equal(t, "bk-1", bk.BillingKey)
	assert.False(t, bk.Deleted())
	clock.Advance(time.Minute)

	body := billingPayBody("bk-1", 9900)
	body["installmentMonth"] = 3
	body["customer"] = map[string]any{"id": "c-9", "name": map[string]any{"full": "김철수"}, "email": "kim@example.com"}
	body["customData"] = `{"plan":"monthly"}`
	body["channelKey"] = portonetest.ChannelKey
	res := a.payWithBillingKey("sub-2026-04", body)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.NotEmpty(t, res.At("payment.pgTxId"))
	assert.Equal(t, "2026-04-25T10:01:00Z", res.At("payment.paidAt"))
	assert.Len(t, res.Obj("payment"), 2)

	got := a.getPayment("sub-2026-04")
	assert.Equal(t, "PAID", got.Str("status"))
	assert.Equal(t, "bk-1", got.Str("billingKey"))
	assert.Equal(t, res.At("payment.pgTxId"), got.Str("pgTxId"))
	assert.Equal(t, "9900", got.At("amount.total"))
	assert.Equal(t, "900", got.At("amount.vat"))
	assert.Equal(t, "3", got.At("method.installment.month"))
	assert.Equal(t, "KB국민카드", got.At("method.card.name"))
	assert.Equal(t, "API", got.At("origin.platformType"))
	assert.Equal(t, "127.0.0.1", got.At("origin.ipAddress"))
	assert.Equal(t, "김철수", got.At("customer.name"))
	assert.Equal(t, `{"plan":"monthly"}`, got.Str("customData"))
	assert.Equal(t, 1, srv.Stats().BillingKeyPaymentsApplied)

	// The payment can be cancelled like any other.
	assert.Equal(t, http.StatusOK, a.cancel("sub-2026-04", map[string]any{"reason": "r", "amount": 900}).Status)
	// Paying the same payment id again is refused.
	requireError(t, a.payWithBillingKey("sub-2026-04", billingPayBody("bk-1", 9900)), http.StatusConflict, portone.ErrorTypeAlreadyPaid)
	// Without a customer the key's customer is used.
	require.Equal(t, http.StatusOK, a.payWithBillingKey("sub-2026-05", billingPayBody("bk-1", 9900)).Status)
	assert.Equal(t, "홍길동", a.getPayment("sub-2026-05").At("customer.name"))
	assert.Equal(t, 2, srv.Stats().BillingKeyPaymentsApplied)
}

func TestBillingKeyPayErrors(t *testing.T) {
	srv, a := newServer(t)
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk-other-store", StoreID: "store-other"})
	for _, st := range []portone.PaymentStatus{portone.PaymentStatusPaid, portone.PaymentStatusPartialCancelled,
		portone.PaymentStatusCancelled, portone.PaymentStatusPayPending, portone.PaymentStatusVirtualAccountIssued} {
		srv.CreatePayment(portonetest.PaymentSpec{ID: string(st), Status: st, Total: 1000})
		requireError(t, a.payWithBillingKey(string(st), billingPayBody("bk", 1000)), http.StatusConflict, portone.ErrorTypeAlreadyPaid)
	}
	for _, body := range []map[string]any{
		{},
		{"orderName": "o", "amount": map[string]any{"total": 1000}, "currency": "KRW"},
		{"billingKey": "bk", "amount": map[string]any{"total": 1000}, "currency": "KRW"},
		{"billingKey": "bk", "orderName": "o", "currency": "KRW"},
		{"billingKey": "bk", "orderName": "o", "amount": map[string]any{"total": 0}, "currency": "KRW"},
		{"billingKey": "bk", "orderName": "o", "amount": map[string]any{"total": 1000, "taxFree": -1}, "currency": "KRW"},
		{"billingKey": "bk", "orderName": "o", "amount": map[string]any{"total": 1000}},
		{"billingKey": "bk", "orderName": "o", "amount": map[string]any{"total": 1000}, "currency": "WON"},
		{"billingKey": "bk", "orderName": "o", "amount": map[string]any{"total": "1000"}, "currency": "KRW"},
		{"billingKey": "bk", "orderName": "o", "amount": map[string]any{"total": 1000}, "currency": "KRW", "installmentMonth": 99},
	} {
		requireError(t, a.payWithBillingKey("new", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	body := billingPayBody("bk", 1000)
	body["amount"] = map[string]any{"total": 1000, "taxFree": 900, "vat": 101}
	requireError(t, a.payWithBillingKey("new", body), http.StatusConflict, portone.ErrorTypeSumOfPartsExceedsTotalAmount)
	requireError(t, a.payWithBillingKey("new", billingPayBody("nope", 1000)), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	requireError(t, a.payWithBillingKey("new", billingPayBody("bk-other-store", 1000)), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	body = billingPayBody("bk", 1000)
	body["storeId"] = "store-other"
	requireError(t, a.payWithBillingKey("new", body), http.StatusForbidden, portone.ErrorTypeForbidden)
	body = billingPayBody("bk", 1000)
	body["channelKey"] = "channel-key-unknown"
	requireError(t, a.payWithBillingKey("new", body), http.StatusNotFound, portone.ErrorTypeChannelNotFound)

	require.Equal(t, http.StatusOK, a.Must(http.MethodDelete, "/billing-keys/bk", nil).Status)
	requireError(t, a.payWithBillingKey("new", billingPayBody("bk", 1000)), http.StatusConflict, portone.ErrorTypeBillingKeyAlreadyDeleted)
	assert.Zero(t, srv.Stats().BillingKeyPaymentsApplied)
	_, ok := srv.Payment("new")
	assert.False(t, ok)
}

func TestBillingKeyPayPGError(t *testing.T) {
	srv, a := newServer(t)
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "declined", PGError: &portonetest.PGError{Code: "51", Message: "잔액 부족"}})
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "fine"})

	res := a.payWithBillingKey("order-1", billingPayBody("declined", 5000))
	requireError(t, res, http.StatusBadGateway, portone.ErrorTypePGProvider)
	assert.Equal(t, "51", res.Str("pgCode"))
	assert.Equal(t, "잔액 부족", res.Str("pgMessage"))
	got := a.getPayment("order-1")
	assert.Equal(t, "FAILED", got.Str("status"))
	assert.Equal(t, "51", got.At("failure.pgCode"))
	assert.Equal(t, "잔액 부족", got.At("failure.reason"))

	// A FAILED payment may be attempted again, here with a working key.
	res = a.payWithBillingKey("order-1", billingPayBody("fine", 5000))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "PAID", a.getPayment("order-1").Str("status"))
	st := srv.Stats()
	assert.Equal(t, 1, st.PGFailures)
	assert.Equal(t, 1, st.BillingKeyPaymentsApplied)

	res = a.payWithBillingKey("order-2", billingPayBody(srv.IssueBillingKey(portonetest.BillingKeySpec{PGError: &portonetest.PGError{}}).BillingKey, 5000))
	requireError(t, res, http.StatusBadGateway, portone.ErrorTypePGProvider)
	assert.Equal(t, "SANDBOX_PG_ERROR", res.Str("pgCode"))
}

func TestBillingKeyGetAndDelete(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk", CustomData: "x", Card: &portone.Card{Name: "현대카드", BIN: "433012"}})
	assert.Panics(t, func() { srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"}) })

	res := a.Must(http.MethodGet, "/billing-keys/bk", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "ISSUED", res.Str("status"))
	assert.Equal(t, "BillingKeyPaymentMethodCard", res.At("methods.0.type"))
	assert.Equal(t, "현대카드", res.At("methods.0.card.name"))
	assert.Equal(t, "TEST", res.At("channels.0.type"))
	assert.Equal(t, "x", res.Str("customData"))
	requireError(t, a.Must(http.MethodGet, "/billing-keys/nope", nil), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	requireError(t, a.Must(http.MethodGet, "/billing-keys/bk?storeId=other", nil), http.StatusForbidden, portone.ErrorTypeForbidden)

	// A key with a pending schedule cannot be deleted.
	sched := a.Must(http.MethodPost, "/payments/s1/schedule", map[string]any{"payment": billingPayBody("bk", 1000), "timeToPay": "2026-05-01T00:00:00Z"})
	require.Equal(t, http.StatusOK, sched.Status, "%s", sched.Raw)
	requireError(t, a.Must(http.MethodDelete, "/billing-keys/bk", nil), http.StatusConflict, portone.ErrorTypePaymentScheduleAlreadyExists)
	require.Equal(t, http.StatusOK, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk"}), nil).Status)

	clock.Advance(time.Hour)
	requireError(t, a.Must(http.MethodDelete, "/billing-keys/bk?requester=SOMEONE", nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	res = a.Must(http.MethodDelete, "/billing-keys/bk?reason=%ED%95%B4%EC%A7%80&requester=CUSTOMER", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, `{"deletedAt":"2026-04-25T11:00:00Z"}`, string(res.Raw))
	res = a.Must(http.MethodGet, "/billing-keys/bk", nil)
	assert.Equal(t, "DELETED", res.Str("status"))
	assert.Equal(t, "2026-04-25T11:00:00Z", res.Str("deletedAt"))
	requireError(t, a.Must(http.MethodDelete, "/billing-keys/bk", nil), http.StatusConflict, portone.ErrorTypeBillingKeyAlreadyDeleted)
	requireError(t, a.Must(http.MethodDelete, "/billing-keys/nope", nil), http.StatusNotFound, portone.ErrorTypeBillingKeyNotFound)
	got, ok := srv.BillingKey("bk")
	require.True(t, ok)
	assert.True(t, got.Deleted())
	assert.Equal(t, 1, srv.Stats().BillingKeysDeleted)
	_, ok = srv.BillingKey("nope")
	assert.False(t, ok)
}

func TestBillingKeyIssueEndpoint(t *testing.T) {
	srv, a := newServer(t)
	card := func(number, year, month string) map[string]any {
		return map[string]any{"card": map[string]any{"credential": map[string]any{"number": number, "expiryYear": year, "expiryMonth": month}}}
	}
	res := a.Must(http.MethodPost, "/billing-keys", map[string]any{
		"method": card("4330120012345678", "28", "12"), "channelKey": portonetest.ChannelKey,
		"customer": map[string]any{"name": map[string]any{"separated": map[string]any{"first": "Gildong", "last": "Hong"}}},
	})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	key := res.At("billingKeyInfo.billingKey")
	require.NotEmpty(t, key)
	assert.Equal(t, portonetest.ChannelKey, res.At("billingKeyInfo.channels.0.key"))
	got, ok := srv.BillingKey(key)
	require.True(t, ok)
	assert.Equal(t, "433012", got.Card.BIN)
	assert.Equal(t, "4330-12**-****-5678", got.Card.Number.Reveal())
	assert.Equal(t, "Gildong Hong", got.Customer.Name)
	assert.Equal(t, 1, srv.Stats().BillingKeysIssued)

	// The new key pays.
	require.Equal(t, http.StatusOK, a.payWithBillingKey("first", billingPayBody(key, 1000)).Status)

	for _, body := range []map[string]any{
		{"channelKey": portonetest.ChannelKey},
		{"method": map[string]any{}, "channelKey": portonetest.ChannelKey},
		{"method": card("1234", "28", "12"), "channelKey": portonetest.ChannelKey},
		{"method": card("4330120012345678", "2028x", "12"), "channelKey": portonetest.ChannelKey},
		{"method": card("4330120012345678", "28", "13"), "channelKey": portonetest.ChannelKey},
		{"method": card("4330120012345678", "28", "12")},
	} {
		requireError(t, a.Must(http.MethodPost, "/billing-keys", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	requireError(t, a.Must(http.MethodPost, "/billing-keys", map[string]any{"method": card("4330120012345678", "2028", "01"), "channelKey": "other"}),
		http.StatusNotFound, portone.ErrorTypeChannelNotFound)
	requireError(t, a.Must(http.MethodPost, "/billing-keys", map[string]any{"method": card("4330120012345678", "2028", "01"), "channelGroupId": "g"}),
		http.StatusNotFound, portone.ErrorTypeChannelNotFound)
	assert.Equal(t, 1, srv.Stats().BillingKeysIssued)
}

func TestBillingKeySnapshotIsACopy(t *testing.T) {
	srv, _ := newServer(t)
	bk := srv.IssueBillingKey(portonetest.BillingKeySpec{Customer: &portone.Customer{Name: "a", Address: &portone.Address{OneLine: "x"}}})
	bk.Customer.Address.OneLine = "changed"
	got, _ := srv.BillingKey(bk.BillingKey)
	assert.Equal(t, "x", got.Customer.Address.OneLine)
	b, _ := json.Marshal(got.Customer)
	assert.JSONEq(t, `{"name":"a","address":{"type":"","oneLine":"x"}}`, string(b))
}

func TestBillingKeyPayCustomerInput(t *testing.T) {
	srv, a := newServer(t)
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	body := billingPayBody("bk", 1000)
	body["customer"] = map[string]any{
		"id": "c1", "name": map[string]any{"separated": map[string]any{"first": "길동", "last": "홍"}},
		"birthYear": "1990", "gender": "MALE", "phoneNumber": "01012345678", "zipcode": "04524",
		"address": map[string]any{"addressLine1": "세종대로 110", "addressLine2": "1층", "city": "중구", "province": "서울특별시", "country": "KR"},
	}
	body["products"] = []map[string]any{{"id": "sku-1", "name": "구독", "amount": 1000, "quantity": 1}}
	require.Equal(t, http.StatusOK, a.payWithBillingKey("p", body).Status)
	res := a.getPayment("p")
	assert.Equal(t, "길동 홍", res.At("customer.name"))
	assert.Equal(t, "SEPARATED", res.At("customer.address.type"))
	assert.Equal(t, "KR 서울특별시 중구 세종대로 110 1층", res.At("customer.address.oneLine"))
	assert.Equal(t, "sku-1", res.At("products.0.id"))
	p, _ := srv.Payment("p")
	assert.Equal(t, portone.GenderMale, p.Customer.Gender)
}
