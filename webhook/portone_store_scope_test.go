package webhook_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// storePrefix is the Store PortOneKey's documentation recommends to keep
// the stores that share one database apart: each store's keys prefixed.
type storePrefix struct {
	webhook.Store
	prefix string
}

func (s storePrefix) Claim(ctx context.Context, key string, lease time.Duration) (webhook.Claim, error) {
	return s.Store.Claim(ctx, s.prefix+key, lease)
}
func (s storePrefix) Done(ctx context.Context, key, token string) error {
	return s.Store.Done(ctx, s.prefix+key, token)
}
func (s storePrefix) Release(ctx context.Context, key, token string) error {
	return s.Store.Release(ctx, s.prefix+key, token)
}

// TestPortOnePaymentIDsOfTwoStores pins what PortOneKey documents (no API
// change; this test does not fail on the code before the documentation):
// the keys do not name the store, so two stores reusing a paymentId
// collide in one Store; one handler per store, each with a Processor
// whose Store prefixes its keys, keeps both payments, and PortOnePaidKey
// under the same prefix still meets its store's webhook.
func TestPortOnePaymentIDsOfTwoStores(t *testing.T) {
	clock := sandbox.NewClock(time.Unix(1714039200, 0))
	paid := func(store string) []byte {
		return webhooktest.PortOneTransaction("Transaction.Paid", clock.Now(), store, "order-1", "tx-"+store, "")
	}
	decode := func(body []byte) webhook.PortOneEvent {
		ev, err := webhook.DecodePortOneEvent("application/json", body)
		require.NoError(t, err)
		return ev
	}
	require.Equal(t, webhook.PortOneKey(decode(paid("store-A")), "m-1"), webhook.PortOneKey(decode(paid("store-B")), "m-2"),
		"the key ignores storeId: payment ids must be unique across the stores sharing a Store")

	shared := webhook.NewMemoryStore(webhook.MemoryConfig{Now: clock.Now})
	var stores []string
	handlerOf := func(store string) http.Handler {
		v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{portOneSecret}, Now: clock.Now})
		require.NoError(t, err)
		return webhook.PortOneHandler(v, func(_ context.Context, d *webhook.PortOneDelivery) error {
			stores = append(stores, d.Event.(*webhook.PortOneTransaction).StoreID)
			return nil
		}, webhook.WithProcessor(&webhook.Processor{Store: storePrefix{shared, store + "/"}}))
	}
	for i, store := range []string{"store-A", "store-B"} {
		require.Equal(t, http.StatusOK, deliverSigned(t, handlerOf(store), sprintf("msg-%d", i), clock.Now(), paid(store)))
	}
	assert.Equal(t, []string{"store-A", "store-B"}, stores, "each store's payment runs the callback")

	browser := &webhook.Processor{Store: storePrefix{shared, "store-B/"}}
	ran, err := browser.Process(context.Background(), webhook.PortOnePaidKey("order-1"), func(context.Context) error { return nil })
	require.NoError(t, err)
	assert.False(t, ran, "the browser path of store-B meets store-B's webhook")
}
