// Command bootpay-identity verifies a person's identity by SMS code
// through Bootpay (본인인증): the server starts the verification, the
// person types the code they received, the server confirms it, and the
// account is marked verified only when the certificate is in status 12.
//
// It runs against the in-process sandbox (bootpaytest), which "sends" the
// code to its own memory; point NewClient at Bootpay to run it for real.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

func main() {
	fmt.Println("Bootpay 본인인증 (identity verification by SMS code) against the in-process sandbox: no keys, no SMS sent")
	srv := bootpaytest.NewServer()
	defer srv.Close()
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	readCode := func(receiptID string) (string, error) { // the person's phone, in the sandbox
		code, ok := srv.OTP(receiptID)
		if !ok {
			return "", errors.New("no code was sent")
		}
		return code, nil
	}
	if _, err := Verify(context.Background(), client, Person{Name: "홍길동", BirthAndGender: "9001011",
		Carrier: bootpay.CarrierSKT, Phone: "010-1234-5678", IP: "203.0.113.7"}, "signup-0001", readCode, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// Person is who is being verified.
type Person struct {
	Name           string
	BirthAndGender bootpay.Secret // YYMMDD and the first digit of the resident number
	Carrier        bootpay.Carrier
	Phone          bootpay.PhoneNumber
	IP             string // the person's IP address
}

// Verified is what the service keeps of a verification: never the
// certificate's raw identity data, only the CI to find duplicate accounts.
type Verified struct {
	ReceiptID string
	CI        bootpay.Secret
}

// Verify starts a verification, asks readCode for the code the person
// received and confirms it. The result counts only in status 12. A confirm
// whose outcome is unknown is settled by looking the certificate up, never
// by confirming the code again.
func Verify(ctx context.Context, c *bootpay.Client, p Person, id string, readCode func(receiptID string) (string, error), out io.Writer) (*Verified, error) {
	auth, err := c.Certificates.Request(ctx, bootpay.AuthenticationParams{
		PG: "danal", Method: "본인인증", AuthenticationID: id, OrderName: "회원가입 본인인증",
		Username: p.Name, IdentityNo: p.BirthAndGender, Carrier: p.Carrier, Phone: p.Phone, ClientIP: p.IP,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the verification: %w", err)
	}
	fmt.Fprintf(out, "code sent to %v\n", p.Phone)
	code, err := readCode(auth.ReceiptID)
	if err != nil {
		return nil, err
	}
	// The certificate must be this verification (id, which this server chose)
	// and fresh; a receipt id alone could name another person's.
	want := bootpay.CertificateParams{ReceiptID: auth.ReceiptID, AuthenticationID: id}
	cert, err := c.Certificates.Confirm(ctx, want, code)
	if errors.Is(err, bootpay.ErrOutcomeUnknown) {
		cert, err = c.Certificates.Verify(ctx, want)
	}
	if err != nil {
		// A *bootpay.NotVerifiedError too when the certificate names no
		// person (no authenticate_data, or no CI in it): nothing to keep.
		return nil, err
	}
	// Confirm and Verify return a certificate only with its identity data
	// and CI (cert.Data.Unique), so reading them here is safe.
	fmt.Fprintf(out, "verified: %s (%s)\n", cert.Status, cert.Data.Carrier)
	return &Verified{ReceiptID: cert.ReceiptID, CI: cert.Data.Unique}, nil
}
