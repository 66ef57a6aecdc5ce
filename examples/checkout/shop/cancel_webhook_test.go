package shop_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// bootpayCancelled delivers Bootpay's PAYMENT_CANCELLED webhook (a full
// cancellation) to instance 0 and returns the answer's status.
func (f *fixture) bootpayCancelled(t *testing.T, receiptID, orderID string) int {
	t.Helper()
	body := webhooktest.BootpayPayload{WebhookType: "PAYMENT_CANCELLED", ReceiptID: receiptID, OrderID: orderID,
		Price: price, CancelledPrice: price, Status: 20}.JSON()
	resp, err := http.Post(f.inst[0].api.URL+"/webhooks/bootpay", "application/json", bytesReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A full cancellation's webhook that arrives while the order is not yet
// marked paid with its receipt (the browser's completion is still under
// way) is not acknowledged, so Bootpay delivers it again; once the order
// is paid the redelivery moves it to refunded, giving its stock back.
func TestBootpayCancelledBeforeTheOrderIsPaid(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.receipt(o, price, bootpay.StatusPaid)
	if _, err := f.sb.Config.Bootpay.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rid, Full: true, CancelID: "console-1", Message: "관리자 취소"}); err != nil {
		t.Fatal(err)
	}
	if code := f.bootpayCancelled(t, rid, o.ID); code == http.StatusOK {
		t.Errorf("cancellation before the order is paid: %d, want it redelivered (not 200)", code)
	}
	// The completion that had looked the receipt up while it was paid
	// records it now.
	f.exec(t, `UPDATE products SET stock = stock - 1 WHERE id = 'shoe-270'`)
	f.exec(t, `UPDATE orders SET status = 'paid', receipt_id = ?, held = TRUE, paid_count = 1 WHERE id = ?`, rid, o.ID)
	if code := f.bootpayCancelled(t, rid, o.ID); code != http.StatusOK {
		t.Errorf("redelivery: %d, want 200", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonGatewayRefund {
		t.Errorf("order %s (%q), want refunded at the gateway", got.Status, got.Reason)
	}
	if got := f.stock(t); got != 10 {
		t.Errorf("stock %d, want 10 (given back)", got)
	}
}

// A PortOne payment cancelled at PortOne after the order was paid gives
// back the pair, the coupon's use and the buyer's points with the money.
func TestRefundAtTheGatewayGivesBack(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	f.login(t)
	code, body := f.post(t, 0, "/api/orders", map[string]any{"product_id": "shoe-270", "quantity": 1, "flow": shop.FlowPortOne,
		"coupon_code": "WELCOME3000", "points": 1000})
	if code != http.StatusCreated {
		t.Fatalf("order: %d %+v", code, body)
	}
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: body.PaymentID, Total: body.Amount})
	if code, body := f.complete(t, 0, body.PaymentID, body.OrderID); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Fatalf("complete: %d %+v", code, body)
	}
	var uses int
	if err := f.inst[0].db.QueryRow(context.Background(), `SELECT uses_left FROM coupons WHERE code = 'WELCOME3000'`).Scan(&uses); err != nil {
		t.Fatal(err)
	}
	if _, err := f.sb.Config.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{PaymentID: body.PaymentID, Full: true, Reason: "고객 요청"}); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneWebhook(t, 0, "Transaction.Cancelled", body.PaymentID, "msg-c"); code != http.StatusOK {
		t.Fatalf("webhook: %d", code)
	}
	var after int
	if err := f.inst[0].db.QueryRow(context.Background(), `SELECT uses_left FROM coupons WHERE code = 'WELCOME3000'`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if got := f.order(t, body.OrderID); got.Status != shop.StatusRefunded || got.Held {
		t.Errorf("order %s, held %v; want refunded, nothing held", got.Status, got.Held)
	}
	if f.stock(t) != 10 || after != uses+1 || f.balance(t, shop.DemoUser) != 5000 {
		t.Errorf("stock %d, coupon uses %d (was %d), points %d; want all given back", f.stock(t), after, uses, f.balance(t, shop.DemoUser))
	}
}
