package bootpay

import (
	"testing"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/wiretest"
)

// TestHTTP2SharesOneHandshake: Bootpay gets HTTP/2 (see the package
// documentation, "Connections"). 1,000 lookups started at once on a new
// client with its default transport, against a TLS server that speaks
// HTTP/2, share one TCP connection and one TLS handshake, and every
// request arrives over HTTP/2.
func TestHTTP2SharesOneHandshake(t *testing.T) {
	wiretest.RequireHTTP2SharesOneHandshake(t, readFixture(t, "receipt_card.json"), func(url string, tls transport.Option) (func() error, error) {
		c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(url+"/v2"), tls)
		return func() error {
			_, err := c.Receipts.Get(t.Context(), "62afc194e38c300021b345d4")
			return err
		}, err
	})
}
