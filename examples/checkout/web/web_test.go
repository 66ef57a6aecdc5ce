package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/web"
)

func fetch(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

// In sandbox mode every page is served and loads the stand-ins from /sdk/,
// which are mounted; a path the pages do not take reaches the shop's API.
func TestSandboxPagesLoadStandIns(t *testing.T) {
	s := newSite(t)
	h, err := web.Handler(web.Config{API: s.srv.Handler(), Sandbox: s.sb})
	if err != nil {
		t.Fatal(err)
	}
	for path, sdk := range map[string]string{
		"/bootpay": "/sdk/bootpay/bootpay.js", "/bootpay-client": "/sdk/bootpay/bootpay.js",
		"/portone": "/sdk/portone/browser-sdk.js", "/plans": "/sdk/commerce/commerce.js",
	} {
		code, body := fetch(t, h, path)
		if code != http.StatusOK || !strings.Contains(body, `<script src="`+sdk+`">`) {
			t.Errorf("%s: %d, want 200 loading %s", path, code, sdk)
		}
		if code, js := fetch(t, h, sdk); code != http.StatusOK || !strings.Contains(js, "TEST DOUBLE") {
			t.Errorf("%s: %d, want the stand-in", sdk, code)
		}
	}
	for _, path := range []string{"/", "/orders/order-x/result", "/commerce/result", "/static/app.js", "/static/style.css"} {
		if code, _ := fetch(t, h, path); code != http.StatusOK {
			t.Errorf("%s: %d", path, code)
		}
	}
	if code, body := fetch(t, h, "/api/products"); code != http.StatusOK || !strings.Contains(body, "shoe-270") {
		t.Errorf("/api/products: %d %s", code, body)
	}
}

// With real keys the pages load the gateways' real SDKs with those keys, and
// no stand-in is reachable; without a sandbox, missing keys are an error.
func TestLivePagesLoadRealSDKs(t *testing.T) {
	api := http.NotFoundHandler()
	keys := web.Keys{BootpayClientKey: "bp-key", PortOneStoreID: "store-live", PortOneChannelKey: "channel-live", CommerceClientKey: "cm-key"}
	h, err := web.Handler(web.Config{API: api, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	for path, sdk := range map[string]string{"/bootpay": web.BootpaySDKURL, "/portone": web.PortOneSDKURL, "/plans": web.CommerceSDKURL} {
		code, body := fetch(t, h, path)
		if code != http.StatusOK || !strings.Contains(body, `<script src="`+sdk+`">`) || strings.Contains(body, "/sdk/") {
			t.Errorf("%s: %d, want the real SDK %s and no stand-in", path, code, sdk)
		}
		for _, k := range []string{"bp-key", "store-live", "channel-live", "cm-key"} {
			if !strings.Contains(body, k) {
				t.Errorf("%s does not pass %s", path, k)
			}
		}
	}
	if code, _ := fetch(t, h, "/sdk/bootpay/bootpay.js"); code != http.StatusNotFound {
		t.Errorf("stand-in served in live mode: %d", code)
	}
	keys.PortOneChannelKey = ""
	if _, err := web.Handler(web.Config{API: api, Keys: keys}); err == nil {
		t.Error("a missing key was accepted")
	}
}
