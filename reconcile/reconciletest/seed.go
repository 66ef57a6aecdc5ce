package reconciletest

import (
	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// The seeders below create the gateway side of a Plan in a sandbox through
// the sandbox's own public API, so that the sandboxes know nothing of
// reconciliation. Each returns how many records it created. Load
// plan.Merchant() into the merchant's database and reconcile
// plan.Period(): plan.Expected() is what must be reported. A key already
// in use makes the sandbox panic, like a failed test setup.

// SeedPortOne creates one payment per gateway record of plan: its id the
// record's key, its total the record's amount, requested at the record's
// time, in the record's status (pending as VIRTUAL_ACCOUNT_ISSUED; a
// partial or full cancel as one SUCCEEDED cancellation). The payments go
// through the sandbox's only channel, a TEST channel: reconcile them with
// a reconcile.PortOneGateway whose AllowTest is set, or every paid one
// reads as no money taken.
func SeedPortOne(srv *portonetest.Server, plan Plan) int {
	return seed(plan, func(r reconcile.Record) {
		spec := portonetest.PaymentSpec{ID: r.Key, Total: r.Amount, RequestedAt: r.At, Status: portone.PaymentStatusPaid}
		switch r.Status {
		case reconcile.StatusPending:
			spec.Status = portone.PaymentStatusVirtualAccountIssued
		case reconcile.StatusFailed:
			spec.Status = portone.PaymentStatusFailed
		case reconcile.StatusPartiallyCancelled:
			spec.Status, spec.Cancelled = portone.PaymentStatusPartialCancelled, r.Cancelled
		case reconcile.StatusCancelled:
			spec.Status = portone.PaymentStatusCancelled
		}
		srv.CreatePayment(spec)
	})
}

// SeedBootpay creates one receipt per gateway record of plan: its receipt
// id the record's key (which the merchant stores), its price the record's
// amount, requested at the record's time, in the record's status (pending
// as 2 승인대기, failed as -2 결제 승인 실패, a partial or full cancel as 20
// with its cancelled_price). The receipts are live-mode ones (sandbox:
// false), so a reconcile.BootpayGateway places them without AllowSandbox.
// Bootpay PG has no list of payments, so a plan's MissingAtMerchant
// records cannot be found: seed none.
func SeedBootpay(srv *bootpaytest.Server, plan Plan) int {
	return seed(plan, func(r reconcile.Record) {
		spec := bootpaytest.ReceiptSpec{ReceiptID: r.Key, OrderID: "order-" + r.Key, Price: r.Amount, RequestedAt: r.At}
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
		srv.CreateReceipt(spec)
	})
}

// SeedCommerce creates one order per gateway record of plan: its order
// number the record's key (which the merchant stores), its price the
// record's amount, created at the record's time, in the record's status:
// pending as 1 입금대기 with a virtual account (receipt_status 5), failed
// as 0 주문대기 with receipt_status -2, a partial cancel as a paid order
// with that much cancelled (as an approved partial cancellation leaves
// it), a full cancel as 10 취소완료 with receipt_status 20.
func SeedCommerce(srv *commercetest.Server, plan Plan) int {
	return seed(plan, func(r reconcile.Record) {
		status, receipt := commerce.OrderPaid, commerce.ReceiptPaid
		switch r.Status {
		case reconcile.StatusPending:
			status, receipt = commerce.OrderDepositWait, commerce.ReceiptVirtualAccount
		case reconcile.StatusFailed:
			status, receipt = commerce.OrderReady, commerce.ReceiptFailed
		case reconcile.StatusCancelled:
			status, receipt = commerce.OrderCancelled, commerce.ReceiptCancelled
		}
		srv.CreateOrder(commercetest.OrderSpec{OrderNumber: r.Key, Price: r.Amount, CreatedAt: r.At,
			CancelledPrice: r.Cancelled, Status: &status, ReceiptStatus: &receipt})
	})
}

// seed calls create with each gateway record of plan and returns how many
// it created.
func seed(plan Plan, create func(reconcile.Record)) int {
	n := 0
	for r := range plan.Gateway() {
		create(r)
		n++
	}
	return n
}
