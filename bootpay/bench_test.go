package bootpay

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/paykit-kr/paykit/internal/version"
	"github.com/paykit-kr/paykit/internal/wiretest"
)

// benchServer answers GET /v2/receipt/{id} with the ~2 KiB card receipt.
func benchServer(b *testing.B) *httptest.Server {
	return wiretest.BenchServer(b, readFixture(b, "receipt_card.json"))
}

// BenchmarkReceiptGet is the SDK's receipt lookup: validation, transport
// with its retry machinery, bounded read, decode into Receipt.
func BenchmarkReceiptGet(b *testing.B) {
	srv := benchServer(b)
	c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(srv.URL+"/v2"), WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	wiretest.BenchLookup(b, func(ctx context.Context) (*Receipt, error) {
		return c.Receipts.Get(ctx, "62afc194e38c300021b345d4")
	}, fixturePrice)
}

// fixturePrice reports whether r is the benchmarks' card receipt.
func fixturePrice(r *Receipt) bool { return r.Price == 50000 }

// BenchmarkReceiptGetStdlib is the baseline: the same request and decode
// into the same Receipt, written by hand with net/http and encoding/json.
func BenchmarkReceiptGetStdlib(b *testing.B) {
	srv := benchServer(b)
	hc := srv.Client()
	c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(srv.URL+"/v2"))
	if err != nil {
		b.Fatal(err)
	}
	userAgent := c.t.UserAgent()
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("ck:sk"))
	// The same headers the SDK sends.
	header := http.Header{
		"Authorization":       {auth},
		"Accept":              {"application/json"},
		"Accept-Charset":      {"utf-8"},
		"User-Agent":          {userAgent},
		"Bootpay-Api-Version": {"5.0.0"},
		"Bootpay-Sdk-Version": {version.Version},
		"Bootpay-Sdk-Type":    {"305"},
	}
	wiretest.BenchLookup(b, func(ctx context.Context) (*Receipt, error) {
		return wiretest.StdlibGet[Receipt](ctx, hc, srv.URL+"/v2/receipt/62afc194e38c300021b345d4", header)
	}, fixturePrice)
}
