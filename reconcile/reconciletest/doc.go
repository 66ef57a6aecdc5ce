// Package reconciletest seeds reconciliations: a Plan describes a period
// of N payments with chosen discrepancies, SeedPortOne, SeedBootpay and
// SeedCommerce create its gateway side in the sandboxes, Plan.Merchant
// gives the merchant's side to load into your own database, and
// Plan.Expected says what a correct reconciliation reports. Memory is the test double of reconcile.Merchant
// for code without a database.
//
// SeedPortOne's payments go through portonetest's TEST channel: reconcile
// them with reconcile.PortOneGateway.AllowTest set (a test payment
// otherwise reads as no money taken, as it must in production).
package reconciletest
