package shop_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// crossSiteForm is what a page on another site makes a browser send with
// <form method="post" enctype="text/plain" action="https://shop/…"> and one
// field named `{…,"x":"` whose value is `"}`: a "simple" request, sent
// without a CORS preflight, whose body json.Decoder reads as the JSON the
// shop expects (the trailing line break is ignored).
func crossSiteForm(t *testing.T, url, json string) *http.Request {
	t.Helper()
	body := json[:len(json)-1] + `,"x":"` + "=" + `"}` + "\r\n" // name, "=", value
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Origin", "https://attacker.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	return req
}

// POST /api/login needs no cookie, so SameSite=Lax does not protect it: a
// page on any site can post a text/plain form to it (login CSRF), and the
// answer's Set-Cookie logs the victim's browser in as the attacker — the
// victim's next orders, their 적립금 and what they show are then the
// attacker's account's. A state-changing JSON endpoint should refuse a
// body that is not application/json (which a cross-site page can send
// only after a CORS preflight the shop never allows), or a cross-site
// Origin / Sec-Fetch-Site.
func TestLoginRefusesACrossSiteFormPost(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	if err := shop.AddUser(context.Background(), f.inst[0].db, "attacker", "attacker-password"); err != nil {
		t.Fatal(err)
	}
	req := crossSiteForm(t, f.inst[0].api.URL+"/api/login", `{"user_id":"attacker","password":"attacker-password"}`)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == shop.SessionCookie {
			t.Errorf("a cross-site text/plain form post logged the browser in (%d, Set-Cookie %s): want it refused (403 or 415) with no session", resp.StatusCode, c.Name)
		}
	}
}

// Every endpoint only the shop's pages post to refuses a cross-site
// request (403) and a body that is not application/json (415), before
// reading it; POST /payment/complete, which any browser may call (the
// mobile redirect), is not refused for either.
func TestPagesEndpointsRefuseCrossSiteAndNonJSON(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	send := func(path, contentType, origin string) int {
		req, err := http.NewRequest(http.MethodPost, f.inst[0].api.URL+path, strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", contentType)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		return statusOf(t, req)
	}
	for _, path := range []string{"/api/login", "/api/orders", "/api/confirm", "/api/payment/confirm-check",
		"/api/payment/complete", "/api/orders/plan", "/api/orders/verify"} {
		if code := send(path, "application/json", "https://attacker.example"); code != http.StatusForbidden {
			t.Errorf("%s from another site's page: %d, want 403", path, code)
		}
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
			if code := send(path, ct, ""); code != http.StatusUnsupportedMediaType {
				t.Errorf("%s with Content-Type %q: %d, want 415", path, ct, code)
			}
		}
		if code := send(path, "application/json; charset=utf-8", f.inst[0].api.URL); code == http.StatusForbidden || code == http.StatusUnsupportedMediaType {
			t.Errorf("%s from the shop's own page: %d, want it read", path, code)
		}
	}
	if code := send("/payment/complete", "text/plain", "https://attacker.example"); code == http.StatusForbidden || code == http.StatusUnsupportedMediaType {
		t.Errorf("/payment/complete: %d, want it open to any browser", code)
	}
}
