package portone

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPartsExceed: the sum of the parts is compared with the total without
// ever being computed, so MaxInt64 parts cannot wrap around.
func TestPartsExceed(t *testing.T) {
	const maxAmount = math.MaxInt64
	for _, tc := range []struct {
		total int64
		parts []int64
		want  bool
	}{
		{1000, []int64{maxAmount, 1}, true}, // wraps to MinInt64 when added
		{1000, []int64{1, maxAmount}, true},
		{1000, []int64{maxAmount, maxAmount}, true}, // wraps to -2
		{maxAmount, []int64{maxAmount, 0}, false},
		{maxAmount, []int64{maxAmount, 1}, true},
		{maxAmount, []int64{maxAmount - 1, 1}, false},
		{maxAmount, []int64{1, maxAmount - 1}, false},
		{1000, []int64{600, 400}, false},
		{1000, []int64{600, 401}, true},
		{1000, nil, false},
		{0, []int64{0, 0}, false},
	} {
		assert.Equal(t, tc.want, partsExceed(tc.total, tc.parts...), "%d vs %v", tc.total, tc.parts)
	}
}

// TestAmountOverflowRefused: every write whose validation compares the sum
// of amounts with a total refuses parts near MaxInt64 that used to wrap
// negative and pass, and lets the exact edges through.
func TestAmountOverflowRefused(t *testing.T) {
	const maxAmount = math.MaxInt64
	amounts := []struct {
		name  string
		a     PaymentAmountInput
		valid bool
	}{
		{"TaxFree=MaxInt64 Vat=1", PaymentAmountInput{Total: 1000, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(1))}, false},
		{"TaxFree=1 Vat=MaxInt64", PaymentAmountInput{Total: 1000, TaxFree: Ptr(int64(1)), VAT: Ptr(int64(maxAmount))}, false},
		{"TaxFree=Vat=MaxInt64", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(maxAmount))}, false},
		{"Total=TaxFree=MaxInt64 Vat=1", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(1))}, false},
		{"Total=TaxFree=MaxInt64 Vat=0", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(0))}, true},
		{"Total=MaxInt64 TaxFree=MaxInt64-1 Vat=1", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount - 1)), VAT: Ptr(int64(1))}, true},
	}
	writes := []struct {
		name string
		call func(ctx context.Context, c *Client, a PaymentAmountInput) error
	}{
		{"payments.payWithBillingKey", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, BillingKeyPaymentParams{PaymentID: "pay-1", BillingKey: "bk-1",
				OrderName: "o", Amount: a, Currency: CurrencyKRW}))
		}},
		{"payments.payInstantly", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			return errOf(c.Payments.PayInstantly(ctx, InstantPaymentParams{PaymentID: "pay-1", ChannelKey: "ch-1", OrderName: "o",
				Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{Credential: CardCredential{
					Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}},
				Amount: a, Currency: CurrencyKRW}))
		}},
		{"paymentSchedules.create", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			p := validScheduleParams()
			p.Payment.Amount = a
			return errOf(c.PaymentSchedules.Create(ctx, p))
		}},
		{"cashReceipts.issue", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			p := validCashReceiptParams()
			p.Amount = a
			return errOf(c.CashReceipts.Issue(ctx, p))
		}},
		{"payments.cancel", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "pay-1", Reason: "r",
				Amount: a.Total, TaxFreeAmount: a.TaxFree, VATAmount: a.VAT}))
		}},
	}
	for _, w := range writes {
		for _, a := range amounts {
			ws := newWireServer(t, `{}`)
			c := testClient(t, ws, WithRetryPolicy(RetryPolicy{MaxRetries: 0}))
			err := w.call(context.Background(), c, a.a)
			var verr *ValidationError
			if a.valid {
				assert.False(t, errors.As(err, &verr), "%s %s: %v", w.name, a.name, err)
				assert.Len(t, ws.recorded(), 1, "%s %s is sent", w.name, a.name)
				continue
			}
			require.True(t, errors.As(err, &verr), "%s %s: %v", w.name, a.name, err)
			assert.Contains(t, verr.Reason, "exceed", "%s %s", w.name, a.name)
			assert.Empty(t, ws.recorded(), "%s %s never reaches the wire", w.name, a.name)
		}
	}
}
