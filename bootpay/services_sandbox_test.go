package bootpay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

func authParams(id string) bootpay.AuthenticationParams {
	return bootpay.AuthenticationParams{PG: "danal", Method: "본인인증", AuthenticationID: id, OrderName: "회원가입",
		Username: "홍길동", IdentityNo: "9001011", Carrier: bootpay.CarrierSKT, Phone: "01012345678", ClientIP: "203.0.113.7"}
}

// certParams names the verification a started, as the server recorded it.
func certParams(a *bootpay.Authentication) bootpay.CertificateParams {
	return bootpay.CertificateParams{ReceiptID: a.ReceiptID, AuthenticationID: a.AuthenticationID}
}

// TestIdentityVerificationWithOTP: a verification counts only at status 12, after the right code
// within 30 minutes; a resend replaces the code.
func TestIdentityVerificationWithOTP(t *testing.T) {
	clock := sandbox.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	srv := bootpaytest.NewServer(bootpaytest.WithClock(clock.Now))
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth(), bootpay.WithClock(clock.Now))
	ctx := context.Background()

	a, err := c.Certificates.Request(ctx, authParams("auth-1"))
	require.NoError(t, err)
	_, err = c.Certificates.Verify(ctx, certParams(a))
	var notVerified *bootpay.NotVerifiedError
	require.ErrorAs(t, err, &notVerified, "requested is not verified")
	assert.True(t, errors.Is(err, bootpay.ErrConflict))

	first, _ := srv.OTP(a.ReceiptID)
	require.NoError(t, c.Certificates.Resend(ctx, a.ReceiptID))
	code, _ := srv.OTP(a.ReceiptID)
	_, err = c.Certificates.Confirm(ctx, certParams(a), wrongCode(code))
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodeAuthNotConfirmed, apiErr.Code)
	if first != code {
		_, err = c.Certificates.Confirm(ctx, certParams(a), first)
		require.ErrorAs(t, err, &apiErr, "the replaced code no longer works")
	}

	cert, err := c.Certificates.Confirm(ctx, certParams(a), code)
	require.NoError(t, err)
	assert.True(t, cert.Verified())
	require.NotNil(t, cert.Data)
	assert.Equal(t, "홍길동", cert.Data.Name.Reveal())
	assert.NotContains(t, cert.Data.Unique.String()+cert.Data.Name.String(), "홍길동", "identity data prints hidden")
	got, err := c.Certificates.Verify(ctx, certParams(a))
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusCertified, got.Status)
	assert.Equal(t, 1, srv.Stats().CertificatesConfirmed)
	assert.Equal(t, 2, srv.Stats().CodesSent)

	late, err := c.Certificates.Request(ctx, authParams("auth-2"))
	require.NoError(t, err)
	clock.Advance(31 * time.Minute)
	code, _ = srv.OTP(late.ReceiptID)
	_, err = c.Certificates.Confirm(ctx, certParams(late), code)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodeAuthExpired, apiErr.Code)
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// TestConfirmOTPUnknownOutcomeIsSettledByVerify: a confirm whose reply is lost is never sent
// again; Verify finds the verification complete.
func TestConfirmOTPUnknownOutcomeIsSettledByVerify(t *testing.T) {
	srv, c := basicSandbox(t)
	ctx := context.Background()
	a, err := c.Certificates.Request(ctx, authParams("auth-u"))
	require.NoError(t, err)
	code, _ := srv.OTP(a.ReceiptID)
	srv.Inject(bootpaytest.OpAuthConfirm, bootpaytest.Faults.CloseAfterApply(), 1)
	_, err = c.Certificates.Confirm(ctx, certParams(a), code)
	require.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "%v", err)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpAuthConfirm], "a code is never sent twice")
	cert, err := c.Certificates.Verify(ctx, certParams(a))
	require.NoError(t, err)
	assert.True(t, cert.Verified())
}

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
