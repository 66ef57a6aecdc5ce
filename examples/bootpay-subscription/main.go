// Command bootpay-subscription walks a monthly subscription through
// Bootpay's billing API (정기결제): issue a billing key, charge the first
// month, reserve the next month's charge, cancel that reservation (the
// member unsubscribed) and destroy the key.
//
// It runs against the in-process sandbox (bootpaytest), so it needs no keys
// and moves no money. Point NewClient at Bootpay (bootpay.BasicAuth with
// your keys) to run the same flow for real, with a real card.
//
// The one rule of a charge: it is never sent twice. Each month has one
// order id, and ChargeMonth looks it up (ReconcileCharge) before charging,
// so a billing run restarted mid-charge finds the month's receipt instead
// of charging it again. When a charge's outcome is unknown, or Bootpay
// refuses its order id as already used, ChargeMonth settles it by the same
// lookup; it never charges again under a new order id. A month reserved
// (ScheduleNext) is charged by its reservation: ChargeMonth, given the
// reserve id the merchant recorded, sends no charge beside it.
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
// only (it prints as [REDACTED]); never send it to a browser. Issue returns
// a key only once it is issued (any other reply is an unknown outcome), so
// there is nothing more to check. On bootpay.ErrOutcomeUnknown never issue
// again: the key may exist (see BillingService.Issue).
func Subscribe(ctx context.Context, c *bootpay.Client, p Plan, card bootpay.IssueBillingKeyParams) (bootpay.Secret, error) {
	card.OrderName, card.SubscriptionID = p.Name, p.SubscriptionID
	key, err := c.Billing.Issue(ctx, card)
	if err != nil {
		return "", fmt.Errorf("issuing the billing key: %w", err)
	}
	return key.BillingKey, nil
}

// kst is Korea Standard Time (UTC+09:00, no daylight saving): the months
// of a subscription are Korean calendar months.
var kst = time.FixedZone("KST", 9*60*60)

// monthOrderID is the order id of one month's charge: the same month
// always gets the same id, so a charge is reconciled by it, and a retry
// after a crash cannot charge a month twice under another id. The month
// is read in KST, never in the server's own zone, so that one instant is
// one month on every host (2026-03-01 01:00 KST is March, even on a
// server in UTC, where it is still February).
func monthOrderID(p Plan, month time.Time) string {
	return p.SubscriptionID + "-" + month.In(kst).Format("2006-01")
}

// codeOrderIDDuplicated is Bootpay's refusal of an order_id already
// charged or reserved. The code is UNCONFIRMED against the live API (it is
// the sandbox's); ChargeMonth reads it only as a reason to look the order
// up, never as a failed charge.
const codeOrderIDDuplicated bootpay.ErrorCode = "RC_ORDER_ID_DUPLICATED"

// ErrMonthReserved reports a month ChargeMonth did not charge because its
// reservation (ScheduleNext) holds it: the reservation charges the month
// under the same order id, and nothing is sent beside it. After the
// reservation's time call ChargeMonth again (it settles the month by
// ReconcileCharge), or cancel the reservation (Billing.CancelReservation)
// to charge the month now.
var ErrMonthReserved = errors.New("the month is reserved: its reservation charges it, nothing is sent beside it")

// ChargeMonth charges one month, at most once however often it is
// called. reserveID is the reservation of the month the merchant recorded
// from ScheduleNext ("" when none was made). A reserved month is the
// reservation's to charge: ReconcileCharge cannot see a reservation, and
// whether Bootpay refuses a charge under the order id a reservation holds
// is UNCONFIRMED, so ChargeMonth looks the reservation up
// (Billing.GetReservation) and sends a charge only once it shows it
// revoked (cancelled) and not run. Until then it sends nothing: a
// reservation that ran, or whose charge Bootpay already has a receipt of,
// is settled by ReconcileCharge (the answers below, never a charge); one
// still waiting is ErrMonthReserved. A reservation that cannot be looked
// up, or is another order's, is an error and nothing is sent.
//
// Otherwise it first looks the month's order id up (ReconcileCharge), and
// charges only when Bootpay has no receipt of it:
//
//   - a receipt showing the money taken (paid, or cancelled since) is
//     returned as it is: the month was charged, by an earlier run that
//     may have died before recording it. Read its Status.
//   - a receipt still in progress is returned as the
//     *bootpay.PendingChargeError holding it (call again later), and a
//     failed one (nothing charged) as the *bootpay.ChargeFailedError: this
//     month's order id is spent, so charging it again is the caller's
//     decision, under a new order id.
//   - a failed lookup, or a receipt that does not match (another amount),
//     is returned as the error, and nothing is sent.
//
// Whether Bootpay deduplicates order_id is UNCONFIRMED, so the lookup,
// not Bootpay, is what keeps a restarted run from charging twice. A
// charge whose outcome is unknown (Charge returns the month's receipt
// only when it shows the month paid as asked; any other reply matches
// bootpay.ErrOutcomeUnknown), or one refused because its order id is
// already used (a run racing this one, or a reservation holding the id),
// is settled by looking the order id up again, with the answers above; a
// refusal of the id is never read as a failed month. Whether a revoked
// reservation frees its order id is UNCONFIRMED: if Bootpay refuses it,
// the month stays pending, never charged under a new order id by
// ChargeMonth.
func ChargeMonth(ctx context.Context, c *bootpay.Client, p Plan, key bootpay.Secret, month time.Time, reserveID string) (*bootpay.Receipt, error) {
	params := bootpay.ChargeParams{BillingKey: key, OrderName: p.Name + " " + month.In(kst).Format("2006-01"),
		OrderID: monthOrderID(p, month), Price: p.Price}
	lookup := bootpay.ReconcileChargeParams{OrderID: params.OrderID, Amount: params.Price}
	if reserveID != "" {
		if r, settled, err := reservedMonth(ctx, c, reserveID, lookup); settled {
			return r, err
		}
	}
	r, err := c.Billing.ReconcileCharge(ctx, lookup)
	if !noReceipt(err) {
		return r, err
	}
	r, err = c.Billing.Charge(ctx, params)
	var refused *bootpay.APIError
	if errors.Is(err, bootpay.ErrOutcomeUnknown) || errors.As(err, &refused) && refused.Code == codeOrderIDDuplicated {
		return c.Billing.ReconcileCharge(ctx, lookup)
	}
	return r, err
}

// reservedMonth settles the month of lookup when its reservation reserveID
// still holds it (settled): looked up by ReconcileCharge once it ran, or
// ErrMonthReserved while it waits; a failed look-up, or a reservation of
// another order, is an error. Only a revoked reservation that never ran
// leaves the month to ChargeMonth (settled false).
func reservedMonth(ctx context.Context, c *bootpay.Client, reserveID string, lookup bootpay.ReconcileChargeParams) (*bootpay.Receipt, bool, error) {
	d, err := c.Billing.GetReservation(ctx, reserveID)
	switch {
	case err != nil:
		return nil, true, fmt.Errorf("looking the month's reservation %s up, nothing sent: %w", reserveID, err)
	case d.OrderID != lookup.OrderID:
		return nil, true, fmt.Errorf("reservation %s is order %s's, not %s: nothing sent", reserveID, d.OrderID, lookup.OrderID)
	case d.Revoked() && !d.Executed():
		return nil, false, nil
	}
	r, err := c.Billing.ReconcileCharge(ctx, lookup)
	if noReceipt(err) && !d.Executed() {
		return nil, true, fmt.Errorf("%w: reservation %s charges order %s at %s", ErrMonthReserved, reserveID, lookup.OrderID,
			d.ExecuteAt.In(kst).Format(time.RFC3339))
	}
	return r, true, err
}

// noReceipt reports a ReconcileCharge answer that found no receipt of the
// order at all: the only one after which the month may be charged.
func noReceipt(err error) bool {
	var pending *bootpay.PendingChargeError
	return errors.As(err, &pending) && pending.Receipt == nil && pending.Err == nil
}

// ScheduleNext reserves the charge of the month after month (in KST), on
// the same day and time, or on that month's last day when it is shorter:
// from January 31 it is February 28 (or 29), never March 3, which would
// skip February and take March's order id. A reply scheduling another
// time comes back as an error WITH the reservation it describes (see
// bootpay's Billing.Reserve), which may not be ours: Unsubscribe checks.
func ScheduleNext(ctx context.Context, c *bootpay.Client, p Plan, key bootpay.Secret, month time.Time, scheduled int) (*bootpay.Reservation, error) {
	next := nextMonth(month)
	return c.Billing.Reserve(ctx, bootpay.ReserveParams{
		ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: p.Name + " " + next.Format("2006-01"),
			OrderID: monthOrderID(p, next), Price: p.Price},
		ExecuteAt: next, Scheduled: scheduled,
	})
}

// nextMonth is t one calendar month later in KST, its day capped at that
// month's last day (time.AddDate would roll January 31 over into March).
func nextMonth(t time.Time) time.Time {
	t = t.In(kst)
	first := time.Date(t.Year(), t.Month()+1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), kst)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

// Unsubscribe cancels the pending reservation first (Bootpay does not
// cancel reservations when a key is destroyed), then destroys the key.
// Bootpay's reserve reply names no order, so the reservation is looked up
// and cancelled only when it is orderID's: a reply carrying another
// customer's reserve id must never make us cancel theirs. The key is
// destroyed on every path, so that nothing can charge it again; when the
// member's own reservation could not be cancelled the error says so and
// names the order: after its time, settle it with ReconcileCharge and
// refund what it finds (Receipts.Cancel).
func Unsubscribe(ctx context.Context, c *bootpay.Client, key bootpay.Secret, reserveID, orderID string) error {
	var kept error
	if reserveID != "" {
		kept = cancelOwnReservation(ctx, c, reserveID, orderID)
	}
	if err := c.Billing.Destroy(ctx, key); err != nil {
		return errors.Join(kept, fmt.Errorf("destroying the billing key: %w", err))
	}
	if kept != nil {
		return fmt.Errorf("%w; the key is destroyed, but order %s's reservation may still run: after its time, ReconcileCharge it and refund what it finds", kept, orderID)
	}
	return nil
}

// cancelOwnReservation cancels reservation reserveID when it is orderID's.
func cancelOwnReservation(ctx context.Context, c *bootpay.Client, reserveID, orderID string) error {
	d, err := c.Billing.GetReservation(ctx, reserveID)
	if err != nil {
		return fmt.Errorf("looking the reservation up: %w", err)
	}
	if d.OrderID != orderID {
		return fmt.Errorf("reservation %s is order %s's, not %s: not cancelled", reserveID, d.OrderID, orderID)
	}
	if err := c.Billing.CancelReservation(ctx, reserveID); err != nil {
		return fmt.Errorf("cancelling the reservation: %w", err)
	}
	return nil
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
	r, err := ChargeMonth(ctx, c, plan, key, now, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "charged %d won for %s: %v\n", r.Price.Int64(), r.OrderID, r.Status)
	rv, err := ScheduleNext(ctx, c, plan, key, now, 0)
	if err != nil && rv != nil {
		// A reservation at another time than asked: this flow
		// unsubscribes anyway, through it (if it is ours).
		return errors.Join(err, Unsubscribe(ctx, c, key, rv.ReserveID, monthOrderID(plan, nextMonth(now))))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "next charge reserved for %s\n", rv.ExecuteAt.Format("2006-01-02"))
	if err := Unsubscribe(ctx, c, key, rv.ReserveID, monthOrderID(plan, nextMonth(now))); err != nil {
		return err
	}
	fmt.Fprintln(out, "unsubscribed: reservation cancelled, billing key destroyed")
	return nil
}
