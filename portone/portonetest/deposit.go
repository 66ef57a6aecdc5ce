package portonetest

import (
	"errors"
	"fmt"

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
// (https://developers.portone.io/opi/ko/integration/pg/v2/virtual-account).
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
	return p.snapshot(), nil
}
