package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subscriptionStatusAs rewrites the order lookups' first subscription to
// the status *status holds (the contract moving on at Commerce between
// deliveries; the sandbox's order keeps the state it was created with).
func subscriptionStatusAs(status *atomic.Int32) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(r)
			if err != nil || r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/v1/orders/") {
				return resp, err
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return nil, err
			}
			var o map[string]any
			if err := json.Unmarshal(body, &o); err == nil {
				if subs, ok := o["order_subscriptions"].(map[string]any); ok {
					if list, ok := subs["subscriptions"].([]any); ok && len(list) > 0 {
						list[0].(map[string]any)["status"] = status.Load()
						body, _ = json.Marshal(o)
					}
				}
			}
			resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
			resp.Header.Del("Content-Length")
			return resp, nil
		})
	}
}

// TestCommerceForgedResumptionDoesNotSpendTheFirstResumption:
// SUBSCRIPTION_RESUMED is verified by the subscription being active, which
// is also the state every contract starts in. Commerce's webhooks are
// unsigned and need no source address, so anyone who knows an order
// number (its buyer) can post a SUBSCRIPTION_RESUMED naming no
// order_subscription_id while the contract is active from its start.
// Keyed by the order's only active subscription, that post would spend
// the key of the contract's first genuine resumption, and when Commerce
// later resumes a paused contract, the genuine event (naming the
// subscription) would be acknowledged unrun: a merchant that suspended
// the service on SUBSCRIPTION_PAUSED would never restore it. The post is
// refused instead (403, an order_subscription_id mismatch, nothing run,
// no key spent), its VerifiedKey is not the genuine one's, and the pause
// and the resumption each run once.
func TestCommerceForgedResumptionDoesNotSpendTheFirstResumption(t *testing.T) {
	var status atomic.Int32
	status.Store(int32(commerce.SubscriptionActive))
	rig := newCommerceRigThrough(t, subscriptionStatusAs(&status))
	ref, ids := subscriptionOrder(t, rig, commerce.SubscriptionActive)

	// The forgery, while the contract is active from its start.
	forgery := subscriptionEvent(ref, "SUBSCRIPTION_RESUMED", "")
	assert.Equal(t, http.StatusForbidden, rig.post(forgery.JSON(), false).Code)
	var mismatch *commerce.MismatchError
	require.ErrorAs(t, rig.lastErr(), &mismatch)
	assert.True(t, mismatch.Has("order_subscription_id"), "%v", mismatch)
	assert.ErrorIs(t, rig.lastErr(), webhook.ErrMismatch)
	require.Equal(t, int32(0), rig.runs.Load(), "the forgery ran the callback")

	// Its key, had a caller keyed it with the order anyway, is not the
	// genuine resumption's.
	o, err := rig.client.Orders.Get(context.Background(), ref.OrderNumber)
	require.NoError(t, err)
	ev, err := webhook.DecodeCommerceEvent("application/json", forgery.JSON())
	require.NoError(t, err)
	genuine, err := webhook.DecodeCommerceEvent("application/json", subscriptionEvent(ref, "SUBSCRIPTION_RESUMED", ids[0]).JSON())
	require.NoError(t, err)
	assert.NotEqual(t, genuine.VerifiedKey(o), ev.VerifiedKey(o), "a resumption naming no subscription keyed as the contract's")

	// The merchant pauses the contract; Commerce reports it (a pause
	// naming none is still keyed by the one paused subscription).
	status.Store(int32(commerce.SubscriptionPaused))
	require.Equal(t, http.StatusOK, rig.post(subscriptionEvent(ref, "SUBSCRIPTION_PAUSED", ids[0]).JSON(), false).Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(subscriptionEvent(ref, "SUBSCRIPTION_PAUSED", "").JSON(), false).Code, "%v", rig.errs)
	require.Equal(t, int32(1), rig.runs.Load(), "the pause runs once")

	// The contract resumes; Commerce reports it, naming the subscription.
	status.Store(int32(commerce.SubscriptionActive))
	require.Equal(t, http.StatusOK, rig.post(subscriptionEvent(ref, "SUBSCRIPTION_RESUMED", ids[0]).JSON(), false).Code, "%v", rig.errs)
	assert.Equal(t, int32(2), rig.runs.Load(),
		"the genuine resumption was acknowledged unrun: a forged SUBSCRIPTION_RESUMED naming no subscription spent its key")
	assert.Equal(t, webhook.CommerceSubscriptionResumed, rig.got[len(rig.got)-1].Event.Kind(), "the last callback run")
	assert.Contains(t, rig.got[len(rig.got)-1].Key, `"`+ids[0]+`"`)

	// Once resumed, a resumption naming none is still refused.
	assert.Equal(t, http.StatusForbidden, rig.post(forgery.JSON(), false).Code)
	assert.Equal(t, int32(2), rig.runs.Load())
}
