package sandboxtest

import (
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// RequireListener checks what a sandbox's WithListener promises: the server newServer starts on a
// loopback listener serves on it, at "http://"+addr+prefix; reach, a client of the gateway at that
// base URL, is answered there; and Close releases the address.
func RequireListener[S URLCloser](t *testing.T, prefix string, newServer func(net.Listener) S, reach func(t *testing.T, srv S, baseURL string)) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	srv := newServer(l)
	assert.Equal(t, "http://"+addr+prefix, srv.URL())

	reach(t, srv, "http://"+addr+prefix)

	srv.Close()
	l2, err := net.Listen("tcp", addr)
	require.NoError(t, err, "Close must release the address")
	l2.Close()
}
