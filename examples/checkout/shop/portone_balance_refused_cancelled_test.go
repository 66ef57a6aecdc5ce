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

// balanceRefused treats a 409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN whose
// fresh lookup reads the payment CANCELLED as "nothing was refunded": it
// records CANCEL_FAILED under the key, moves the refund's attempt on and
// logs an error saying nothing was refunded — while the payment it has
// just read is refunded in full (cancelPortOne itself takes CANCELLED as
// the refund done). Here the payment is cancelled in full in PortOne's
// console between the pass's lookup and the shop's cancel, which PortOne
// refuses with that 409 (whether PortOne checks the balance before the
// status is UNCONFIRMED; the same holds for the shop's own earlier
// cancel read by a lagging lookup). Money-wise harmless — the next pass
// reads CANCELLED — but the record and the error say the opposite of what
// happened, and a person chasing "nothing was refunded" refunds by hand
// a payment already refunded. A CANCELLED re-lookup is the refund done:
// no CANCEL_FAILED, no error, the order refunded in that pass.
func TestBalanceRefusedOnACancelledPaymentIsNoFailedCancel(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	ctx := context.Background()
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	f.setStock(t, 0) // the stock went: the payment must be refunded
	f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusBadRequest,
		portonetest.ErrorBody(portone.ErrorTypeInvalidRequest, "")), 1)
	f.complete(t, 0, o.PaymentID, o.ID)
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Fatalf("order %s, want refunding", got.Status)
	}
	console := &afterResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), hook: func(n int) {
		if n != 1 {
			return
		}
		balance := int64(price)
		if _, err := f.sb.Config.PortOne.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: o.PaymentID, Full: true, Reason: "콘솔 전액취소",
			CurrentCancellableAmount: &balance}, portone.WithIdempotencyKey(consoleKey)); err != nil {
			t.Error(err)
		}
		f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusConflict,
			portonetest.ErrorBody(portone.ErrorTypeCancellableAmountConsistencyBroken, "")), 1)
	}}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: console}))
	if err != nil {
		t.Fatal(err)
	}
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.PortOne, c.Log = pc, slog.New(logs) })
	f.reconcilePasses(t, srv, 1)
	if statuses, _ := cancelsSent(f); len(statuses) != 2 || statuses[1] != http.StatusConflict {
		t.Fatalf("cancel answers %v, want [400 409]: the test's premise failed", statuses)
	}
	p, err := f.sb.Config.PortOne.Payments.Get(ctx, o.PaymentID)
	if err != nil || p.Status != portone.PaymentStatusCancelled || p.Amount.Cancelled != price {
		t.Fatalf("payment %+v, %v; want CANCELLED in full by the console", p, err)
	}
	f.wantAttempts(t, o.ID, "CANCEL_FAILED", 0)
	if n := logs.errorsNaming(o.ID, "nothing was refunded"); n != 0 {
		t.Errorf("%d error records saying nothing was refunded for a payment that reads CANCELLED, want none", n)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded {
		t.Errorf("order %s after the pass whose lookup read the payment CANCELLED, want refunded", got.Status)
	}
}
