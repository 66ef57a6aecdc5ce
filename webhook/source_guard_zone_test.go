package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
)

// TestZonedTrustedProxy: a proxy that reaches the server over IPv6
// link-local has a zone in RemoteAddr ("[fe80::1%eth0]:443"), and
// netip.Prefix.Contains is false for every zoned address. The guard drops
// the zone, so the proxy the merchant listed (fe80::/10) is trusted, its
// X-Forwarded-For read, and a genuine delivery from Bootpay's range
// admitted; a zoned hop of the merchant's own chain is skipped likewise.
// The zone never admits anything the address alone would not.
func TestZonedTrustedProxy(t *testing.T) {
	g := webhook.SourceGuard{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("fe80::/10")}}
	check := func(remote string, xff string) error {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/bootpay", nil)
		req.RemoteAddr = remote
		req.Header.Set("X-Forwarded-For", xff)
		return g.Check(req)
	}
	for _, remote := range []string{"[fe80::1%eth0]:443", "[fe80::1]:443", "fe80::1%eth0"} {
		assert.NoError(t, check(remote, webhooktest.BootpayAddress), "a delivery from Bootpay through the listed proxy at %s", remote)
		assert.ErrorIs(t, check(remote, "203.0.113.9"), webhook.ErrUntrustedSource, "someone else through the proxy at %s", remote)
	}
	assert.NoError(t, check("[fe80::1]:443", webhooktest.BootpayAddress+", fe80::2%eth1"), "through two listed proxies, the second zoned")
	assert.ErrorIs(t, check("[fe80::1]:443", webhooktest.BootpayAddress+", 203.0.113.9, fe80::2%eth1"), webhook.ErrUntrustedSource,
		"the first untrusted hop is the client")

	// A zoned client address is judged by its address alone.
	ll := webhook.SourceGuard{Allowed: []netip.Prefix{netip.MustParsePrefix("fe80::/10")}}
	req := httptest.NewRequest(http.MethodPost, "/webhooks/bootpay", nil)
	req.RemoteAddr = "[fe80::7%eth0]:443"
	assert.NoError(t, ll.Check(req))
}
