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
