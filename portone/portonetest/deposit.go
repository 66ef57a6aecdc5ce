package portonetest

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
)

// ErrNotAwaitingDeposit is returned by [Server.Deposit] for a payment that is
// not VIRTUAL_ACCOUNT_ISSUED (nothing to deposit into, or already paid).
var ErrNotAwaitingDeposit = errors.New("portonetest: the payment is not VIRTUAL_ACCOUNT_ISSUED")

// ErrUnknownPayment is returned by [Server.Deposit] for a payment id the
// sandbox does not hold.
var ErrUnknownPayment = errors.New("portonetest: no such payment")

// Deposit is the buyer's deposit into a virtual account (가상계좌 입금): the
// payment paymentID, VIRTUAL_ACCOUNT_ISSUED, becomes PAID for its whole
// total, with paidAt, statusChangedAt and updatedAt set to now by the
// server's clock, as PortOne's payment reads after the deposit
// (https://developers.portone.io/opi/ko/integration/pg/v2/virtual-account), and a PAID payment
// event is recorded at that time (GET /payment-events-by-cursor).
// Its method stays the virtual account. The sandbox sends no webhook; a
// test delivers Transaction.Paid itself. It returns the payment as a client
// now reads it, or [ErrUnknownPayment] or [ErrNotAwaitingDeposit] with the
// payment unchanged. A partial deposit is not modelled.
func (s *Server) Deposit(paymentID string) (portone.Payment, error) {
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payments[paymentID]
	if p == nil {
		return portone.Payment{}, fmt.Errorf("%w: %q", ErrUnknownPayment, paymentID)
	}
	if p.status != portone.PaymentStatusVirtualAccountIssued {
		return portone.Payment{}, fmt.Errorf("%w: %q is %s", ErrNotAwaitingDeposit, paymentID, p.status)
	}
	p.status = portone.PaymentStatusPaid
	p.paidAt, p.statusAt, p.updatedAt = now, now, now
	p.receiptURL = "https://sandbox.portone.invalid/receipts/" + p.txID
	s.recordPaidLocked(p, now)
	return p.snapshot(), nil
}

// closedVirtualAccountJSON is the answer of POST /payments/{paymentId}/virtual-account/close
// (CloseVirtualAccountResponse).
type closedVirtualAccountJSON struct {
	ClosedAt time.Time `json:"closedAt"`
}

// handleCloseVirtualAccount serves POST /payments/{paymentId}/virtual-account/close?storeId= (가상계좌
// 말소): a VIRTUAL_ACCOUNT_ISSUED payment's account is closed, so no [Server.Deposit] can complete
// it, and the answer is {closedAt}. Any other payment is 409 PAYMENT_NOT_WAITING_FOR_DEPOSIT (a
// second close too), an unknown one 404 PAYMENT_NOT_FOUND.
//
// How PortOne shows a payment whose account was closed is UNCONFIRMED; the sandbox makes it
// CANCELLED (cancelledAt the close, no cancellation, amount.paid and amount.cancelled 0), as a
// payment that can no longer be paid and holds none of the buyer's money.
func (s *Server) handleCloseVirtualAccount(rq *request, _ []byte) sandbox.Response {
	store, denied := s.resolveStore(rq.query.Get("storeId"))
	if denied != nil {
		return *denied
	}
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	p := s.paymentInStoreLocked(rq.r.PathValue("paymentId"), store)
	switch {
	case p == nil:
		return errorResponse(portone.ErrorTypePaymentNotFound, "")
	case p.status != portone.PaymentStatusVirtualAccountIssued:
		return errorResponse(portone.ErrorTypePaymentNotWaitingForDeposit, "")
	}
	p.status = portone.PaymentStatusCancelled
	if p.cancellations == nil {
		p.cancellations = []cancellationJSON{} // a CANCELLED payment lists its cancellations, here none
	}
	p.closedAt, p.cancelledAt, p.statusAt, p.updatedAt = now, now, now, now
	s.stats.Count(func(st *Stats) { st.VirtualAccountsClosed++ })
	return sandbox.JSON(http.StatusOK, closedVirtualAccountJSON{ClosedAt: now})
}
