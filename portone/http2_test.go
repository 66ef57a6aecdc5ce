package portone_test

import (
	"testing"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/wiretest"
	"github.com/paykit-kr/paykit/portone"
)

// TestHTTP2SharesOneHandshake: PortOne gets HTTP/2 (see the package
// documentation, "Connections"). 1,000 lookups started at once on a new
// client with its default transport, against a TLS server that speaks
// HTTP/2, share one TCP connection and one TLS handshake, and every
// request arrives over HTTP/2.
func TestHTTP2SharesOneHandshake(t *testing.T) {
	wiretest.RequireHTTP2SharesOneHandshake(t, readFixture(t, "paid_card.json"), func(url string, tls transport.Option) (func() error, error) {
		c, err := portone.NewClient("secret", portone.WithBaseURL(url), tls)
		return func() error {
			_, err := c.Payments.Get(t.Context(), "order-20240425-0001")
			return err
		}, err
	})
}
