package commercetest_test

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// TestWithListenerServesOnTheGivenAddress: the sandbox serves on the listener it is given (a fixed
// address for a local server), a client reaches it there, and Close releases the address.
func TestWithListenerServesOnTheGivenAddress(t *testing.T) {
	sandboxtest.RequireListener(t, "/v1", func(l net.Listener) *commercetest.Server {
		return commercetest.NewServer(commercetest.WithListener(l))
	}, func(t *testing.T, srv *commercetest.Server, baseURL string) {
		ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
		client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(baseURL))
		require.NoError(t, err)
		o, err := client.Orders.Get(context.Background(), ref.OrderNumber)
		require.NoError(t, err)
		assert.Equal(t, ref.OrderNumber, o.OrderNumber)
		assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpOrderGet])
	})
}
