package portone

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTokenWaitDeadline: with WithTokenAuth and a login endpoint that
// never answers, a call whose context deadline passes ends at the deadline
// with an error that starts "portone: payments.get:", matches
// context.DeadlineExceeded, and carries no secret.
func TestTokenWaitDeadline(t *testing.T) {
	const secret = "api-secret-never-printed-0123456789"
	release := make(chan struct{})
	var logins, others atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login/api-secret" {
			logins.Add(1)
			<-release
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		others.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before the server closes
	c, err := NewClient(secret, WithBaseURL(srv.URL), WithTokenAuth())
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	p, err := c.Payments.Get(ctx, "payment-1")
	assert.Less(t, time.Since(start), 2*time.Second, "the deadline ends the wait")

	assert.Nil(t, p)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, strings.HasPrefix(err.Error(), "portone: payments.get: "), err.Error())
	assert.NotContains(t, err.Error(), secret)
	var netErr *NetworkError
	require.ErrorAs(t, err, &netErr)
	assert.Equal(t, "payments.get", netErr.Op)
	assert.EqualValues(t, 1, logins.Load())
	assert.EqualValues(t, 0, others.Load(), "nothing is sent without a token")
}
