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
// paid with its receipt — here, while the browser's completion has looked
// the receipt up (paid) and not yet recorded it — is acknowledged at once
// (recorded under the order's row lock, not refused for ever), and the
// completion then refuses the receipt: the order is not paid and holds
// nothing. A redelivery is acknowledged too.
func TestBootpayCancelledBeforeTheOrderIsPaid(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpayClient)
		rid := f.receipt(o, price, bootpay.StatusPaid)
		webhookAnswer := 0
		hooked := f.hookedInstance(t, func(c *shop.Config) {
			c.Bootpay = f.bootpayThrough(t, &afterResponse{next: http.DefaultTransport, match: getOf(rid), hook: func(n int) {
				if n != 1 {
					return
				}
				if _, err := f.sb.Config.Bootpay.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rid, Full: true, CancelID: "console-1", Message: "관리자 취소"}); err != nil {
					t.Error(err)
				}
				webhookAnswer = f.bootpayCancelled(t, rid, o.ID)
			}})
		})
		code, body := f.postTo(t, hooked, "/api/payment/complete", `{"receipt_id":"`+rid+`","order_id":"`+o.ID+`"}`)
		if webhookAnswer != http.StatusOK {
			t.Errorf("cancellation before the order is paid: %d, want 200 (recorded)", webhookAnswer)
		}
		if code != http.StatusConflict || body.Reason != shop.ReasonCancelled {
			t.Errorf("/api/payment/complete: %d %q %q, want 409 cancelled", code, body.Reason, body.Message)
		}
		f.wantUnpaid(t, o.ID, shop.ReasonCancelled)
		if got := f.stock(t); got != 10 {
			t.Errorf("stock %d, want 10", got)
		}
		if code := f.bootpayCancelled(t, rid, o.ID); code != http.StatusOK {
			t.Errorf("redelivery: %d, want 200", code)
		}
		f.wantUnpaid(t, o.ID, shop.ReasonCancelled)
	})
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
