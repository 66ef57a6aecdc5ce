package portonecomplete_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	portonecomplete "github.com/paykit-kr/paykit/examples/portone-complete"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// The /payment/complete endpoint of PortOne's guide: a paid order is
// fulfilled once although the browser and the webhook both report it, a
// virtual account is shown to the buyer, and a forged amount is refused.
func Example() {
	ctx := context.Background()
	srv := portonetest.NewServer() // PortOne, in-process
	defer srv.Close()
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	db, err := portonecomplete.Open(ctx, ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	backend := &portonecomplete.Backend{
		DB: db, PortOne: client,
		OnPaid: func(_ context.Context, orderID string) { fmt.Println("  → fulfil", orderID) },
	}
	mux := http.NewServeMux()
	mux.Handle("POST /payment/complete", backend)
	api := httptest.NewServer(mux)
	defer api.Close()
	post := func(paymentID, orderID string) {
		body := fmt.Sprintf(`{"paymentId":%q,"orderId":%q}`, paymentID, orderID)
		resp, err := http.Post(api.URL+"/payment/complete", "application/json", strings.NewReader(body))
		if err != nil {
			log.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		fmt.Printf("%s → %d %s", orderID, resp.StatusCode, out)
	}

	// Checkout: each order is stored with the paymentId it will be paid under.
	for _, o := range []struct {
		id, paymentID string
		amount        int64
	}{{"order-1", "payment-39ecfa97", 1000}, {"order-2", "payment-8d41c2aa", 30000}, {"order-3", "payment-5b1c0d2e", 1000}} {
		if err := portonecomplete.AddOrder(ctx, db, o.id, o.paymentID, o.amount); err != nil {
			log.Fatal(err)
		}
	}

	// The buyers pay in PortOne's window: order-1 by card, order-2 by
	// virtual account, and order-3's buyer changed the amount to 100 won.
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-39ecfa97", Total: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-8d41c2aa", Total: 30000, Status: portone.PaymentStatusVirtualAccountIssued,
		Method: &portone.PaymentMethodVirtualAccount{
			Bank: portone.BankShinhan, AccountNumber: "56211234567890", RemitteeName: "(주)페이킷",
			ExpiredAt: time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC),
		}})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-5b1c0d2e", Total: 100})

	post("payment-39ecfa97", "order-1")
	// PortOne's webhook for the same payment: checked again, not fulfilled again.
	r, err := backend.Complete(ctx, portonecomplete.Request{PaymentID: "payment-39ecfa97"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("webhook:", r.OrderID, r.Status)
	post("payment-39ecfa97", "order-1") // the browser retries
	post("payment-8d41c2aa", "order-2")
	post("payment-5b1c0d2e", "order-3")
	post("payment-39ecfa97", "order-3") // someone else's payment for order-3

	rows, err := db.QueryContext(ctx, `SELECT id, status FROM orders ORDER BY id`)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, status string
		_ = rows.Scan(&id, &status)
		fmt.Println(id, status)
	}
	// Output:
	//   → fulfil order-1
	// order-1 → 200 {"orderId":"order-1","status":"PAID"}
	// webhook: order-1 PAID
	// order-1 → 200 {"orderId":"order-1","status":"PAID"}
	// order-2 → 200 {"orderId":"order-2","status":"VIRTUAL_ACCOUNT_ISSUED","virtualAccount":{"bank":"SHINHAN","accountNumber":"56211234567890","remitteeName":"(주)페이킷","expiredAt":"2026-11-25T15:00:00Z"}}
	// order-3 → 400 {"orderId":"order-3","message":"결제 정보가 주문과 달라요: 위변조 의심"}
	// order-3 → 400 {"orderId":"order-3","message":"결제 정보가 주문과 달라요: 위변조 의심"}
	// order-1 paid
	// order-2 awaiting_deposit
	// order-3 pending
}
