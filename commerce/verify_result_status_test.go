package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The order's own payment result contradicting its receipt_status is no
// proof of payment: a result_data.status present and other than 1 (20
// 결제취소 완료, 0 결제대기) is a "result_data.status" mismatch, while a
// result without a status (Commerce's order example shows none) or with
// 1 passes.
func TestVerifyChecksThePaymentResultStatus(t *testing.T) {
	const head = `{"order_id":"o-1","order_number":"N-1","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},"result_data":`
	for name, tc := range map[string]struct {
		result string
		actual string // "" passes
	}{
		"cancelled":    {`{"receipt_id":"r-1","status":20}`, ReceiptCancelled.String()},
		"ready":        {`{"receipt_id":"r-1","status":0}`, ReceiptReady.String()},
		"paid":         {`{"receipt_id":"r-1","status":1}`, ""},
		"no status":    {`{"receipt_id":"r-1","method_name":"카드결제"}`, ""},
		"null status":  {`{"receipt_id":"r-1","status":null}`, ""},
		"no result":    {`null`, ""},
		"status as 20": {`{"status":"20"}`, ReceiptCancelled.String()},
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{"list":[],"count":0}`)
			m.Then(http.StatusOK, head+tc.result+`}`)
			o, err := verifyPaid(c)
			if tc.actual == "" {
				require.NoError(t, err)
				assert.Equal(t, "N-1", o.OrderNumber)
				return
			}
			assert.Nil(t, o, "an order whose payment result contradicts it passed Verify")
			var me *MismatchError
			require.True(t, errors.As(err, &me), "%v", err)
			assert.Equal(t, []Mismatch{{"result_data.status", ReceiptPaid.String(), tc.actual}}, me.Mismatches)
		})
	}
}

// An order of the merchant's at another price whose payment result reads
// cancelled while its receipt_status reads paid is not cancelled by
// CancelOnMismatch: the answer contradicts itself, so no cancellation is
// sent (the earlier one, if any, is only looked up).
func TestVerifyCancelsNothingOnAContradictoryPaymentResult(t *testing.T) {
	m, c := newWire(t, `{"list":[],"count":0}`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1","price":900,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"},
		"result_data":{"receipt_id":"r-1","status":20}}`)
	_, err := c.Orders.Verify(context.Background(), VerifyParams{OrderNumber: "N-1", Amount: 1000, MerchantOrderID: "m-1", CancelOnMismatch: true})
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.True(t, me.Has("price") && me.Has("result_data.status"))
	assert.Nil(t, me.Cancellation)
	for _, r := range m.Requests() {
		assert.NotEqual(t, orderCancellationEndpoints.request.Op, r.Op, "a cancellation was sent")
	}
}
