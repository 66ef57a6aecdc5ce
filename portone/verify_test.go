package portone

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verifyCase is a fixture and the order it belongs to.
type verifyCase struct {
	fixture  string
	id       string
	amount   int64
	currency Currency
	want     Outcome
}

var verifyCases = []verifyCase{
	{"paid_card.json", "order-20240425-0001", 39800, CurrencyKRW, OutcomePaid},
	{"virtual_account_issued.json", "order-20240503-0007", 54000, CurrencyKRW, OutcomeAwaitingDeposit},
	{"ready.json", "order-20240501-0042", 9900, CurrencyKRW, OutcomePending},
	{"pay_pending.json", "order-20240502-0100", 45000, CurrencyKRW, OutcomePending},
	{"failed.json", "order-20240504-0013", 11000, CurrencyKRW, OutcomeFailed},
	{"partial_cancelled.json", "order-20240505-0300", 60000, CurrencyKRW, OutcomePartiallyCancelled},
	{"cancelled.json", "order-20240507-0555", 89000, CurrencyKRW, OutcomeCancelled},
	{"unknown_status.json", "order-20240601-0001", 25000, CurrencyKRW, OutcomeUnrecognized},
}

func TestVerifyOutcomes(t *testing.T) {
	for _, tc := range verifyCases {
		t.Run(tc.want.String()+"/"+tc.fixture, func(t *testing.T) {
			ws := newWireServer(t, payFixture(t, tc.fixture))
			c := testClient(t, ws)
			// AllowTest: the outcome of each status, whatever its channel
			// (pay_pending.json is a TEST-channel payment).
			v, err := c.Payments.Verify(t.Context(), VerifyParams{PaymentID: tc.id, Amount: tc.amount, Currency: tc.currency, AllowTest: true})
			require.NoError(t, err)
			assert.Equal(t, tc.want, v.Outcome)
			require.NotNil(t, v.Payment)
			assert.Equal(t, tc.id, v.Payment.ID)

			r := ws.last(t)
			assert.Equal(t, http.MethodGet, r.Method)
			assert.Equal(t, "/payments/"+tc.id, r.RawPath)
			assert.Equal(t, "PortOne test-api-secret", r.Header.Get("Authorization"))

			if tc.want != OutcomeAwaitingDeposit {
				assert.Nil(t, v.VirtualAccount)
				return
			}
			require.NotNil(t, v.VirtualAccount, "the account to show the buyer")
			assert.Equal(t, BankKookmin, v.VirtualAccount.Bank)
			assert.Equal(t, "12345678901234", v.VirtualAccount.AccountNumber.Reveal())
			assert.False(t, v.VirtualAccount.ExpiredAt.IsZero())
		})
	}
}

func TestVerifyMismatchesReportedTogether(t *testing.T) {
	ws := newWireServer(t, payFixture(t, "paid_card.json"))
	c := testClient(t, ws)
	v, err := c.Payments.Verify(t.Context(), VerifyParams{
		PaymentID: "order-20240425-0001", Amount: 398000, Currency: CurrencyUSD,
		OrderName: "운동화", CustomData: `{"cartId":"cart-0000"}`,
	})
	assert.Nil(t, v, "nothing to fulfil")
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []Mismatch{
		{Field: "amount.total", Expected: "398000", Actual: "39800"},
		{Field: "currency", Expected: "USD", Actual: "KRW"},
		{Field: "orderName", Expected: "운동화", Actual: "러닝화 외 1건"},
		{Field: "customData", Expected: `{"cartId":"cart-0000"}`, Actual: `{"cartId":"cart-7788","coupon":null}`},
	}, mismatch.Mismatches)
	for _, f := range []string{"amount.total", "currency", "orderName", "customData"} {
		assert.True(t, mismatch.Has(f), f)
	}
	assert.False(t, mismatch.Has("id"))
	assert.Equal(t, "order-20240425-0001", mismatch.PaymentID)
	require.NotNil(t, mismatch.Payment)
	assert.Contains(t, err.Error(), "위변조 의심")
	assert.Contains(t, err.Error(), `amount.total: expected "398000", got "39800"`)
	assert.NotErrorIs(t, err, ErrNotFound)
}

func TestVerifyEachMismatch(t *testing.T) {
	ok := VerifyParams{PaymentID: "order-20240425-0001", Amount: 39800, Currency: CurrencyKRW,
		OrderName: "러닝화 외 1건", CustomData: `{"cartId":"cart-7788","coupon":null}`}
	pay := mustDecodePayment(t, "paid_card.json")
	v, err := pay.Verify(ok)
	require.NoError(t, err, "the order as it is matches")
	assert.Equal(t, OutcomePaid, v.Outcome)

	for field, mod := range map[string]func(*VerifyParams){
		"amount.total": func(p *VerifyParams) { p.Amount = 39801 },
		"currency":     func(p *VerifyParams) { p.Currency = CurrencyJPY },
		"orderName":    func(p *VerifyParams) { p.OrderName = "러닝화" },
		"customData":   func(p *VerifyParams) { p.CustomData = `{"cartId":"cart-7788"}` },
		"id":           func(p *VerifyParams) { p.PaymentID = "order-other" },
		"storeId":      func(p *VerifyParams) { p.StoreID = "store-other" },
	} {
		t.Run(field, func(t *testing.T) {
			p := ok
			mod(&p)
			_, err := pay.Verify(p)
			var mismatch *MismatchError
			require.ErrorAs(t, err, &mismatch)
			require.Len(t, mismatch.Mismatches, 1)
			assert.Equal(t, field, mismatch.Mismatches[0].Field)
		})
	}
}

func TestVerifyAmountBeforeStatus(t *testing.T) {
	// A cancelled or failed payment with a forged amount is a mismatch,
	// not a harmless outcome.
	for _, fixture := range []string{"cancelled.json", "failed.json", "virtual_account_issued.json"} {
		pay := mustDecodePayment(t, fixture)
		_, err := pay.Verify(VerifyParams{PaymentID: pay.ID, Amount: 100, Currency: CurrencyKRW})
		var mismatch *MismatchError
		require.ErrorAs(t, err, &mismatch, fixture)
		assert.True(t, mismatch.Has("amount.total"))
	}
}

func TestVerifyRefusesTestChannelsByDefault(t *testing.T) {
	pay := mustDecodePayment(t, "pay_pending.json") // a TEST channel
	_, err := pay.Verify(VerifyParams{PaymentID: pay.ID, Amount: 45000, Currency: CurrencyKRW})
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []Mismatch{{Field: "channel.type", Expected: "LIVE", Actual: "TEST"}}, mismatch.Mismatches)

	// A READY payment has no channel yet: it is never fulfilled, so its
	// outcome says enough and no fraud is reported.
	ready := mustDecodePayment(t, "ready.json")
	v, err := ready.Verify(VerifyParams{PaymentID: ready.ID, Amount: 9900, Currency: CurrencyKRW})
	require.NoError(t, err)
	assert.Equal(t, OutcomePending, v.Outcome)

	// A paid payment without a channel cannot be shown to be live: it
	// fails closed.
	paid := mustDecodePayment(t, "paid_card.json")
	paid.Channel = nil
	_, err = paid.Verify(VerifyParams{PaymentID: paid.ID, Amount: paid.Amount.Total, Currency: paid.Currency})
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []Mismatch{{Field: "channel.type", Expected: "LIVE", Actual: ""}}, mismatch.Mismatches)

	// So does one cancelled in part (it was paid, and a merchant may
	// fulfil it) or in full.
	partial := mustDecodePayment(t, "partial_cancelled.json")
	require.Equal(t, OutcomePartiallyCancelled, outcomeOf(partial))
	partial.Channel = nil
	_, err = partial.Verify(VerifyParams{PaymentID: partial.ID, Amount: partial.Amount.Total, Currency: partial.Currency})
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []Mismatch{{Field: "channel.type", Expected: "LIVE", Actual: ""}}, mismatch.Mismatches)
}

func TestVerifyErrors(t *testing.T) {
	t.Run("not found", func(t *testing.T) {
		ws := newWireServer(t, "")
		ws.then(http.StatusNotFound, `{"type":"PAYMENT_NOT_FOUND"}`)
		_, err := testClient(t, ws).Payments.Verify(t.Context(), VerifyParams{PaymentID: "p", Amount: 1, Currency: CurrencyKRW})
		assert.ErrorIs(t, err, ErrNotFound)
		var mismatch *MismatchError
		assert.NotErrorAs(t, err, &mismatch)
	})
	for name, p := range map[string]VerifyParams{
		"no payment id": {Amount: 1, Currency: CurrencyKRW},
		"zero amount":   {PaymentID: "p", Currency: CurrencyKRW},
		"no currency":   {PaymentID: "p", Amount: 1},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t, payFixture(t, "paid_card.json"))
			_, err := testClient(t, ws).Payments.Verify(t.Context(), p)
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Empty(t, ws.recorded(), "nothing is sent")
		})
	}
	var nilPayment *Payment
	_, err := nilPayment.Verify(VerifyParams{PaymentID: "p", Amount: 1, Currency: CurrencyKRW})
	var verr *ValidationError
	assert.ErrorAs(t, err, &verr)
}

func TestOutcomeString(t *testing.T) {
	assert.Equal(t, "unrecognized", Outcome(0).String(), "the zero value is not paid")
	assert.Equal(t, "paid", OutcomePaid.String())
	assert.Equal(t, "awaiting deposit", OutcomeAwaitingDeposit.String())
	assert.Equal(t, "Outcome(42)", Outcome(42).String())
}

func TestMismatchErrorShortensLongValues(t *testing.T) {
	long := ""
	for range 20 {
		long += "가나다"
	}
	err := &MismatchError{PaymentID: "p", Mismatches: []Mismatch{{Field: "customData", Expected: long, Actual: "x"}}}
	assert.Contains(t, err.Error(), "…")
	assert.NotContains(t, err.Error(), long)
	assert.True(t, len(err.Error()) < 200)
}

func mustDecodePayment(t *testing.T, fixture string) *Payment {
	t.Helper()
	p := new(Payment)
	require.NoError(t, p.UnmarshalJSON([]byte(payFixture(t, fixture))))
	return p
}

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

// TestVerifyAwaitingDepositWithoutAccount pins the documented contract for
// a VIRTUAL_ACCOUNT_ISSUED payment that carries no virtual account (method
// absent, null, of a type this package does not know, or a card): it
// verifies as OutcomeAwaitingDeposit (the money has not arrived, nothing
// ships) with a nil VirtualAccount, never an empty account to show, and
// decoding it neither fails nor panics.
func TestVerifyAwaitingDepositWithoutAccount(t *testing.T) {
	card := `{"type":"PaymentMethodCard","card":{"number":"4512-****-****-7890"}}`
	for name, method := range map[string]*string{
		"absent":          nil,
		"null":            Ptr("null"),
		"an unknown type": Ptr(`{"type":"PaymentMethodVirtualAccountV2","bank":"KOOKMIN","accountNumber":"12345678901234"}`),
		"a card":          &card,
	} {
		t.Run(name, func(t *testing.T) {
			var raw map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(payFixture(t, "virtual_account_issued.json")), &raw))
			delete(raw, "method")
			if method != nil {
				raw["method"] = json.RawMessage(*method)
			}
			body, err := json.Marshal(raw)
			require.NoError(t, err)
			ws := newWireServer(t, string(body))
			v, err := testClient(t, ws).Payments.Verify(t.Context(), VerifyParams{PaymentID: "order-20240503-0007", Amount: 54000, Currency: CurrencyKRW})
			require.NoError(t, err)
			assert.Equal(t, OutcomeAwaitingDeposit, v.Outcome, "the deposit is still awaited: nothing ships")
			assert.Nil(t, v.VirtualAccount, "no account to show, rather than an empty one")
			require.NotNil(t, v.Payment)
			_, issued := v.Payment.VirtualAccountIssued()
			assert.True(t, issued)
		})
	}
}
