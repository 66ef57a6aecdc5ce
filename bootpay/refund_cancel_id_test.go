package bootpay_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// ConfirmVerified's docs (the package overview, README's Errors table and
// ExampleReceiptsService_ConfirmVerified_capturedAtAnotherPrice) say: a
// *MismatchError before the confirm with the receipt in status 1 and your
// order id is money captured at another price; refund it in full under a
// CancelID derived from the order and the receipt id. One order can carry
// several such receipts: the buyer forges the amount, is refunded, and
// forges again, or pays in two tabs. Bootpay documents cancel_id as unique
// per MERCHANT (https://developers.bootpay.co.kr/pg/server/cancel), not
// per receipt: under an id derived from the order alone, the second
// receipt's refund is refused as a repeated cancel_id, Cancel settles
// that by lookup, finds the receipt still paid and answers
// ErrOutcomeUnknown, and the documented recovery (repeat under the same
// CancelID) answers the same for ever: the buyer's second payment is never
// refunded. bootpaytest scopes cancel_id per receipt, so the test keeps
// Bootpay's merchant-wide memory of cancel_ids itself and injects the
// refusal Bootpay documents when one is reused for another receipt. The
// documented id refunds each receipt once.
func TestCapturedAtAnotherPriceRefundsEachReceipt(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	ctx := context.Background()
	cancelIDs := map[string]string{} // cancel_id -> the receipt it refunded (Bootpay's merchant-wide memory)

	refund := func(receiptID string) (*bootpay.Receipt, error) {
		_, err := client.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{
			ReceiptID: receiptID, OrderID: "order-2003", Amount: 15000, Currency: "KRW", CancelOnMismatch: true,
		})
		var mismatch *bootpay.MismatchError
		require.ErrorAs(t, err, &mismatch)
		require.False(t, mismatch.AfterConfirm)
		r := mismatch.Receipt
		require.Equal(t, bootpay.StatusPaid, r.Status) // this order's money is held: refund it, as documented
		id := "refund-order-2003-" + r.ReceiptID       // derived from the order and the receipt, as the Example does
		if prev, used := cancelIDs[id]; used && prev != receiptID {
			srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(400, bootpaytest.ErrorBody(bootpaytest.CodeCancelIDDuplicated, "")), 1)
		}
		out, err := client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: r.ReceiptID, Full: true, CancelID: id, Message: "위변조 의심"})
		if err == nil {
			cancelIDs[id] = receiptID
		}
		return out, err
	}

	first := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2003", Price: 100, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	r, err := refund(first.ReceiptID)
	require.NoError(t, err)
	require.True(t, r.FullyCancelled())

	second := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2003", Price: 200, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	r, err = refund(second.ReceiptID)
	require.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "the second receipt of the order is never refunded by the recipe: %v", err)
	require.NoError(t, err)
	require.True(t, r.FullyCancelled())
	require.EqualValues(t, 2, srv.Stats().CancelsApplied, "each receipt refunded once")
}
