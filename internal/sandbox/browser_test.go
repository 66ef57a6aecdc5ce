package sandbox_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

type browserEcho struct {
	Name  string `json:"name"`
	Price int64  `json:"price"`
}

// browserEchoCall answers a page's call with what it decoded, or 400 with the decoding error.
func browserEchoCall(req browserEcho, err error) sandbox.Response {
	if err != nil {
		return sandbox.JSON(http.StatusBadRequest, map[string]string{"message": err.Error()})
	}
	return sandbox.JSON(http.StatusOK, req)
}

const browserAdapter = "window.Test = {};\n"

// browserStandIn serves a stand-in with one call, echo, and returns a raw client of its origin.
func browserStandIn(t *testing.T) *sandboxtest.Client {
	t.Helper()
	h := sandbox.BrowserSDK("/sdk/test/", "test.js", []byte(browserAdapter), map[string]http.Handler{"echo": sandbox.BrowserCall(browserEchoCall)})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return sandboxtest.NewClient(t, srv.URL+"/sdk/test/", "")
}

// The stand-in's one script is the shared payment sheet followed by the
// gateway's adapter, served uncached as JavaScript: the adapter runs after
// window.paykitSandbox is defined, and a page loads one file.
func TestBrowserSDKServesSheetThenAdapter(t *testing.T) {
	c := browserStandIn(t)
	res := c.Must(http.MethodGet, "test.js", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "text/javascript; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	js := string(res.Raw)
	sheet := strings.Index(js, "window.paykitSandbox = {")
	assert.True(t, sheet > 0 && strings.HasSuffix(js, browserAdapter) && sheet < len(js)-len(browserAdapter),
		"the sheet, then the adapter:\n%s", js)
	for _, id := range []string{"paykit-sandbox-sheet", "paykit-sandbox-pay", "paykit-sandbox-cancel"} {
		assert.Contains(t, js, id, "the ids the pages' browser tests click")
	}

	assert.Equal(t, http.StatusMethodNotAllowed, c.Must(http.MethodPost, "test.js", "").Status, "the script is GET only")
	assert.Equal(t, http.StatusMethodNotAllowed, c.Must(http.MethodGet, "echo", nil).Status, "a call is POST only")
	assert.Equal(t, http.StatusNotFound, c.Must(http.MethodPost, "other", "{}").Status, "only the declared calls are served")
}

// A call decodes the page's JSON body and writes the answer as JSON; a body
// that does not decode, or is over 16 KiB, reaches the answer as an error
// and is refused by it, never a panic.
func TestBrowserCallDecodesAndAnswers(t *testing.T) {
	// Parallel: net/http lingers 500 ms before closing the connection of a
	// request over its MaxBytesReader limit, and the test server's Close
	// waits for it.
	t.Parallel()
	c := browserStandIn(t)
	res := c.Must(http.MethodPost, "echo", `{"name":"운동화","price":85000}`)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"name":"운동화","price":85000}`, string(res.Raw))

	for name, in := range map[string]string{
		"not JSON":      "price=1",
		"wrong type":    `{"price":"1000"}`,
		"fraction":      `{"price":10.5}`,
		"over 16 KiB":   `{"name":"` + strings.Repeat("x", 16<<10) + `","price":1}`,
		"empty body":    "",
		"not an object": "[]",
	} {
		res := c.Must(http.MethodPost, "echo", in)
		assert.Equal(t, http.StatusBadRequest, res.Status, name)
		assert.NotEmpty(t, res.Str("message"), name)
	}
}
