package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForgedDeliveryLookupEndsWithItsSender: Commerce's webhooks are
// unsigned and CommerceHandler checks no source address, so anyone can
// post one, and each post costs the merchant an order lookup (GET
// /v1/orders/{id}, then the cancellation list), bounded only by the
// client's per-attempt timeout (60 s by default) times its attempts, plus
// Retry-After waits. Were the lookup run on the request's context detached
// from its cancellation, a poster who hangs up at once would not end that
// work: over HTTP/1.1 (or behind a proxy that drops the upstream
// connection when its client aborts) each new connection would leave one
// more handler goroutine and one more Commerce call running. The lookup is
// a read: it runs on the request's context, so that the hang-up ends it
// (answered 502 to nobody, the callback not run, no key spent: the
// genuine sender's next delivery runs it); only Claim, the callback and
// Done or Release run detached.
func TestForgedDeliveryLookupEndsWithItsSender(t *testing.T) {
	unstick := make(chan struct{})
	looking := make(chan struct{}, 1)
	rig := newCommerceRigThrough(t, func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/orders/") {
				select {
				case looking <- struct{}{}:
				default:
				}
				select { // Commerce slow to answer (rate limited by the flood itself)
				case <-r.Context().Done():
					return nil, r.Context().Err()
				case <-unstick:
				}
			}
			return next.RoundTrip(r)
		})
	})
	ref := commercePaidOrder(rig.srv)
	body := orderPaid(ref).JSON()

	req, err := webhooktest.NewCommerceRequest("/webhooks/commerce", body, false)
	require.NoError(t, err)
	ctx, hangUp := context.WithCancel(context.Background())
	rec := httptest.NewRecorder()
	answered := make(chan struct{})
	go func() { defer close(answered); rig.handler.ServeHTTP(rec, req.WithContext(ctx)) }()
	<-looking
	hangUp() // the poster is gone
	select {
	case <-answered:
	case <-time.After(200 * time.Millisecond):
		t.Error("the lookup of a delivery whose sender hung up is still running: each forged post leaves a goroutine and a Commerce call behind")
	}
	close(unstick)
	<-answered
	assert.Equal(t, http.StatusBadGateway, rec.Code, "a cut lookup is a failed lookup")
	assert.True(t, errors.Is(rig.lastErr(), context.Canceled), "reported: %v", rig.lastErr())
	assert.Equal(t, int32(0), rig.runs.Load(), "the callback ran for a delivery whose lookup was cut")

	require.Equal(t, http.StatusOK, rig.post(body, false).Code, "the next delivery: %v", rig.errs)
	assert.Equal(t, int32(1), rig.runs.Load(), "no key was spent: the next delivery runs the callback")
}
