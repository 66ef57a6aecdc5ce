package commerce_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// newSandbox starts a commercetest server and a client of it with fast
// retries and a short attempt timeout.
func newSandbox(t *testing.T, opts ...commercetest.Option) (*commercetest.Server, *commerce.Client) {
	t.Helper()
	srv := commercetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv, sandboxClient(t, srv)
}

func sandboxClient(t *testing.T, srv *commercetest.Server, opts ...commerce.Option) *commerce.Client {
	t.Helper()
	opts = append([]commerce.Option{
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()),
		commerce.WithRetryPolicy(sandboxtest.FastRetries()), commerce.WithTimeout(sandboxtest.AttemptTimeout),
	}, opts...)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, opts...)
	require.NoError(t, err)
	return c
}

// TestVerifyCheckoutFromInvoice is seed 001 end to end: the server creates
// an invoice with its discounted price, the buyer's checkout completes it,
// and Verify accepts the order the redirect names.
func TestVerifyCheckoutFromInvoice(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	inv, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "Professional 플랜", Price: 27000, OriginalPrice: 29900,
		Metadata: map[string]any{"order_id": "merchant-42"}})
	require.NoError(t, err)
	ref := srv.CompleteCheckout(inv.InvoiceID, commercetest.CheckoutSpec{})
	o, err := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 27000, MerchantOrderID: "merchant-42"})
	require.NoError(t, err)
	assert.Equal(t, ref.OrderID, o.OrderID)
	assert.Equal(t, commerce.OrderPaid, o.Status)
	// By order id too.
	_, err = c.Orders.Verify(ctx, commerce.VerifyParams{OrderID: ref.OrderID, Amount: 27000, MerchantOrderID: "merchant-42"})
	require.NoError(t, err)
}

// TestVerifyNamesEveryMismatch: a forged price and another order's
// metadata are both named; without CancelOnMismatch nothing is cancelled.
func TestVerifyNamesEveryMismatch(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": "other"}})
	_, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 2800, MerchantOrderID: "mine"})
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	assert.True(t, me.Has("price"))
	assert.True(t, me.Has("metadata.order_id"))
	assert.False(t, me.Has("status"))
	assert.Nil(t, me.Cancellation)
	assert.Zero(t, srv.Stats().Requests[commercetest.OpCancelRequest])
}

// TestVerifyNeverCancelsAnotherOrder: a buyer who pastes another buyer's
// order number (another price, metadata naming another merchant order)
// gets a mismatch, and with CancelOnMismatch that other buyer's paid order
// is left alone: no cancellation is requested, nothing is refunded.
func TestVerifyNeverCancelsAnotherOrder(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": "someone-else"}})
	_, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 29900, MerchantOrderID: "mine", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	assert.True(t, me.Has("price"))
	assert.True(t, me.Has("metadata.order_id"))
	assert.Nil(t, me.Cancellation)
	assert.NoError(t, me.CancelErr)
	assert.Zero(t, srv.Stats().Requests[commercetest.OpCancelRequest])
	assert.Zero(t, srv.Stats().Requests[commercetest.OpCancelList], "not even looked for")
	state, _ := srv.Order(ref.OrderNumber)
	assert.Zero(t, state.CancelledPrice)

	// An order without the merchant's metadata at all is not cancelled either.
	bare := srv.CreateOrder(commercetest.OrderSpec{Price: 100})
	_, err = c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: bare.OrderNumber, Amount: 29900, MerchantOrderID: "mine", CancelOnMismatch: true})
	require.ErrorAs(t, err, &me)
	assert.Zero(t, srv.Stats().Requests[commercetest.OpCancelRequest])
}

// TestVerifyUnpaidIsNotCancelled: an order awaiting its deposit is a
// status and receipt_status mismatch, and CancelOnMismatch sends nothing.
func TestVerifyUnpaidIsNotCancelled(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 2800, Metadata: map[string]any{"order_id": "m"},
		Status: commercetest.Ptr(commerce.OrderDepositWait), ReceiptStatus: commercetest.Ptr(commerce.ReceiptVirtualAccount)})
	_, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 2800, MerchantOrderID: "m", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	assert.True(t, me.Has("status"))
	assert.True(t, me.Has("receipt_status"))
	assert.Zero(t, srv.Stats().Requests[commercetest.OpCancelRequest])
}

// TestVerifyCancelsTamperedOrderExactlyOnce: a tampered checkout is
// cancelled once, however often and from however many clients Verify runs
// for it, also when the first cancellation's answer is lost.
func TestVerifyCancelsTamperedOrderExactlyOnce(t *testing.T) {
	srv, c := newSandbox(t)
	inv, err := c.Invoices.Create(context.Background(), commerce.InvoiceCreateParams{Name: "플랜", Price: 29900, Metadata: map[string]any{"order_id": "m-7"}})
	require.NoError(t, err)
	ref := srv.CompleteCheckout(inv.InvoiceID, commercetest.CheckoutSpec{Paid: 100}) // the browser paid 100 won
	srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.CloseAfterApply(), 1)
	p := commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 29900, MerchantOrderID: "m-7", CancelOnMismatch: true}

	_, err = c.Orders.Verify(context.Background(), p)
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	assert.ErrorIs(t, me.CancelErr, commerce.ErrOutcomeUnknown, "the lost answer leaves the cancel unknown")
	sandboxtest.Settle(t, srv)

	other := sandboxClient(t, srv) // a second instance of the merchant's server
	for _, client := range []*commerce.Client{c, other, other} {
		_, err = client.Orders.Verify(context.Background(), p)
		require.ErrorAs(t, err, &me)
		require.NoError(t, me.CancelErr)
		require.NotNil(t, me.Cancellation)
		assert.Equal(t, "paykit-verify-"+ref.OrderID, me.Cancellation.CancelID)
	}
	st := srv.Stats()
	assert.Equal(t, 1, st.CancellationsRequested)
	assert.Equal(t, 1, st.CancellationsApplied)
	assert.Equal(t, 1, st.Requests[commercetest.OpCancelRequest], "the later calls found the request and sent none")
	state, _ := srv.Order(ref.OrderNumber)
	assert.Equal(t, int64(100), state.CancelledPrice, "the amount actually paid was refunded")
}

// TestVerifyRaceIsRefusedByCancelID: when another instance's request
// lands between the lookup and the send, Commerce's refusal of the
// repeated cancel_id (409 PROCESS_DUPLICATED in the sandbox) is settled
// by finding that request, and nothing is cancelled twice.
func TestVerifyRaceIsRefusedByCancelID(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 500, Metadata: map[string]any{"order_id": "m"}})
	// The lookup sees no request yet: answer it with an empty list once,
	// while the other instance's request is made directly.
	srv.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusOK, `{"list":[],"count":0}`), 1)
	_, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, CancelID: "paykit-verify-" + ref.OrderID, Price: 500}) // awaiting approval: the order is still paid
	require.NoError(t, err)
	_, err = c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 2800, MerchantOrderID: "m", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.ErrorAs(t, err, &me)
	require.NoError(t, me.CancelErr)
	require.NotNil(t, me.Cancellation)
	assert.Equal(t, 1, srv.Stats().CancellationsRequested)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the refused one and the other instance's")
}

// TestRoleErrors: approving needs supervisor, which the client sends; keys
// scoped to user only get 403 API_SCOPE_INVALID, a permission error.
func TestRoleErrors(t *testing.T) {
	srv, c := newSandbox(t, commercetest.WithKeyRoles(commerce.RoleUser))
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
	req, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 1000})
	require.NoError(t, err)
	_, err = c.OrderCancellations.Approve(context.Background(), req.ID, "ok")
	assert.ErrorIs(t, err, commerce.ErrPermissionDenied)
	assert.ErrorIs(t, err, commerce.ErrUnauthorized)
	assert.NotErrorIs(t, err, commerce.ErrOutcomeUnknown)
	var apiErr *commerce.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, commerce.CodeScopeInvalid, apiErr.Code)
	assert.Equal(t, 0, srv.Stats().CancellationsApplied)
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelApprove], "a 403 is not retried")
}

// TestWrongRoleIsRoleNotSupported: a supervisor route called with the user
// role (through the raw header escape hatch the client refuses to need)
// is 403 API_ROLE_NOT_SUPPORT.
func TestWrongRoleIsRoleNotSupported(t *testing.T) {
	srv, _ := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
	_, c := srv, sandboxClient(t, srv)
	req, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 1000})
	require.NoError(t, err)
	rq, _ := http.NewRequest(http.MethodPut, srv.URL()+"/order/cancel/"+req.ID+"/approve", http.NoBody)
	rq.SetBasicAuth(commercetest.ClientKey, commercetest.SecretKey)
	rq.Header.Set("BOOTPAY-ROLE", "user")
	resp, err := srv.Client().Do(rq)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	// The client's own call, with its declared role, succeeds.
	_, err = c.OrderCancellations.Approve(context.Background(), req.ID, "ok")
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Stats().CancellationsApplied)
}

// TestErrorShapesAndCategories: both error shapes decode; 442 is invalid
// request; a missing order is not found; wrong keys are unauthorized with
// the numeric code; a missing user JWT's 500 is unauthorized and final.
func TestErrorShapesAndCategories(t *testing.T) {
	for _, shape := range []struct {
		name string
		opts []commercetest.Option
	}{{"status-code", nil}, {"success-error_code", []commercetest.Option{commercetest.WithSuccessErrorShape()}}} {
		t.Run(shape.name, func(t *testing.T) {
			srv, c := newSandbox(t, shape.opts...)
			ctx := context.Background()
			var apiErr *commerce.APIError

			_, err := c.Orders.Get(ctx, "nope")
			assert.ErrorIs(t, err, commerce.ErrNotFound)
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, commerce.CodeOrderNotFound, apiErr.Code)
			assert.NotEmpty(t, apiErr.Message)

			srv.Inject(commercetest.OpInvoiceCreate, commercetest.Faults.Status(442, commercetest.ErrorBody(commercetest.CodeParamInvalid, "")), 1)
			_, err = c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "x", Price: 1})
			assert.ErrorIs(t, err, commerce.ErrInvalidRequest)
			assert.NotErrorIs(t, err, commerce.ErrOutcomeUnknown)

			bad, err := commerce.NewClient("ck", "wrong", commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
			require.NoError(t, err)
			_, err = bad.Orders.Get(ctx, "nope")
			assert.ErrorIs(t, err, commerce.ErrUnauthorized)
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 1700, apiErr.NumericCode)

			srv.RequireUserJWT(commercetest.OpOrderList)
			before := srv.Stats().Requests[commercetest.OpOrderList]
			_, err = c.Orders.List(ctx, commerce.OrderListParams{})
			assert.ErrorIs(t, err, commerce.ErrUnauthorized)
			assert.NotErrorIs(t, err, commerce.ErrServer)
			assert.Equal(t, before+1, srv.Stats().Requests[commercetest.OpOrderList], "never retried")
			_, err = c.Orders.List(ctx, commerce.OrderListParams{}, commerce.WithUserJWT("buyer-jwt"))
			require.NoError(t, err)
		})
	}
}

// TestIteratorsPageLazily: All walks 3 pages and more, in both list
// shapes, and a break stops it: no further request, by the request log.
func TestIteratorsPageLazily(t *testing.T) {
	for _, shape := range [][]commercetest.Option{nil, {commercetest.WithItemsTotal()}} {
		srv, c := newSandbox(t, shape...)
		ctx := context.Background()
		for range 7 {
			srv.CreateOrder(commercetest.OrderSpec{})
			_, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "n", Price: 10})
			require.NoError(t, err)
		}
		seen := map[string]bool{}
		for o, err := range c.Orders.All(ctx, commerce.OrderListParams{ListPage: commerce.ListPage{Limit: 2}}) {
			require.NoError(t, err)
			seen[o.OrderID] = true
		}
		assert.Len(t, seen, 7)
		assert.Equal(t, 4, srv.Stats().Requests[commercetest.OpOrderList], "pages of 2, 2, 2, 1")
		n := 0
		for inv, err := range c.Invoices.All(ctx, commerce.InvoiceListParams{ListPage: commerce.ListPage{Limit: 3}}) {
			require.NoError(t, err)
			require.NotEmpty(t, inv.InvoiceID)
			n++
		}
		assert.Equal(t, 7, n)

		before := len(srv.Requests())
		n = 0
		for _, err := range c.Orders.All(ctx, commerce.OrderListParams{ListPage: commerce.ListPage{Limit: 2}}) {
			require.NoError(t, err)
			if n++; n == 3 {
				break // inside the second page
			}
		}
		assert.Equal(t, before+2, len(srv.Requests()), "no page after the break")
	}
}

// TestCancellationDecisions: a request waits, is approved once (a second
// approve is refused), and a withdrawn one can no longer be approved.
func TestCancellationDecisions(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 3000})
	a, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 1000})
	require.NoError(t, err)
	b, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: ref.OrderNumber, Price: 1000})
	require.NoError(t, err)
	_, err = c.OrderCancellations.Approve(ctx, a.ID, "ok")
	require.NoError(t, err)
	_, err = c.OrderCancellations.Approve(ctx, a.ID, "again")
	assert.ErrorIs(t, err, commerce.ErrInvalidRequest)
	_, err = c.OrderCancellations.Withdraw(ctx, b.ID)
	require.NoError(t, err)
	_, err = c.OrderCancellations.Reject(ctx, b.ID, "late")
	require.Error(t, err)
	list, err := c.OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: ref.OrderNumber})
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, commercetest.CancellationApproved, list[0].Status)
	assert.Equal(t, commercetest.CancellationWithdrawn, list[1].Status)
	state, _ := srv.Order(ref.OrderID)
	assert.Equal(t, int64(1000), state.CancelledPrice)
	assert.Equal(t, 1, srv.Stats().CancellationsApplied)
}

// TestGetRefusesAnotherOrder: a reply about another order is a bad reply
// (*DecodeError), never a *MismatchError.
func TestGetRefusesAnotherOrder(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{})
	other := srv.CreateOrder(commercetest.OrderSpec{})
	_ = other
	srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusOK,
		`{"order_id":"x","order_number":"y","price":1000,"status":2,"receipt_status":1}`), 1)
	_, err := c.Orders.Get(context.Background(), ref.OrderNumber)
	var derr *commerce.DecodeError
	require.ErrorAs(t, err, &derr)
	var me *commerce.MismatchError
	assert.False(t, errors.As(err, &me), "not a verdict: %v", err)
}

// TestValidationBeforeIO: bad params are refused before any request.
func TestValidationBeforeIO(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	errs := []error{
		func() error { _, err := c.Orders.Get(ctx, ""); return err }(),
		func() error { _, err := c.Orders.Get(ctx, "month"); return err }(),
		func() error {
			_, err := c.Orders.List(ctx, commerce.OrderListParams{ListPage: commerce.ListPage{Limit: 51}})
			return err
		}(),
		func() error {
			_, err := c.Orders.List(ctx, commerce.OrderListParams{From: commerce.Date{2025, 2, 30}})
			return err
		}(),
		func() error {
			_, err := c.Orders.List(ctx, commerce.OrderListParams{OrderSubscriptionIDs: []string{"a,b"}})
			return err
		}(),
		func() error {
			_, err := c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: "n", Price: 0})
			return err
		}(),
		func() error { _, err := c.Invoices.Create(ctx, commerce.InvoiceCreateParams{Name: "x"}); return err }(),
		func() error {
			_, err := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: "a", OrderID: "b", Amount: 1, MerchantOrderID: "m"})
			return err
		}(),
		func() error {
			_, err := c.Orders.Month(ctx, commerce.OrderMonthParams{UserGroupID: "g", Year: 2025, Month: 13})
			return err
		}(),
	}
	for i, err := range errs {
		var ve *commerce.ValidationError
		assert.ErrorAs(t, err, &ve, "case %d", i)
	}
	for _, err := range c.Orders.All(ctx, commerce.OrderListParams{ListPage: commerce.ListPage{Page: -1}}) {
		assert.ErrorIs(t, err, commerce.ErrInvalidRequest)
	}
	assert.Empty(t, srv.Requests())
}

// WithIdempotencyKey on an Unsafe write fails the call before I/O instead of
// being dropped: the write carries no key, so the caller must not believe a
// repeat is deduplicated.
func TestIdempotencyKeyOnUnsafeWriteIsRefused(t *testing.T) {
	srv, c := newSandbox(t)
	_, err := c.Invoices.Create(context.Background(), commerce.InvoiceCreateParams{Name: "플랜", Price: 1000, OrderID: "m-1"},
		commerce.WithIdempotencyKey("invoice-m-1"))
	var verr *commerce.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "WithIdempotencyKey", verr.Field)
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

func orderOf(r *commerce.CancellationRequest) string {
	if r == nil {
		return ""
	}
	return r.OrderNumber
}

// Verify's cancellation of a tampered order, answered 2xx about another
// order and another cancel_id, is not reported as made: Commerce recorded
// none, so the MismatchError must not show it requested (Cancellation set,
// CancelErr nil), or the buyer is never refunded and nobody looks. It is
// an unknown outcome in CancelErr instead.
func TestVerifyCancellationAnsweredAboutAnotherOrderIsNotMade(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": "m-9"}})
	srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusOK,
		`{"order_number":"SOMEONE-ELSES","cancel_id":"their-cancel","cancel_price":5000}`), 1)

	_, err := c.Orders.Verify(context.Background(), commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 29900,
		MerchantOrderID: "m-9", CancelOnMismatch: true})
	var me *commerce.MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	require.Zero(t, srv.Stats().CancellationsRequested, "setup: no cancellation exists")
	assert.True(t, me.Cancellation == nil || me.CancelErr != nil,
		"Verify reports cancellation %+v of order %q as made for %s", me.Cancellation, orderOf(me.Cancellation), ref.OrderNumber)
	assert.ErrorIs(t, me.CancelErr, commerce.ErrOutcomeUnknown, "the unproven cancellation surfaces as an unknown outcome")
}

// OrderCancellations.Request compares the answer with the request: one
// naming another order_number or another cancel_id is an unknown outcome
// carrying the order number and the request's cancel_id to look up, and
// the request was sent once. Members the answer leaves out are not held
// against it (its shape is UNCONFIRMED).
func TestCancelRequestAnswerAboutAnotherRequestIsUnknown(t *testing.T) {
	for _, reply := range []string{
		`{"order_number":"SOMEONE-ELSES","cancel_id":"their-cancel"}`,
		`{"order_number":"SOMEONE-ELSES"}`,
		`{"cancel_id":"their-cancel"}`,
	} {
		srv, c := newSandbox(t)
		ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
		srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusOK, reply), 1)
		r, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, CancelID: "refund-1", Price: 1000})
		assert.Nil(t, r, reply)
		var unknown *commerce.OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "%s: %T %v", reply, err, err)
		assert.Equal(t, ref.OrderNumber, unknown.Reference, reply)
		assert.Equal(t, "refund-1", unknown.IdempotencyKey, reply)
		assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest], reply)
	}

	for _, reply := range []string{`{}`, `{"cancel_id":"refund-1"}`, `{"order_number":"{order}","cancel_id":"refund-1","order_cancellation_request_id":"r1"}`} {
		srv, c := newSandbox(t)
		ref := srv.CreateOrder(commercetest.OrderSpec{Price: 1000})
		srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusOK, strings.ReplaceAll(reply, "{order}", ref.OrderNumber)), 1)
		_, err := c.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, CancelID: "refund-1", Price: 1000})
		assert.NoError(t, err, reply)
	}
}
