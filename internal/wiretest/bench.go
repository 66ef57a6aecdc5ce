package wiretest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// BenchServer is the server of a gateway's lookup benchmarks: it answers
// every authenticated request with body, as an API server would (with
// Content-Length), and 401 to one without an Authorization header. It
// closes when the benchmark ends.
func BenchServer(b *testing.B, body []byte) *httptest.Server {
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

// StdlibGet is the stdlib baseline of the lookup benchmarks: a GET of url
// with the headers the SDK sends, written by hand with net/http and
// decoded into a T with encoding/json.
func StdlibGet[T any](ctx context.Context, hc *http.Client, url string, header http.Header) (*T, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var v T
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, err
	}
	return &v, nil
}

// BenchLookup is the loop of the lookup benchmarks: it reports allocations
// and runs lookup until the benchmark ends (the set-up before it is not
// timed), failing b on an error or on a result that want refuses, such as
// a payment whose total is not the fixture's.
func BenchLookup[T any](b *testing.B, lookup func(ctx context.Context) (T, error), want func(T) bool) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if v, err := lookup(ctx); err != nil || !want(v) {
			b.Fatal(v, err)
		}
	}
}
