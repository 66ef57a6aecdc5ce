package commerce

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sentOnce are the writes that create something at Commerce or may move
// money: whether Commerce deduplicates them by Idempotency-Key is
// UNCONFIRMED, so each must reach it at most once per call.
var sentOnce = []string{
	"invoices.create", "invoices.notify", "order_cancellations.approve",
	"subscriptions.approve", "subscriptions.add_adjustment",
	"subscriptions.request_pause", "subscriptions.request_resume", "subscriptions.request_purchase",
	"subscriptions.request_transfer", "subscriptions.request_termination",
	"products.create", "users.join", "store.webhook_test",
}

// onceServer is a real Commerce stand-in on a socket: GETs answer 200
// (the warm-up leaves a keep-alive connection for the write to reuse);
// the first write is applied and then answered by first (nil: the
// connection is dropped without an answer); later writes answer reply.
// It returns the server and the count of writes that reached it.
func onceServer(t *testing.T, reply string, first func(w http.ResponseWriter)) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var writes atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, orderJSON)
			return
		}
		if writes.Add(1) > 1 {
			_, _ = io.WriteString(w, reply)
			return
		}
		if first != nil {
			first(w)
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if !assert.NoError(t, err) {
			return
		}
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv, &writes
}

// TestWritesReachCommerceOnce: a write that creates something or moves
// money is applied once, then the reused connection dies (net/http resends
// BY ITSELF any request carrying an Idempotency-Key, even with
// WithMaxRetries(0)), or it is answered 502 (the SDK's own retry). Either
// way it reached the server once and ends ErrOutcomeUnknown, never a
// success bought by a second send.
func TestWritesReachCommerceOnce(t *testing.T) {
	faults := map[string]func(w http.ResponseWriter){
		"dropped-reused-conn": nil,
		"502": func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, `{"status":502,"code":"SERVER_ERROR","message":"bad gateway"}`)
		},
	}
	seen := 0
	for _, tc := range wireCases() {
		if !slices.Contains(sentOnce, tc.name) {
			continue
		}
		seen++
		for fault, first := range faults {
			t.Run(tc.name+"/"+fault, func(t *testing.T) {
				srv, writes := onceServer(t, tc.reply, first)
				c, err := NewClient("ck", "sk", WithBaseURL(srv.URL+"/v1"), WithHTTPClient(srv.Client()),
					WithRetryPolicy(RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Second}))
				require.NoError(t, err)
				ctx := context.Background()
				_, err = c.Orders.Get(ctx, "N-1") // warm-up: one idle keep-alive connection
				require.NoError(t, err)

				err = tc.call(ctx, c)
				assert.EqualValues(t, 1, writes.Load(), "the write reached Commerce once")
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
			})
		}
	}
	require.Equal(t, len(sentOnce), seen, "every write of sentOnce has a wire case")
}
