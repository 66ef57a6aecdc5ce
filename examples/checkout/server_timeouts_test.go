package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// The command's HTTP server has every timeout set, and its WriteTimeout
// outlasts what a handler may wait for: a confirm's detached run
// (shop.DefaultConfirmTimeout) and one gateway call with all its retries.
func TestHTTPServerTimeouts(t *testing.T) {
	hs := httpServer(http.NotFoundHandler())
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.IdleTimeout <= 0 {
		t.Errorf("ReadHeaderTimeout %v, ReadTimeout %v, IdleTimeout %v: want all set", hs.ReadHeaderTimeout, hs.ReadTimeout, hs.IdleTimeout)
	}
	if slowest := slowestGatewayCall(); slowest < 3*time.Minute {
		t.Errorf("the slowest gateway call reckoned %v: want three 60 s attempts and the back-offs", slowest)
	}
	if hs.WriteTimeout <= shop.DefaultConfirmTimeout || hs.WriteTimeout <= slowestGatewayCall() {
		t.Errorf("WriteTimeout %v: want it longer than a confirm (%v) and the slowest gateway call (%v)",
			hs.WriteTimeout, shop.DefaultConfirmTimeout, slowestGatewayCall())
	}
}
