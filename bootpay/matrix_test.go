package bootpay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

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
	writes := matrixWrites()
	names := make([]string, len(writes))
	for i, w := range writes {
		names[i] = w.name
	}
	cells := sandbox.Matrix(matrixTimeout, bootpaytest.ErrorBody("PG_DECLINED", "카드사 승인 거절"))
	sandboxtest.RunMatrix(t, names, cells, matrixConcurrency, func(t *testing.T, i int, c sandbox.Cell) {
		runMatrixCell(t, writes[i], c.First, c.Final)
	})
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

	require.LessOrEqual(t, applied, 1, "applied at most once (err: %v)", err)
	assert.Equal(t, int64(applied)*w.want, snapshot.CancelledPrice, "the receipt shows what was applied")
	switch {
	case err == nil:
		assert.Equal(t, 1, applied, "success means the write was applied")
	case applied == 1:
		assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "applied but not a success: must be unknown, got %v", err)
	}
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
