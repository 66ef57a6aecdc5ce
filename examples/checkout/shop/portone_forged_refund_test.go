package shop_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// cancelKeys lists the Idempotency-Keys of the cancels PortOne received.
func cancelKeys(f *fixture) []string {
	var keys []string
	for _, r := range f.sb.PortOne.Requests() {
		if r.Op == portonetest.OpPaymentCancel {
			keys = append(keys, r.IdempotencyKey)
		}
	}
	return keys
}

// wantForgedRefundedOnce checks that the payment of order o, of another
// amount or currency, reads CANCELLED after ONE cancel applied, that it is
// recorded a stray and recorded refunded once, and that the order stayed
// pending, never paid, holding nothing.
func (f *fixture) wantForgedRefundedOnce(t *testing.T, o *shop.Order) {
	t.Helper()
	p, err := f.sb.Config.PortOne.Payments.Get(context.Background(), o.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if st := f.sb.PortOne.Stats(); p.Status != portone.PaymentStatusCancelled || st.CancelsApplied != 1 {
		t.Errorf("the forged payment reads %s after %d cancels (%d applied); want CANCELLED by one", p.Status, st.Requests[portonetest.OpPaymentCancel], st.CancelsApplied)
	}
	f.wantAttempts(t, o.ID, "STRAY", 1)
	f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)
	if got := f.order(t, o.ID); got.Status != shop.StatusPending || got.PaidCount != 0 || got.Held {
		t.Errorf("order %s, paid %d times, held %v; want pending, never paid, holding nothing", got.Status, got.PaidCount, got.Held)
	}
}

// A PortOne payment under the order's paymentId, PAID with another amount
// (위변조 의심), used to be refused and kept: REFUSED recorded, a warning
// logged, the money held by PortOne for ever, while the package's doc said
// such a payment is refunded however it reaches the shop. It is refunded
// in full as a stray — one cancel, under a key derived from the order —
// and the browser's retry, Transaction.Paid's delivery and redelivery and
// the reconciler's passes send nothing more.
func TestPortOnePaymentOfAnotherAmountIsRefundedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: 100})
		for range 2 {
			if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusBadRequest || body.Reason != shop.ReasonAmountMismatch {
				t.Errorf("complete: %d %+v, want 400 amount_mismatch", code, body)
			}
		}
		for range 2 {
			if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-forged"); code != http.StatusOK {
				t.Errorf("Transaction.Paid: %d, want 200 (a verdict)", code)
			}
		}
		f.reconcilePasses(t, f.inst[0].srv, 3)
		f.wantForgedRefundedOnce(t, o)
		if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]; n != 1 {
			t.Errorf("%d cancels sent, want 1", n)
		}
	})
}

// The same reached first by the reconciler (the browser's callback and the
// webhook lost), for a payment of another currency refunded in part in
// PortOne's console (PARTIAL_CANCELLED): PortOne's Full cancel takes the
// rest, once.
func TestPortOnePartlyRefundedPaymentOfAnotherCurrencyIsRefundedByTheReconciler(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Currency: portone.CurrencyUSD,
		Status: portone.PaymentStatusPartialCancelled, Cancelled: 1000})
	f.reconcilePasses(t, f.inst[0].srv, 3)
	f.wantForgedRefundedOnce(t, o)
}

// A cancel whose answer is lost (applied at PortOne, 500 to the shop on
// every try) is an unknown outcome: the stray stays recorded, not
// refunded. The reconciler's next pass, its lookup failing, sends nothing
// (without a lookup it cannot tell a cancellation under way, nor name the
// balance the cancel expects). The pass after, its lookup lagging the
// cancel (still PAID, nothing cancelled), sends it again under the SAME
// Idempotency-Key, which PortOne answers from what it stored: one cancel
// applied, the stray recorded refunded once.
func TestPortOneForgedPaymentRefundRetriedUnderItsKey(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	paid, err := json.Marshal(f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: 100}))
	if err != nil {
		t.Fatal(err)
	}
	f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.StatusAfterApply(http.StatusInternalServerError, `{"type":"INTERNAL","message":"lost"}`), 3)
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusBadRequest {
		t.Errorf("complete: %d %+v, want 400", code, body)
	}
	f.wantAttempts(t, o.ID, "STRAY", 1)
	f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 0)
	if n := f.sb.PortOne.PendingFaults(portonetest.OpPaymentCancel); n != 0 {
		t.Fatalf("%d lost cancel answers left over: the first call did not try 3 times", n)
	}
	sent := len(cancelKeys(f))
	f.sb.PortOne.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusServiceUnavailable, `{"type":"INTERNAL","message":"down"}`), 3)
	f.reconcile(t, 0)
	if keys := cancelKeys(f); len(keys) != sent {
		t.Errorf("%d cancels sent by a pass whose lookup failed, want none", len(keys)-sent)
	}
	f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 0)
	f.sb.PortOne.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusOK, string(paid)), 1)
	f.reconcile(t, 0)
	keys := cancelKeys(f)
	if len(keys) != sent+1 || keys[0] == "" || len(slices.Compact(slices.Clone(keys))) != 1 {
		t.Errorf("cancel keys %q (%d before the pass): want the pass to send one more, every one under the same key", keys, sent)
	}
	f.wantForgedRefundedOnce(t, o)
}

// Payments that moved no money are refused and never refunded: a TEST
// channel's outside sandbox mode, a FAILED one, one still READY — each of
// another amount. No cancel is sent, no stray recorded.
func TestPortOnePaymentThatMovedNoMoneyIsNotRefunded(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) { c.AcceptTestPayments = false }})
	live := &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, PGProvider: portone.PGProviderTosspayments, PGMerchantID: "tosstest"}
	for name, spec := range map[string]portonetest.PaymentSpec{
		"test channel": {Total: 100},
		"failed":       {Total: 100, Status: portone.PaymentStatusFailed, Channel: live},
		"ready":        {Total: 100, Status: portone.PaymentStatusReady, Channel: live},
	} {
		o := f.newOrder(t, shop.FlowPortOne)
		spec.ID = o.PaymentID
		f.sb.PortOne.CreatePayment(spec)
		if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusBadRequest {
			t.Errorf("%s: %d %+v, want 400", name, code, body)
		}
		f.wantAttempts(t, o.ID, "STRAY", 0)
	}
	f.reconcilePasses(t, f.inst[0].srv, 2)
	if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]; n != 0 {
		t.Errorf("%d cancels sent for payments that moved no money, want 0", n)
	}

	// A LIVE channel's payment of another amount moved money: refunded.
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: 100, Channel: live})
	f.complete(t, 0, o.PaymentID, o.ID)
	f.wantForgedRefundedOnce(t, o)
}

// The browser's completions and Transaction.Paid's deliveries race on two
// instances for one payment of another amount: PortOne applies one
// cancel, and the stray is recorded, and recorded refunded, once.
func TestPortOnePaymentOfAnotherAmountRacedIsRefundedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: 100})
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				if i%2 == 0 {
					f.complete(t, i/2%2, o.PaymentID, o.ID)
					return
				}
				f.portoneWebhook(t, i/2%2, "Transaction.Paid", o.PaymentID, "msg-"+strconv.Itoa(i))
			})
		}
		wg.Wait()
		f.reconcile(t, 0)
		f.wantForgedRefundedOnce(t, o)
	})
}
