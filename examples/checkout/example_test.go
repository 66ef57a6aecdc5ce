package checkout_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout"
)

// The server-confirm flow inside one database transaction: the order row
// is locked, stock is taken, the payment is verified and confirmed, and the
// order is marked paid before the commit.
func Example() {
	ctx := context.Background()
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
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

	backend := &checkout.Backend{DB: db, Bootpay: client}
	api := httptest.NewServer(backend)
	defer api.Close()
	post := func(receiptID, orderID string) {
		body := fmt.Sprintf(`{"receipt_id":%q,"order_id":%q}`, receiptID, orderID)
		resp, err := http.Post(api.URL+"/api/confirm", "application/json", bytes.NewBufferString(body))
		if err != nil {
			log.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		_, _ = out.ReadFrom(resp.Body)
		fmt.Printf("%s → %d %s", orderID, resp.StatusCode, bytes.ReplaceAll(out.Bytes(), []byte(receiptID), []byte("<receipt>")))
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
	// Output:
	// order-1 → 200 {"receipt_id":"<receipt>","success":true}
	// order-1 → 200 {"receipt_id":"<receipt>","success":true}
	// order-2 → 409 {"message":"재고가 부족해요 (out of stock)","success":false}
	// order-2 → 400 {"message":"결제 조회에 실패했어요.","success":false}
	// order-2: pending | confirms at Bootpay: 1
}
