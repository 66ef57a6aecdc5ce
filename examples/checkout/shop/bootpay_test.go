package shop_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/stretchr/testify/assert"
)

// confirming stores order o as a confirm left it unsettled: confirming
// with receiptID, its pair held.
func (f *fixture) confirming(t *testing.T, o *shop.Order, receiptID string) {
	t.Helper()
	f.exec(t, `UPDATE orders SET status = 'confirming', receipt_id = ?, held = TRUE WHERE id = ?`, receiptID, o.ID)
	f.exec(t, `UPDATE products SET stock = stock - 1 WHERE id = 'shoe-270'`)
}

// The confirm's reply is lost and Bootpay cannot be reached to look the
// receipt up: 202 confirming, and the pair stays held for the order, so
// another buyer cannot take it. The browser's retry then finds the order
// paid, with one confirm.
func TestLostReplyConfirmingThenBrowserRetryPaid(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		f.setStock(t, 1)
		o1 := f.newOrder(t, shop.FlowBootpay)
		r1 := f.receipt(o1, price)
		f.loseConfirmReplyWhileBootpayIsDown()
		code, body := f.confirm(t, 0, r1, o1.ID)
		if code != http.StatusAccepted || body.Status != shop.StatusConfirming || body.OrderID != o1.ID {
			t.Errorf("got %d %+v, want 202 confirming", code, body)
		}
		f.wantOrder(t, o1.ID, shop.StatusConfirming, r1, 0, 0)
		f.sb.Bootpay.ClearFaults()

		o2 := f.newOrder(t, shop.FlowBootpay) // another buyer wants the last pair: it is held
		r2 := f.receipt(o2, price)
		if code, body := f.confirm(t, 0, r2, o2.ID); code != http.StatusConflict || body.Reason != shop.ReasonOutOfStock {
			t.Fatalf("order 2: got %d %+v, want 409 out of stock", code, body)
		}
		code, body = f.confirm(t, 0, r1, o1.ID)
		if code != http.StatusOK || !body.Success || body.ReceiptID != r1 {
			t.Fatalf("retry: got %d %+v, want 200 paid", code, body)
		}
		f.wantOrder(t, o1.ID, shop.StatusPaid, r1, 1, 0)
		f.wantOrder(t, o2.ID, shop.StatusPending, "", 0, 0)
		f.wantBootpay(t, 1, 1, 0)
		if rc, _ := f.sb.Bootpay.Receipt(r2); rc.Status != bootpay.StatusAwaitingConfirm {
			t.Errorf("order 2's receipt is %s, want it never confirmed", rc.Status)
		}
	})
}

// A receipt for another amount (위변조 의심) is never confirmed, and what
// was held for it is given back: the order can still be paid properly.
func TestMismatchedAmountIsNeverConfirmed(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpay)
		forged := f.receipt(o, 100)
		code, body := f.confirm(t, 0, forged, o.ID)
		if code != http.StatusBadRequest || !strings.Contains(body.Message, "위변조") {
			t.Errorf("got %d %+v, want 400 위변조 의심", code, body)
		}
		f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
		f.wantBootpay(t, 0, 0, 0)

		honest := f.receipt(o, price)
		if code, body := f.confirm(t, 0, honest, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
			t.Fatalf("the honest payment: got %d %+v, want 200 paid", code, body)
		}
		f.wantOrder(t, o.ID, shop.StatusPaid, honest, 1, 9)
		f.wantBootpay(t, 1, 1, 0)
	})
}

// A receipt the PG already approved for this order with another amount
// (the page was tampered with to skip the separate confirm) holds the
// buyer's money: it is refunded in full, once, however often the browser
// retries, and the order ends refunded with the reason.
func TestTamperedPaidReceiptIsRefundedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpay)
		rid := f.receipt(o, 100, bootpay.StatusPaid)
		for range 2 {
			if code, body := f.confirm(t, 0, rid, o.ID); code/100 != 4 {
				t.Fatalf("got %d %+v, want a refusal", code, body)
			}
		}
		got := f.order(t, o.ID)
		if got.Status != shop.StatusRefunded || got.Reason != shop.ReasonAmountMismatch || got.Held || got.PaidCount != 0 {
			t.Errorf("order %+v, want refunded for amount_mismatch, nothing held", got)
		}
		if f.stock(t) != 10 {
			t.Errorf("stock %d, want 10", f.stock(t))
		}
		f.wantBootpay(t, 0, 0, 1)
		rc, _ := f.sb.Bootpay.Receipt(rid)
		if rc.Status != bootpay.StatusCancelled || rc.RemainingPrice() != 0 || len(rc.Cancellations) != 1 ||
			!strings.HasPrefix(rc.Cancellations[0].CancelID, "checkout-refund-") {
			t.Errorf("receipt after: %s, remaining %d, cancellations %+v; want one full refund with a derived cancel_id",
				rc.Status, rc.RemainingPrice(), rc.Cancellations)
		}
	})
}

// A request without the ids is refused before any database or Bootpay
// work; a receipt paying one order cannot be posted for another.
func TestConfirmRefusesBadRequests(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o1 := f.newOrder(t, shop.FlowBootpay)
		o2 := f.newOrder(t, shop.FlowBootpay)
		for _, body := range []any{map[string]string{"order_id": o1.ID}, map[string]string{"receipt_id": "r"}, "{"} {
			if code, _ := f.post(t, 0, "/api/confirm", body); code != http.StatusBadRequest {
				t.Errorf("%v: got %d, want 400", body, code)
			}
		}
		if n := len(f.sb.Bootpay.Requests()); n != 0 {
			t.Errorf("Bootpay got %d requests, want none", n)
		}
		r1 := f.receipt(o1, price)
		if code, body := f.confirm(t, 0, r1, o1.ID); code != http.StatusOK {
			t.Fatalf("order 1: %d %+v", code, body)
		}
		before := len(f.sb.Bootpay.Requests())
		if code, body := f.confirm(t, 0, r1, o2.ID); code != http.StatusConflict {
			t.Errorf("order 2 with order 1's receipt: got %d %+v, want 409", code, body)
		}
		if code, _ := f.confirm(t, 0, r1, "order-404"); code != http.StatusNotFound {
			t.Errorf("unknown order: got %d, want 404", code)
		}
		f.wantOrder(t, o2.ID, shop.StatusPending, "", 0, 9)
		if n := len(f.sb.Bootpay.Requests()) - before; n != 0 {
			t.Errorf("Bootpay got %d more requests, want none", n)
		}
	})
}

// The reconciler settles a confirming order by the receipt's state alone,
// and never sends a confirm: paid when the receipt is confirmed for the
// order; released (pending, stock back) when it never will be; refunded
// when it captured another amount; left confirming, stock held, while it
// may still be confirmed or needs a person.
func TestReconcileSettlesByReceiptState(t *testing.T) {
	st := func(s bootpay.Status) *bootpay.Status { return &s }
	for _, tc := range []struct {
		name    string
		spec    bootpaytest.ReceiptSpec // OrderID "" means the order's
		want    string
		stock   int
		cancels int
	}{
		{"confirmed", bootpaytest.ReceiptSpec{Price: price, Status: st(bootpay.StatusPaid)}, shop.StatusPaid, 9, 0},
		{"awaiting confirm: may still complete", bootpaytest.ReceiptSpec{Price: price}, shop.StatusConfirming, 9, 0},
		{"approving (결제승인중)", bootpaytest.ReceiptSpec{Price: price, Status: st(bootpay.StatusConfirming)}, shop.StatusConfirming, 9, 0},
		{"approval failed", bootpaytest.ReceiptSpec{Price: price, Status: st(bootpay.StatusApprovalFailed)}, shop.StatusPending, 10, 0},
		{"failed before approval", bootpaytest.ReceiptSpec{Price: price, Status: st(bootpay.StatusFailedBeforeApproval)}, shop.StatusPending, 10, 0},
		{"cancelled in full", bootpaytest.ReceiptSpec{Price: price, Status: st(bootpay.StatusCancelled)}, shop.StatusPending, 10, 0},
		{"partly cancelled: needs a person", bootpaytest.ReceiptSpec{Price: price, Status: st(bootpay.StatusCancelled), CancelledPrice: 1000}, shop.StatusConfirming, 9, 0},
		{"awaiting confirm with another amount", bootpaytest.ReceiptSpec{Price: 100}, shop.StatusPending, 10, 0},
		{"another order's payment: not ours to refund", bootpaytest.ReceiptSpec{OrderID: "order-9", Price: price, Status: st(bootpay.StatusPaid)}, shop.StatusPending, 10, 0},
		{"captured with another amount: refunded", bootpaytest.ReceiptSpec{Price: 100, Status: st(bootpay.StatusPaid)}, shop.StatusRefunded, 10, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, postgresOrSQLite(t), options{})
			o := f.newOrder(t, shop.FlowBootpay)
			if tc.spec.OrderID == "" {
				tc.spec.OrderID = o.ID
			}
			rc := f.sb.Bootpay.CreateReceipt(tc.spec)
			f.confirming(t, o, rc.ReceiptID)
			for range 2 { // settling is idempotent
				f.reconcile(t, 0)
			}
			got := f.order(t, o.ID)
			if got.Status != tc.want || f.stock(t) != tc.stock {
				t.Errorf("order %s, stock %d; want %s, %d", got.Status, f.stock(t), tc.want, tc.stock)
			}
			f.wantBootpay(t, 0, 0, tc.cancels)
		})
	}
}

// postgresOrSQLite is one database for a table of cases: PostgreSQL when
// configured, else SQLite.
func postgresOrSQLite(t *testing.T) string {
	if getenv(PostgresEnv) != "" {
		return postgresDSN(t)
	}
	return t.TempDir() + "/shop.sqlite"
}

// The order is confirming and its receipt still awaits confirm: the result
// page's poll answers 202 confirming without confirming again. Once the
// confirm that was under way completes, the next poll answers paid.
func TestPollWaitsWhileTheConfirmMayComplete(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpay)
		rid := f.receipt(o, price)
		f.confirming(t, o, rid)
		if code, body := f.get(t, 0, "/api/orders/"+o.ID); code != http.StatusAccepted || body.Status != shop.StatusConfirming {
			t.Fatalf("got %d %+v, want 202 confirming", code, body)
		}
		f.wantBootpay(t, 0, 0, 0)
		if _, err := f.sb.Config.Bootpay.Receipts.Confirm(context.Background(), rid); err != nil { // the earlier confirm lands
			t.Fatal(err)
		}
		if code, body := f.get(t, 0, "/api/orders/"+o.ID); code != http.StatusOK || body.Status != shop.StatusPaid || body.ReceiptID != rid {
			t.Fatalf("got %d %+v, want 200 paid", code, body)
		}
		f.wantOrder(t, o.ID, shop.StatusPaid, rid, 1, 9)
		if code, _ := f.get(t, 0, "/api/orders/order-404"); code != http.StatusNotFound {
			t.Errorf("unknown order: %d, want 404", code)
		}
	})
}

// A captured payment with another amount is refunded once, whoever settles
// it and however often: the refund's reply is lost (its retry carries the
// same cancel_id), and two instances' reconcilers race.
func TestMismatchedCaptureIsRefundedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		o := f.newOrder(t, shop.FlowBootpay)
		rid := f.receipt(o, 100, bootpay.StatusPaid)
		f.confirming(t, o, rid)
		f.sb.Bootpay.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1)
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Go(func() {
				if _, err := f.inst[i].srv.ReconcileOnce(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		f.reconcile(t, 0) // a refund left unsettled by the race is finished here
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunded {
			t.Errorf("order %s, want refunded", got.Status)
		}
		f.wantBootpay(t, 0, 0, 1)
		ids := map[string]bool{}
		for _, r := range f.sb.Bootpay.Requests() {
			if r.Op == bootpaytest.OpCancel {
				var body struct {
					CancelID string `json:"cancel_id"`
				}
				if err := json.Unmarshal(r.Body, &body); err != nil {
					t.Fatal(err)
				}
				ids[body.CancelID] = true
			}
		}
		if len(ids) != 1 {
			t.Errorf("cancel_ids sent: %v, want one, reused by every attempt", ids)
		}
	})
}

// The browser retries an order whose confirm was left unsettled, and the
// receipt turns out to have failed: "not confirmed", the order pending
// again with its stock back, nothing confirmed.
func TestBrowserRetryOfAConfirmThatFailed(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpay)
		rid := f.receipt(o, price, bootpay.StatusApprovalFailed)
		f.confirming(t, o, rid)
		if code, body := f.confirm(t, 0, rid, o.ID); code != http.StatusBadRequest || body.Message != shop.ErrNotConfirmed.Error() {
			t.Fatalf("got %d %+v, want 400 not confirmed", code, body)
		}
		f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
		f.wantBootpay(t, 0, 0, 0)
	})
}

// The client confirm's /api/payment/complete verifies the whole receipt:
// outside sandbox mode a Bootpay test-mode receipt (no money moved) never
// pays the order and is not refunded; a receipt captured in another
// currency is a mismatch too, never a sale, and is refunded once as a
// stray, the order left pending, still payable.
func TestClientConfirmCompleteVerifiesTheReceipt(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) { c.AcceptTestPayments = false }})
	paid := bootpay.StatusPaid
	for _, tc := range []struct {
		name    string
		spec    bootpaytest.ReceiptSpec
		cancels int
	}{
		{"test mode", bootpaytest.ReceiptSpec{Price: price, Status: &paid, Sandbox: true}, 0},
		{"another currency", bootpaytest.ReceiptSpec{Price: price, Status: &paid, Currency: "USD"}, 1},
	} {
		o := f.newOrder(t, shop.FlowBootpayClient)
		tc.spec.OrderID = o.ID
		rid := f.sb.Bootpay.CreateReceipt(tc.spec).ReceiptID
		if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}); code != http.StatusBadRequest || body.Success {
			t.Errorf("%s: %d %+v, want 400", tc.name, code, body)
		}
		if got := f.order(t, o.ID); got.Status == shop.StatusPaid || got.PaidCount != 0 {
			t.Errorf("%s: order %s, paid %d times", tc.name, got.Status, got.PaidCount)
		}
		if n := f.sb.Bootpay.Stats().CancelsApplied; n != tc.cancels {
			t.Errorf("%s: %d cancels applied in all, want %d", tc.name, n, tc.cancels)
		}
		if got := f.order(t, o.ID); got.Status != shop.StatusPending || got.ReceiptID != "" {
			t.Errorf("%s: order %s (%q, receipt %q), want pending, still payable", tc.name, got.Status, got.Reason, got.ReceiptID)
		}
		f.wantAttempts(t, o.ID, "STRAY", tc.cancels)
		f.wantAttempts(t, o.ID, "STRAY_REFUNDED", tc.cancels)
	}
	if got := f.stock(t); got != 10 {
		t.Errorf("stock %d, want 10", got)
	}
}

// A Bootpay receipt naming a PortOne order (its id and amount) never pays
// it: the Bootpay webhook acts on the Bootpay flows only.
func TestBootpayWebhookActsOnBootpayOrdersOnly(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: "READY"})
	rid := f.receipt(o, price, bootpay.StatusPaid)
	if code := f.bootpayWebhook(t, 0, rid, o.ID, price); code != http.StatusOK {
		t.Errorf("webhook: %d, want 200 (a verdict: redelivering changes nothing)", code)
	}
	f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
}

// TestServerConfirmChecksTheCurrency: a receipt for the order's id and
// amount in another currency is never confirmed for a KRW order.
func TestServerConfirmChecksTheCurrency(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpay)
	usd := f.sb.Bootpay.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: o.ID, Price: price, Currency: "USD"}).ReceiptID
	code, body := f.confirm(t, 0, usd, o.ID)
	assert.NotEqual(t, shop.StatusPaid, f.order(t, o.ID).Status, "answered %d %s", code, body.Status)
	assert.Equal(t, 0, f.sb.Bootpay.Stats().ConfirmsApplied, "nothing confirmed")
}

// POST /api/confirm with a receipt that is not awaiting confirm — status 0
// (결제대기: the window is open) or 5 (a virtual account issued) — naming
// the order with its amount is refused by ConfirmVerified before any
// confirm is sent (MismatchError.AfterConfirm false: nothing captured).
// The order goes back to pending with its pair given back, answered 400
// not confirmed, so the buyer's real receipt can still be confirmed; kept
// confirming, the pair would stay held and the real receipt be refused
// ("not pending").
func TestConfirmRefusedBeforeConfirmingReleasesTheHold(t *testing.T) {
	for _, status := range []bootpay.Status{bootpay.StatusReady, bootpay.StatusVirtualAccountIssued} {
		t.Run(status.String(), func(t *testing.T) {
			f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
			o := f.newOrder(t, shop.FlowBootpay)
			early := f.receipt(o, price, status)
			if code, body := f.confirm(t, 0, early, o.ID); code != http.StatusBadRequest || body.Message != shop.ErrNotConfirmed.Error() {
				t.Errorf("a receipt not awaiting confirm: %d %s %q, want 400 not confirmed", code, body.Status, body.Message)
			}
			f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
			if got := f.order(t, o.ID); got.Held || got.Reason != shop.ReasonNotConfirmed {
				t.Errorf("held %v, reason %q; want nothing held, not_confirmed", got.Held, got.Reason)
			}
			real := f.receipt(o, price)
			if code, body := f.confirm(t, 0, real, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
				t.Errorf("the buyer's own receipt, awaiting confirm: %d %s %q, want 200 paid", code, body.Status, body.Message)
			}
			f.wantBootpay(t, 1, 1, 0)
		})
	}
}
