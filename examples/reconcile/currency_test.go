package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// A PortOne payment in USD against the SQLite table's order of the same
// number (the table has no currency: won) is reported as currency_differs,
// with both currencies in the CSV's last two columns, the earlier columns
// in their places, and a line in the summary; the KRW payment beside it is
// not reported.
func TestCommandReportsAPaymentInAnotherCurrency(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)
	period := reconcile.Period{From: at.Add(-time.Hour), Until: at.Add(time.Hour)}
	srv := portonetest.NewServer()
	t.Cleanup(srv.Close)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cur-usd", Total: 10000, Currency: portone.CurrencyUSD, RequestedAt: at})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cur-krw", Total: 10000, RequestedAt: at})
	c, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	db, err := sqlitedb.Open(ctx, ":memory:", schema)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	orders := []reconcile.Record{
		{Key: "cur-usd", Amount: 10000, Status: reconcile.StatusPaid, At: at},
		{Key: "cur-krw", Amount: 10000, Status: reconcile.StatusPaid, At: at},
	}
	_, err = loadOrders(ctx, db, slices.Values(orders))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "report.csv")
	var out bytes.Buffer

	sum, err := run(ctx, config{gateway: "portone", csvPath: path, period: period, batchSize: 10}, sandboxPortOne(c), db, &out, false)

	require.NoError(t, err)
	require.Equal(t, map[reconcile.Kind]int{reconcile.CurrencyDiffers: 1}, sum.ByKind)
	_, rows := readReport(t, path)
	require.Len(t, rows, 1)
	row := rows["cur-usd"]
	require.Equal(t, "currency_differs", row[0])
	require.Equal(t, []string{"paid", "10000", "paid", "10000"}, []string{row[2], row[4], row[6], row[8]})
	require.Equal(t, []string{"USD", "KRW"}, row[len(row)-2:])
	require.Contains(t, out.String(), "currency_differs     1")
}

// A side without a record leaves its currency column empty; a record
// naming no currency reads KRW.
func TestCSVRowCurrencyColumns(t *testing.T) {
	g := &reconcile.Record{Key: "k", Amount: 1, Status: reconcile.StatusPaid, SourceStatus: "PAID"}
	row := csvRow(reconcile.Discrepancy{Kind: reconcile.MissingAtMerchant, Key: "k", Gateway: g})
	require.Len(t, row, len(csvHeader))
	require.Equal(t, []string{"gateway_currency", "merchant_currency"}, csvHeader[len(csvHeader)-2:])
	require.Equal(t, []string{"KRW", ""}, row[len(row)-2:])
}
