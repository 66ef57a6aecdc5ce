package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// partlyRefundedDeposit makes order o's virtual account deposited (PAID)
// with its Transaction.Paid lost, then refunded in part (1,000 won) in
// PortOne's console before the shop saw the deposit: PARTIAL_CANCELLED.
func (f *fixture) partlyRefundedDeposit(t *testing.T) *shop.Order {
	t.Helper()
	o := f.newOrder(t, shop.FlowPortOne)
	f.awaitingDeposit(t, o)
	if _, err := f.sb.PortOne.Deposit(o.PaymentID); err != nil {
		t.Fatal(err)
	}
	if err := f.consoleRefund(o.PaymentID, 1000, "콘솔 부분취소"); err != nil {
		t.Fatal(err)
	}
	return o
}

// wantRestRefunded checks that order o, whose deposit was refunded in part
// at PortOne, ended refunded with its stock given back, PortOne's payment
// cancelled in full by ONE cancel of the rest from the shop (two applied in
// all, the console's and the shop's), and an error naming it logged.
func (f *fixture) wantRestRefunded(t *testing.T, o *shop.Order, logs *logRecords) {
	t.Helper()
	got := f.order(t, o.ID)
	if got.Status != shop.StatusRefunded || got.Reason != shop.ReasonGatewayRefund || got.Held || got.PaidCount != 0 {
		t.Errorf("PortOne held %d won of the deposit (PARTIAL_CANCELLED); the order is %s (%q, held %v, paid %d times): want refunded (refunded_at_gateway), nothing held, never paid",
			price-1000, got.Status, got.Reason, got.Held, got.PaidCount)
	}
	if n := f.stock(t); n != 10 {
		t.Errorf("stock %d, want 10 (given back)", n)
	}
	p, err := f.sb.Config.PortOne.Payments.Get(context.Background(), o.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if st := f.sb.PortOne.Stats(); p.Status != portone.PaymentStatusCancelled || st.CancelsApplied != 2 || st.Requests[portonetest.OpPaymentCancel] != 2 {
		t.Errorf("PortOne's payment reads %s after %d cancel requests, %d applied; want CANCELLED, the console's and one of the rest",
			p.Status, st.Requests[portonetest.OpPaymentCancel], st.CancelsApplied)
	}
	if logs.errorsNaming(o.ID) == 0 {
		t.Error("no error names the order whose deposit the shop never fulfilled")
	}
}

// Past the shop's 입금 기한 closeDeposit's close is refused (nothing awaits
// a deposit any more) and the lookup reads PARTIAL_CANCELLED. The order
// cannot keep a partly refunded payment it never fulfilled, and waiting
// changes nothing: the rest is refunded and an error logged — not, as the
// paid path did, a silent loop with the stock held for ever.
func TestPartlyRefundedDepositPastDueIsNotLeftSilently(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.partlyRefundedDeposit(t)
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) {
		c.Now = func() time.Time { return time.Now().Add(shop.DefaultDepositWindow + time.Hour) }
		c.Log = slog.New(logs)
	})
	f.reconcilePasses(t, srv, 3)
	f.wantRestRefunded(t, o, logs)
}

// The same before the shop's 입금 기한: the reconciler's lookup of the
// order awaiting its deposit reads PARTIAL_CANCELLED, and the rest is
// refunded at once rather than left until the 입금 기한 passes.
func TestPartlyRefundedDepositBeforeItsDueIsRefunded(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.partlyRefundedDeposit(t)
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	f.reconcilePasses(t, srv, 3)
	f.wantRestRefunded(t, o, logs)
	if n := f.sb.PortOne.Stats().VirtualAccountsClosed; n != 0 {
		t.Errorf("%d virtual accounts closed, want none (nothing was due)", n)
	}
}

// The deposit lands, and is refunded in part in PortOne's console, between
// the reconciler's lookup (still issued) and its close past the 입금 기한:
// PortOne refuses the close and closeDeposit's own lookup reads
// PARTIAL_CANCELLED. The rest is refunded in that same pass.
func TestDepositRefundedInPartRacingTheCloseIsRefunded(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.awaitingDeposit(t, o)
	raced := 0
	rt := &beforeRequest{next: f.sb.PortOne.Client().Transport,
		match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/virtual-account/close") },
		hook: func() {
			if _, err := f.sb.PortOne.Deposit(o.PaymentID); err != nil {
				return
			}
			if err := f.consoleRefund(o.PaymentID, 1000, "콘솔 부분취소"); err == nil {
				raced++
			}
		}}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) {
		c.Now = func() time.Time { return time.Now().Add(shop.DefaultDepositWindow + time.Hour) }
		c.PortOne = pc
		c.Log = slog.New(logs)
	})
	reconcileOn(t, srv)
	if raced != 1 {
		t.Fatalf("%d deposits refunded in part before the close, want 1", raced)
	}
	f.wantCloses(t, 1, 0)
	f.wantRestRefunded(t, o, logs)
}
