package bootpay

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultCurrencyIgnoresCase: review 56 compares the currency on
// every Verify, charge and confirm, even when the caller names none
// (KRW). The comparison is byte for byte, so a receipt naming "krw" (the
// case Bootpay writes it in is not documented; reconcile reads currencies
// regardless of case, "a merchant may store krw") is refused: a won
// payment of the right amount becomes a "currency" mismatch, and a
// billing charge answered so a *ChargeMismatchError that tells the
// merchant not to fulfil and to refund a charge that was exactly as
// asked. Before review 56 a caller who named no currency was never
// refused on it.
func TestDefaultCurrencyIgnoresCase(t *testing.T) {
	r := &Receipt{ReceiptID: "r-1", OrderID: "o-1", Price: 50000, Status: StatusPaid, Currency: "krw"}
	assert.NoError(t, r.Verify(VerifyParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 50000, Status: StatusPaid}),
		"50,000 krw refused as not KRW")

	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"r-9","order_id":"sub-1","price":9900,"currency":"krw","status":1}`)
	got, err := ws.client(t, BasicAuth("ck", "sk")).Billing.Charge(context.Background(), ChargeParams{
		BillingKey: "billing-key-0001", OrderName: "정기결제", OrderID: "sub-1", Price: 9900})
	require.NoError(t, err, "a charge exactly as asked reads as money taken not as asked")
	assert.Equal(t, "r-9", got.ReceiptID)
}
