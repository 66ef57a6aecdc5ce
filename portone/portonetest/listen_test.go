package portonetest_test

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestWithListenerServesOnTheGivenAddress: the sandbox serves on the listener it is given (a fixed
// address for a local server), a client reaches it there, and Close releases the address.
func TestWithListenerServesOnTheGivenAddress(t *testing.T) {
	sandboxtest.RequireListener(t, "", func(l net.Listener) *portonetest.Server {
		return portonetest.NewServer(portonetest.WithListener(l))
	}, func(t *testing.T, srv *portonetest.Server, baseURL string) {
		srv.CreatePayment(portonetest.PaymentSpec{ID: "pay-listen", Total: 1000})
		client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(baseURL))
		require.NoError(t, err)
		p, err := client.Payments.Get(context.Background(), "pay-listen")
		require.NoError(t, err)
		assert.Equal(t, "pay-listen", p.ID)
		assert.Equal(t, 1, srv.Stats().Requests[portonetest.OpPaymentGet])
	})
}
