package bootpay_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestVerifyPaidRefusesCancelledMoney: a receipt that reads status 1
// (결제완료) while its cancelled_price says money went back, all of it or a
// part, is not a payment of the order's amount. Bootpay documents status
// 20 for every cancel, partial ones too, so such a receipt is not what
// Bootpay documents; Verify expecting StatusPaid refuses it with a
// *MismatchError naming "cancelled_price" (UNCONFIRMED facts choose the
// reading that never fulfils an unpaid order). Before the fix it passed
// as paid.
func TestVerifyPaidRefusesCancelledMoney(t *testing.T) {
	for name, cancelled := range map[string]int64{"all of it": 5000, "a part": 1000} {
		t.Run(name, func(t *testing.T) {
			srv, c := basicSandbox(t)
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-25", Price: 5000, Status: bootpaytest.Ptr(bootpay.StatusPaid),
				Extra: map[string]any{"cancelled_price": cancelled, "cancelled_at": "2026-11-22T18:00:00+09:00"}})
			params := bootpay.VerifyParams{ReceiptID: rc.ReceiptID, OrderID: "order-25", Amount: 5000, Status: bootpay.StatusPaid, Currency: "KRW"}
			r, err := c.Receipts.Verify(context.Background(), params)
			assert.Nil(t, r, "a receipt whose money went back is not returned as paid")
			var mismatch *bootpay.MismatchError
			require.ErrorAs(t, err, &mismatch)
			assert.Equal(t, []bootpay.Mismatch{{Field: "cancelled_price", Expected: "0", Actual: strconv.FormatInt(cancelled, 10)}},
				mismatch.Mismatches)
			require.NotNil(t, mismatch.Receipt)
			assert.Equal(t, 5000-cancelled, mismatch.Receipt.Remaining())

			got, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
			require.NoError(t, err)
			assert.Error(t, got.Verify(params), "Receipt.Verify refuses it too")
			// Expecting status 20 is another question: a cancelled receipt
			// has cancelled money by definition.
			cancelledParams := params
			cancelledParams.Status = bootpay.StatusCancelled
			err = got.Verify(cancelledParams)
			require.ErrorAs(t, err, &mismatch)
			assert.False(t, mismatch.Has("cancelled_price"), "only StatusPaid requires nothing cancelled")
			assert.True(t, mismatch.Has("status"))
		})
	}
}
