package bootpaytest_test

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestWithListenerServesOnTheGivenAddress: the sandbox serves on the listener it is given (a fixed
// address for a local server), a client reaches it there, and Close releases the address.
func TestWithListenerServesOnTheGivenAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	srv := bootpaytest.NewServer(bootpaytest.WithListener(l))
	assert.Equal(t, "http://"+addr+"/v2", srv.URL())

	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL("http://"+addr+"/v2"))
	require.NoError(t, err)
	r, err := client.Receipts.Get(context.Background(), rc.ReceiptID)
	require.NoError(t, err)
	assert.Equal(t, rc.ReceiptID, r.ReceiptID)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpReceiptGet])

	srv.Close()
	l2, err := net.Listen("tcp", addr)
	require.NoError(t, err, "Close must release the address")
	l2.Close()
}
