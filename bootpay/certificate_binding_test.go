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

// TestCertificateMustBeThisVerification: a browser that submits the
// receipt id of another completed verification (another person's, or its
// own older one) gets no verified certificate. Verify and Confirm compare
// the certificate's authenticate_id with the AuthenticationID the server
// started, and refuse one completed longer ago than MaxAge (30 minutes by
// default), with a *NotVerifiedError naming the field. The matching,
// fresh certificate still verifies.
func TestCertificateMustBeThisVerification(t *testing.T) {
	clock := sandbox.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	srv := bootpaytest.NewServer(bootpaytest.WithClock(clock.Now))
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth(), noAttemptLimit, bootpay.WithClock(clock.Now))
	ctx := context.Background()

	older, err := c.Certificates.Request(ctx, authParams("signup-old"))
	require.NoError(t, err)
	code, _ := srv.OTP(older.ReceiptID)
	_, err = c.Certificates.Confirm(ctx, bootpay.CertificateParams{ReceiptID: older.ReceiptID, AuthenticationID: "signup-old"}, code)
	require.NoError(t, err)

	// Another session's receipt id, presented in this one.
	_, err = c.Certificates.Verify(ctx, bootpay.CertificateParams{ReceiptID: older.ReceiptID, AuthenticationID: "signup-new"})
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
	code, _ = srv.OTP(other.ReceiptID)
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
