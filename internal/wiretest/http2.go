package wiretest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/paykit-kr/paykit/internal/transport"
)

// HTTP2Server is a TLS test server that speaks HTTP/2, takes 1,000
// concurrent streams per connection, answers every request with one JSON
// body, and counts what a client's connection pool did to it.
type HTTP2Server struct {
	*httptest.Server
	// Roots trusts the server's certificate, for transport.WithRootCAs.
	Roots *x509.CertPool

	conns, handshakes, http1 atomic.Int64
}

// NewHTTP2Server starts an HTTP2Server answering body; it closes with t.
func NewHTTP2Server(t testing.TB, body []byte) *HTTP2Server {
	s := &HTTP2Server{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			s.http1.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	// Go's server allows 250 streams by default; past them a client opens
	// more connections, which is not what the test is about.
	srv.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: 1000}
	srv.TLS = &tls.Config{VerifyConnection: func(tls.ConnectionState) error { s.handshakes.Add(1); return nil }}
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s.Server = srv
	s.Roots = x509.NewCertPool()
	s.Roots.AddCert(srv.Certificate())
	return s
}

// RequireOneConnection runs call from n goroutines at once and fails t
// unless every call succeeded over HTTP/2 on one TCP connection with one
// TLS handshake.
func (s *HTTP2Server) RequireOneConnection(t testing.TB, n int, call func() error) {
	t.Helper()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if call() != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	for _, c := range []struct {
		what       string
		got, wantN int64
	}{
		{"failed calls", failed.Load(), 0},
		{"requests over HTTP/1.x", s.http1.Load(), 0},
		{"TCP connections", s.conns.Load(), 1},
		{"TLS handshakes", s.handshakes.Load(), 1},
	} {
		if c.got != c.wantN {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.wantN)
		}
	}
}

// RequireHTTP2SharesOneHandshake is the HTTP/2 test both gateways run: it
// starts an HTTP2Server answering body, lets newLookup build a new client
// with its default transport for the server's base URL, trusting the
// server through the option tls, and requires 1,000 lookups started at
// once on it to share one TCP connection and one TLS handshake, every
// request over HTTP/2.
func RequireHTTP2SharesOneHandshake(t *testing.T, body []byte, newLookup func(baseURL string, tls transport.Option) (lookup func() error, err error)) {
	t.Helper()
	srv := NewHTTP2Server(t, body)
	lookup, err := newLookup(srv.URL, transport.WithRootCAs(srv.Roots))
	if err != nil {
		t.Fatal(err)
	}
	srv.RequireOneConnection(t, 1000, lookup)
}
