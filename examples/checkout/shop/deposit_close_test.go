package shop_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A virtual account whose PortOne term (expiredAt, the browser's
// validHours) outlasts the shop's DepositWindow. When the reconciler ends
// the order at the shop's 입금 기한 it must not leave the account open at
// PortOne, taking a deposit no one looks for: the buyer deposits within
// PortOne's term and the Transaction.Paid webhook is lost. The deposit must
// be refused (the account closed when the shop ended the order), or the
// order paid or refunded, or at least an operator told.
func TestDepositAfterTheShopsDueIsNotLost(t *testing.T) {
	now := time.Now()
	logs := &logRecords{}
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) {
		c.Now = func() time.Time { return now }
		c.Log = slog.New(logs)
	}})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued,
		Method: &portone.PaymentMethodVirtualAccount{Bank: "SHINHAN", AccountNumber: "56211234567890", ExpiredAt: now.Add(7 * 24 * time.Hour), IssuedAt: now}})
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusAwaitingDeposit {
		t.Fatalf("complete: %d %+v", code, body)
	}
	now = now.Add(shop.DefaultDepositWindow + time.Hour)
	f.reconcile(t, 0) // the shop's 입금 기한 passed: the order ends (reason expired)
	if p, err := f.sb.Config.PortOne.Payments.Get(context.Background(), o.PaymentID); err == nil && p.Status == portone.PaymentStatusVirtualAccountIssued {
		// The account is still open at PortOne: the buyer deposits into it.
		if _, err := f.sb.PortOne.Deposit(o.PaymentID); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		f.exec(t, `UPDATE orders SET looked_up_at = 0`) // no rate limit in the way
		f.reconcile(t, 0)
	}
	p, err := f.sb.Config.PortOne.Payments.Get(context.Background(), o.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	got := f.order(t, o.ID)
	if p.Status == portone.PaymentStatusPaid && got.Status == shop.StatusPending && logs.errorsNaming(o.ID) == 0 {
		t.Errorf("PortOne holds the deposit (PAID) but the order is %s (%q) after 3 reconciler passes and no error names it: want paid or refunding (or the account closed at PortOne when the shop ended it)",
			got.Status, got.Reason)
	}
}

// awaitingDeposit makes order o's payment a virtual account PortOne keeps
// open for a week, shown to the buyer by /payment/complete: the shop's
// 입금 기한 is its DepositWindow, long before PortOne's.
func (f *fixture) awaitingDeposit(t *testing.T, o *shop.Order) {
	t.Helper()
	now := time.Now()
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued,
		Method: &portone.PaymentMethodVirtualAccount{Bank: "SHINHAN", AccountNumber: "56211234567890", ExpiredAt: now.Add(7 * 24 * time.Hour), IssuedAt: now}})
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusAwaitingDeposit {
		t.Fatalf("complete: %d %+v", code, body)
	}
}

// pastDue is a shop instance on the fixture's database whose clock reads
// past the shop's 입금 기한, with its PortOne client going through rt (nil:
// the sandbox's own transport).
func (f *fixture) pastDue(t *testing.T, rt http.RoundTripper) *shop.Server {
	t.Helper()
	return f.hookedServer(t, func(c *shop.Config) {
		c.Now = func() time.Time { return time.Now().Add(shop.DefaultDepositWindow + time.Hour) }
		if rt != nil {
			pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
			if err != nil {
				t.Fatal(err)
			}
			c.PortOne = pc
		}
	})
}

func reconcileOn(t *testing.T, srv *shop.Server) {
	t.Helper()
	if _, err := srv.ReconcileOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// wantCloses checks the closes PortOne received and applied.
func (f *fixture) wantCloses(t *testing.T, sent, applied int) {
	t.Helper()
	st := f.sb.PortOne.Stats()
	if st.Requests[portonetest.OpVirtualAccountClose] != sent || st.VirtualAccountsClosed != applied {
		t.Errorf("PortOne got %d closes and applied %d, want %d and %d", st.Requests[portonetest.OpVirtualAccountClose], st.VirtualAccountsClosed, sent, applied)
	}
}

// Past the shop's 입금 기한 the account is closed at PortOne (가상계좌 말소)
// before the order ends and gives its pair back: PortOne then takes no
// deposit into it, and later passes send nothing more.
func TestDepositDueClosesTheAccountAtPortOne(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.awaitingDeposit(t, o)
	srv := f.pastDue(t, nil)
	reconcileOn(t, srv)
	f.wantCloses(t, 1, 1)
	f.wantUnpaid(t, o.ID, shop.ReasonExpired)
	f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
	if _, err := f.sb.PortOne.Deposit(o.PaymentID); !errors.Is(err, portonetest.ErrNotAwaitingDeposit) {
		t.Errorf("a deposit after the shop ended the order: %v, want it refused (the account closed)", err)
	}
	f.exec(t, `UPDATE orders SET looked_up_at = 0`)
	reconcileOn(t, srv)
	f.wantCloses(t, 1, 1)
}

// beforeRequest runs hook before a request match accepts is sent.
type beforeRequest struct {
	next  http.RoundTripper
	match func(*http.Request) bool
	hook  func()
}

func (b *beforeRequest) RoundTrip(r *http.Request) (*http.Response, error) {
	if b.match(r) {
		b.hook()
	}
	return b.next.RoundTrip(r)
}

// The buyer deposits between the reconciler's lookup (still issued) and
// its close: PortOne refuses the close (409 PAYMENT_NOT_WAITING_FOR_DEPOSIT),
// and the deposit takes the paid path — the order is paid, keeping the
// pair it held, instead of ending with the money taken.
func TestDepositRacingTheCloseIsPaid(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.awaitingDeposit(t, o)
	deposited := 0
	srv := f.pastDue(t, &beforeRequest{next: f.sb.PortOne.Client().Transport,
		match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/virtual-account/close") },
		hook: func() {
			if _, err := f.sb.PortOne.Deposit(o.PaymentID); err == nil {
				deposited++
			}
		}})
	reconcileOn(t, srv)
	if deposited != 1 {
		t.Fatalf("%d deposits before the close, want 1", deposited)
	}
	f.wantCloses(t, 1, 0)
	f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
}

// A close PortOne does not apply (its PG refuses, every attempt) keeps the
// order awaiting the deposit with its pair held and its account shown; the
// next pass closes it and only then the order ends. A close applied whose
// answer is lost on every attempt ends the order in the same pass: the
// payment, looked up, reads ended. Either way one close is applied.
func TestDepositCloseFailingKeepsTheOrderUntilClosed(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
		o := f.newOrder(t, shop.FlowPortOne)
		f.awaitingDeposit(t, o)
		srv := f.pastDue(t, nil)
		f.sb.PortOne.Inject(portonetest.OpVirtualAccountClose, portonetest.Faults.Status(http.StatusBadGateway, portonetest.PGProviderErrorBody("E1", "통신 오류")), -1)
		reconcileOn(t, srv)
		f.wantCloses(t, 1, 0)
		f.wantOrder(t, o.ID, shop.StatusAwaitingDeposit, "", 0, 9)
		if got := f.order(t, o.ID); !got.Held || got.VANumber == "" {
			t.Errorf("held %v, account %q: want the pair held and the account still shown", got.Held, got.VANumber)
		}
		f.sb.PortOne.ClearFaults()
		reconcileOn(t, srv)
		f.wantCloses(t, 2, 1)
		f.wantUnpaid(t, o.ID, shop.ReasonExpired)
		f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
	})
	t.Run("answer lost", func(t *testing.T) {
		f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
		o := f.newOrder(t, shop.FlowPortOne)
		f.awaitingDeposit(t, o)
		srv := f.pastDue(t, nil)
		f.sb.PortOne.Inject(portonetest.OpVirtualAccountClose, portonetest.Faults.CloseAfterApply(), 1)
		f.sb.PortOne.Inject(portonetest.OpVirtualAccountClose, portonetest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
		reconcileOn(t, srv)
		if st := f.sb.PortOne.Stats(); st.VirtualAccountsClosed != 1 {
			t.Errorf("%d closes applied, want 1", st.VirtualAccountsClosed)
		}
		f.wantUnpaid(t, o.ID, shop.ReasonExpired)
		f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
	})
}
