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
// PAYKIT_DATABASE_URL is the -db default. By default it runs on the
// in-process gateway sandboxes (bootpaytest, portonetest, commercetest) and
// its pages on their browser SDK stand-ins: no key and no network are
// needed, and no money moves. With every gateway key below set it talks to
// the real gateways and its pages load their real browser SDKs; some set and
// others not is an error:
//
//	PAYKIT_BOOTPAY_CLIENT_KEY, PAYKIT_BOOTPAY_SECRET_KEY
//	PAYKIT_PORTONE_STORE_ID, PAYKIT_PORTONE_CHANNEL_KEY, PAYKIT_PORTONE_API_SECRET
//	PAYKIT_COMMERCE_CLIENT_KEY, PAYKIT_COMMERCE_SECRET_KEY
//	PAYKIT_PORTONE_WEBHOOK_SECRET (optional: enables POST /webhooks/portone)
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

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/examples/checkout/web"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/webhook"
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
	cfg, pagesCfg, closeGateways, err := gateways(os.Getenv)
	if err != nil {
		return err
	}
	defer closeGateways()
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
	pagesCfg.API = srv.Handler()
	pages, err := web.Handler(pagesCfg)
	if err != nil {
		return err
	}
	hs := httpServer(pages)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
	}()
	gw := "the real gateways (PAYKIT_* keys)"
	if sb := pagesCfg.Sandbox; sb != nil {
		gw = fmt.Sprintf("sandboxes at %s, %s, %s", sb.Bootpay.URL(), sb.PortOne.URL(), sb.Commerce.URL())
	}
	fmt.Fprintf(out, "checkout: open http://%s/ (database: %s; gateways: %s)\n", ln.Addr(), db.Dialect(), gw)
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// gatewayAttempt is the gateway clients' default per-attempt timeout
// (bootpay.WithTimeout, portone.WithTimeout: 60 s, PortOne's advice, as
// PGs can be slow), which gateways leaves as it is.
const gatewayAttempt = 60 * time.Second

// slowestGatewayCall is the longest one gateway call of the shop's
// clients may take: every attempt its full timeout, and the longest
// back-off between them (the default retry policy's), about 3.3 minutes.
func slowestGatewayCall() time.Duration {
	p := portone.DefaultRetryPolicy()
	return time.Duration(p.MaxRetries+1)*gatewayAttempt + time.Duration(p.MaxRetries)*max(p.MaxDelay, p.MaxRetryAfter)
}

// httpServer serves h with timeouts, so that no client holds a connection
// (and its goroutine) for ever:
//
//   - ReadHeaderTimeout and ReadTimeout bound how long a client may take to
//     send its request: the shop's bodies are small (8 KiB for the pages'
//     JSON, a webhook's a few), so a client slower than that is holding a
//     connection open (slowloris), not sending a payment.
//   - WriteTimeout bounds the handler's run and its answer, counted from the
//     request's headers. It must outlast what a handler waits for, or the
//     client loses an answer the shop has: a confirm or a completion runs
//     detached for up to shop.DefaultConfirmTimeout (90 s) while the
//     buyer's request waits; a webhook handler waits for its lookup at the
//     gateway (a read on the request's own context, bounded only by the
//     client's timeout and retries: up to slowestGatewayCall, in practice a
//     second) and then for its callback, whose gateway calls the shop
//     bounds as a whole at half the webhook lease or ConfirmTimeout,
//     whichever is shorter (90 s by default; shop.Server's callback). So it
//     is the longer of a confirm and one gateway read run to its last
//     retry, with a margin for the database. A webhook whose lookup ran to
//     its last retry and whose callback then ran its whole 90 s can
//     outlast it; its answer is lost, and the gateway's redelivery finds
//     the event's key done. (http.TimeoutHandler does not
//     fit: the payment steps run detached, and answering 503 while a
//     confirm goes on would only send the buyer polling sooner.) Cutting it
//     short would not move money twice — a confirm left confirming is
//     settled by the reconciler, a webhook unanswered is delivered again
//     and processed once — but the buyer would see an error for a payment
//     that went through.
//   - IdleTimeout closes a keep-alive connection left idle.
func httpServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      max(shop.DefaultConfirmTimeout, slowestGatewayCall()) + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
	}
}

// gateways returns the shop's gateways and the pages' configuration: the
// in-process sandboxes with the browser SDK stand-ins, or — when every key
// below is set — the real gateways, whose pages load the gateways' real
// browser SDKs (UNTESTED here: that needs real keys and the network).
//
//	PAYKIT_BOOTPAY_CLIENT_KEY, PAYKIT_BOOTPAY_SECRET_KEY     Bootpay PG (the client key is also the page's)
//	PAYKIT_PORTONE_STORE_ID, PAYKIT_PORTONE_CHANNEL_KEY     PortOne's browser side
//	PAYKIT_PORTONE_API_SECRET                              PortOne's V2 API secret
//	PAYKIT_COMMERCE_CLIENT_KEY, PAYKIT_COMMERCE_SECRET_KEY  Bootpay Commerce
//	PAYKIT_PORTONE_WEBHOOK_SECRET                          optional: enables POST /webhooks/portone
//	PAYKIT_SESSION_KEY                                     the session cookies' key, at least 32 bytes:
//	                                                       required with real keys, so every instance
//	                                                       (and a restarted one) reads the same sessions
//
// Some set and others not is an error, never a half-real shop.
func gateways(getenv func(string) string) (shop.Config, web.Config, func(), error) {
	names := []string{"PAYKIT_BOOTPAY_CLIENT_KEY", "PAYKIT_BOOTPAY_SECRET_KEY", "PAYKIT_PORTONE_STORE_ID",
		"PAYKIT_PORTONE_CHANNEL_KEY", "PAYKIT_PORTONE_API_SECRET", "PAYKIT_COMMERCE_CLIENT_KEY", "PAYKIT_COMMERCE_SECRET_KEY"}
	v, set := map[string]string{}, 0
	for _, n := range names {
		if v[n] = getenv(n); v[n] != "" {
			set++
		}
	}
	if set == 0 {
		sb, err := shop.NewSandbox(nil, nil)
		if err != nil {
			return shop.Config{}, web.Config{}, nil, err
		}
		return sb.Config, web.Config{Sandbox: sb}, sb.Close, nil
	}
	if set != len(names) {
		return shop.Config{}, web.Config{}, nil, fmt.Errorf("set all of %v for the real gateways, or none for the sandboxes", names)
	}
	var cfg shop.Config
	var err error
	if cfg.Bootpay, err = bootpay.NewClient(bootpay.BasicAuth(v["PAYKIT_BOOTPAY_CLIENT_KEY"], v["PAYKIT_BOOTPAY_SECRET_KEY"])); err != nil {
		return cfg, web.Config{}, nil, err
	}
	if cfg.PortOne, err = portone.NewClient(v["PAYKIT_PORTONE_API_SECRET"]); err != nil {
		return cfg, web.Config{}, nil, err
	}
	if cfg.Commerce, err = commerce.NewClient(v["PAYKIT_COMMERCE_CLIENT_KEY"], v["PAYKIT_COMMERCE_SECRET_KEY"]); err != nil {
		return cfg, web.Config{}, nil, err
	}
	if secret := getenv("PAYKIT_PORTONE_WEBHOOK_SECRET"); secret != "" {
		if cfg.PortOneWebhooks, err = webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{secret}}); err != nil {
			return cfg, web.Config{}, nil, err
		}
	}
	if cfg.SessionKey = []byte(getenv("PAYKIT_SESSION_KEY")); len(cfg.SessionKey) < 32 {
		return cfg, web.Config{}, nil, errors.New("set PAYKIT_SESSION_KEY (at least 32 bytes) with the real gateways, so that every instance reads the same sessions")
	}
	keys := web.Keys{BootpayClientKey: v["PAYKIT_BOOTPAY_CLIENT_KEY"], PortOneStoreID: v["PAYKIT_PORTONE_STORE_ID"],
		PortOneChannelKey: v["PAYKIT_PORTONE_CHANNEL_KEY"], CommerceClientKey: v["PAYKIT_COMMERCE_CLIENT_KEY"]}
	return cfg, web.Config{Keys: keys}, func() {}, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
