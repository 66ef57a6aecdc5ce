package bootpay_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

func sandboxClient(t testing.TB, srv *bootpaytest.Server, auth bootpay.Auth, opts ...bootpay.Option) *bootpay.Client {
	t.Helper()
	c, err := bootpay.NewClient(auth, sandboxtest.ClientOptions(srv.URL(), opts...)...)
	require.NoError(t, err)
	return c
}

// basicSandbox starts a sandbox, closed when the test ends, and a client
// of it with Basic auth and opts.
func basicSandbox(t testing.TB, opts ...bootpay.Option) (*bootpaytest.Server, *bootpay.Client) {
	t.Helper()
	srv := bootpaytest.NewServer()
	t.Cleanup(srv.Close)
	return srv, sandboxClient(t, srv, basicAuth(), opts...)
}

// clockedSandbox starts a sandbox and a client of it with auth and opts
// that share a fake clock, set to 2026-11-22 09:00 UTC; the sandbox is
// closed when the test ends.
func clockedSandbox(t testing.TB, auth bootpay.Auth, opts ...bootpay.Option) (*sandbox.Clock, *bootpaytest.Server, *bootpay.Client) {
	t.Helper()
	clock := sandbox.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	srv := bootpaytest.NewServer(bootpaytest.WithClock(clock.Now))
	t.Cleanup(srv.Close)
	return clock, srv, sandboxClient(t, srv, auth, append(opts, bootpay.WithClock(clock.Now))...)
}

func basicAuth() bootpay.Auth { return bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey) }
func tokenAuth() bootpay.Auth {
	return bootpay.TokenAuth(bootpaytest.ApplicationID, bootpaytest.PrivateKey)
}

// newSandbox is a sandbox with the default credentials, for sandboxtest.EachFault.
func newSandbox() *bootpaytest.Server { return bootpaytest.NewServer() }

// allFaults is the standard list of faults a client call is tested under, with Bootpay's bodies.
func allFaults() []sandbox.FaultCase {
	return sandbox.ClientFaults(bootpaytest.ErrorBody("INTERNAL", "서버 오류"), bootpaytest.ErrorBody("UNAVAILABLE", "점검 중"),
		bootpaytest.Faults.RateLimit, sandboxtest.FaultDelay)
}

// TestFaultMatrixConfirm drives confirm under every fault: the sandbox
// applies each confirm at most once, and every call either succeeds or
// ends in a definite refusal or in ErrOutcomeUnknown, after which
// ReconcileConfirm reports the receipt's true state.
func TestFaultMatrixConfirm(t *testing.T) {
	sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *bootpaytest.Server, fc sandbox.FaultCase) {
		c := sandboxClient(t, srv, basicAuth())
		rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 15000})
		srv.Inject(bootpaytest.OpConfirm, fc.Fault, fc.N)
		ctx := context.Background()

		r, err := c.Receipts.Confirm(ctx, rc.ReceiptID)
		sandboxtest.Settle(t, srv)
		applied := srv.Stats().ConfirmsApplied
		t.Logf("applied %d; err: %v", applied, err)
		assert.LessOrEqual(t, applied, 1, "a confirm is applied at most once")
		assert.LessOrEqual(t, srv.Stats().Requests[bootpaytest.OpConfirm], 1, "an unsafe write that reached the server is never resent")

		params := bootpay.ConfirmParams{ReceiptID: rc.ReceiptID, OrderID: "order-1", Amount: 15000}
		switch {
		case err == nil:
			require.Equal(t, 1, applied)
			assert.Equal(t, bootpay.StatusPaid, r.Status)
		case errors.Is(err, bootpay.ErrOutcomeUnknown):
			var unknown *bootpay.OutcomeUnknownError
			require.True(t, errors.As(err, &unknown))
			assert.Equal(t, rc.ReceiptID, unknown.Reference)
			got, rerr := c.Receipts.ReconcileConfirm(ctx, params)
			if applied == 1 {
				require.NoError(t, rerr, "reconcile reaches the confirmed state")
				assert.Equal(t, bootpay.StatusPaid, got.Status)
			} else {
				var pending *bootpay.PendingConfirmError
				require.True(t, errors.As(rerr, &pending), "reconcile reports the unconfirmed state: %v", rerr)
				assert.Equal(t, bootpay.StatusAwaitingConfirm, pending.Receipt.Status)
			}
		default:
			assert.Equal(t, 0, applied, "a definite refusal means nothing was applied: %v", err)
			assert.True(t, errors.Is(err, bootpay.ErrRateLimited), "only a 429 is refused definitely here: %v", err)
		}
		snapshot, _ := srv.Receipt(rc.ReceiptID)
		assert.Equal(t, applied == 1, snapshot.Status == bootpay.StatusPaid)
	})
}

// TestFaultMatrixConfirmVerified runs the whole server-confirm helper
// under every fault on the confirm request.
func TestFaultMatrixConfirmVerified(t *testing.T) {
	sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *bootpaytest.Server, fc sandbox.FaultCase) {
		c := sandboxClient(t, srv, basicAuth())
		rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-2", Price: 20000})
		srv.Inject(bootpaytest.OpConfirm, fc.Fault, fc.N)

		res, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{ReceiptID: rc.ReceiptID, OrderID: "order-2", Amount: 20000})
		sandboxtest.Settle(t, srv)
		applied := srv.Stats().ConfirmsApplied
		assert.LessOrEqual(t, applied, 1)
		var pending *bootpay.PendingConfirmError
		switch {
		case err == nil:
			assert.Equal(t, bootpay.StatusPaid, res.Receipt.Status)
			assert.Equal(t, 1, applied, "success means confirmed")
		case errors.As(err, &pending):
			assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
			if applied == 1 { // a delayed confirm that landed after the lookup
				r, err := c.Receipts.ReconcileConfirm(context.Background(), bootpay.ConfirmParams{ReceiptID: rc.ReceiptID, OrderID: "order-2", Amount: 20000})
				require.NoError(t, err)
				assert.Equal(t, bootpay.StatusPaid, r.Status)
			}
		default:
			assert.Equal(t, 0, applied, "%v", err)
			assert.True(t, errors.Is(err, bootpay.ErrRateLimited), "%v", err)
		}
	})
}

// TestFaultMatrixCancel drives partial and full cancels under every fault:
// each logical cancel is applied at most once, and the call ends in the
// right receipt or in ErrOutcomeUnknown (carrying the cancel_id) after
// which a lookup shows the true state.
func TestFaultMatrixCancel(t *testing.T) {
	for _, full := range []bool{false, true} {
		t.Run(fmt.Sprintf("full=%v", full), func(t *testing.T) {
			sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *bootpaytest.Server, fc sandbox.FaultCase) {
				c := sandboxClient(t, srv, basicAuth())
				rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-3", Price: 30000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
				srv.Inject(bootpaytest.OpCancel, fc.Fault, fc.N)
				params := bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 10000, Message: "부분취소"}
				want := int64(10000)
				if full {
					params = bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true, Message: "전액취소"}
					want = 30000
				}
				ctx := context.Background()

				r, err := c.Receipts.Cancel(ctx, params)
				sandboxtest.Settle(t, srv)
				applied := srv.Stats().CancelsApplied
				t.Logf("applied %d; err: %v", applied, err)
				assert.LessOrEqual(t, applied, 1, "a cancel is applied at most once")
				snapshot, _ := srv.Receipt(rc.ReceiptID)
				assert.Equal(t, int64(applied)*want, snapshot.CancelledPrice)

				switch {
				case err == nil:
					assert.Equal(t, 1, applied)
					assert.Equal(t, want, r.CancelledPrice.Int64())
					assert.Equal(t, bootpay.StatusCancelled, r.Status)
					assert.Equal(t, full, r.FullyCancelled())
				case errors.Is(err, bootpay.ErrOutcomeUnknown):
					var unknown *bootpay.OutcomeUnknownError
					require.True(t, errors.As(err, &unknown))
					assert.Equal(t, rc.ReceiptID, unknown.Reference)
					assert.NotEmpty(t, unknown.IdempotencyKey, "the cancel_id to reconcile with")
					got, gerr := c.Receipts.Get(ctx, rc.ReceiptID)
					require.NoError(t, gerr)
					assert.Equal(t, int64(applied)*want, got.CancelledPrice.Int64(), "the lookup shows the true state")
				default:
					assert.Equal(t, 0, applied, "a definite refusal means nothing was applied: %v", err)
					assert.True(t, errors.Is(err, bootpay.ErrRateLimited), "%v", err)
				}
			})
		})
	}
}

// TestFaultMatrixGet: lookups are retried through every transient fault.
func TestFaultMatrixGet(t *testing.T) {
	sandboxtest.EachFault(t, allFaults(), newSandbox, func(t *testing.T, srv *bootpaytest.Server, fc sandbox.FaultCase) {
		c := sandboxClient(t, srv, basicAuth())
		rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-4", Price: 5000})
		srv.Inject(bootpaytest.OpReceiptGet, fc.Fault, fc.N)

		r, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
		switch fc.Name {
		case "503 always":
			assert.True(t, errors.Is(err, bootpay.ErrServer), "%v", err)
			assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "a lookup changes nothing")
			assert.Equal(t, 3, srv.Stats().Requests[bootpaytest.OpReceiptGet])
		case "429 retry-after 120":
			var rl *bootpay.RateLimitError
			require.True(t, errors.As(err, &rl), "%v", err)
			assert.Equal(t, 120*time.Second, rl.RetryAfter)
			assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpReceiptGet], "no long sleep, no retry")
		default:
			require.NoError(t, err)
			assert.Equal(t, int64(5000), r.Price.Int64())
		}
	})
}

// TestTokensCollapse: 1,000 goroutines on a cold legacy-auth client cause
// exactly one token request; after expiry exactly one refresh; a 401
// mid-flight causes one refresh and one replay.
func TestTokensCollapse(t *testing.T) {
	clock, srv, c := clockedSandbox(t, tokenAuth(), bootpay.WithTimeout(10*time.Second))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	ctx := context.Background()

	burst := func() {
		t.Helper()
		sandboxtest.Burst(t, 1000, func() error { _, err := c.Receipts.Get(ctx, rc.ReceiptID); return err })
	}
	burst()
	assert.Equal(t, 1, srv.Stats().TokensIssued, "cold start: one token request")
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpToken])

	clock.Advance(31 * time.Minute) // past the token's expiry (a renewal in the margin would not hold the burst) and Bootpay's 25-minute reuse window
	burst()
	assert.Equal(t, 2, srv.Stats().TokensIssued, "after expiry: one refresh")
	assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpToken])

	srv.ExpireTokens() // the server forgets the token the client holds
	before := len(srv.Requests())
	_, err := c.Receipts.Get(ctx, rc.ReceiptID)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Stats().TokensIssued, "a 401 mid-flight: one refresh")
	after := srv.Requests()[before:]
	require.Len(t, after, 3, "401, token, replay")
	assert.Equal(t, 401, after[0].StatusCode)
	assert.Equal(t, bootpaytest.OpToken, after[1].Op)
	assert.Equal(t, bootpaytest.OpReceiptGet, after[2].Op)
	assert.Equal(t, 200, after[2].StatusCode)

	srv.ExpireTokens()
	burst() // 1,000 goroutines all refused at once still cause one refresh
	assert.Equal(t, 4, srv.Stats().TokensIssued)
}

// TestWrongKeys: refused credentials are ErrUnauthorized after exactly one
// token attempt per call in legacy mode, and never retried in Basic mode.
func TestWrongKeys(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})

	c := sandboxClient(t, srv, bootpay.BasicAuth(bootpaytest.ClientKey, "wrong"))
	_, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
	assert.True(t, errors.Is(err, bootpay.ErrUnauthorized), "%v", err)
	var apiErr *bootpay.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, bootpay.CodeTokenKeyInvalid, apiErr.Code)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpReceiptGet])

	c = sandboxClient(t, srv, bootpay.TokenAuth(bootpaytest.ApplicationID, "wrong"))
	_, err = c.Receipts.Get(context.Background(), rc.ReceiptID)
	assert.True(t, errors.Is(err, bootpay.ErrUnauthorized), "%v", err)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpToken])
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpReceiptGet], "no call is sent without a token")
}

// TestDecimalAmountsFromSandbox: 1000.0 on the wire equals 1000 in the DB.
func TestDecimalAmountsFromSandbox(t *testing.T) {
	srv := bootpaytest.NewServer(bootpaytest.WithDecimalAmounts())
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "o-dec", Price: 1000, TaxFree: 100})
	r, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
	require.NoError(t, err)
	assert.Contains(t, string(r.RawJSON()), `"price":1000.0`)
	var fromDB int64 = 1000
	assert.Equal(t, fromDB, r.Price.Int64())
	require.NoError(t, r.Verify(bootpay.VerifyParams{OrderID: "o-dec", Amount: fromDB, Status: bootpay.StatusAwaitingConfirm}))
}

// TestConfirmVerifiedRefusesMismatch: a receipt whose amount differs from
// the order is never confirmed, and every differing field is named.
func TestConfirmVerifiedRefusesMismatch(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-x", Price: 100})

	_, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{ReceiptID: rc.ReceiptID, OrderID: "order-y", Amount: 50000})
	var mismatch *bootpay.MismatchError
	require.True(t, errors.As(err, &mismatch), "%v", err)
	assert.True(t, mismatch.Has("price"))
	assert.True(t, mismatch.Has("order_id"))
	assert.False(t, mismatch.Has("status"))
	assert.Contains(t, err.Error(), "expected 50000, got 100")
	assert.Equal(t, 0, srv.Stats().Requests[bootpaytest.OpConfirm], "nothing was confirmed")
}

// TestConfirmVerifiedCancelsOnMismatch: a receipt that changed between the
// check and the confirm (simulated by a confirm reply whose amount
// differs) is cancelled in full when the caller asked for it.
func TestConfirmVerifiedCancelsOnMismatch(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-z", Price: 30000})
	forged := fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-z","price":300,"status":1}`, rc.ReceiptID)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.StatusAfterApply(200, forged), 1)

	_, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{
		ReceiptID: rc.ReceiptID, OrderID: "order-z", Amount: 30000, CancelOnMismatch: true,
	})
	var mismatch *bootpay.MismatchError
	require.True(t, errors.As(err, &mismatch), "%v", err)
	assert.True(t, mismatch.Has("price"))
	require.NotNil(t, mismatch.Cancelled, "the payment was cancelled in full")
	assert.True(t, mismatch.Cancelled.FullyCancelled())
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	cancels, _ := srv.Receipt(rc.ReceiptID)
	require.Len(t, cancels.Cancellations, 1)
	assert.Contains(t, cancels.Cancellations[0].Message, "위변조")
}

// TestCancelWithCallerIDIsIdempotent: repeating a cancel with the same
// cancel_id never cancels twice. The repeats of this 부분취소 end unknown
// (cancel_id is unique per merchant, so the receipt's amounts cannot prove
// which receipt it went to), naming the receipt and the cancel_id.
func TestCancelWithCallerIDIsIdempotent(t *testing.T) {
	srv, c := basicSandbox(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 9000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	p := bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 4000, CancelID: "refund-2026-0001"}
	r, err := c.Receipts.Cancel(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, int64(4000), r.CancelledPrice.Int64())
	for range 2 {
		_, err := c.Receipts.Cancel(context.Background(), p)
		requireUnknownCancel(t, err, rc.ReceiptID, p.CancelID)
	}
	assert.Equal(t, 1, srv.Stats().CancelsApplied)
	got, _ := srv.Receipt(rc.ReceiptID)
	assert.Equal(t, int64(4000), got.CancelledPrice)
	_, err = c.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 6000})
	assert.True(t, errors.Is(err, bootpay.ErrInvalidRequest), "over-cancel is refused: %v", err)
	var apiErr *bootpay.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, bootpay.CodeCancelPriceExceeded, apiErr.Code)
}

// matrixTimeout is the per-attempt timeout of the matrix clients; the
// matrix's delay fault waits twice as long, so the client gives up and the
// sandbox applies the write afterwards. matrixConcurrency cells run at once.
const (
	matrixTimeout     = 50 * time.Millisecond
	matrixConcurrency = 16
)

// matrixWrite is one Bootpay write driven through the matrix.
type matrixWrite struct {
	name    string
	op      bootpaytest.Operation
	initial bootpay.Status
	// run performs the write and reports its error.
	run func(ctx context.Context, c *bootpay.Client, receiptID string) error
	// applied reads the sandbox's counter of this write.
	applied func(bootpaytest.Stats) int
	// want is the receipt's cancelled amount once the write applied (0 for a confirm).
	want int64
}

const matrixPrice = 30000

func matrixWrites() []matrixWrite {
	confirms := func(s bootpaytest.Stats) int { return s.ConfirmsApplied }
	cancels := func(s bootpaytest.Stats) int { return s.CancelsApplied }
	cancel := func(p bootpay.CancelParams) func(context.Context, *bootpay.Client, string) error {
		return func(ctx context.Context, c *bootpay.Client, id string) error {
			q := p // cells run in parallel: each its own copy
			q.ReceiptID = id
			r, err := c.Receipts.Cancel(ctx, q)
			if err == nil && r.ReceiptID != id {
				return errors.New("success names another receipt")
			}
			return err
		}
	}
	return []matrixWrite{
		{name: "confirm", op: bootpaytest.OpConfirm, initial: bootpay.StatusAwaitingConfirm, applied: confirms,
			run: func(ctx context.Context, c *bootpay.Client, id string) error {
				r, err := c.Receipts.Confirm(ctx, id)
				if err == nil && r.Status != bootpay.StatusPaid {
					return errors.New("success without status 1")
				}
				return err
			}},
		{name: "confirm-verified", op: bootpaytest.OpConfirm, initial: bootpay.StatusAwaitingConfirm, applied: confirms,
			run: func(ctx context.Context, c *bootpay.Client, id string) error {
				res, err := c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: id, OrderID: "order-m", Amount: matrixPrice, CancelOnMismatch: true})
				if err == nil && (res.Receipt.Status != bootpay.StatusPaid || res.AlreadyConfirmed) {
					return errors.New("success without this call's confirm")
				}
				return err
			}},
		{name: "cancel-full", op: bootpaytest.OpCancel, initial: bootpay.StatusPaid, applied: cancels, want: matrixPrice,
			run: cancel(bootpay.CancelParams{Full: true})},
		{name: "cancel-partial", op: bootpaytest.OpCancel, initial: bootpay.StatusPaid, applied: cancels, want: 10000,
			run: cancel(bootpay.CancelParams{Amount: 10000})},
		{name: "cancel-partial-own-id", op: bootpaytest.OpCancel, initial: bootpay.StatusPaid, applied: cancels, want: 10000,
			run: cancel(bootpay.CancelParams{Amount: 10000, TaxFree: 1000, CancelID: "refund-m-1"})},
	}
}

// TestWriteOutcomeMatrix drives every Bootpay write (confirm, through
// Confirm and through ConfirmVerified; full and partial cancel, with a
// generated and with the caller's cancel_id) through every cell of the
// shared write-outcome matrix: a fault on the first attempt × the answer to
// every later attempt. In every cell the sandbox applied the write at most
// once; a success means it was applied (and shows in the receipt); an
// applied write that did not end in success ended in ErrOutcomeUnknown
// (for ConfirmVerified that includes *PendingConfirmError); and a write
// that was not applied never reported success.
func TestWriteOutcomeMatrix(t *testing.T) {
	cells := sandbox.Matrix(matrixTimeout, bootpaytest.ErrorBody("PG_DECLINED", "카드사 승인 거절"))
	sandboxtest.RunWrites(t, matrixWrites(), func(w matrixWrite) string { return w.name }, cells, matrixConcurrency,
		func(t *testing.T, w matrixWrite, c sandbox.Cell) { runMatrixCell(t, w, c.First, c.Final) })
}

func runMatrixCell(t *testing.T, w matrixWrite, first, final bootpaytest.Fault) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c, err := bootpay.NewClient(basicAuth(), bootpay.WithBaseURL(srv.URL()), bootpay.WithTimeout(matrixTimeout),
		bootpay.WithRetryPolicy(sandboxtest.FastRetries()))
	require.NoError(t, err)
	status := w.initial
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-m", Price: matrixPrice, TaxFree: 3000, Status: &status})
	srv.Inject(w.op, first, 1)
	srv.Inject(w.op, final, -1)

	err = w.run(context.Background(), c, rc.ReceiptID)
	sandboxtest.Settle(t, srv)
	applied := w.applied(srv.Stats())
	snapshot, _ := srv.Receipt(rc.ReceiptID)

	sandboxtest.AppliedAtMostOnce(t, applied, err, bootpay.ErrOutcomeUnknown)
	assert.Equal(t, int64(applied)*w.want, snapshot.CancelledPrice, "the receipt shows what was applied")
	if errors.Is(err, bootpay.ErrOutcomeUnknown) {
		var unknown *bootpay.OutcomeUnknownError
		if errors.As(err, &unknown) {
			assert.Equal(t, rc.ReceiptID, unknown.Reference, "the receipt to reconcile with")
			if w.op == bootpaytest.OpCancel {
				assert.NotEmpty(t, unknown.IdempotencyKey, "the cancel_id to reconcile with")
			}
		}
	}
	if err != nil {
		assert.False(t, errors.Is(err, bootpay.ErrConflict) && applied == 1, "an applied write is never a conflict: %v", err)
	}
}

// noAttemptLimit lifts the sandbox tests' 150 ms attempt timeout for tests
// that inject no delay: on a loaded machine (-race) an attempt timing out
// would turn their answer into an unknown outcome.
var noAttemptLimit = bootpay.WithTimeout(5 * time.Second)
