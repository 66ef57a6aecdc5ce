package bootpay_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// A monthly subscription: issue a billing key, charge it, reserve next
// month's charge, cancel that reservation and destroy the key. An
// ambiguous charge is settled by its order id, never by charging again,
// and only a receipt in status 1 (결제완료) is fulfilled.
func ExampleBillingService_Charge() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	key, err := client.Billing.Issue(ctx, bootpay.IssueBillingKeyParams{
		PG: "nicepay", OrderName: "월간 구독", SubscriptionID: "sub-2026-0001",
		CardNumber: "5365-1012-3456-1234", CardPassword: "12", CardIdentityNo: "900101",
		CardExpireYear: "28", CardExpireMonth: "07",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("issued:", key.Issued(), "key prints as", key.BillingKey)

	charge := bootpay.ChargeParams{BillingKey: key.BillingKey, OrderName: "11월 구독료", OrderID: "sub-2026-0001-11", Price: 9900}
	r, err := client.Billing.Charge(ctx, charge)
	if errors.Is(err, bootpay.ErrOutcomeUnknown) {
		r, err = client.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: charge.OrderID, Amount: charge.Price})
	}
	if err != nil {
		log.Fatal(err) // pending, failed or not as asked: nothing to fulfil
	}
	if r.Status != bootpay.StatusPaid {
		// ReconcileCharge returns a charged receipt a cancel has reached
		// since with a nil error: 20 (결제취소 완료), -30 (결제취소 진행중) or
		// -20 (결제취소 실패). The money went back, or was meant to: never
		// fulfil it; settle the refund or hold the order for a person.
		fmt.Println("not fulfilled:", r.Status)
		return
	}
	fmt.Println("charged:", r.Price.Int64(), r.Status)

	next := charge
	next.OrderName, next.OrderID = "12월 구독료", "sub-2026-0001-12"
	rv, err := client.Billing.Reserve(ctx, bootpay.ReserveParams{ChargeParams: next, ExecuteAt: time.Now().AddDate(0, 1, 0)})
	if err != nil {
		log.Fatal(err)
	}
	// Bootpay's reply names no order: cancel a reservation only once it
	// is looked up as this order's.
	d, err := client.Billing.GetReservation(ctx, rv.ReserveID)
	if err != nil || d.OrderID != next.OrderID {
		log.Fatal("not this order's reservation: ", err)
	}
	if err := client.Billing.CancelReservation(ctx, rv.ReserveID); err != nil {
		log.Fatal(err)
	}
	if err := client.Billing.Destroy(ctx, key.BillingKey); err != nil {
		log.Fatal(err)
	}
	st := srv.Stats()
	fmt.Println("charges:", st.ChargesApplied, "reservations cancelled:", st.ReservationsCancelled, "keys destroyed:", st.BillingKeysDestroyed)
	// Output:
	// issued: true key prints as [REDACTED]
	// charged: 9900 paid (결제완료)
	// charges: 1 reservations cancelled: 1 keys destroyed: 1
}

// Identity verification (본인인증) by SMS code: it counts only once the
// certificate is in status 12.
func ExampleCertificatesService_Confirm() {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	auth, err := client.Certificates.Request(ctx, bootpay.AuthenticationParams{
		PG: "danal", Method: "본인인증", AuthenticationID: "signup-42", OrderName: "회원가입 본인인증",
		Username: "홍길동", IdentityNo: "9001011", Carrier: bootpay.CarrierSKT, Phone: "010-1234-5678", ClientIP: "203.0.113.7",
	})
	if err != nil {
		log.Fatal(err)
	}
	code, _ := srv.OTP(auth.ReceiptID) // what the person reads from the SMS
	// The AuthenticationID is the one this server started, from its session.
	cert, err := client.Certificates.Confirm(ctx, bootpay.CertificateParams{ReceiptID: auth.ReceiptID, AuthenticationID: "signup-42"}, code)
	if err != nil {
		// A *bootpay.NotVerifiedError: not complete, another verification,
		// too old, or no identity data (no CI): the person is not verified.
		log.Fatal(err)
	}
	// Only a certificate Confirm (or Verify) returned is sure to carry
	// Data with its CI; one from Get may have none. Keep the CI, to find
	// duplicate accounts, not the raw identity data.
	ci := cert.Data.Unique
	fmt.Println("verified:", cert.Verified(), cert.Data.Carrier, "name prints as", cert.Data.Name, "CI prints as", ci)
	// Output:
	// verified: true SKT name prints as [REDACTED] CI prints as [REDACTED]
}
