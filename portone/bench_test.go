package portone

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// paymentBenchServer answers GET /payments/{id} with the ~4 KiB PAID card
// payment, as an API server would: with Content-Length.
func paymentBenchServer(b *testing.B) *httptest.Server {
	body, err := os.ReadFile(filepath.Join("testdata", "payments", "paid_card.json"))
	if err != nil {
		b.Fatal(err)
	}
	length := strconv.Itoa(len(body))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
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
	get := func(id string) (*Payment, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/payments/"+url.PathEscape(id), nil)
		if err != nil {
			return nil, err
		}
		// The headers the SDK sends.
		req.Header.Set("Authorization", "PortOne bench-api-secret")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", userAgent)
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			_, _ = io.Copy(io.Discard, resp.Body)
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		var p Payment
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			return nil, err
		}
		return &p, nil
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
