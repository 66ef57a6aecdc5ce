package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLookupsRefuseAnotherObject: every other lookup by id whose 2xx
// reply names another id returns a *DecodeError, never that object; one
// that names none is taken as it is (these shapes do not promise the id),
// except an invoice, whose decoding requires invoice_id.
func TestLookupsRefuseAnotherObject(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		op, member string
		call       func(c *Client) (any, error)
	}{
		{"invoices.get", "invoice_id", func(c *Client) (any, error) { return c.Invoices.Get(ctx, "id-1") }},
		{"subscriptions.get", "order_subscription_id", func(c *Client) (any, error) { return c.Subscriptions.Get(ctx, "id-1") }},
		{"subscription_bills.get", "order_subscription_bill_id", func(c *Client) (any, error) { return c.SubscriptionBills.Get(ctx, "id-1") }},
		{"products.get", "product_id", func(c *Client) (any, error) { return c.Products.Get(ctx, "id-1") }},
		{"users.get", "user_id", func(c *Client) (any, error) { return c.Users.Get(ctx, "id-1") }},
		{"user_groups.get", "user_group_id", func(c *Client) (any, error) { return c.UserGroups.Get(ctx, "id-1") }},
	} {
		t.Run(tc.op, func(t *testing.T) {
			m, c := newWire(t, `{"`+tc.member+`":"id-other"}`)
			out, err := tc.call(c)
			assert.Nil(t, out)
			var derr *DecodeError
			require.ErrorAs(t, err, &derr)
			assert.Equal(t, tc.op, derr.Op)
			assert.Equal(t, http.StatusOK, derr.Status)
			assert.Contains(t, err.Error(), `"id-other", not "id-1"`)
			assert.NotErrorIs(t, err, ErrNotFound)
			var me *MismatchError
			assert.False(t, errors.As(err, &me))
			assert.Len(t, m.Requests(), 1, "a bad 2xx is not retried")

			m.Then(http.StatusOK, `{"`+tc.member+`":"id-1"}`)
			out, err = tc.call(c)
			require.NoError(t, err, "the object asked for")
			assert.NotNil(t, out)
			m.Then(http.StatusOK, `{"name":"x"}`)
			_, err = tc.call(c)
			if tc.op == "invoices.get" {
				assert.ErrorAs(t, err, &derr, "an invoice requires invoice_id")
			} else {
				assert.NoError(t, err, "a reply without the id")
			}
		})
	}
}
