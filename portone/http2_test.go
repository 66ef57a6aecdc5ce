package portone_test

import (
	"testing"

	"github.com/stretchr/testify/require"

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
	srv := wiretest.NewHTTP2Server(t, readFixture(t, "paid_card.json"))
	c, err := portone.NewClient("secret", portone.WithBaseURL(srv.URL), transport.WithRootCAs(srv.Roots))
	require.NoError(t, err)
	srv.RequireOneConnection(t, 1000, func() error {
		_, err := c.Payments.Get(t.Context(), "order-20240425-0001")
		return err
	})
}
