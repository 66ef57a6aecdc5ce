package bootpaytest_test

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// TestWithListenerServesOnTheGivenAddress: the sandbox serves on the listener it is given (a fixed
// address for a local server), a client reaches it there, and Close releases the address.
func TestWithListenerServesOnTheGivenAddress(t *testing.T) {
	sandboxtest.RequireListener(t, "/v2", func(l net.Listener) *bootpaytest.Server {
		return bootpaytest.NewServer(bootpaytest.WithListener(l))
	}, func(t *testing.T, srv *bootpaytest.Server, baseURL string) {
		rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
		client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(baseURL))
		require.NoError(t, err)
		r, err := client.Receipts.Get(context.Background(), rc.ReceiptID)
		require.NoError(t, err)
		assert.Equal(t, rc.ReceiptID, r.ReceiptID)
		assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpReceiptGet])
	})
}
