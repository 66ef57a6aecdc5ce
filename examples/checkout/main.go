// Command checkout is a merchant backend on paykit: the four payment flows of
// Bootpay's and PortOne's guides (Bootpay server confirm, Bootpay client
// confirm, Bootpay Commerce plans, PortOne /payment/complete) with their
// webhooks, on SQLite or PostgreSQL. Package shop holds the server; this
// command only wires it.
//
//	go run ./examples/checkout                       # sandboxes + in-memory SQLite
//	go run ./examples/checkout -db shop.sqlite       # an SQLite file
//	go run ./examples/checkout -db postgres://user@localhost/shop
//
// PAYKIT_DATABASE_URL is the -db default. It always runs on the in-process
// gateway sandboxes (bootpaytest, portonetest, commercetest): no key and no
// network are needed, and no money moves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/examples/checkout/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "checkout:", err)
		os.Exit(1)
	}
}

// run starts the shop and serves until ctx ends.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("checkout", flag.ContinueOnError)
	dsn := fs.String("db", envOr("PAYKIT_DATABASE_URL", ":memory:"), "SQLite path or postgres:// URL (env PAYKIT_DATABASE_URL)")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	every := fs.Duration("reconcile", 30*time.Second, "reconciler interval")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(out, nil))

	db, err := shop.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := shop.Seed(ctx, db); err != nil {
		return err
	}
	sb, err := shop.NewSandbox(nil, nil)
	if err != nil {
		return err
	}
	defer sb.Close()
	cfg := sb.Config
	cfg.DB, cfg.Log = db, log
	srv, err := shop.New(cfg)
	if err != nil {
		return err
	}
	ticker := time.NewTicker(*every)
	defer ticker.Stop()
	go srv.RunReconciler(ctx, ticker.C)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	pages, err := web.Handler(web.Config{API: srv.Handler(), Sandbox: sb})
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: pages, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
	}()
	fmt.Fprintf(out, "checkout: open http://%s/ (database: %s; gateways: sandboxes at %s, %s, %s)\n",
		ln.Addr(), db.Dialect(), sb.Bootpay.URL(), sb.PortOne.URL(), sb.Commerce.URL())
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
