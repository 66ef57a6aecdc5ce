package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

var person = Person{Name: "홍길동", BirthAndGender: "9001011", Carrier: bootpay.CarrierKT, Phone: "01012345678", IP: "198.51.100.4"}

func setup(t *testing.T) (*bootpaytest.Server, *bootpay.Client, func(string) (string, error)) {
	srv := bootpaytest.NewServer()
	t.Cleanup(srv.Close)
	c, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	return srv, c, func(id string) (string, error) { code, _ := srv.OTP(id); return code, nil }
}

// TestVerify: the right code verifies the person (status 12), the output masks the phone, and the
// CI is kept.
func TestVerify(t *testing.T) {
	srv, c, read := setup(t)
	var out bytes.Buffer
	v, err := Verify(context.Background(), c, person, "signup-1", read, &out)
	require.NoError(t, err)
	assert.NotEmpty(t, v.CI.Reveal())
	assert.Equal(t, 1, srv.Stats().CertificatesConfirmed)
	assert.NotContains(t, out.String(), "01012345678", "the phone prints masked")
}

// TestWrongCodeIsNotVerified: a wrong code verifies nothing.
func TestWrongCodeIsNotVerified(t *testing.T) {
	srv, c, read := setup(t)
	wrong := func(id string) (string, error) {
		code, err := read(id)
		if code == "000000" {
			return "111111", err
		}
		return "000000", err
	}
	_, err := Verify(context.Background(), c, person, "signup-2", wrong, &bytes.Buffer{})
	var apiErr *bootpay.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, bootpay.CodeAuthNotConfirmed, apiErr.Code)
	assert.Zero(t, srv.Stats().CertificatesConfirmed)
}

// TestLostConfirmReplyIsSettledByLookup: a confirm applied but answered by a dropped connection is
// not sent again; the lookup finds the person verified.
func TestLostConfirmReplyIsSettledByLookup(t *testing.T) {
	srv, c, read := setup(t)
	srv.Inject(bootpaytest.OpAuthConfirm, bootpaytest.Faults.CloseAfterApply(), 1)
	v, err := Verify(context.Background(), c, person, "signup-3", read, &bytes.Buffer{})
	require.NoError(t, err)
	assert.NotEmpty(t, v.ReceiptID)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpAuthConfirm])
	last := srv.Requests()[len(srv.Requests())-1]
	assert.Equal(t, bootpaytest.OpCertificateGet, last.Op, "settled by the lookup")
}
