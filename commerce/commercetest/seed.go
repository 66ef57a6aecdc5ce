package commercetest

import (
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// Seed creates the gateway side of plan: one order per record that has a
// gateway side, its order number the record's key (which the merchant
// stores), its price the record's amount, created at the record's time,
// in the record's status: pending as 1 입금대기 with a virtual account
// (receipt_status 5), failed as 0 주문대기 with receipt_status -2, a
// partial cancel as a paid order with that much cancelled (as an approved
// partial cancellation leaves it), a full cancel as 10 취소완료 with
// receipt_status 20. It returns how many orders it created. Load
// plan.Merchant() into the merchant's database and reconcile
// plan.Period(): plan.Expected() is what must be reported.
//
// It panics, like a failed test setup, when a key is already in use.
func (s *Server) Seed(plan reconciletest.Plan) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for r := range plan.Gateway() {
		s.seedLocked(r)
		n++
	}
	return n
}

func (s *Server) seedLocked(r reconcile.Record) {
	if _, taken := s.numbers[r.Key]; taken {
		panic("commercetest: Seed: order number " + r.Key + " already exists")
	}
	status, receipt := commerce.OrderPaid, commerce.ReceiptPaid
	switch r.Status {
	case reconcile.StatusPending:
		status, receipt = commerce.OrderDepositWait, commerce.ReceiptVirtualAccount
	case reconcile.StatusFailed:
		status, receipt = commerce.OrderReady, commerce.ReceiptFailed
	case reconcile.StatusCancelled:
		status, receipt = commerce.OrderCancelled, commerce.ReceiptCancelled
	}
	ref := s.createOrderLocked(OrderSpec{Price: r.Amount, Status: &status, ReceiptStatus: &receipt}, "")
	o := s.orders[ref.OrderID]
	delete(s.numbers, o.number)
	o.number = r.Key
	s.numbers[o.number] = o.id
	o.createdAt, o.paidAt, o.cancelledPrice = r.At, r.At, r.Cancelled
}
