package shop_test

import (
	"log/slog"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// The reconciler reads an order awaiting its deposit, and its lookup reads
// the payment PARTIAL_CANCELLED; before it acts, another request pays the
// order with the deposit (adopt, on a lookup that read PAID before the
// store's 부분취소). startRefund finds the order paid and refunds nothing.
// The error logged says that, not "the rest is refunded" — which was logged
// before startRefund ran, whatever it then found.
func TestPartlyRefundedDepositOfAnOrderPaidMeanwhileIsLoggedAsPaid(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.partlyRefundedDeposit(t)
	logs := &logRecords{}
	paidMeanwhile := &afterResponse{next: f.sb.PortOne.Client().Transport, match: getOf(o.PaymentID), hook: func(n int) {
		if n == 1 {
			f.exec(t, `UPDATE orders SET status = ?, paid_count = 1 WHERE id = ?`, shop.StatusPaid, o.ID)
		}
	}}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: paidMeanwhile}))
	if err != nil {
		t.Fatal(err)
	}
	srv := f.hookedServer(t, func(c *shop.Config) { c.PortOne, c.Log = pc, slog.New(logs) })
	sent := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]
	reconcileOn(t, srv)

	if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Fatalf("order %s, paid %d times; want left paid (the race did not happen)", got.Status, got.PaidCount)
	}
	if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel] - sent; n != 0 {
		t.Errorf("%d cancels sent for a paid order, want none", n)
	}
	if logs.errorsNaming(o.ID, "refunding the rest") != 0 || logs.errorsNaming(o.ID, "rest is refunded") != 0 {
		t.Error("an error says the rest of the deposit is refunded, yet the order was paid and nothing was refunded")
	}
	if logs.errorsNaming(o.ID, "paid with it meanwhile", "nothing is refunded") != 1 {
		t.Error("no error says the order was paid meanwhile and nothing was refunded")
	}
}
