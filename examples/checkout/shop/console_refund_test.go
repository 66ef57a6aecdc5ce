package shop_test

import (
	"context"
	"fmt"

	"github.com/paykit-kr/paykit/portone"
)

// consoleRefund refunds amount of payment paymentID in part, as a person
// does in PortOne's console: naming the balance the payment holds now
// (read from the sandbox, no request), which every partial Cancel
// requires.
func (f *fixture) consoleRefund(paymentID string, amount int64, reason string) error {
	p, ok := f.sb.PortOne.Payment(paymentID)
	if !ok {
		return fmt.Errorf("no payment %q in the sandbox", paymentID)
	}
	_, err := f.sb.Config.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{
		PaymentID: paymentID, Amount: amount, Reason: reason,
		CurrentCancellableAmount: portone.Ptr(p.Amount.Total - p.Amount.Cancelled),
	})
	return err
}
