package portonetest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

func TestIdempotentReplay(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 10000})
	k := key("cancel-p-000000000001")

	first := a.cancel("p", map[string]any{"reason": "r", "amount": 1000}, k)
	require.Equal(t, http.StatusOK, first.Status, "%s", first.Raw)
	assert.Empty(t, first.Header.Get("Idempotent-Replayed"))

	// The same request again: the stored response, byte for byte, and nothing applied. Key order
	// and whitespace do not matter.
	again := a.Must(http.MethodPost, "/payments/p/cancel", `{ "amount": 1000, "reason": "r" }`, k)
	assert.Equal(t, first.Status, again.Status)
	assert.Equal(t, string(first.Raw), string(again.Raw))
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	p, _ := srv.Payment("p")
	assert.Equal(t, int64(1000), p.Amount.Cancelled)

	// The same key with bearer authentication of the same API secret is the same scope.
	access, _ := login(t, a, portonetest.APISecret)
	again = a.with("Bearer "+access).cancel("p", map[string]any{"reason": "r", "amount": 1000}, k)
	assert.Equal(t, string(first.Raw), string(again.Raw))

	// Errors are stored too: a rejected request replays its rejection.
	k2 := key("cancel-p-000000000002")
	requireError(t, a.cancel("p", map[string]any{"reason": "r", "amount": 99999}, k2), http.StatusConflict, portone.ErrorTypeCancelAmountExceedsCancellableAmount)
	requireError(t, a.cancel("p", map[string]any{"reason": "r", "amount": 99999}, k2), http.StatusConflict, portone.ErrorTypeCancelAmountExceedsCancellableAmount)

	// Without a key every request is applied.
	a.cancel("p", map[string]any{"reason": "r", "amount": 1000})
	a.cancel("p", map[string]any{"reason": "r", "amount": 1000})
	st := srv.Stats()
	assert.Equal(t, 3, st.CancelsApplied)
	assert.Equal(t, 3, st.IdempotentReplays)
	assert.Equal(t, 7, st.Requests[portonetest.OpPaymentCancel])
}

func TestIdempotencyKeyReusedForAnotherRequest(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 10000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "q", Total: 10000})
	k := key("reused-key-00000000001")
	require.Equal(t, http.StatusOK, a.cancel("p", map[string]any{"reason": "r", "amount": 1000}, k).Status)

	requireError(t, a.cancel("p", map[string]any{"reason": "r", "amount": 2000}, k), http.StatusUnprocessableEntity, portonetest.ErrorTypeIdempotencyKeyReused)
	requireError(t, a.cancel("q", map[string]any{"reason": "r", "amount": 1000}, k), http.StatusUnprocessableEntity, portonetest.ErrorTypeIdempotencyKeyReused)
	requireError(t, a.payWithBillingKey("p", billingPayBody("bk", 1000), k), http.StatusUnprocessableEntity, portonetest.ErrorTypeIdempotencyKeyReused)
	st := srv.Stats()
	assert.Equal(t, 1, st.CancelsApplied)
	assert.Equal(t, 3, st.IdempotencyMismatches)
	q, _ := srv.Payment("q")
	assert.Zero(t, q.Amount.Cancelled)
}

// TestIdempotencyOutstanding: a duplicate that arrives while the first request is still being
// served (here delayed by a fault) gets 409 IDEMPOTENCY_OUTSTANDING_REQUEST; once the first is
// done, the duplicate gets its response.
func TestIdempotencyOutstanding(t *testing.T) {
	for _, op := range []struct {
		name string
		op   portonetest.Operation
		send func(a *api) result
	}{
		{"cancel", portonetest.OpPaymentCancel, func(a *api) result {
			return a.cancel("p", map[string]any{"reason": "r", "amount": 1000}, key("outstanding-key-0001"))
		}},
		{"billing-key pay", portonetest.OpBillingKeyPay, func(a *api) result {
			return a.payWithBillingKey("new", billingPayBody("bk", 1000), key("outstanding-key-0001"))
		}},
	} {
		t.Run(op.name, func(t *testing.T) {
			srv, a := newServer(t)
			srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 10000})
			srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
			srv.Inject(op.op, portonetest.Faults.Delay(300*time.Millisecond), 1)

			done := make(chan result, 1)
			go func() { done <- op.send(a) }()
			require.Eventually(t, func() bool { return srv.Stats().Requests[op.op] == 1 }, 5*time.Second, time.Millisecond)

			dup := op.send(a)
			requireError(t, dup, http.StatusConflict, portone.ErrorTypeIdempotencyOutstandingRequest)
			first := <-done
			require.Equal(t, http.StatusOK, first.Status, "%s", first.Raw)

			again := op.send(a)
			assert.Equal(t, string(first.Raw), string(again.Raw))
			st := srv.Stats()
			assert.Equal(t, 1, st.OutstandingConflicts)
			assert.Equal(t, 1, st.IdempotentReplays)
			assert.Equal(t, 1, st.CancelsApplied+st.BillingKeyPaymentsApplied)
		})
	}
}

func TestIdempotencyKeyFormat(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 10000})
	body := map[string]any{"reason": "r", "amount": 100}
	for _, raw := range []string{
		`unquoted-key-0000000001`, // not an RFC 8941 string
		`"short"`,                 // < 16 characters
		`"` + strings.Repeat("k", 257) + `"`,
		`"bad\qescape-0000000001"`,  // only \" and \\ may be escaped
		`"trailing-0000000001";a=1`, // parameters are not accepted
		`"open-0000000000000001`,
		`"tab	in-key-0000000001"`,
	} {
		requireError(t, a.cancel("p", body, header("Idempotency-Key", raw)), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	two := func(r *http.Request) {
		r.Header.Add("Idempotency-Key", `"duplicate-header-0001"`)
		r.Header.Add("Idempotency-Key", `"duplicate-header-0002"`)
	}
	requireError(t, a.cancel("p", body, two), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	assert.Zero(t, srv.Stats().CancelsApplied)

	// Escapes are decoded: these two spell the same key.
	k1 := header("Idempotency-Key", ` "quote\"and\\backslash-01" `)
	require.Equal(t, http.StatusOK, a.cancel("p", body, k1).Status)
	res := a.cancel("p", body, key(`quote\"and\\backslash-01`))
	assert.Equal(t, "true", res.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, `quote"and\backslash-01`, srv.Requests()[len(srv.Requests())-1].IdempotencyKey)
	assert.Equal(t, 1, srv.Stats().CancelsApplied)

	// GET ignores the header, even a malformed one.
	assert.Equal(t, http.StatusOK, a.Must(http.MethodGet, "/payments/p", nil, header("Idempotency-Key", "whatever")).Status)
	// So do login and refresh, which carry no credentials to scope a key by.
	res = a.with("").Must(http.MethodPost, "/login/api-secret", map[string]any{"apiSecret": portonetest.APISecret}, header("Idempotency-Key", "x"))
	assert.Equal(t, http.StatusOK, res.Status)
}

func TestIdempotencyScopeAndLifetime(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now), portonetest.WithAPISecret("secret-a", "secret-b"),
		portonetest.WithIdempotencyTTL(time.Hour))
	srv.CreatePayment(portonetest.PaymentSpec{ID: "p", Total: 10000})
	body := map[string]any{"reason": "r", "amount": 100}
	k := key("scoped-key-000000001")
	userA, userB := a.with("PortOne secret-a"), a.with("PortOne secret-b")

	require.Equal(t, http.StatusOK, userA.cancel("p", body, k).Status)
	// Another API user's key space is separate: applied again.
	require.Equal(t, http.StatusOK, userB.cancel("p", body, k).Status)
	assert.Equal(t, 2, srv.Stats().CancelsApplied)
	// Unauthenticated requests never touch the key.
	requireError(t, a.with("").cancel("p", body, k), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)

	clock.Advance(59 * time.Minute)
	assert.Equal(t, "true", userA.cancel("p", body, k).Header.Get("Idempotent-Replayed"))
	clock.Advance(time.Minute)
	res := userA.cancel("p", body, k)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Empty(t, res.Header.Get("Idempotent-Replayed"), "expired keys are forgotten")
	assert.Equal(t, 3, srv.Stats().CancelsApplied)
}

// TestIdempotencyOnEveryWrite checks that each keyed write replays instead of applying twice.
func TestIdempotencyOnEveryWrite(t *testing.T) {
	srv, a := newServer(t, portonetest.WithClock(newFakeClock().Now)) // before the schedule's time
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk-del"})
	card := map[string]any{"card": map[string]any{"credential": map[string]any{"number": "4330120012345678", "expiryYear": "28", "expiryMonth": "12"}}}
	writes := []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/payments/s1/schedule", scheduleBody("bk", 1000, "2026-06-01T00:00:00Z")},
		{http.MethodPost, "/payments/pr/pre-register", map[string]any{"totalAmount": 1000}},
		{http.MethodPost, "/billing-keys", map[string]any{"method": card, "channelKey": portonetest.ChannelKey}},
		{http.MethodDelete, "/billing-keys/bk-del", nil},
		{http.MethodDelete, "/payment-schedules" + rb(map[string]any{"billingKey": "bk"}), nil},
	}
	for i, w := range writes {
		k := key("every-write-key-000" + string(rune('a'+i)))
		first := a.Must(w.method, w.path, w.body, k)
		require.Equal(t, http.StatusOK, first.Status, "%s %s: %s", w.method, w.path, first.Raw)
		second := a.Must(w.method, w.path, w.body, k)
		assert.Equal(t, string(first.Raw), string(second.Raw), w.path)
		assert.Equal(t, "true", second.Header.Get("Idempotent-Replayed"), w.path)
	}
	st := srv.Stats()
	assert.Equal(t, 1, st.SchedulesCreated)
	assert.Equal(t, 1, st.PreRegistrationsApplied)
	assert.Equal(t, 1, st.BillingKeysIssued)
	assert.Equal(t, 1, st.BillingKeysDeleted)
	assert.Equal(t, 1, st.SchedulesRevoked)
	assert.Equal(t, len(writes), st.IdempotentReplays)

	// The requestBody query parameter is part of the request: another one is another request.
	requireError(t, a.Must(http.MethodDelete, "/payment-schedules"+rb(map[string]any{"billingKey": "bk-del"}), nil, key("every-write-key-000e")),
		http.StatusUnprocessableEntity, portonetest.ErrorTypeIdempotencyKeyReused)
}
