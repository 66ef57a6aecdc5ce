package shop_test

import (
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// The reconciler looks for lost payments among pending orders, at most 50
// a pass; it took them ORDER BY looked_up_at: an order never looked up (0) always comes
// before one looked up before, whenever that one is due again. Anyone can
// make pending orders (POST /api/orders needs no account, and each costs
// the shop a PortOne lookup a pass): 50 fresh ones a pass (30 s) — under
// two a second — take every slot, and a buyer who paid after the order's
// first lookup, whose callback and webhook were lost, is never looked up
// again while they keep coming: charged, never fulfilled, and after
// PendingLookback never looked for at all. An order due again should not
// wait behind orders made after it (schedule by when each is due), and
// order creation wants a rate limit.
func TestReconcilerFindsADueOrderAmongFreshOnes(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		paid := f.newOrder(t, shop.FlowPortOne)
		// Made an hour ago and looked up half an hour ago (the window was
		// not opened yet): due again, as a quarter of its age has passed.
		f.exec(t, `UPDATE orders SET created_at = created_at - 3600000, looked_up_at = created_at - 1800000 WHERE id = ?`, paid.ID)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: paid.PaymentID, Total: price}) // paid since; callback and webhook lost
		for range 50 {
			f.newOrder(t, shop.FlowPortOne) // orders nobody pays, made since
		}
		f.reconcile(t, 0)
		if got := f.order(t, paid.ID); got.Status != shop.StatusPaid {
			t.Errorf("a paid order due for its lookup is %s after a pass behind 50 fresh orders, want paid", got.Status)
		}
	})
}
