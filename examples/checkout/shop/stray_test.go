package shop_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// Two tabs paid one order twice: the order keeps the first receipt, the
// second is recorded and refunded in full, once, however often it is
// reported; while Bootpay refuses the refund the reconciler retries it.
func TestSecondBootpayPaymentIsRefunded(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpayClient)
		first, second := f.receipt(o, price, bootpay.StatusPaid), f.receipt(o, price, bootpay.StatusPaid)
		if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: first, OrderID: o.ID}); code != http.StatusOK {
			t.Fatalf("first: %d %+v", code, body)
		}
		f.sb.Bootpay.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
		for range 2 {
			if code, _ := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: second, OrderID: o.ID}); code != http.StatusConflict {
				t.Errorf("second: %d, want 409", code)
			}
		}
		if code := f.bootpayWebhook(t, 0, second, o.ID, price); code != http.StatusOK {
			t.Errorf("webhook: %d", code)
		}
		f.wantAttempts(t, o.ID, "STRAY", 1)
		f.sb.Bootpay.ClearFaults()
		f.reconcile(t, 0)
		f.reconcile(t, 0)
		f.wantOrder(t, o.ID, shop.StatusPaid, first, 1, 9)
		if rc, _ := f.sb.Bootpay.Receipt(second); rc.Status != bootpay.StatusCancelled {
			t.Errorf("second receipt %s, want cancelled", rc.Status)
		}
		if n := f.sb.Bootpay.Stats().CancelsApplied; n != 1 {
			t.Errorf("%d cancels applied, want 1", n)
		}
		f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)
	})
}

// A forged capture naming an order that is confirming with its own
// receipt never takes the order over: the order keeps confirming with its
// receipt and the forged capture is refunded as a stray.
func TestForgedCaptureDoesNotTakeOverAConfirmingOrder(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpay)
	own := f.receipt(o, price)
	f.exec(t, `UPDATE products SET stock = stock - 1 WHERE id = 'shoe-270'`)
	f.exec(t, `UPDATE orders SET status = 'confirming', receipt_id = ?, held = TRUE WHERE id = ?`, own, o.ID)
	forged := f.receipt(o, 100, bootpay.StatusPaid)
	if code := f.bootpayWebhook(t, 0, forged, o.ID, 100); code != http.StatusOK {
		t.Errorf("webhook: %d", code)
	}
	f.wantOrder(t, o.ID, shop.StatusConfirming, own, 0, 9)
	if rc, _ := f.sb.Bootpay.Receipt(forged); rc.Status != bootpay.StatusCancelled {
		t.Errorf("forged receipt %s, want cancelled", rc.Status)
	}
}

// A second Commerce checkout for a plan order paid with the first is
// refused and cancelled at Commerce.
func TestSecondCommerceCheckoutIsCancelled(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	meta := map[string]any{"order_id": plan.OrderID}
	first := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: meta})
	second := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: meta})
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: first.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK {
		t.Fatalf("first: %d %+v", code, body)
	}
	if code, _ := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: second.OrderNumber, OrderID: plan.OrderID}); code != http.StatusConflict {
		t.Errorf("second: %d, want 409", code)
	}
	if n := f.sb.Commerce.Stats().CancellationsApplied; n != 1 {
		t.Errorf("%d cancellations, want 1", n)
	}
	co, err := f.sb.Config.Commerce.Orders.Get(t.Context(), second.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	if co.Status != commerce.OrderCancelled {
		t.Errorf("second Commerce order %v, want cancelled", co.Status)
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid || got.CommerceOrderNumber != first.OrderNumber {
		t.Errorf("order %s with %q, want paid with the first", got.Status, got.CommerceOrderNumber)
	}
}

// cancelFailed is Bootpay's 2xx answer to a cancel of receiptID that the PG
// refused: status -20 (결제취소 실패), nothing cancelled. The client turns it
// into a *bootpay.CancelFailedError.
func cancelFailed(receiptID, orderID string) bootpaytest.Fault {
	return bootpaytest.Faults.Status(http.StatusOK,
		fmt.Sprintf(`{"receipt_id":%q,"order_id":%q,"price":%d,"cancelled_price":0,"status":-20}`, receiptID, orderID, price))
}

// cancelIDs lists the cancel_id of every cancel of receiptID Bootpay
// received, in order.
func (f *fixture) cancelIDs(t *testing.T, receiptID string) []string {
	t.Helper()
	var ids []string
	for _, r := range f.sb.Bootpay.Requests() {
		if r.Op != bootpaytest.OpCancel {
			continue
		}
		var body struct {
			ReceiptID string `json:"receipt_id"`
			CancelID  string `json:"cancel_id"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.ReceiptID == receiptID {
			ids = append(ids, body.CancelID)
		}
	}
	return ids
}

// distinct is ids without repeats, in their first order.
func distinct(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// A stray receipt's refund that Bootpay answers 결제취소 실패 (nothing
// cancelled: *bootpay.CancelFailedError) is sent again under a NEW
// cancel_id, since whether Bootpay accepts a cancel_id that failed once is
// UNCONFIRMED (were it refused as a duplicate, the stray would never be
// refunded). The new cancel's reply is then lost (503 on every attempt,
// nothing applied): the other instance's retry repeats it under the SAME
// id, as an unknown outcome requires. The stray is cancelled once.
func TestStrayRefundAfterCancelFailedUsesANewCancelID(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		o := f.newOrder(t, shop.FlowBootpayClient)
		first, second := f.receipt(o, price, bootpay.StatusPaid), f.receipt(o, price, bootpay.StatusPaid)
		if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: first, OrderID: o.ID}); code != http.StatusOK {
			t.Fatalf("first: %d %+v", code, body)
		}
		f.sb.Bootpay.Inject(bootpaytest.OpCancel, cancelFailed(second, o.ID), 1)
		if code, _ := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: second, OrderID: o.ID}); code != http.StatusConflict {
			t.Errorf("second: %d, want 409", code)
		}
		f.sb.Bootpay.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
		f.reconcile(t, 0)
		f.sb.Bootpay.ClearFaults()
		lost := len(f.cancelIDs(t, second)) - 1
		f.reconcile(t, 1)

		ids := f.cancelIDs(t, second)
		if got := distinct(ids); len(got) != 2 || lost < 1 {
			t.Fatalf("cancels of the stray: %v (%d lost); want the failed cancel_id, then one new cancel_id for the lost cancel and its retry", ids, lost)
		}
		if ids[len(ids)-1] != ids[1] {
			t.Errorf("the retry after a lost reply sent %q, want the lost cancel's %q", ids[len(ids)-1], ids[1])
		}
		if rc, _ := f.sb.Bootpay.Receipt(second); rc.Status != bootpay.StatusCancelled {
			t.Errorf("stray receipt %s, want cancelled", rc.Status)
		}
		if n := f.sb.Bootpay.Stats().CancelsApplied; n != 1 {
			t.Errorf("%d cancels applied, want 1", n)
		}
		f.wantAttempts(t, o.ID, "CANCEL_FAILED", 1)
		f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)
		f.wantOrder(t, o.ID, shop.StatusPaid, first, 1, 9)
	})
}
