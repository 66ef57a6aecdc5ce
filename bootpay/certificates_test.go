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
)

// TestCertificateMustBeThisVerification: a browser that submits the
// receipt id of another completed verification (another person's, or its
// own older one) gets no verified certificate. Verify and Confirm compare
// the certificate's authenticate_id with the AuthenticationID the server
// started, and refuse one completed longer ago than MaxAge (30 minutes by
// default), with a *NotVerifiedError naming the field. The matching,
// fresh certificate still verifies.
func TestCertificateMustBeThisVerification(t *testing.T) {
	clock, srv, c := clockedSandbox(t, basicAuth(), noAttemptLimit)
	ctx := context.Background()
	older := confirmed(t, srv, c, "signup-old")

	// Another session's receipt id, presented in this one.
	_, err := c.Certificates.Verify(ctx, bootpay.CertificateParams{ReceiptID: older.ReceiptID, AuthenticationID: "signup-new"})
	var notVerified *bootpay.NotVerifiedError
	require.ErrorAs(t, err, &notVerified)
	assert.True(t, notVerified.Has("authenticate_id"))
	assert.True(t, errors.Is(err, bootpay.ErrConflict))

	// The same session, too late.
	clock.Advance(31 * time.Minute)
	_, err = c.Certificates.Verify(ctx, bootpay.CertificateParams{ReceiptID: older.ReceiptID, AuthenticationID: "signup-old"})
	require.ErrorAs(t, err, &notVerified)
	assert.True(t, notVerified.Has("authenticated_at"))
	assert.False(t, notVerified.Has("authenticate_id"))
	cert, err := c.Certificates.Verify(ctx, bootpay.CertificateParams{ReceiptID: older.ReceiptID, AuthenticationID: "signup-old", MaxAge: time.Hour})
	require.NoError(t, err, "within the caller's own MaxAge")
	assert.True(t, cert.Verified())

	// Confirm checks the same: a confirm of a verification this session did not start counts for nothing.
	other, err := c.Certificates.Request(ctx, authParams("signup-other"))
	require.NoError(t, err)
	code, _ := srv.OTP(other.ReceiptID)
	_, err = c.Certificates.Confirm(ctx, bootpay.CertificateParams{ReceiptID: other.ReceiptID, AuthenticationID: "signup-mine"}, code)
	require.ErrorAs(t, err, &notVerified)
	assert.True(t, notVerified.Has("authenticate_id"))
}

// TestCertificateParamsValidated: the receipt id and the AuthenticationID
// are required and a negative MaxAge is refused, before any request.
func TestCertificateParamsValidated(t *testing.T) {
	srv, c := basicSandbox(t)
	ctx := context.Background()
	for name, p := range map[string]bootpay.CertificateParams{
		"ReceiptID":        {AuthenticationID: "a"},
		"AuthenticationID": {ReceiptID: "r"},
		"MaxAge":           {ReceiptID: "r", AuthenticationID: "a", MaxAge: -time.Second},
	} {
		var v *bootpay.ValidationError
		_, err := c.Certificates.Verify(ctx, p)
		require.ErrorAs(t, err, &v, name)
		assert.Equal(t, name, v.Field)
		_, err = c.Certificates.Confirm(ctx, p, "123456")
		require.ErrorAs(t, err, &v, name)
	}
	assert.Empty(t, srv.Requests())
}

func authParams(id string) bootpay.AuthenticationParams {
	return bootpay.AuthenticationParams{PG: "danal", Method: "본인인증", AuthenticationID: id, OrderName: "회원가입",
		Username: "홍길동", IdentityNo: "9001011", Carrier: bootpay.CarrierSKT, Phone: "01012345678", ClientIP: "203.0.113.7"}
}

// certParams names the verification a started, as the server recorded it.
func certParams(a *bootpay.Authentication) bootpay.CertificateParams {
	return bootpay.CertificateParams{ReceiptID: a.ReceiptID, AuthenticationID: a.AuthenticationID}
}

// confirmed is a verification of id, requested and confirmed with the
// code the sandbox sent.
func confirmed(t *testing.T, srv *bootpaytest.Server, c *bootpay.Client, id string) *bootpay.Authentication {
	t.Helper()
	ctx := context.Background()
	a, err := c.Certificates.Request(ctx, authParams(id))
	require.NoError(t, err)
	code, _ := srv.OTP(a.ReceiptID)
	_, err = c.Certificates.Confirm(ctx, certParams(a), code)
	require.NoError(t, err)
	return a
}

// TestIdentityVerificationWithOTP: a verification counts only at status 12, after the right code
// within 30 minutes; a resend replaces the code.
func TestIdentityVerificationWithOTP(t *testing.T) {
	clock, srv, c := clockedSandbox(t, basicAuth())
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

// TestCertificateFromTheFutureIsRefused: a certificate whose
// authenticated_at lies further ahead of the client's clock than the
// allowed clock skew would never grow older than MaxAge, so it would be
// accepted forever. Verify refuses it naming authenticated_at; one a
// minute ahead (ordinary skew between Bootpay's clock and ours) still
// verifies. Before the fix the certificate a day ahead verified.
func TestCertificateFromTheFutureIsRefused(t *testing.T) {
	clock, srv, c := clockedSandbox(t, basicAuth(), noAttemptLimit)
	ctx := context.Background()
	a := confirmed(t, srv, c, "signup-future")
	at := clock.Now()

	behind := func(d time.Duration) *bootpay.Client {
		return sandboxClient(t, srv, basicAuth(), noAttemptLimit, bootpay.WithClock(func() time.Time { return at.Add(-d) }))
	}
	_, err := behind(24*time.Hour).Certificates.Verify(ctx, certParams(a))
	var notVerified *bootpay.NotVerifiedError
	require.ErrorAs(t, err, &notVerified, "a certificate dated a day ahead")
	assert.True(t, notVerified.Has("authenticated_at"))
	assert.Contains(t, err.Error(), "ahead")

	cert, err := behind(time.Minute).Certificates.Verify(ctx, certParams(a))
	require.NoError(t, err, "a minute of clock skew is tolerated")
	assert.True(t, cert.Verified())
}
