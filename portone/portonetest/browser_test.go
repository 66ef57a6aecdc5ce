package portonetest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

func browserRequest(t *testing.T, base string, body any) (int, portonetest.BrowserResult) {
	t.Helper()
	return sandboxtest.BrowserPost[portonetest.BrowserResult](t, base+portonetest.BrowserSDKPath+"request", body)
}

func newBrowserSDK(t *testing.T) (*portonetest.Server, *api, string) {
	t.Helper()
	srv, a := newServer(t)
	return srv, a, sandboxtest.ServeBrowserSDK(t, srv.BrowserSDK())
}

// The stand-in script is served as JavaScript and defines
// window.PortOne.requestPayment.
func TestBrowserSDKServesScript(t *testing.T) {
	_, _, base := newBrowserSDK(t)
	sandboxtest.RequireBrowserScript(t, base+portonetest.BrowserSDKPath+"browser-sdk.js", "window.PortOne", "requestPayment")
}

// A card payment is created PAID and a virtual account one
// VIRTUAL_ACCOUNT_ISSUED, under the page's paymentId and amount, and the
// REST API (checked against the schema) serves them as a client reads them.
func TestBrowserSDKCreatesPayment(t *testing.T) {
	srv, a, base := newBrowserSDK(t)
	for _, tc := range []struct {
		method string
		want   portone.PaymentStatus
	}{{"CARD", portone.PaymentStatusPaid}, {"VIRTUAL_ACCOUNT", portone.PaymentStatusVirtualAccountIssued}} {
		id := "pay-" + strings.ToLower(tc.method)
		code, r := browserRequest(t, base, map[string]any{"storeId": portonetest.StoreID, "paymentId": id, "orderName": "운동화",
			"totalAmount": 85000, "currency": "CURRENCY_KRW", "payMethod": tc.method})
		require.Equal(t, http.StatusOK, code)
		require.Empty(t, r.Code)
		require.Equal(t, id, r.PaymentID)
		require.Equal(t, "PAYMENT", r.TransactionType)
		p, ok := srv.Payment(id)
		require.True(t, ok)
		require.Equal(t, tc.want, p.Status)
		require.Equal(t, int64(85000), p.Amount.Total)
		require.Equal(t, r.TxID, p.TransactionID)
		got := a.Must(http.MethodGet, "/payments/"+id, nil)
		require.Equal(t, http.StatusOK, got.Status)
		require.Equal(t, string(tc.want), got.Str("status"))
	}
}

// A reused paymentId, a foreign store, another currency or method, and a
// bad amount resolve with a code and change nothing.
func TestBrowserSDKRefuses(t *testing.T) {
	srv, _, base := newBrowserSDK(t)
	ok := map[string]any{"paymentId": "pay-1", "totalAmount": 1000, "currency": "CURRENCY_KRW", "payMethod": "CARD"}
	code, _ := browserRequest(t, base, ok)
	require.Equal(t, http.StatusOK, code)

	for name, edit := range map[string]func(m map[string]any){
		"reused id":   func(m map[string]any) {},
		"store":       func(m map[string]any) { m["paymentId"], m["storeId"] = "pay-2", "store-other" },
		"currency":    func(m map[string]any) { m["paymentId"], m["currency"] = "pay-3", "CURRENCY_USD" },
		"method":      func(m map[string]any) { m["paymentId"], m["payMethod"] = "pay-4", "MOBILE" },
		"zero amount": func(m map[string]any) { m["paymentId"], m["totalAmount"] = "pay-5", 0 },
		"no id":       func(m map[string]any) { m["paymentId"] = "" },
	} {
		body := map[string]any{}
		for k, v := range ok {
			body[k] = v
		}
		edit(body)
		code, r := browserRequest(t, base, body)
		require.NotEqual(t, http.StatusOK, code, name)
		require.NotEmpty(t, r.Code, name)
		require.NotEmpty(t, r.Message, name)
	}
	p, _ := srv.Payment("pay-1")
	require.Equal(t, int64(1000), p.Amount.Total)
	for _, id := range []string{"pay-2", "pay-3", "pay-4", "pay-5"} {
		_, found := srv.Payment(id)
		require.False(t, found, id)
	}
}
