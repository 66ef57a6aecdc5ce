package wiretest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
)

var things = struct{ get, special, create, unused transport.Endpoint }{
	get:     transport.Endpoint{Op: "things.get", Method: http.MethodGet, Route: "/things/{id}"},
	special: transport.Endpoint{Op: "things.special", Method: http.MethodGet, Route: "/things/special"},
	create:  transport.Endpoint{Op: "things.create", Method: http.MethodPost, Route: "/things", Class: transport.Keyed},
	unused:  transport.Endpoint{Op: "things.unused", Method: http.MethodDelete, Route: "/things/{id}"},
}

// TestMockMatchesDeclaredEndpoints: each request is recorded with the
// endpoint it was for (a literal segment before a placeholder, an escaped
// id as one segment), answered from the queue, else by the fallback; a
// request outside the base path gets 418; the coverage names what no
// request was for.
func TestMockMatchesDeclaredEndpoints(t *testing.T) {
	eps := Endpoints(&things)
	require.Len(t, eps, 4)
	CheckDeclared(t, eps)
	cov := NewCoverage(eps...)
	m := New(t, cov, "https://gw.test/v2", func(*http.Request) (*http.Response, error) {
		return JSON(http.StatusOK, []byte(`{"fallback":true}`)), nil
	})
	m.Then(http.StatusCreated, `{"queued":true}`, http.Header{"X-Request-Id": {"r-1"}})
	send := func(method, url, body string) (int, string) {
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := m.Client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := send(http.MethodPost, "https://gw.test/v2/things?x=1", `{"a":1}`)
	assert.Equal(t, http.StatusCreated, status)
	assert.JSONEq(t, `{"queued":true}`, body)
	_, body = send(http.MethodGet, "https://gw.test/v2/things/special", "")
	assert.JSONEq(t, `{"fallback":true}`, body)
	send(http.MethodGet, "https://gw.test/v2/things/a%2Fb%20c", "")
	send(http.MethodGet, "https://gw.test/v2/other", "")
	status, _ = send(http.MethodGet, "https://gw.test/things/1", "")
	assert.Equal(t, http.StatusTeapot, status, "the base path is missing")

	reqs := m.Requests()
	require.Len(t, reqs, 5)
	var ops []string
	for _, r := range reqs {
		ops = append(ops, r.Op)
	}
	assert.Equal(t, []string{"things.create", "things.special", "things.get", "", ""}, ops)
	assert.Equal(t, `{"a":1}`, string(reqs[0].Body))
	assert.Equal(t, "1", reqs[0].Query.Get("x"))
	assert.Equal(t, "/v2/things/a%2Fb%20c", reqs[2].RawPath)
	assert.Equal(t, "/v2/things/a/b c", reqs[2].Path)
	assert.Equal(t, []string{"things.unused"}, cov.Missing())
}
