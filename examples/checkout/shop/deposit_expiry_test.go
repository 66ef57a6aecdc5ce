package shop_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A virtual account that takes no deposit gives its pair back: the
// reconciler ends it once its 입금 기한 passed (by the shop's clock) or
// PortOne cancelled it, and the order is pending again with reason
// expired; an account still within its term keeps the pair.
func TestUnpaidVirtualAccountExpires(t *testing.T) {
	for _, by := range []string{"due passed", "failed at PortOne"} {
		t.Run(by, func(t *testing.T) {
			now := time.Now()
			f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) { c.Now = func() time.Time { return now } }})
			o := f.newOrder(t, shop.FlowPortOne)
			switch by {
			case "due passed":
				f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued})
				if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusAwaitingDeposit {
					t.Fatalf("complete: %d %+v", code, body)
				}
				f.reconcile(t, 0)
				f.wantOrder(t, o.ID, shop.StatusAwaitingDeposit, "", 0, 9)
				now = now.Add(4 * 24 * time.Hour) // the sandbox's accounts expire after 3 days
			case "failed at PortOne":
				// The account was issued and shown (as /payment/complete
				// leaves it); PortOne now reports the payment FAILED.
				f.exec(t, `UPDATE products SET stock = stock - 1 WHERE id = 'shoe-270'`)
				f.exec(t, `UPDATE orders SET status = 'awaiting_deposit', held = TRUE, va_bank = 'SHINHAN', va_number = '56211105948400' WHERE id = ?`, o.ID)
				f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusFailed})
			}
			f.reconcile(t, 0)
			f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
			if got := f.order(t, o.ID); got.Reason != shop.ReasonExpired || got.VANumber != "" || got.Held {
				t.Errorf("order reason %q, account %q, held %v; want expired, no account, nothing held", got.Reason, got.VANumber, got.Held)
			}
		})
	}
}

// A virtual account's term is the browser's to ask for (validHours), so a
// buyer can ask for years, or a PG can report none. The shop's 입금 기한 is
// then its own DepositWindow (72 hours by default) from the issue: past
// it, the reconciler ends the account and the pair comes back.
func TestDepositWindowIsTheServers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		expires time.Time // PortOne's expiredAt; zero: none
	}{
		{"a term of years", time.Now().Add(3 * 365 * 24 * time.Hour)},
		{"no term", time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Now()
			f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) { c.Now = func() time.Time { return now } }})
			o := f.newOrder(t, shop.FlowPortOne)
			f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued,
				Method: &portone.PaymentMethodVirtualAccount{Bank: "SHINHAN", AccountNumber: "56211234567890", ExpiredAt: tc.expires, IssuedAt: now}})
			code, body := f.complete(t, 0, o.PaymentID, o.ID)
			if code != http.StatusOK || body.Status != shop.StatusAwaitingDeposit || body.VirtualAccount == nil {
				t.Fatalf("complete: %d %+v", code, body)
			}
			due, err := time.Parse(time.RFC3339, body.VirtualAccount.Due)
			if err != nil || due.After(now.Add(shop.DefaultDepositWindow)) {
				t.Errorf("입금 기한 %q (%v), want at most %s from now", body.VirtualAccount.Due, err, shop.DefaultDepositWindow)
			}
			now = now.Add(shop.DefaultDepositWindow + time.Hour)
			f.reconcile(t, 0)
			f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
			if got := f.order(t, o.ID); got.Reason != shop.ReasonExpired || got.Held {
				t.Errorf("reason %q, held %v; want expired, nothing held", got.Reason, got.Held)
			}
		})
	}
}
