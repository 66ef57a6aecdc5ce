package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// exampleSecret is a PortOne webhook secret as the console shows it
// ("whsec_" and base64); in production, read yours from your secret store.
const exampleSecret = "whsec_cGF5a2l0IGV4YW1wbGUgc2VjcmV0"

// exampleNow is the examples' fixed clock, so that their output never moves.
// In production leave the clocks nil (time.Now).
var exampleNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func exampleClock() time.Time { return exampleNow }

// exampleVerifier is a PortOneVerifier on exampleSecret and the fixed clock.
func exampleVerifier() *webhook.PortOneVerifier {
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{exampleSecret}, Now: exampleClock})
	if err != nil {
		log.Fatal(err)
	}
	return v
}

// Serve PortOne webhooks: each delivery is verified, decoded and handed to
// your callback, once per event however often PortOne delivers it. PortOne
// redelivers an event with the same webhook-id until it gets a 2xx.
func ExamplePortOneHandler() {
	once := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: exampleClock})}
	var runs atomic.Int32
	handler := webhook.PortOneHandler(exampleVerifier(), func(ctx context.Context, d *webhook.PortOneDelivery) error {
		runs.Add(1)
		switch e := d.Event.(type) {
		case *webhook.PortOneTransaction:
			// The event only names the payment: look it up and compare it with
			// your order (portone's Payments.Verify) before fulfilling.
			fmt.Println("callback:", e.Type, e.PaymentID, "paid key:", d.Key == webhook.PortOnePaidKey(e.PaymentID))
		case *webhook.PortOneUnknownEvent:
			// A type PortOne added later: acknowledge it.
		}
		return nil
	}, webhook.WithProcessor(once))
	srv := httptest.NewServer(handler)
	defer srv.Close()

	body := webhooktest.PortOneTransaction("Transaction.Paid", exampleNow, "store-1", "order-1001", "tx-1", "")
	for attempt := 1; attempt <= 2; attempt++ {
		req, err := webhooktest.NewPortOneRequest(srv.URL+"/webhooks/portone", exampleSecret, "msg_1", exampleNow, body)
		if err != nil {
			log.Fatal(err)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println("delivery", attempt, "answered", resp.StatusCode)
	}
	fmt.Println("callback runs:", runs.Load())
	// Output:
	// callback: Transaction.Paid order-1001 paid key: true
	// delivery 1 answered 200
	// delivery 2 answered 200
	// callback runs: 1
}

// Verify a delivery yourself: the headers as received and the raw body,
// byte for byte. A body changed after signing, or a delivery replayed
// outside the tolerance, is refused with a reason errors.Is can tell.
func ExamplePortOneVerifier_Verify() {
	v := exampleVerifier()
	body := webhooktest.PortOneTransaction("Transaction.Paid", exampleNow, "store-1", "order-1001", "tx-1", "")
	headers, err := webhooktest.PortOneHeaders(exampleSecret, "msg_1", exampleNow, body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("as sent:", v.Verify(headers, body))

	tampered := bytes.Replace(body, []byte("order-1001"), []byte("order-9999"), 1)
	err = v.Verify(headers, tampered)
	fmt.Println("tampered:", errors.Is(err, webhook.ErrUnverified), errors.Is(err, webhook.ErrNoMatchingSignature))
	fmt.Println(err)

	// The same delivery replayed ten minutes later.
	late, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{
		Secrets: []string{exampleSecret},
		Now:     func() time.Time { return exampleNow.Add(10 * time.Minute) },
	})
	if err != nil {
		log.Fatal(err)
	}
	err = late.Verify(headers, body)
	var ve *webhook.VerificationError
	if errors.As(err, &ve) {
		fmt.Println("replayed:", errors.Is(err, webhook.ErrTooOld), ve.Header, ve.Skew)
	}
	// Output:
	// as sent: <nil>
	// tampered: true true
	// webhook: portone: no matching signature (webhook-signature)
	// replayed: true webhook-timestamp 5m0s
}

// Serve Bootpay PG webhooks (결제 통지). They are not signed: the handler
// admits Bootpay's addresses only, looks the receipt up and compares it with
// the event. That proves the event tells the truth about the receipt, not
// that the receipt is what you sold: compare it with your own order before
// acting, as the callback does here.
func ExampleBootpayHandler() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	// Your database: the price of each order.
	orders := map[string]int64{"order-1": 15000, "order-2": 15000}
	paid := bootpaytest.Ptr(bootpay.StatusPaid)
	good := srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "6710c2f5a1b2c3d4e5f60001", OrderID: "order-1", Price: 15000, Status: paid})
	// A buyer who changed the price in the browser paid 100 won for order-2.
	cheap := srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "6710c2f5a1b2c3d4e5f60002", OrderID: "order-2", Price: 100, Status: paid})

	once := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: exampleClock})}
	handler := webhook.BootpayHandler(webhook.BootpayLookup{Client: client}, func(ctx context.Context, d *webhook.BootpayDelivery) error {
		if d.Event.Kind() != webhook.BootpayPaymentCompleted {
			return nil // cancellations and virtual accounts: not handled here
		}
		price, ok := orders[d.Receipt.OrderID]
		if !ok {
			return fmt.Errorf("unknown order %s", d.Receipt.OrderID) // 500: Bootpay delivers it again
		}
		err := d.Receipt.Verify(bootpay.VerifyParams{OrderID: d.Receipt.OrderID, Amount: price, Currency: "KRW", Status: bootpay.StatusPaid})
		if err != nil {
			// It will never match: acknowledge it, fulfil nothing, tell a person.
			fmt.Println("  not fulfilled:", err)
			return nil
		}
		fmt.Println("  fulfil", d.Receipt.OrderID, "for", d.Receipt.Price)
		return nil
	}, webhook.WithProcessor(once))

	deliver := func(name string, p webhooktest.BootpayPayload) {
		fmt.Println(name)
		req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", p.JSON(), false) // from Bootpay's address
		if err != nil {
			log.Fatal(err)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Println("  answered", rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	completed := func(r bootpaytest.Receipt, price int64) webhooktest.BootpayPayload {
		return webhooktest.BootpayPayload{WebhookType: "PAYMENT_COMPLETED", ReceiptID: r.ReceiptID, OrderID: r.OrderID, Price: price, Status: 1}
	}
	deliver("order-1:", completed(good, good.Price))
	deliver("order-1 again:", completed(good, good.Price))
	deliver("order-2:", completed(cheap, cheap.Price))
	deliver("order-2 forged to its order's price:", completed(cheap, 15000))
	fmt.Println("receipt lookups:", srv.Stats().Requests[bootpaytest.OpReceiptGet])
	// Output:
	// order-1:
	//   fulfil order-1 for 15000
	//   answered 200 {"success":true}
	// order-1 again:
	//   answered 200 {"success":true}
	// order-2:
	//   not fulfilled: bootpay: receipt 6710c2f5a1b2c3d4e5f60002 does not match the order (위변조 의심): price: expected 15000, got 100
	//   answered 200 {"success":true}
	// order-2 forged to its order's price:
	//   answered 403 Forbidden
	// receipt lookups: 4
}

// Serve Bootpay Commerce order webhooks. They are neither signed nor
// documented in their payload, so the handler looks the order up and runs
// your callback only when the order agrees with the event. Before fulfilling,
// verify the order against your own (its amount and your order id; Verify
// also lists its refunds, since an order refunded in part still reads paid).
func ExampleCommerceHandler() {
	srv := commercetest.NewServer()
	defer srv.Close()
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	// Your database: merchant-42 costs 29900 won; the checkout sent its id as metadata.
	prices := map[string]int64{"merchant-42": 29900}
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Metadata: map[string]any{"order_id": "merchant-42"}})

	once := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: exampleClock})}
	handler := webhook.CommerceHandler(webhook.CommerceLookup{Client: client}, func(ctx context.Context, d *webhook.CommerceDelivery) error {
		switch d.Event.Kind() {
		case webhook.CommerceOrderPaid, webhook.CommerceSubscriptionPaid:
			id := d.Order.Metadata.String("order_id")
			price, ok := prices[id]
			if !ok {
				return fmt.Errorf("unknown order %q", id) // 500: Commerce delivers it again
			}
			order, err := client.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: d.Order.OrderNumber, Amount: price, MerchantOrderID: id})
			var mismatch *commerce.MismatchError
			switch {
			case errors.As(err, &mismatch): // refunded in part since, or not as ordered
				fmt.Println("hold for a person:", mismatch)
				return nil // never fulfilled; acknowledged
			case err != nil: // no verdict (a failed lookup): Commerce delivers it again
				return err
			}
			fmt.Println("fulfil", id, "for", order.Price, "key is the paid key:", d.Key == webhook.CommercePaidKey(order.OrderNumber))
		}
		return nil
	}, webhook.WithProcessor(once))

	body := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
		Price: 29900, Status: int(commerce.OrderPaid), ReceiptStatus: int(commerce.ReceiptPaid)}.JSON()
	for attempt := 1; attempt <= 2; attempt++ {
		req, err := webhooktest.NewCommerceRequest("/webhooks/commerce", body, false)
		if err != nil {
			log.Fatal(err)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Println("delivery", attempt, "answered", rec.Code, rec.Body.String())
	}
	fmt.Println("order lookups:", srv.Stats().Requests[commercetest.OpOrderGet])
	// Output:
	// fulfil merchant-42 for 29900 key is the paid key: true
	// delivery 1 answered 200 {"success":true}
	// delivery 2 answered 200 {"success":true}
	// order lookups: 3
}

// One Processor serves the webhooks and the buyer's browser: the browser's
// report of a payment (/payment/complete, after you looked the payment up
// and found it paid) and PortOne's Transaction.Paid webhook share one key,
// PortOnePaidKey, so whichever comes second runs nothing. A callback that
// fails releases its key for the next attempt.
func ExampleProcessor_Process() {
	ctx := context.Background()
	once := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{Now: exampleClock})}
	fulfilled := map[string]int{}
	fulfil := func(orderID string) func(context.Context) error {
		return func(context.Context) error { fulfilled[orderID]++; return nil }
	}

	// The browser reports order-1001 paid before the webhook arrives.
	ran, err := once.Process(ctx, webhook.PortOnePaidKey("order-1001"), fulfil("order-1001"))
	fmt.Println("browser:", ran, err)

	// Then PortOne's webhook for the same payment.
	handler := webhook.PortOneHandler(exampleVerifier(), func(ctx context.Context, d *webhook.PortOneDelivery) error {
		if e, ok := d.Event.(*webhook.PortOneTransaction); ok && e.Type == webhook.PortOneTransactionPaid {
			return fulfil(e.PaymentID)(ctx)
		}
		return nil
	}, webhook.WithProcessor(once))
	body := webhooktest.PortOneTransaction("Transaction.Paid", exampleNow, "store-1", "order-1001", "tx-1", "")
	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", exampleSecret, "msg_1", exampleNow, body)
	if err != nil {
		log.Fatal(err)
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	fmt.Println("webhook:", rec.Code)

	// A fulfilment that fails is not recorded: the next report runs it.
	ran, err = once.Process(ctx, webhook.PortOnePaidKey("order-1002"), func(context.Context) error {
		return errors.New("database unavailable")
	})
	fmt.Println("first try:", ran, err)
	ran, err = once.Process(ctx, webhook.PortOnePaidKey("order-1002"), fulfil("order-1002"))
	fmt.Println("second try:", ran, err)

	fmt.Println("fulfilled:", fulfilled)
	// Output:
	// browser: true <nil>
	// webhook: 200
	// first try: true database unavailable
	// second try: true <nil>
	// fulfilled: map[order-1001:1 order-1002:1]
}

// A MemoryStore is the Store of a single server instance. A claim holds its
// key for a lease; a claimant that never finishes (it crashed) loses the key
// when the lease ends, and a key marked done stays done.
func ExampleMemoryStore() {
	ctx := context.Background()
	now := exampleNow
	store := webhook.NewMemoryStore(webhook.MemoryConfig{Capacity: 1000, Now: func() time.Time { return now }})

	first, _ := store.Claim(ctx, "order-1", time.Minute)
	second, _ := store.Claim(ctx, "order-1", time.Minute)
	fmt.Println("first:", first.State, "second:", second.State)

	now = now.Add(2 * time.Minute) // the first claimant crashed; its lease ended
	third, _ := store.Claim(ctx, "order-1", time.Minute)
	fmt.Println("after the lease:", third.State)
	fmt.Println("late Done by the first:", errors.Is(store.Done(ctx, "order-1", first.Token), webhook.ErrLeaseLost))

	fmt.Println("Done by the third:", store.Done(ctx, "order-1", third.Token))
	again, _ := store.Claim(ctx, "order-1", time.Minute)
	fmt.Println("again:", again.State, "keys held:", store.Len())
	fmt.Printf("a claim prints its token masked: %v\n", third)
	// Output:
	// first: claimed second: busy
	// after the lease: claimed
	// late Done by the first: true
	// Done by the third: <nil>
	// again: already done keys held: 1
	// a claim prints its token masked: {State:claimed Token:[REDACTED]}
}
