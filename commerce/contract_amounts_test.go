package commerce

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Money amounts of the buyer's and the store's contract requests are
// checked before any I/O, as every other amount paykit sends (Charge,
// cancels) is: a negative buy-out price, a tax-free part outside 0 to the
// price, a negative termination fee or last-bill refund are each a
// *ValidationError naming the field, and nothing reaches Commerce.
// FinalFee may be negative and is sent; an unset fee is not checked.
func TestContractAmountsAreCheckedBeforeIO(t *testing.T) {
	ctx := context.Background()
	neg, pos := int64(-5000), int64(5000)
	target := SubscriptionTarget{OrderSubscriptionID: "s-1"}
	cases := map[string]struct {
		field string
		call  func(*Client) error
	}{
		"request purchase, negative price": {"Price", func(c *Client) error {
			_, err := c.Subscriptions.RequestPurchase(ctx, PurchaseRequest{SubscriptionTarget: target, Price: -29900})
			return err
		}},
		"request purchase, tax-free above the price": {"TaxFreePrice", func(c *Client) error {
			_, err := c.Subscriptions.RequestPurchase(ctx, PurchaseRequest{SubscriptionTarget: target, Price: 1000, TaxFreePrice: 5000})
			return err
		}},
		"request purchase, negative tax-free": {"TaxFreePrice", func(c *Client) error {
			_, err := c.Subscriptions.RequestPurchase(ctx, PurchaseRequest{SubscriptionTarget: target, Price: 1000, TaxFreePrice: -1})
			return err
		}},
		"request purchase, no contract": {"OrderSubscriptionID", func(c *Client) error {
			_, err := c.Subscriptions.RequestPurchase(ctx, PurchaseRequest{Price: 1000})
			return err
		}},
		"terminate, negative termination fee": {"TerminationFee", func(c *Client) error {
			_, err := c.Subscriptions.Terminate(ctx, "s-1", TerminateParams{Reason: "x", TerminationFee: &neg})
			return err
		}},
		"terminate, negative last-bill refund": {"LastBillRefundPrice", func(c *Client) error {
			_, err := c.Subscriptions.Terminate(ctx, "s-1", TerminateParams{Reason: "x", LastBillRefundPrice: &neg})
			return err
		}},
		"request termination, negative refund": {"LastBillRefundPrice", func(c *Client) error {
			_, err := c.Subscriptions.RequestTermination(ctx, TerminationRequest{SubscriptionTarget: target, LastBillRefundPrice: &neg})
			return err
		}},
		"request termination, negative termination fee": {"TerminationFee", func(c *Client) error {
			_, err := c.Subscriptions.RequestTermination(ctx, TerminationRequest{SubscriptionTarget: target, TerminationFee: &neg})
			return err
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{"order_subscription_id":"s-1"}`)
			err := tc.call(c)
			var verr *ValidationError
			require.True(t, errors.As(err, &verr), "want a *ValidationError, got %T: %v", err, err)
			assert.Equal(t, tc.field, verr.Field)
			assert.Empty(t, m.Requests(), "a bad amount reached Commerce")
		})
	}

	m, c := newWire(t, `{"order_subscription_id":"s-1"}`)
	_, err := c.Subscriptions.Terminate(ctx, "s-1", TerminateParams{Reason: "x", TerminationFee: &pos, LastBillRefundPrice: &pos, FinalFee: &neg})
	require.NoError(t, err, "a negative final fee is legitimate")
	_, err = c.Subscriptions.RequestTermination(ctx, TerminationRequest{SubscriptionTarget: target, FinalFee: &neg})
	require.NoError(t, err)
	_, err = c.Subscriptions.RequestPurchase(ctx, PurchaseRequest{SubscriptionTarget: target, Price: 5000, TaxFreePrice: 5000})
	require.NoError(t, err, "a wholly tax-free price")
	_, err = c.Subscriptions.RequestPurchase(ctx, PurchaseRequest{SubscriptionTarget: target})
	require.NoError(t, err, "no price: Commerce's own")
	require.Len(t, m.Requests(), 4)
	assert.JSONEq(t, `{"reason":"x","termination_fee":5000,"last_bill_refund_price":5000,"final_fee":-5000}`, string(m.Requests()[0].Body))
}
