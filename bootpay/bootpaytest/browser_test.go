package bootpaytest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// browserPost posts body to the stand-in's call path, as its script does.
func browserPost(t *testing.T, base, path string, body any) (int, map[string]any) {
	t.Helper()
	return sandboxtest.BrowserPost[map[string]any](t, base+bootpaytest.BrowserSDKPath+path, body)
}

func newBrowserSDK(t *testing.T) (*bootpaytest.Server, *api, string) {
	t.Helper()
	srv, a := newServer(t)
	return srv, a, sandboxtest.ServeBrowserSDK(t, srv.BrowserSDK())
}

// The stand-in script is served as JavaScript and defines window.Bootpay
// with the calls the pages use.
func TestBrowserSDKServesScript(t *testing.T) {
	_, _, base := newBrowserSDK(t)
	sandboxtest.RequireBrowserScript(t, base+bootpaytest.BrowserSDKPath+"bootpay.js", "window.Bootpay", "requestPayment", "confirm:", "destroy:")
}

// A separately confirmed request leaves the receipt awaiting the server's
// confirm (status 2) with the order's id and price, and the REST confirm
// then captures it; without separately_confirmed the receipt is paid at
// once, as Bootpay's window leaves it.
func TestBrowserSDKRequestCreatesReceipt(t *testing.T) {
	srv, a, base := newBrowserSDK(t)

	code, ev := browserPost(t, base, "request", map[string]any{"price": 85000, "order_id": "order-a", "order_name": "운동화", "separately_confirmed": true})
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "confirm", ev["event"])
	rc, ok := srv.Receipt(ev["receipt_id"].(string))
	require.True(t, ok)
	require.Equal(t, bootpay.StatusAwaitingConfirm, rc.Status)
	require.Equal(t, "order-a", rc.OrderID)
	require.Equal(t, int64(85000), rc.Price)
	require.Equal(t, http.StatusOK, a.confirm(rc.ReceiptID).Status)
	rc, _ = srv.Receipt(rc.ReceiptID)
	require.Equal(t, bootpay.StatusPaid, rc.Status)
	require.Equal(t, 1, srv.Stats().ConfirmsApplied)

	code, ev = browserPost(t, base, "request", map[string]any{"price": 1000, "order_id": "order-b"})
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "done", ev["event"])
	rc, _ = srv.Receipt(ev["receipt_id"].(string))
	require.Equal(t, bootpay.StatusPaid, rc.Status)
	require.False(t, rc.PurchasedAt.IsZero())
}

// Bootpay.confirm() moves an awaiting receipt to paid once; a second
// confirm, or one of an unknown receipt, is refused and changes nothing.
func TestBrowserSDKClientConfirm(t *testing.T) {
	srv, _, base := newBrowserSDK(t)
	_, ev := browserPost(t, base, "request", map[string]any{"price": 5000, "order_id": "order-c", "separately_confirmed": true})
	id := ev["receipt_id"].(string)

	code, done := browserPost(t, base, "confirm", map[string]any{"receipt_id": id})
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "done", done["event"])
	rc, _ := srv.Receipt(id)
	require.Equal(t, bootpay.StatusPaid, rc.Status)

	code, e := browserPost(t, base, "confirm", map[string]any{"receipt_id": id})
	require.Equal(t, http.StatusBadRequest, code)
	require.Equal(t, bootpaytest.CodeNotConfirmReady, e["error_code"])
	code, _ = browserPost(t, base, "confirm", map[string]any{"receipt_id": "nope"})
	require.Equal(t, http.StatusNotFound, code)
}

// Bad input from the page is answered 400 with Bootpay's error body, not
// a panic (the sandbox's CreateReceipt panics on it, as a test setup should).
func TestBrowserSDKRejectsBadInput(t *testing.T) {
	_, _, base := newBrowserSDK(t)
	for _, body := range []any{
		map[string]any{"price": 0, "order_id": "x"},
		map[string]any{"price": 1000},
		map[string]any{"price": "1000", "order_id": "x"},
		map[string]any{"price": 10.5, "order_id": "x"},
	} {
		code, e := browserPost(t, base, "request", body)
		require.Equal(t, http.StatusBadRequest, code, "%v", body)
		require.Equal(t, bootpaytest.CodeInvalidRequest, e["error_code"])
	}
}
