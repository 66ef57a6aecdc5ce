package portonetest_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

var allStatuses = []portone.PaymentStatus{
	portone.PaymentStatusReady, portone.PaymentStatusPayPending, portone.PaymentStatusVirtualAccountIssued,
	portone.PaymentStatusPaid, portone.PaymentStatusFailed, portone.PaymentStatusPartialCancelled,
	portone.PaymentStatusCancelled,
}

// TestPaymentGetEveryStatus creates a payment in every status and checks the served JSON: schema
// validity (in api.send), the status-specific fields, and that portone.Payment decodes it.
func TestPaymentGetEveryStatus(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	for _, st := range allStatuses {
		t.Run(string(st), func(t *testing.T) {
			id := "p-" + string(st)
			created := srv.CreatePayment(portonetest.PaymentSpec{
				ID: id, Status: st, Total: 11000, TaxFree: 1000, OrderName: "신발", CustomData: `{"item":"shoes"}`,
			})
			res := a.getPayment(id)
			require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
			assert.Equal(t, string(st), res.Str("status"))
			assert.Equal(t, id, res.Str("id"))
			assert.Equal(t, "V2", res.Str("version"))
			assert.Equal(t, "신발", res.Str("orderName"))
			assert.Equal(t, "KRW", res.Str("currency"))
			assert.Equal(t, `{"item":"shoes"}`, res.Str("customData"))
			assert.Equal(t, "TEST", res.At("channel.type"))
			assert.Equal(t, "2026-04-25T10:00:00Z", res.Str("requestedAt"))
			assert.Equal(t, "11000", res.At("amount.total"))
			assert.Equal(t, "1000", res.At("amount.taxFree"))
			assert.Equal(t, "909", res.At("amount.vat"))
			assert.Equal(t, "9091", res.At("amount.supply"))

			var p portone.Payment
			require.NoError(t, json.Unmarshal(res.Raw, &p))
			assert.Equal(t, st, p.Variant.Status())
			assert.Equal(t, created, p)
			got, ok := srv.Payment(id)
			require.True(t, ok)
			assert.Equal(t, p, got)

			switch st {
			case portone.PaymentStatusPaid:
				assert.Equal(t, "PaymentMethodCard", res.At("method.type"))
				assert.NotEmpty(t, res.Str("pgTxId"))
				assert.Equal(t, "2026-04-25T10:00:00Z", res.Str("paidAt"))
				assert.Equal(t, "[]", res.At("disputes"))
				assert.Equal(t, "11000", res.At("amount.paid"))
			case portone.PaymentStatusVirtualAccountIssued:
				assert.Equal(t, "PaymentMethodVirtualAccount", res.At("method.type"))
				assert.Equal(t, "SHINHAN", res.At("method.bank"))
				assert.Equal(t, "2026-04-28T10:00:00Z", res.At("method.expiredAt"))
				assert.Equal(t, "0", res.At("amount.paid"))
			case portone.PaymentStatusReady:
				assert.Nil(t, res.Body["method"])
			case portone.PaymentStatusFailed:
				assert.Equal(t, "카드 한도 초과", res.At("failure.reason"))
				assert.NotEmpty(t, res.Str("failedAt"))
			case portone.PaymentStatusPartialCancelled:
				assert.Equal(t, "5500", res.At("amount.cancelled"))
				assert.Equal(t, "SUCCEEDED", res.At("cancellations.0.status"))
				assert.Equal(t, "5500", res.At("cancellations.0.totalAmount"))
			case portone.PaymentStatusCancelled:
				assert.Equal(t, "11000", res.At("amount.cancelled"))
				assert.Equal(t, "1000", res.At("amount.cancelledTaxFree"))
				assert.Equal(t, "909", res.At("cancellations.0.vatAmount"))
			}
		})
	}
}

func TestCreatePaymentDefaultsAndValidation(t *testing.T) {
	srv, _ := newServer(t)
	p := srv.CreatePayment(portonetest.PaymentSpec{Total: 1000})
	assert.Equal(t, "payment-1", p.ID)
	assert.Equal(t, portone.PaymentStatusPaid, p.Status)
	assert.Equal(t, portonetest.StoreID, p.StoreID)
	assert.Equal(t, portonetest.MerchantID, p.MerchantID)
	assert.Equal(t, int64(91), *p.Amount.VAT)
	assert.Equal(t, "홍길동", p.Customer.Name)
	card, ok := p.Method.(*portone.PaymentMethodCard)
	require.True(t, ok)
	assert.Equal(t, "KB국민카드", card.Card.Name)
	assert.Equal(t, portonetest.ChannelKey, p.Channel.Key)
	assert.Equal(t, "payment-2", srv.CreatePayment(portonetest.PaymentSpec{Total: 1}).ID)

	vat := int64(0)
	custom := srv.CreatePayment(portonetest.PaymentSpec{
		ID: "usd", Total: 150, Currency: portone.CurrencyUSD, VAT: &vat,
		Method:   &portone.PaymentMethodEasyPay{Provider: "KAKAOPAY"},
		Customer: &portone.Customer{Email: "a@example.com"},
		Channel:  &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, PGProvider: "KCP_V2", PGMerchantID: "m"},
	})
	assert.Equal(t, portone.CurrencyUSD, custom.Currency)
	assert.Equal(t, int64(0), *custom.Amount.VAT)
	assert.Equal(t, portone.SelectedChannelTypeLive, custom.Channel.Type)

	for name, spec := range map[string]portonetest.PaymentSpec{
		"zero total":       {Total: 0},
		"tax free":         {Total: 100, TaxFree: 101},
		"vat":              {Total: 100, VAT: ptr(int64(101))},
		"status":           {Total: 100, Status: "NOPE"},
		"duplicate":        {ID: "usd", Total: 100},
		"cancelled amount": {Total: 100, Cancelled: 10},
		"partial = total":  {Total: 100, Status: portone.PaymentStatusPartialCancelled, Cancelled: 100},
		"cancelled part":   {Total: 100, Status: portone.PaymentStatusCancelled, Cancelled: 50},
	} {
		assert.Panics(t, func() { srv.CreatePayment(spec) }, name)
	}
	_, ok = srv.Payment("nope")
	assert.False(t, ok)
}

func ptr[T any](v T) *T { return &v }

func TestPaymentSnapshotIsACopy(t *testing.T) {
	srv, _ := newServer(t)
	p := srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 1000})
	p.Amount.Total = 1
	p.Method.(*portone.PaymentMethodCard).Card.Name = "changed"
	got, _ := srv.Payment("p")
	assert.Equal(t, int64(1000), got.Amount.Total)
	assert.Equal(t, "KB국민카드", got.Method.(*portone.PaymentMethodCard).Card.Name)
}

func TestCancelPartialThenFull(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p1", Total: 10000, TaxFree: 1000})
	clock.Advance(time.Minute)

	res := a.cancel("p1", map[string]any{"reason": "고객 요청", "amount": 3000, "currentCancellableAmount": 10000})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	c := res.Obj("cancellation")
	assert.Equal(t, "SUCCEEDED", c["status"])
	assert.NotEmpty(t, c["id"])
	assert.Equal(t, json.Number("3000"), c["totalAmount"])
	assert.Equal(t, json.Number("0"), c["taxFreeAmount"])
	assert.Equal(t, json.Number("273"), c["vatAmount"])
	assert.Equal(t, "고객 요청", c["reason"])
	assert.Equal(t, "API", c["trigger"])
	assert.Equal(t, "2026-04-25T10:01:00Z", c["cancelledAt"])
	assert.Equal(t, "2026-04-25T10:01:00Z", c["requestedAt"])

	res = a.getPayment("p1")
	assert.Equal(t, "PARTIAL_CANCELLED", res.Str("status"))
	assert.Equal(t, "3000", res.At("amount.cancelled"))
	assert.Equal(t, "0", res.At("amount.cancelledTaxFree"))
	assert.Equal(t, "2026-04-25T10:01:00Z", res.Str("cancelledAt"))
	assert.Equal(t, "2026-04-25T10:01:00Z", res.Str("statusChangedAt"))
	assert.Equal(t, "2026-04-25T10:00:00Z", res.Str("paidAt"))

	// A second partial cancel does not change statusChangedAt; the full remainder (amount omitted)
	// cancels the tax-free part and the remaining VAT too.
	clock.Advance(time.Minute)
	res = a.cancel("p1", map[string]any{"reason": "r2", "amount": 1000, "taxFreeAmount": 500, "vatAmount": 45})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "2026-04-25T10:01:00Z", a.getPayment("p1").Str("statusChangedAt"))
	clock.Advance(time.Minute)
	res = a.cancel("p1", map[string]any{"reason": "r3", "currentCancellableAmount": 6000})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "6000", res.At("cancellation.totalAmount"))
	assert.Equal(t, "500", res.At("cancellation.taxFreeAmount"))
	assert.Equal(t, "500", res.At("cancellation.vatAmount"), "818 total VAT − 273 − 45")

	res = a.getPayment("p1")
	assert.Equal(t, "CANCELLED", res.Str("status"))
	assert.Equal(t, "10000", res.At("amount.cancelled"))
	assert.Equal(t, "1000", res.At("amount.cancelledTaxFree"))
	assert.Equal(t, "2026-04-25T10:03:00Z", res.Str("statusChangedAt"))
	assert.Len(t, res.Body["cancellations"], 3)

	requireError(t, a.cancel("p1", map[string]any{"reason": "again"}), http.StatusConflict, portone.ErrorTypePaymentAlreadyCancelled)
	assert.Equal(t, 3, srv.Stats().CancelsApplied)
	p, _ := srv.Payment("p1")
	assert.Len(t, p.Variant.(*portone.CancelledPayment).Cancellations, 3)
}

func TestCancelErrors(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "paid", Total: 10000, TaxFree: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "taxfree", Total: 1000, TaxFree: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cancelled", Total: 1000, Status: portone.PaymentStatusCancelled})
	for _, st := range []portone.PaymentStatus{portone.PaymentStatusReady, portone.PaymentStatusPayPending,
		portone.PaymentStatusVirtualAccountIssued, portone.PaymentStatusFailed} {
		srv.CreatePayment(portonetest.PaymentSpec{ID: string(st), Status: st, Total: 1000})
		requireError(t, a.cancel(string(st), map[string]any{"reason": "r"}), http.StatusConflict, portone.ErrorTypePaymentNotPaid)
	}
	for _, body := range []map[string]any{
		{},
		{"reason": " "},
		{"reason": "r", "amount": 0},
		{"reason": "r", "amount": -1},
		{"reason": "r", "amount": 10.5},
		{"reason": "r", "amount": "100"},
		{"reason": "r", "taxFreeAmount": -1},
		{"reason": "r", "requester": "Customer"},
		{"reason": "r", "promotionDiscountRetainOption": "KEEP"},
		{"reason": "r", "refundAccount": map[string]any{"bank": "SHINHAN"}},
	} {
		requireError(t, a.cancel("paid", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	requireError(t, a.cancel("nope", map[string]any{"reason": "r"}), http.StatusNotFound, portone.ErrorTypePaymentNotFound)
	requireError(t, a.cancel("cancelled", map[string]any{"reason": "r"}), http.StatusConflict, portone.ErrorTypePaymentAlreadyCancelled)
	res := a.cancel("paid", map[string]any{"reason": "r", "amount": 100, "currentCancellableAmount": 9999})
	requireError(t, res, http.StatusConflict, portone.ErrorTypeCancellableAmountConsistencyBroken)
	requireError(t, a.cancel("paid", map[string]any{"reason": "r", "amount": 10001}), http.StatusConflict, portone.ErrorTypeCancelAmountExceedsCancellableAmount)
	requireError(t, a.cancel("paid", map[string]any{"reason": "r", "amount": 100, "taxFreeAmount": 101}), http.StatusConflict, portone.ErrorTypeSumOfPartsExceedsCancelAmount)
	requireError(t, a.cancel("paid", map[string]any{"reason": "r", "amount": 100, "taxFreeAmount": 50, "vatAmount": 51}), http.StatusConflict, portone.ErrorTypeSumOfPartsExceedsCancelAmount)
	// Parts whose sum would wrap past MaxInt64 are still refused.
	requireError(t, a.cancel("paid", map[string]any{"reason": "r", "amount": 100, "taxFreeAmount": 1, "vatAmount": int64(math.MaxInt64)}), http.StatusConflict, portone.ErrorTypeSumOfPartsExceedsCancelAmount)
	requireError(t, a.cancel("paid", map[string]any{"reason": "r", "amount": 2000, "taxFreeAmount": 1001}), http.StatusConflict, portone.ErrorTypeCancelTaxFreeAmountExceedsCancellableTaxFreeAmount)
	requireError(t, a.cancel("paid", map[string]any{"reason": "r", "amount": 9500}), http.StatusConflict, portone.ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount)
	// A partial cancel of a tax-free payment must say that it is tax-free.
	requireError(t, a.cancel("taxfree", map[string]any{"reason": "r", "amount": 100}), http.StatusConflict, portone.ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount)
	assert.Equal(t, http.StatusOK, a.cancel("taxfree", map[string]any{"reason": "r", "amount": 100, "taxFreeAmount": 100}).Status)
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	p, _ := srv.Payment("paid")
	assert.Zero(t, p.Amount.Cancelled, "no failed cancel changed anything")
}

func TestCancelRequestStrings(t *testing.T) {
	// Bodies that are not JSON objects at all.
	_, a := newServer(t)
	for _, body := range []string{``, `[]`, `{"reason":"r"} x`, `null`} {
		requireError(t, a.Must(http.MethodPost, "/payments/x/cancel", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
}

func TestCancelPGError(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 1000, CancelPGError: &portonetest.PGError{Code: "CANCEL_REFUSED", Message: "취소 불가 거래"}})
	res := a.cancel("p", map[string]any{"reason": "r"})
	requireError(t, res, http.StatusBadGateway, portone.ErrorTypePGProvider)
	assert.Equal(t, "CANCEL_REFUSED", res.Str("pgCode"))
	assert.Equal(t, "취소 불가 거래", res.Str("pgMessage"))
	got := a.getPayment("p")
	assert.Equal(t, "PAID", got.Str("status"))
	assert.Equal(t, "FAILED", got.At("cancellations.0.status"))
	assert.Equal(t, "0", got.At("amount.cancelled"))
	st := srv.Stats()
	assert.Equal(t, 1, st.PGFailures)
	assert.Zero(t, st.CancelsApplied)
}

func TestPreRegister(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	res := a.Must(http.MethodPost, "/payments/new-1/pre-register", map[string]any{"totalAmount": 5000, "taxFreeAmount": 0, "currency": "KRW"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "{}", string(res.Raw))
	pr, ok := srv.PreRegistration("new-1")
	require.True(t, ok)
	assert.Equal(t, int64(5000), *pr.TotalAmount)
	assert.Equal(t, portone.CurrencyKRW, pr.Currency)
	assert.Equal(t, portonetest.StoreID, pr.StoreID)
	assert.Equal(t, clock.Now(), pr.At)
	*pr.TotalAmount = 1
	pr, _ = srv.PreRegistration("new-1")
	assert.Equal(t, int64(5000), *pr.TotalAmount, "a copy")

	assert.Equal(t, http.StatusOK, a.Must(http.MethodPost, "/payments/new-2/pre-register", map[string]any{}).Status)
	pr, _ = srv.PreRegistration("new-2")
	assert.Nil(t, pr.TotalAmount)

	srv.CreatePayment(portonetest.PaymentSpec{ID: "paid", Total: 1000})
	requireError(t, a.Must(http.MethodPost, "/payments/paid/pre-register", map[string]any{"totalAmount": 1000}), http.StatusConflict, portone.ErrorTypeAlreadyPaid)
	for _, body := range []map[string]any{{"totalAmount": 0}, {"totalAmount": 10, "taxFreeAmount": 11}, {"currency": "WON"}, {"totalAmount": "1"}} {
		requireError(t, a.Must(http.MethodPost, "/payments/x/pre-register", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	requireError(t, a.Must(http.MethodPost, "/payments/x/pre-register", map[string]any{"storeId": "other"}), http.StatusForbidden, portone.ErrorTypeForbidden)
	assert.Equal(t, 2, srv.Stats().PreRegistrationsApplied)
	_, ok = srv.PreRegistration("x")
	assert.False(t, ok)
}

func TestPaymentListPagesAndFilters(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now), portonetest.WithSubStores("store-sub"))
	for i := range 7 {
		srv.CreatePayment(portonetest.PaymentSpec{ID: fmt.Sprintf("paid-%d", i), Total: 1000})
		clock.Advance(time.Minute)
	}
	srv.CreatePayment(portonetest.PaymentSpec{ID: "pending", Status: portone.PaymentStatusPayPending, Total: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "vbank", Status: portone.PaymentStatusVirtualAccountIssued, Total: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "sub", StoreID: "store-sub", Total: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "old", Total: 1000, RequestedAt: clock.Now().Add(-100 * 24 * time.Hour)})

	list := func(body any) result {
		t.Helper()
		res := a.Must(http.MethodGet, "/payments"+rb(body), nil)
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		return res
	}
	ids := func(res result) []string {
		var out []string
		for _, it := range res.Items() {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		return out
	}

	// Defaults: page 0 of 10, every accessible store, newest status change first.
	res := list(map[string]any{})
	assert.Equal(t, `{"number":0,"size":10,"totalCount":11}`, res.At("page"))
	assert.Equal(t, []string{"old", "sub", "vbank", "pending", "paid-6", "paid-5", "paid-4", "paid-3", "paid-2", "paid-1"}, ids(res))
	// The body may also be sent as a JSON body.
	assert.Equal(t, ids(res), ids(a.Must(http.MethodGet, "/payments", `{}`)))
	assert.Equal(t, ids(res), ids(a.Must(http.MethodGet, "/payments", nil)))

	res = list(map[string]any{"page": map[string]any{"number": 1, "size": 4}, "filter": map[string]any{"sortOrder": "ASC", "sortBy": "REQUESTED_AT"}})
	assert.Equal(t, []string{"paid-3", "paid-4", "paid-5", "paid-6"}, ids(res))
	assert.Equal(t, `{"number":1,"size":4,"totalCount":11}`, res.At("page"))

	// CREATED_AT with the default 90-day window leaves out the old payment.
	res = list(map[string]any{"filter": map[string]any{"timestampType": "CREATED_AT"}})
	assert.Equal(t, "10", res.At("page.totalCount"))
	res = list(map[string]any{"filter": map[string]any{"status": []string{"PENDING", "VIRTUAL_ACCOUNT_ISSUED"}}})
	assert.Equal(t, []string{"vbank", "pending"}, ids(res))
	res = list(map[string]any{"filter": map[string]any{"methods": []string{"VIRTUAL_ACCOUNT"}}})
	assert.Equal(t, []string{"vbank"}, ids(res))
	res = list(map[string]any{"filter": map[string]any{"storeId": "store-sub"}})
	assert.Equal(t, []string{"sub"}, ids(res))
	res = list(map[string]any{"filter": map[string]any{"from": "2026-04-25T10:02:00Z", "until": "2026-04-25T10:03:00Z", "sortOrder": "ASC"}})
	assert.Equal(t, []string{"paid-2", "paid-3"}, ids(res))
	res = list(map[string]any{"filter": map[string]any{"isTest": false}})
	assert.Empty(t, ids(res))
	assert.Equal(t, "[]", res.At("items"))
	res = list(map[string]any{"page": map[string]any{"number": 3000}})
	assert.Empty(t, ids(res))

	for _, body := range []any{
		map[string]any{"page": map[string]any{"size": 0}},
		map[string]any{"page": map[string]any{"number": -1}},
		map[string]any{"page": map[string]any{"number": 6000, "size": 10}},
		map[string]any{"filter": map[string]any{"status": []string{"PAY_PENDING"}}},
		map[string]any{"filter": map[string]any{"timestampType": "PAID_AT"}},
		map[string]any{"filter": map[string]any{"sortOrder": "UP"}},
		map[string]any{"filter": map[string]any{"methods": []string{"CASH"}}},
		map[string]any{"filter": map[string]any{"from": "yesterday"}},
	} {
		requireError(t, a.Must(http.MethodGet, "/payments"+rb(body), nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	requireError(t, a.Must(http.MethodGet, "/payments?requestBody=%7B", nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodGet, "/payments"+rb(map[string]any{}), `{}`), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	requireError(t, a.Must(http.MethodGet, "/payments"+rb(map[string]any{"filter": map[string]any{"storeId": "x"}}), nil), http.StatusForbidden, portone.ErrorTypeForbidden)
	requireError(t, a.Must(http.MethodGet, "/payments"+rb(map[string]any{"filter": map[string]any{"merchantId": "x"}}), nil), http.StatusForbidden, portone.ErrorTypeForbidden)
}

// TestPaymentsByCursor pages through the cursor listing as PortOne's CLI does: continue from the
// last item's cursor until fewer items than requested come back.
func TestPaymentsByCursor(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	var want []string
	for i := range 10 {
		id := fmt.Sprintf("c-%02d", i)
		srv.CreatePayment(portonetest.PaymentSpec{ID: id, Total: int64(1000 + i)})
		want = append(want, id)
		if i%3 == 0 {
			clock.Advance(time.Second) // some payments share a timestamp
		}
	}
	srv.CreatePayment(portonetest.PaymentSpec{ID: "elsewhere", StoreID: "store-other", Total: 1000})

	var got []string
	var cursor *string
	pages := 0
	for {
		body := map[string]any{"size": 4}
		if cursor != nil {
			body["cursor"] = *cursor
		}
		res := a.Must(http.MethodGet, "/payments-by-cursor"+rb(body), nil)
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		pages++
		items := res.Items()
		for _, it := range items {
			m := it.(map[string]any)
			got = append(got, m["payment"].(map[string]any)["id"].(string))
			c := m["cursor"].(string)
			require.NotEmpty(t, c)
			cursor = &c
		}
		if len(items) < 4 {
			break
		}
		// A payment created meanwhile is picked up at the end, not in the middle.
		if pages == 1 {
			clock.Advance(time.Second)
			srv.CreatePayment(portonetest.PaymentSpec{ID: "late", Total: 1000})
			want = append(want, "late")
		}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 3, pages)

	// Defaults: size 10, from the start.
	res := a.Must(http.MethodGet, "/payments-by-cursor", nil)
	assert.Len(t, res.Items(), 10)
	res = a.Must(http.MethodGet, "/payments-by-cursor"+rb(map[string]any{"cursor": *cursor}), nil)
	assert.Equal(t, "[]", res.At("items"))

	for _, body := range []map[string]any{{"size": 0}, {"size": 1001}, {"cursor": "garbage!"}, {"cursor": "djEuYQ"}} {
		requireError(t, a.Must(http.MethodGet, "/payments-by-cursor"+rb(body), nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	requireError(t, a.Must(http.MethodGet, "/payments-by-cursor"+rb(map[string]any{"storeId": "store-other"}), nil), http.StatusForbidden, portone.ErrorTypeForbidden)
}

// TestSchemaCheckerCatchesMistakes makes sure the schema check that api.send runs on every
// response would notice a wrong payment.
func TestSchemaCheckerCatchesMistakes(t *testing.T) {
	doc := loadSchema(t)
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 1000})
	m := a.getPayment("p").Body
	delete(m, "channel")
	m["bogus"] = true
	m["amount"].(map[string]any)["total"] = "1000"
	m["method"].(map[string]any)["type"] = "PaymentMethodCheque"
	v := validator{doc: doc}
	v.check("$", &schemaNode{Ref: "#/components/schemas/Payment"}, m)
	assert.Len(t, v.errs, 4, "%v", v.errs)
}

func TestCreatePaymentKeepsNoReferences(t *testing.T) {
	srv, _ := newServer(t)
	card := &portone.PaymentMethodCard{ApprovalNumber: "1"}
	addr := &portone.Address{Type: portone.AddressTypeOneLine, OneLine: "서울"}
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 1000, Method: card, Customer: &portone.Customer{Address: addr}})
	card.ApprovalNumber = "changed"
	addr.OneLine = "changed"
	got, _ := srv.Payment("p")
	assert.Equal(t, "1", got.Method.(*portone.PaymentMethodCard).ApprovalNumber)
	assert.Equal(t, "서울", got.Customer.Address.OneLine)
}

// TestPaymentMethodsOnTheWire stores a payment with every case of PortOne's PaymentMethod union
// (and every easy-pay means) and checks what the sandbox writes, property by property, with the
// names PortOne's schema gives them: the sandbox writes its own JSON, so these are checks of the
// sandbox, not of the portone package's encoder. Every response is also validated against the
// schema (see newServer), and the snapshot decoded by the portone package gives back the spec.
func TestPaymentMethodsOnTheWire(t *testing.T) {
	deadline := time.Date(2026, 4, 28, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		method portone.PaymentMethod
		want   map[string]string // path under "method" → value on the wire ("" for absent)
	}{
		{"card", &portone.PaymentMethodCard{
			Card:           &portone.Card{Publisher: "SHINHAN", Brand: portone.CardBrandVisa, BIN: "45123456", Number: "4512-34**-****-7890"},
			ApprovalNumber: "30012345", Installment: &portone.PaymentInstallment{Month: 3, IsInterestFree: true},
		}, map[string]string{"type": "PaymentMethodCard", "card.publisher": "SHINHAN", "card.brand": "VISA",
			"card.bin": "45123456", "card.number": "4512-34**-****-7890", "card.issuer": "", "approvalNumber": "30012345",
			"installment.month": "3", "installment.isInterestFree": "true", "pointUsed": ""}},
		{"virtual account", &portone.PaymentMethodVirtualAccount{Bank: portone.BankShinhan, AccountNumber: "56211234567890",
			RemitteeName: "(주)페이킷", ExpiredAt: deadline},
			map[string]string{"type": "PaymentMethodVirtualAccount", "bank": "SHINHAN", "accountNumber": "56211234567890",
				"remitteeName": "(주)페이킷", "expiredAt": "2026-04-28T10:00:00Z", "issuedAt": ""}},
		{"easy pay with a card", &portone.PaymentMethodEasyPay{Provider: portone.EasyPayProviderKakaopay,
			EasyPayMethod: &portone.PaymentMethodCard{ApprovalNumber: "1"}},
			map[string]string{"type": "PaymentMethodEasyPay", "provider": "KAKAOPAY", "easyPayMethod.type": "PaymentMethodCard",
				"easyPayMethod.approvalNumber": "1"}},
		{"easy pay with a transfer", &portone.PaymentMethodEasyPay{EasyPayMethod: &portone.PaymentMethodTransfer{Bank: portone.BankToss}},
			map[string]string{"easyPayMethod.type": "PaymentMethodTransfer", "easyPayMethod.bank": "TOSS", "provider": ""}},
		{"easy pay with charged points", &portone.PaymentMethodEasyPay{EasyPayMethod: &portone.PaymentMethodEasyPayCharge{Bank: portone.BankShinhan}},
			map[string]string{"easyPayMethod.type": "PaymentMethodEasyPayMethodCharge", "easyPayMethod.bank": "SHINHAN"}},
		{"transfer", &portone.PaymentMethodTransfer{Bank: portone.BankToss, AccountNumber: "100012345678"},
			map[string]string{"type": "PaymentMethodTransfer", "bank": "TOSS", "accountNumber": "100012345678"}},
		{"mobile", &portone.PaymentMethodMobile{PhoneNumber: "01012345678"},
			map[string]string{"type": "PaymentMethodMobile", "phoneNumber": "01012345678"}},
		{"gift certificate without an approval number", &portone.PaymentMethodGiftCertificate{
			GiftCertificateType: portone.PaymentMethodGiftCertificateTypeCultureland},
			map[string]string{"type": "PaymentMethodGiftCertificate", "giftCertificateType": "CULTURELAND", "approvalNumber": `""`}},
		{"convenience store", &portone.PaymentMethodConvenienceStore{ConvenienceStoreBrand: portone.ConvenienceStoreBrandFamilyMart,
			ReceiptNumber: "R-1", PaymentDeadline: deadline},
			map[string]string{"type": "PaymentMethodConvenienceStore", "convenienceStoreBrand": "FAMILY_MART", "receiptNumber": "R-1",
				"confirmationNumber": "", "paymentDeadline": "2026-04-28T10:00:00Z"}},
		{"crypto", &portone.PaymentMethodCrypto{}, map[string]string{"type": "PaymentMethodCrypto"}},
		{"a method the sandbox does not know", &portone.UnknownPaymentMethod{Raw: []byte(`{"type":"PaymentMethodFuture","x":1}`)},
			map[string]string{"type": "PaymentMethodFuture", "x": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, a := newServer(t)
			created := srv.CreatePayment(portonetest.PaymentSpec{Total: 1000, Method: tt.method})
			var res result
			if _, unknown := tt.method.(*portone.UnknownPaymentMethod); unknown {
				a.Check = nil // the schema knows no such method
			}
			res = a.getPayment(created.ID)
			require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
			for path, want := range tt.want {
				got := res.At("method." + path)
				if want == `""` {
					require.Contains(t, res.Obj("method"), path, "a required property is written even when empty")
					want = ""
				}
				assert.Equal(t, want, got, "method.%s in %s", path, res.Raw)
			}
			assert.Equal(t, tt.method, created.Method, "the client decodes the sandbox's JSON back into the spec")
		})
	}
}

// TestPaymentPartsOnTheWire checks the sandbox's own JSON for the parts of a payment a spec can set:
// channel, customer with a separated address, products and a failure.
func TestPaymentPartsOnTheWire(t *testing.T) {
	srv, a := newServer(t)
	spec := portonetest.PaymentSpec{
		Total:  9900,
		Status: portone.PaymentStatusFailed,
		Channel: &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, Key: "ck", PGProvider: portone.PGProviderKCP,
			PGMerchantID: "kcp-mid"},
		Customer: &portone.Customer{ID: "c-1", Gender: portone.GenderFemale, Address: &portone.Address{
			Type: portone.AddressTypeSeparated, OneLine: "서울 중구", City: "중구", Province: "서울"}},
		Products: []portone.PaymentProduct{{ID: "p-1", Name: "구독", Amount: 9900, Quantity: 1}},
		Failure:  &portone.PaymentFailure{Reason: "한도 초과", PGCode: "E01"},
	}
	created := srv.CreatePayment(spec)
	res := a.getPayment(created.ID)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	for path, want := range map[string]string{
		"channel.type": "LIVE", "channel.key": "ck", "channel.pgProvider": "KCP", "channel.pgMerchantId": "kcp-mid", "channel.id": "",
		"customer.id": "c-1", "customer.gender": "FEMALE", "customer.address.type": "SEPARATED",
		"customer.address.oneLine": "서울 중구", "customer.address.city": "중구",
		"products.0.id": "p-1", "products.0.amount": "9900", "products.0.quantity": "1", "products.0.tag": "",
		"failure.reason": "한도 초과", "failure.pgCode": "E01", "failure.pgMessage": "",
	} {
		assert.Equal(t, want, res.At(path), "%s in %s", path, res.Raw)
	}
	address, _ := res.Get("customer.address").(map[string]any)
	assert.Contains(t, address, "addressLine1", "a separated address always carries its lines")
	assert.Equal(t, *spec.Channel, *created.Channel)
	assert.Equal(t, *spec.Customer, created.Customer)
	assert.Equal(t, spec.Products, created.Products)
}
