package bootpay

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/wiretest"
)

// TestHTTP2SharesOneHandshake: Bootpay gets HTTP/2 (see the package
// documentation, "Connections"). 1,000 lookups started at once on a new
// client with its default transport, against a TLS server that speaks
// HTTP/2, share one TCP connection and one TLS handshake, and every
// request arrives over HTTP/2.
func TestHTTP2SharesOneHandshake(t *testing.T) {
	srv := wiretest.NewHTTP2Server(t, readFixture(t, "receipt_card.json"))
	c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(srv.URL+"/v2"), transport.WithRootCAs(srv.Roots))
	require.NoError(t, err)
	srv.RequireOneConnection(t, 1000, func() error {
		_, err := c.Receipts.Get(t.Context(), "62afc194e38c300021b345d4")
		return err
	})
}
