// Command quickstart walks through a separately confirmed Bootpay payment
// (분리 승인) from the merchant server's side, end to end, against an
// in-process Bootpay sandbox: the order is created, the buyer
// authenticates (the receipt waits in status 2), the server verifies and
// confirms it, shows it, cancels part of it, and shows it again.
//
//	go run ./quickstart
//
// With BOOTPAY_CLIENT_KEY and BOOTPAY_SECRET_KEY (or the legacy
// BOOTPAY_APPLICATION_ID and BOOTPAY_PRIVATE_KEY) set, it instead looks up
// the receipt named by BOOTPAY_RECEIPT_ID (or the first argument) on the
// real API; set BOOTPAY_ENV to development, stage or test for those hosts.
// Only one variable of a pair, or variables of both pairs, is an error
// naming the variable to fix; the sandbox runs only when none is set.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is main without the process: it writes to out and reads settings
// through getenv, so a test can drive it.
func run(ctx context.Context, out io.Writer, getenv func(string) string, args []string) error {
	auth, ok, err := authFromEnv(getenv)
	if err != nil {
		return err
	}
	if ok {
		receiptID := getenv("BOOTPAY_RECEIPT_ID")
		if len(args) > 0 {
			receiptID = args[0]
		}
		return lookupLive(ctx, out, auth, bootpay.Environment(getenv("BOOTPAY_ENV")), receiptID)
	}
	return walkthrough(ctx, out)
}

// The environment variables that hold Bootpay credentials: the recommended
// client key / secret key pair, or the legacy application id / private key
// pair.
const (
	envClientKey     = "BOOTPAY_CLIENT_KEY"
	envSecretKey     = "BOOTPAY_SECRET_KEY"
	envApplicationID = "BOOTPAY_APPLICATION_ID"
	envPrivateKey    = "BOOTPAY_PRIVATE_KEY"
)

// authFromEnv picks the credentials from the environment. No credential
// variable at all means the sandbox walkthrough (ok is false). One pair
// complete means that pair. Anything else is an error naming what to fix:
// half a pair would otherwise silently run the sandbox while the user
// believes the real API is being called, and two pairs at once leave it
// unclear which keys are meant.
func authFromEnv(getenv func(string) string) (auth bootpay.Auth, ok bool, err error) {
	ck, sk := getenv(envClientKey), getenv(envSecretKey)
	app, pk := getenv(envApplicationID), getenv(envPrivateKey)
	basic, legacy := ck != "" || sk != "", app != "" || pk != ""
	switch {
	case basic && legacy:
		return bootpay.Auth{}, false, fmt.Errorf("set either %s and %s or the legacy %s and %s, not both",
			envClientKey, envSecretKey, envApplicationID, envPrivateKey)
	case basic:
		if err := needPair(envClientKey, ck, envSecretKey, sk); err != nil {
			return bootpay.Auth{}, false, err
		}
		return bootpay.BasicAuth(ck, sk), true, nil
	case legacy:
		if err := needPair(envApplicationID, app, envPrivateKey, pk); err != nil {
			return bootpay.Auth{}, false, err
		}
		return bootpay.TokenAuth(app, pk), true, nil
	}
	return bootpay.Auth{}, false, nil
}

// needPair names the missing half of a credential pair of which one half
// is set. It never prints a value: the set half may be a secret.
func needPair(nameA, a, nameB, b string) error {
	switch {
	case a == "":
		return fmt.Errorf("%s is set but %s is not: set both to use the real API, or neither to run the sandbox", nameB, nameA)
	case b == "":
		return fmt.Errorf("%s is set but %s is not: set both to use the real API, or neither to run the sandbox", nameA, nameB)
	}
	return nil
}

func lookupLive(ctx context.Context, out io.Writer, auth bootpay.Auth, env bootpay.Environment, receiptID string) error {
	if receiptID == "" {
		return errors.New("set BOOTPAY_RECEIPT_ID (or pass a receipt id) to look one up on the real API")
	}
	opts := []bootpay.Option{}
	if env != "" {
		opts = append(opts, bootpay.WithEnvironment(env))
	}
	client, err := bootpay.NewClient(auth, opts...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "결제 조회 (looking up receipt %s on the real API)\n", receiptID)
	r, err := client.Receipts.Get(ctx, receiptID)
	if err != nil {
		return err
	}
	show(out, r)
	return nil
}

// walkthrough runs the whole flow against an embedded sandbox.
func walkthrough(ctx context.Context, out io.Writer) error {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(
		bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL(srv.URL()),
	)
	if err != nil {
		return err
	}
	say := func(format string, a ...any) { fmt.Fprintf(out, format+"\n", a...) }

	// 1. The merchant creates the order in its own database.
	order := struct {
		ID     string
		Amount int64
	}{ID: "order-20261122-0001", Amount: 50000}
	say("1. 주문 생성 (order created): %s, %d원", order.ID, order.Amount)

	// 2. The buyer pays in the Bootpay window with separately_confirmed:
	// the window stops after authentication and hands the server a
	// receipt id. The sandbox plays that part.
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: order.ID, OrderName: "나이키 운동화 외 2건", Price: order.Amount})
	say("2. 구매자 인증 완료 (buyer authenticated): receipt %s, status 2 승인대기 (awaiting confirm)", rc.ReceiptID)

	// 3. The server checks the receipt against the order and confirms it.
	res, err := client.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{
		ReceiptID: rc.ReceiptID, OrderID: order.ID, Amount: order.Amount, Currency: "KRW", CancelOnMismatch: true,
	})
	if err != nil {
		return fmt.Errorf("confirm: %w", err)
	}
	r := res.Receipt
	say("3. 검증 후 서버 승인 (verified and confirmed): amount and order id match")
	show(out, r)

	// 4. Later, part of the order is returned.
	r, err = client.Receipts.Cancel(ctx, bootpay.CancelParams{
		ReceiptID: r.ReceiptID, Amount: 20000, CancelID: order.ID + "-refund-1", Message: "부분 반품",
	})
	if err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	say("4. 부분취소 (partial cancel) of 20000원")
	show(out, r)
	say("Done: every step ran against the in-process sandbox; set BOOTPAY_CLIENT_KEY and BOOTPAY_SECRET_KEY to look up a real receipt.")
	return nil
}

// show prints a receipt in words a person reads.
func show(out io.Writer, r *bootpay.Receipt) {
	fmt.Fprintf(out, "   receipt %s | order %s | %s\n", r.ReceiptID, r.OrderID, r.OrderName)
	fmt.Fprintf(out, "   status: %s | 결제 금액 (price) %d원 | 취소 금액 (cancelled) %d원 | 잔액 (remaining) %d원\n",
		r.Status, r.Price, r.CancelledPrice, r.Remaining())
	if r.CardData != nil {
		fmt.Fprintf(out, "   card: %s %s, 할부 (installments) %s\n", r.CardData.Company, r.CardData.CardNo, r.CardData.Quota)
	}
	if !r.PurchasedAt.IsZero() {
		fmt.Fprintf(out, "   paid at %s\n", r.PurchasedAt.Format(time.RFC3339))
	}
}
