package sandboxtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// ServeBrowserSDK mounts a sandbox's browser-SDK stand-in (its BrowserSDK handler) on a test server
// of its own, as a merchant's page origin, and returns that origin's URL.
func ServeBrowserSDK(t *testing.T, sdk http.Handler) string {
	t.Helper()
	page := httptest.NewServer(sdk)
	t.Cleanup(page.Close)
	return page.URL
}

// BrowserPost posts body as JSON to url, as a stand-in's script calls back to its sandbox, and
// returns the status and the JSON answer decoded into a T.
func BrowserPost[T any](t *testing.T, url string, body any) (int, T) {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	res, err := http.Post(url, "application/json", bytes.NewReader(b))
	require.NoError(t, err)
	defer res.Body.Close()
	var out T
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

// RequireBrowserScript checks that url serves a stand-in as uncached JavaScript carrying the payment
// sheet every stand-in shows (the 결제하기 and 취소 buttons a page's buyer clicks) and each of want,
// the gateway's browser API.
func RequireBrowserScript(t *testing.T, url string, want ...string) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript"))
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	for _, w := range append([]string{"window.paykitSandbox", "paykit-sandbox-pay", "paykit-sandbox-cancel"}, want...) {
		require.Contains(t, string(body), w)
	}
}
