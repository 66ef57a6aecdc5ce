package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A write by id whose 2xx answer describes another object (a misrouting
// proxy, a wrongly keyed cache, a gateway bug) was applied to something,
// but nothing shows it was applied to the object named: the call's
// outcome is unknown. Lookups refuse such an answer (lookup), and so does
// OrderCancellations.Request (answers); so do the decisions and the other
// writes by id: an Approve answered about request req-OTHER must not read
// "req-1 approved, order refunded", a Terminate answered about s-OTHER
// not "s-1 terminated". The error is an *OutcomeUnknownError whose
// Reference is the id asked for, carrying the *DecodeError that names
// both ids; an answer naming the id asked for, or none (the shapes do not
// promise it), is the write's result.
func TestWritesByIDRefuseAnAnswerAboutAnotherObject(t *testing.T) {
	ctx := context.Background()
	day := Time{time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)}
	cases := map[string]struct {
		id, member string
		call       func(c *Client, id string) error
	}{
		"order_cancellations.approve": {"req-1", "order_cancellation_request_id", func(c *Client, id string) error {
			_, err := c.OrderCancellations.Approve(ctx, id, "ok")
			return err
		}},
		"order_cancellations.reject": {"req-1", "order_cancellation_request_id", func(c *Client, id string) error {
			_, err := c.OrderCancellations.Reject(ctx, id, "no")
			return err
		}},
		"order_cancellations.withdraw": {"req-1", "order_cancellation_request_id", func(c *Client, id string) error {
			_, err := c.OrderCancellations.Withdraw(ctx, id)
			return err
		}},
		"subscriptions.terminate": {"s-1", "order_subscription_id", func(c *Client, id string) error {
			_, err := c.Subscriptions.Terminate(ctx, id, TerminateParams{Reason: "moving"})
			return err
		}},
		"subscriptions.approve": {"s-1", "order_subscription_id", func(c *Client, id string) error {
			_, err := c.Subscriptions.Approve(ctx, id, "")
			return err
		}},
		"subscriptions.reject": {"s-1", "order_subscription_id", func(c *Client, id string) error {
			_, err := c.Subscriptions.Reject(ctx, id, "no stock")
			return err
		}},
		"subscriptions.pause": {"s-1", "order_subscription_id", func(c *Client, id string) error {
			_, err := c.Subscriptions.Pause(ctx, id, PauseParams{PausedAt: day})
			return err
		}},
		"subscriptions.resume": {"s-1", "order_subscription_id", func(c *Client, id string) error {
			_, err := c.Subscriptions.Resume(ctx, id, "back")
			return err
		}},
		"subscriptions.update": {"s-1", "order_subscription_id", func(c *Client, id string) error {
			_, err := c.Subscriptions.Update(ctx, id, SubscriptionUpdateParams{Price: 12000})
			return err
		}},
		"products.update": {"p-1", "product_id", func(c *Client, id string) error {
			_, err := c.Products.Update(ctx, id, ProductParams{Description: "new"})
			return err
		}},
		"users.update": {"u-1", "user_id", func(c *Client, id string) error {
			_, err := c.Users.Update(ctx, id, UserParams{Nickname: "tea"})
			return err
		}},
		"user_groups.update": {"g-1", "user_group_id", func(c *Client, id string) error {
			_, err := c.UserGroups.Update(ctx, id, UserGroupParams{CEOName: "김"})
			return err
		}},
	}
	for op, tc := range cases {
		t.Run(op, func(t *testing.T) {
			m, c := newWire(t, `{"`+tc.member+`":"`+tc.id+`"}`)
			m.Then(http.StatusOK, `{"`+tc.member+`":"id-OTHER","status":2}`)
			err := tc.call(c, tc.id)
			require.Error(t, err, "an answer about another object read as this write's success")
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Len(t, m.Requests(), 1, "never sent again")
			var unknown *OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%T: %v", err, err)
			assert.Equal(t, tc.id, unknown.Reference, "the id asked for, to look up")
			assert.Equal(t, op, unknown.Op)
			var derr *DecodeError
			require.True(t, errors.As(err, &derr), "the bad reply is reachable: %v", err)
			assert.Equal(t, http.StatusOK, derr.Status)
			assert.Contains(t, err.Error(), `"id-OTHER", not "`+tc.id+`"`)
			assert.NotErrorIs(t, err, ErrNotFound)

			require.NoError(t, tc.call(c, tc.id), "an answer about the object asked for")
			m.Then(http.StatusOK, `{"status":2}`)
			require.NoError(t, tc.call(c, tc.id), "an answer naming no id is taken (UNCONFIRMED shapes)")
			assert.Len(t, m.Requests(), 3)
		})
	}
}
