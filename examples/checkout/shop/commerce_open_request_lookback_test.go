package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A paid Commerce checkout whose buyer has an open cancellation request
// gets no verdict (errCancellationRequested) and stays pending; only the
// reconciler's pending lookups, and Commerce's redeliveries of
// ORDER_PAID, look at it again. Those lookups stop once the order is
// older than Config.PendingLookback (3 days). A store that rejects the
// request after that — a weekend, a dispute — keeps the buyer's money
// while the shop's order stays pending for good: never fulfilled, never
// refunded, and nothing logged above a warning. The checkout must be
// verified once the request is decided, however long that took: paid
// once, the wait recorded decided.
func TestCommerceCheckoutRequestRejectedAfterTheLookbackIsFulfilled(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		ctx := context.Background()
		plan, _, req, _ := openRequestCheckout(t, f, 9900)
		logs := &logRecords{}
		srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
		f.reconcilePasses(t, srv, 1)
		f.wantNoVerdict(t, plan.OrderID)
		// Four days later (the database's clock: the order is made older).
		f.exec(t, `UPDATE orders SET created_at = created_at - ? WHERE id = ?`, (4 * 24 * time.Hour).Milliseconds(), plan.OrderID)
		f.reconcilePasses(t, srv, 1)
		if _, err := f.sb.Config.Commerce.OrderCancellations.Reject(ctx, req.ID, "거절"); err != nil {
			t.Fatal(err)
		}
		f.reconcilePasses(t, srv, 3)
		got := f.order(t, plan.OrderID)
		if got.Status != shop.StatusPaid || got.PaidCount != 1 {
			t.Errorf("order %s, paid %d times, after the store rejected the buyer's request four days on: "+
				"want paid once (the store keeps the money, the order never fulfilled)", got.Status, got.PaidCount)
		}
		f.wantAttempts(t, plan.OrderID, "CANCELLATION_REQUESTED", 0)
		f.wantAttempts(t, plan.OrderID, "CANCELLATION_DECIDED", 1)
		if n := logs.atLeast(slog.LevelError, plan.OrderID); n != 0 {
			t.Errorf("%d error records naming order %s, whose request was decided within a day; want none", n, plan.OrderID)
		}
	})
}

// ageRequest moves order id's wait on a cancellation request back by d
// (the database's clock): first seen open, and last looked up, d earlier.
func (f *fixture) ageRequest(t *testing.T, id string, d time.Duration) {
	t.Helper()
	f.exec(t, `UPDATE payment_attempts SET created_at = created_at - ?, looked_up_at = looked_up_at - ? WHERE order_id = ? AND status = 'CANCELLATION_REQUESTED'`,
		d.Milliseconds(), d.Milliseconds(), id)
}

// A checkout waiting on a request the store leaves undecided is the
// buyer's money held by nobody's decision: after a day it is logged at
// error level, on every lookup, naming the order (before that, at info).
// The reconciler looks it up less often the longer it waits (here, once
// in two passes after a day's wait), and not at all once the request is
// decided (here approved: the order is never paid, and nothing more is
// logged).
func TestCommerceCheckoutWaitingOnARequestForADayIsLoggedAtError(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		ctx := context.Background()
		plan, _, req, _ := openRequestCheckout(t, f, 9900)
		logs := &logRecords{}
		srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
		f.reconcilePasses(t, srv, 1)
		f.wantAttempts(t, plan.OrderID, "CANCELLATION_REQUESTED", 1)
		if n := logs.atLeast(slog.LevelError, plan.OrderID); n != 0 {
			t.Errorf("a request opened just now: %d error records, want none", n)
		}
		// A day and an hour later, the order past the lookback.
		f.exec(t, `UPDATE orders SET created_at = created_at - ? WHERE id = ?`, (4 * 24 * time.Hour).Milliseconds(), plan.OrderID)
		f.ageRequest(t, plan.OrderID, 25*time.Hour)
		gets := f.sb.Commerce.Stats().Requests[commercetest.OpOrderGet]
		f.reconcilePasses(t, srv, 1)
		looked := f.sb.Commerce.Stats().Requests[commercetest.OpOrderGet]
		f.reconcilePasses(t, srv, 1)
		if first, second := looked-gets, f.sb.Commerce.Stats().Requests[commercetest.OpOrderGet]-looked; first == 0 || second != 0 {
			t.Errorf("the checkout waiting a day read %d times by the first pass, %d by the next; want read by the first, then not for an hour", first, second)
		}
		if n := logs.atLeast(slog.LevelError, plan.OrderID); n != 1 {
			t.Errorf("a checkout waiting a day on an undecided request: %d error records naming order %s, want one (a person should decide it)", n, plan.OrderID)
		}
		f.wantNoVerdict(t, plan.OrderID)

		if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(ctx, req.ID, "승인"); err != nil {
			t.Fatal(err)
		}
		f.ageRequest(t, plan.OrderID, time.Hour)
		f.reconcilePasses(t, srv, 1)
		f.wantAttempts(t, plan.OrderID, "CANCELLATION_REQUESTED", 0)
		f.wantAttempts(t, plan.OrderID, "CANCELLATION_DECIDED", 1)
		errs, gets := logs.atLeast(slog.LevelError, plan.OrderID), f.sb.Commerce.Stats().Requests[commercetest.OpOrderGet]
		f.exec(t, `UPDATE payment_attempts SET looked_up_at = 0 WHERE order_id = ?`, plan.OrderID)
		f.reconcilePasses(t, srv, 2)
		if n := f.sb.Commerce.Stats().Requests[commercetest.OpOrderGet] - gets; n != 0 {
			t.Errorf("%d lookups of a checkout whose request was decided, want none", n)
		}
		if n := logs.atLeast(slog.LevelError, plan.OrderID) - errs; n != 0 {
			t.Errorf("%d error records naming order %s once its request was decided, want none", n, plan.OrderID)
		}
		if got := f.order(t, plan.OrderID); got.Status == shop.StatusPaid || got.PaidCount != 0 {
			t.Errorf("order %s, paid %d times, after the request was approved in full; want never paid", got.Status, got.PaidCount)
		}
	})
}

// A second checkout for a plan order (a second tab) whose buyer asked for
// it back while the order was paid with the first: it waits on the
// request like any other. Should the store reject the request, it is a
// second payment the order cannot keep — refunded as a stray, once — but
// nothing looks at a paid order's checkouts unless the wait keeps it
// looked up: Commerce's redeliveries of ORDER_PAID are over, and the
// pending lookups take pending orders only.
func TestCommerceSecondCheckoutWaitingOnARequestIsRefundedOnceRejected(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		ctx := context.Background()
		_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
		spec := commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}}
		first, second := f.sb.Commerce.CreateOrder(spec), f.sb.Commerce.CreateOrder(spec)
		if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: first.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK {
			t.Fatalf("the first checkout: %d, want 200", code)
		}
		req, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
			OrderNumber: second.OrderNumber, CancelID: "buyer-request", Price: plan.Price, Message: "환불 요청",
		})
		if err != nil {
			t.Fatal(err)
		}
		if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: second.OrderNumber, OrderID: plan.OrderID}); code != http.StatusServiceUnavailable {
			t.Errorf("the second checkout while its cancellation is requested: %d, want 503", code)
		}
		sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]
		f.reconcilePasses(t, f.inst[0].srv, 1)
		if _, err := f.sb.Config.Commerce.OrderCancellations.Reject(ctx, req.ID, "거절"); err != nil {
			t.Fatal(err)
		}
		f.reconcilePasses(t, f.inst[0].srv, 3)
		got := f.order(t, plan.OrderID)
		if got.Status != shop.StatusPaid || got.PaidCount != 1 || got.CommerceOrderNumber != first.OrderNumber {
			t.Errorf("order %s, paid %d times with %q; want paid once with the first checkout", got.Status, got.PaidCount, got.CommerceOrderNumber)
		}
		f.wantAttempts(t, plan.OrderID, "STRAY", 1)
		f.wantAttempts(t, plan.OrderID, "CANCELLATION_DECIDED", 1)
		co, ok := f.sb.Commerce.Order(second.OrderNumber)
		if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; !ok || co.Status != commerce.OrderCancelled || n != 1 {
			t.Errorf("the second checkout %+v after its request was rejected, %d cancellation requests sent; want cancelled by one", co, n)
		}
	})
}
