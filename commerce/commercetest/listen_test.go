package commercetest_test

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// TestWithListenerServesOnTheGivenAddress: the sandbox serves on the listener it is given (a fixed
// address for a local server), a client reaches it there, and Close releases the address.
func TestWithListenerServesOnTheGivenAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	srv := commercetest.NewServer(commercetest.WithListener(l))
	assert.Equal(t, "http://"+addr+"/v1", srv.URL())

	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL("http://"+addr+"/v1"))
	require.NoError(t, err)
	o, err := client.Orders.Get(context.Background(), ref.OrderNumber)
	require.NoError(t, err)
	assert.Equal(t, ref.OrderNumber, o.OrderNumber)
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpOrderGet])

	srv.Close()
	l2, err := net.Listen("tcp", addr)
	require.NoError(t, err, "Close must release the address")
	l2.Close()
}
