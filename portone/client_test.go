package portone

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/wiretest"
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

// TestWireTokenAuth: with WithTokenAuth the client logs in with the API
// secret (POST /login/api-secret, no Authorization header), sends the
// access token as Bearer, and renews it shortly before its 30 minutes end
// with the refresh token (POST /token/refresh), not with the secret: the
// call in that margin goes out with the cached token while the renewal
// runs, and the calls after it carry the new token.
func TestWireTokenAuth(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	payment := payFixture(t, "paid_card.json")
	ws := newWireServer(t, payment)
	c := testClient(t, ws, WithTokenAuth(), WithClock(clock))

	ws.then(http.StatusOK, `{"accessToken":"access-1","refreshToken":"refresh-1"}`)
	_, err := c.Payments.Get(t.Context(), "order-20240425-0001")
	require.NoError(t, err)

	mu.Lock()
	now = now.Add(26 * time.Minute) // within five minutes of the token's end
	mu.Unlock()
	// The lookup and the renewal it starts arrive in either order.
	byPath := func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/token/refresh" {
			return wiretest.JSON(http.StatusOK, []byte(`{"accessToken":"access-2","refreshToken":"refresh-2"}`)), nil
		}
		return wiretest.JSON(http.StatusOK, []byte(payment)), nil
	}
	ws.thenFunc(byPath)
	ws.thenFunc(byPath)
	_, err = c.Payments.Get(t.Context(), "order-20240425-0001")
	require.NoError(t, err)
	c.t.WaitRenewals()
	_, err = c.Payments.Get(t.Context(), "order-20240425-0001")
	require.NoError(t, err)

	reqs := ws.recorded()
	require.Len(t, reqs, 5)
	login, get, refresh, inMargin, again := reqs[0], reqs[1], reqs[2], reqs[3], reqs[4]
	if refresh.Path != "/token/refresh" {
		refresh, inMargin = inMargin, refresh
	}
	assert.Equal(t, "Bearer access-1", inMargin.Header.Get("Authorization"), "the call in the margin used the cached token")
	assert.Equal(t, "POST /login/api-secret", login.Method+" "+login.Path)
	assert.JSONEq(t, `{"apiSecret":"test-api-secret"}`, string(login.Body))
	assert.Empty(t, login.Header.Get("Authorization"), "a token request carries no credential header")
	assert.Equal(t, "Bearer access-1", get.Header.Get("Authorization"))
	assert.Equal(t, "POST /token/refresh", refresh.Method+" "+refresh.Path)
	assert.JSONEq(t, `{"refreshToken":"refresh-1"}`, string(refresh.Body))
	assert.Empty(t, refresh.Header.Get("Authorization"))
	assert.Equal(t, "Bearer access-2", again.Header.Get("Authorization"))
}

// TestHTTP2SharesOneHandshake: PortOne gets HTTP/2 (see the package
// documentation, "Connections"). 1,000 lookups started at once on a new
// client with its default transport, against a TLS server that speaks
// HTTP/2, share one TCP connection and one TLS handshake, and every
// request arrives over HTTP/2.
func TestHTTP2SharesOneHandshake(t *testing.T) {
	wiretest.RequireHTTP2SharesOneHandshake(t, []byte(payFixture(t, "paid_card.json")), func(url string, tls transport.Option) (func() error, error) {
		c, err := NewClient("secret", WithBaseURL(url), tls)
		return func() error {
			_, err := c.Payments.Get(t.Context(), "order-20240425-0001")
			return err
		}, err
	})
}
