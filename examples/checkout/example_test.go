package checkout_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout"
)

// The server-confirm flow: the order row is locked, the stock taken and the
// order marked confirming in one committed transaction; then the payment is
// verified and confirmed, and the order marked paid. A confirm whose outcome
// cannot be known yet leaves the order confirming, and the result page's
// poll settles it.
func Example() {
	ctx := context.Background()
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()),
		bootpay.WithRetryPolicy(bootpay.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})) // fast retries for the example
	if err != nil {
		log.Fatal(err)
	}
	db, err := checkout.Open(ctx, ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	mustExec := func(q string, args ...any) {
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			log.Fatal(err)
		}
	}
	mustExec(`INSERT INTO stock VALUES ('shoe-270', 1)`)
	mustExec(`INSERT INTO orders (id, amount, product_id, quantity) VALUES ('order-1', 89000, 'shoe-270', 1)`)
	mustExec(`INSERT INTO orders (id, amount, product_id, quantity) VALUES ('order-2', 89000, 'shoe-270', 1)`)
	mustExec(`INSERT INTO orders (id, amount, product_id, quantity) VALUES ('order-3', 89000, 'shoe-270', 1)`)

	backend := &checkout.Backend{DB: db, Bootpay: client}
	api := httptest.NewServer(backend)
	defer api.Close()
	show := func(what, receiptID string, resp *http.Response, err error) {
		if err != nil {
			log.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		_, _ = out.ReadFrom(resp.Body)
		fmt.Printf("%s → %d %s", what, resp.StatusCode, bytes.ReplaceAll(out.Bytes(), []byte(receiptID), []byte("<receipt>")))
	}
	post := func(receiptID, orderID string) {
		body := fmt.Sprintf(`{"receipt_id":%q,"order_id":%q}`, receiptID, orderID)
		resp, err := http.Post(api.URL+"/api/confirm", "application/json", bytes.NewBufferString(body))
		show(orderID, receiptID, resp, err)
	}
	poll := func(receiptID, orderID string) {
		resp, err := http.Get(api.URL + "/api/orders/" + orderID)
		show("GET "+orderID, receiptID, resp, err)
	}

	// The buyer of order-1 authenticated; the browser posts the receipt.
	r1 := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 89000})
	post(r1.ReceiptID, "order-1")
	post(r1.ReceiptID, "order-1") // the same receipt again (a retry, or the webhook): no second confirm

	// order-2 wants the last pair too, but order-1 took it: nothing is confirmed.
	r2 := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2", Price: 89000})
	post(r2.ReceiptID, "order-2")

	// A forged amount is refused before anything is confirmed.
	mustExec(`UPDATE stock SET available = 1`)
	r3 := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2", Price: 100})
	post(r3.ReceiptID, "order-2")

	var status string
	_ = db.QueryRowContext(ctx, `SELECT status FROM orders WHERE id = 'order-2'`).Scan(&status)
	fmt.Println("order-2:", status, "| confirms at Bootpay:", srv.Stats().ConfirmsApplied)

	// order-3 gets the pair the forged payment released. Bootpay confirms,
	// but the reply is lost and Bootpay cannot be reached to look the
	// receipt up: the order stays confirming with the pair held for it, and
	// the browser is told to poll.
	r4 := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-3", Price: 89000})
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1) // the check before the confirm passes
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.CloseAfterApply(), 1)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
	post(r4.ReceiptID, "order-3")
	srv.ClearFaults() // Bootpay is back: the poll looks the receipt up and finds it confirmed
	poll(r4.ReceiptID, "order-3")
	fmt.Println("confirms at Bootpay:", srv.Stats().ConfirmsApplied)
	// Output:
	// order-1 → 200 {"success":true,"order_id":"order-1","status":"paid","receipt_id":"<receipt>"}
	// order-1 → 200 {"success":true,"order_id":"order-1","status":"paid","receipt_id":"<receipt>"}
	// order-2 → 409 {"success":false,"order_id":"order-2","message":"재고가 부족해요 (out of stock)"}
	// order-2 → 400 {"success":false,"order_id":"order-2","message":"결제 정보가 주문과 달라요 (위변조 의심)"}
	// order-2: pending | confirms at Bootpay: 1
	// order-3 → 202 {"success":false,"order_id":"order-3","status":"confirming","receipt_id":"<receipt>","message":"결제 확인 중이에요 (confirming)"}
	// GET order-3 → 200 {"success":true,"order_id":"order-3","status":"paid","receipt_id":"<receipt>"}
	// confirms at Bootpay: 2
}
