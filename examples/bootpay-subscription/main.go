// Command bootpay-subscription walks a monthly subscription through
// Bootpay's billing API (정기결제): issue a billing key, charge the first
// month, reserve the next month's charge, cancel that reservation (the
// member unsubscribed) and destroy the key.
//
// It runs against the in-process sandbox (bootpaytest), so it needs no keys
// and moves no money. Point NewClient at Bootpay (bootpay.BasicAuth with
// your keys) to run the same flow for real, with a real card.
//
// The one rule of a charge: it is never sent twice. When its outcome is
// unknown, ChargeMonth settles it by looking the order id up
// (ReconcileCharge); it never charges again under a new order id.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

func main() {
	fmt.Println("Bootpay 정기결제 (monthly subscription) against the in-process sandbox: no keys, no money moves")
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	if err := Run(context.Background(), client, time.Now(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// Plan is what the member subscribed to.
type Plan struct {
	SubscriptionID string
	Name           string
	Price          int64 // won per month
}

// Subscribe issues the member's billing key. Store the key on your server
// only (it prints as [REDACTED]); never send it to a browser.
func Subscribe(ctx context.Context, c *bootpay.Client, p Plan, card bootpay.IssueBillingKeyParams) (bootpay.Secret, error) {
	card.OrderName, card.SubscriptionID = p.Name, p.SubscriptionID
	key, err := c.Billing.Issue(ctx, card)
	if err != nil {
		return "", fmt.Errorf("issuing the billing key: %w", err)
	}
	if !key.Issued() {
		return "", fmt.Errorf("billing key not issued: status %v", key.Status)
	}
	return key.BillingKey, nil
}

// monthOrderID is the order id of one month's charge: the same month
// always gets the same id, so a charge is reconciled by it, and a retry
// after a crash cannot charge a month twice under another id.
func monthOrderID(p Plan, month time.Time) string {
	return p.SubscriptionID + "-" + month.Format("2006-01")
}

// ChargeMonth charges one month. An unknown outcome is settled by looking
// the order id up; a charge still pending there is returned as the
// *bootpay.PendingChargeError (try ReconcileCharge again later), one that
// failed (nothing charged) as the *bootpay.ChargeFailedError.
func ChargeMonth(ctx context.Context, c *bootpay.Client, p Plan, key bootpay.Secret, month time.Time) (*bootpay.Receipt, error) {
	params := bootpay.ChargeParams{BillingKey: key, OrderName: p.Name + " " + month.Format("2006-01"),
		OrderID: monthOrderID(p, month), Price: p.Price}
	r, err := c.Billing.Charge(ctx, params)
	if errors.Is(err, bootpay.ErrOutcomeUnknown) {
		return c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: params.OrderID, Amount: params.Price})
	}
	return r, err
}

// ScheduleNext reserves next month's charge at the same day and time.
func ScheduleNext(ctx context.Context, c *bootpay.Client, p Plan, key bootpay.Secret, month time.Time, scheduled int) (*bootpay.Reservation, error) {
	next := month.AddDate(0, 1, 0)
	return c.Billing.Reserve(ctx, bootpay.ReserveParams{
		ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: p.Name + " " + next.Format("2006-01"),
			OrderID: monthOrderID(p, next), Price: p.Price},
		ExecuteAt: next, Scheduled: scheduled,
	})
}

// Unsubscribe cancels the pending reservation first (Bootpay does not
// cancel reservations when a key is destroyed), then destroys the key.
func Unsubscribe(ctx context.Context, c *bootpay.Client, key bootpay.Secret, reserveID string) error {
	if reserveID != "" {
		if err := c.Billing.CancelReservation(ctx, reserveID); err != nil {
			return fmt.Errorf("cancelling the reservation: %w", err)
		}
	}
	return c.Billing.Destroy(ctx, key)
}

// Run is the whole flow, reported on out.
func Run(ctx context.Context, c *bootpay.Client, now time.Time, out io.Writer) error {
	plan := Plan{SubscriptionID: "sub-0001", Name: "페이킷 월간 구독", Price: 9900}
	key, err := Subscribe(ctx, c, plan, bootpay.IssueBillingKeyParams{PG: "nicepay",
		CardNumber: "5365-1012-3456-1234", CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "billing key issued (%v)\n", key)
	r, err := ChargeMonth(ctx, c, plan, key, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "charged %d won for %s: %v\n", r.Price.Int64(), r.OrderID, r.Status)
	rv, err := ScheduleNext(ctx, c, plan, key, now, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "next charge reserved for %s\n", rv.ExecuteAt.Format("2006-01-02"))
	if err := Unsubscribe(ctx, c, key, rv.ReserveID); err != nil {
		return err
	}
	fmt.Fprintln(out, "unsubscribed: reservation cancelled, billing key destroyed")
	return nil
}
