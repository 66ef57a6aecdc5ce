package portonetest_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

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
				srv.Inject(op.op, tt.Fault, 1)
				assert.Equal(t, 1, srv.PendingFaults(op.op))
				k := key("fault-test-key-000001")

				start := time.Now()
				res, err := op.call(a, k, fresh())
				tt.Check(t, res, err)
				if tt.Name == "delay" {
					assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
				}
				assert.Equal(t, tt.Applied, op.applied(srv))
				assert.Equal(t, 0, srv.PendingFaults(op.op))
				reqs := srv.Requests()
				require.Len(t, reqs, 1)
				assert.Equal(t, op.op, reqs[0].Op)
				assert.Equal(t, tt.Fault.Kind(), reqs[0].Fault)
				assert.Equal(t, "fault-test-key-000001", reqs[0].IdempotencyKey)
				if tt.Name == "close before read" {
					assert.Nil(t, reqs[0].Body)
				} else {
					assert.NotEmpty(t, reqs[0].Body)
				}

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

func TestFaultsComeBeforeAuthentication(t *testing.T) {
	srv, a := newServer(t)
	srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusBadGateway, "<html>Bad Gateway</html>"), 1)
	res := a.with("").getPayment("anything")
	assert.Equal(t, http.StatusBadGateway, res.Status)
	// An applied operation still checks credentials.
	srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Delay(time.Millisecond), 1)
	requireError(t, a.with("").getPayment("anything"), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
}

func TestFaultSequencesAndClear(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 1000})
	srv.Inject(portonetest.OpPaymentGet, portonetest.Fault{}, 1) // first passes
	srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusInternalServerError, ""), 2)
	assert.Equal(t, 3, srv.PendingFaults(portonetest.OpPaymentGet))
	var got []int
	for range 4 {
		got = append(got, a.getPayment("p").Status)
	}
	assert.Equal(t, []int{200, 500, 500, 200}, got)

	srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
	assert.Equal(t, -1, srv.PendingFaults(portonetest.OpPaymentGet))
	for range 3 {
		assert.Equal(t, http.StatusServiceUnavailable, a.getPayment("p").Status)
	}
	srv.ClearFaults()
	assert.Equal(t, 0, srv.PendingFaults(portonetest.OpPaymentGet))
	assert.Equal(t, http.StatusOK, a.getPayment("p").Status)

	// Faults are per operation.
	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.CloseBeforeRead(), 1)
	assert.Equal(t, http.StatusOK, a.getPayment("p").Status)
	assert.Equal(t, 1, srv.PendingFaults(portonetest.OpPaymentCancel))
	assert.Equal(t, "status 503", portonetest.Faults.Status(503, "").String())
	assert.Equal(t, "delay 1s", portonetest.Faults.Delay(time.Second).String())
	assert.Equal(t, "close-after-apply", portonetest.Faults.CloseAfterApply().String())
}
