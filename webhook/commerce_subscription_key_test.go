package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subscriptionOrder creates a subscription order (구독 결제완료) holding
// subscriptions in the given states, and returns it with their ids.
func subscriptionOrder(t *testing.T, rig *commerceRig, states ...commerce.SubscriptionStatus) (commercetest.OrderRef, []string) {
	t.Helper()
	var subs []commercetest.SubscriptionSpec
	for _, s := range states {
		subs = append(subs, commercetest.SubscriptionSpec{Status: s, CurrentDuration: 2, TotalDuration: -1})
	}
	ref := rig.srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Status: commercetest.Ptr(commerce.OrderSubscriptionDone), Subscriptions: subs})
	o, err := rig.client.Orders.Get(context.Background(), ref.OrderNumber)
	require.NoError(t, err)
	var ids []string
	for _, s := range o.OrderSubscriptions.Subscriptions {
		ids = append(ids, s.OrderSubscriptionID)
	}
	require.Len(t, ids, len(states))
	return ref, ids
}

// subscriptionEvent is a kind's event about ref, naming subscription id
// ("" for none).
func subscriptionEvent(ref commercetest.OrderRef, kind, id string) webhooktest.CommercePayload {
	p := orderPaid(ref)
	p.WebhookType, p.Status, p.OrderSubscriptionID = kind, int(commerce.OrderSubscriptionDone), id
	return p
}

// TestCommerceSubscriptionEventRunsOnceWhateverNamesItsSubscription:
// Commerce's webhooks are unsigned and CommerceHandler has no source
// guard, so anyone who knows an order (its buyer) can post one. A
// SUBSCRIPTION_TERMINATED naming no order_subscription_id and the same
// event naming the order's one terminated subscription are the one
// termination of the one contract: the verified key takes the
// subscription from the looked-up order, so the callback (a merchant may
// refund the unused period on 해지) runs once between them, in either
// order of arrival.
func TestCommerceSubscriptionEventRunsOnceWhateverNamesItsSubscription(t *testing.T) {
	for _, forgeryFirst := range []bool{true, false} {
		rig := newCommerceRig(t)
		ref, ids := subscriptionOrder(t, rig, commerce.SubscriptionTerminated)
		unnamed := subscriptionEvent(ref, "SUBSCRIPTION_TERMINATED", "")
		named := subscriptionEvent(ref, "SUBSCRIPTION_TERMINATED", ids[0])
		first, second := unnamed, named
		if !forgeryFirst {
			first, second = named, unnamed
		}
		require.Equal(t, http.StatusOK, rig.post(first.JSON(), false).Code, "%v", rig.errs)
		require.Equal(t, int32(1), rig.runs.Load())
		require.Equal(t, http.StatusOK, rig.post(second.JSON(), false).Code, "%v", rig.errs)
		assert.Equal(t, int32(1), rig.runs.Load(), "one termination ran the callback twice (the unnamed first: %v)", forgeryFirst)
		require.Len(t, rig.got, 1)
		assert.Equal(t, rig.got[0].Event.VerifiedKey(rig.got[0].Order), rig.got[0].Key)
		assert.Contains(t, rig.got[0].Key, `"`+ids[0]+`"`, "the key names the order's subscription")
	}
}

// TestCommerceSubscriptionEventNamingNoneOfTwoIsRefused: for an order
// holding two subscriptions in the event's state, an event naming neither
// cannot say which contract changed. It is refused as a mismatch (403,
// nothing run, no key spent), so that neither contract's genuine event,
// which names its subscription, is ever acknowledged unrun; each genuine
// event then runs once under its own subscription. An event naming a
// subscription must name one the order holds in the kind's state.
func TestCommerceSubscriptionEventNamingNoneOfTwoIsRefused(t *testing.T) {
	rig := newCommerceRig(t)
	ref, ids := subscriptionOrder(t, rig, commerce.SubscriptionTerminated, commerce.SubscriptionTerminated, commerce.SubscriptionActive)

	assert.Equal(t, http.StatusForbidden, rig.post(subscriptionEvent(ref, "SUBSCRIPTION_TERMINATED", "").JSON(), false).Code)
	var mismatch *commerce.MismatchError
	require.ErrorAs(t, rig.lastErr(), &mismatch)
	assert.True(t, mismatch.Has("order_subscription_id"), "%v", mismatch)
	assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch)
	for _, id := range []string{ids[2], "another-order's-subscription"} {
		assert.Equal(t, http.StatusForbidden, rig.post(subscriptionEvent(ref, "SUBSCRIPTION_TERMINATED", id).JSON(), false).Code, id)
		assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch)
	}
	assert.Equal(t, int32(0), rig.runs.Load())

	for _, id := range ids[:2] {
		require.Equal(t, http.StatusOK, rig.post(subscriptionEvent(ref, "SUBSCRIPTION_TERMINATED", id).JSON(), false).Code, "%v", rig.errs)
	}
	assert.Equal(t, int32(2), rig.runs.Load(), "each contract's termination runs once")
	require.Len(t, rig.got, 2)
	assert.NotEqual(t, rig.got[0].Key, rig.got[1].Key)
}
