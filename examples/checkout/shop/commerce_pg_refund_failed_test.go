package shop_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// The shop's own Commerce refund that the store approved (action_at set)
// but whose PG cancellation then failed (last_errored_at after action_at)
// is no request "waiting for the store's approval": the buyer's money is
// still held and nothing in the shop will retry it (its cancel_id moves on
// only once the request is closed). commerce.CancellationRequest.Applied
// does not read it applied, and logged as errAwaitingApproval it would be
// an INFO record every pass, forever, with nobody alerted. The failed
// refund must reach a person: each pass logs an error naming the order
// number and the cancel_id, sends nothing again and records no refund.
func TestCommerceRefundThatFailedAtThePGIsLoggedAsAnError(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		id, number, _ := f.awaitingApprovalCommerceRefund(t)
		reqs := f.cancellationRequests(t, number)
		if len(reqs) != 1 {
			t.Fatalf("cancellation requests %+v, want one", reqs)
		}
		cancelID := reqs[0].CancelID
		ctx := context.Background()
		// The store rejects it, read as approved with the PG's failure
		// after the approval (failedAtThePG).
		if _, err := f.sb.Config.Commerce.OrderCancellations.Reject(ctx, reqs[0].ID, "PG 취소 실패 대역"); err != nil {
			t.Fatal(err)
		}
		rw := failedAtThePG(f.sb.Commerce.Client().Transport)
		logs := &logRecords{}
		srv := f.hookedServer(t, func(c *shop.Config) { c.Commerce, c.Log = f.commerceThrough(t, rw), slog.New(logs) })

		const passes = 3
		for range passes {
			if _, err := srv.ReconcileOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got := f.order(t, id); got.Status != shop.StatusRefunding {
			t.Errorf("order %s while its refund failed at the PG, want refunding", got.Status)
		}
		f.wantAttempts(t, id, "REFUNDED", 0)
		if k := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]; k != 1 {
			t.Errorf("%d cancellation requests after %d passes, want the first one only", k, passes)
		}
		if k := logs.errorsNaming(number, cancelID); k < passes {
			t.Errorf("%d error-level records naming order %s and cancel_id %s in %d passes: a refund the PG failed is logged as one awaiting the store's approval (info)",
				k, number, cancelID, passes)
		}
	})
}

// failedAtThePG rewrites Commerce's cancellation lists so that a request
// the store rejected reads approved (3) with the PG's failure after the
// approval: the sandbox has no failed PG cancellation, and a rejection
// leaves the order paid with action_at set.
func failedAtThePG(next http.RoundTripper) *rewriteResponse {
	return &rewriteResponse{next: next,
		match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/order/cancel")
		},
		rewrite: func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"status":2,`), []byte(`"status":3,"last_errored_at":"2099-01-01T00:00:00Z",`))
		}}
}

// The same failure on another request of the order — the buyer's 취소 요청,
// approved, whose PG cancellation then failed — keeps the shop's own
// refund from being sent (it may still succeed, and the rest computed
// beside it would refund its money twice), and is no wait either: each
// pass logs an error naming the order number and that request's cancel_id.
func TestCommerceRefundBesideARequestThatFailedAtThePGIsLoggedAsAnError(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	ctx := context.Background()
	f.exec(t, `UPDATE coupons SET uses_left = 1 WHERE code = 'WELCOME3000'`)
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
	f.exec(t, `UPDATE coupons SET uses_left = 0 WHERE code = 'WELCOME3000'`) // used up meanwhile: the checkout must be refunded
	ref := f.sb.Commerce.CompleteCheckout(plan.RequestID, commercetest.CheckoutSpec{})
	// The shop's first request is refused: nothing is asked for yet.
	f.sb.Commerce.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusBadRequest,
		commercetest.ErrorBody(commercetest.CodeCancelNotAllowed, "")), 1)
	f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID})
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusRefunding {
		t.Fatalf("order %s, want refunding", got.Status)
	}
	buyers, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, CancelID: "buyer-request", Price: plan.Price, Message: "환불 요청",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.sb.Config.Commerce.OrderCancellations.Reject(ctx, buyers.ID, "PG 취소 실패 대역"); err != nil {
		t.Fatal(err)
	}
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) {
		c.Commerce, c.Log = f.commerceThrough(t, failedAtThePG(f.sb.Commerce.Client().Transport)), slog.New(logs)
	})
	sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]

	const passes = 3
	for range passes {
		if _, err := srv.ReconcileOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusRefunding {
		t.Errorf("order %s beside a request whose refund failed at the PG, want refunding", got.Status)
	}
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
		t.Errorf("the shop sent %d cancellation requests beside one that may still refund, want none", n)
	}
	if k := logs.errorsNaming(ref.OrderNumber, "buyer-request"); k < passes {
		t.Errorf("%d error-level records naming order %s and cancel_id buyer-request in %d passes, want one a pass", k, ref.OrderNumber, passes)
	}
}
