package portone

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// paymentBenchServer answers GET /payments/{id} with the ~4 KiB PAID card
// payment, as an API server would: with Content-Length.
func paymentBenchServer(b *testing.B) *httptest.Server {
	body, err := os.ReadFile(filepath.Join("testdata", "payments", "paid_card.json"))
	if err != nil {
		b.Fatal(err)
	}
	return wiretest.BenchServer(b, body)
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
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := c.Payments.Get(ctx, benchPaymentID)
		if err != nil || p.Amount.Total != 39800 {
			b.Fatal(p, err)
		}
	}
}

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
	ctx := context.Background()
	// The headers the SDK sends.
	header := http.Header{
		"Authorization": {"PortOne bench-api-secret"},
		"Accept":        {"application/json"},
		"User-Agent":    {userAgent},
	}
	get := func(id string) (*Payment, error) {
		return wiretest.StdlibGet[Payment](ctx, hc, srv.URL+"/payments/"+url.PathEscape(id), header)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := get(benchPaymentID)
		if err != nil || p.Amount.Total != 39800 {
			b.Fatal(p, err)
		}
	}
}
