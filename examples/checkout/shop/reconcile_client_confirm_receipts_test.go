package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A client-confirm buyer whose window was opened again and again: each
// receipt passed confirm-check (CONFIRM_CHECKED), and the last one by id
// was captured by Bootpay.confirm() before the tab died; the webhook was
// lost. The reconciler looks at most five receipts up a pass, but in turn
// — never the same five by id — so the captured one is found, the order
// paid with it, and the order's surplus of receipts logged at error level.
func TestClientConfirmSixthReceiptIsFound(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	o := f.newOrder(t, shop.FlowBootpayClient)
	var ids []string
	for range 6 {
		rid := f.receipt(o, price)
		f.confirmCheck(t, o, rid)
		ids = append(ids, rid)
	}
	slices.Sort(ids)
	paid := ids[len(ids)-1]
	if _, err := f.sb.Config.Bootpay.Receipts.Confirm(context.Background(), paid); err != nil { // Bootpay.confirm() in the browser
		t.Fatal(err)
	}
	f.reconcilePasses(t, srv, 3)
	if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.ReceiptID != paid || got.PaidCount != 1 {
		t.Errorf("Bootpay captured receipt %s (the sixth this order confirm-checked); after 3 passes the order is %s with %q, paid %d times; want paid with it once",
			paid, got.Status, got.ReceiptID, got.PaidCount)
	}
	if logs.errorsNaming(o.ID) == 0 {
		t.Error("no error names the order with more confirm-checked receipts than a pass looks up")
	}
}

// Seven confirm-checked receipts, and the one captured is the OLDEST —
// the first window, its id sorting last. A pass looks up five: the newest
// five first (the last window opened is the likeliest paid), then the
// least recently looked up; so the captured one is looked up, and the
// order paid, on the second pass, and no pass looks up more than five.
// (On both databases: the lookup order is SQL.)
func TestClientConfirmReceiptsAreLookedUpInTurnNewestFirst(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		logs := &logRecords{}
		srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
		o := f.newOrder(t, shop.FlowBootpayClient)
		ids := []string{"rcpt-7", "rcpt-6", "rcpt-5", "rcpt-4", "rcpt-3", "rcpt-2", "rcpt-1"} // confirm-checked in this order
		for _, rid := range ids {
			f.sb.Bootpay.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: rid, OrderID: o.ID, Price: price})
			f.confirmCheck(t, o, rid)
		}
		oldest := ids[0]
		if _, err := f.sb.Config.Bootpay.Receipts.Confirm(context.Background(), oldest); err != nil { // Bootpay.confirm() in the first window
			t.Fatal(err)
		}

		before := len(f.sb.Bootpay.Requests())
		f.reconcilePasses(t, srv, 1)
		if got := lookedUp(f, before); !slices.Equal(got, []string{"rcpt-1", "rcpt-2", "rcpt-3", "rcpt-4", "rcpt-5"}) {
			t.Errorf("first pass looked up %v, want the five newest", got)
		}
		before = len(f.sb.Bootpay.Requests())
		f.reconcilePasses(t, srv, 1)
		if got := lookedUp(f, before); len(got) > 5 || !slices.Contains(got, oldest) || !slices.Contains(got, "rcpt-6") {
			t.Errorf("second pass looked up %v, want at most five, the two not looked up yet among them", got)
		}
		if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.ReceiptID != oldest {
			t.Errorf("after 2 passes the order is %s with %q, want paid with the oldest receipt %s", got.Status, got.ReceiptID, oldest)
		}
	})
}

// confirmCheck passes receipt rid through /api/payment/confirm-check.
func (f *fixture) confirmCheck(t *testing.T, o *shop.Order, rid string) {
	t.Helper()
	if code, body := f.post(t, 0, "/api/payment/confirm-check", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}); code != http.StatusOK || !body.CanConfirm {
		t.Fatalf("confirm-check: %d %+v", code, body)
	}
}

// lookedUp lists, sorted, the receipt lookups Bootpay received since
// request number from (a receipt asked for twice is listed twice).
func lookedUp(f *fixture, from int) []string {
	var ids []string
	for _, r := range f.sb.Bootpay.Requests()[from:] {
		if r.Op == bootpaytest.OpReceiptGet {
			ids = append(ids, r.Path[strings.LastIndex(r.Path, "/")+1:])
		}
	}
	slices.Sort(ids)
	return ids
}
