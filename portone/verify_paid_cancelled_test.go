package portone

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyPaidRefusesCancelledMoney: a payment that reads PAID while its
// amount.cancelled says money went back (all of it or a part) does not
// hold the order's amount. PortOne documents PARTIAL_CANCELLED or
// CANCELLED for such a payment, so Verify must not report it OutcomePaid
// ("fulfil"): it is a *MismatchError naming amount.cancelled, expected 0,
// and only that. bootpay's Verify refuses the same state (a paid receipt
// with cancelled_price) the same way. amount.cancelled is compared on PAID
// payments only: a PARTIAL_CANCELLED one, whose cancelled money is what its
// status says, verifies as OutcomePartiallyCancelled, and a PAID one with
// nothing cancelled as OutcomePaid.
func TestVerifyPaidRefusesCancelledMoney(t *testing.T) {
	for name, cancelled := range map[string]string{"all of it": "39800", "a part": "10000"} {
		t.Run(name, func(t *testing.T) {
			body := strings.Replace(payFixture(t, "paid_card.json"), `"cancelled": 0,`, `"cancelled": `+cancelled+`,`, 1)
			require.Contains(t, body, `"cancelled": `+cancelled+`,`)
			ws := newWireServer(t, body)
			v, err := testClient(t, ws).Payments.Verify(t.Context(), VerifyParams{
				PaymentID: "order-20240425-0001", Amount: 39800, Currency: CurrencyKRW,
			})
			if err == nil {
				t.Fatalf("a PAID payment with %s won cancelled verified as %v: the order ships for refunded money", cancelled, v.Outcome)
			}
			var mismatch *MismatchError
			require.ErrorAs(t, err, &mismatch)
			assert.Equal(t, []Mismatch{{Field: "amount.cancelled", Expected: "0", Actual: cancelled}}, mismatch.Mismatches)
			assert.Equal(t, PaymentStatusPaid, mismatch.Payment.Status)
		})
	}

	t.Run("only PAID", func(t *testing.T) {
		partial := mustDecodePayment(t, "partial_cancelled.json")
		require.NotZero(t, partial.Amount.Cancelled)
		v, err := partial.Verify(VerifyParams{PaymentID: partial.ID, Amount: partial.Amount.Total, Currency: partial.Currency})
		require.NoError(t, err)
		assert.Equal(t, OutcomePartiallyCancelled, v.Outcome)

		paid := mustDecodePayment(t, "paid_card.json")
		v, err = paid.Verify(VerifyParams{PaymentID: paid.ID, Amount: paid.Amount.Total, Currency: paid.Currency})
		require.NoError(t, err)
		assert.Equal(t, OutcomePaid, v.Outcome)
	})
}
