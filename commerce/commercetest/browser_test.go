package commercetest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

func checkout(t *testing.T, base string, body any) (int, commercetest.BrowserCheckout) {
	t.Helper()
	return sandboxtest.BrowserPost[commercetest.BrowserCheckout](t, base+commercetest.BrowserSDKPath+"checkout", body)
}

func newBrowserSDK(t *testing.T) (*commercetest.Server, *commerce.Client, string) {
	t.Helper()
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, c, sandboxtest.ServeBrowserSDK(t, srv.BrowserSDK())
}

// The stand-in script is served as JavaScript and defines
// window.BootpayCommerce.requestCheckout.
func TestBrowserSDKServesScript(t *testing.T) {
	_, _, base := newBrowserSDK(t)
	sandboxtest.RequireBrowserScript(t, base+commercetest.BrowserSDKPath+"commerce.js", "window.BootpayCommerce", "requestCheckout")
}

// A checkout without an invoice leaves a paid order carrying the page's
// price and metadata, which the commerce client's Verify (the merchant's
// 서버 검증) accepts for that order and amount.
func TestBrowserSDKCheckoutWithoutInvoice(t *testing.T) {
	srv, c, base := newBrowserSDK(t)
	code, r := checkout(t, base, map[string]any{"name": "Basic 플랜", "price": 9900, "metadata": map[string]any{"order_id": "order-9"}})
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, r.OrderNumber)
	st, ok := srv.Order(r.OrderNumber)
	require.True(t, ok)
	require.Equal(t, int64(9900), st.Price)
	require.Equal(t, commerce.OrderPaid, st.Status)
	_, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: r.OrderNumber, Amount: 9900, MerchantOrderID: "order-9"})
	require.NoError(t, err)
}

// A checkout with request_id pays that invoice once: a second checkout of
// it, one of an unknown invoice and a bad price are refused and create no
// order.
func TestBrowserSDKCheckoutPaysInvoiceOnce(t *testing.T) {
	_, c, base := newBrowserSDK(t)
	ctx := context.Background()
	inv, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "Pro 플랜", Price: 26900, OriginalPrice: 29900,
		OrderID: "order-7", Metadata: map[string]any{"order_id": "order-7"}})
	require.NoError(t, err)

	code, r := checkout(t, base, map[string]any{"request_id": inv.InvoiceID, "name": "Pro 플랜", "price": 26900})
	require.Equal(t, http.StatusOK, code)
	_, err = c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: r.OrderNumber, Amount: 26900, MerchantOrderID: "order-7"})
	require.NoError(t, err, "the invoice's metadata names the merchant's order")

	for _, body := range []map[string]any{
		{"request_id": inv.InvoiceID, "price": 26900},
		{"request_id": "no-such-invoice", "price": 26900},
		{"price": 0},
		{"price": "1000"},
	} {
		code, r := checkout(t, base, body)
		require.NotEqual(t, http.StatusOK, code, "%v", body)
		require.Empty(t, r.OrderNumber)
		require.NotEmpty(t, r.Message)
	}
	n := 0
	for _, err := range c.Orders.All(ctx, commerce.OrderListParams{}) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 1, n, "one order: the invoice's")
}
