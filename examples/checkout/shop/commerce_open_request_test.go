package shop_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// openRequestCheckout is a paid Commerce checkout of a plan order (9900
// won) whose buyer asked Commerce for amount back, a request awaiting the
// store's decision. It returns the plan order, the Commerce order, the
// buyer's request and the ORDER_PAID event Commerce sends for it.
func openRequestCheckout(t *testing.T, f *fixture, amount int64) (reply, commercetest.OrderRef, *commerce.CancellationRequest, webhooktest.CommercePayload) {
	t.Helper()
	ctx := context.Background()
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}})
	req, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, CancelID: "buyer-request", Price: amount, Message: "환불 요청",
	})
	if err != nil {
		t.Fatal(err)
	}
	co, err := f.sb.Config.Commerce.Orders.Get(ctx, ref.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
		OrderName: co.OrderName, Price: plan.Price, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
	return plan, ref, req, event
}

// wantNoVerdict checks that nothing was decided on plan order id: pending,
// never paid, holding nothing, and no refusal, stray or payment recorded.
func (f *fixture) wantNoVerdict(t *testing.T, id string) {
	t.Helper()
	if got := f.order(t, id); got.Status != shop.StatusPending || got.PaidCount != 0 || got.Held || got.Reason != "" || got.CommerceOrderNumber != "" {
		t.Errorf("order %s (%q), paid %d times, held %v, Commerce order %q; want pending, untouched", got.Status, got.Reason, got.PaidCount, got.Held, got.CommerceOrderNumber)
	}
	for _, status := range []string{"REFUSED", "STRAY", "PAID"} {
		f.wantAttempts(t, id, status, 0)
	}
}

// A checkout whose buyer has an open cancellation request at Commerce is
// being refunded, not refunded: Verify says "cancellation_requested". That
// is no verdict. The redirect is answered 503 (verify again later), the
// reconciler's pass releases ORDER_PAID's key, and ORDER_PAID is answered
// with a 5xx (delivered again); nothing is recorded. Once the store
// rejects the request, the redelivered ORDER_PAID pays the order, once,
// and nothing was ever cancelled by the shop. (Taken as a mismatch, the
// reconciler would spend ORDER_PAID's key and the order stay pending for
// good.)
func TestCommerceCheckoutWithAnOpenRequestIsPaidOnceTheRequestIsRejected(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		ctx := context.Background()
		plan, ref, req, event := openRequestCheckout(t, f, 9900)
		sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]

		code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID})
		if code != http.StatusServiceUnavailable || body.Success {
			t.Errorf("the redirect while a cancellation is requested: %d %+v, want 503 (verify again later)", code, body)
		}
		// The reconciler hands the checkout to what ORDER_PAID runs, under
		// its key: no verdict, so the key is released.
		key := webhook.CommercePaidKey(ref.OrderNumber)
		f.reconcilePasses(t, f.inst[0].srv, 1)
		if n := queryOne[int](t, f, `SELECT COUNT(*) FROM webhook_keys WHERE key = ?`, key); n != 0 {
			t.Errorf("ORDER_PAID's key is held or done after a reconciler pass while a cancellation is requested, want it released")
		}
		if code := f.commerceWebhook(t, 0, event); code < 500 {
			t.Errorf("ORDER_PAID while a cancellation is requested: %d, want 5xx (delivered again)", code)
		}
		f.wantNoVerdict(t, plan.OrderID)

		if _, err := f.sb.Config.Commerce.OrderCancellations.Reject(ctx, req.ID, "거절"); err != nil {
			t.Fatal(err)
		}
		if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
			t.Errorf("ORDER_PAID delivered again after the rejection: %d, want 200", code)
		}
		if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid {
			t.Errorf("order %s after ORDER_PAID was delivered again following the rejection, want paid", got.Status)
		}
		if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK || body.Status != shop.StatusPaid {
			t.Errorf("the redirect after the rejection: %d %+v, want 200 paid", code, body)
		}
		f.reconcilePasses(t, f.inst[0].srv, 1)
		if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid || got.PaidCount != 1 || got.CommerceOrderNumber != ref.OrderNumber {
			t.Errorf("order %s, paid %d times with %q; want paid once with %s", got.Status, got.PaidCount, got.CommerceOrderNumber, ref.OrderNumber)
		}
		f.wantKeyDone(t, key, true)
		if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
			t.Errorf("the shop sent %d cancellation requests, want none", n)
		}
	})
}

// An open request the store approves in full refunds the checkout: the
// order is never paid with it, and the shop sends nothing (the money is
// back). Before the approval nothing is recorded; after it, the
// checkout is refused as any refunded one.
func TestCommerceCheckoutWithAnOpenRequestApprovedInFullIsNeverPaid(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	plan, ref, req, event := openRequestCheckout(t, f, 9900)
	sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]
	if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusServiceUnavailable {
		t.Errorf("the redirect while a cancellation is requested: %d, want 503", code)
	}
	f.wantNoVerdict(t, plan.OrderID)
	if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(context.Background(), req.ID, "승인"); err != nil {
		t.Fatal(err)
	}
	code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID})
	if code == http.StatusOK || code >= 500 || body.Success {
		t.Errorf("the redirect after the approval in full: %d %+v, want a refusal", code, body)
	}
	f.commerceWebhook(t, 0, event)
	f.reconcilePasses(t, f.inst[0].srv, 2)
	if got := f.order(t, plan.OrderID); got.Status == shop.StatusPaid || got.PaidCount != 0 || got.Held {
		t.Errorf("order %s, paid %d times, held %v; want never paid", got.Status, got.PaidCount, got.Held)
	}
	st := f.sb.Commerce.Stats()
	if n := st.Requests[commercetest.OpCancelRequest] - sent; n != 0 || st.CancellationsApplied != 1 {
		t.Errorf("the shop sent %d cancellation requests, %d applied in all; want none sent, the buyer's applied", n, st.CancellationsApplied)
	}
}

// An open request for part of the price, approved: the checkout reads
// refunded in part (cancelled_price), and takes the path of any checkout
// refunded in part before the shop saw it — the rest refunded as a stray,
// once, the order left payable. Before the approval, nothing.
func TestCommerceCheckoutWithAnOpenRequestApprovedInPartRefundsTheRest(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	plan, ref, req, _ := openRequestCheckout(t, f, 3000)
	sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]
	if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusServiceUnavailable {
		t.Errorf("the redirect while a cancellation of 3000 won is requested: %d, want 503", code)
	}
	f.wantNoVerdict(t, plan.OrderID)
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
		t.Fatalf("the shop sent %d cancellation requests while the buyer's is open, want none", n)
	}
	if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(context.Background(), req.ID, "승인"); err != nil {
		t.Fatal(err)
	}
	if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusConflict {
		t.Errorf("the redirect after 3000 won was refunded: %d, want 409 (cancelled: the rest is refunded)", code)
	}
	f.reconcilePasses(t, f.inst[0].srv, 2)
	got := f.order(t, plan.OrderID)
	if got.Status != shop.StatusPending || got.PaidCount != 0 {
		t.Errorf("order %s, paid %d times; want pending, never paid", got.Status, got.PaidCount)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
	co, ok := f.sb.Commerce.Order(ref.OrderNumber)
	if st := f.sb.Commerce.Stats(); !ok || co.Status != commerce.OrderCancelled || st.Requests[commercetest.OpCancelRequest]-sent != 1 || st.CancellationsApplied != 2 {
		t.Errorf("Commerce order %+v; the shop sent %d cancellation requests, %d applied in all; want cancelled, one sent (the rest), two applied",
			co, st.Requests[commercetest.OpCancelRequest]-sent, st.CancellationsApplied)
	}
}

// A refund the shop owes on a Commerce checkout (its own refund, or a
// stray's) asks for the price less what was refunded. While another
// cancellation request is open — the buyer's, awaiting the store — what
// that request asks for is not refunded yet, and the rest computed now
// would overlap it: the shop sends nothing and waits (a later pass looks
// again). Approved, the buyer's request is the refund; rejected, the shop
// asks for the rest itself.
func TestCommerceRefundWaitsWhileAnotherRequestIsOpen(t *testing.T) {
	for _, decision := range []string{"approved", "rejected"} {
		t.Run(decision, func(t *testing.T) {
			eachDB(t, func(t *testing.T, dsn string) {
				f := newFixture(t, dsn, options{})
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
				sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]
				for i := range 3 {
					f.reconcile(t, 0)
					if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
						t.Fatalf("pass %d: the shop sent %d cancellation requests while the buyer's is open, want none", i+1, n)
					}
				}
				if got := f.order(t, plan.OrderID); got.Status != shop.StatusRefunding {
					t.Errorf("order %s while the buyer's request is open, want refunding", got.Status)
				}
				wantSent := 0
				if decision == "approved" {
					_, err = f.sb.Config.Commerce.OrderCancellations.Approve(ctx, buyers.ID, "승인")
				} else {
					_, err = f.sb.Config.Commerce.OrderCancellations.Reject(ctx, buyers.ID, "거절")
					wantSent = 1
				}
				if err != nil {
					t.Fatal(err)
				}
				f.reconcile(t, 0)
				f.reconcile(t, 0)
				if got := f.order(t, plan.OrderID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonCouponInvalid {
					t.Errorf("order %s (%q) once the buyer's request was %s, want refunded (coupon_invalid)", got.Status, got.Reason, decision)
				}
				st := f.sb.Commerce.Stats()
				if n := st.Requests[commercetest.OpCancelRequest] - sent; n != wantSent || st.CancellationsApplied != 1 {
					t.Errorf("once the buyer's request was %s the shop sent %d cancellation requests, %d applied in all; want %d sent, one applied",
						decision, n, st.CancellationsApplied, wantSent)
				}
			})
		})
	}
}

// A stray checkout (here of a forged price) is refunded on its own; while
// the buyer's own cancellation request of it is open, the stray's refund
// sends nothing, pass after pass, and waits for the store's decision.
func TestCommerceStrayRefundWaitsWhileAnotherRequestIsOpen(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	ctx := context.Background()
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	forged := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 100, Metadata: map[string]any{"order_id": plan.OrderID}})
	f.sb.Commerce.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusBadRequest,
		commercetest.ErrorBody(commercetest.CodeCancelNotAllowed, "")), 1)
	if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: forged.OrderNumber, OrderID: plan.OrderID}); code != http.StatusBadRequest {
		t.Fatalf("a forged price: %d, want 400", code)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	buyers, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
		OrderNumber: forged.OrderNumber, CancelID: "buyer-request", Price: 100, Message: "환불 요청",
	})
	if err != nil {
		t.Fatal(err)
	}
	sent := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]
	f.reconcilePasses(t, f.inst[0].srv, 3)
	if n := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest] - sent; n != 0 {
		t.Errorf("the stray's refund sent %d cancellation requests while the buyer's is open, want none", n)
	}
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 0)
	if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(ctx, buyers.ID, "승인"); err != nil {
		t.Fatal(err)
	}
	f.reconcilePasses(t, f.inst[0].srv, 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)
	if st := f.sb.Commerce.Stats(); st.Requests[commercetest.OpCancelRequest]-sent != 0 || st.CancellationsApplied != 1 {
		t.Errorf("the shop sent %d cancellation requests, %d applied in all; want none sent, the buyer's applied",
			st.Requests[commercetest.OpCancelRequest]-sent, st.CancellationsApplied)
	}
}
