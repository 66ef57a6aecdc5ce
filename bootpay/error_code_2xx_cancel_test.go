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

// A refusal of a repeated caller-chosen cancel_id under a code paykit
// does not know is settled by a lookup when Bootpay answers it with a
// 2xx carrying the error_code, as when it answers with a 4xx: the first
// call was applied and its answers lost, the receipt shows the cancel's
// amount, so the refusal is an unknown outcome, never a definitive "not
// refunded" that invites a second refund under a new cancel_id.
func TestCancelRepeatedIDRefusedWithA2xxErrorCodeIsUnknown(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-rep2", Price: 10000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	p := bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-78"}

	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.StatusAfterApply(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), 1)
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), -1)
	_, err := c.Receipts.Cancel(ctx, p)
	require.ErrorIs(t, err, bootpay.ErrOutcomeUnknown)
	srv.ClearFaults()
	require.Equal(t, 1, srv.Stats().CancelsApplied)

	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(200, bootpaytest.ErrorBody("RC_DUPLICATE_CANCEL_ID", "이미 처리된 취소 요청입니다.")), 1)
	gets := srv.Stats().Requests[bootpaytest.OpReceiptGet]
	_, err = c.Receipts.Cancel(ctx, p)
	requireUnknownCancel(t, err, rc.ReceiptID, "refund-78")
	var apiErr *bootpay.APIError
	require.True(t, errors.As(err, &apiErr), "Bootpay's refusal stays reachable")
	assert.Equal(t, bootpay.ErrorCode("RC_DUPLICATE_CANCEL_ID"), apiErr.Code)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, gets+1, srv.Stats().Requests[bootpaytest.OpReceiptGet], "settled by one lookup")
	assert.Equal(t, 1, srv.Stats().CancelsApplied, "refunded once")
}
