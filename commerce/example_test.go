package commerce_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// Verify a Commerce checkout before fulfilling it (seed 001): the server
// creates the invoice with its own price, the buyer's checkout pays it,
// and the redirect's order_number is verified against the database.
func ExampleOrdersService_Verify() {
	srv := commercetest.NewServer()
	defer srv.Close()
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	inv, err := client.Invoices.Create(ctx, commerce.InvoiceCreateParams{
		Name: "Professional 플랜", Price: 27000, OriginalPrice: 29900,
		Metadata: map[string]any{"order_id": "merchant-42"},
	})
	if err != nil {
		panic(err)
	}
	ref := srv.CompleteCheckout(inv.InvoiceID, commercetest.CheckoutSpec{}) // the buyer pays

	order, err := client.Orders.Verify(ctx, commerce.VerifyParams{
		OrderNumber: ref.OrderNumber, Amount: 27000, MerchantOrderID: "merchant-42",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(order.Price, order.Status, order.Card())
	// Output: 27000 paid (결제완료) ************1074
}

// A tampered checkout is refunded once, and the MismatchError names why.
func ExampleMismatchError() {
	srv := commercetest.NewServer()
	defer srv.Close()
	client, _ := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": "merchant-42"}})

	_, err := client.Orders.Verify(context.Background(), commerce.VerifyParams{
		OrderNumber: ref.OrderNumber, Amount: 27000, MerchantOrderID: "merchant-42", CancelOnMismatch: true,
	})
	var mismatch *commerce.MismatchError
	if errors.As(err, &mismatch) {
		fmt.Println(mismatch.Has("price"), mismatch.Cancellation != nil, srv.Stats().CancellationsApplied)
	}
	// Output: true true 1
}

// Walk every paid order, page by page; breaking out stops the requests.
func ExampleOrdersService_All() {
	srv := commercetest.NewServer()
	defer srv.Close()
	client, _ := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	for range 5 {
		srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
	}
	total := int64(0)
	for o, err := range client.Orders.All(context.Background(), commerce.OrderListParams{
		ListPage: commerce.ListPage{Limit: 2}, Statuses: []commerce.OrderStatus{commerce.OrderPaid},
	}) {
		if err != nil {
			panic(err)
		}
		total += o.Price.Int64()
	}
	fmt.Println(total, srv.Stats().Requests[commercetest.OpOrderList])
	// Output: 5000 3
}

// Charge a subscription on demand (수동 결제), once per intended charge: each
// carries your own order id in Metadata["order_id"]. When a charge's outcome
// is unknown (here Commerce charged and the reply was lost), never charge
// again: find the order carrying that order id first.
func ExampleSubscriptionsService_Charge() {
	srv := commercetest.NewServer()
	defer srv.Close()
	client, _ := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	ctx := context.Background()
	contract := srv.CreateSubscription(commercetest.ContractSpec{Price: 9900})

	charge := func(orderID string) (*commerce.Charge, error) {
		return client.Subscriptions.Charge(ctx, commerce.ChargeParams{
			ChargeKey: contract.ChargeKey, Price: 9900,
			Metadata: map[string]any{"order_id": orderID}, // one id per intended charge, from your database
		})
	}

	ch, err := charge("sub-" + contract.OrderSubscriptionID + "-2025-08")
	if err != nil {
		panic(err)
	}
	fmt.Println("August:", ch.Price, ch.ReceiptStatus)

	srv.Inject(commercetest.OpSubscriptionCharge, commercetest.Faults.CloseAfterApply(), 1) // charged, the reply lost
	september := "sub-" + contract.OrderSubscriptionID + "-2025-09"
	_, err = charge(september)
	var unknown *commerce.OutcomeUnknownError
	if errors.As(err, &unknown) {
		fmt.Println("September: outcome unknown, reference is our order id:", unknown.Reference == september)
		for o, err := range client.Orders.All(ctx, commerce.OrderListParams{}) {
			if err != nil {
				panic(err) // not found either way yet: look again later, still without charging
			}
			if o.Metadata.String("order_id") == september {
				fmt.Println("September: found, charged", o.Price, o.Status)
			}
		}
	}
	fmt.Println("charges applied:", srv.Stats().ChargesApplied)
	// Output:
	// August: 9900 paid (결제완료)
	// September: outcome unknown, reference is our order id: true
	// September: found, charged 9900 paid (결제완료)
	// charges applied: 2
}
