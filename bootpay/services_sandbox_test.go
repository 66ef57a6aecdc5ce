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

// TestCashReceiptsEscrowAndLinks runs the cash-receipt, escrow and payment-link operations against
// the sandbox and checks its state after each.
func TestCashReceiptsEscrowAndLinks(t *testing.T) {
	srv, c := basicSandbox(t)
	ctx := context.Background()
	paid := bootpaytest.Ptr(bootpay.StatusPaid)
	bank := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 30000, Method: "bank", Status: paid})
	r, err := c.CashReceipts.Publish(ctx, bootpay.CashReceiptParams{ReceiptID: bank.ReceiptID, Type: bootpay.CashReceiptIncomeDeduction, IdentityNo: "01012345678"})
	require.NoError(t, err)
	require.NotNil(t, r.CashReceiptData)
	_, err = c.CashReceipts.Publish(ctx, bootpay.CashReceiptParams{ReceiptID: bank.ReceiptID, Type: bootpay.CashReceiptIncomeDeduction, IdentityNo: "01012345678"})
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr, "a second cash receipt is refused")
	require.NoError(t, c.CashReceipts.Cancel(ctx, bootpay.CashReceiptCancelParams{ReceiptID: bank.ReceiptID, Message: "재발행"}))
	require.NoError(t, c.CashReceipts.Cancel(ctx, bootpay.CashReceiptCancelParams{ReceiptID: bank.ReceiptID}), "cancelling again changes nothing")
	card := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 30000, Status: paid})
	_, err = c.CashReceipts.Publish(ctx, bootpay.CashReceiptParams{ReceiptID: card.ReceiptID, Type: bootpay.CashReceiptExpenseProof, IdentityNo: "1234567890"})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodeCashReceiptFailed, apiErr.Code)

	sc, err := c.CashReceipts.PublishStandalone(ctx, bootpay.StandaloneCashReceiptParams{OrderID: "cash-1", OrderName: "현장 결제",
		Price: 11000, TaxFree: 1000, Type: bootpay.CashReceiptExpenseProof, IdentityNo: "1234567890"})
	require.NoError(t, err)
	assert.Equal(t, int64(11000), sc.Price.Int64())
	require.NoError(t, c.CashReceipts.CancelStandalone(ctx, bootpay.CashReceiptCancelParams{ReceiptID: sc.ReceiptID}))
	st := srv.Stats()
	assert.Equal(t, 2, st.CashReceiptsPublished)
	assert.Equal(t, 2, st.CashReceiptsCancelled)

	escrow := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 30000, Status: paid, Escrow: true})
	shipped, err := c.Escrow.StartShipping(ctx, bootpay.ShippingParams{ReceiptID: escrow.ReceiptID, TrackingNumber: "6789012345", Courier: bootpay.CourierCJ})
	require.NoError(t, err)
	require.NotNil(t, shipped.EscrowData)
	assert.Equal(t, 1, shipped.EscrowData.Status)
	assert.False(t, shipped.EscrowData.ShippingStartedAt.IsZero())
	_, err = c.Escrow.StartShipping(ctx, bootpay.ShippingParams{ReceiptID: card.ReceiptID, TrackingNumber: "1", Courier: bootpay.CourierHanjin})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodeNotEscrow, apiErr.Code)
	_, err = c.Escrow.StartShipping(ctx, bootpay.ShippingParams{ReceiptID: card.ReceiptID, TrackingNumber: "1", Courier: "GS택배"})
	var invalid *bootpay.ValidationError
	require.ErrorAs(t, err, &invalid, "an unknown courier is refused before the call")

	link, err := c.Payments.Link(ctx, bootpay.LinkParams{OrderID: "link-1", OrderName: "청구서", Price: 5000})
	require.NoError(t, err)
	assert.Contains(t, link.URL, "https://")
	methods, err := c.Payments.Methods(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, methods)
	assert.Equal(t, 1, srv.Stats().PaymentLinksCreated)
}

// TestUserTokenBearerFallback: when Bootpay refuses Basic credentials for the user token, a client
// with the legacy keys sends it again with a Bearer token; one without them gets ErrUnauthorized.
func TestUserTokenBearerFallback(t *testing.T) {
	srv := bootpaytest.NewServer(bootpaytest.WithBasicRefused(bootpaytest.OpUserToken))
	defer srv.Close()
	ctx := context.Background()
	p := bootpay.UserTokenParams{UserID: "member-1"}

	_, err := sandboxClient(t, srv, basicAuth()).Users.Token(ctx, p)
	assert.True(t, errors.Is(err, bootpay.ErrUnauthorized), "%v", err)

	c := sandboxClient(t, srv, basicAuth().WithLegacyFallback(bootpaytest.ApplicationID, bootpaytest.PrivateKey))
	tok, err := c.Users.Token(ctx, p)
	require.NoError(t, err)
	assert.NotEmpty(t, tok.Token.Reveal())
	assert.Equal(t, "[REDACTED]", tok.Token.String())
	assert.Equal(t, 1, srv.Stats().UserTokensIssued)
	assert.Equal(t, 1, srv.Stats().TokensIssued, "one access token for the fallback")

	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	before := len(srv.Requests())
	_, err = c.Receipts.Get(ctx, rc.ReceiptID)
	require.NoError(t, err)
	assert.Contains(t, srv.Requests()[before].Header.Get("Authorization"), "Basic ", "other calls keep Basic")
}
