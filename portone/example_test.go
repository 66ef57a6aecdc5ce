package portone_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A client authenticated with the V2 API secret from PortOne's console
// (결제연동 탭), or with access tokens obtained from it. Against the real
// API, leave out WithBaseURL. The client never prints its secret.
func ExampleNewClient() {
	srv := portonetest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	printed := fmt.Sprintf("%v %+v %#v", client, client, client)
	fmt.Println("secret printed:", strings.Contains(printed, portonetest.APISecret))

	// WithTokenAuth logs in once and renews the access token before it
	// expires, for every goroutine sharing the client.
	tokens, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()), portone.WithTokenAuth())
	if err != nil {
		log.Fatal(err)
	}
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-0001", Total: 1000})
	for range 3 {
		p, err := tokens.Payments.Get(ctx, "payment-0001")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p.Status, p.Amount.Total)
	}
	fmt.Println("logins:", srv.Stats().TokensIssued)
	// Output:
	// secret printed: false
	// payment-0001 PAID 1000
	// payment-0001 PAID 1000
	// payment-0001 PAID 1000
	// logins: 1
}

// Look payments up (결제 단건 조회) and switch on the status-specific part.
func ExamplePaymentsService_Get() {
	srv := portonetest.NewServer()
	defer srv.Close()
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-1001", Total: 15000, OrderName: "나이키 와플 트레이너 2 SD"})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-1002", Total: 30000, Status: portone.PaymentStatusVirtualAccountIssued,
		Method: &portone.PaymentMethodVirtualAccount{
			Bank: portone.BankShinhan, AccountNumber: "56211234567890", RemitteeName: "(주)페이킷",
			ExpiredAt: time.Date(2026, 11, 25, 23, 59, 59, 0, time.UTC),
		}})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-1003", Total: 5000, Status: portone.PaymentStatusFailed})

	for _, id := range []string{"payment-1001", "payment-1002", "payment-1003"} {
		p, err := client.Payments.Get(ctx, id)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %s %d원: ", p.ID, p.Status, p.Amount.Total) // common fields, no switch
		switch v := p.Variant.(type) {
		case *portone.PaidPayment:
			if card, ok := p.Method.(*portone.PaymentMethodCard); ok && card.Card != nil {
				fmt.Println("paid by", card.Card.Name, card.Card.Number, "for", p.OrderName)
			}
		case *portone.VirtualAccountIssuedPayment:
			va := p.Method.(*portone.PaymentMethodVirtualAccount)
			// The buyer needs the account number: Reveal it (printing masks it).
			fmt.Println("awaiting a deposit to", va.Bank, va.AccountNumber.Reveal(), "until", va.ExpiredAt.Format(time.DateOnly))
		case *portone.FailedPayment:
			fmt.Println("failed:", v.Failure.Reason)
		case *portone.UnknownPayment:
			fmt.Println("a status this SDK does not know yet:", len(v.Raw), "bytes kept")
		default:
			fmt.Println("not completed")
		}
	}

	_, err = client.Payments.Get(ctx, "payment-9999")
	fmt.Println("not found:", errors.Is(err, portone.ErrNotFound))
	// Output:
	// payment-1001 PAID 15000원: paid by KB국민카드 ****-****-****-7890 for 나이키 와플 트레이너 2 SD
	// payment-1002 VIRTUAL_ACCOUNT_ISSUED 30000원: awaiting a deposit to SHINHAN 56211234567890 until 2026-11-25
	// payment-1003 FAILED 5000원: failed: 카드 한도 초과
	// not found: true
}

// The server side of PortOne's payment window (결제 완료 처리): the browser
// sends only a paymentId; the server looks the payment up and compares it
// with its own order before fulfilling anything, as PortOne's
// /payment/complete sample does.
func ExamplePaymentsService_Verify() {
	srv := portonetest.NewServer()
	defer srv.Close()
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// Your database: order-2001 costs 1000 won.
	type order struct {
		ID     string
		Amount int64
	}
	orders := map[string]order{"payment-39ecfa97": {"order-2001", 1000}, "payment-5b1c0d2e": {"order-2002", 1000}, "payment-7a0e3c11": {"order-2003", 1000},
		"payment-8d2f4b60": {"order-2004", 1000}, "payment-9e3a5c71": {"order-2005", 1000}}

	// Three buyers went through PortOne.requestPayment on the live
	// channel; the second changed totalAmount in the browser and paid 100
	// won; the third paid through a test channel (the sandbox's default),
	// which moves no money: Verify refuses it unless AllowTest is set.
	live := &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, PGProvider: portone.PGProviderTosspayments, PGMerchantID: "tosstest"}
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-39ecfa97", Total: 1000, OrderName: "나이키 와플 트레이너 2 SD", Channel: live})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-5b1c0d2e", Total: 100, OrderName: "나이키 와플 트레이너 2 SD", Channel: live})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-7a0e3c11", Total: 1000, OrderName: "나이키 와플 트레이너 2 SD"})
	// Two chose a virtual account (가상계좌): PortOne sent the fourth's
	// account, but the fifth's payment carries no virtual-account method,
	// so VirtualAccount is nil and there is nothing to show yet.
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-8d2f4b60", Total: 1000, Status: portone.PaymentStatusVirtualAccountIssued, Channel: live,
		Method: &portone.PaymentMethodVirtualAccount{Bank: portone.BankShinhan, AccountNumber: "56211234567890", RemitteeName: "(주)페이킷"}})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-9e3a5c71", Total: 1000, Status: portone.PaymentStatusVirtualAccountIssued, Channel: live,
		Method: &portone.PaymentMethodTransfer{Bank: portone.BankShinhan}})

	for _, paymentID := range []string{"payment-39ecfa97", "payment-5b1c0d2e", "payment-7a0e3c11", "payment-8d2f4b60", "payment-9e3a5c71"} {
		o := orders[paymentID]
		v, err := client.Payments.Verify(ctx, portone.VerifyParams{
			PaymentID: paymentID, Amount: o.Amount, Currency: portone.CurrencyKRW, // from your database, never from the browser
		})
		var mismatch *portone.MismatchError
		switch {
		case errors.As(err, &mismatch):
			fmt.Println(o.ID, "not fulfilled:", err)
		case err != nil:
			log.Fatal(err) // not found, network …: answer an error, the webhook comes too
		case v.Outcome == portone.OutcomePaid:
			fmt.Println(o.ID, "paid: fulfil it")
		case v.Outcome == portone.OutcomeAwaitingDeposit && v.VirtualAccount != nil:
			fmt.Println(o.ID, "show the account:", v.VirtualAccount.Bank, v.VirtualAccount.AccountNumber.Reveal())
		case v.Outcome == portone.OutcomeAwaitingDeposit:
			// VirtualAccount is nil: no account to show. Never ship; look
			// the payment up again later, or wait for the deposit webhook.
			fmt.Println(o.ID, "awaiting a deposit, no account yet: look again later")
		default:
			fmt.Println(o.ID, v.Outcome)
		}
	}
	// Output:
	// order-2001 paid: fulfil it
	// order-2002 not fulfilled: portone: payment "payment-5b1c0d2e" does not match the order (위변조 의심): amount.total: expected "1000", got "100"
	// order-2003 not fulfilled: portone: payment "payment-7a0e3c11" does not match the order (위변조 의심): channel.type: expected "LIVE", got "TEST"
	// order-2004 show the account: SHINHAN 56211234567890
	// order-2005 awaiting a deposit, no account yet: look again later
}

// A partial cancel (부분 취소), then the rest (전액 취소). Sending the balance
// you believe remains (CurrentCancellableAmount) makes PortOne refuse a
// cancel computed from a stale view.
func ExamplePaymentsService_Cancel() {
	srv := portonetest.NewServer()
	defer srv.Close()
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-3001", Total: 30000})

	show := func() {
		p, err := client.Payments.Get(ctx, "payment-3001")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(" ", p.Status, "cancelled", p.Amount.Cancelled, "remaining", p.Amount.Total-p.Amount.Cancelled)
	}

	c, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{
		PaymentID:                "payment-3001",
		Amount:                   10000,
		Reason:                   "사이즈 교환",
		CurrentCancellableAmount: portone.Ptr(int64(30000)),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("partial:", c.Status(), c.(*portone.SucceededPaymentCancellation).TotalAmount)
	show()

	// A second cancel computed from the old balance is refused. The
	// balance may have moved by this very cancel, sent before and its
	// answer lost, so the refusal is an unknown outcome: read the
	// payment's cancellations before refunding again.
	_, err = client.Payments.Cancel(ctx, portone.CancelPaymentParams{
		PaymentID: "payment-3001", Amount: 10000, Reason: "사이즈 교환", CurrentCancellableAmount: portone.Ptr(int64(30000)),
	})
	var apiErr *portone.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("stale:", apiErr.Type, errors.Is(err, portone.ErrOutcomeUnknown))
	}

	c, err = client.Payments.Cancel(ctx, portone.CancelPaymentParams{
		PaymentID: "payment-3001", Full: true, Reason: "주문 취소", CurrentCancellableAmount: portone.Ptr(int64(20000)),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("full:", c.Status(), c.(*portone.SucceededPaymentCancellation).TotalAmount)
	show()
	// Output:
	// partial: SUCCEEDED 10000
	//   PARTIAL_CANCELLED cancelled 10000 remaining 20000
	// stale: CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN true
	// full: SUCCEEDED 20000
	//   CANCELLED cancelled 30000 remaining 0
}

// Charge a billing key (빌링키 결제) under a payment id of your choosing. A
// key derived from your own record (WithIdempotencyKey) makes the charge
// idempotent across your own retries too; a card company's refusal is a
// final 502 PG_PROVIDER with the PG's code.
func ExamplePaymentsService_PayWithBillingKey() {
	srv := portonetest.NewServer()
	defer srv.Close()
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	card := srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "billing-key-customer-42"})

	params := portone.BillingKeyPaymentParams{
		PaymentID:  "membership-42-2026-11",
		BillingKey: portone.BillingKey(card.BillingKey), // stored from the billing-key window
		OrderName:  "프리미엄 멤버십 11월",
		Amount:     portone.PaymentAmountInput{Total: 9900},
		Currency:   portone.CurrencyKRW,
	}
	fmt.Printf("charging %v, key %v\n", params.PaymentID, params.BillingKey) // the key prints masked
	sum, err := client.Payments.PayWithBillingKey(ctx, params, portone.WithIdempotencyKey("charge-membership-42-2026-11"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("approved:", sum.PGTxID != "")
	p, _ := client.Payments.Get(ctx, params.PaymentID)
	fmt.Println(p.Status, p.Amount.Total)

	// The same payment id cannot be paid twice.
	_, err = client.Payments.PayWithBillingKey(ctx, params)
	var apiErr *portone.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("again:", apiErr.Type)
	}

	declined := srv.IssueBillingKey(portonetest.BillingKeySpec{PGError: &portonetest.PGError{Code: "51", Message: "잔액 부족"}})
	params.PaymentID, params.BillingKey = "membership-43-2026-11", portone.BillingKey(declined.BillingKey)
	_, err = client.Payments.PayWithBillingKey(ctx, params)
	if errors.As(err, &apiErr) {
		fmt.Println("declined:", apiErr.Type, apiErr.PGCode, apiErr.PGMessage, "| unknown outcome:", errors.Is(err, portone.ErrOutcomeUnknown))
	}
	fmt.Println("charges:", srv.Stats().BillingKeyPaymentsApplied)
	// Output:
	// charging membership-42-2026-11, key [REDACTED]
	// approved: true
	// PAID 9900
	// again: ALREADY_PAID
	// declined: PG_PROVIDER 51 잔액 부족 | unknown outcome: false
	// charges: 1
}

// Walk every payment of a period (결제 대용량 다건 조회): pages are fetched
// only as the loop needs them, and breaking out stops fetching.
func ExamplePaymentsService_All() {
	srv := portonetest.NewServer()
	defer srv.Close()
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for i := 1; i <= 5; i++ {
		srv.CreatePayment(portonetest.PaymentSpec{ID: fmt.Sprintf("payment-%04d", i), Total: int64(i) * 1000})
	}
	pages := func() int { return srv.Stats().Requests[portonetest.OpPaymentListByCursor] }

	var sum int64
	for p, err := range client.Payments.All(ctx, portone.PaymentCursorParams{Size: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p.Status, p.Amount.Total)
		sum += p.Amount.Total
	}
	fmt.Println("total:", sum, "pages:", pages())

	for p, err := range client.Payments.All(ctx, portone.PaymentCursorParams{Size: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		if p.ID == "payment-0002" {
			break // found it: no more pages are fetched
		}
	}
	fmt.Println("pages after the search:", pages())
	// Output:
	// payment-0001 PAID 1000
	// payment-0002 PAID 2000
	// payment-0003 PAID 3000
	// payment-0004 PAID 4000
	// payment-0005 PAID 5000
	// total: 15000 pages: 3
	// pages after the search: 4
}

// A charge whose reply is lost after PortOne made it: the call ends with
// ErrOutcomeUnknown and the Idempotency-Key it was sent with. Repeating it
// with that key returns PortOne's stored result; the card is charged once.
// Never repeat such a call under a new key or a new payment id before
// knowing. (A Cancel so repeated can stay unknown, when its key's stored
// answer is a cancel of another amount: read the payment's cancellations
// then; see PaymentsService.Cancel.)
func Example_idempotency() {
	srv := portonetest.NewServer()
	defer srv.Close()
	client, _ := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()),
		// Short waits between the automatic retries, for the example.
		portone.WithRetryPolicy(portone.RetryPolicy{MaxRetries: 2, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxRetryAfter: time.Second}))
	ctx := context.Background()
	card := srv.IssueBillingKey(portonetest.BillingKeySpec{})
	params := portone.BillingKeyPaymentParams{
		PaymentID: "membership-7-2026-11", BillingKey: portone.BillingKey(card.BillingKey), OrderName: "멤버십 11월",
		Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW,
	}

	// PortOne charges the card, and every reply is lost on the way back.
	srv.Inject(portonetest.OpBillingKeyPay, portonetest.Faults.CloseAfterApply(), -1)
	_, err := client.Payments.PayWithBillingKey(ctx, params)
	var unknown *portone.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		log.Fatal("expected an unknown outcome: ", err)
	}
	fmt.Println("outcome unknown:", errors.Is(err, portone.ErrOutcomeUnknown), "after", unknown.Attempts, "attempts with one key")

	// Later (PortOne keeps the result about 3 hours), with the same key.
	srv.ClearFaults()
	sum, err := client.Payments.PayWithBillingKey(ctx, params, portone.WithIdempotencyKey(unknown.IdempotencyKey))
	if err != nil {
		log.Fatal(err)
	}
	p, _ := client.Payments.Get(ctx, params.PaymentID)
	paid, _ := p.Paid()
	fmt.Println("stored result:", sum.PGTxID == paid.PGTxID, p.Status, p.Amount.Total)
	fmt.Println("charged:", srv.Stats().BillingKeyPaymentsApplied, "time(s)")
	// Output:
	// outcome unknown: true after 3 attempts with one key
	// stored result: true PAID 9900
	// charged: 1 time(s)
}
