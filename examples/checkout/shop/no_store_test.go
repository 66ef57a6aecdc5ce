package shop_test

import (
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// The GET answers that set a session cookie (a guest's first request) or
// show an order — its buyer's (a virtual account's number among it) or
// the 404 a stranger gets — say Cache-Control: no-store, so that no
// browser or proxy cache keeps them for someone else.
func TestSessionAndOrderAnswersAreNotStored(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	first := getAnswer(t, f.browser, f.inst[0].api.URL+"/api/session", http.StatusOK)
	if first.Header.Get("Set-Cookie") == "" {
		t.Error("the guest's first GET /api/session set no cookie: the test's premise failed")
	}
	o := f.newOrder(t, shop.FlowPortOne)
	for name, resp := range map[string]*http.Response{
		"a guest's first GET /api/session (sets the cookie)": first,
		"GET /api/session":                  getAnswer(t, f.browser, f.inst[0].api.URL+"/api/session", http.StatusOK),
		"the buyer's GET /api/orders/{id}":  getAnswer(t, f.browser, f.inst[0].api.URL+"/api/orders/"+o.ID, http.StatusOK),
		"a stranger's GET /api/orders/{id}": getAnswer(t, http.DefaultClient, f.inst[0].api.URL+"/api/orders/"+o.ID, http.StatusNotFound),
	} {
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", name, got)
		}
	}
}

// getAnswer sends GET url with client and returns its answer (the body
// closed), which must have status code.
func getAnswer(t *testing.T, client *http.Client, url string, code int) *http.Response {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != code {
		t.Fatalf("GET %s: %d, want %d", url, resp.StatusCode, code)
	}
	return resp
}
