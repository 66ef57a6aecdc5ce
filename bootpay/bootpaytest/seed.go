package bootpaytest

import (
	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// Seed creates the gateway side of plan: one receipt per record that has a
// gateway side, its receipt id the record's key (which the merchant
// stores), its price the record's amount, requested at the record's time,
// in the record's status (pending as 2 승인대기, failed as -2 결제 승인
// 실패, a partial or full cancel as 20 with its cancelled_price). It
// returns how many receipts it created. Load plan.Merchant() into the
// merchant's database and reconcile plan.Period(): plan.Expected() is what
// must be reported, except MissingAtMerchant, which Bootpay PG cannot show
// (it has no list of payments): seed none.
//
// It panics, like a failed test setup, when a key is already in use.
func (s *Server) Seed(plan reconciletest.Plan) int {
	n := 0
	for r := range plan.Gateway() {
		s.CreateReceipt(seedSpec(r))
		n++
	}
	return n
}

// seedSpec is the ReceiptSpec of a plan's gateway record.
func seedSpec(r reconcile.Record) ReceiptSpec {
	spec := ReceiptSpec{ReceiptID: r.Key, OrderID: "order-" + r.Key, Price: r.Amount, RequestedAt: r.At}
	status := bootpay.StatusPaid
	switch r.Status {
	case reconcile.StatusPending:
		status = bootpay.StatusAwaitingConfirm
	case reconcile.StatusFailed:
		status = bootpay.StatusApprovalFailed
	case reconcile.StatusPartiallyCancelled, reconcile.StatusCancelled:
		status, spec.CancelledPrice = bootpay.StatusCancelled, r.Cancelled
	}
	spec.Status = &status
	return spec
}
