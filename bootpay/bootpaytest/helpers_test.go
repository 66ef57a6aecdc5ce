package bootpaytest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

var basicAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(bootpaytest.ClientKey+":"+bootpaytest.SecretKey))

// result is a decoded response.
type result struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any // numbers as json.Number
}

func (r result) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

func (r result) num(key string) string {
	n, _ := r.body[key].(json.Number)
	return n.String()
}

func (r result) obj(key string) map[string]any {
	m, _ := r.body[key].(map[string]any)
	return m
}

// api is a plain net/http client for the sandbox.
type api struct {
	t    *testing.T
	base string
	hc   *http.Client
	auth string
}

func newServer(t *testing.T, opts ...bootpaytest.Option) (*bootpaytest.Server, *api) {
	t.Helper()
	srv := bootpaytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	tr := &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return srv, &api{t: t, base: srv.URL(), hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}, auth: basicAuth}
}

// send performs a request; body may be nil, a string (sent as is) or a value encoded as JSON.
func (a *api) send(method, path string, body any) (result, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		require.NoError(a.t, err)
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	require.NoError(a.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if a.auth != "" {
		req.Header.Set("Authorization", a.auth)
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	res := result{status: resp.StatusCode, header: resp.Header, raw: raw}
	if err != nil {
		return res, err
	}
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&res.body) != nil {
			res.body = nil
		}
	}
	return res, nil
}

func (a *api) must(method, path string, body any) result {
	a.t.Helper()
	res, err := a.send(method, path, body)
	require.NoError(a.t, err)
	return res
}

func (a *api) get(id string) result { return a.must(http.MethodGet, "/receipt/"+id, nil) }

func (a *api) confirm(id string) result {
	return a.must(http.MethodPost, "/confirm", map[string]any{"receipt_id": id})
}

func (a *api) cancel(body map[string]any) result {
	return a.must(http.MethodPost, "/cancel", body)
}

func (a *api) token(appID, key string) result {
	return a.must(http.MethodPost, "/request/token", map[string]any{"application_id": appID, "private_key": key})
}

// with returns a copy of a using another Authorization header ("" for none).
func (a *api) with(auth string) *api {
	c := *a
	c.auth = auth
	return &c
}

// requireError checks an error response: status, exact body shape and code.
func requireError(t *testing.T, res result, status int, code string) {
	t.Helper()
	require.Equal(t, status, res.status, "body: %s", res.raw)
	require.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
	require.Len(t, res.body, 2, "error body has exactly error_code and message: %s", res.raw)
	require.Equal(t, code, res.str("error_code"))
	require.NotEmpty(t, res.str("message"))
}

// newFakeClock returns the shared fake clock, at 2026-11-22 14:05:09 KST.
func newFakeClock() *sandbox.Clock {
	return sandbox.NewClock(time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC))
}

func paid() *bootpay.Status { return bootpaytest.Ptr(bootpay.StatusPaid) }
