package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type browserEcho struct {
	Name  string `json:"name"`
	Price int64  `json:"price"`
}

// browserEchoCall answers a page's call with what it decoded, or 400 with the decoding error.
func browserEchoCall(req browserEcho, err error) Response {
	if err != nil {
		return JSON(http.StatusBadRequest, map[string]string{"message": err.Error()})
	}
	return JSON(http.StatusOK, req)
}

func browserStandIn(t *testing.T) string {
	t.Helper()
	h := BrowserSDK("/sdk/test/", "test.js", []byte("window.Test = {};\n"), map[string]http.Handler{"echo": BrowserCall(browserEchoCall)})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func browserDo(t *testing.T, method, url, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, res.Header, string(b)
}

// The stand-in's one script is the shared payment sheet followed by the
// gateway's adapter, served uncached as JavaScript: the adapter runs after
// window.paykitSandbox is defined, and a page loads one file.
func TestBrowserSDKServesSheetThenAdapter(t *testing.T) {
	base := browserStandIn(t)
	code, h, body := browserDo(t, http.MethodGet, base+"/sdk/test/test.js", "")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "text/javascript; charset=utf-8", h.Get("Content-Type"))
	assert.Equal(t, "no-store", h.Get("Cache-Control"))
	assert.True(t, strings.HasPrefix(body, string(browserSheetJS)), "the sheet comes first")
	assert.True(t, strings.HasSuffix(body, "window.Test = {};\n"), "then the adapter")
	assert.Contains(t, string(browserSheetJS), "window.paykitSandbox =")

	code, _, _ = browserDo(t, http.MethodPost, base+"/sdk/test/test.js", "")
	assert.Equal(t, http.StatusMethodNotAllowed, code, "the script is GET only")
	code, _, _ = browserDo(t, http.MethodGet, base+"/sdk/test/echo", "")
	assert.Equal(t, http.StatusMethodNotAllowed, code, "a call is POST only")
	code, _, _ = browserDo(t, http.MethodPost, base+"/sdk/test/other", "{}")
	assert.Equal(t, http.StatusNotFound, code, "only the declared calls are served")
}

// A call decodes the page's JSON body and writes the answer as JSON; a body
// that does not decode, or is over 16 KiB, reaches the answer as an error
// and is refused by it, never a panic.
func TestBrowserCallDecodesAndAnswers(t *testing.T) {
	base := browserStandIn(t)
	code, h, body := browserDo(t, http.MethodPost, base+"/sdk/test/echo", `{"name":"운동화","price":85000}`)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"))
	assert.JSONEq(t, `{"name":"운동화","price":85000}`, body)

	long := `{"name":"` + string(bytes.Repeat([]byte("x"), browserBodyLimit)) + `","price":1}`
	for name, in := range map[string]string{
		"not JSON":      "price=1",
		"wrong type":    `{"price":"1000"}`,
		"fraction":      `{"price":10.5}`,
		"over 16 KiB":   long,
		"empty body":    "",
		"not an object": "[]",
	} {
		code, _, body := browserDo(t, http.MethodPost, base+"/sdk/test/echo", in)
		assert.Equal(t, http.StatusBadRequest, code, name)
		assert.Contains(t, body, `"message"`, name)
	}
}
