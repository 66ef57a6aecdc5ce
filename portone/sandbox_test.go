package portone_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// sandboxClient returns a client for srv with a short per-attempt timeout
// and near-zero backoff; opts come last and win.
func sandboxClient(t testing.TB, srv *portonetest.Server, opts ...portone.Option) *portone.Client {
	t.Helper()
	opts = append([]portone.Option{
		portone.WithBaseURL(srv.URL()),
		portone.WithTimeout(sandboxtest.AttemptTimeout),
		portone.WithRetryPolicy(sandboxtest.FastRetries()),
	}, opts...)
	c, err := portone.NewClient(portonetest.APISecret, opts...)
	require.NoError(t, err)
	return c
}

// newSandbox is a sandbox with the default credentials, for sandboxtest.EachFault.
func newSandbox() *portonetest.Server { return portonetest.NewServer() }

// allFaults is the standard list of faults a client call is tested under, with PortOne's bodies.
func allFaults() []sandbox.FaultCase {
	return sandbox.ClientFaults(portonetest.ErrorBody("INTERNAL_SERVER_ERROR", "서버 오류"),
		portonetest.ErrorBody("SERVICE_UNAVAILABLE", "점검 중"), portonetest.RateLimit, sandboxtest.FaultDelay)
}

// keyedWrite is one logical keyed write under test: call sends it (with
// the options given, e.g. WithIdempotencyKey), applied reads the sandbox
// counter of its effect, and check asserts a successful result.
type keyedWrite struct {
	op        portonetest.Operation
	paymentID string
	call      func(ctx context.Context, opts ...portone.RequestOption) (any, error)
	applied   func(portonetest.Stats) int
	check     func(t *testing.T, result any)
	state     func(t *testing.T, applied int) // the sandbox's state after `applied` effects
}

// runFaultCase drives w under fc and asserts the at-most-once contract:
// the call succeeds, is refused definitely with nothing applied, or ends
// in ErrOutcomeUnknown carrying the key; repeating it with that key after
// the sandbox settles reaches the true state without applying twice.
func runFaultCase(t *testing.T, srv *portonetest.Server, w keyedWrite, fc sandbox.FaultCase) {
	ctx := context.Background()
	srv.Inject(w.op, fc.Fault, fc.N)

	result, err := w.call(ctx)
	sandboxtest.Settle(t, srv)
	st := srv.Stats()
	applied := w.applied(st)
	requests := srv.Requests()
	var keys []string
	for _, r := range requests {
		if r.Op == w.op {
			keys = append(keys, r.IdempotencyKey)
		}
	}
	t.Logf("%s: %d request(s), applied %d, replays %d, outstanding %d; err: %v",
		fc.Name, len(keys), applied, st.IdempotentReplays, st.OutstandingConflicts, err)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		require.Equal(t, keys[0], k, "every attempt carries the call's one Idempotency-Key")
	}
	key := keys[0]
	require.GreaterOrEqual(t, len(key), 16)
	assert.LessOrEqual(t, applied, 1, "a keyed write is applied at most once")
	assert.Zero(t, st.IdempotencyMismatches, "retries send the same request under the key")
	w.state(t, applied)

	switch {
	case err == nil:
		assert.Equal(t, 1, applied, "success means applied")
		w.check(t, result)
	case errors.Is(err, portone.ErrOutcomeUnknown):
		var unknown *portone.OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "%T", err)
		assert.Equal(t, key, unknown.IdempotencyKey, "the error carries the key that was sent")
		assert.Equal(t, w.paymentID, unknown.Reference)
		assert.Equal(t, string(w.op), unknown.Op)
		assert.Contains(t, err.Error(), key, "the key is in the message, to find it in logs")
	default:
		assert.Equal(t, 0, applied, "a definite refusal applied nothing: %v", err)
		assert.True(t, errors.Is(err, portone.ErrRateLimited), "only a long 429 is refused definitely here: %v", err)
		var rl *portone.RateLimitError
		require.True(t, errors.As(err, &rl), "%T", err)
		assert.Equal(t, 120*time.Second, rl.RetryAfter)
		var apiErr *portone.APIError
		require.True(t, errors.As(err, &apiErr))
		assert.Equal(t, key, apiErr.IdempotencyKey)
		assert.Equal(t, 1, len(keys), "no retry, no long sleep")
	}

	// Repeat the call later with the same key: PortOne's stored answer if it
	// was applied, the first application if it was not.
	srv.ClearFaults()
	result, err = w.call(ctx, portone.WithIdempotencyKey(key))
	require.NoError(t, err, "the repeat with the same key reaches the true state")
	w.check(t, result)
	after := srv.Stats()
	assert.Equal(t, 1, w.applied(after), "applied exactly once in all")
	if applied == 1 {
		assert.Equal(t, st.IdempotentReplays+1, after.IdempotentReplays, "the repeat was answered from the idempotency store")
	}
	w.state(t, 1)
	t.Logf("%s: repeat with the key → applied %d in all, replays %d", fc.Name, w.applied(after), after.IdempotentReplays)
}

// storedPayment returns the sandbox's payment as a client would see it.
func storedPayment(t *testing.T, srv *portonetest.Server, id string) portone.Payment {
	t.Helper()
	p, ok := srv.Payment(id)
	require.True(t, ok)
	return p
}

// TestFaultMatrixCancel drives a partial and a full cancel under every
// fault.
func TestFaultMatrixCancel(t *testing.T) {
	const total = 30000
	for _, full := range []bool{false, true} {
		t.Run(fmt.Sprintf("full=%v", full), func(t *testing.T) {
			sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *portonetest.Server, fc sandbox.FaultCase) {
				c := sandboxClient(t, srv)
				pay := srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-cancel-1", Total: total})
				params := portone.CancelPaymentParams{
					PaymentID: pay.ID, Amount: 10000, Reason: "부분 취소", CurrentCancellableAmount: portone.Ptr(int64(total)),
				}
				want, wantStatus := int64(10000), portone.PaymentStatusPartialCancelled
				if full {
					params = portone.CancelPaymentParams{PaymentID: pay.ID, Full: true, Reason: "전액 취소"}
					want, wantStatus = total, portone.PaymentStatusCancelled
				}
				runFaultCase(t, srv, keyedWrite{
					op:        portonetest.OpPaymentCancel,
					paymentID: pay.ID,
					call: func(ctx context.Context, opts ...portone.RequestOption) (any, error) {
						return c.Payments.Cancel(ctx, params, opts...)
					},
					applied: func(st portonetest.Stats) int { return st.CancelsApplied },
					check: func(t *testing.T, result any) {
						c, ok := result.(*portone.SucceededPaymentCancellation)
						require.True(t, ok, "%T", result)
						assert.Equal(t, want, c.TotalAmount)
					},
					state: func(t *testing.T, applied int) {
						p := storedPayment(t, srv, pay.ID)
						assert.Equal(t, int64(applied)*want, p.Amount.Cancelled)
						if applied == 1 {
							assert.Equal(t, wantStatus, p.Status)
						} else {
							assert.Equal(t, portone.PaymentStatusPaid, p.Status)
						}
					},
				}, fc)
			})
		})
	}
}

// TestFaultMatrixPayWithBillingKey charges a billing key under every
// fault.
func TestFaultMatrixPayWithBillingKey(t *testing.T) {
	sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *portonetest.Server, fc sandbox.FaultCase) {
		c := sandboxClient(t, srv)
		bk := srv.IssueBillingKey(portonetest.BillingKeySpec{})
		const paymentID = "subscription-2026-11-0001"
		params := portone.BillingKeyPaymentParams{
			PaymentID: paymentID, BillingKey: portone.BillingKey(bk.BillingKey), OrderName: "11월 정기결제",
			Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW,
		}
		runFaultCase(t, srv, keyedWrite{
			op:        portonetest.OpBillingKeyPay,
			paymentID: paymentID,
			call: func(ctx context.Context, opts ...portone.RequestOption) (any, error) {
				return c.Payments.PayWithBillingKey(ctx, params, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.BillingKeyPaymentsApplied },
			check: func(t *testing.T, result any) {
				s, ok := result.(*portone.BillingKeyPaymentSummary)
				require.True(t, ok, "%T", result)
				p, _ := srv.Payment(paymentID)
				require.IsType(t, &portone.PaidPayment{}, p.Variant)
				assert.Equal(t, p.Variant.(*portone.PaidPayment).PGTxID, s.PGTxID, "the stored answer is the one charge's")
			},
			state: func(t *testing.T, applied int) {
				p, ok := srv.Payment(paymentID)
				assert.Equal(t, applied == 1, ok && p.Status == portone.PaymentStatusPaid)
				if ok {
					assert.Equal(t, int64(9900), p.Amount.Total)
				}
			},
		}, fc)
	})
}

// TestFaultMatrixVerify: the lookup behind seed 003's /payment/complete is
// retried through every transient fault, and a lookup never reports an
// unknown outcome.
func TestFaultMatrixVerify(t *testing.T) {
	sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *portonetest.Server, fc sandbox.FaultCase) {
		c := sandboxClient(t, srv)
		srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-verify-1", Total: 1000})
		srv.Inject(portonetest.OpPaymentGet, fc.Fault, fc.N)

		v, err := c.Payments.Verify(context.Background(), portone.VerifyParams{PaymentID: "payment-verify-1", Amount: 1000, Currency: portone.CurrencyKRW})
		t.Logf("%s: %d request(s); err: %v", fc.Name, srv.Stats().Requests[portonetest.OpPaymentGet], err)
		assert.False(t, errors.Is(err, portone.ErrOutcomeUnknown), "a lookup changes nothing")
		switch fc.Name {
		case "503 always":
			assert.True(t, errors.Is(err, portone.ErrServer), "%v", err)
			assert.Equal(t, 3, srv.Stats().Requests[portonetest.OpPaymentGet])
		case "429 retry-after 120":
			var rl *portone.RateLimitError
			require.True(t, errors.As(err, &rl), "%v", err)
			assert.Equal(t, 1, srv.Stats().Requests[portonetest.OpPaymentGet], "no long sleep, no retry")
		default:
			require.NoError(t, err)
			assert.Equal(t, portone.OutcomePaid, v.Outcome)
		}
	})
}

// TestTokenAuth: 1,000 goroutines on a cold WithTokenAuth client cause
// one login; after the access token expires, one refresh; a token the
// server forgot causes one renewal and one replay, also when 1,000 calls
// are refused at once; a dead refresh token falls back to a login.
func TestTokenAuth(t *testing.T) {
	clock := sandbox.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	srv := portonetest.NewServer(portonetest.WithClock(clock.Now))
	defer srv.Close()
	c := sandboxClient(t, srv, portone.WithTokenAuth(), portone.WithClock(clock.Now), portone.WithTimeout(20*time.Second))
	pay := srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-token-1", Total: 1000})
	ctx := context.Background()

	burst := func() {
		t.Helper()
		sandboxtest.Burst(t, 1000, func() error { _, err := c.Payments.Get(ctx, pay.ID); return err })
	}
	ops := func(from int) []string {
		var out []string
		for _, r := range srv.Requests()[from:] {
			if r.Op == portonetest.OpLogin || r.Op == portonetest.OpTokenRefresh {
				out = append(out, fmt.Sprintf("%s %d", r.Op, r.StatusCode))
			}
		}
		return out
	}

	burst()
	st := srv.Stats()
	assert.Equal(t, 1, st.Requests[portonetest.OpLogin], "cold start: one login")
	assert.Equal(t, 0, st.Requests[portonetest.OpTokenRefresh])
	assert.Equal(t, 1000, st.Requests[portonetest.OpPaymentGet], "no call was refused")
	t.Logf("cold burst: %v", ops(0))

	clock.Advance(31 * time.Minute) // the access token has expired
	mark := len(srv.Requests())
	burst()
	st = srv.Stats()
	assert.Equal(t, []string{"auth.refresh 200"}, ops(mark), "after expiry: one refresh, no login")
	assert.Equal(t, 1, st.TokensIssued)
	assert.Equal(t, 1, st.TokensRefreshed)
	assert.Equal(t, 2000, st.Requests[portonetest.OpPaymentGet], "the expired token was never sent")

	srv.ExpireTokens() // the server forgets every token the client holds
	mark = len(srv.Requests())
	_, err := c.Payments.Get(ctx, pay.ID)
	require.NoError(t, err)
	var seq []string
	for _, r := range srv.Requests()[mark:] {
		seq = append(seq, fmt.Sprintf("%s %d", r.Op, r.StatusCode))
	}
	// The refresh token died with the rest, so the renewal is a refresh
	// refused with 401 and then a login.
	assert.Equal(t, []string{"payments.get 401", "auth.refresh 401", "auth.login 200", "payments.get 200"}, seq,
		"one renewal and one replay")

	srv.ExpireTokens()
	mark = len(srv.Requests())
	burst() // 1,000 calls refused at once still cause one renewal
	assert.Equal(t, []string{"auth.refresh 401", "auth.login 200"}, ops(mark))
	refused, replayed := 0, 0
	for _, r := range srv.Requests()[mark:] {
		if r.Op == portonetest.OpPaymentGet {
			switch r.StatusCode {
			case 401:
				refused++
			case 200:
				replayed++
			}
		}
	}
	assert.Equal(t, 1000, replayed, "every call succeeded")
	assert.LessOrEqual(t, refused, 1000, "each call was refused at most once")
	t.Logf("burst after ExpireTokens: %d refused, %d replayed, renewals %v", refused, replayed, ops(mark))

	// Another login with the same secret (a second server of the merchant)
	// retires this client's refresh token: its next renewal is refused and
	// falls back to a login.
	other := sandboxClient(t, srv, portone.WithTokenAuth(), portone.WithClock(clock.Now))
	_, err = other.Payments.Get(ctx, pay.ID)
	require.NoError(t, err)
	clock.Advance(31 * time.Minute)
	mark = len(srv.Requests())
	_, err = c.Payments.Get(ctx, pay.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"auth.refresh 401", "auth.login 200"}, ops(mark), "a dead refresh token falls back to login")

	// A refresh token past its lifetime is not even tried.
	clock.Advance(25 * time.Hour)
	mark = len(srv.Requests())
	_, err = c.Payments.Get(ctx, pay.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"auth.login 200"}, ops(mark), "an expired refresh token is not sent")
}

// TestAllFromSandbox: All pages through portonetest's cursor endpoint
// lazily, in creation order, and stops fetching when the loop breaks.
func TestAllFromSandbox(t *testing.T) {
	srv := portonetest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv)
	var want []string
	for i := range 25 {
		want = append(want, srv.CreatePayment(portonetest.PaymentSpec{ID: fmt.Sprintf("payment-%02d", i), Total: int64(1000 + i)}).ID)
	}
	ctx := context.Background()
	pages := func() int { return srv.Stats().Requests[portonetest.OpPaymentListByCursor] }

	var got []string
	for p, err := range c.Payments.All(ctx, portone.PaymentCursorParams{Size: 10}) {
		require.NoError(t, err)
		got = append(got, p.ID)
	}
	assert.Equal(t, want, got, "every payment once, oldest first")
	assert.Equal(t, 3, pages(), "25 payments in pages of 10: three requests, the last one short")
	for i, r := range srv.Requests() {
		t.Logf("page %d: %s", i+1, r.Input())
	}

	for _, stop := range []struct{ after, pages int }{{1, 1}, {10, 1}, {11, 2}, {20, 2}, {21, 3}} {
		before := pages()
		n := 0
		for _, err := range c.Payments.All(ctx, portone.PaymentCursorParams{Size: 10}) {
			require.NoError(t, err)
			if n++; n == stop.after {
				break
			}
		}
		assert.Equal(t, stop.pages, pages()-before, "break after %d items", stop.after)
	}

	// A transient failure on the second page is retried; a lasting one is
	// yielded once and ends the loop.
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Fault{}, 1)
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Status(503, ""), 1)
	got = got[:0]
	for p, err := range c.Payments.All(ctx, portone.PaymentCursorParams{Size: 10}) {
		require.NoError(t, err)
		got = append(got, p.ID)
	}
	assert.Equal(t, want, got)

	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Fault{}, 1)
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Status(503, ""), -1)
	n, errs := 0, 0
	for p, err := range c.Payments.All(ctx, portone.PaymentCursorParams{Size: 10}) {
		if err != nil {
			errs++
			assert.Nil(t, p)
			assert.True(t, errors.Is(err, portone.ErrServer), "%v", err)
			assert.True(t, strings.HasPrefix(err.Error(), "portone: payments.all: 503"), "%v", err)
			continue
		}
		n++
	}
	srv.ClearFaults()
	assert.Equal(t, 10, n, "the first page arrived")
	assert.Equal(t, 1, errs, "the error is yielded once")
}
