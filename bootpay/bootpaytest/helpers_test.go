package bootpaytest_test

import (
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

var basicAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(bootpaytest.ClientKey+":"+bootpaytest.SecretKey))

// result is a decoded response.
type result = sandboxtest.Result

// api is a plain net/http client for the sandbox, with Bootpay's endpoints.
type api struct{ *sandboxtest.Client }

func newServer(t *testing.T, opts ...bootpaytest.Option) (*bootpaytest.Server, *api) {
	t.Helper()
	srv := bootpaytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c := sandboxtest.NewClient(t, srv.URL(), basicAuth)
	c.Header.Set("Accept", "application/json")
	return srv, &api{c}
}

func (a *api) get(id string) result { return a.Must(http.MethodGet, "/receipt/"+id, nil) }

func (a *api) confirm(id string) result {
	return a.Must(http.MethodPost, "/confirm", map[string]any{"receipt_id": id})
}

func (a *api) cancel(body map[string]any) result {
	return a.Must(http.MethodPost, "/cancel", body)
}

func (a *api) token(appID, key string) result {
	return a.Must(http.MethodPost, "/request/token", map[string]any{"application_id": appID, "private_key": key})
}

// with returns a copy of a using another Authorization header ("" for none).
func (a *api) with(auth string) *api { return &api{a.With(auth)} }

// requireError checks an error response: status, exact body shape and code.
func requireError(t *testing.T, res result, status int, code string) {
	t.Helper()
	require.Equal(t, status, res.Status, "body: %s", res.Raw)
	require.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
	require.Len(t, res.Body, 2, "error body has exactly error_code and message: %s", res.Raw)
	require.Equal(t, code, res.Str("error_code"))
	require.NotEmpty(t, res.Str("message"))
}

// newFakeClock returns the shared fake clock, at 2026-11-22 14:05:09 KST.
func newFakeClock() *sandbox.Clock {
	return sandbox.NewClock(time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC))
}

func paid() *bootpay.Status { return bootpaytest.Ptr(bootpay.StatusPaid) }
