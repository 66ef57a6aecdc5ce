package shop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// A refund PortOne answered REQUESTED (the PG cancels asynchronously) is a
// cancellation under way: while the payment's lookup lists it, the shop
// must not send another. Every reconciler pass sends the full cancel again
// under the refund's Idempotency-Key; PortOne keeps a key about 3 hours,
// after which the same request is a NEW cancel of a payment that already
// has one pending, and whether PortOne refuses that is UNCONFIRMED — the
// behaviour that can never refund twice is to wait for the one requested
// (its Transaction.Cancelled, or a lookup that reads it SUCCEEDED or
// FAILED), as cancelCommerce waits for a request awaiting approval.
func TestPortOneRefundWaitsWhileACancellationIsRequested(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	f.setStock(t, 0) // the stock went: the payment must be refunded
	requested := []byte(`{"status":"REQUESTED","id":"cancel-requested-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,` +
		`"reason":"x","requestedAt":"2026-01-01T00:00:00Z"}`)
	// PortOne answers every cancel REQUESTED: the PG has not finished it.
	f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusOK, `{"cancellation":`+string(requested)+`}`), -1)
	// Once a cancel was answered, PortOne's lookup lists it, the payment
	// still PAID (a requested cancellation does not change the status).
	var listed atomic.Bool
	rt := &rewriteResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), rewrite: func(b []byte) []byte {
		if !listed.Load() {
			return b
		}
		return bytes.Replace(b, []byte(`"status":"PAID",`), append(append([]byte(`"status":"PAID","cancellations":[`), requested...), "],"...), 1)
	}}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	srv := f.hookedServer(t, func(c *shop.Config) { c.PortOne = pc })
	ctx := context.Background()
	if _, _, err := srv.CompletePortOne(ctx, shop.CompleteRequest{PaymentID: o.PaymentID, OrderID: o.ID}); err != nil {
		t.Fatal(err)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Fatalf("order %s, want refunding while the cancellation is REQUESTED", got.Status)
	}
	listed.Store(true)
	p, err := pc.Payments.Get(ctx, o.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if paid, ok := p.Paid(); !ok || len(paid.Cancellations) != 1 || paid.Cancellations[0].Status() != portone.PaymentCancellationStatusRequested {
		t.Fatalf("the lookup the shop reads: %s, want PAID listing one REQUESTED cancellation", p.Status)
	}
	for range 2 {
		if _, err := srv.ReconcileOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]; n != 1 {
		t.Errorf("%d cancels sent for one payment whose lookup lists its cancellation REQUESTED, want 1 (wait for it)", n)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Errorf("order %s, want refunding until the requested cancellation ends", got.Status)
	}
}

// A cancel PortOne answered REQUESTED that its lookup later lists FAILED
// refunded nothing, but its Idempotency-Key's stored answer still reads
// REQUESTED: sent again under that key, it would be waited for until
// PortOne forgets the key. The pass that sees the stored answer's
// cancellation listed FAILED moves the refund's attempt on, and the next
// pass sends a new cancel under a new key, which refunds the payment once.
func TestPortOneRequestedCancellationThatFailedIsSentAnew(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	f.setStock(t, 0)
	cancellation := func(status string) string {
		return `{"status":"` + status + `","id":"cancel-requested-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,` +
			`"reason":"x","requestedAt":"2026-01-01T00:00:00Z"}`
	}
	// PortOne answers the cancel REQUESTED, and answers it so again under
	// its key (its stored answer), until the fault is cleared.
	f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusOK, `{"cancellation":`+cancellation("REQUESTED")+`}`), -1)
	var failed atomic.Bool // the lookup lists the cancellation FAILED
	rt := &rewriteResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), rewrite: func(b []byte) []byte {
		if !failed.Load() {
			return b
		}
		return bytes.Replace(b, []byte(`"status":"PAID",`), []byte(`"status":"PAID","cancellations":[`+cancellation("FAILED")+`],`), 1)
	}}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	srv := f.hookedServer(t, func(c *shop.Config) { c.PortOne = pc })
	ctx := context.Background()
	if _, _, err := srv.CompletePortOne(ctx, shop.CompleteRequest{PaymentID: o.PaymentID, OrderID: o.ID}); err != nil {
		t.Fatal(err)
	}
	failed.Store(true)
	if _, err := srv.ReconcileOnce(ctx); err != nil { // the stored REQUESTED answer, listed FAILED
		t.Fatal(err)
	}
	f.wantAttempts(t, o.ID, "CANCEL_FAILED", 1)
	f.sb.PortOne.ClearFaults()
	if _, err := srv.ReconcileOnce(ctx); err != nil {
		t.Fatal(err)
	}
	keys := cancelKeys(f)
	if len(keys) != 3 || keys[0] != keys[1] || keys[1] == keys[2] {
		t.Errorf("cancel keys %q: want the REQUESTED one's key twice, then a new one", keys)
	}
	if got, st := f.order(t, o.ID), f.sb.PortOne.Stats(); got.Status != shop.StatusRefunded || st.CancelsApplied != 1 {
		t.Errorf("order %s after %d cancels applied, want refunded by one", got.Status, st.CancelsApplied)
	}
}

// A full cancel names the balance the lookup shows
// (currentCancellableAmount: total less what was cancelled), so that
// PortOne cancels only from that view of the payment and the SDK can
// check the answer's amount.
func TestPortOneFullCancelNamesTheBalance(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusPartialCancelled, Cancelled: 1000})
	f.complete(t, 0, o.PaymentID, o.ID) // refunded in part before the shop saw it: the rest is refunded as a stray
	var bodies []map[string]any
	for _, r := range f.sb.PortOne.Requests() {
		if r.Op == portonetest.OpPaymentCancel {
			var b map[string]any
			if err := json.Unmarshal(r.Input(), &b); err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, b)
		}
	}
	if len(bodies) != 1 || bodies[0]["currentCancellableAmount"] != float64(price-1000) || bodies[0]["amount"] != nil {
		t.Errorf("cancels sent %v, want one full cancel (no amount) naming currentCancellableAmount %d", bodies, price-1000)
	}
	if st := f.sb.PortOne.Stats(); st.CancelsApplied != 1 {
		t.Errorf("%d cancels applied, want 1", st.CancelsApplied)
	}
}
