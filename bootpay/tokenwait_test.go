package bootpay

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// TestTokenWaitDeadline: with TokenAuth and a token endpoint that never
// answers, a call whose context deadline passes ends at the deadline with
// an error that starts "bootpay: receipts.get:", matches
// context.DeadlineExceeded, and carries no credential.
func TestTokenWaitDeadline(t *testing.T) {
	const privateKey = "private-key-never-printed-0123456789"
	ws := newWireServer(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // runs before the server closes
	ws.ThenFunc(func(*http.Request) (*http.Response, error) {
		<-release
		return wiretest.JSON(http.StatusServiceUnavailable, nil), nil
	})
	c := ws.client(t, TokenAuth("app-id", privateKey))

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	r, err := c.Receipts.Get(ctx, "62afc194e38c300021b345d4")
	assert.Less(t, time.Since(start), 2*time.Second, "the deadline ends the wait")

	assert.Nil(t, r)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, strings.HasPrefix(err.Error(), "bootpay: receipts.get: "), err.Error())
	assert.NotContains(t, err.Error(), privateKey)
	var netErr *NetworkError
	require.ErrorAs(t, err, &netErr)
	assert.Equal(t, "receipts.get", netErr.Op)
	assert.True(t, netErr.Timeout())
	reqs := ws.requests()
	require.Len(t, reqs, 1, "only the token request, still unanswered")
	assert.Equal(t, "/v2/request/token", reqs[0].path)
}
