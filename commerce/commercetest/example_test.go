package commercetest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// Start the sandbox, sell through it with the commerce client, and read
// what it did: an invoice priced by the server, the buyer's checkout
// (CompleteCheckout stands in for the browser), the order verified against
// your own record, a partial refund, and the sandbox's state and counters.
// A fixed clock (WithClock) keeps the order's times stable.
func Example() {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := commercetest.NewServer(commercetest.WithClock(func() time.Time { return at }))
	defer srv.Close()
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	inv, err := client.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "Professional 플랜", Price: 27000, OrderID: "merchant-42"})
	if err != nil {
		log.Fatal(err)
	}
	ref := srv.CompleteCheckout(inv.InvoiceID, commercetest.CheckoutSpec{}) // the buyer pays the invoice's price

	order, err := client.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 27000, MerchantOrderID: "merchant-42"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verified:", order.Price, order.Status, order.CreatedAt.UTC().Format(time.RFC3339))

	_, err = client.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, CancelID: "refund-merchant-42-1", Price: 7000,
		Message: "부분 환불", Immediately: true,
	})
	if err != nil {
		log.Fatal(err)
	}

	st, _ := srv.Order(ref.OrderNumber)
	fmt.Println("order:", st.Price, "cancelled", st.CancelledPrice, "status", st.Status, "receipt", st.ReceiptStatus)
	stats := srv.Stats()
	fmt.Println("invoices created:", stats.InvoicesCreated, "refunds applied:", stats.CancellationsApplied)
	fmt.Println("order lookups:", stats.Requests[commercetest.OpOrderGet], "refund listings:", stats.Requests[commercetest.OpCancelList])
	// Output:
	// verified: 27000 paid (결제완료) 2026-03-01T12:00:00Z
	// order: 27000 cancelled 7000 status paid (결제완료) receipt paid (결제완료)
	// invoices created: 1 refunds applied: 1
	// order lookups: 1 refund listings: 1
}

// A refund whose answer is lost: the sandbox applies the cancellation and
// closes the connection. The client never sends it again (it may have been
// applied) and says so with ErrOutcomeUnknown; the sandbox's counters show
// one request and one refund, and the cancellation list settles it.
func ExampleServer_Inject() {
	srv := commercetest.NewServer()
	defer srv.Close()
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 10000})
	srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.CloseAfterApply(), 1)

	_, err = client.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, CancelID: "refund-7", Price: 10000, Immediately: true,
	})
	var unknown *commerce.OutcomeUnknownError
	if errors.As(err, &unknown) {
		fmt.Println("outcome unknown:", errors.Is(err, commerce.ErrOutcomeUnknown), "look up:", unknown.IdempotencyKey)
	}
	stats := srv.Stats()
	fmt.Println("cancel requests:", stats.Requests[commercetest.OpCancelRequest], "refunds applied:", stats.CancellationsApplied)

	list, err := client.OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: ref.OrderNumber})
	if err != nil {
		log.Fatal(err)
	}
	refunded, _ := list.Refunded()
	fmt.Println("requests listed:", len(list), "refunded:", refunded)
	st, _ := srv.Order(ref.OrderNumber)
	fmt.Println("order status:", st.Status)
	// Output:
	// outcome unknown: true look up: refund-7
	// cancel requests: 1 refunds applied: 1
	// requests listed: 1 refunded: 10000
	// order status: cancelled (취소완료)
}
