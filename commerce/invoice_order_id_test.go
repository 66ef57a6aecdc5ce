package commerce_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// TestInvoiceOrderIDAlonePassesVerify: an invoice created with OrderID
// and no Metadata["order_id"] is paid at its price; Orders.Verify reads
// the merchant's order id from the order's metadata only, and Create
// filled it there from OrderID, so the genuine checkout verifies (in
// commercetest, which copies an invoice's metadata into its order).
func TestInvoiceOrderIDAlonePassesVerify(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	inv, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "플랜", Price: 27000, OrderID: "shop-1"})
	require.NoError(t, err)
	assert.Equal(t, "shop-1", inv.Metadata.String("order_id"), "the invoice carries the order id in its metadata")
	ref := srv.CompleteCheckout(inv.InvoiceID, commercetest.CheckoutSpec{}) // paid at the invoice's price

	o, err := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 27000, MerchantOrderID: "shop-1"})
	require.NoError(t, err, "a genuine checkout of an invoice made with OrderID fails Verify")
	assert.Equal(t, ref.OrderID, o.OrderID)
}

// TestInvoiceMetadataNamingAnotherOrderIsRefused: a Metadata["order_id"]
// that is not OrderID (another order, or not a string) is refused before
// any request: Verify would compare the checkout with another order. One
// equal to OrderID is sent as it is, and the caller's map is never
// modified.
func TestInvoiceMetadataNamingAnotherOrderIsRefused(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	for _, v := range []any{"shop-2", 1, json.Number("1"), nil} {
		_, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "플랜", Price: 27000, OrderID: "1",
			Metadata: map[string]any{"order_id": v}})
		var verr *commerce.ValidationError
		require.ErrorAs(t, err, &verr, "%#v", v)
		assert.Equal(t, "Metadata", verr.Field)
	}
	assert.Zero(t, srv.Stats().Requests[commercetest.OpInvoiceCreate], "nothing sent")

	meta := map[string]any{"order_id": "shop-3", "promotion_code": "SUMMER"}
	inv, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "플랜", Price: 27000, OrderID: "shop-3", Metadata: meta})
	require.NoError(t, err)
	assert.Equal(t, "shop-3", inv.Metadata.String("order_id"))
	own := map[string]any{"promotion_code": "SUMMER"}
	inv, err = c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "플랜", Price: 27000, OrderID: "shop-4", Metadata: own})
	require.NoError(t, err)
	assert.Equal(t, "shop-4", inv.Metadata.String("order_id"))
	assert.Equal(t, "SUMMER", inv.Metadata.String("promotion_code"))
	assert.Equal(t, map[string]any{"promotion_code": "SUMMER"}, own, "the caller's map is not modified")
}
