package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

func noEnv(string) string { return "" }

// readReport returns the report's (kind, key) pairs ordered by key, and
// its rows by key.
func readReport(t *testing.T, path string) ([]reconciletest.Expectation, map[string][]string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, csvHeader, rows[0])
	var got []reconciletest.Expectation
	byKey := map[string][]string{}
	for _, r := range rows[1:] {
		got = append(got, reconciletest.Expectation{Kind: reconcile.Kind(r[0]), Key: r[1]})
		byKey[r[1]] = r
	}
	slices.SortFunc(got, func(a, b reconciletest.Expectation) int { return strings.Compare(a.Key, b.Key) })
	return got, byKey
}

// On every gateway's sandbox the command reports each planted discrepancy
// once in the CSV, with both sides' values, nothing else, and sums them
// up.
func TestCommandReportsEveryPlantedDiscrepancyOnce(t *testing.T) {
	for _, gw := range []string{"portone", "commerce", "bootpay"} {
		t.Run(gw, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "report.csv")
			var out bytes.Buffer
			err := cli(context.Background(), []string{"-gateway", gw, "-seed", "600", "-csv", path, "-batch", "100"}, &out, noEnv)
			require.NoError(t, err, out.String())

			plan := seedPlan(gw, 600)
			got, rows := readReport(t, path)
			require.Equal(t, plan.Expected(), got)
			for pr := range plan.Pairs() {
				if pr.Drift == reconcile.AmountDiffers {
					row := rows[pr.Gateway.Key]
					require.Equal(t, []string{"paid", "paid"}, []string{row[2], row[6]})
					require.NotEqual(t, row[4], row[8], "both amounts are in the report")
				}
			}
			require.Contains(t, out.String(), "대사 "+gw)
			require.Contains(t, out.String(), "amount_differs       3")
			require.Contains(t, out.String(), "report: "+path)
			require.NotContains(t, out.String(), "\r", "not a terminal: plain lines")
		})
	}
}

// On a terminal the progress line is rewritten in place with \r and ends
// with a newline; elsewhere each update is its own line.
func TestProgressLine(t *testing.T) {
	var tty, plain bytes.Buffer
	clock := time.Unix(0, 0)
	for _, p := range []*progressPrinter{newProgressPrinter(&tty, true), newProgressPrinter(&plain, false)} {
		p.now = func() time.Time { return clock }
		for i := range 3 {
			clock = clock.Add(10 * time.Second)
			p.update(reconcile.Progress{GatewayPayments: i})
		}
		p.update(reconcile.Progress{GatewayPayments: 3, Done: true})
	}
	require.Equal(t, "\rgateway 0 · merchant-only 0 · discrepancies 0\rgateway 1 · merchant-only 0 · discrepancies 0"+
		"\rgateway 2 · merchant-only 0 · discrepancies 0\rgateway 3 · merchant-only 0 · discrepancies 0\n", tty.String())
	require.Equal(t, 4, strings.Count(plain.String(), "\n"))
	require.NotContains(t, plain.String(), "\r")
}

// Bad flags are refused before anything starts.
func TestCommandRefusesAnUnknownGateway(t *testing.T) {
	err := cli(context.Background(), []string{"-gateway", "paypal", "-csv", filepath.Join(t.TempDir(), "r.csv")}, &bytes.Buffer{}, noEnv)
	require.ErrorContains(t, err, "unknown gateway")
}
