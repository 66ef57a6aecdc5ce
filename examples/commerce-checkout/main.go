package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

func main() {
	fmt.Println("Bootpay Commerce checkout against the in-process sandbox: an honest checkout, then one whose browser paid less than the invoice")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "commerce-checkout:", err)
		os.Exit(1)
	}
}

// run plays two checkouts against a sandbox: an honest one and one whose
// browser paid less than the invoice.
func run(ctx context.Context, out io.Writer) error {
	srv := commercetest.NewServer()
	defer srv.Close()
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	if err != nil {
		return err
	}
	shop := NewShop(client)
	plan := Plan{Name: "Professional 플랜", Price: 29900}

	for _, c := range []struct {
		orderID string
		paid    int64 // what the browser paid; 0 = the invoice's price
	}{{"shop-1001", 0}, {"shop-1002", 100}} {
		invoiceID, err := shop.StartCheckout(ctx, c.orderID, plan, "WELCOME10")
		if err != nil {
			return err
		}
		// The browser pays the invoice and returns with the order number.
		ref := srv.CompleteCheckout(invoiceID, commercetest.CheckoutSpec{Paid: c.paid})
		state, err := shop.CompleteCheckout(ctx, c.orderID, ref.OrderNumber)
		fmt.Fprintf(out, "%s: order %s → %s", c.orderID, ref.OrderNumber, state)
		if err != nil {
			fmt.Fprintf(out, " (%v)", err)
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintf(out, "invoices created: %d, cancellations applied: %d\n", srv.Stats().InvoicesCreated, srv.Stats().CancellationsApplied)
	return nil
}
