package portone

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/wiretest"
)

// paymentBenchServer answers GET /payments/{id} with the ~4 KiB PAID card
// payment, as an API server would: with Content-Length.
func paymentBenchServer(b *testing.B) *httptest.Server {
	return wiretest.BenchServer(b, benchPaymentJSON(b))
}

const benchPaymentID = "order-20240425-0001"

// BenchmarkPaymentGet is the SDK's lookup: validation, store resolution,
// the transport with its retry machinery, bounded read, decode into
// Payment.
func BenchmarkPaymentGet(b *testing.B) {
	srv := paymentBenchServer(b)
	c, err := NewClient("bench-api-secret", WithBaseURL(srv.URL), WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	wiretest.BenchLookup(b, func(ctx context.Context) (*Payment, error) {
		return c.Payments.Get(ctx, benchPaymentID)
	}, fixtureTotal)
}

// fixtureTotal reports whether p is the benchmarks' PAID card payment.
func fixtureTotal(p *Payment) bool { return p.Amount.Total == 39800 }

// BenchmarkPaymentGetStdlib is the baseline: the same request with the same
// headers, decoded into the same Payment, written by hand with net/http and
// encoding/json.
func BenchmarkPaymentGetStdlib(b *testing.B) {
	srv := paymentBenchServer(b)
	hc := srv.Client()
	c, err := NewClient("bench-api-secret", WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	userAgent := c.t.UserAgent()
	// The headers the SDK sends.
	header := http.Header{
		"Authorization": {"PortOne bench-api-secret"},
		"Accept":        {"application/json"},
		"User-Agent":    {userAgent},
	}
	wiretest.BenchLookup(b, func(ctx context.Context) (*Payment, error) {
		return wiretest.StdlibGet[Payment](ctx, hc, srv.URL+"/payments/"+url.PathEscape(benchPaymentID), header)
	}, fixtureTotal)
}

// benchPaymentJSON is the ~4 KiB PAID card payment of BenchmarkPaymentGet.
func benchPaymentJSON(b *testing.B) []byte {
	body, err := os.ReadFile(filepath.Join("testdata", "payments", "paid_card.json"))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// benchDecode runs decode on the PAID card payment and checks the total.
func benchDecode(b *testing.B, decode func(body []byte) (total int64, err error)) {
	body := benchPaymentJSON(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if total, err := decode(body); err != nil || total != 39800 {
			b.Fatal(total, err)
		}
	}
}

// BenchmarkPaymentDecode decodes the PAID card payment into Payment as the
// client decodes a response (transport.DecodeJSON): the union decoder, its
// Method and CashReceipt unions and every field.
func BenchmarkPaymentDecode(b *testing.B) {
	benchDecode(b, func(body []byte) (int64, error) {
		var p Payment
		err := transport.DecodeJSON(body, &p)
		return p.Amount.Total, err
	})
}

// plainPaidPayment is the PAID card payment as a plain struct, no union and
// no UnmarshalJSON: what encoding/json alone costs for the same fields.
// BenchmarkPaymentDecodeStdlib is the baseline of
// BenchmarkPaymentDecode.
type plainPaidPayment struct {
	*plainPaymentCommon
	*plainPaidVariant
	Method *struct {
		Type string `json:"type"`
		PaymentMethodCard
	} `json:"method"`
	CashReceipt *struct {
		Status string `json:"status"`
		IssuedPaymentCashReceipt
	} `json:"cashReceipt"`
	Cancellations []struct {
		Status string `json:"status"`
		SucceededPaymentCancellation
	} `json:"cancellations"`
}

type (
	plainPaymentCommon PaymentCommon
	plainPaidVariant   PaidPayment
)

func BenchmarkPaymentDecodeStdlib(b *testing.B) {
	benchDecode(b, func(body []byte) (int64, error) {
		p := plainPaidPayment{plainPaymentCommon: &plainPaymentCommon{}, plainPaidVariant: &plainPaidVariant{}}
		err := json.Unmarshal(body, &p)
		return p.Amount.Total, err
	})
}
