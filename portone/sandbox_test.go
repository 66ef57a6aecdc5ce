package portone_test

// The sandbox tests (fault matrices, write outcomes) live in package
// portone_test, not portone: they drive portonetest, which imports portone,
// and an in-package test cannot import a package that imports its own.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
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
	c, err := portone.NewClient(portonetest.APISecret, sandboxtest.ClientOptions(srv.URL(), opts...)...)
	require.NoError(t, err)
	return c
}

// newSandbox is a sandbox with the default credentials, for sandboxtest.EachFault.
func newSandbox() *portonetest.Server { return portonetest.NewServer() }

// allFaults is the standard list of faults a client call is tested under, with PortOne's bodies.
func allFaults() []sandbox.FaultCase {
	return sandbox.ClientFaults(portonetest.ErrorBody("INTERNAL_SERVER_ERROR", "서버 오류"),
		portonetest.ErrorBody("SERVICE_UNAVAILABLE", "점검 중"), portonetest.Faults.RateLimit, sandboxtest.FaultDelay)
}

// sandboxWrite is one keyed write the client has and the sandbox serves:
// the one table the fault matrices, the write-outcome matrix and the
// outcome tests drive.
type sandboxWrite struct {
	name string
	op   portonetest.Operation
	// prepare stores what the write needs, through setup (a client on its
	// own connections) where the sandbox has no direct way, and returns
	// the Reference the write's unknown outcome must carry.
	prepare func(t *testing.T, srv *portonetest.Server, setup *portone.Client) (reference string)
	// call sends the write with the options given (e.g. WithIdempotencyKey).
	call    func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error)
	applied func(portonetest.Stats) int

	// For the fault matrices (nil where a write has none): check asserts
	// a successful result, state the sandbox's state after `applied`
	// effects.
	check func(t *testing.T, srv *portonetest.Server, result any)
	state func(t *testing.T, srv *portonetest.Server, applied int)

	// For the money writes' outcome tests (conflict is empty on the others).
	// conflict is PortOne's own 409 for a repeat of an applied write
	// without its key, the answer a naive client might take as final.
	conflict portone.ErrorType
	// pgDecline stores what the write needs so that the sandbox itself
	// declines it with 502 PG_PROVIDER (the PG said no).
	pgDecline func(srv *portonetest.Server)
	// hollow is a 2xx body of the right shape without the fields that say
	// what was applied.
	hollow string
}

// sandboxWrites lists every write of the client that portonetest serves.
// The client's other writes have no sandbox route. Each call returns
// fresh writes: prepare leaves state (a billing key, a schedule id) that
// call uses, so every test cell takes its own table.
func sandboxWrites() []sandboxWrite {
	const payID, total = "payment-write-1", 30000
	card := portone.CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}
	issueKey := func(srv *portonetest.Server, spec portonetest.BillingKeySpec) portone.BillingKey {
		return portone.BillingKey(srv.IssueBillingKey(spec).BillingKey)
	}
	var key portone.BillingKey // set by prepare, used by call
	var scheduleID string
	timeToPay := time.Now().Add(24 * time.Hour).Truncate(time.Second) // the same in every attempt and repeat
	cancel := func(full bool) sandboxWrite {
		name, want, wantStatus := "cancel partial", int64(10000), portone.PaymentStatusPartialCancelled
		p := portone.CancelPaymentParams{PaymentID: payID, Amount: 10000, Reason: "부분 취소", CurrentCancellableAmount: portone.Ptr(int64(total))}
		if full {
			name, want, wantStatus = "cancel full", total, portone.PaymentStatusCancelled
			p = portone.CancelPaymentParams{PaymentID: payID, Full: true, Reason: "전액 취소"}
		}
		w := sandboxWrite{
			name: name, op: portonetest.OpPaymentCancel,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				srv.CreatePayment(portonetest.PaymentSpec{ID: payID, Total: total})
				return payID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.Payments.Cancel(ctx, p, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.CancelsApplied },
			check: func(t *testing.T, _ *portonetest.Server, result any) {
				c, ok := result.(*portone.SucceededPaymentCancellation)
				require.True(t, ok, "%T", result)
				assert.Equal(t, want, c.TotalAmount)
			},
			state: func(t *testing.T, srv *portonetest.Server, applied int) {
				p := storedPayment(t, srv, payID)
				assert.Equal(t, int64(applied)*want, p.Amount.Cancelled)
				if applied == 1 {
					assert.Equal(t, wantStatus, p.Status)
				} else {
					assert.Equal(t, portone.PaymentStatusPaid, p.Status)
				}
			},
		}
		if !full {
			w.conflict = portone.ErrorTypePaymentAlreadyCancelled
			w.hollow = `{"cancellation":{"status":"SUCCEEDED"}}`
			w.pgDecline = func(srv *portonetest.Server) {
				srv.CreatePayment(portonetest.PaymentSpec{ID: payID, Total: total, CancelPGError: &portonetest.PGError{}})
			}
		}
		return w
	}
	return []sandboxWrite{
		cancel(false),
		cancel(true),
		{
			name: "pay with billing key", op: portonetest.OpBillingKeyPay,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				key = issueKey(srv, portonetest.BillingKeySpec{})
				return payID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.Payments.PayWithBillingKey(ctx, portone.BillingKeyPaymentParams{PaymentID: payID, BillingKey: key,
					OrderName: "월 구독", Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW}, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.BillingKeyPaymentsApplied },
			check: func(t *testing.T, srv *portonetest.Server, result any) {
				s, ok := result.(*portone.BillingKeyPaymentSummary)
				require.True(t, ok, "%T", result)
				p, _ := srv.Payment(payID)
				require.IsType(t, &portone.PaidPayment{}, p.Variant)
				assert.Equal(t, p.Variant.(*portone.PaidPayment).PGTxID, s.PGTxID, "the stored answer is the one charge's")
			},
			state: func(t *testing.T, srv *portonetest.Server, applied int) {
				p, ok := srv.Payment(payID)
				assert.Equal(t, applied == 1, ok && p.Status == portone.PaymentStatusPaid)
				if ok {
					assert.Equal(t, int64(9900), p.Amount.Total)
				}
			},
			conflict: portone.ErrorTypeAlreadyPaid,
			hollow:   `{"payment":{}}`,
			pgDecline: func(srv *portonetest.Server) {
				key = issueKey(srv, portonetest.BillingKeySpec{PGError: &portonetest.PGError{}})
			},
		},
		{
			name: "pre-register", op: portonetest.OpPaymentPreRegister,
			prepare: func(*testing.T, *portonetest.Server, *portone.Client) string { return payID },
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return nil, c.Payments.PreRegister(ctx, portone.PreRegisterPaymentParams{PaymentID: payID,
					TotalAmount: portone.Ptr(int64(9900)), Currency: portone.CurrencyKRW}, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.PreRegistrationsApplied },
		},
		{
			name: "close virtual account", op: portonetest.OpVirtualAccountClose,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				srv.CreatePayment(portonetest.PaymentSpec{ID: payID, Total: total, Status: portone.PaymentStatusVirtualAccountIssued})
				return payID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.Payments.CloseVirtualAccount(ctx, portone.CloseVirtualAccountParams{PaymentID: payID}, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.VirtualAccountsClosed },
		},
		{
			name: "issue billing key", op: portonetest.OpBillingKeyIssue,
			prepare: func(*testing.T, *portonetest.Server, *portone.Client) string { return "" },
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.BillingKeys.Issue(ctx, portone.IssueBillingKeyParams{ChannelKey: portonetest.ChannelKey,
					Method: portone.BillingKeyMethodInput{Card: &portone.BillingKeyCardInput{Credential: card}}}, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.BillingKeysIssued },
		},
		{
			name: "delete billing key", op: portonetest.OpBillingKeyDelete,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				key = issueKey(srv, portonetest.BillingKeySpec{})
				return "" // a billing key is never put in an error
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.BillingKeys.Delete(ctx, portone.DeleteBillingKeyParams{BillingKey: key, Reason: "해지"}, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.BillingKeysDeleted },
		},
		{
			name: "create schedule", op: portonetest.OpScheduleCreate,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				key = issueKey(srv, portonetest.BillingKeySpec{})
				return payID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.PaymentSchedules.Create(ctx, scheduleParams(payID, key, timeToPay), opts...)
			},
			applied: func(st portonetest.Stats) int { return st.SchedulesCreated },
		},
		{
			name: "revoke schedule", op: portonetest.OpScheduleRevoke,
			prepare: func(t *testing.T, srv *portonetest.Server, setup *portone.Client) string {
				key = issueKey(srv, portonetest.BillingKeySpec{})
				res, err := setup.PaymentSchedules.Create(context.Background(), scheduleParams(payID, key, timeToPay))
				require.NoError(t, err)
				scheduleID = res.Schedule.ID
				return scheduleID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.PaymentSchedules.Revoke(ctx, portone.RevokePaymentSchedulesParams{ScheduleIDs: []string{scheduleID}}, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.SchedulesRevoked },
		},
	}
}

// writesOf returns the indexes into sandboxWrites of the writes keep
// selects; a test cell takes sandboxWrites()[i], its own closure state.
func writesOf(keep func(sandboxWrite) bool) []int {
	var out []int
	for i, w := range sandboxWrites() {
		if keep(w) {
			out = append(out, i)
		}
	}
	return out
}

// moneyWrites selects the writes the outcome tests drive: the ones that move money.
func moneyWrites() []int { return writesOf(func(w sandboxWrite) bool { return w.conflict != "" }) }

func scheduleParams(paymentID string, key portone.BillingKey, timeToPay time.Time) portone.CreatePaymentScheduleParams {
	return portone.CreatePaymentScheduleParams{
		PaymentID: paymentID, TimeToPay: timeToPay,
		Payment: portone.BillingKeyPaymentScheduleInput{BillingKey: key, OrderName: "12월 정기결제",
			Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW},
	}
}

// writeCell starts one cell of an outcome test: the i-th of sandboxWrites
// with its own closure state, on its own sandbox (closed when t ends),
// and a client of it.
func writeCell(t *testing.T, i int) (sandboxWrite, *portonetest.Server, *portone.Client) {
	srv := portonetest.NewServer()
	t.Cleanup(srv.Close)
	return sandboxWrites()[i], srv, sandboxClient(t, srv)
}

// keysSent returns the Idempotency-Key of every request to op.
func keysSent(srv *portonetest.Server, op portonetest.Operation) []string {
	var keys []string
	for _, r := range srv.Requests() {
		if r.Op == op {
			keys = append(keys, r.IdempotencyKey)
		}
	}
	return keys
}

// runFaultCase drives w under fc and asserts the at-most-once contract:
// the call succeeds, is refused definitely with nothing applied, or ends
// in ErrOutcomeUnknown carrying the key; repeating it with that key after
// the sandbox settles reaches the true state without applying twice.
func runFaultCase(t *testing.T, srv *portonetest.Server, w sandboxWrite, fc sandbox.FaultCase) {
	c := sandboxClient(t, srv)
	ref := w.prepare(t, srv, c)
	ctx := context.Background()
	srv.Inject(w.op, fc.Fault, fc.N)

	result, err := w.call(ctx, c)
	sandboxtest.Settle(t, srv)
	st := srv.Stats()
	applied := w.applied(st)
	keys := keysSent(srv, w.op)
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
	w.state(t, srv, applied)

	switch {
	case err == nil:
		assert.Equal(t, 1, applied, "success means applied")
		w.check(t, srv, result)
	case errors.Is(err, portone.ErrOutcomeUnknown):
		var unknown *portone.OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "%T", err)
		assert.Equal(t, key, unknown.IdempotencyKey, "the error carries the key that was sent")
		assert.Equal(t, ref, unknown.Reference)
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
	result, err = w.call(ctx, c, portone.WithIdempotencyKey(key))
	require.NoError(t, err, "the repeat with the same key reaches the true state")
	w.check(t, srv, result)
	after := srv.Stats()
	assert.Equal(t, 1, w.applied(after), "applied exactly once in all")
	if applied == 1 {
		assert.Equal(t, st.IdempotentReplays+1, after.IdempotentReplays, "the repeat was answered from the idempotency store")
	}
	w.state(t, srv, 1)
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
func TestFaultMatrixCancel(t *testing.T) { runFaultMatrix(t, portonetest.OpPaymentCancel) }

// TestFaultMatrixPayWithBillingKey charges a billing key under every
// fault.
func TestFaultMatrixPayWithBillingKey(t *testing.T) { runFaultMatrix(t, portonetest.OpBillingKeyPay) }

// runFaultMatrix drives each write to op under every fault of allFaults.
func runFaultMatrix(t *testing.T, op portonetest.Operation) {
	for _, i := range writesOf(func(w sandboxWrite) bool { return w.op == op }) {
		t.Run(sandboxWrites()[i].name, func(t *testing.T) {
			sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *portonetest.Server, fc sandbox.FaultCase) {
				runFaultCase(t, srv, sandboxWrites()[i], fc)
			})
		})
	}
}

// TestFaultMatrixVerify: the lookup behind seed 003's /payment/complete is
// retried through every transient fault, and a lookup never reports an
// unknown outcome.
func TestFaultMatrixVerify(t *testing.T) {
	sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *portonetest.Server, fc sandbox.FaultCase) {
		c := sandboxClient(t, srv)
		srv.CreatePayment(portonetest.PaymentSpec{ID: "payment-verify-1", Total: 1000})
		srv.Inject(portonetest.OpPaymentGet, fc.Fault, fc.N)

		// AllowTest: the sandbox's payments go through its TEST channel.
		v, err := c.Payments.Verify(context.Background(), portone.VerifyParams{PaymentID: "payment-verify-1", Amount: 1000, Currency: portone.CurrencyKRW, AllowTest: true})
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
	// Pages are counted: a page slower than the fault tests' short attempt
	// timeout (a loaded CI machine) would be retried and counted twice.
	c := sandboxClient(t, srv, portone.WithTimeout(10*time.Second))
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
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Faults.Status(503, ""), 1)
	got = got[:0]
	for p, err := range c.Payments.All(ctx, portone.PaymentCursorParams{Size: 10}) {
		require.NoError(t, err)
		got = append(got, p.ID)
	}
	assert.Equal(t, want, got)

	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Fault{}, 1)
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Faults.Status(503, ""), -1)
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

// Timings of the matrix: a short per-attempt timeout, so that the
// delay-past-timeout fault (twice as long) makes the client give up while
// the sandbox still applies the write, and near-zero backoff.
const (
	matrixTimeout     = 150 * time.Millisecond
	matrixConcurrency = 32 // cells at once; most of them wait on a delay
)

// pgProviderBody is PortOne's 502 body for a PG's refusal.
const pgProviderBody = `{"type":"PG_PROVIDER","message":"PG사에서 오류가 발생했습니다.","pgCode":"CARD_DECLINED","pgMessage":"한도 초과"}`

// matrixTally counts how the cells ended, for the log.
type matrixTally struct{ success, unknown, definite atomic.Int64 }

// TestWriteOutcomeMatrix drives every keyed write the sandbox serves
// through every cell of sandbox.Matrix (FirstFaults × FinalAnswers), on a fresh
// connection and on a reused one (where net/http itself resends a keyed
// request whose connection died). Per cell, with its own sandbox:
//
//   - the sandbox's counter proves the write was applied at most once;
//   - success means applied;
//   - applied without success means ErrOutcomeUnknown, carrying the key
//     every attempt was sent with and the reference to reconcile with,
//     and matching no other category;
//   - repeating the call with that key succeeds, and the write stays
//     applied exactly once.
func TestWriteOutcomeMatrix(t *testing.T) {
	writes := sandboxWrites()
	conns := []string{"fresh", "reused"}
	var groups []string
	for _, w := range writes {
		for _, conn := range conns {
			groups = append(groups, w.name+"/"+conn)
		}
	}
	var tally matrixTally
	start := time.Now()
	sandboxtest.RunMatrix(t, groups, sandbox.Matrix(matrixTimeout, pgProviderBody), matrixConcurrency, func(t *testing.T, g int, c sandbox.Cell) {
		w := sandboxWrites()[g/len(conns)] // its own closure state
		runMatrixCell(t, w, c.First, c.Final, conns[g%len(conns)] == "reused", &tally)
	})
	t.Logf("matrix done in %v: %d succeeded, %d unknown (applied or not), %d refused definitely (never applied)",
		time.Since(start).Round(time.Millisecond), tally.success.Load(), tally.unknown.Load(), tally.definite.Load())
}

func runMatrixCell(t *testing.T, w sandboxWrite, first, final sandbox.Fault, reused bool, tally *matrixTally) {
	srv := portonetest.NewServer()
	defer srv.Close()
	setup := sandboxClient(t, srv)
	c := sandboxClient(t, srv, portone.WithTimeout(matrixTimeout))
	ref := w.prepare(t, srv, setup)
	ctx := context.Background()
	if reused {
		// leaves a keep-alive connection; the longer timeout keeps a loaded machine from failing the warm-up
		_, err := c.Payments.List(ctx, portone.PaymentListParams{}, portone.WithRequestTimeout(5*time.Second))
		require.NoError(t, err)
	}
	srv.Inject(w.op, first, 1)
	srv.Inject(w.op, final, -1)

	_, err := w.call(ctx, c)
	sandboxtest.Settle(t, srv) // a delayed first attempt is applied after the client gave up
	st := srv.Stats()
	applied := w.applied(st)
	keys := keysSent(srv, w.op)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		require.Equal(t, keys[0], k, "every attempt carries the call's one Idempotency-Key")
	}
	require.LessOrEqual(t, applied, 1, "applied at most once (%d requests)", len(keys))
	assert.Zero(t, st.IdempotencyMismatches, "every attempt sends the same request under the key")

	var unknown *portone.OutcomeUnknownError
	switch {
	case err == nil:
		tally.success.Add(1)
		require.Equal(t, 1, applied, "success means applied")
	case errors.As(err, &unknown):
		tally.unknown.Add(1)
		require.ErrorIs(t, err, portone.ErrOutcomeUnknown)
		assert.Equal(t, keys[0], unknown.IdempotencyKey, "the key to repeat with")
		assert.Equal(t, ref, unknown.Reference, "the reference to reconcile with")
		assert.Equal(t, string(w.op), unknown.Op)
		for _, category := range []error{portone.ErrRateLimited, portone.ErrInvalidRequest, portone.ErrUnauthorized,
			portone.ErrConflict, portone.ErrServer, portone.ErrNotFound} {
			assert.NotErrorIs(t, err, category)
		}
	default:
		tally.definite.Add(1)
		require.Equal(t, 0, applied, "applied, yet refused definitely: %v", err)
		assert.False(t, errors.Is(err, portone.ErrOutcomeUnknown))
	}

	srv.ClearFaults()
	_, err = w.call(ctx, c, portone.WithIdempotencyKey(keys[0]), portone.WithRequestTimeout(5*time.Second))
	require.NoError(t, err, "the repeat with the key reaches the true state")
	require.Equal(t, 1, w.applied(srv.Stats()), "applied exactly once in all")
}

// TestAppliedThenRefusedIsUnknown: the first attempt is applied and its
// answer lost (CloseAfterApply); every later attempt is refused, by a
// proxy, a WAF, a rate limiter or PortOne echoing the applied write. No
// refusal proves the write did not happen, so the call ends in
// ErrOutcomeUnknown with the payment id and the key, matching no other
// category; repeating it with that key returns the stored result and
// applies nothing more. Each case runs on a fresh connection (the
// transport retries) and on a reused one (net/http resends by itself).
func TestAppliedThenRefusedIsUnknown(t *testing.T) {
	for _, i := range moneyWrites() {
		w := sandboxWrites()[i]
		finals := []struct {
			name   string
			fault  portonetest.Fault
			n      int
			status int
		}{
			{"429 Retry-After 0 twice", portonetest.Faults.RateLimit("0"), 2, http.StatusTooManyRequests},
			{"408", portonetest.Faults.Status(http.StatusRequestTimeout, ""), -1, http.StatusRequestTimeout},
			{"400", portonetest.Faults.Status(http.StatusBadRequest, portonetest.ErrorBody(portone.ErrorTypeInvalidRequest, "")), -1, http.StatusBadRequest},
			{"401", portonetest.Faults.Status(http.StatusUnauthorized, portonetest.ErrorBody(portone.ErrorTypeUnauthorized, "")), -1, http.StatusUnauthorized},
			{"403", portonetest.Faults.Status(http.StatusForbidden, portonetest.ErrorBody(portone.ErrorTypeForbidden, "")), -1, http.StatusForbidden},
			{"409 " + string(w.conflict), portonetest.Faults.Status(http.StatusConflict, portonetest.ErrorBody(w.conflict, "")), -1, http.StatusConflict},
			{"502 PG_PROVIDER", portonetest.Faults.Status(http.StatusBadGateway, portonetest.PGProviderErrorBody("CARD_DECLINED", "한도 초과")), -1, http.StatusBadGateway},
		}
		for _, final := range finals {
			for _, reused := range []bool{false, true} {
				name := w.name + "/" + final.name + "/fresh"
				if reused {
					name = w.name + "/" + final.name + "/reused"
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					w, srv, c := writeCell(t, i)
					ref := w.prepare(t, srv, c)
					ctx := context.Background()
					if reused {
						_, err := c.Payments.List(ctx, portone.PaymentListParams{}) // leaves a keep-alive connection
						require.NoError(t, err)
					}
					n := final.n
					if reused && n > 0 {
						n++ // net/http's own resend takes one answer too
					}
					srv.Inject(w.op, portonetest.Faults.CloseAfterApply(), 1)
					srv.Inject(w.op, final.fault, n)

					result, err := w.call(ctx, c)
					sandboxtest.Settle(t, srv)
					st := srv.Stats()
					keys := keysSent(srv, w.op)
					t.Logf("%d request(s), applied %d; err: %v", len(keys), w.applied(st), err)
					require.Equal(t, 1, w.applied(st), "the first attempt was applied, once")
					require.Error(t, err, "no attempt answered with a success: %v", result)

					require.ErrorIs(t, err, portone.ErrOutcomeUnknown)
					for _, category := range []error{portone.ErrRateLimited, portone.ErrInvalidRequest, portone.ErrUnauthorized,
						portone.ErrConflict, portone.ErrServer, portone.ErrNotFound} {
						assert.NotErrorIs(t, err, category, "the refusal is no verdict on the write")
					}
					var unknown *portone.OutcomeUnknownError
					require.ErrorAs(t, err, &unknown)
					assert.Equal(t, ref, unknown.Reference)
					assert.Equal(t, string(w.op), unknown.Op)
					require.NotEmpty(t, keys)
					for _, k := range keys {
						require.Equal(t, keys[0], k, "every attempt carries the call's one key")
					}
					assert.Equal(t, keys[0], unknown.IdempotencyKey)
					var apiErr *portone.APIError
					require.ErrorAs(t, err, &apiErr, "the last answer stays reachable for diagnosis")
					assert.Equal(t, final.status, apiErr.StatusCode)

					srv.ClearFaults()
					replays := st.IdempotentReplays
					again, err := w.call(ctx, c, portone.WithIdempotencyKey(unknown.IdempotencyKey))
					require.NoError(t, err, "the repeat with the key returns PortOne's stored result")
					require.NotNil(t, again)
					after := srv.Stats()
					assert.Equal(t, 1, w.applied(after), "still applied once")
					// At least once: when the repeat goes out on a kept-alive connection
					// the server has just closed, net/http resends it by itself (it
					// carries an Idempotency-Key), and PortOne answers both from the
					// store. What matters is that nothing more was applied.
					assert.GreaterOrEqual(t, after.IdempotentReplays, replays+1, "answered from the idempotency store")
				})
			}
		}
	}
}

// TestPGDeclineOnOnlyAttemptIsDefinite: a 502 PG_PROVIDER on the first
// and only attempt is the PG's own refusal of a write nothing else
// applied: a definite *APIError (ErrServer), not retried, never unknown.
// Both an injected PG_PROVIDER answer and the sandbox's own PG decline.
func TestPGDeclineOnOnlyAttemptIsDefinite(t *testing.T) {
	for _, i := range moneyWrites() {
		for _, source := range []string{"injected", "sandbox PG"} {
			t.Run(sandboxWrites()[i].name+"/"+source, func(t *testing.T) {
				t.Parallel()
				w, srv, c := writeCell(t, i)
				if source == "injected" {
					w.prepare(t, srv, c)
					srv.Inject(w.op, portonetest.Faults.Status(http.StatusBadGateway, portonetest.PGProviderErrorBody("CARD_DECLINED", "한도 초과")), 1)
				} else {
					w.pgDecline(srv)
				}
				_, err := w.call(context.Background(), c)
				require.Error(t, err)
				assert.False(t, errors.Is(err, portone.ErrOutcomeUnknown), "%v", err)
				assert.ErrorIs(t, err, portone.ErrServer)
				var apiErr *portone.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, portone.ErrorTypePGProvider, apiErr.Type)
				assert.NotEmpty(t, apiErr.PGCode)
				assert.NotEmpty(t, apiErr.IdempotencyKey)
				st := srv.Stats()
				assert.Equal(t, 1, st.Requests[w.op], "a PG decline is not retried")
				assert.Equal(t, 0, w.applied(st))
			})
		}
	}
}

// TestNullAfterApplyIsUnknown: the write is applied and answered 200 with
// a body that says nothing (null, {}, empty, or the right shape without
// what was applied): the call ends unknown with the key, and the repeat
// with it returns the stored result.
func TestNullAfterApplyIsUnknown(t *testing.T) {
	for _, i := range moneyWrites() {
		for _, body := range []string{"null", "{}", "", sandboxWrites()[i].hollow} {
			t.Run(sandboxWrites()[i].name+"/"+body, func(t *testing.T) {
				t.Parallel()
				w, srv, c := writeCell(t, i)
				ref := w.prepare(t, srv, c)
				srv.Inject(w.op, portonetest.Faults.StatusAfterApply(http.StatusOK, body).WithHeader("Content-Type", "application/json"), 1)

				_, err := w.call(context.Background(), c)
				var unknown *portone.OutcomeUnknownError
				require.ErrorAs(t, err, &unknown)
				assert.Equal(t, ref, unknown.Reference)
				var derr *portone.DecodeError
				assert.ErrorAs(t, err, &derr)
				assert.Equal(t, []string{unknown.IdempotencyKey}, keysSent(srv, w.op), "one request: a 2xx is not retried")
				require.Equal(t, 1, w.applied(srv.Stats()))

				again, err := w.call(context.Background(), c, portone.WithIdempotencyKey(unknown.IdempotencyKey),
					portone.WithRequestTimeout(5*time.Second))
				require.NoError(t, err)
				require.NotNil(t, again)
				assert.Equal(t, 1, w.applied(srv.Stats()))
				assert.Equal(t, 1, srv.Stats().IdempotentReplays)
			})
		}
	}
}
