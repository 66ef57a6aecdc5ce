package bootpaytest

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/transport"
)

// AuthLifetime is how long an identity verification may take before its code expires, as Bootpay
// documents (30 minutes).
const AuthLifetime = 30 * time.Minute

// certificate is the server's state of one identity verification; guarded by Server.mu.
type certificate struct {
	receiptID, authenticationID, pg, method string
	name, phone, carrier, identityNo        string
	otp                                     string
	realarms                                int
	status                                  bootpay.Status
	requestedAt, authenticatedAt            time.Time
}

var carriers = map[string]bool{"SKT": true, "KT": true, "LGU+": true, "SKT_MVNO": true, "KT_MVNO": true, "LGU+_MVNO": true}

// handleAuthRequest serves POST /v2/request/authentication: it "sends" a 6-digit code, which a test
// reads with [Server.OTP], and answers the receipt id in status 0.
func (s *Server) handleAuthRequest(r *http.Request, body []byte) sandbox.Response {
	var req authenticationRequest
	if resp, ok := s.readBody(r, OpAuthRequest, body, &req); !ok {
		return resp
	}
	switch {
	case req.PG == "" || req.Method == "":
		return errorResponse(CodeAuthNeedPGMethod, "")
	case req.Username == "" || req.OrderName == "" || req.AuthenticationID == "":
		return errorResponse(CodeInvalidRequest, "username, order_name, authentication_id가 필요합니다.")
	case !transport.Digits(req.IdentityNo, 6, 7) || !carriers[req.Carrier] || !transport.Digits(req.Phone, 9, 12):
		return errorResponse(CodeInvalidRequest, "identity_no, carrier, phone이 올바르지 않습니다.")
	case net.ParseIP(req.ClientIP) == nil:
		return errorResponse(CodeInvalidRequest, "client_ip가 필요합니다.")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.certs {
		if c.authenticationID == req.AuthenticationID {
			return errorResponse(CodeInvalidRequest, "이미 사용된 authentication_id입니다.")
		}
	}
	c := &certificate{
		receiptID: s.newReceiptIDLocked(), authenticationID: req.AuthenticationID, pg: req.PG, method: req.Method,
		name: req.Username, phone: req.Phone, carrier: req.Carrier, identityNo: req.IdentityNo,
		otp: newOTP(), status: bootpay.StatusReady, requestedAt: now,
	}
	s.certs[c.receiptID] = c
	s.stats.Count(func(st *Stats) { st.AuthenticationsRequested++; st.CodesSent++ })
	return sandbox.JSON(http.StatusOK, authenticationJSON{c.receiptID, c.authenticationID, 0, "본인인증대기"})
}

// CodeAuthNeedPGMethod (400): pg or method is missing from an identity verification request.
const CodeAuthNeedPGMethod = "AUTH_NEED_PG_METHOD"

func init() {
	messages[CodeAuthNeedPGMethod] = "pg와 method가 필요합니다."
	statusOf[CodeAuthNeedPGMethod] = http.StatusBadRequest
}

// handleAuthConfirm serves POST /v2/authenticate/confirm: the right code within AuthLifetime moves
// the verification to status 12 (본인인증 완료) and returns the certificate. A second confirm is 400
// AUTH_ALREADY_AUTHENTICATED, a wrong code 400 AUTH_NOT_CONFIRMED, a late one 400 AUTH_EXPIRED.
func (s *Server) handleAuthConfirm(r *http.Request, body []byte) sandbox.Response {
	var req otpRequest
	if resp, ok := s.readBody(r, OpAuthConfirm, body, &req); !ok {
		return resp
	}
	return s.withPending(req.ReceiptID, func(c *certificate, now time.Time) sandbox.Response {
		if !sandbox.Equal(req.OTP, c.otp) {
			return errorResponse(CodeAuthNotConfirmed, "")
		}
		c.status, c.authenticatedAt = bootpay.StatusCertified, now
		s.stats.Count(func(st *Stats) { st.CertificatesConfirmed++ })
		return sandbox.JSON(http.StatusOK, c.json())
	})
}

// handleAuthResend serves POST /v2/authenticate/realarm: a new code replaces the old one.
func (s *Server) handleAuthResend(r *http.Request, body []byte) sandbox.Response {
	var req confirmRequest
	if resp, ok := s.readBody(r, OpAuthResend, body, &req); !ok {
		return resp
	}
	return s.withPending(req.ReceiptID, func(c *certificate, now time.Time) sandbox.Response {
		c.otp = newOTP()
		c.realarms++
		s.stats.Count(func(st *Stats) { st.CodesSent++ })
		return sandbox.JSON(http.StatusOK, authenticationJSON{c.receiptID, c.authenticationID, 0, "본인인증대기"})
	})
}

// withPending is withStored for the identity verification receiptID names, refused when it no
// longer awaits a code: 400 AUTH_ALREADY_AUTHENTICATED once it is complete, 400 AUTH_EXPIRED after
// AuthLifetime.
func (s *Server) withPending(receiptID string, h func(c *certificate, now time.Time) sandbox.Response) sandbox.Response {
	return withStored(s, s.certs, receiptID, "", func(c *certificate, now time.Time) sandbox.Response {
		switch {
		case c.status == bootpay.StatusCertified:
			return errorResponse(CodeAuthAlreadyAuthenticated, "")
		case now.Sub(c.requestedAt) > AuthLifetime:
			return errorResponse(CodeAuthExpired, "")
		}
		return h(c, now)
	})
}

// handleCertificateGet serves GET /v2/certificate/{receipt_id}; authenticate_data is sent once the
// verification is complete.
func (s *Server) handleCertificateGet(r *http.Request, _ []byte) sandbox.Response {
	return serveStored(s, r, s.certs, "receipt_id", "", func(c *certificate, _ time.Time) sandbox.Response {
		return sandbox.JSON(http.StatusOK, c.json())
	})
}

// json encodes c; the caller holds Server.mu.
func (c *certificate) json() certificateJSON {
	v := certificateJSON{
		ReceiptID: c.receiptID, AuthenticateID: c.authenticationID, PG: c.pg, Method: c.method,
		MethodOrigin: c.method, MethodOriginSymbol: "auth", AuthenticatedAt: kstTime(c.authenticatedAt),
		RequestedAt: kstTime(c.requestedAt), Status: int(c.status), StatusLocale: "본인인증대기",
	}
	if c.status == bootpay.StatusCertified {
		v.StatusLocale = statusLocales[c.status]
		birth := "19" + c.identityNo[:2] + "-" + c.identityNo[2:4] + "-" + c.identityNo[4:6]
		gender := 1
		if len(c.identityNo) == 7 && (c.identityNo[6] == '2' || c.identityNo[6] == '4') {
			gender = 0
		}
		v.AuthenticateData = &identityDataJSON{
			Name: c.name, Phone: c.phone, Unique: "CI" + c.receiptID, Birth: birth, Gender: gender,
			Carrier: c.carrier, NumberOfRealarms: c.realarms, TID: "auth" + c.receiptID[:10],
		}
	}
	return v
}

// OTP returns the code the sandbox "sent" for the identity verification with receiptID, and whether
// there is one: what the person would read from the SMS.
func (s *Server) OTP(receiptID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.certs[receiptID]; c != nil {
		return c.otp, true
	}
	return "", false
}

func newOTP() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}
