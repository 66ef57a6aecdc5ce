package shop_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// POST /api/orders computes the amount on the server from the product,
// the coupon and the points; the browser sends no price, and what is not
// valid is refused before an order exists.
func TestCreateOrderPricesOnTheServer(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	f.login(t)
	code, body := f.post(t, 0, "/api/orders", map[string]any{
		"product_id": "shoe-270", "quantity": 2, "coupon_code": "WELCOME3000", "user_id": "user_1234", "points": 1000, "amount": 1,
	})
	if code != http.StatusCreated || body.Amount != 2*price-3000-1000 || body.Discount != 3000 || body.Status != shop.StatusPending {
		t.Fatalf("got %d %+v, want 201 pending for %d", code, body, 2*price-4000)
	}
	for _, tc := range []struct {
		body map[string]any
		code int
	}{
		{map[string]any{"product_id": "shoe-999", "quantity": 1}, 404},
		{map[string]any{"product_id": "shoe-270", "quantity": 0}, 400},
		{map[string]any{"product_id": "shoe-270", "quantity": 1, "coupon_code": "FAKE"}, 409},
		{map[string]any{"product_id": "shoe-270", "quantity": 1, "user_id": "user_1234", "points": 999999}, 409},
		{map[string]any{"product_id": "plan-pro", "quantity": 1}, 400}, // plans are sold through Commerce
	} {
		if code, body := f.post(t, 0, "/api/orders", tc.body); code != tc.code {
			t.Errorf("%v: got %d %+v, want %d", tc.body, code, body, tc.code)
		}
	}
}

// The client confirm exception: confirm-check checks and records, confirms
// nothing and holds nothing; after the browser's Bootpay.confirm(),
// /api/payment/complete looks the receipt up and pays the order.
func TestClientConfirmFlow(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpayClient)
		rid := f.receipt(o, price)
		req := shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}
		if code, body := f.post(t, 0, "/api/payment/confirm-check", req); code != http.StatusOK || !body.CanConfirm {
			t.Fatalf("confirm-check: %d %+v", code, body)
		}
		f.wantAttempts(t, o.ID, "CONFIRM_CHECKED", 1)
		f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
		f.wantBootpay(t, 0, 0, 0)

		if code, body := f.post(t, 0, "/api/payment/complete", req); code != http.StatusBadRequest {
			t.Errorf("complete before Bootpay.confirm(): %d %+v, want 400", code, body)
		}
		if _, err := f.sb.Config.Bootpay.Receipts.Confirm(context.Background(), rid); err != nil { // Bootpay.confirm() in the browser
			t.Fatal(err)
		}
		for range 2 {
			if code, body := f.post(t, 0, "/api/payment/complete", req); code != http.StatusOK || body.Status != shop.StatusPaid {
				t.Fatalf("complete: %d %+v", code, body)
			}
		}
		f.wantOrder(t, o.ID, shop.StatusPaid, rid, 1, 9)
		f.wantBootpay(t, 1, 1, 0)
	})
}

// confirm-check refuses what the server cannot sell or a receipt with a
// forged amount, with a reason; nothing is confirmed.
func TestConfirmCheckRefuses(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)
	forged := f.receipt(o, 100)
	if code, body := f.post(t, 0, "/api/payment/confirm-check", shop.ConfirmRequest{ReceiptID: forged, OrderID: o.ID}); code != http.StatusOK || body.CanConfirm || body.Reason != shop.ReasonAmountMismatch {
		t.Errorf("forged amount: %d %+v", code, body)
	}
	f.setStock(t, 0)
	rid := f.receipt(o, price)
	if code, body := f.post(t, 0, "/api/payment/confirm-check", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID}); code != http.StatusOK || body.CanConfirm || body.Reason != shop.ReasonOutOfStock {
		t.Errorf("out of stock: %d %+v", code, body)
	}
	f.wantBootpay(t, 0, 0, 0)
}

// The stock went between confirm-check and the browser's Bootpay.confirm():
// /api/payment/complete refunds the payment in full, once however often it
// is called, and the order ends refunded with reason out_of_stock.
func TestClientConfirmRefundsWhenTheStockWent(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpayClient)
		rid := f.receipt(o, price, bootpay.StatusPaid)
		f.setStock(t, 0)
		for range 2 {
			f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID})
		}
		got := f.order(t, o.ID)
		if got.Status != shop.StatusRefunded || got.Reason != shop.ReasonOutOfStock || got.PaidCount != 0 {
			t.Errorf("order %s (%q, paid %d), want refunded for out_of_stock", got.Status, got.Reason, got.PaidCount)
		}
		f.wantBootpay(t, 0, 0, 1)
		if rc, _ := f.sb.Bootpay.Receipt(rid); rc.Status != bootpay.StatusCancelled || rc.RemainingPrice() != 0 {
			t.Errorf("receipt %s, want cancelled in full", rc.Status)
		}
	})
}

// Seed 001: the plan is priced on the server; with a coupon an invoice
// carries the discounted price; the checkout's order is verified before the
// order is paid; a refund webhook (order.cancelled) moves it to refunded,
// once.
func TestCommercePlanCheckout(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		code, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
		if code != http.StatusCreated || plan.Price != 29900-3000 || plan.RequestID == "" {
			t.Fatalf("plan: %d %+v", code, plan)
		}
		if n := f.sb.Commerce.Stats().InvoicesCreated; n != 1 {
			t.Errorf("%d invoices, want 1", n)
		}
		ref := f.sb.Commerce.CompleteCheckout(plan.RequestID, commercetest.CheckoutSpec{})
		verify := shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}
		for range 2 {
			if code, body := f.post(t, 0, "/api/orders/verify", verify); code != http.StatusOK || body.Status != shop.StatusPaid || body.OrderNumber != ref.OrderNumber {
				t.Fatalf("verify: %d %+v", code, body)
			}
		}
		if o := f.order(t, plan.OrderID); o.PaidCount != 1 {
			t.Errorf("paid %d times", o.PaidCount)
		}

		// The buyer gets a refund at Commerce; its webhook arrives twice.
		if _, err := f.sb.Config.Commerce.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
			OrderNumber: ref.OrderNumber, Price: 29900 - 3000, Immediately: true, AsSupervisor: true, Message: "환불",
		}); err != nil {
			t.Fatal(err)
		}
		event := webhooktest.CommercePayload{WebhookType: "ORDER_CANCELLED", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
			OrderName: plan.OrderName, Price: 29900 - 3000, CancelledPrice: 29900 - 3000, Status: int(commerce.OrderCancelled)}
		for range 2 {
			if code := f.commerceWebhook(t, 0, event); code != http.StatusOK {
				t.Fatalf("webhook: %d", code)
			}
		}
		if o := f.order(t, plan.OrderID); o.Status != shop.StatusRefunded || o.Reason != shop.ReasonGatewayRefund {
			t.Errorf("order %s (%q), want refunded", o.Status, o.Reason)
		}
		f.wantAttempts(t, plan.OrderID, "REFUNDED", 1)
	})
}

// A plan checkout paid for less than the invoice is never paid with: it is
// cancelled once at Commerce as a stray, and the order stays pending, still
// payable (the checkout may be a stranger's); another buyer's Commerce
// order pasted into the verify is refused and left alone.
func TestCommerceTamperedCheckout(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
		ref := f.sb.Commerce.CompleteCheckout(plan.RequestID, commercetest.CheckoutSpec{Paid: 100})
		for range 2 {
			if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID}); code != http.StatusBadRequest || body.Reason != shop.ReasonAmountMismatch {
				t.Errorf("verify: %d %+v, want 400 amount_mismatch", code, body)
			}
		}
		if o := f.order(t, plan.OrderID); o.Status != shop.StatusPending || o.PaidCount != 0 || o.CommerceOrderNumber != "" {
			t.Errorf("order %s (order number %q), paid %d; want pending, still payable, never paid", o.Status, o.CommerceOrderNumber, o.PaidCount)
		}
		if st := f.sb.Commerce.Stats(); st.CancellationsApplied != 1 || st.Requests[commercetest.OpCancelRequest] != 1 {
			t.Errorf("%d cancellation requests, %d applied; want 1 and 1", st.Requests[commercetest.OpCancelRequest], st.CancellationsApplied)
		}
		f.wantAttempts(t, plan.OrderID, "STRAY", 1)
		f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 1)

		_, mine := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
		stranger := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": "someone-else"}})
		if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: stranger.OrderNumber, OrderID: mine.OrderID}); code != http.StatusBadRequest {
			t.Errorf("another buyer's order: %d, want 400", code)
		}
		if n := f.sb.Commerce.Stats().CancellationsApplied; n != 1 {
			t.Errorf("%d cancellations, want still 1", n)
		}
		if o := f.order(t, mine.OrderID); o.Status != shop.StatusPending {
			t.Errorf("order %s, want pending", o.Status)
		}
	})
}

// KeyStore keeps webhook.Store's contract on both databases: one claim at
// a time, done is remembered, a released key is claimable at once, an
// ended lease is taken over and its old token can no longer finish.
func TestKeyStoreContract(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		a, b := f.inst[0].srv.Store(), f.inst[1].srv.Store()
		ctx := context.Background()
		c1, err := a.Claim(ctx, "k1", time.Minute)
		if err != nil || c1.State != webhook.Claimed {
			t.Fatalf("claim: %+v %v", c1, err)
		}
		if c, _ := b.Claim(ctx, "k1", time.Minute); c.State != webhook.Busy {
			t.Errorf("second claim: %+v, want busy", c)
		}
		if err := b.Done(ctx, "k1", "not-the-token"); !errors.Is(err, webhook.ErrLeaseLost) {
			t.Errorf("done with another token: %v", err)
		}
		if err := a.Done(ctx, "k1", c1.Token); err != nil {
			t.Fatal(err)
		}
		if c, _ := b.Claim(ctx, "k1", time.Minute); c.State != webhook.AlreadyDone {
			t.Errorf("claim after done: %+v", c)
		}

		c2, _ := a.Claim(ctx, "k2", time.Minute)
		if err := a.Release(ctx, "k2", c2.Token); err != nil {
			t.Fatal(err)
		}
		if c, _ := b.Claim(ctx, "k2", time.Minute); c.State != webhook.Claimed {
			t.Errorf("claim after release: %+v", c)
		}

		old, _ := a.Claim(ctx, "k3", time.Millisecond)
		time.Sleep(20 * time.Millisecond) // the lease ends, by the database's clock
		taken, err := b.Claim(ctx, "k3", time.Minute)
		if err != nil || taken.State != webhook.Claimed || taken.Token == old.Token {
			t.Fatalf("take-over: %+v %v", taken, err)
		}
		if err := a.Done(ctx, "k3", old.Token); !errors.Is(err, webhook.ErrLeaseLost) {
			t.Errorf("done by the crashed claimant: %v, want lease lost", err)
		}
	})
}
