package portone

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyBrowserSDKCurrency: seed 003's requestPayment uses currency
// "CURRENCY_KRW". A merchant who stores that spelling with the order and
// passes it to Verify used to get a *MismatchError (위변조 의심) for every
// genuine payment; it is the same currency as PortOne's "KRW".
func TestVerifyBrowserSDKCurrency(t *testing.T) {
	ws := newWireServer(t, payFixture(t, "paid_card.json"))
	c := testClient(t, ws)
	for _, cur := range []Currency{"CURRENCY_KRW", CurrencyKRW} {
		v, err := c.Payments.Verify(t.Context(), VerifyParams{PaymentID: "order-20240425-0001", Amount: 39800, Currency: cur})
		require.NoError(t, err, "%s", cur)
		assert.Equal(t, OutcomePaid, v.Outcome)
	}

	// The same without I/O, on a payment already at hand.
	p := mustDecodePayment(t, "paid_card.json")
	v, err := p.Verify(VerifyParams{PaymentID: "order-20240425-0001", Amount: 39800, Currency: "CURRENCY_KRW"})
	require.NoError(t, err)
	assert.Equal(t, OutcomePaid, v.Outcome)

	// A real difference in a browser-SDK spelling is still a mismatch,
	// named in PortOne's spelling.
	_, err = p.Verify(VerifyParams{PaymentID: "order-20240425-0001", Amount: 39800, Currency: "CURRENCY_USD"})
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []Mismatch{{Field: "currency", Expected: "USD", Actual: "KRW"}}, mismatch.Mismatches)
}

// TestVerifyRefusesWhatItCannotCompare: an order Verify cannot compare a
// payment with is the caller's bug, reported as a *ValidationError before
// any lookup, never as a fraud verdict on the payment.
func TestVerifyRefusesWhatItCannotCompare(t *testing.T) {
	ws := newWireServer(t, payFixture(t, "paid_card.json"))
	c := testClient(t, ws)
	p := mustDecodePayment(t, "paid_card.json")
	good := VerifyParams{PaymentID: "order-20240425-0001", Amount: 39800, Currency: CurrencyKRW}
	for _, tc := range []struct {
		name, field string
		mod         func(*VerifyParams)
	}{
		{"empty currency", "Currency", func(v *VerifyParams) { v.Currency = "" }},
		{"lower case", "Currency", func(v *VerifyParams) { v.Currency = "krw" }},
		{"not a code", "Currency", func(v *VerifyParams) { v.Currency = "WON" }},
		{"padded", "Currency", func(v *VerifyParams) { v.Currency = " KRW" }},
		{"unknown browser code", "Currency", func(v *VerifyParams) { v.Currency = "CURRENCY_XYZ" }},
		{"prefix only", "Currency", func(v *VerifyParams) { v.Currency = "CURRENCY_" }},
		{"double prefix", "Currency", func(v *VerifyParams) { v.Currency = "CURRENCY_CURRENCY_KRW" }},
		{"zero amount", "Amount", func(v *VerifyParams) { v.Amount = 0 }},
		{"negative amount", "Amount", func(v *VerifyParams) { v.Amount = -39800 }},
		{"empty payment id", "PaymentID", func(v *VerifyParams) { v.PaymentID = "" }},
		{"blank payment id", "PaymentID", func(v *VerifyParams) { v.PaymentID = " " }},
	} {
		in := good
		tc.mod(&in)
		for name, verify := range map[string]func() (*VerifiedPayment, error){
			"PaymentsService.Verify": func() (*VerifiedPayment, error) { return c.Payments.Verify(t.Context(), in) },
			"Payment.Verify":         func() (*VerifiedPayment, error) { return p.Verify(in) },
		} {
			v, err := verify()
			assert.Nil(t, v)
			var verr *ValidationError
			require.True(t, errors.As(err, &verr), "%s, %s: %v", name, tc.name, err)
			assert.Equal(t, tc.field, verr.Field, "%s, %s", name, tc.name)
			var mismatch *MismatchError
			assert.False(t, errors.As(err, &mismatch), "not a fraud verdict")
			if tc.field == "Currency" {
				assert.Contains(t, err.Error(), "portone.CurrencyKRW", "the message names the constant to use")
			}
		}
	}
	assert.Empty(t, ws.recorded(), "nothing was looked up")
}
