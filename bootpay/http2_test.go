package bootpay

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
)

// TestHTTP2SharesOneHandshake: Bootpay gets HTTP/2 (see the package
// documentation, "Connections"). 1,000 lookups started at once on a new
// client with its default transport, against a TLS server that speaks
// HTTP/2 and takes 1,000 concurrent streams, share one TCP connection and
// one TLS handshake, and every request arrives over HTTP/2.
func TestHTTP2SharesOneHandshake(t *testing.T) {
	body := readFixture(t, "receipt_card.json")
	var conns, handshakes, http1 atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			http1.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: 1000}
	srv.TLS = &tls.Config{VerifyConnection: func(tls.ConnectionState) error { handshakes.Add(1); return nil }}
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())

	c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(srv.URL+"/v2"), transport.WithRootCAs(roots))
	require.NoError(t, err)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Receipts.Get(t.Context(), "62afc194e38c300021b345d4"); err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failed.Load(), "lookups failed")
	assert.Zero(t, http1.Load(), "requests over HTTP/1.x")
	assert.Equal(t, int64(1), conns.Load(), "TCP connections")
	assert.Equal(t, int64(1), handshakes.Load(), "TLS handshakes")
}
