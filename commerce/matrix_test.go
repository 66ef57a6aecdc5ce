package commerce_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

const (
	matrixTimeout     = 80 * time.Millisecond
	matrixConcurrency = 16
)

// matrixWrite is one Commerce write under the matrix: its operation, how
// to call it against a fresh order and subscription contract, and what
// the sandbox counts as applied.
type matrixWrite struct {
	name    string
	op      commercetest.Operation
	run     func(ctx context.Context, c *commerce.Client, f matrixFixture) (reference string, err error)
	applied func(commercetest.Stats) int
	// keyed: the write carries a key (or cancel_id) that an unknown
	// outcome reports; the on-demand charge and invoice creation are
	// Unsafe and carry none.
	keyed bool
}

// matrixFixture is what a cell's write acts on.
type matrixFixture struct {
	order    commercetest.OrderRef
	contract commercetest.ContractRef
}

func matrixWrites() []matrixWrite {
	return []matrixWrite{
		{name: "order-cancel", op: commercetest.OpCancelRequest,
			run: func(ctx context.Context, c *commerce.Client, f matrixFixture) (string, error) {
				_, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: f.order.OrderNumber, Price: 1000, Immediately: true})
				return f.order.OrderNumber, err
			},
			applied: func(s commercetest.Stats) int { return s.CancellationsApplied }, keyed: true},
		{name: "invoice-create", op: commercetest.OpInvoiceCreate,
			run: func(ctx context.Context, c *commerce.Client, _ matrixFixture) (string, error) {
				inv, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "플랜", Price: 1000, OrderID: "merchant-m"})
				if err == nil && inv.InvoiceID == "" {
					return "merchant-m", errors.New("success without an invoice")
				}
				return "merchant-m", err
			},
			applied: func(s commercetest.Stats) int { return s.InvoicesCreated }},
		{name: "subscription-charge", op: commercetest.OpSubscriptionCharge,
			run: func(ctx context.Context, c *commerce.Client, f matrixFixture) (string, error) {
				ch, err := c.Subscriptions.Charge(ctx, commerce.ChargeParams{ChargeKey: f.contract.ChargeKey, Price: 5000,
					Metadata: map[string]any{"order_id": "charge-m"}})
				if err == nil && ch.OrderID == "" {
					return "charge-m", errors.New("success without an order")
				}
				return "charge-m", err
			},
			applied: func(s commercetest.Stats) int { return s.ChargesApplied }},
	}
}

// TestWriteOutcomeMatrix drives order cancellation (its cancel_id in the
// body), the on-demand subscription charge and invoice creation (both
// Unsafe) through every cell of the shared write-outcome matrix:
// a fault on the first attempt × the answer to every later attempt. In
// every cell the sandbox applied the write at most once; a success means
// it was applied; an applied write that did not end in success ended in
// ErrOutcomeUnknown, carrying the reference and key to reconcile with.
func TestWriteOutcomeMatrix(t *testing.T) {
	cells := sandbox.Matrix(matrixTimeout, commercetest.ErrorBody(commercetest.CodeProcessDuplicated, ""))
	name := func(w matrixWrite) string { return w.name }
	sandboxtest.RunWrites(t, matrixWrites(), name, cells, matrixConcurrency, func(t *testing.T, w matrixWrite, c sandbox.Cell) {
		srv := commercetest.NewServer()
		defer srv.Close()
		client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
			commerce.WithTimeout(matrixTimeout), commerce.WithRetryPolicy(sandboxtest.FastRetries()))
		require.NoError(t, err)
		fixture := matrixFixture{srv.CreateOrder(commercetest.OrderSpec{Price: 1000}), srv.CreateSubscription(commercetest.ContractSpec{})}
		srv.Inject(w.op, c.First, 1)
		srv.Inject(w.op, c.Final, -1)

		ref, err := w.run(context.Background(), client, fixture)
		sandboxtest.Settle(t, srv)
		applied := w.applied(srv.Stats())
		sandboxtest.AppliedAtMostOnce(t, applied, err, commerce.ErrOutcomeUnknown)
		var unknown *commerce.OutcomeUnknownError
		if errors.As(err, &unknown) {
			assert.Equal(t, ref, unknown.Reference, "the reference to reconcile with")
			if w.keyed {
				assert.NotEmpty(t, unknown.IdempotencyKey, "the key (or cancel_id) to reconcile with")
			}
		}
	})
}
