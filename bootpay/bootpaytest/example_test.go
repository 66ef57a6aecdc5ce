package bootpaytest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// call sends one request to the sandbox with Basic authentication, as a merchant backend would
// without an SDK, and returns the status code and the raw body.
func call(srv *bootpaytest.Server, method, path, body string) (int, string, error) {
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.SetBasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey)
	req.Header.Set("Content-Type", "application/json")
	return sandboxtest.Do(srv.Client(), req)
}

// field extracts one top-level field of a JSON object, as written on the wire.
func field(body, name string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return "invalid JSON"
	}
	return string(m[name])
}

// The separately confirmed (분리승인) flow: the payment window left the receipt in status 2, the
// backend checks it and confirms it.
func Example() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1001", Price: 15000})

	status, body, _ := call(srv, http.MethodGet, "/receipt/"+rc.ReceiptID, "")
	fmt.Println(status, field(body, "order_id"), field(body, "price"), field(body, "status"), field(body, "status_locale"))

	status, body, _ = call(srv, http.MethodPost, "/confirm", `{"receipt_id":"`+rc.ReceiptID+`"}`)
	fmt.Println(status, field(body, "status"), field(body, "status_locale"))

	status, body, _ = call(srv, http.MethodPost, "/confirm", `{"receipt_id":"`+rc.ReceiptID+`"}`)
	fmt.Println(status, body)
	// Output:
	// 200 "order-1001" 15000 2 "승인대기"
	// 200 1 "결제완료"
	// 400 {"error_code":"RC_NOT_CONFIRM_READY","message":"승인 대기 상태의 결제가 아닙니다."}
}

// A confirm whose reply is lost: the client sees a connection error, but the payment was confirmed.
// Looking the receipt up tells the client what happened.
func ExampleServer_Inject() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 15000})

	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.CloseAfterApply(), 1)
	_, _, err := call(srv, http.MethodPost, "/confirm", `{"receipt_id":"`+rc.ReceiptID+`"}`)
	fmt.Println("confirm failed:", err != nil)

	_, body, _ := call(srv, http.MethodGet, "/receipt/"+rc.ReceiptID, "")
	fmt.Println("status after lookup:", field(body, "status"))

	st := srv.Stats()
	fmt.Println("confirm requests:", st.Requests[bootpaytest.OpConfirm], "applied:", st.ConfirmsApplied)
	// Output:
	// confirm failed: true
	// status after lookup: 1
	// confirm requests: 1 applied: 1
}

// Partial and full cancellation (부분 취소, 전액 취소) of a paid receipt; a cancel_id is accepted once.
func ExampleServer_CreateReceipt() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{
		Price:  10000,
		Status: bootpaytest.Ptr(bootpay.StatusPaid),
	})

	cancel := func(body string) {
		status, resp, _ := call(srv, http.MethodPost, "/cancel", body)
		if status != http.StatusOK {
			fmt.Println(status, field(resp, "error_code"))
			return
		}
		fmt.Println(status, "cancelled_price", field(resp, "cancelled_price"), "status", field(resp, "status"))
	}
	cancel(`{"receipt_id":"` + rc.ReceiptID + `","cancel_price":3000,"cancel_id":"refund-1"}`)
	cancel(`{"receipt_id":"` + rc.ReceiptID + `","cancel_price":3000,"cancel_id":"refund-1"}`)
	cancel(`{"receipt_id":"` + rc.ReceiptID + `","cancel_price":9000}`)
	cancel(`{"receipt_id":"` + rc.ReceiptID + `"}`) // the remaining 7000
	cancel(`{"receipt_id":"` + rc.ReceiptID + `"}`)

	got, _ := srv.Receipt(rc.ReceiptID)
	fmt.Println(got.Status, got.CancelledPrice, len(got.Cancellations))
	// Output:
	// 200 cancelled_price 3000 status 20
	// 400 "RC_CANCEL_ID_DUPLICATED"
	// 400 "RC_CANCEL_PRICE_EXCEEDED"
	// 200 cancelled_price 10000 status 20
	// 400 "RC_ALREADY_CANCELLED"
	// cancelled (결제취소 완료) 10000 2
}

// The legacy authentication mode: exchange the application ID and private key for a Bearer token.
func ExampleServer_ExpireTokens() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})

	resp, _ := srv.Client().Post(srv.URL()+"/request/token", "application/json", strings.NewReader(
		`{"application_id":"`+bootpaytest.ApplicationID+`","private_key":"`+bootpaytest.PrivateKey+`"}`))
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpireIn    int    `json:"expire_in"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	fmt.Println("expire_in:", tok.ExpireIn)

	get := func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/receipt/"+rc.ReceiptID, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			fmt.Println(resp.StatusCode, field(string(b), "error_code"))
			return
		}
		fmt.Println(resp.StatusCode, "status", field(string(b), "status"))
	}
	get()
	srv.ExpireTokens()
	get()
	// Output:
	// expire_in: 1800
	// 200 status 2
	// 401 "TOKEN_KEY_INVALID"
}

// Bootpay has been seen writing amounts with a decimal point; clients must accept both forms.
func ExampleWithDecimalAmounts() {
	srv := bootpaytest.NewServer(bootpaytest.WithDecimalAmounts())
	defer srv.Close()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, TaxFree: 100})

	_, body, _ := call(srv, http.MethodGet, "/receipt/"+rc.ReceiptID, "")
	fmt.Println(field(body, "price"), field(body, "tax_free"), field(body, "cancelled_price"))
	// Output:
	// 1000.0 100.0 0.0
}
