package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// consoleKey is the Idempotency-Key of the tests' 부분취소 in PortOne's
// console.
const consoleKey = "console-partial-cancel-0001"

// cancelsSent lists the status and Idempotency-Key of every cancel the
// shop sent PortOne, in order.
func cancelsSent(f *fixture) (statuses []int, keys []string) {
	for _, r := range f.sb.PortOne.Requests() {
		if r.Op == portonetest.OpPaymentCancel && r.IdempotencyKey != consoleKey {
			statuses, keys = append(statuses, r.StatusCode), append(keys, r.IdempotencyKey)
		}
	}
	return statuses, keys
}

// A full cancel names the balance its lookup read (CurrentCancellableAmount).
// When that read is stale — a 부분취소 in PortOne's console lands between
// the lookup and the cancel — PortOne refuses it with 409
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: nothing refunded, a definite
// answer. Sent again under the SAME Idempotency-Key with the new balance,
// the cancel is another request under a key PortOne keeps (about 3
// hours): refused (sandbox: 422 IDEMPOTENCY_KEY_REUSED) pass after pass.
// The shop looks the payment up again, sees the balance moved, and moves
// the refund's key on: the next pass refunds the rest, once.
func TestStaleBalanceRefusalDoesNotPinTheRefundKey(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		ctx := context.Background()
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		f.setStock(t, 0) // the stock went: the payment must be refunded
		// The first cancel is refused before PortOne looks at its key: the
		// order stays refunding, the key unused.
		f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusBadRequest,
			portonetest.ErrorBody(portone.ErrorTypeInvalidRequest, "")), 1)
		f.complete(t, 0, o.PaymentID, o.ID)
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
			t.Fatalf("order %s, want refunding", got.Status)
		}
		// The next pass's lookup is answered, and then — before the shop's
		// cancel — someone cancels 1,000 won in PortOne's console.
		console := &afterResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), hook: func(n int) {
			if n != 1 {
				return
			}
			p, err := f.sb.Config.PortOne.Payments.Get(ctx, o.PaymentID)
			if err != nil {
				t.Error(err)
				return
			}
			balance := p.Amount.Total - p.Amount.Cancelled
			_, err = f.sb.Config.PortOne.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: o.PaymentID, Amount: 1000, Reason: "콘솔 부분취소",
				CurrentCancellableAmount: &balance}, portone.WithIdempotencyKey(consoleKey))
			if err != nil {
				t.Error(err)
			}
		}}
		pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: console}))
		if err != nil {
			t.Fatal(err)
		}
		srv := f.hookedServer(t, func(c *shop.Config) { c.PortOne = pc })
		f.reconcilePasses(t, srv, 1) // the stale balance: 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN
		if statuses, _ := cancelsSent(f); len(statuses) != 2 || statuses[1] != http.StatusConflict {
			t.Fatalf("cancel answers %v, want [400 409]: the test's premise failed", statuses)
		}
		f.wantAttempts(t, o.ID, "CANCEL_FAILED", 1)
		f.reconcilePasses(t, srv, 3) // the fresh balance, under a new key
		p, err := f.sb.Config.PortOne.Payments.Get(ctx, o.PaymentID)
		if err != nil {
			t.Fatal(err)
		}
		statuses, keys := cancelsSent(f)
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunded || p.Status != portone.PaymentStatusCancelled || p.Amount.Cancelled != price {
			t.Errorf("three passes after a 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: order %s, payment %s (%d won cancelled), cancel answers %v; want refunded, %d cancelled",
				got.Status, p.Status, p.Amount.Cancelled, statuses, price)
		}
		// 400 and 409 under the first key, 200 under the second; nothing more.
		if len(statuses) != 3 || statuses[2] != http.StatusOK || keys[0] != keys[1] || keys[1] == keys[2] {
			t.Errorf("cancels %v under keys %v, want [400 409 200], the last under a new key", statuses, keys)
		}
		if n := f.sb.PortOne.Stats().IdempotencyMismatches; n != 0 {
			t.Errorf("%d cancels refused as another request under a kept key (422), want none", n)
		}
	})
}

// A 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN while a fresh
// lookup still reads the balance the cancel named proves nothing changed
// that a new key would fix: PortOne's lookup and its cancel disagree. The
// shop logs it at error level every pass, sends nothing but the same
// cancel under the same key, and never moves the key on (no new key, and
// no CANCEL_FAILED record, every pass).
func TestStaleBalanceRefusalWithTheSameBalanceIsReportedAndKeepsTheKey(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	f.setStock(t, 0)
	f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusConflict,
		portonetest.ErrorBody(portone.ErrorTypeCancellableAmountConsistencyBroken, "")), -1)
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	if _, _, err := srv.CompletePortOne(context.Background(), shop.CompleteRequest{PaymentID: o.PaymentID, OrderID: o.ID}); err != nil {
		t.Fatal(err)
	}
	f.reconcilePasses(t, srv, 3)
	statuses, keys := cancelsSent(f)
	if len(statuses) != 4 || len(distinct(keys)) != 1 {
		t.Errorf("cancels %v under %d keys, want 4 (one a pass) under one", statuses, len(distinct(keys)))
	}
	f.wantAttempts(t, o.ID, "CANCEL_FAILED", 0)
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Errorf("order %s, want refunding", got.Status)
	}
	if n := logs.errorsNaming(o.ID, "a person should look"); n != 4 {
		t.Errorf("%d error records naming the order and a person, want one a cancel (4)", n)
	}
}
