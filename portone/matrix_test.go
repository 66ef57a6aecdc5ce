package portone_test

// The write-outcome matrix lives in package portone_test, not portone:
// it drives portonetest, which imports portone, and an in-package test
// cannot import a package that imports its own.

import (
	"context"
	"errors"
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

// Timings of the matrix: a short per-attempt timeout, so that the
// delay-past-timeout fault (twice as long) makes the client give up while
// the sandbox still applies the write, and near-zero backoff.
const (
	matrixTimeout     = 150 * time.Millisecond
	matrixConcurrency = 32 // cells at once; most of them wait on a delay
)

// pgProviderBody is PortOne's 502 body for a PG's refusal.
const pgProviderBody = `{"type":"PG_PROVIDER","message":"PG사에서 오류가 발생했습니다.","pgCode":"CARD_DECLINED","pgMessage":"한도 초과"}`

// matrixWrite is one keyed write the client has and the sandbox serves.
type matrixWrite struct {
	name string
	op   portonetest.Operation
	// prepare stores what the write needs, through setup (a client on its
	// own connections) where the sandbox has no direct way, and returns
	// the Reference the write's unknown outcome must carry.
	prepare func(t *testing.T, srv *portonetest.Server, setup *portone.Client) (reference string)
	call    func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error
	applied func(portonetest.Stats) int
}

// matrixWrites lists every write of the client that portonetest serves.
// The client's other writes (listed in the report) have no sandbox route.
func matrixWrites() []matrixWrite {
	const payID = "payment-matrix-1"
	card := portone.CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}
	issueKey := func(srv *portonetest.Server) portone.BillingKey {
		return portone.BillingKey(srv.IssueBillingKey(portonetest.BillingKeySpec{}).BillingKey)
	}
	var key portone.BillingKey // set by prepare, used by call; each cell builds its own writes
	var scheduleID string
	timeToPay := time.Now().Add(24 * time.Hour).Truncate(time.Second) // the same in every attempt and repeat
	cancel := func(full bool) matrixWrite {
		name := "cancel partial"
		p := portone.CancelPaymentParams{PaymentID: payID, Amount: 10000, Reason: "부분 취소", CurrentCancellableAmount: portone.Ptr(int64(30000))}
		if full {
			name, p = "cancel full", portone.CancelPaymentParams{PaymentID: payID, Full: true, Reason: "전액 취소"}
		}
		return matrixWrite{
			name: name, op: portonetest.OpPaymentCancel,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				srv.CreatePayment(portonetest.PaymentSpec{ID: payID, Total: 30000})
				return payID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error {
				_, err := c.Payments.Cancel(ctx, p, opts...)
				return err
			},
			applied: func(st portonetest.Stats) int { return st.CancelsApplied },
		}
	}
	return []matrixWrite{
		cancel(false),
		cancel(true),
		{
			name: "pay with billing key", op: portonetest.OpBillingKeyPay,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				key = issueKey(srv)
				return payID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error {
				_, err := c.Payments.PayWithBillingKey(ctx, portone.BillingKeyPaymentParams{PaymentID: payID, BillingKey: key,
					OrderName: "월 구독", Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW}, opts...)
				return err
			},
			applied: func(st portonetest.Stats) int { return st.BillingKeyPaymentsApplied },
		},
		{
			name: "pre-register", op: portonetest.OpPaymentPreRegister,
			prepare: func(*testing.T, *portonetest.Server, *portone.Client) string { return payID },
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error {
				return c.Payments.PreRegister(ctx, portone.PreRegisterPaymentParams{PaymentID: payID,
					TotalAmount: portone.Ptr(int64(9900)), Currency: portone.CurrencyKRW}, opts...)
			},
			applied: func(st portonetest.Stats) int { return st.PreRegistrationsApplied },
		},
		{
			name: "issue billing key", op: portonetest.OpBillingKeyIssue,
			prepare: func(*testing.T, *portonetest.Server, *portone.Client) string { return "" },
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error {
				_, err := c.BillingKeys.Issue(ctx, portone.IssueBillingKeyParams{ChannelKey: portonetest.ChannelKey,
					Method: portone.BillingKeyMethodInput{Card: &portone.BillingKeyCardInput{Credential: card}}}, opts...)
				return err
			},
			applied: func(st portonetest.Stats) int { return st.BillingKeysIssued },
		},
		{
			name: "delete billing key", op: portonetest.OpBillingKeyDelete,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				key = issueKey(srv)
				return "" // a billing key is never put in an error
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error {
				_, err := c.BillingKeys.Delete(ctx, portone.DeleteBillingKeyParams{BillingKey: key, Reason: "해지"}, opts...)
				return err
			},
			applied: func(st portonetest.Stats) int { return st.BillingKeysDeleted },
		},
		{
			name: "create schedule", op: portonetest.OpScheduleCreate,
			prepare: func(_ *testing.T, srv *portonetest.Server, _ *portone.Client) string {
				key = issueKey(srv)
				return payID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error {
				_, err := c.PaymentSchedules.Create(ctx, scheduleParams(payID, key, timeToPay), opts...)
				return err
			},
			applied: func(st portonetest.Stats) int { return st.SchedulesCreated },
		},
		{
			name: "revoke schedule", op: portonetest.OpScheduleRevoke,
			prepare: func(t *testing.T, srv *portonetest.Server, setup *portone.Client) string {
				key = issueKey(srv)
				res, err := setup.PaymentSchedules.Create(context.Background(), scheduleParams(payID, key, timeToPay))
				require.NoError(t, err)
				scheduleID = res.Schedule.ID
				return scheduleID
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) error {
				_, err := c.PaymentSchedules.Revoke(ctx, portone.RevokePaymentSchedulesParams{ScheduleIDs: []string{scheduleID}}, opts...)
				return err
			},
			applied: func(st portonetest.Stats) int { return st.SchedulesRevoked },
		},
	}
}

func scheduleParams(paymentID string, key portone.BillingKey, timeToPay time.Time) portone.CreatePaymentScheduleParams {
	return portone.CreatePaymentScheduleParams{
		PaymentID: paymentID, TimeToPay: timeToPay,
		Payment: portone.BillingKeyPaymentScheduleInput{BillingKey: key, OrderName: "12월 정기결제",
			Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW},
	}
}

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
	writes := matrixWrites()
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
		w := matrixWrites()[g/len(conns)] // its own closure state
		runMatrixCell(t, w, c.First, c.Final, conns[g%len(conns)] == "reused", &tally)
	})
	t.Logf("matrix done in %v: %d succeeded, %d unknown (applied or not), %d refused definitely (never applied)",
		time.Since(start).Round(time.Millisecond), tally.success.Load(), tally.unknown.Load(), tally.definite.Load())
}

func runMatrixCell(t *testing.T, w matrixWrite, first, final sandbox.Fault, reused bool, tally *matrixTally) {
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

	err := w.call(ctx, c)
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
	err = w.call(ctx, c, portone.WithIdempotencyKey(keys[0]), portone.WithRequestTimeout(5*time.Second))
	require.NoError(t, err, "the repeat with the key reaches the true state")
	require.Equal(t, 1, w.applied(srv.Stats()), "applied exactly once in all")
}
