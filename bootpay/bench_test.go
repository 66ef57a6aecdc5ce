package bootpay

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"testing"

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
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := c.Receipts.Get(ctx, "62afc194e38c300021b345d4")
		if err != nil || r.Price != 50000 {
			b.Fatal(r, err)
		}
	}
}

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
	ctx := context.Background()
	// The same headers the SDK sends.
	header := http.Header{
		"Authorization":       {auth},
		"Accept":              {"application/json"},
		"Accept-Charset":      {"utf-8"},
		"User-Agent":          {userAgent},
		"Bootpay-Api-Version": {"5.0.0"},
		"Bootpay-Sdk-Version": {"0.1.0"},
		"Bootpay-Sdk-Type":    {"305"},
	}
	get := func(id string) (*Receipt, error) {
		return wiretest.StdlibGet[Receipt](ctx, hc, srv.URL+"/v2/receipt/"+id, header)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := get("62afc194e38c300021b345d4")
		if err != nil || r.Price != 50000 {
			b.Fatal(r, err)
		}
	}
}
