package bootpay

import (
	"context"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// CertificatesService verifies a person's identity by SMS code or PASS
// (본인인증) and reads the result. Use it through Client.Certificates.
type CertificatesService struct{ c *Client }

// certificateEndpoints are the operations of CertificatesService.
var certificateEndpoints = struct {
	request, confirm, resend, get transport.Endpoint
}{
	request: transport.Endpoint{Op: "certificates.request", Method: http.MethodPost, Route: "/request/authentication", Class: transport.Unsafe},
	confirm: transport.Endpoint{Op: "certificates.confirm", Method: http.MethodPost, Route: "/authenticate/confirm", Class: transport.Unsafe},
	resend:  transport.Endpoint{Op: "certificates.resend", Method: http.MethodPost, Route: "/authenticate/realarm", Class: transport.Unsafe},
	get:     transport.Endpoint{Op: "certificates.get", Method: http.MethodGet, Route: "/certificate/{receipt_id}", Class: transport.Safe},
}

// Request starts an identity verification (본인인증 요청): POST
// /request/authentication. Bootpay sends the code; keep the returned
// ReceiptID for Confirm. The person must finish within 30 minutes
// (CodeAuthExpired after that).
//
// Retry class Unsafe: a second request would send a second code, so it is
// never sent twice once it may have reached Bootpay. After an unknown
// outcome (Reference: AuthenticationID) start again with a new
// AuthenticationID. A 2xx reply naming another verification, under
// authentication_id or authenticate_id (the name Bootpay's certificate
// objects use), is such an unknown outcome: its receipt id is another
// verification's, against which the person's code must never be
// confirmed. A reply that names none is taken as this one (Confirm checks
// the certificate's authenticate_id in any case).
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CertificatesService) Request(ctx context.Context, p AuthenticationParams, opts ...RequestOption) (*Authentication, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	out, res, err := transport.Send[Authentication](ctx, s.c.t, &transport.Call{
		Endpoint: &certificateEndpoints.request, Body: p.request(), Reference: p.AuthenticationID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	for _, got := range []string{out.AuthenticationID, out.AuthenticateID} {
		if got != "" && got != p.AuthenticationID {
			return nil, otherObjectReply(certificateEndpoints.request.Op, p.AuthenticationID, "authentication", got, res)
		}
	}
	return out, nil
}

// Confirm checks the code the person received (OTP 확인): POST
// /authenticate/confirm. It returns the certificate when it is verified
// (status 12), is the verification p names (see CertificateParams) and
// names the person (authenticate_data with its unique, the CI/DI, so
// Data.Unique is set), and a *NotVerifiedError holding it otherwise.
//
// Retry class Unsafe: a code is single-use, so the confirm is never sent
// twice once it may have reached Bootpay. After an unknown outcome
// (Reference: the receipt id) call Verify, which looks the certificate
// up; never ask the person for the code again before it says the
// verification is not complete.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CertificatesService) Confirm(ctx context.Context, p CertificateParams, otp string, opts ...RequestOption) (*Certificate, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if !transport.Digits(otp, 4, 8) {
		return nil, invalid("otp", "must be the 4 to 8 digit code the person received")
	}
	out, res, err := transport.Send[Certificate](ctx, s.c.t, &transport.Call{
		Endpoint: &certificateEndpoints.confirm, Body: otpRequest{ReceiptID: p.ReceiptID, OTP: otp}, Reference: p.ReceiptID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if out.ReceiptID != p.ReceiptID {
		return nil, otherObjectReply(certificateEndpoints.confirm.Op, p.ReceiptID, "certificate", out.ReceiptID, res)
	}
	return p.check(out, s.c.now())
}

// Resend sends the code again (SMS 재전송): POST /authenticate/realarm.
// Bootpay's reply shape is UNCONFIRMED and not read: an empty or JSON 2xx
// is success, one carrying an error_code Bootpay's refusal (an
// *APIError), and any other 2xx body (an HTML page from a proxy) an
// *OutcomeUnknownError, since nothing shows the request reached Bootpay.
//
// Retry class Unsafe (each request sends an SMS).
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CertificatesService) Resend(ctx context.Context, receiptID string, opts ...RequestOption) error {
	if err := checkID("receiptID", receiptID); err != nil {
		return err
	}
	_, err := send[transport.NoBody](ctx, s.c, &certificateEndpoints.resend, receiptIDRequest{receiptID}, receiptID, opts)
	return err
}

// Get looks the result of an identity verification up (본인인증 결과
// 조회): GET /certificate/{receipt_id}. It returns the certificate in any
// status: check Verified, or use Verify. Retry class Safe. A reply whose
// receipt_id is another (or absent) is a *DecodeError, never that other
// certificate: a bad reply, not ErrNotFound, so look again.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CertificatesService) Get(ctx context.Context, receiptID string, opts ...RequestOption) (*Certificate, error) {
	return lookup(ctx, s.c, &certificateEndpoints.get, "receiptID", "receipt", receiptID,
		func(c *Certificate) string { return c.ReceiptID }, opts)
}

// Verify is Get that requires the verification to be complete and to be
// the one p names: it returns the certificate in status 12 (본인인증 완료)
// whose authenticate_id is p.AuthenticationID, whose authenticated_at
// is at most p.MaxAge old (and not more than 5 minutes ahead of the
// client's clock) and whose authenticate_data names the person with its
// unique (CI/DI; Data.Unique is then set), and a *NotVerifiedError
// holding it otherwise (naming each field that differs). Use it to settle a Confirm whose
// outcome was unknown, and on the server whenever a browser claims a
// verification finished: the receipt id comes from the browser, which
// could present another person's or an older verification; the
// AuthenticationID comes from your session or database.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *CertificatesService) Verify(ctx context.Context, p CertificateParams, opts ...RequestOption) (*Certificate, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, p.ReceiptID, opts...)
	if err != nil {
		return nil, err
	}
	return p.check(c, s.c.now())
}
