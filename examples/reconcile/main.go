// Command reconcile reconciles a merchant's SQLite order table with a
// payment gateway for a period (대사) and writes a CSV report and a short
// summary: payments the gateway took that the table does not know, orders
// the table calls paid that the gateway does not have, and amounts,
// statuses or refunds that differ. Nothing is written to the gateway.
//
//	go run ./examples/reconcile                       # PortOne sandbox, seeded, in-memory database
//	go run ./examples/reconcile -gateway commerce -seed 5000 -csv report.csv
//	PORTONE_API_SECRET=… go run ./examples/reconcile -db shop.db -from 2026-02-16 -until 2026-03-02
//
// With the gateway's keys in the environment (PORTONE_API_SECRET;
// BOOTPAY_CLIENT_KEY and BOOTPAY_SECRET_KEY; COMMERCE_CLIENT_KEY and
// COMMERCE_SECRET_KEY) it reads the real API and the merchant's database
// at -db, which must already exist and hold the orders table (the schema
// in merchant.go): it is opened as it is, nothing is created in it, and
// -db, -from and -until are required while -seed is refused. An empty
// table would report every payment of the period missing_at_merchant.
// -db is an SQLite file: a database server's URL (postgres://…) is
// refused, its password masked, and needs a reconcile.Merchant of its own.
//
// Without the keys it starts the gateway's sandbox, seeds -seed payments
// with a few discrepancies of every kind into a throwaway in-memory
// database, and reconciles the seeded period, counting the sandbox's test
// payments as money (reconcile.PortOneGateway.AllowTest,
// BootpayGateway.AllowSandbox); on the real API a test payment never reads
// as money taken. A sandbox run refuses any -db other than ":memory:", so
// that a run whose keys went missing (a misspelt variable, a cron job or
// sudo that drops the environment) never loads the sandbox's orders into
// the shop's database.
//
// A bare date (-from 2026-03-01) is midnight in Korea (KST). Run it daily
// over a trailing window, not just yesterday: a payment is listed under
// the day it was created, and a virtual-account deposit or a refund that
// comes days later is only seen by a run whose period still covers that
// day (see reconcile.Run). The report is written to a temporary file
// beside -csv (beside its target, when -csv is a symbolic link, which
// stays one) and renamed over it, with the previous report's permissions,
// only when the run succeeded; a failed run leaves the previous report as
// it was. A -csv that is no regular file (/dev/stdout, a FIFO) is written
// to directly.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"strings"
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
	fs.StringVar(&cfg.dbPath, "db", inMemory, "the merchant's SQLite database: with a gateway key, an existing file holding the orders table, opened as it is; without one, only \":memory:\" (the sandbox's throwaway)")
	fs.StringVar(&cfg.csvPath, "csv", "reconcile.csv", "where to write the CSV report (replaced only when the run succeeds)")
	fs.StringVar(&from, "from", "", "start of the period: YYYY-MM-DD (midnight KST, Korea's day) or RFC 3339 (sandbox: the seeded period)")
	fs.StringVar(&until, "until", "", "end of the period, exclusive: YYYY-MM-DD (midnight KST) or RFC 3339")
	fs.IntVar(&cfg.seed, "seed", 2000, "sandbox only (no gateway key): payments to seed")
	fs.IntVar(&cfg.batchSize, "batch", reconcile.DefaultBatchSize, "records per merchant query and per round of lookups")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if cfg.period.From, err = parseTime(from); err != nil {
		return fmt.Errorf("-from: %w", err)
	}
	if cfg.period.Until, err = parseTime(until); err != nil {
		return fmt.Errorf("-until: %w", err)
	}
	if isServerURL(cfg.dbPath) {
		return fmt.Errorf("-db %s: %s", shownDB(cfg.dbPath), sqliteOnly)
	}
	keys, known := gatewayKeys[cfg.gateway]
	if !known {
		return fmt.Errorf("unknown gateway %q: portone, commerce or bootpay", cfg.gateway)
	}
	live, err := realGateway(cfg.gateway, getenv)
	if err != nil {
		return err
	}
	if live != nil {
		return runLive(ctx, cfg, live, isSet(fs, "seed"), keys, stdout)
	}
	if cfg.dbPath != inMemory {
		return fmt.Errorf("-db %s: %s not set, so this is a sandbox run, which seeds its own in-memory database and never writes into a named one; "+
			"set the keys to reconcile that database, or drop -db", shownDB(cfg.dbPath), strings.Join(keys, " and "))
	}
	db, err := sqlitedb.Open(ctx, inMemory, schema)
	if err != nil {
		return err
	}
	defer db.Close()
	gw, closeGW, err := gateway(ctx, &cfg, db, stdout)
	if err != nil {
		return err
	}
	defer closeGW()
	_, err = run(ctx, cfg, gw, db, stdout, isTerminal(stdout))
	return err
}

// inMemory is -db's default, the sandbox's throwaway database.
const inMemory = ":memory:"

// gatewayKeys names the environment variables holding each gateway's keys.
var gatewayKeys = map[string][]string{
	"portone":  {"PORTONE_API_SECRET"},
	"commerce": {"COMMERCE_CLIENT_KEY", "COMMERCE_SECRET_KEY"},
	"bootpay":  {"BOOTPAY_CLIENT_KEY", "BOOTPAY_SECRET_KEY"},
}

// runLive reconciles the real gateway gw with the merchant's database.
// What would make the report lie is refused before anything is written or
// read from the gateway: -seed (a sandbox's) and a -db that is not the
// merchant's database, before it is opened; a database that does not
// exist or lacks the orders table (an empty table reports every payment
// missing_at_merchant), which opening it checks and never creates; and a
// missing -from or -until, which a run on the real API must choose.
func runLive(ctx context.Context, cfg config, gw reconcile.Gateway, seed bool, keys []string, stdout io.Writer) error {
	env := strings.Join(keys, " and ")
	switch {
	case seed:
		return fmt.Errorf("-seed seeds a sandbox, but %s is set and this run reads the real gateway: drop -seed", env)
	case cfg.dbPath == "" || cfg.dbPath == inMemory:
		return fmt.Errorf("%s is set and this run reads the real gateway: -db must name the merchant's existing SQLite database "+
			"(an empty one would report every payment missing_at_merchant)", env)
	}
	db, err := openMerchantDB(ctx, cfg.dbPath)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == cfg.dbPath {
			err = pe.Err // -db is quoted once, below, and masked
		}
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("-db %s: %w (%s)", shownDB(cfg.dbPath), err, sqliteOnly)
		}
		return fmt.Errorf("-db %s: %w", shownDB(cfg.dbPath), err)
	}
	defer db.Close()
	if cfg.period.From.IsZero() || cfg.period.Until.IsZero() {
		return errors.New("-from and -until are required on the real gateway")
	}
	_, err = run(ctx, cfg, gw, db, stdout, isTerminal(stdout))
	return err
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// seoul is Korea Standard Time (no daylight saving), the zone of a bare
// date.
var seoul = time.FixedZone("KST", 9*60*60)

// parseTime reads -from or -until: a bare date is midnight in Korea (a
// Korean shop's day), an RFC 3339 time keeps its own offset.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, seoul); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (YYYY-MM-DD, midnight KST) nor an RFC 3339 time", s)
	}
	return t, nil
}

// sqliteOnly is what a -db that is no SQLite file is told.
const sqliteOnly = "-db takes an SQLite file; a PostgreSQL database needs its own reconcile.Merchant"

// isServerURL reports a -db that is a database server's URL
// (postgres://shop:…@db:5432/shop), which this command cannot read.
func isServerURL(db string) bool {
	u, err := url.Parse(db)
	return err == nil && u.Scheme != "" && u.Scheme != "file" && strings.Contains(db, "://")
}

// passwordSetting is a password in a keyword connection string
// ("host=db user=shop password=…") or a URL's query.
var passwordSetting = regexp.MustCompile(`(?i)(password\s*=\s*)('[^']*'|[^\s&]*)`)

// shownDB is -db as a message may quote it (stderr, cron mail, a job's
// log): a connection string's password masked, in a URL's user
// information or as a password= setting.
func shownDB(db string) string {
	if u, err := url.Parse(db); err == nil && u.Scheme != "" && u.User != nil {
		db = u.Redacted()
	}
	return passwordSetting.ReplaceAllString(db, "${1}xxxxx")
}

// gateway returns the sandbox of cfg's gateway seeded with cfg.seed
// payments, whose merchant side is loaded into db (the throwaway
// in-memory database) and whose period fills cfg's when unset.
func gateway(ctx context.Context, cfg *config, db *sql.DB, stdout io.Writer) (reconcile.Gateway, func(), error) {
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

// run reconciles and writes the CSV report and the summary. The report
// goes to a temporary file beside cfg.csvPath, renamed over it only when
// the run succeeded: a failed run leaves the previous report untouched and
// no partial one that could pass for a report.
func run(ctx context.Context, cfg config, gw reconcile.Gateway, db *sql.DB, stdout io.Writer, tty bool) (summary, error) {
	sum := summary{Gateway: cfg.gateway, Period: cfg.period, ByKind: map[reconcile.Kind]int{}}
	merchant, err := newSQLMerchant(ctx, db, cfg.batchSize)
	if err != nil {
		return sum, err
	}
	report, err := createReport(cfg.csvPath)
	if err != nil {
		return sum, err
	}
	defer report.discard()
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
	if err := report.commit(); err != nil {
		return sum, err
	}
	sum.Took = time.Since(start)
	sum.write(stdout, cfg.csvPath)
	return sum, nil
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
