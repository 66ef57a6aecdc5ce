package portonetest_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

func TestURLAndClose(t *testing.T) {
	srv, _ := newServer(t)
	sandboxtest.RequireURLAndClose(t, srv, `^http://127\.0\.0\.1:\d+$`, "/payments/x")
}

func login(t *testing.T, a *api, secret string) (access, refresh string) {
	t.Helper()
	res := a.with("").Must(http.MethodPost, "/login/api-secret", map[string]any{"apiSecret": secret})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	require.Len(t, res.Body, 2)
	return res.Str("accessToken"), res.Str("refreshToken")
}

func refresh(a *api, token string) result {
	return a.with("").Must(http.MethodPost, "/token/refresh", map[string]any{"refreshToken": token})
}

func TestAuthModes(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p1", Total: 1000})

	assert.Equal(t, http.StatusOK, a.getPayment("p1").Status)
	assert.Equal(t, http.StatusOK, a.with("portone "+portonetest.APISecret).getPayment("p1").Status, "the scheme is case-insensitive")
	for _, auth := range []string{"", "PortOne wrong-secret", "Basic " + base64.StdEncoding.EncodeToString([]byte("a:b")),
		"Bearer not-a-token", "Bearer ", "PortOne"} {
		requireError(t, a.with(auth).getPayment("p1"), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	}

	access, _ := login(t, a, portonetest.APISecret)
	assert.Equal(t, 1, srv.Stats().TokensIssued)
	bearer := a.with("Bearer " + access)
	assert.Equal(t, http.StatusOK, bearer.getPayment("p1").Status)

	// The access token is JWT-shaped with exp = now + 30 minutes.
	parts := strings.Split(access, ".")
	require.Len(t, parts, 3)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var claims struct{ Iat, Exp int64 }
	require.NoError(t, json.Unmarshal(payload, &claims))
	assert.Equal(t, clock.Now().Unix(), claims.Iat)
	assert.Equal(t, clock.Now().Add(30*time.Minute).Unix(), claims.Exp)

	clock.Advance(29*time.Minute + 59*time.Second)
	assert.Equal(t, http.StatusOK, bearer.getPayment("p1").Status)
	clock.Advance(time.Second)
	res := bearer.getPayment("p1")
	requireError(t, res, http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	assert.Contains(t, res.Str("message"), "만료")
	assert.Equal(t, http.StatusOK, a.getPayment("p1").Status, "the secret still works")
}

func TestRefreshTokenRotation(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))

	access1, refresh1 := login(t, a, portonetest.APISecret)
	res := refresh(a, refresh1)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	access2, refresh2 := res.Str("accessToken"), res.Str("refreshToken")
	assert.NotEqual(t, access1, access2)
	assert.NotEqual(t, refresh1, refresh2)
	assert.Equal(t, 1, srv.Stats().TokensRefreshed)

	// The old refresh token died with the refresh.
	requireError(t, refresh(a, refresh1), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	// A new login retires the current refresh token too.
	_, refresh3 := login(t, a, portonetest.APISecret)
	requireError(t, refresh(a, refresh2), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	// Access tokens issued before stay valid until they expire.
	assert.Equal(t, http.StatusNotFound, a.with("Bearer "+access1).getPayment("x").Status)
	assert.Equal(t, http.StatusNotFound, a.with("Bearer "+access2).getPayment("x").Status)

	// Refresh tokens live one day.
	clock.Advance(24 * time.Hour)
	res = refresh(a, refresh3)
	requireError(t, res, http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	assert.Contains(t, res.Str("message"), "만료")
	assert.Equal(t, 2, srv.Stats().TokensIssued)
	assert.Equal(t, 1, srv.Stats().TokensRefreshed)

	// ExpireTokens kills access and refresh tokens at once.
	access4, refresh4 := login(t, a, portonetest.APISecret)
	srv.ExpireTokens()
	requireError(t, a.with("Bearer "+access4).getPayment("x"), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	requireError(t, refresh(a, refresh4), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	assert.Equal(t, http.StatusNotFound, a.getPayment("x").Status)
}

func TestLoginErrors(t *testing.T) {
	srv, a := newServer(t)
	requireError(t, a.with("").Must(http.MethodPost, "/login/api-secret", map[string]any{"apiSecret": "nope"}),
		http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	for _, body := range []string{``, `{}`, `{"apiSecret":1}`, `[]`, `{"apiSecret":"x"} {}`} {
		requireError(t, a.with("").Must(http.MethodPost, "/login/api-secret", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
		requireError(t, a.with("").Must(http.MethodPost, "/token/refresh", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	requireError(t, refresh(a, "unknown"), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	assert.Zero(t, srv.Stats().TokensIssued)
}

func TestOptions(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now), portonetest.WithAPISecret("secret-a", "", "secret-b"),
		portonetest.WithStoreID("store-main"), portonetest.WithSubStores("store-sub"), portonetest.WithMerchantID("merchant-x"),
		portonetest.WithTokenTTL(time.Minute, time.Hour))
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p-main", Total: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p-sub", StoreID: "store-sub", Total: 1000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p-other", StoreID: "store-other", Total: 1000})

	requireError(t, a.getPayment("p-main"), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	a = a.with("PortOne secret-b")
	res := a.getPayment("p-main")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "store-main", res.Str("storeId"))
	assert.Equal(t, "merchant-x", res.Str("merchantId"))

	// storeId: the credentials' store by default, a sub-store when named, 403 for any other.
	requireError(t, a.getPayment("p-sub"), http.StatusNotFound, portone.ErrorTypePaymentNotFound)
	assert.Equal(t, http.StatusOK, a.Must(http.MethodGet, "/payments/p-sub?storeId=store-sub", nil).Status)
	requireError(t, a.Must(http.MethodGet, "/payments/p-other?storeId=store-other", nil), http.StatusForbidden, portone.ErrorTypeForbidden)
	requireError(t, a.Must(http.MethodGet, "/payments/p-other", nil), http.StatusNotFound, portone.ErrorTypePaymentNotFound)
	requireError(t, a.cancel("p-main", map[string]any{"reason": "r", "storeId": "store-other"}), http.StatusForbidden, portone.ErrorTypeForbidden)

	access, _ := login(t, a.with(""), "secret-a")
	clock.Advance(time.Minute)
	requireError(t, a.with("Bearer "+access).getPayment("p-main"), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
}

func TestRoutes(t *testing.T) {
	srv, a := newServer(t)
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/"},
		{http.MethodGet, "/v2/payments/x"},
		{http.MethodGet, "/payments/x/unknown"},
		{http.MethodPost, "/payments/x/capture"},
		{http.MethodGet, "/payments/"},
		{http.MethodGet, "/billing-keys/"},
	} {
		requireError(t, a.Must(tc.method, tc.path, nil), http.StatusNotFound, portonetest.ErrorTypeRouteNotFound)
	}
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodGet, "/login/api-secret", "POST"},
		{http.MethodPost, "/payments/x", "GET"},
		{http.MethodGet, "/payments/x/cancel", "POST"},
		{http.MethodPost, "/payments", "GET"},
		{http.MethodPut, "/billing-keys/k", "GET, DELETE"},
		{http.MethodPost, "/payment-schedules", "DELETE"},
		{http.MethodGet, "/billing-keys", "POST"},
	} {
		res := a.Must(tc.method, tc.path, nil)
		requireError(t, res, http.StatusMethodNotAllowed, portonetest.ErrorTypeMethodNotAllowed)
		assert.Equal(t, tc.allow, res.Header.Get("Allow"), tc.path)
	}
	assert.Equal(t, 13, srv.Stats().Requests[""])

	// An id may contain an escaped slash; " " is an ordinary (unknown) id.
	srv.CreatePayment(portonetest.PaymentSpec{ID: "order/1", Total: 1000})
	res := a.getPayment("order/1")
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "order/1", res.Str("id"))
	requireError(t, a.getPayment(" "), http.StatusNotFound, portone.ErrorTypePaymentNotFound)
}

func TestRequestsLog(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p1", Total: 1000})
	a.cancel("p1", map[string]any{"reason": "r", "amount": 100}, key("log-test-key-0001"))
	a.Must(http.MethodGet, "/payments"+rb(map[string]any{"page": map[string]any{"size": 1}}), nil)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, portonetest.OpPaymentCancel, reqs[0].Op)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/payments/p1/cancel", reqs[0].Path)
	assert.Equal(t, "log-test-key-0001", reqs[0].IdempotencyKey)
	assert.JSONEq(t, `{"reason":"r","amount":100}`, string(reqs[0].Body))
	assert.Equal(t, secretAuth, reqs[0].Header.Get("Authorization"))
	assert.Equal(t, http.StatusOK, reqs[0].StatusCode)
	assert.Equal(t, clock.Now(), reqs[0].Time)
	assert.Empty(t, reqs[0].Fault)
	assert.JSONEq(t, `{"reason":"r","amount":100}`, string(reqs[0].Input()))

	assert.Equal(t, portonetest.OpPaymentList, reqs[1].Op)
	assert.JSONEq(t, `{"page":{"size":1}}`, string(reqs[1].Input()))
	assert.Contains(t, reqs[1].RawQuery, "requestBody=")
	assert.Empty(t, reqs[1].IdempotencyKey)
}

func TestErrorBodies(t *testing.T) {
	assert.Equal(t, `{"type":"PAYMENT_NOT_FOUND","message":"결제 건이 존재하지 않습니다."}`,
		portonetest.ErrorBody(portone.ErrorTypePaymentNotFound, ""))
	assert.Equal(t, `{"type":"X","message":"m"}`, portonetest.ErrorBody("X", "m"))
	assert.Equal(t, `{"type":"PG_PROVIDER","message":"PG사에서 오류를 전달했습니다.","pgCode":"C1","pgMessage":"거절"}`,
		portonetest.PGProviderErrorBody("C1", "거절"))
	assert.Equal(t, http.StatusConflict, portonetest.StatusOf(portone.ErrorTypeIdempotencyOutstandingRequest))
	assert.Equal(t, http.StatusUnprocessableEntity, portonetest.StatusOf(portonetest.ErrorTypeIdempotencyKeyReused))
	assert.Zero(t, portonetest.StatusOf("UNKNOWN"))
}

// TestConcurrentUse hammers one server from many goroutines (run with -race): partial cancels of
// one payment with distinct keys, billing-key payments, lookups, logins and stats.
func TestConcurrentUse(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "shared", Total: 100_000})
	bk := srv.IssueBillingKey(portonetest.BillingKeySpec{})
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := a.Send(http.MethodPost, "/payments/shared/cancel",
				map[string]any{"reason": "r", "amount": 1000}, key(fmt.Sprintf("concurrent-cancel-%04d", i%20)))
			if assert.NoError(t, err) {
				assert.Contains(t, []int{http.StatusOK, http.StatusConflict}, res.Status, "%s", res.Raw)
			}
			res, err = a.Send(http.MethodPost, fmt.Sprintf("/payments/bk-%d/billing-key", i),
				map[string]any{"billingKey": bk.BillingKey, "orderName": "o", "amount": map[string]any{"total": 500}, "currency": "KRW"})
			if assert.NoError(t, err) {
				assert.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
			}
			_, _ = a.Send(http.MethodGet, "/payments/shared", nil)
			_, _ = a.with("").Send(http.MethodPost, "/login/api-secret", map[string]any{"apiSecret": portonetest.APISecret})
			_ = srv.Stats()
			_ = srv.Requests()
		}()
	}
	wg.Wait()
	st := srv.Stats()
	assert.Equal(t, 20, st.CancelsApplied, "one cancel per distinct key")
	assert.Equal(t, n-20, st.IdempotentReplays+st.OutstandingConflicts)
	assert.Equal(t, n, st.BillingKeyPaymentsApplied)
	assert.Equal(t, n, st.TokensIssued)
	p, _ := srv.Payment("shared")
	assert.Equal(t, int64(20_000), p.Amount.Cancelled)
	assert.Equal(t, portone.PaymentStatusPartialCancelled, p.Status)
}
