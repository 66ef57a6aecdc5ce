package reconcile_test

import (
	"context"
	"fmt"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// examplePlan is a period of 20 payments with one discrepancy of each kind
// in drift.
func examplePlan(drift ...reconcile.Kind) reconciletest.Plan {
	p := reconciletest.Plan{N: 20, Prefix: "pay-", Drift: map[reconcile.Kind]int{}}
	for _, k := range drift {
		p.Drift[k] = 1
	}
	return p
}

// Reconcile a period of PortOne payments with the merchant's records.
func ExamplePortOne() {
	srv := portonetest.NewServer()
	defer srv.Close()
	plan := examplePlan(reconciletest.Kinds...)
	reconciletest.SeedPortOne(srv, plan)
	merchant := reconciletest.NewMemory(plan.Merchant()) // your database, through reconcile.Merchant

	client, _ := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	gateway := reconcile.PortOne(client)
	gateway.AllowTest = true // the sandbox's channel is a TEST channel; never set it in production
	for d, err := range reconcile.Run(context.Background(), gateway, merchant, plan.Period(), reconcile.Options{}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(d)
	}
	// Output:
	// missing_at_merchant pay-0000000: gateway PAID 1000, no merchant record
	// amount_differs pay-0000008: gateway 1800, merchant 1900
	// status_differs pay-0000012: gateway failed (FAILED), merchant paid (paid)
	// cancelled_differs pay-0000016: gateway 2600, merchant 0
	// missing_at_gateway pay-0000004: merchant paid 1400, no gateway payment
}

// Reconcile a period of Commerce orders with the merchant's records.
func ExampleCommerce() {
	srv := commercetest.NewServer()
	defer srv.Close()
	plan := examplePlan(reconcile.MissingAtMerchant, reconcile.AmountDiffers, reconcile.CancelledDiffers)
	reconciletest.SeedCommerce(srv, plan)
	merchant := reconciletest.NewMemory(plan.Merchant())

	client, _ := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()))
	for d, err := range reconcile.Run(context.Background(), reconcile.Commerce(client), merchant, plan.Period(), reconcile.Options{}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(d)
	}
	// Output:
	// cancelled_differs pay-0000013: gateway 2300, merchant 0
	// amount_differs pay-0000006: gateway 1600, merchant 1700
	// missing_at_merchant pay-0000000: gateway 2/1 1000, no merchant record
}

// Reconcile the merchant's Bootpay payments of a period: Bootpay PG has no
// list, so each of the merchant's receipts is looked up.
func ExampleBootpay() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	plan := examplePlan(reconcile.MissingAtGateway, reconcile.StatusDiffers, reconcile.CancelledDiffers)
	reconciletest.SeedBootpay(srv, plan)
	merchant := reconciletest.NewMemory(plan.Merchant())

	client, _ := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	for d, err := range reconcile.Run(context.Background(), reconcile.Bootpay(client), merchant, plan.Period(), reconcile.Options{}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(d)
	}
	fmt.Println("receipt lookups:", srv.Stats().Requests[bootpaytest.OpReceiptGet]) // one per merchant record
	// Output:
	// missing_at_gateway pay-0000000: merchant paid 1000, no gateway payment
	// status_differs pay-0000006: gateway failed (-2), merchant paid (paid)
	// cancelled_differs pay-0000013: gateway 2300, merchant 0
	// receipt lookups: 19
}
