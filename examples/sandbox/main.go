// Command sandbox serves paykit's three gateway sandboxes as one local
// server, for a frontend developer or a service written in another language:
// Bootpay PG (bootpaytest), Bootpay Commerce (commercetest) and PortOne V2
// (portonetest), each on a fixed local port, plus a small admin API to
// create receipts, payments and orders and to inject faults.
//
//	go run ./examples/sandbox
//	go run ./examples/sandbox -bootpay 127.0.0.1:4101 -portone 127.0.0.1:4102 -commerce 127.0.0.1:4103 -admin 127.0.0.1:4100
//
// On start it prints each base URL and the test keys the sandbox accepts;
// point a client (paykit's, or a gateway's official SDK) at a base URL with
// those keys. Nothing leaves the machine and no money moves. Ctrl-C stops it.
//
// The admin API (JSON over HTTP, on -admin):
//
//	GET    /admin                       base URLs, keys and the admin routes
//	POST   /admin/bootpay/receipts      {"price":15000,"order_id":"order-1"} → a receipt in status 2 (승인대기)
//	GET    /admin/bootpay/receipts/{id} the receipt as the sandbox holds it
//	POST   /admin/portone/payments      {"total":15000,"id":"payment-1"} → a PAID payment
//	POST   /admin/commerce/orders       {"price":15000} → a paid order: {"order_id","order_number"}
//	POST   /admin/{gateway}/faults      {"op":"confirm","kind":"close-after-apply","count":1}
//	DELETE /admin/{gateway}/faults      clears every queued fault
//	GET    /admin/{gateway}/stats       requests received per operation, state changes applied
//
// {gateway} is bootpay, portone or commerce. A fault's op is the sandbox's
// operation name (go doc bootpaytest.Operation, portonetest.Operation,
// commercetest.Operation); its kind is one of status, status-after-apply,
// rate-limit, close-before-read, close-after-apply, delay, truncated-body.
//
// The admin API is the developer's alone, so that a web page open in their
// browser cannot use it: every write (POST, DELETE) must be sent with
// Content-Type: application/json (curl -H 'Content-Type: application/json'),
// a request whose Origin is not a loopback page is refused, and only a
// loopback Host (localhost, 127.0.0.1, [::1]) or the -admin address is
// served. A page the developer serves on a loopback origin (a dev server on
// http://localhost:5173, say) may use it from the browser: for loopback
// Origins only, the CORS preflight is answered and every answer carries
// Access-Control-Allow-Origin. Binding any address beyond loopback prints a
// warning on stderr.
//
// node/run.sh runs the gateways' official Node.js SDKs (@bootpay/backend-js
// for Bootpay PG and Commerce, @portone/server-sdk), unmodified, against it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Default addresses: loopback only, so the sandboxes are never reachable from
// another machine unless a flag says so.
const (
	defaultAdminAddr    = "127.0.0.1:4100"
	defaultBootpayAddr  = "127.0.0.1:4101"
	defaultPortOneAddr  = "127.0.0.1:4102"
	defaultCommerceAddr = "127.0.0.1:4103"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(2)
	}
}

// run parses args, starts the sandboxes, prints where they are (and on
// errOut a warning when one listens beyond loopback) and serves until ctx
// ends. ready, when not nil, is called with the running servers once the
// banner is printed (tests use it).
func run(ctx context.Context, args []string, out, errOut io.Writer, ready func(*servers)) error {
	addrs, err := parseFlags(args, out)
	if err != nil {
		return err
	}
	s, err := start(addrs)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprint(errOut, s.warning)
	s.printBanner(out)
	if ready != nil {
		ready(s)
	}
	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	return nil
}

func parseFlags(args []string, out io.Writer) (addresses, error) {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(out)
	var a addresses
	fs.StringVar(&a.admin, "admin", defaultAdminAddr, "address of the admin API")
	fs.StringVar(&a.bootpay, "bootpay", defaultBootpayAddr, "address of the Bootpay PG sandbox (base URL http://ADDR/v2)")
	fs.StringVar(&a.portone, "portone", defaultPortOneAddr, "address of the PortOne V2 sandbox (base URL http://ADDR)")
	fs.StringVar(&a.commerce, "commerce", defaultCommerceAddr, "address of the Bootpay Commerce sandbox (base URL http://ADDR/v1)")
	if err := fs.Parse(args); err != nil {
		return addresses{}, err
	}
	if fs.NArg() > 0 {
		return addresses{}, fmt.Errorf("unexpected argument %q (flags only; -h lists them)", fs.Arg(0))
	}
	return a, nil
}
