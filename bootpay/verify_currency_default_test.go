package bootpay

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyDefaultsToKRW: a VerifyParams that leaves Currency empty (as
// the package doc's own Verify example does) expects KRW, so a receipt of
// the order's amount that NAMES another currency does not pass, as
// Status's zero value is refused rather than left unchecked. A receipt
// with no currency is still read as KRW and passes.
func TestVerifyDefaultsToKRW(t *testing.T) {
	p := VerifyParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 50000, Status: StatusPaid}
	r := &Receipt{ReceiptID: "r-1", OrderID: "o-1", Price: 50000, Status: StatusPaid, Currency: "VND"}
	err := r.Verify(p)
	var mismatch *MismatchError
	require.True(t, errors.As(err, &mismatch), "50,000 VND passed as a 50,000 won payment: %v", err)
	assert.True(t, mismatch.Has("currency"))
	assert.Equal(t, []Mismatch{{Field: "currency", Expected: "KRW", Actual: "VND"}}, mismatch.Mismatches)

	r.Currency = ""
	assert.NoError(t, r.Verify(p), "a receipt naming no currency is KRW")
	r.Currency = "KRW"
	assert.NoError(t, r.Verify(p))
}

// TestChargeReplyInAnotherCurrencyIsAMismatch: a charge carries no
// currency, so the order is in won; answered with a paid receipt of this
// order and price that names another currency, Charge does not return it
// as the charge: a *ChargeMismatchError (ErrOutcomeUnknown, money was
// taken but not as asked) naming "currency".
func TestChargeReplyInAnotherCurrencyIsAMismatch(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"r-9","order_id":"sub-1","price":9900,"currency":"USD","status":1}`)
	r, err := ws.client(t, BasicAuth("ck", "sk")).Billing.Charge(context.Background(), ChargeParams{
		BillingKey: "billing-key-0001", OrderName: "정기결제", OrderID: "sub-1", Price: 9900})
	assert.Nil(t, r)
	var charged *ChargeMismatchError
	require.ErrorAs(t, err, &charged)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []Mismatch{{Field: "currency", Expected: "KRW", Actual: "USD"}}, mismatch.Mismatches)
	assert.Len(t, ws.requests(), 1, "a charge is sent once")
}
