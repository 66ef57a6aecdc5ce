package bootpaytest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// receiptFields are the top-level fields of Bootpay's receipt object that every receipt carries
// (https://developers.bootpay.co.kr/pg/server/receipt).
var receiptFields = []string{
	"receipt_id", "order_id", "price", "tax_free", "cancelled_price", "cancelled_tax_free", "order_name",
	"company_name", "gateway_url", "metadata", "sandbox", "pg", "method", "method_symbol", "method_origin",
	"method_origin_symbol", "currency", "receipt_url", "requested_at", "status", "status_locale",
}

func TestReceiptGet(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, bootpaytest.WithClock(clock.Now))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{
		OrderID:   "order-42",
		OrderName: "텀블러",
		Price:     15000,
		TaxFree:   1000,
		Metadata:  map[string]any{"user_id": 7, "coupon": "WELCOME"},
		Sandbox:   true,
	})
	assert.Regexp(t, `^[0-9a-f]{24}$`, rc.ReceiptID)

	res := a.get(rc.ReceiptID)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
	for _, f := range receiptFields {
		assert.Contains(t, res.Body, f)
	}
	assert.NotContains(t, res.Body, "error_code")
	assert.NotContains(t, res.Body, "purchased_at", "absent times are omitted")
	assert.NotContains(t, res.Body, "cancelled_at")
	assert.Equal(t, rc.ReceiptID, res.Str("receipt_id"))
	assert.Equal(t, "order-42", res.Str("order_id"))
	assert.Equal(t, "텀블러", res.Str("order_name"))
	assert.Equal(t, "15000", res.Num("price"))
	assert.Equal(t, "1000", res.Num("tax_free"))
	assert.Equal(t, "0", res.Num("cancelled_price"))
	assert.Equal(t, "0", res.Num("cancelled_tax_free"))
	assert.Equal(t, map[string]any{"user_id": json.Number("7"), "coupon": "WELCOME"}, res.Obj("metadata"))
	assert.Equal(t, true, res.Body["sandbox"])
	assert.Equal(t, "nicepay", res.Str("pg"))
	assert.Equal(t, "카드", res.Str("method"))
	assert.Equal(t, "card", res.Str("method_symbol"))
	assert.Equal(t, "카드", res.Str("method_origin"))
	assert.Equal(t, "card", res.Str("method_origin_symbol"))
	assert.Equal(t, "KRW", res.Str("currency"))
	assert.Equal(t, "2026-11-22T14:05:09+09:00", res.Str("requested_at"))
	assert.Equal(t, "2", res.Num("status"))
	assert.Equal(t, "승인대기", res.Str("status_locale"))

	card := res.Obj("card_data")
	require.NotNil(t, card)
	assert.Equal(t, "5365-10**-****-1234", card["card_no"])
	assert.Equal(t, "현대", card["card_company"])
	assert.Equal(t, "00", card["card_quota"])
	assert.Regexp(t, `^\d{8}$`, card["card_approve_no"])
	assert.NotEmpty(t, card["tid"])
	assert.NotEmpty(t, card["card_company_code"])
	for _, k := range []string{"phone_data", "bank_data", "vbank_data", "escrow_data", "cash_receipt_data"} {
		assert.NotContains(t, res.Body, k)
	}

	// The field order follows Bootpay's.
	assert.True(t, strings.HasPrefix(string(res.Raw), `{"receipt_id":"`+rc.ReceiptID+`","order_id":"order-42","price":15000,`), "%s", res.Raw)

	// lookup_user_data is accepted.
	res = a.Must(http.MethodGet, "/receipt/"+rc.ReceiptID+"?lookup_user_data=true", nil)
	assert.Equal(t, http.StatusOK, res.Status)
}

func TestReceiptGetNotFound(t *testing.T) {
	_, a := newServer(t)
	res := a.get("000000000000000000000000")
	requireError(t, res, http.StatusNotFound, bootpaytest.CodeReceiptNotFound)
	assert.Equal(t, `{"error_code":"RC_NOT_FOUND","message":"결제 정보를 찾을 수 없습니다."}`, string(res.Raw))
}

func TestReceiptPaidAndCancelledTimes(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, bootpaytest.WithClock(clock.Now))
	requested := time.Date(2026, 11, 22, 4, 0, 0, 0, time.UTC)
	p := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 5000, Status: paid(), RequestedAt: requested})
	c := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 5000, TaxFree: 100, Status: bootpaytest.Ptr(bootpay.StatusCancelled)})
	partial := srv.CreateReceipt(bootpaytest.ReceiptSpec{
		Price: 5000, Status: bootpaytest.Ptr(bootpay.StatusCancelled), CancelledPrice: 2000,
	})

	res := a.get(p.ReceiptID)
	assert.Equal(t, "2026-11-22T13:00:00+09:00", res.Str("requested_at"))
	assert.Equal(t, "2026-11-22T14:05:09+09:00", res.Str("purchased_at"))
	assert.Equal(t, "결제완료", res.Str("status_locale"))
	assert.NotContains(t, res.Body, "cancelled_at")

	res = a.get(c.ReceiptID)
	assert.Equal(t, "20", res.Num("status"))
	assert.Equal(t, "결제취소완료", res.Str("status_locale"))
	assert.Equal(t, "5000", res.Num("cancelled_price"))
	assert.Equal(t, "100", res.Num("cancelled_tax_free"))
	assert.Equal(t, "2026-11-22T14:05:09+09:00", res.Str("cancelled_at"))

	assert.Equal(t, "2000", a.get(partial.ReceiptID).Num("cancelled_price"))
	assert.Equal(t, int64(3000), partial.RemainingPrice())
}

func TestReceiptMethods(t *testing.T) {
	srv, a := newServer(t)
	tests := []struct {
		method, name, data string
		keys               []string
	}{
		{"phone", "휴대폰", "phone_data", []string{"tid", "auth_no", "phone", "receipt_url"}},
		{"bank", "계좌이체", "bank_data", []string{"tid", "bank_code", "bank_name", "bank_username"}},
		{"vbank", "가상계좌", "vbank_data", []string{"tid", "bank_code", "bank_name", "bank_username", "bank_account", "expired_at"}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Method: tt.method, PG: "kcp", CashReceipt: true, Escrow: true})
			res := a.get(rc.ReceiptID)
			assert.Equal(t, tt.method, res.Str("method_symbol"))
			assert.Equal(t, tt.name, res.Str("method"))
			assert.Equal(t, "kcp", res.Str("pg"))
			data := res.Obj(tt.data)
			require.NotNil(t, data, "%s", res.Raw)
			for _, k := range tt.keys {
				assert.Contains(t, data, k)
			}
			assert.NotContains(t, res.Body, "card_data")
			assert.NotNil(t, res.Obj("escrow_data"))
			if tt.method == "phone" {
				assert.NotContains(t, res.Body, "cash_receipt_data")
			} else {
				assert.NotNil(t, res.Obj("cash_receipt_data"))
			}
		})
	}
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Method: "kakao", MethodName: "카카오페이"})
	res := a.get(rc.ReceiptID)
	assert.Equal(t, "카카오페이", res.Str("method"))
	assert.Equal(t, "kakao", res.Str("method_symbol"))
	assert.NotContains(t, res.Body, "card_data")
}

func TestDecimalAmounts(t *testing.T) {
	srv, a := newServer(t, bootpaytest.WithDecimalAmounts())
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, TaxFree: 100, Status: paid()})
	res := a.get(rc.ReceiptID)
	for _, s := range []string{`"price":1000.0`, `"tax_free":100.0`, `"cancelled_price":0.0`, `"cancelled_tax_free":0.0`} {
		assert.Contains(t, string(res.Raw), s)
	}
	res = a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 400})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Contains(t, string(res.Raw), `"cancelled_price":400.0`)
	// Without the option, integers.
	srv2, a2 := newServer(t)
	rc2 := srv2.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	assert.Contains(t, string(a2.get(rc2.ReceiptID).Raw), `"price":1000,`)
}

func TestReceiptExtra(t *testing.T) {
	srv, a := newServer(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{
		Price: 1000,
		Extra: map[string]any{
			"brand_new_field": map[string]any{"x": 1},
			"status_locale":   nil,                       // removed
			"receipt_url":     json.RawMessage("null"),   // explicit null
			"price":           json.RawMessage(`"1000"`), // odd type
			"currency":        "USD",                     // replaced
		},
	})
	res := a.get(rc.ReceiptID)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, map[string]any{"x": json.Number("1")}, res.Obj("brand_new_field"))
	assert.NotContains(t, res.Body, "status_locale")
	assert.Contains(t, res.Body, "receipt_url")
	assert.Nil(t, res.Body["receipt_url"])
	assert.Equal(t, "1000", res.Str("price"))
	assert.Equal(t, "USD", res.Str("currency"))
	assert.True(t, strings.HasPrefix(string(res.Raw), `{"receipt_id":`), "%s", res.Raw)
	assert.True(t, strings.HasSuffix(string(res.Raw), `"brand_new_field":{"x":1}}`), "%s", res.Raw)
}

func TestCreateReceiptDefaultsAndValidation(t *testing.T) {
	srv, _ := newServer(t)
	a := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1})
	b := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1})
	assert.Equal(t, "order-1", a.OrderID)
	assert.Equal(t, "order-2", b.OrderID)
	assert.NotEqual(t, a.ReceiptID, b.ReceiptID)
	assert.Equal(t, bootpay.StatusAwaitingConfirm, a.Status)
	assert.Equal(t, "nicepay", a.PG)
	assert.Equal(t, "card", a.Method)
	assert.Equal(t, "테스트 상품", a.OrderName)
	assert.False(t, a.RequestedAt.IsZero())
	assert.True(t, a.PurchasedAt.IsZero())

	fixed := srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "62afc194e38c300021b345d4", Price: 1, Status: bootpaytest.Ptr(bootpay.StatusReady)})
	assert.Equal(t, "62afc194e38c300021b345d4", fixed.ReceiptID)
	assert.Equal(t, bootpay.StatusReady, fixed.Status)

	for name, spec := range map[string]bootpaytest.ReceiptSpec{
		"zero price":           {},
		"negative price":       {Price: -1},
		"tax free > price":     {Price: 1, TaxFree: 2},
		"duplicate id":         {Price: 1, ReceiptID: "62afc194e38c300021b345d4"},
		"cancelled not 20":     {Price: 10, CancelledPrice: 5},
		"cancelled > price":    {Price: 10, Status: bootpaytest.Ptr(bootpay.StatusCancelled), CancelledPrice: 11},
		"bad metadata":         {Price: 1, Metadata: map[string]any{"f": func() {}}},
		"bad extra":            {Price: 1, Extra: map[string]any{"f": make(chan int)}},
		"cancelled tax > paid": {Price: 10, TaxFree: 1, Status: bootpaytest.Ptr(bootpay.StatusCancelled), CancelledPrice: 5, CancelledTaxFree: 2},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Panics(t, func() { srv.CreateReceipt(spec) })
		})
	}
}

func TestReceiptSnapshotIsACopy(t *testing.T) {
	srv, a := newServer(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid(), Metadata: map[string]any{"k": "v"}})
	a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 100, "refund": map[string]any{"bank_code": "004"}})
	snap, ok := srv.Receipt(rc.ReceiptID)
	require.True(t, ok)
	snap.Metadata["k"] = "changed"
	snap.Cancellations[0].Refund.BankCode = "999"
	snap.Cancellations[0].Price = 0
	again, _ := srv.Receipt(rc.ReceiptID)
	assert.Equal(t, "v", again.Metadata["k"])
	assert.Equal(t, "004", again.Cancellations[0].Refund.BankCode)
	assert.Equal(t, int64(100), again.Cancellations[0].Price)
	_, ok = srv.Receipt("missing")
	assert.False(t, ok)
}

func TestConfirm(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, bootpaytest.WithClock(clock.Now))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 15000})
	clock.Advance(time.Minute)

	res := a.confirm(rc.ReceiptID)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, rc.ReceiptID, res.Str("receipt_id"))
	assert.Equal(t, "1", res.Num("status"))
	assert.Equal(t, "결제완료", res.Str("status_locale"))
	assert.Equal(t, "2026-11-22T14:06:09+09:00", res.Str("purchased_at"))
	assert.Equal(t, "15000", res.Num("price"))

	got, _ := srv.Receipt(rc.ReceiptID)
	assert.Equal(t, bootpay.StatusPaid, got.Status)
	assert.Equal(t, clock.Now(), got.PurchasedAt)
	assert.Equal(t, "1", a.get(rc.ReceiptID).Num("status"))

	// A second confirm is rejected and changes nothing.
	requireError(t, a.confirm(rc.ReceiptID), http.StatusBadRequest, bootpaytest.CodeNotConfirmReady)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
	assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpConfirm])
}

func TestConfirmErrors(t *testing.T) {
	srv, a := newServer(t)
	requireError(t, a.confirm("000000000000000000000000"), http.StatusNotFound, bootpaytest.CodeReceiptNotFound)
	requireError(t, a.Must(http.MethodPost, "/confirm", `{}`), http.StatusBadRequest, bootpaytest.CodeInvalidRequest)
	requireError(t, a.Must(http.MethodPost, "/confirm", `{"receipt_id":`), http.StatusBadRequest, bootpaytest.CodeInvalidRequest)
	requireError(t, a.Must(http.MethodPost, "/confirm", ``), http.StatusBadRequest, bootpaytest.CodeInvalidRequest)
	requireError(t, a.Must(http.MethodPost, "/confirm", `{"receipt_id":"a"} {}`), http.StatusBadRequest, bootpaytest.CodeInvalidRequest)
	for _, st := range []bootpay.Status{bootpay.StatusReady, bootpay.StatusPaid, bootpay.StatusCancelled, bootpay.StatusApprovalFailed} {
		rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: bootpaytest.Ptr(st)})
		res := a.confirm(rc.ReceiptID)
		requireError(t, res, http.StatusBadRequest, bootpaytest.CodeNotConfirmReady)
		assert.Equal(t, `{"error_code":"RC_NOT_CONFIRM_READY","message":"승인 대기 상태의 결제가 아닙니다."}`, string(res.Raw))
	}
	assert.Zero(t, srv.Stats().ConfirmsApplied)
}

func TestCancelFull(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, bootpaytest.WithClock(clock.Now))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 15000, TaxFree: 500, Status: paid()})
	clock.Advance(time.Hour)

	res := a.cancel(map[string]any{
		"receipt_id":      rc.ReceiptID,
		"cancel_username": "관리자",
		"cancel_message":  "재고 부족",
	})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "20", res.Num("status"))
	assert.Equal(t, "결제취소완료", res.Str("status_locale"))
	assert.Equal(t, "15000", res.Num("cancelled_price"))
	assert.Equal(t, "500", res.Num("cancelled_tax_free"))
	assert.Equal(t, "2026-11-22T15:05:09+09:00", res.Str("cancelled_at"))
	assert.Equal(t, "2026-11-22T14:05:09+09:00", res.Str("purchased_at"))

	got, _ := srv.Receipt(rc.ReceiptID)
	assert.Equal(t, bootpay.StatusCancelled, got.Status)
	assert.Equal(t, int64(0), got.RemainingPrice())
	assert.Equal(t, []bootpaytest.Cancellation{{Price: 15000, TaxFree: 500, Username: "관리자", Message: "재고 부족", At: clock.Now()}}, got.Cancellations)

	res = a.cancel(map[string]any{"receipt_id": rc.ReceiptID})
	requireError(t, res, http.StatusBadRequest, bootpaytest.CodeAlreadyCancelled)
	assert.Equal(t, `{"error_code":"RC_ALREADY_CANCELLED","message":"이미 취소된 결제입니다."}`, string(res.Raw))
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
}

func TestCancelPartial(t *testing.T) {
	srv, a := newServer(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 10000, TaxFree: 2000, Status: paid()})

	res := a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 3000, "cancel_id": "c-1"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "20", res.Num("status"), "a partial cancel also moves the status to 20")
	assert.Equal(t, "3000", res.Num("cancelled_price"))
	assert.Equal(t, "0", res.Num("cancelled_tax_free"), "the taxable part is cancelled first")

	res = a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 4000.0, "cancel_tax_free": 1000, "cancel_id": "c-2"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "7000", res.Num("cancelled_price"))
	assert.Equal(t, "1000", res.Num("cancelled_tax_free"))

	// 3000 left, of which 1000 tax-free and 2000 taxable.
	requireError(t, a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 3001}), http.StatusBadRequest, bootpaytest.CodeCancelPriceExceeded)
	requireError(t, a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 2000, "cancel_tax_free": 1001}), http.StatusBadRequest, bootpaytest.CodeCancelTaxFreeExceeded)
	requireError(t, a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 2500, "cancel_tax_free": 0}), http.StatusBadRequest, bootpaytest.CodeCancelPriceExceeded)
	requireError(t, a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 1000, "cancel_id": "c-1"}), http.StatusBadRequest, bootpaytest.CodeCancelIDDuplicated)

	// The rest, with cancel_price omitted: tax-free remainder included.
	res = a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_id": "c-3"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "10000", res.Num("cancelled_price"))
	assert.Equal(t, "2000", res.Num("cancelled_tax_free"))
	requireError(t, a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_price": 1}), http.StatusBadRequest, bootpaytest.CodeAlreadyCancelled)
	// A retried cancel_id is reported as a duplicate, even though nothing is left.
	requireError(t, a.cancel(map[string]any{"receipt_id": rc.ReceiptID, "cancel_id": "c-3"}), http.StatusBadRequest, bootpaytest.CodeCancelIDDuplicated)

	got, _ := srv.Receipt(rc.ReceiptID)
	require.Len(t, got.Cancellations, 3)
	assert.Equal(t, []string{"c-1", "c-2", "c-3"}, []string{got.Cancellations[0].CancelID, got.Cancellations[1].CancelID, got.Cancellations[2].CancelID})
	assert.Equal(t, 3, srv.Stats().CancelsApplied)
}

// TestCancelIDIsPerMerchant: Bootpay documents cancel_id as the
// merchant's unique cancel id (가맹점 취소 고유 ID), so a cancel_id applied to
// one receipt is refused on another, and nothing is cancelled there.
func TestCancelIDIsPerMerchant(t *testing.T) {
	srv, a := newServer(t)
	r1 := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid()})
	r2 := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid()})
	assert.Equal(t, http.StatusOK, a.cancel(map[string]any{"receipt_id": r1.ReceiptID, "cancel_price": 100, "cancel_id": "same"}).Status)
	requireError(t, a.cancel(map[string]any{"receipt_id": r2.ReceiptID, "cancel_price": 100, "cancel_id": "same"}), http.StatusBadRequest, bootpaytest.CodeCancelIDDuplicated)
	got, _ := srv.Receipt(r2.ReceiptID)
	assert.Zero(t, got.CancelledPrice)
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	// A rejected cancel does not burn its cancel_id.
	requireError(t, a.cancel(map[string]any{"receipt_id": r1.ReceiptID, "cancel_price": 5000, "cancel_id": "retry"}), http.StatusBadRequest, bootpaytest.CodeCancelPriceExceeded)
	assert.Equal(t, http.StatusOK, a.cancel(map[string]any{"receipt_id": r1.ReceiptID, "cancel_price": 100, "cancel_id": "retry"}).Status)
}

func TestCancelRefund(t *testing.T) {
	srv, a := newServer(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid(), Method: "vbank"})
	res := a.cancel(map[string]any{
		"receipt_id": rc.ReceiptID,
		"refund":     map[string]any{"bank_account": "1234567890", "bank_username": "홍길동", "bank_code": "004"},
	})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	got, _ := srv.Receipt(rc.ReceiptID)
	assert.Equal(t, &bootpaytest.Refund{BankAccount: "1234567890", BankUsername: "홍길동", BankCode: "004"}, got.Cancellations[0].Refund)
}

func TestCancelErrors(t *testing.T) {
	srv, a := newServer(t)
	requireError(t, a.cancel(map[string]any{"receipt_id": "000000000000000000000000"}), http.StatusNotFound, bootpaytest.CodeReceiptNotFound)

	for _, st := range []bootpay.Status{
		bootpay.StatusAwaitingConfirm, bootpay.StatusReady, bootpay.StatusVirtualAccountIssued,
		bootpay.StatusFailedBeforeApproval, bootpay.StatusCancelling,
	} {
		rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: bootpaytest.Ptr(st)})
		res := a.cancel(map[string]any{"receipt_id": rc.ReceiptID})
		requireError(t, res, http.StatusBadRequest, bootpaytest.CodeNotCancellable)
		assert.Equal(t, `{"error_code":"RC_NOT_CANCELLABLE","message":"취소할 수 없는 상태의 결제입니다."}`, string(res.Raw))
	}

	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, TaxFree: 100, Status: paid()})
	id := strconv.Quote(rc.ReceiptID)
	for name, body := range map[string]string{
		"malformed":           `{"receipt_id":`,
		"empty":               ``,
		"no receipt_id":       `{"cancel_price":100}`,
		"string price":        `{"receipt_id":` + id + `,"cancel_price":"100"}`,
		"fractional price":    `{"receipt_id":` + id + `,"cancel_price":100.5}`,
		"negative price":      `{"receipt_id":` + id + `,"cancel_price":-1}`,
		"zero price":          `{"receipt_id":` + id + `,"cancel_price":0}`,
		"bool price":          `{"receipt_id":` + id + `,"cancel_price":true}`,
		"huge price":          `{"receipt_id":` + id + `,"cancel_price":1e100}`,
		"string tax free":     `{"receipt_id":` + id + `,"cancel_tax_free":"1"}`,
		"tax free > price":    `{"receipt_id":` + id + `,"cancel_price":10,"cancel_tax_free":11}`,
		"receipt_id a number": `{"receipt_id":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			requireError(t, a.Must(http.MethodPost, "/cancel", body), http.StatusBadRequest, bootpaytest.CodeInvalidRequest)
		})
	}
	// Accepted amount forms, and unknown fields (the Python SDK sends items and metadata).
	res := a.Must(http.MethodPost, "/cancel", `{"receipt_id":`+id+`,"cancel_price":1e2,"cancel_tax_free":null,"items":[],"metadata":{}}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	res = a.Must(http.MethodPost, "/cancel", `{"receipt_id":`+id+`,"cancel_price":100.0,"cancel_tax_free":0.0}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "200", res.Num("cancelled_price"))
	assert.Equal(t, 2, srv.Stats().CancelsApplied)
}

// TestConcurrentRequests runs 1,000 goroutines against one server: the state machine must apply
// exactly what a serial server would.
func TestConcurrentRequests(t *testing.T) {
	srv, a := newServer(t)
	toCancel := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 300, Status: paid()})
	toConfirm := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	keyed := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid()})

	const workers = 1000
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var res result
			var err error
			switch i % 4 {
			case 0, 1: // 500 cancels of 1 won against 300 won
				res, err = a.Send(http.MethodPost, "/cancel", map[string]any{"receipt_id": toCancel.ReceiptID, "cancel_price": 1, "cancel_id": fmt.Sprint("c", i)})
			case 2: // 250 confirms of one receipt
				res, err = a.Send(http.MethodPost, "/confirm", map[string]any{"receipt_id": toConfirm.ReceiptID})
			case 3: // 250 cancels with one cancel_id
				res, err = a.Send(http.MethodPost, "/cancel", map[string]any{"receipt_id": keyed.ReceiptID, "cancel_price": 10, "cancel_id": "same"})
				if i%40 == 3 {
					_ = srv.Stats()
					_ = srv.Requests()
					_, _ = srv.Receipt(keyed.ReceiptID)
				}
			}
			if err != nil {
				t.Error(err)
				return
			}
			code := res.Str("error_code")
			if code == "" {
				code = strconv.Itoa(res.Status)
			}
			mu.Lock()
			group := [...]string{"split", "split", "confirm", "keyed"}[i%4]
			codes[group+" "+code]++
			mu.Unlock()
		}()
	}
	wg.Wait()

	assert.Equal(t, map[string]int{
		"split 200":                     300,
		"split RC_ALREADY_CANCELLED":    200,
		"confirm 200":                   1,
		"confirm RC_NOT_CONFIRM_READY":  249,
		"keyed 200":                     1,
		"keyed RC_CANCEL_ID_DUPLICATED": 249,
	}, codes)
	st := srv.Stats()
	assert.Equal(t, 301, st.CancelsApplied)
	assert.Equal(t, 1, st.ConfirmsApplied)
	assert.Equal(t, 750, st.Requests[bootpaytest.OpCancel])
	assert.Equal(t, 250, st.Requests[bootpaytest.OpConfirm])
	got, _ := srv.Receipt(toCancel.ReceiptID)
	assert.Equal(t, int64(300), got.CancelledPrice)
	assert.Len(t, srv.Requests(), workers)
}
