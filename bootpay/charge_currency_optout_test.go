package bootpay

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChargeCurrencyCanBeNamed: VerifyParams and ConfirmParams let a
// merchant whose payments are not in won name the currency (the README:
// "Currency left empty expects KRW, so set it only for another
// currency"); the billing checks expect KRW too (Charge, ReconcileCharge,
// an issue's first charge), so each takes a Currency, and must accept a
// receipt in the currency it names, and still refuse one in another.
func TestChargeCurrencyCanBeNamed(t *testing.T) {
	const usd = `{"receipt_id":"r-9","order_id":"sub-1","price":9900,"currency":"USD","status":1}`
	c := func(t *testing.T, ws *wireServer) *Client { return ws.client(t, BasicAuth("ck", "sk")) }
	charge := ChargeParams{BillingKey: "billing-key-0001", OrderName: "정기결제", OrderID: "sub-1", Price: 9900}
	t.Run("Charge", func(t *testing.T) {
		ws := newWireServer(t)
		ws.then(http.StatusOK, usd)
		p := charge
		p.Currency = "USD"
		r, err := c(t, ws).Billing.Charge(context.Background(), p)
		require.NoError(t, err)
		assert.Equal(t, "USD", r.Currency)
		assert.NotContains(t, string(ws.requests()[0].body), "currency", "a check only: Bootpay's charge takes no currency")
	})
	t.Run("Charge in another currency than named", func(t *testing.T) {
		ws := newWireServer(t)
		ws.then(http.StatusOK, usd)
		p := charge
		p.Currency = "JPY"
		_, err := c(t, ws).Billing.Charge(context.Background(), p)
		var mismatch *ChargeMismatchError
		require.ErrorAs(t, err, &mismatch)
		assert.True(t, mismatch.Mismatch.Has("currency"), "%v", err)
	})
	t.Run("ReconcileCharge", func(t *testing.T) {
		ws := newWireServer(t)
		ws.then(http.StatusOK, `[`+usd+`]`)
		r, err := c(t, ws).Billing.ReconcileCharge(context.Background(),
			ReconcileChargeParams{OrderID: "sub-1", Amount: 9900, Currency: "USD"})
		require.NoError(t, err)
		assert.Equal(t, "USD", r.Currency)
	})
	t.Run("ReconcileCharge left at KRW", func(t *testing.T) {
		ws := newWireServer(t)
		ws.then(http.StatusOK, `[`+usd+`]`)
		_, err := c(t, ws).Billing.ReconcileCharge(context.Background(), ReconcileChargeParams{OrderID: "sub-1", Amount: 9900})
		var mismatch *MismatchError
		require.ErrorAs(t, err, &mismatch)
		assert.True(t, mismatch.Has("currency"), "%v", err)
	})
	t.Run("Issue's first charge", func(t *testing.T) {
		const reply = `{"receipt_id":"rc-bk-1","billing_key":"bk-0001","subscription_id":"sub-mine","status":11,` +
			`"receipt_data":{"receipt_id":"rc-first","order_id":"sub-mine","price":9900,"currency":"USD","status":1}}`
		for currency, ok := range map[string]bool{"USD": true, "": false} {
			ws := newWireServer(t)
			ws.then(http.StatusOK, reply)
			p := cardIssue("sub-mine", 9900)
			p.Currency = currency
			key, err := c(t, ws).Billing.Issue(context.Background(), p)
			if ok {
				require.NoError(t, err)
				assert.Equal(t, "USD", key.ReceiptData.Currency)
				continue
			}
			var mismatch *MismatchError
			require.True(t, errors.Is(err, ErrOutcomeUnknown) && errors.As(err, &mismatch) && mismatch.Has("currency"),
				"a first charge in USD under a KRW issue: %v", err)
		}
	})
}
