package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/reconcile"
)

// Run yields the zero Discrepancy with every error, and a caller that
// logs the pair before checking the error (or a report line built for a
// Discrepancy of its own whose side is nil) calls String on it: it must
// describe what it has, never dereference a nil side.
func TestDiscrepancyStringWithoutASide(t *testing.T) {
	for _, d := range []reconcile.Discrepancy{
		{},
		{Kind: reconcile.StatusDiffers, Key: "k", Gateway: &reconcile.Record{Key: "k", Status: reconcile.StatusPaid, SourceStatus: "PAID"}},
		{Kind: reconcile.AmountDiffers, Key: "k", Merchant: &reconcile.Record{Key: "k", Amount: 100}},
		{Kind: reconcile.CancelledDiffers, Key: "k", Gateway: &reconcile.Record{Key: "k"}},
		{Kind: reconcile.CurrencyDiffers, Key: "k", Merchant: &reconcile.Record{Key: "k"}},
		{Kind: reconcile.MissingAtMerchant, Key: "k"},
		{Kind: reconcile.MissingAtGateway, Key: "k"},
	} {
		require.NotPanics(t, func() { _ = d.String() }, "%q", d.Kind)
	}
	one := reconcile.Discrepancy{Kind: reconcile.StatusDiffers, Key: "k",
		Gateway: &reconcile.Record{Key: "k", Amount: 100, Status: reconcile.StatusPaid, SourceStatus: "PAID"}}
	require.Equal(t, "status_differs k: gateway paid (PAID) KRW 100, merchant none", one.String())
	require.Equal(t, "no discrepancy", reconcile.Discrepancy{}.String())
}
