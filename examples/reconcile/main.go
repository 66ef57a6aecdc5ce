// Command reconcile reconciles a merchant's SQLite order table with a
// payment gateway for a period (대사) and writes a CSV report and a short
// summary: payments the gateway took that the table does not know, orders
// the table calls paid that the gateway does not have, and amounts,
// statuses or refunds that differ. Nothing is written to the gateway.
//
//	go run ./examples/reconcile                       # PortOne sandbox, seeded, in-memory database
//	go run ./examples/reconcile -gateway commerce -seed 5000 -csv report.csv
//	PORTONE_API_SECRET=… go run ./examples/reconcile -db shop.db -from 2026-03-01 -until 2026-03-02
//
// With the gateway's keys in the environment (PORTONE_API_SECRET;
// BOOTPAY_CLIENT_KEY and BOOTPAY_SECRET_KEY; COMMERCE_CLIENT_KEY and
// COMMERCE_SECRET_KEY) it reads the real API and the database at -db,
// whose orders table is the schema in merchant.go. Without them it starts
// the gateway's sandbox, seeds -seed payments with a few discrepancies of
// every kind, loads the merchant's side into the database, and reconciles
// the seeded period, counting the sandbox's test payments as money
// (reconcile.PortOneGateway.AllowTest, BootpayGateway.AllowSandbox); on
// the real API a test payment never reads as money taken.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

func main() {
	if err := cli(context.Background(), os.Args[1:], os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "reconcile:", err)
		os.Exit(1)
	}
}

// config is what one run needs.
type config struct {
	gateway   string // portone, commerce or bootpay
	dbPath    string
	csvPath   string
	period    reconcile.Period
	seed      int
	batchSize int
}

func cli(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	var cfg config
	var from, until string
	fs.StringVar(&cfg.gateway, "gateway", "portone", "portone, commerce or bootpay")
	fs.StringVar(&cfg.dbPath, "db", ":memory:", "the merchant's SQLite database")
	fs.StringVar(&cfg.csvPath, "csv", "reconcile.csv", "where to write the CSV report")
	fs.StringVar(&from, "from", "", "start of the period, YYYY-MM-DD or RFC 3339 (sandbox: the seeded period)")
	fs.StringVar(&until, "until", "", "end of the period, exclusive")
	fs.IntVar(&cfg.seed, "seed", 2000, "sandbox only: payments to seed")
	fs.IntVar(&cfg.batchSize, "batch", reconcile.DefaultBatchSize, "records per merchant query and per round of lookups")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if cfg.period.From, err = parseTime(from); err != nil {
		return err
	}
	if cfg.period.Until, err = parseTime(until); err != nil {
		return err
	}
	db, err := sqlitedb.Open(ctx, cfg.dbPath, schema)
	if err != nil {
		return err
	}
	defer db.Close()
	gw, closeGW, err := gateway(ctx, &cfg, db, getenv, stdout)
	if err != nil {
		return err
	}
	defer closeGW()
	_, err = run(ctx, cfg, gw, db, stdout, isTerminal(stdout))
	return err
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// gateway returns the gateway of cfg: the real API when its keys are set,
// else its sandbox seeded with cfg.seed payments, whose merchant side is
// loaded into db and whose period fills cfg's when unset.
func gateway(ctx context.Context, cfg *config, db *sql.DB, getenv func(string) string, stdout io.Writer) (reconcile.Gateway, func(), error) {
	if g, err := realGateway(cfg.gateway, getenv); g != nil || err != nil {
		return g, func() {}, err
	}
	plan := seedPlan(cfg.gateway, cfg.seed)
	var gw reconcile.Gateway
	var closeFn func()
	var err error
	switch cfg.gateway {
	case "portone":
		srv := portonetest.NewServer()
		reconciletest.SeedPortOne(srv, plan)
		var c *portone.Client
		c, err = portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
		gw, closeFn = sandboxPortOne(c), srv.Close
	case "commerce":
		srv := commercetest.NewServer()
		reconciletest.SeedCommerce(srv, plan)
		var c *commerce.Client
		c, err = commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()))
		gw, closeFn = reconcile.Commerce(c), srv.Close
	case "bootpay":
		srv := bootpaytest.NewServer()
		reconciletest.SeedBootpay(srv, plan)
		var c *bootpay.Client
		c, err = bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
		g := reconcile.Bootpay(c)
		g.AllowSandbox = true // a sandbox run counts test-mode receipts as money
		gw, closeFn = g, srv.Close
	default:
		return nil, func() {}, fmt.Errorf("unknown gateway %q: portone, commerce or bootpay", cfg.gateway)
	}
	if err != nil { // the sandbox is up: the caller closes it
		return nil, closeFn, err
	}
	n, err := loadOrders(ctx, db, plan.Merchant())
	if err != nil {
		closeFn()
		return nil, func() {}, err
	}
	fmt.Fprintf(stdout, "sandbox: %s seeded with %d payments, %d orders loaded, %d discrepancies planted\n",
		cfg.gateway, cfg.seed, n, len(plan.Expected()))
	if cfg.period.From.IsZero() && cfg.period.Until.IsZero() {
		cfg.period = plan.Period()
	}
	return gw, closeFn, nil
}

// sandboxPortOne is the PortOne side over portonetest: its only channel
// is a TEST channel, so the run opts in to test payments, which a run on
// the real API never does.
func sandboxPortOne(c *portone.Client) *reconcile.PortOneGateway {
	g := reconcile.PortOne(c)
	g.AllowTest = true
	return g
}

// seedPlan is the sandbox's seeded period for gateway: n payments, three
// discrepancies of each kind (none missing at the merchant on Bootpay PG,
// which has no list to show it).
func seedPlan(gateway string, n int) reconciletest.Plan {
	plan := reconciletest.Plan{N: n, Prefix: gateway + "-", Drift: map[reconcile.Kind]int{}}
	for _, k := range reconciletest.Kinds {
		plan.Drift[k] = min(3, n/len(reconciletest.Kinds))
	}
	if gateway == "bootpay" {
		delete(plan.Drift, reconcile.MissingAtMerchant)
	}
	return plan
}

// realGateway is the gateway on the real API when its keys are in the
// environment, else nil.
func realGateway(name string, getenv func(string) string) (reconcile.Gateway, error) {
	switch name {
	case "portone":
		if s := getenv("PORTONE_API_SECRET"); s != "" {
			c, err := portone.NewClient(s)
			return reconcile.PortOne(c), err
		}
	case "commerce":
		if k, s := getenv("COMMERCE_CLIENT_KEY"), getenv("COMMERCE_SECRET_KEY"); k != "" && s != "" {
			c, err := commerce.NewClient(k, s)
			return reconcile.Commerce(c), err
		}
	case "bootpay":
		if k, s := getenv("BOOTPAY_CLIENT_KEY"), getenv("BOOTPAY_SECRET_KEY"); k != "" && s != "" {
			c, err := bootpay.NewClient(bootpay.BasicAuth(k, s))
			return reconcile.Bootpay(c), err
		}
	}
	return nil, nil
}

// run reconciles and writes the CSV report and the summary.
func run(ctx context.Context, cfg config, gw reconcile.Gateway, db *sql.DB, stdout io.Writer, tty bool) (summary, error) {
	sum := summary{Gateway: cfg.gateway, Period: cfg.period, ByKind: map[reconcile.Kind]int{}}
	merchant, err := newSQLMerchant(ctx, db, cfg.batchSize)
	if err != nil {
		return sum, err
	}
	f, err := os.Create(cfg.csvPath)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	report, err := newCSV(f)
	if err != nil {
		return sum, err
	}
	progress := newProgressPrinter(stdout, tty)
	start := time.Now()
	opts := reconcile.Options{BatchSize: cfg.batchSize, Progress: func(p reconcile.Progress) {
		sum.Progress = p
		progress.update(p)
	}}
	for d, err := range reconcile.Run(ctx, gw, merchant, cfg.period, opts) {
		if err != nil {
			return sum, err
		}
		sum.ByKind[d.Kind]++
		if err := report.Write(csvRow(d)); err != nil {
			return sum, err
		}
	}
	report.Flush()
	if err := report.Error(); err != nil {
		return sum, err
	}
	sum.Took = time.Since(start)
	sum.write(stdout, cfg.csvPath)
	return sum, f.Close()
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
