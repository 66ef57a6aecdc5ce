package bootpay

import (
	"context"
	"net/http"
	"testing"
)

// TestCertificateRequestRefusesAnotherAuthenticateID: Bootpay names a
// verification's merchant id authenticate_id on every certificate object
// (GET /certificate/{receipt_id}, the confirm's answer, Node SDK
// CertificateResponseParameters); only the request body calls it
// authentication_id. A Request reply that names another verification
// under authenticate_id is refused as an unknown outcome, as one under
// authentication_id is: otherwise the person's code would be confirmed
// against another verification's receipt.
func TestCertificateRequestRefusesAnotherAuthenticateID(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"rc-auth-other","authenticate_id":"signup-other","status":2}`)
	out, err := ws.client(t, BasicAuth("ck", "sk")).Certificates.Request(context.Background(), AuthenticationParams{
		PG: "danal", Method: "본인인증", AuthenticationID: "signup-mine", OrderName: "회원가입 본인인증",
		Username: "홍길동", IdentityNo: "9001011", Carrier: CarrierSKT, Phone: "010-1234-5678", ClientIP: "203.0.113.7"})
	requireUnknownWrite(t, ws, out, err, "signup-mine")
}
