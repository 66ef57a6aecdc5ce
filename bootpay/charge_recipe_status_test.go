package bootpay_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// chargeRecipe is the README's charge recipe ("A charge is never sent
// twice", README.md and README.ko.md) and ExampleBillingService_Charge's
// pattern: settle an unknown charge by its order id, and fulfil only a
// receipt in status 1.
func chargeRecipe(ctx context.Context, c *bootpay.Client, p bootpay.ChargeParams, fulfil func(*bootpay.Receipt)) error {
	r, err := c.Billing.Charge(ctx, p)
	if errors.Is(err, bootpay.ErrOutcomeUnknown) {
		r, err = c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: p.OrderID, Amount: p.Price})
	}
	if err != nil {
		return err
	}
	if r.Status != bootpay.StatusPaid {
		return nil // refunded, being refunded or a failed cancel: never fulfilled
	}
	fulfil(r)
	return nil
}

// TestChargeRecipeFulfilsOnlyStatusPaid: an order charged and since
// cancelled in full (status 20), whose charge is answered with that
// receipt, gets a *ChargeMismatchError, which matches ErrOutcomeUnknown,
// so the recipe settles it with ReconcileCharge; that returns the receipt,
// still in status 20, with a nil error (a charged receipt is never "not
// charged"). The nil error alone says nothing about fulfilling: the
// recipe's status check is what keeps it from fulfilling an order whose
// money went back, while a plain charge is fulfilled once. Each run sends
// one charge.
func TestChargeRecipeFulfilsOnlyStatusPaid(t *testing.T) {
	ctx := context.Background()
	t.Run("charged, then cancelled", func(t *testing.T) {
		srv, c := basicSandbox(t)
		p := bootpay.ChargeParams{BillingKey: issueKey(t, c, "sub-recipe-20"), OrderName: "11월 구독료", OrderID: "sub-recipe-20-11", Price: 9900}
		charged, err := c.Billing.Charge(ctx, p)
		require.NoError(t, err)
		_, err = c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: charged.ReceiptID, Full: true, CancelID: "recipe-cancel"})
		require.NoError(t, err)

		// The order's charge is answered with its receipt as it now reads.
		srv.Inject(bootpaytest.OpCharge, bootpaytest.Faults.Status(200, `{"receipt_id":"`+charged.ReceiptID+
			`","order_id":"sub-recipe-20-11","price":9900,"cancelled_price":9900,"status":20}`), 1)
		fulfilled := 0
		require.NoError(t, chargeRecipe(ctx, c, p, func(*bootpay.Receipt) { fulfilled++ }),
			"the recipe settles the reply by the order id, without an error")
		assert.Zero(t, fulfilled, "an order whose money went back is never fulfilled")
		assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpCharge], "the recipe sent one charge")

		r, err := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: p.OrderID, Amount: p.Price})
		require.NoError(t, err, "ReconcileCharge settles a cancelled charge with a nil error ...")
		assert.Equal(t, bootpay.StatusCancelled, r.Status, "... and only its status tells that the money went back")
	})
	t.Run("paid", func(t *testing.T) {
		srv, c := basicSandbox(t)
		p := bootpay.ChargeParams{BillingKey: issueKey(t, c, "sub-recipe-1"), OrderName: "11월 구독료", OrderID: "sub-recipe-1-11", Price: 9900}
		var got []*bootpay.Receipt
		require.NoError(t, chargeRecipe(ctx, c, p, func(r *bootpay.Receipt) { got = append(got, r) }))
		require.Len(t, got, 1, "a paid charge is fulfilled once")
		assert.Equal(t, bootpay.StatusPaid, got[0].Status)
		assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpCharge], "charged once")
	})
}
