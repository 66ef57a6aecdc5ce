package transport

import (
	"crypto/tls"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// coldStartGate makes the first request of a client go alone until it is
// known whether the gateway speaks HTTP/2. net/http learns the protocol
// only from a finished TLS handshake, so 1,000 calls made at once on a new
// client would each dial and handshake, and all but one HTTP/2 connection
// would then be thrown away. Behind the gate they share the first one.
//
// The first request opens the gate as soon as its connection turns out
// not to be HTTP/2 (plain HTTP, or HTTP/1.1 over TLS: nothing to share),
// and otherwise when its response headers arrive or it fails: by then the
// server's HTTP/2 settings, which say how many calls the connection
// takes, have been read. A slow first call (a PG approval can take
// seconds) holds the others at most coldStartHold after its connection is
// up. Waiting callers give up with their own context (the attempt's
// timeout included), before anything is sent. The gate opens once per
// client and stays open.
// coldStartHold is the longest the gate stays shut once the first
// connection speaks HTTP/2: many round trips to a gateway, so the server's
// settings have arrived.
const coldStartHold = 200 * time.Millisecond

type coldStartGate struct {
	rt    http.RoundTripper
	hold  time.Duration // coldStartHold unless a test shortens or lengthens it
	open  atomic.Bool
	mu    sync.Mutex
	ready chan struct{} // non-nil once the first request is under way; closed when the gate opens
}

func (g *coldStartGate) RoundTrip(r *http.Request) (*http.Response, error) {
	if g.open.Load() {
		return g.rt.RoundTrip(r)
	}
	g.mu.Lock()
	if ready := g.ready; ready != nil {
		g.mu.Unlock()
		select {
		case <-ready:
			return g.rt.RoundTrip(r)
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	ready := make(chan struct{})
	g.ready = ready
	g.mu.Unlock()

	var once sync.Once
	release := func() {
		once.Do(func() {
			g.open.Store(true)
			close(ready)
		})
	}
	defer release()
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if tc, ok := info.Conn.(*tls.Conn); !ok || tc.ConnectionState().NegotiatedProtocol != "h2" {
			release()
			return
		}
		hold := g.hold
		if hold == 0 {
			hold = coldStartHold
		}
		time.AfterFunc(hold, release)
	}}
	return g.rt.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), trace)))
}
