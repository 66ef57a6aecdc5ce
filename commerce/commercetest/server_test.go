package commercetest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// raw sends a request as any SDK would, with the sandbox's keys unless
// noAuth, and returns the status and body.
func raw(t *testing.T, srv *commercetest.Server, method, path, body string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	if header["noauth"] == "" {
		req.SetBasicAuth(commercetest.ClientKey, commercetest.SecretKey)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	status, body, err := sandboxtest.Do(srv.Client(), req)
	require.NoError(t, err)
	return status, body
}

// TestBasicAuthRequired: no or wrong credentials are 401 with the
// documented numeric code.
func TestBasicAuthRequired(t *testing.T) {
	srv := commercetest.NewServer()
	defer srv.Close()
	status, body := raw(t, srv, "GET", "/orders", "", map[string]string{"noauth": "1"})
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.JSONEq(t, `{"status":401,"code":1700,"message":"Access Token이 잘못되었거나 인증 정보가 없습니다.","data":null}`, body)
}

// TestKeyedWriteIsReplayed: a second POST /invoices with the same
// Idempotency-Key gets the first answer and creates nothing.
func TestKeyedWriteIsReplayed(t *testing.T) {
	srv := commercetest.NewServer()
	defer srv.Close()
	h := map[string]string{"Idempotency-Key": "k-1", "Content-Type": "application/json"}
	s1, b1 := raw(t, srv, "POST", "/invoices", `{"name":"a","price":1000}`, h)
	s2, b2 := raw(t, srv, "POST", "/invoices", `{"name":"a","price":1000}`, h)
	assert.Equal(t, http.StatusOK, s1)
	assert.Equal(t, s1, s2)
	assert.Equal(t, b1, b2)
	assert.Equal(t, 1, srv.Stats().InvoicesCreated)
	assert.Equal(t, 1, srv.Stats().Replays)
	status, _ := raw(t, srv, "POST", "/invoices", `{"name":"a","price":1000,"metadata":{}}`, nil)
	assert.Equal(t, 442, status, "an empty metadata object is refused as Commerce does")
}
