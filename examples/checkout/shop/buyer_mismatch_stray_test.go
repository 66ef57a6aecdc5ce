package shop_test

import (
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A receipt of another amount naming a client-confirm order, posted to
// /api/payment/complete with the order's buyer's own session — by the
// buyer, or by a page a stranger's link opened in the buyer's browser — is
// refused (400 amount_mismatch) and refunded once as a stray; the order
// stays pending, its stock untouched, and the buyer's genuine payment then
// pays it. The session proves whose order it is, not whose payment.
func TestClientConfirmForgedAmountFromTheBuyersSessionLeavesTheOrderPayable(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpayClient)
		forged := f.receipt(o, 100, bootpay.StatusPaid)
		if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: forged, OrderID: o.ID}); code != http.StatusBadRequest || body.Reason != shop.ReasonAmountMismatch {
			t.Errorf("forged receipt: %d %+v, want 400 amount_mismatch", code, body)
		}
		// The page reloads: the receipt, refunded now, is refused again.
		if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: forged, OrderID: o.ID}); code != http.StatusBadRequest {
			t.Errorf("forged receipt again: %d %+v, want 400", code, body)
		}
		f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
		f.wantAttempts(t, o.ID, "STRAY", 1)
		f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)
		if rc, _ := f.sb.Bootpay.Receipt(forged); rc.Status != bootpay.StatusCancelled || rc.RemainingPrice() != 0 {
			t.Errorf("forged receipt %s, want refunded in full", rc.Status)
		}

		genuine := f.receipt(o, price, bootpay.StatusPaid)
		if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: genuine, OrderID: o.ID}); code != http.StatusOK || body.Status != shop.StatusPaid {
			t.Errorf("the buyer's genuine payment: %d %s (%q), want 200 paid", code, body.Status, body.Reason)
		}
		f.wantOrder(t, o.ID, shop.StatusPaid, genuine, 1, 9)
		if st := f.sb.Bootpay.Stats(); st.CancelsApplied != 1 || st.Requests[bootpaytest.OpCancel] != 1 {
			t.Errorf("%d cancels sent, %d applied; want the forged receipt's one", st.Requests[bootpaytest.OpCancel], st.CancelsApplied)
		}
	})
}
