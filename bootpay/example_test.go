package bootpay_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// A client for the recommended client key / secret key mode. Against the
// real API, leave out WithBaseURL (or pick WithEnvironment). The client
// never prints its secret.
func ExampleNewClient() {
	srv := bootpaytest.NewServer()
	defer srv.Close()

	client, err := bootpay.NewClient(
		bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL(srv.URL()),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("secret printed:", strings.Contains(fmt.Sprintf("%+v %#v", client, client), bootpaytest.SecretKey))

	legacy, err := bootpay.NewClient(
		bootpay.TokenAuth(bootpaytest.ApplicationID, bootpaytest.PrivateKey),
		bootpay.WithBaseURL(srv.URL()),
	)
	if err != nil {
		log.Fatal(err)
	}
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	r, err := legacy.Receipts.Get(context.Background(), rc.ReceiptID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("legacy mode status:", r.Status)
	fmt.Println("tokens issued:", srv.Stats().TokensIssued)
	// Output:
	// secret printed: false
	// legacy mode status: awaiting confirm (승인대기)
	// tokens issued: 1
}

// Verify a payment the browser reported as done (자동 승인 후 서버 검증):
// look the receipt up and compare it with the order in your database.
func ExampleReceiptsService_Get() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{
		ReceiptID: "6710c2f5a1b2c3d4e5f60718", OrderID: "order-1001", Price: 50000, Status: bootpaytest.Ptr(bootpay.StatusPaid),
	})

	// What your database says about order-1001.
	orderAmount := int64(50000)

	r, err := client.Receipts.Get(context.Background(), rc.ReceiptID)
	if err != nil {
		log.Fatal(err)
	}
	err = r.Verify(bootpay.VerifyParams{OrderID: "order-1001", Amount: orderAmount, Status: bootpay.StatusPaid})
	fmt.Println("verified:", err == nil)
	fmt.Println(r.OrderID, r.Price, r.Status, r.CardData.CardNo)

	// A forged amount is caught, naming the field.
	err = r.Verify(bootpay.VerifyParams{OrderID: "order-1001", Amount: 70000, Status: bootpay.StatusPaid})
	fmt.Println(err)
	// Output:
	// verified: true
	// order-1001 50000 paid (결제완료) ****-****-****-1234
	// bootpay: receipt 6710c2f5a1b2c3d4e5f60718 does not match the order (위변조 의심): price: expected 70000, got 50000
}

// The server side of a separately confirmed payment (분리 승인): check,
// confirm, check again.
func ExampleReceiptsService_ConfirmVerified() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	// The buyer authenticated; the receipt waits in status 2 (승인대기).
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2002", Price: 15000})

	res, err := client.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{
		ReceiptID:        rc.ReceiptID,
		OrderID:          "order-2002",
		Amount:           15000, // from your database, never from the browser
		Currency:         "KRW",
		CancelOnMismatch: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	r := res.Receipt
	fmt.Println(r.Status, r.Price, r.PurchasedAt.IsZero())
	// Output:
	// paid (결제완료) 15000 false
}

// A *MismatchError before the confirm (AfterConfirm false) confirmed and
// cancelled nothing, CancelOnMismatch or not, but the receipt may already
// hold the buyer's money: here the browser called Bootpay.confirm() after
// forging the amount, so this order's receipt is paid (status 1) at 100
// won. Releasing the order as unpaid would keep that money: refund it under
// a cancel_id derived from the order and the receipt id, so that a retry
// (by any instance) refunds once, and release the order once refunded.
// The receipt id belongs in it: Bootpay keeps cancel_id unique per
// merchant, and one order can carry several such receipts (the buyer
// forges the amount again, or pays in two tabs), each to be refunded.
func ExampleReceiptsService_ConfirmVerified_capturedAtAnotherPrice() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2003", Price: 100, Status: bootpaytest.Ptr(bootpay.StatusPaid)})

	_, err = client.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{
		ReceiptID: rc.ReceiptID, OrderID: "order-2003", Amount: 15000, Currency: "KRW", CancelOnMismatch: true,
	})
	var mismatch *bootpay.MismatchError
	if !errors.As(err, &mismatch) || mismatch.AfterConfirm {
		log.Fatal(err)
	}
	r := mismatch.Receipt
	fmt.Println("cancelled by ConfirmVerified:", mismatch.Cancelled != nil)
	fmt.Println("receipt:", r.OrderID, r.Status, r.Price)

	if r.OrderID == "order-2003" && r.Status == bootpay.StatusPaid { // this order's money is held
		for range 2 { // a retry, here or in another instance, sends the same cancel_id
			r, err = client.Receipts.Cancel(ctx, bootpay.CancelParams{
				ReceiptID: r.ReceiptID, Full: true, CancelID: "refund-order-2003-" + r.ReceiptID, Message: "위변조 의심: 주문 금액과 다름",
			})
			if err != nil {
				log.Fatal(err) // ErrOutcomeUnknown: repeat later under the same CancelID
			}
		}
		fmt.Println("refunded:", r.FullyCancelled(), "cancels applied:", srv.Stats().CancelsApplied)
	}
	fmt.Println("confirms sent:", srv.Stats().Requests[bootpaytest.OpConfirm])
	// Output:
	// cancelled by ConfirmVerified: false
	// receipt: order-2003 paid (결제완료) 100
	// refunded: true cancels applied: 1
	// confirms sent: 0
}

// When the connection breaks after a confirm was sent, the outcome is
// unknown: never confirm again, look it up.
func ExampleReceiptsService_ReconcileConfirm() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-3003", Price: 8000})
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.CloseAfterApply(), 1) // Bootpay confirms, the reply is lost

	params := bootpay.ConfirmParams{ReceiptID: rc.ReceiptID, OrderID: "order-3003", Amount: 8000, Currency: "KRW"}
	_, err = client.Receipts.Confirm(context.Background(), rc.ReceiptID)
	fmt.Println("outcome unknown:", errors.Is(err, bootpay.ErrOutcomeUnknown))

	r, err := client.Receipts.ReconcileConfirm(context.Background(), params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("true state:", r.Status)
	fmt.Println("confirm requests sent:", srv.Stats().Requests[bootpaytest.OpConfirm])
	// Output:
	// outcome unknown: true
	// true state: paid (결제완료)
	// confirm requests sent: 1
}

// A partial cancel (부분취소), then the rest.
func ExampleReceiptsService_Cancel() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 30000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	ctx := context.Background()

	r, err := client.Receipts.Cancel(ctx, bootpay.CancelParams{
		ReceiptID: rc.ReceiptID,
		Amount:    10000,
		CancelID:  "refund-0001", // from your refund record: repeating the call cannot cancel twice
		Message:   "사이즈 교환",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Status, "cancelled", r.CancelledPrice, "remaining", r.Remaining(), "full:", r.FullyCancelled())

	r, err = client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true, Message: "주문 취소"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Status, "cancelled", r.CancelledPrice, "remaining", r.Remaining(), "full:", r.FullyCancelled())
	// Output:
	// cancelled (결제취소 완료) cancelled 10000 remaining 20000 full: false
	// cancelled (결제취소 완료) cancelled 30000 remaining 0 full: true
}
