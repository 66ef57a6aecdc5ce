package reconciletest_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// Seed a period of 30 payments with one discrepancy of each kind into the
// PortOne sandbox and into a Memory (your database's stand-in), reconcile
// it, and check that the run found exactly what the plan seeded. The run
// yields in its own order (the gateway's stream, then the merchant's
// leftovers); sorted by key it is the plan's Expected.
func Example() {
	plan := reconciletest.Plan{N: 30, Prefix: "pay-", Drift: map[reconcile.Kind]int{}}
	for _, k := range reconciletest.Kinds {
		plan.Drift[k] = 1
	}
	srv := portonetest.NewServer()
	defer srv.Close()
	fmt.Println("payments seeded:", reconciletest.SeedPortOne(srv, plan))
	merchant := reconciletest.NewMemory(plan.Merchant())

	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	gateway := reconcile.PortOne(client)
	gateway.AllowTest = true // the sandbox's channel is a TEST channel; never set it in production

	var found []reconcile.Discrepancy
	for d, err := range reconcile.Run(context.Background(), gateway, merchant, plan.Period(), reconcile.Options{BatchSize: 10}) {
		if err != nil {
			log.Fatal(err)
		}
		found = append(found, d)
	}
	slices.SortFunc(found, func(a, b reconcile.Discrepancy) int { return strings.Compare(a.Key, b.Key) })
	var got []reconciletest.Expectation
	for _, d := range found {
		fmt.Println(d)
		got = append(got, reconciletest.Expectation{Key: d.Key, Kind: d.Kind})
	}
	fmt.Println("as planned:", slices.Equal(got, plan.Expected()))
	calls, largest := merchant.FindCalls()
	fmt.Println("Find calls:", calls, "largest batch:", largest)
	// Output:
	// payments seeded: 28
	// missing_at_merchant pay-0000000: gateway PAID 1000, no merchant record
	// missing_at_gateway pay-0000006: merchant paid 1600, no gateway payment
	// amount_differs pay-0000012: gateway 2200, merchant 2300
	// status_differs pay-0000018: gateway failed (FAILED), merchant paid (paid)
	// cancelled_differs pay-0000024: gateway 3400, merchant 0
	// as planned: true
	// Find calls: 3 largest batch: 10
}

// A Plan is computed from its fields alone: each record's two sides and
// the discrepancy it was seeded with, the same in every process.
func ExamplePlan_Pairs() {
	plan := reconciletest.Plan{N: 12, Drift: map[reconcile.Kind]int{reconcile.AmountDiffers: 1, reconcile.MissingAtGateway: 1}}
	side := func(r *reconcile.Record) string {
		if r == nil {
			return "-"
		}
		return fmt.Sprintf("%s %d", r.Status, r.Amount)
	}
	for p := range plan.Pairs() {
		key := ""
		if p.Gateway != nil {
			key = p.Gateway.Key
		} else if p.Merchant != nil {
			key = p.Merchant.Key
		}
		drift := "no drift"
		if p.Drift != "" {
			drift = string(p.Drift)
		}
		fmt.Printf("%s %-18s gateway %s, merchant %s\n", key, drift, side(p.Gateway), side(p.Merchant))
	}
	fmt.Println("period:", plan.Period().From.Format(time.RFC3339), "to", plan.Period().Until.Format(time.RFC3339))
	// Output:
	// seed-0000000 missing_at_gateway gateway -, merchant paid 1000
	// seed-0000001 no drift           gateway paid 1100, merchant paid 1100
	// seed-0000002 no drift           gateway paid 1200, merchant paid 1200
	// seed-0000003 no drift           gateway partially_cancelled 1300, merchant partially_cancelled 1300
	// seed-0000004 no drift           gateway paid 1400, merchant paid 1400
	// seed-0000005 no drift           gateway paid 1500, merchant paid 1500
	// seed-0000006 amount_differs     gateway paid 1600, merchant paid 1700
	// seed-0000007 no drift           gateway cancelled 1700, merchant cancelled 1700
	// seed-0000008 no drift           gateway paid 1800, merchant paid 1800
	// seed-0000009 no drift           gateway pending 1900, merchant pending 1900
	// seed-0000010 no drift           gateway paid 2000, merchant paid 2000
	// seed-0000011 no drift           gateway failed 2100, merchant -
	// period: 2026-03-01T00:00:00Z to 2026-03-01T00:00:12Z
}

// Memory stands in for your database in tests: Find answers a batch of the
// gateway's keys and remembers them, Unmatched streams the period's other
// records in key order, and FindCalls says how the run used it.
func ExampleNewMemory() {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	merchant := reconciletest.NewMemory(slices.Values([]reconcile.Record{
		{Key: "pay-1", Amount: 1000, Status: reconcile.StatusPaid, At: day.Add(time.Hour)},
		{Key: "pay-2", Amount: 2000, Status: reconcile.StatusPaid, At: day.Add(2 * time.Hour)},
		{Key: "pay-3", Amount: 3000, Status: reconcile.StatusPaid, At: day.AddDate(0, 0, 1)}, // the next day
	}))
	ctx := context.Background()

	records, _ := merchant.Find(ctx, []string{"pay-1", "pay-9"}) // the gateway's batch
	for _, r := range records {
		fmt.Println("found:", r.Key, r.Amount)
	}
	for r, err := range merchant.Unmatched(ctx, reconcile.Period{From: day, Until: day.AddDate(0, 0, 1)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("not seen by the gateway:", r.Key, r.Amount)
	}
	calls, largest := merchant.FindCalls()
	fmt.Println("Find calls:", calls, "largest batch:", largest)
	// Output:
	// found: pay-1 1000
	// not seen by the gateway: pay-2 2000
	// Find calls: 1 largest batch: 2
}
