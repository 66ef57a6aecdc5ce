package commercetest

import "net"

// WithListener makes the server serve on l instead of a new loopback listener on an ephemeral
// port, so that a sandbox run as a local server for other programs (go run ./examples/sandbox)
// keeps a fixed address such as 127.0.0.1:9100. The caller opens l, and so sees an address
// already in use as its own error; the server owns l from then on and closes it on [Server.Close].
// [Server.URL] is on l's address. A nil l keeps the default.
func WithListener(l net.Listener) Option {
	return func(c *config) { c.listener = l }
}
