package bootpaytest_test

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

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

func TestCancelIDIsPerReceipt(t *testing.T) {
	srv, a := newServer(t)
	r1 := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid()})
	r2 := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid()})
	assert.Equal(t, http.StatusOK, a.cancel(map[string]any{"receipt_id": r1.ReceiptID, "cancel_price": 100, "cancel_id": "same"}).Status)
	assert.Equal(t, http.StatusOK, a.cancel(map[string]any{"receipt_id": r2.ReceiptID, "cancel_price": 100, "cancel_id": "same"}).Status)
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
