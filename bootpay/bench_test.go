package bootpay

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchServer answers GET /v2/receipt/{id} with the ~2 KiB card receipt.
func benchServer(b *testing.B) *httptest.Server {
	body := readFixture(b, "receipt_card.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
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
	get := func(id string) (*Receipt, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v2/receipt/"+id, nil)
		if err != nil {
			return nil, err
		}
		// The same headers the SDK sends.
		req.Header.Set("Authorization", auth)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Accept-Charset", "utf-8")
		req.Header.Set("User-Agent", userAgent)
		req.Header.Set("Bootpay-Api-Version", "5.0.0")
		req.Header.Set("Bootpay-Sdk-Version", "0.1.0")
		req.Header.Set("Bootpay-Sdk-Type", "305")
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			_, _ = io.Copy(io.Discard, resp.Body)
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		var r Receipt
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			return nil, err
		}
		return &r, nil
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
