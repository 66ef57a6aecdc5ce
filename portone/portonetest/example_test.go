package portonetest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// call sends one request to the sandbox the way a merchant backend would without an SDK
// (Authorization: PortOne <secret>), with an Idempotency-Key when key is not empty, and returns
// the status code and the raw body. Each request uses a new connection (Request.Close), so that
// http.Transport never resends one by itself.
func call(srv *portonetest.Server, method, path, body, key string) (int, string, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL()+path, rd)
	if err != nil {
		return 0, "", err
	}
	req.Close = true
	req.Header.Set("Authorization", "PortOne "+portonetest.APISecret)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", `"`+key+`"`) // an RFC 8941 string
	}
	return sandboxtest.Do(srv.Client(), req)
}

// field extracts a value from a JSON object by a dotted path ("amount.cancelled"), as written on
// the wire.
func field(body, path string) string {
	var cur json.RawMessage = []byte(body)
	for _, name := range strings.Split(path, ".") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(cur, &m); err != nil {
			return "invalid JSON"
		}
		cur = m[name]
	}
	return string(cur)
}

// Look a payment up and compare it with the order, then cancel part of it and the rest.
func Example() {
	srv := portonetest.NewServer()
	defer srv.Close()
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order-1001", Total: 15000, OrderName: "운동화"})

	status, body, _ := call(srv, http.MethodGet, "/payments/order-1001", "", "")
	fmt.Println(status, field(body, "status"), field(body, "amount.total"), field(body, "currency"), field(body, "method.type"))

	status, body, _ = call(srv, http.MethodPost, "/payments/order-1001/cancel",
		`{"reason":"부분 환불","amount":5000,"currentCancellableAmount":15000}`, "refund-order-1001-0001")
	fmt.Println(status, field(body, "cancellation.status"), field(body, "cancellation.totalAmount"))

	status, body, _ = call(srv, http.MethodPost, "/payments/order-1001/cancel", `{"reason":"전액 환불"}`, "refund-order-1001-0002")
	fmt.Println(status, field(body, "cancellation.totalAmount"))

	status, body, _ = call(srv, http.MethodGet, "/payments/order-1001", "", "")
	fmt.Println(status, field(body, "status"), field(body, "amount.cancelled"))

	status, body, _ = call(srv, http.MethodPost, "/payments/order-1001/cancel", `{"reason":"again"}`, "")
	fmt.Println(status, body)
	// Output:
	// 200 "PAID" 15000 "KRW" "PaymentMethodCard"
	// 200 "SUCCEEDED" 5000
	// 200 10000
	// 200 "CANCELLED" 15000
	// 409 {"type":"PAYMENT_ALREADY_CANCELLED","message":"결제가 이미 취소되었습니다."}
}

// A cancel whose reply is lost: the client sees a connection error although the cancel was
// applied. Retrying with the same Idempotency-Key returns the stored response instead of
// cancelling twice.
func ExampleServer_Inject() {
	srv := portonetest.NewServer()
	defer srv.Close()
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order-7", Total: 10000})

	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.CloseAfterApply(), 1)
	cancel := `{"reason":"고객 요청","amount":3000}`
	_, _, err := call(srv, http.MethodPost, "/payments/order-7/cancel", cancel, "cancel-order-7-0001")
	fmt.Println("first attempt failed:", err != nil)

	status, body, _ := call(srv, http.MethodPost, "/payments/order-7/cancel", cancel, "cancel-order-7-0001")
	fmt.Println("retry:", status, field(body, "cancellation.totalAmount"))

	_, body, _ = call(srv, http.MethodGet, "/payments/order-7", "", "")
	fmt.Println("cancelled:", field(body, "amount.cancelled"))

	st := srv.Stats()
	fmt.Println("cancel requests:", st.Requests[portonetest.OpPaymentCancel], "applied:", st.CancelsApplied, "replayed:", st.IdempotentReplays)
	// Output:
	// first attempt failed: true
	// retry: 200 3000
	// cancelled: 3000
	// cancel requests: 2 applied: 1 replayed: 1
}

// A duplicate sent while the first request is still being processed gets 409
// IDEMPOTENCY_OUTSTANDING_REQUEST; PortOne asks to retry a little later.
func ExampleDelay() {
	srv := portonetest.NewServer()
	defer srv.Close()
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order-8", Total: 10000})
	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Delay(200*time.Millisecond), 1)

	cancel := `{"reason":"고객 요청"}`
	first := make(chan int)
	go func() {
		status, _, _ := call(srv, http.MethodPost, "/payments/order-8/cancel", cancel, "cancel-order-8-0001")
		first <- status
	}()
	for srv.Stats().Requests[portonetest.OpPaymentCancel] == 0 {
		time.Sleep(time.Millisecond)
	}
	status, body, _ := call(srv, http.MethodPost, "/payments/order-8/cancel", cancel, "cancel-order-8-0001")
	fmt.Println("duplicate:", status, field(body, "type"))
	fmt.Println("first:", <-first)
	status, _, _ = call(srv, http.MethodPost, "/payments/order-8/cancel", cancel, "cancel-order-8-0001")
	fmt.Println("later:", status, "applied:", srv.Stats().CancelsApplied)
	// Output:
	// duplicate: 409 "IDEMPOTENCY_OUTSTANDING_REQUEST"
	// first: 200
	// later: 200 applied: 1
}

// Charge a billing key (빌링키 결제), and see a card refusal as 502 PG_PROVIDER.
func ExampleServer_IssueBillingKey() {
	srv := portonetest.NewServer()
	defer srv.Close()
	bk := srv.IssueBillingKey(portonetest.BillingKeySpec{})
	declined := srv.IssueBillingKey(portonetest.BillingKeySpec{PGError: &portonetest.PGError{Code: "51", Message: "잔액 부족"}})

	pay := func(paymentID, billingKey string) {
		body := `{"billingKey":"` + billingKey + `","orderName":"월간 구독","amount":{"total":9900},"currency":"KRW"}`
		status, resp, _ := call(srv, http.MethodPost, "/payments/"+paymentID+"/billing-key", body, "pay-"+paymentID+"-00000001")
		if status != http.StatusOK {
			fmt.Println(status, field(resp, "type"), field(resp, "pgCode"))
			return
		}
		fmt.Println(status, "paidAt set:", field(resp, "payment.paidAt") != "")
	}
	pay("sub-2026-04", bk.BillingKey)
	pay("sub-2026-05", declined.BillingKey)

	p, _ := srv.Payment("sub-2026-04")
	fmt.Println(p.Status, p.Amount.Total, string(p.BillingKey) == bk.BillingKey)
	p, _ = srv.Payment("sub-2026-05")
	fmt.Println(p.Status)
	// Output:
	// 200 paidAt set: true
	// 502 "PG_PROVIDER" "51"
	// PAID 9900 true
	// FAILED
}

// Access tokens: log in with the API secret, use the token, and rotate it with the refresh token.
// Each login or refresh retires the previous refresh token.
func ExampleServer_ExpireTokens() {
	srv := portonetest.NewServer()
	defer srv.Close()
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order-9", Total: 1000})

	post := func(path, body string) (int, string) {
		resp, err := srv.Client().Post(srv.URL()+path, "application/json", strings.NewReader(body))
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	get := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/payments/order-9", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := srv.Client().Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	var tokens struct{ AccessToken, RefreshToken string }

	_, body := post("/login/api-secret", `{"apiSecret":"`+portonetest.APISecret+`"}`)
	_ = json.Unmarshal([]byte(body), &tokens)
	fmt.Println("with access token:", get(tokens.AccessToken))

	old := tokens.RefreshToken
	status, body := post("/token/refresh", `{"refreshToken":"`+old+`"}`)
	_ = json.Unmarshal([]byte(body), &tokens)
	fmt.Println("refresh:", status)
	status, body = post("/token/refresh", `{"refreshToken":"`+old+`"}`)
	fmt.Println("old refresh token:", status, field(body, "type"))

	srv.ExpireTokens()
	fmt.Println("after ExpireTokens:", get(tokens.AccessToken))
	st := srv.Stats()
	fmt.Println("issued:", st.TokensIssued, "refreshed:", st.TokensRefreshed)
	// Output:
	// with access token: 200
	// refresh: 200
	// old refresh token: 401 "UNAUTHORIZED"
	// after ExpireTokens: 401
	// issued: 1 refreshed: 1
}

// Schedule a billing-key payment (결제 예약), look it up and revoke it before its time comes (the
// server's clock reads May 2026). DELETE /payment-schedules takes its body in the requestBody query
// parameter.
func ExampleServer_Schedule() {
	may := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	srv := portonetest.NewServer(portonetest.WithClock(func() time.Time { return may }))
	defer srv.Close()
	bk := srv.IssueBillingKey(portonetest.BillingKeySpec{})

	body := `{"payment":{"billingKey":"` + bk.BillingKey + `","orderName":"6월 구독","amount":{"total":9900},"currency":"KRW"},` +
		`"timeToPay":"2026-06-01T00:00:00+09:00"}`
	status, resp, _ := call(srv, http.MethodPost, "/payments/sub-2026-06/schedule", body, "schedule-sub-2026-06")
	var id string
	_ = json.Unmarshal([]byte(field(resp, "schedule.id")), &id)
	fmt.Println("create:", status)

	_, resp, _ = call(srv, http.MethodGet, "/payment-schedules/"+id, "", "")
	fmt.Println(field(resp, "status"), field(resp, "paymentId"), field(resp, "timeToPay"))

	revoke := url.QueryEscape(`{"scheduleIds":["` + id + `"]}`)
	status, _, _ = call(srv, http.MethodDelete, "/payment-schedules?requestBody="+revoke, "", "revoke-sub-2026-06")
	sc, _ := srv.Schedule(id)
	fmt.Println("revoke:", status, sc.Status)
	// Output:
	// create: 200
	// "SCHEDULED" "sub-2026-06" "2026-05-31T15:00:00Z"
	// revoke: 200 REVOKED
}

// Read every payment with the cursor listing: continue from the last item's cursor until a page
// comes back short.
func Example_paymentsByCursor() {
	srv := portonetest.NewServer()
	defer srv.Close()
	for i := 1; i <= 5; i++ {
		srv.CreatePayment(portonetest.PaymentSpec{ID: fmt.Sprintf("order-%d", i), Total: 1000})
	}

	cursor := ""
	for page := 1; ; page++ {
		req := `{"size":2}`
		if cursor != "" {
			req = `{"size":2,"cursor":"` + cursor + `"}`
		}
		_, body, _ := call(srv, http.MethodGet, "/payments-by-cursor?requestBody="+url.QueryEscape(req), "", "")
		var out struct {
			Items []struct {
				Payment struct{ ID string }
				Cursor  string
			}
		}
		_ = json.Unmarshal([]byte(body), &out)
		var ids []string
		for _, it := range out.Items {
			ids = append(ids, it.Payment.ID)
			cursor = it.Cursor
		}
		fmt.Println("page", page, ids)
		if len(out.Items) < 2 {
			break
		}
	}
	// Output:
	// page 1 [order-1 order-2]
	// page 2 [order-3 order-4]
	// page 3 [order-5]
}
