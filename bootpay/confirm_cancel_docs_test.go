package bootpay_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// Two outcomes the documentation a newcomer copies from (the package
// overview's 분리 승인 recipe, CancelParams.CancelID) must account for, as
// the method docs describe them. They pin the behaviour those docs now
// describe.

func docsClient(t *testing.T) (*bootpaytest.Server, *bootpay.Client) {
	t.Helper()
	srv := bootpaytest.NewServer()
	t.Cleanup(srv.Close)
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	return srv, client
}

// TestConfirmMismatchAfterConfirmIsNotUnknownButCaptured: a *MismatchError
// with AfterConfirm from ConfirmVerified without CancelOnMismatch does not
// match ErrOutcomeUnknown, yet the payment is captured and nothing refunded
// it: releasing the order as on "any other error" would keep the buyer's
// money for goods never shipped. The package overview's 분리 승인 recipe
// says so (do not fulfil; refund) and sets CancelOnMismatch.
func TestConfirmMismatchAfterConfirmIsNotUnknownButCaptured(t *testing.T) {
	ctx := context.Background()
	srv, client := docsClient(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 15000})

	// The confirm is applied, and its reply names the receipt at another price.
	r, err := client.Receipts.Get(ctx, rc.ReceiptID)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(r.RawJSON(), &body))
	body["price"], body["status"] = 1000, 1
	reply, err := json.Marshal(body)
	require.NoError(t, err)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.StatusAfterApply(200, string(reply)), 1)

	_, err = client.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{
		ReceiptID: rc.ReceiptID, OrderID: "order-1", Amount: 15000, Currency: "KRW", // as in the overview: no CancelOnMismatch
	})
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "the recipe's 'any other error' branch")
	assert.True(t, mismatch.AfterConfirm)
	assert.Nil(t, mismatch.Cancelled)
	assert.NoError(t, mismatch.CancelErr)

	got, ok := srv.Receipt(rc.ReceiptID)
	require.True(t, ok)
	assert.Equal(t, bootpay.StatusPaid, got.Status, "the money is captured")
	assert.Equal(t, int64(0), got.CancelledPrice, "and nothing refunded it")
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
}

// TestSecondPartialCancelRepeatStaysUnknown: after an unknown outcome, the
// repeat with CancelID set to the error's IdempotencyKey does not settle a
// second 부분취소 under your own CancelID: it ends unknown again, and the
// receipt's cumulative cancelled amount, compared with the refunds you
// recorded, is all there is to judge by (Receipts.Cancel's doc and
// CancelParams.CancelID say so).
func TestSecondPartialCancelRepeatStaysUnknown(t *testing.T) {
	ctx := context.Background()
	srv, client := docsClient(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 15000,
		Status: bootpaytest.Ptr(bootpay.StatusPaid)})

	_, err := client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000, CancelID: "refund-1"})
	require.NoError(t, err)

	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1)
	_, err = client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 2000, CancelID: "refund-2"},
		bootpay.WithMaxRetries(0)) // the reply is lost and not retried: no real-time backoff in the test
	var unknown *bootpay.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	require.Equal(t, "refund-2", unknown.IdempotencyKey)

	// The repeat under the same CancelID.
	_, err = client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 2000, CancelID: unknown.IdempotencyKey})
	assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown, "the repeat does not settle a second partial cancel")
	assert.Equal(t, 2, srv.Stats().CancelsApplied, "refund-2 was applied once, and the repeat cannot tell")
}
