package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// Invoice creation is Unsafe: when Commerce creates the invoice and the
// connection dies, StartCheckout reports the unknown outcome, and the
// retry finds that invoice by the shop's order id instead of creating a
// second one.
func TestStartCheckoutAfterUnknownCreatesOneInvoice(t *testing.T) {
	srv, shop := newShop(t)
	ctx := context.Background()
	srv.Inject(commercetest.OpInvoiceCreate, commercetest.Faults.CloseAfterApply(), 1)
	_, err := shop.StartCheckout(ctx, "shop-9", plan, "")
	require.ErrorIs(t, err, commerce.ErrOutcomeUnknown)
	require.Equal(t, 1, srv.Stats().InvoicesCreated, "the lost answer's invoice exists")

	invoiceID := started(t, shop, "shop-9", "")
	assert.NotEmpty(t, invoiceID)
	assert.Equal(t, 1, srv.Stats().InvoicesCreated, "the retry found it and created none")
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpInvoiceCreate], "creation was sent once")
}
