package portonetest

import (
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// Seed creates the gateway side of plan: one payment per record that has a
// gateway side, its id the record's key, its total the record's amount,
// requested at the record's time, in the record's status (pending as
// VIRTUAL_ACCOUNT_ISSUED; a partial or full cancel as one SUCCEEDED
// cancellation). It returns how many payments it created. Load
// plan.Merchant() into the merchant's database and reconcile plan.Period():
// plan.Expected() is what must be reported.
//
// It panics, like a failed test setup, when a key is already in use.
func (s *Server) Seed(plan reconciletest.Plan) int {
	n := 0
	for r := range plan.Gateway() {
		s.CreatePayment(seedSpec(r))
		n++
	}
	return n
}

// seedSpec is the PaymentSpec of a plan's gateway record.
func seedSpec(r reconcile.Record) PaymentSpec {
	spec := PaymentSpec{ID: r.Key, Total: r.Amount, RequestedAt: r.At}
	switch r.Status {
	case reconcile.StatusPending:
		spec.Status = portone.PaymentStatusVirtualAccountIssued
	case reconcile.StatusFailed:
		spec.Status = portone.PaymentStatusFailed
	case reconcile.StatusPartiallyCancelled:
		spec.Status, spec.Cancelled = portone.PaymentStatusPartialCancelled, r.Cancelled
	case reconcile.StatusCancelled:
		spec.Status = portone.PaymentStatusCancelled
	default:
		spec.Status = portone.PaymentStatusPaid
	}
	return spec
}
