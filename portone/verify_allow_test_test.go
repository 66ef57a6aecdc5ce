package portone

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Test-channel payments and the Verify recipe.
//
// README's "Verify" recipe, the package doc's and PaymentsService.Verify's
// own example build VerifyParams{PaymentID, Amount, Currency} and nothing
// else. A payment through a TEST channel moved no money (any test channel
// key of the store, e.g. one a staging page exposes, makes one with a test
// card at the order's amount), so the recipe must not read it as paid:
// like Bootpay's AllowSandbox, accepting one is an opt-in (AllowTest).

// testChannelPaid is paid_card.json made through a TEST channel.
func testChannelPaid(t *testing.T) string {
	fixture := strings.Replace(payFixture(t, "paid_card.json"), `"type": "LIVE"`, `"type": "TEST"`, 1)
	require.Contains(t, fixture, `"type": "TEST"`)
	return fixture
}

// TestVerifyRecipeRefusesATestChannelPayment: the recipe's params on a
// PAID payment of the order's amount through a TEST channel do not say
// "fulfil": a channel.type mismatch.
func TestVerifyRecipeRefusesATestChannelPayment(t *testing.T) {
	ws := newWireServer(t, testChannelPaid(t))
	v, err := testClient(t, ws).Payments.Verify(t.Context(), VerifyParams{
		PaymentID: "order-20240425-0001", Amount: 39800, Currency: CurrencyKRW, // README's recipe
	})
	if err == nil && v.Outcome == OutcomePaid {
		t.Fatalf("a TEST-channel payment (channel.type %s) verified as %v by the README recipe: the order ships for a test card",
			v.Payment.Channel.Type, v.Outcome)
	}
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []Mismatch{{Field: "channel.type", Expected: "LIVE", Actual: "TEST"}}, mismatch.Mismatches)
}

// TestVerifyAllowTestAcceptsATestChannelPayment: where test payments are
// expected (a staging shop, the sandbox), AllowTest accepts the same
// payment as paid, and a paid payment without a channel too.
func TestVerifyAllowTestAcceptsATestChannelPayment(t *testing.T) {
	ws := newWireServer(t, testChannelPaid(t))
	v, err := testClient(t, ws).Payments.Verify(t.Context(), VerifyParams{
		PaymentID: "order-20240425-0001", Amount: 39800, Currency: CurrencyKRW, AllowTest: true,
	})
	require.NoError(t, err)
	assert.Equal(t, OutcomePaid, v.Outcome)

	paid := mustDecodePayment(t, "paid_card.json")
	paid.Channel = nil
	v, err = paid.Verify(VerifyParams{PaymentID: paid.ID, Amount: paid.Amount.Total, Currency: paid.Currency, AllowTest: true})
	require.NoError(t, err)
	assert.Equal(t, OutcomePaid, v.Outcome)
}
