package bootpay_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestVerifyChecksCurrencyWhenSet: a receipt in another currency than the
// one expected is a mismatch naming "currency"; with Currency unset the
// currency is not compared.
func TestVerifyChecksCurrencyWhenSet(t *testing.T) {
	r := &bootpay.Receipt{ReceiptID: "r1", OrderID: "o1", Price: 1000, Status: bootpay.StatusPaid, Currency: "USD"}
	p := bootpay.VerifyParams{ReceiptID: "r1", OrderID: "o1", Amount: 1000, Status: bootpay.StatusPaid, Currency: "KRW"}
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, r.Verify(p), &mismatch)
	assert.True(t, mismatch.Has("currency"))
	assert.Len(t, mismatch.Mismatches, 1)

	r.Currency = "KRW"
	assert.NoError(t, r.Verify(p))
	r.Currency = "USD"
	p.Currency = ""
	assert.NoError(t, r.Verify(p), "unset: not compared")
}

// TestVerifyRefusesSandboxReceipts: a test-mode receipt (sandbox: true)
// never passes a production check: ReceiptsService.Verify, Receipt.Verify,
// ConfirmVerified (which then confirms nothing) and ReconcileCharge refuse
// it with a *MismatchError naming "sandbox", unless the caller opts in
// with AllowSandbox.
func TestVerifyRefusesSandboxReceipts(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth(), noAttemptLimit)
	ctx := context.Background()
	paid := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-sb", Price: 1000, Sandbox: true, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	want := bootpay.VerifyParams{ReceiptID: paid.ReceiptID, OrderID: "order-sb", Amount: 1000, Status: bootpay.StatusPaid}

	_, err := c.Receipts.Verify(ctx, want)
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.True(t, mismatch.Has("sandbox"))
	want.AllowSandbox = true
	_, err = c.Receipts.Verify(ctx, want)
	require.NoError(t, err, "opted in")

	_, err = c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-sb", Amount: 1000})
	require.ErrorAs(t, err, &mismatch, "a test-mode charge is not a production charge")
	assert.True(t, mismatch.Has("sandbox"))
	r, err := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-sb", Amount: 1000, AllowSandbox: true})
	require.NoError(t, err)
	assert.Equal(t, paid.ReceiptID, r.ReceiptID)

	waiting := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-sb2", Price: 1000, Sandbox: true})
	_, err = c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: waiting.ReceiptID, OrderID: "order-sb2", Amount: 1000})
	require.ErrorAs(t, err, &mismatch)
	assert.True(t, mismatch.Has("sandbox"))
	assert.False(t, mismatch.AfterConfirm)
	assert.Zero(t, srv.Stats().ConfirmsApplied, "nothing confirmed")
	res, err := c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: waiting.ReceiptID, OrderID: "order-sb2", Amount: 1000, AllowSandbox: true})
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusPaid, res.Receipt.Status)
	assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
}
