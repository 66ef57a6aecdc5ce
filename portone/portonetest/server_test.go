package portonetest_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
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

// faultOp is a keyed write whose application can be observed.
type faultOp struct {
	op      portonetest.Operation
	setup   func(srv *portonetest.Server)
	call    func(a *api, opts ...opt) (result, error)
	applied func(srv *portonetest.Server) int // state changes, cross-checked between Stats and state
}

var faultOps = []faultOp{
	{
		op:    portonetest.OpPaymentCancel,
		setup: func(srv *portonetest.Server) { srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 10000}) },
		call: func(a *api, opts ...opt) (result, error) {
			return a.Send(http.MethodPost, "/payments/p/cancel", map[string]any{"reason": "r", "amount": 400}, opts...)
		},
		applied: func(srv *portonetest.Server) int {
			p, _ := srv.Payment("p")
			n := srv.Stats().CancelsApplied
			if p.Amount.Cancelled != int64(400*n) {
				panic("stats and payment disagree")
			}
			return n
		},
	},
	{
		op:    portonetest.OpBillingKeyPay,
		setup: func(srv *portonetest.Server) { srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"}) },
		call: func(a *api, opts ...opt) (result, error) {
			return a.Send(http.MethodPost, "/payments/order-1/billing-key", billingPayBody("bk", 5000), opts...)
		},
		applied: func(srv *portonetest.Server) int {
			p, ok := srv.Payment("order-1")
			n := srv.Stats().BillingKeyPaymentsApplied
			if ok != (n == 1) || (ok && p.Status != portone.PaymentStatusPaid) {
				panic("stats and payment disagree")
			}
			return n
		},
	},
}

// TestFaultsOnKeyedWrites serves a keyed cancel and a keyed billing-key payment under each kind of
// fault, then retries with the same key: an applied request is replayed (and applied exactly
// once), one that was not applied is applied by the retry.
func TestFaultsOnKeyedWrites(t *testing.T) {
	tests := sandboxtest.FaultTests(portonetest.ErrorBody("SERVICE_UNAVAILABLE", "잠시 후 다시 시도해 주세요."), portonetest.Faults.RateLimit, func(t *testing.T, res result) {
		requireError(t, res, http.StatusTooManyRequests, portonetest.ErrorTypeTooManyRequests)
	})
	tests = append(tests, sandboxtest.FaultTest{Name: "pg provider", Fault: portonetest.Faults.Status(http.StatusBadGateway, portonetest.PGProviderErrorBody("E1", "통신 오류")),
		Check: func(t *testing.T, res result, err error) {
			require.NoError(t, err)
			requireError(t, res, http.StatusBadGateway, portone.ErrorTypePGProvider)
		}})
	for _, op := range faultOps {
		for _, tt := range tests {
			t.Run(string(op.op)+"/"+tt.Name, func(t *testing.T) {
				srv, a := newServer(t)
				op.setup(srv)
				k := key("fault-test-key-000001")
				res, _ := sandboxtest.ServeFaulted(t, srv, tt, sandboxtest.FaultedCall[portonetest.Operation]{
					Op: op.op, Send: func() (result, error) { return op.call(a, k, fresh()) },
					Applied: func() int { return op.applied(srv) }, Logged: kitLog(srv),
				})
				assert.Equal(t, "fault-test-key-000001", srv.Requests()[0].IdempotencyKey)

				// The retry with the same key gets the real response; the change happened once.
				retry, err := op.call(a, k)
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, retry.Status, "%s", retry.Raw)
				assert.Equal(t, 1, op.applied(srv))
				st := srv.Stats()
				assert.Equal(t, tt.Applied, st.IdempotentReplays)
				assert.Equal(t, 2, st.Requests[op.op])
				if tt.Applied == 1 {
					assert.Equal(t, "true", retry.Header.Get("Idempotent-Replayed"))
					if res.Status == http.StatusOK && res.Raw != nil && tt.Name == "delay" {
						assert.Equal(t, string(res.Raw), string(retry.Raw))
					}
				}

				// Without the key, the same call is a new request, judged on the new state.
				again, err := op.call(a)
				require.NoError(t, err)
				if op.op == portonetest.OpBillingKeyPay {
					requireError(t, again, http.StatusConflict, portone.ErrorTypeAlreadyPaid)
				} else {
					assert.Equal(t, http.StatusOK, again.Status)
				}
			})
		}
	}
}

// TestTransportResendsKeyedWrites pins the net/http behaviour the Fault documentation warns about:
// on a reused keep-alive connection, a request carrying an Idempotency-Key whose connection is
// dropped is resent by http.Transport itself. After CloseAfterApply the resent request is
// answered from the idempotency store, so the caller sees success and the change happened once.
func TestTransportResendsKeyedWrites(t *testing.T) {
	for _, op := range faultOps {
		t.Run(string(op.op), func(t *testing.T) {
			srv, a := newServer(t)
			op.setup(srv)
			require.Equal(t, http.StatusNotFound, a.getPayment("warm-up").Status) // leaves an idle connection

			srv.Inject(op.op, portonetest.Faults.CloseAfterApply(), 1)
			res, err := op.call(a, key("transport-resend-0001"))
			require.NoError(t, err, "resent by http.Transport")
			assert.Equal(t, http.StatusOK, res.Status)
			assert.Equal(t, "true", res.Header.Get("Idempotent-Replayed"))
			st := srv.Stats()
			assert.Equal(t, 2, st.Requests[op.op])
			assert.Equal(t, 1, op.applied(srv))
			assert.Equal(t, 1, st.IdempotentReplays)

			// Without a key, the POST is not resent: the caller sees the error.
			require.Equal(t, http.StatusNotFound, a.getPayment("warm-up").Status)
			srv.Inject(op.op, portonetest.Faults.CloseBeforeRead(), 1)
			_, err = op.call(a)
			require.Error(t, err)
			assert.Equal(t, 3, srv.Stats().Requests[op.op])
		})
	}
}

func TestDelayedRequestAppliedAfterClientGivesUp(t *testing.T) {
	for _, op := range faultOps {
		t.Run(string(op.op), func(t *testing.T) {
			srv, a := newServer(t)
			op.setup(srv)
			srv.Inject(op.op, portonetest.Faults.Delay(300*time.Millisecond), 1)
			a.HC.Timeout = 50 * time.Millisecond
			k := key("gave-up-key-00000001")

			_, err := op.call(a, k, fresh())
			require.Error(t, err)
			assert.Equal(t, 0, op.applied(srv), "not yet")
			// Retrying too early meets the request still in flight.
			a.HC.Timeout = 10 * time.Second
			res, err := op.call(a, k)
			require.NoError(t, err)
			if res.Status == http.StatusConflict {
				requireError(t, res, http.StatusConflict, portone.ErrorTypeIdempotencyOutstandingRequest)
			}
			require.Eventually(t, func() bool { return op.applied(srv) == 1 }, 5*time.Second, 10*time.Millisecond)
			res, err = op.call(a, k)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, res.Status)
			assert.Equal(t, "true", res.Header.Get("Idempotent-Replayed"))
			assert.Equal(t, 1, op.applied(srv))
		})
	}
}

func TestCloseAbandonsDelayedRequests(t *testing.T) {
	srv, a := newServer(t)
	faultOps[0].setup(srv)
	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Delay(time.Hour), 1)
	sandboxtest.CloseAbandonsDelayed(t,
		func() error { _, err := faultOps[0].call(a, key("abandoned-key-000001")); return err },
		func() int { return len(srv.Requests()) }, srv.Close, func() int { return srv.Stats().CancelsApplied })
}

func TestFaultsOnAuthAndLookups(t *testing.T) {
	srv, a := newServer(t)
	srv.Inject(portonetest.OpLogin, portonetest.Faults.CloseAfterApply(), 1)
	_, err := a.with("").Send(http.MethodPost, "/login/api-secret", map[string]any{"apiSecret": portonetest.APISecret}, fresh())
	require.Error(t, err)
	assert.Equal(t, 1, srv.Stats().TokensIssued, "the tokens were issued but never delivered")

	_, refreshToken := login(t, a, portonetest.APISecret)
	srv.Inject(portonetest.OpTokenRefresh, portonetest.Faults.TruncatedBody(), 1)
	_, err = a.with("").Send(http.MethodPost, "/token/refresh", map[string]any{"refreshToken": refreshToken})
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	// The refresh was applied: the refresh token the client still holds is dead.
	requireError(t, refresh(a, refreshToken), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)

	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 1000})
	srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.TruncatedBody(), 1)
	_, err = a.Send(http.MethodGet, "/payments/p", nil)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, http.StatusOK, a.getPayment("p").Status)

	for _, op := range []portonetest.Operation{portonetest.OpPaymentList, portonetest.OpPaymentListByCursor, portonetest.OpScheduleGet,
		portonetest.OpBillingKeyGet, portonetest.OpBillingKeyDelete, portonetest.OpBillingKeyIssue, portonetest.OpScheduleCreate,
		portonetest.OpScheduleRevoke, portonetest.OpPaymentPreRegister} {
		srv.Inject(op, portonetest.Faults.Status(http.StatusServiceUnavailable, "<html>busy</html>"), 1)
	}
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/payments"}, {http.MethodGet, "/payments-by-cursor"}, {http.MethodGet, "/payment-schedules/x"},
		{http.MethodGet, "/billing-keys/x"}, {http.MethodDelete, "/billing-keys/x"}, {http.MethodPost, "/billing-keys"},
		{http.MethodPost, "/payments/x/schedule"}, {http.MethodDelete, "/payment-schedules"}, {http.MethodPost, "/payments/x/pre-register"},
	} {
		res := a.Must(c.method, c.path, nil)
		assert.Equal(t, http.StatusServiceUnavailable, res.Status, c.path)
		assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	}
}

// TestFaultQueue checks the kit's queue of faults as portonetest serves it: in order, forever, cleared,
// per operation, and before authentication.
func TestFaultQueue(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 1000})
	sandboxtest.RequireFaultQueue(t, srv, portonetest.OpPaymentGet, func() int { return a.getPayment("p").Status })
	sandboxtest.RequireFaultsBeforeAuth(t, srv, portonetest.OpPaymentGet, func() result { return a.with("").getPayment("anything") },
		func(t *testing.T, res result) {
			requireError(t, res, http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
		})

	// Faults are per operation.
	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.CloseBeforeRead(), 1)
	assert.Equal(t, http.StatusOK, a.getPayment("p").Status)
	assert.Equal(t, 1, srv.PendingFaults(portonetest.OpPaymentCancel))
	assert.Equal(t, "status 503", portonetest.Faults.Status(503, "").String())
	assert.Equal(t, "delay 1s", portonetest.Faults.Delay(time.Second).String())
	assert.Equal(t, "close-after-apply", portonetest.Faults.CloseAfterApply().String())
}
