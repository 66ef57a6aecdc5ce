package portonetest_test

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestWithListenerServesOnTheGivenAddress: the sandbox serves on the listener it is given (a fixed
// address for a local server), a client reaches it there, and Close releases the address.
func TestWithListenerServesOnTheGivenAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	srv := portonetest.NewServer(portonetest.WithListener(l))
	assert.Equal(t, "http://"+addr, srv.URL())

	srv.CreatePayment(portonetest.PaymentSpec{ID: "pay-listen", Total: 1000})
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL("http://"+addr))
	require.NoError(t, err)
	p, err := client.Payments.Get(context.Background(), "pay-listen")
	require.NoError(t, err)
	assert.Equal(t, "pay-listen", p.ID)
	assert.Equal(t, 1, srv.Stats().Requests[portonetest.OpPaymentGet])

	srv.Close()
	l2, err := net.Listen("tcp", addr)
	require.NoError(t, err, "Close must release the address")
	l2.Close()
}
