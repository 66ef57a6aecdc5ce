package commercetest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// resultStatusAfterPartialCancel cancels 400 of a paid 1000-won order on a
// server started with opts and returns the order as the client reads it.
func resultStatusAfterPartialCancel(t *testing.T, opts ...commercetest.Option) *commerce.Order {
	t.Helper()
	srv := commercetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000, Metadata: map[string]any{"order_id": "m-1"}})
	_, err = c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, CancelID: "part", Price: 400, Immediately: true, AsSupervisor: true})
	require.NoError(t, err)
	o, err := c.Orders.Get(context.Background(), ref.OrderNumber)
	require.NoError(t, err)
	return o
}

// With WithReceiptResultStatus a 부분취소 leaves the order paid
// (receipt_status 1) while its payment result reads 20, as a Bootpay
// receipt does; Verify then names the refund beside it. Without the
// option the payment result reads the order's receipt_status.
func TestReceiptResultStatusAfterAPartialCancel(t *testing.T) {
	o := resultStatusAfterPartialCancel(t, commercetest.WithReceiptResultStatus())
	assert.Equal(t, commerce.ReceiptPaid, o.ReceiptStatus)
	require.NotNil(t, o.ResultData)
	assert.Equal(t, commerce.ReceiptCancelled, o.ResultData.Status)

	o = resultStatusAfterPartialCancel(t)
	require.NotNil(t, o.ResultData)
	assert.Equal(t, commerce.ReceiptPaid, o.ResultData.Status)
}

// Verify against the sandbox with WithReceiptResultStatus names both the
// payment result's 20 and the part refunded.
func TestVerifyNamesAPartialRefundOfAReceiptLikeSandbox(t *testing.T) {
	srv := commercetest.NewServer(commercetest.WithReceiptResultStatus())
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000, Metadata: map[string]any{"order_id": "m-1"}})
	_, err = c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, CancelID: "part", Price: 400, Immediately: true, AsSupervisor: true})
	require.NoError(t, err)
	_, err = c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 1000, MerchantOrderID: "m-1"})
	var me *commerce.MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []commerce.Mismatch{
		{Field: "result_data.status", Expected: commerce.ReceiptPaid.String(), Actual: commerce.ReceiptCancelled.String()},
		{Field: "cancelled_price", Expected: "0", Actual: "400"},
	}, me.Mismatches)
}
