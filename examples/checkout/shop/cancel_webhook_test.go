package shop_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
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

// wantCancelledInTheWindow checks a completion at path whose payment was
// cancelled at the gateway, and the cancellation's webhook delivered,
// between the completion's lookup and the order being marked paid: the
// webhook was acknowledged (the cancellation recorded under the order's
// row lock), the completion answered 409 cancelled, and the order was
// never paid and holds nothing.
func (f *fixture) wantCancelledInTheWindow(t *testing.T, webhookAnswer int, path string, code int, body reply, orderID string) {
	t.Helper()
	if webhookAnswer != http.StatusOK {
		t.Errorf("the cancellation's webhook before the order is paid: %d, want 200 (recorded)", webhookAnswer)
	}
	if code != http.StatusConflict || body.Success || body.Reason != shop.ReasonCancelled {
		t.Errorf("%s: %d %s %q %q, want 409 cancelled", path, code, body.Status, body.Reason, body.Message)
	}
	f.wantUnpaid(t, orderID, shop.ReasonCancelled)
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
		f.wantCancelledInTheWindow(t, webhookAnswer, "/api/payment/complete", code, body, o.ID)
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
	uses := f.couponUses(t)
	if _, err := f.sb.Config.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{PaymentID: body.PaymentID, Full: true, Reason: "고객 요청"}); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneWebhook(t, 0, "Transaction.Cancelled", body.PaymentID, "msg-c"); code != http.StatusOK {
		t.Fatalf("webhook: %d", code)
	}
	after := f.couponUses(t)
	if got := f.order(t, body.OrderID); got.Status != shop.StatusRefunded || got.Held {
		t.Errorf("order %s, held %v; want refunded, nothing held", got.Status, got.Held)
	}
	if f.stock(t) != 10 || after != uses+1 || f.balance(t, shop.DemoUser) != 5000 {
		t.Errorf("stock %d, coupon uses %d (was %d), points %d; want all given back", f.stock(t), after, uses, f.balance(t, shop.DemoUser))
	}
}

// PortOne cancels a payment (the merchant's console, the PG) after
// /payment/complete looked it up and found it PAID, and before the order
// was marked paid; its Transaction.Cancelled webhook reaches another
// instance in that window. The webhook is acknowledged at once (the
// cancellation recorded under the order's row lock), and the completion
// then refuses the payment: the order is not paid, holds nothing, and the
// browser is told the payment was cancelled.
func TestPortOneCancelledBetweenLookupAndPaid(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		webhookAnswer := 0
		hooked := f.hookedInstance(t, func(c *shop.Config) {
			rt := &afterResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), hook: func(n int) {
				if n != 1 {
					return
				}
				if _, err := f.sb.Config.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{
					PaymentID: o.PaymentID, Full: true, Reason: "관리자 취소"}); err != nil {
					t.Error(err)
				}
				webhookAnswer = f.portoneWebhook(t, 0, "Transaction.Cancelled", o.PaymentID, "msg-cancel")
			}}
			pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
			if err != nil {
				t.Fatal(err)
			}
			c.PortOne = pc
		})
		code, body := f.postTo(t, hooked, "/payment/complete", `{"paymentId":"`+o.PaymentID+`","orderId":"`+o.ID+`"}`)
		f.wantCancelledInTheWindow(t, webhookAnswer, "/payment/complete", code, body, o.ID)
		if n := f.stock(t); n != 10 {
			t.Errorf("stock %d, want 10", n)
		}
	})
}

// The same window in the Commerce flow: /api/orders/verify looked the
// Commerce order up (paid), the buyer's refund is applied at Commerce and
// its ORDER_CANCELLED webhook reaches another instance before the order is
// marked paid, when no order holds that order number yet. The webhook is
// acknowledged (recorded against the order its metadata names) and the
// verification refuses the checkout.
func TestCommerceCancelledBetweenLookupAndPaid(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
		ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
		cancelled := webhooktest.CommercePayload{WebhookType: "ORDER_CANCELLED", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
			OrderName: plan.OrderName, Price: 9900, CancelledPrice: 9900, Status: int(commerce.OrderCancelled)}
		webhookAnswer := 0
		hooked := f.hookedInstance(t, func(c *shop.Config) {
			c.Commerce = f.commerceThrough(t, &afterResponse{next: f.sb.Commerce.Client().Transport, match: getOf(ref.OrderNumber), hook: func(n int) {
				if n != 1 {
					return
				}
				if _, err := f.sb.Config.Commerce.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
					OrderNumber: ref.OrderNumber, Price: 9900, Immediately: true, AsSupervisor: true, Message: "환불"}); err != nil {
					t.Error(err)
				}
				webhookAnswer = f.commerceWebhook(t, 0, cancelled)
			}})
		})
		code, body := f.postTo(t, hooked, "/api/orders/verify", `{"order_number":"`+ref.OrderNumber+`","order_id":"`+plan.OrderID+`"}`)
		f.wantCancelledInTheWindow(t, webhookAnswer, "/api/orders/verify", code, body, plan.OrderID)
		// The redelivery changes nothing.
		if code := f.commerceWebhook(t, 0, cancelled); code != http.StatusOK {
			t.Errorf("redelivery: %d", code)
		}
		f.wantUnpaid(t, plan.OrderID, shop.ReasonCancelled)
	})
}

// A confirming order's receipt is cancelled in Bootpay's console while a
// confirm of it may still land: the PAYMENT_CANCELLED webhook decides
// under the order's row lock, never from a state read before its own
// lookup. Here the confirm's "mark paid" lands while the webhook looks the
// receipt up (and again after it): the order must not end paid with the
// cancelled receipt, and the pair comes back.
func TestBootpayCancelledWhileConfirming(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpay)
		rid := f.receipt(o, price, bootpay.StatusPaid) // confirmed by the request still under way
		f.confirming(t, o, rid)
		if _, err := f.sb.Config.Bootpay.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rid, Full: true, CancelID: "console-1", Message: "관리자 취소"}); err != nil {
			t.Fatal(err)
		}
		// What the confirm's markPaid does, on its own connection.
		markPaid := func() {
			if _, err := f.inst[0].db.Exec(context.Background(), `UPDATE orders SET status = 'paid', paid_count = paid_count + 1
				WHERE id = ? AND status = 'confirming' AND receipt_id = ?`, o.ID, rid); err != nil {
				t.Error(err)
			}
		}
		hooked := f.hookedInstance(t, func(c *shop.Config) {
			// The webhook handler's own lookup is the first; anything the
			// shop looks up after it is where the old code read the order
			// and then decided without its lock.
			c.Bootpay = f.bootpayThrough(t, &afterResponse{next: http.DefaultTransport, match: getOf(rid), hook: func(n int) {
				if n == 2 {
					markPaid()
				}
			}})
		})
		body := webhooktest.BootpayPayload{WebhookType: "PAYMENT_CANCELLED", ReceiptID: rid, OrderID: o.ID,
			Price: price, CancelledPrice: price, Status: 20}.JSON()
		resp, err := http.Post(hooked+"/webhooks/bootpay", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		markPaid() // the confirm's update landing after the webhook
		got := f.order(t, o.ID)
		if got.Status == shop.StatusPaid || got.Held || f.stock(t) != 10 {
			t.Errorf("webhook %d; order %s (%q), held %v, stock %d: paid or holding stock with a receipt cancelled in full",
				resp.StatusCode, got.Status, got.Reason, got.Held, f.stock(t))
		}
	})
}

// withoutText is a transport that deletes text from every answer's body:
// here, the shop's order id from a Commerce order's metadata, as for a
// Commerce order whose metadata names no order of this shop.
type withoutText struct {
	next http.RoundTripper
	text string
}

func (w withoutText) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := w.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	body = bytes.ReplaceAll(body, []byte(w.text), nil)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

// waitFor polls cond every few milliseconds for up to five seconds and
// reports whether it came true.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

// lockWaiters counts the database sessions waiting for a lock whose
// current statement starts with prefix ("" for any).
func (f *fixture) lockWaiters(t *testing.T, prefix string) int {
	return queryOne[int](t, f, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ?`, prefix+"%")
}

// On PostgreSQL, a Commerce refund webhook whose order's metadata names no
// order of this shop (so the webhook cannot lock an order first) lands
// while /api/orders/verify is adopting the same Commerce order: adopt has
// read "not cancelled" and is about to commit the order paid. The race is
// made deterministic by holding a lock on payment_attempts, which adopt
// writes last before its commit: adopt stops there, the webhook is sent,
// and the lock is released once the webhook has either finished or is
// itself waiting for a lock. The webhook's record and adopt's check must
// serialise: the order must not end paid with a refunded Commerce order.
// (SQLite transactions take the database's write lock at BEGIN: there the
// two cannot interleave at all.)
func TestCommerceCancelledWithoutOrderIDWhileAdopting(t *testing.T) {
	f := newFixture(t, postgresDSN(t), options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: 9900, Metadata: map[string]any{"order_id": plan.OrderID}})
	noOrderID := f.hookedInstance(t, func(c *shop.Config) {
		c.Commerce = f.commerceThrough(t, withoutText{next: f.sb.Commerce.Client().Transport, text: plan.OrderID})
	})

	hold, err := f.inst[0].db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.Exec(`LOCK TABLE payment_attempts IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	verified := make(chan int, 1)
	go func() {
		resp, err := f.browser.Post(f.inst[0].api.URL+"/api/orders/verify", "application/json",
			bytes.NewReader([]byte(`{"order_number":"`+ref.OrderNumber+`","order_id":"`+plan.OrderID+`"}`)))
		if err != nil {
			verified <- 0
			return
		}
		resp.Body.Close()
		verified <- resp.StatusCode
	}()
	if !waitFor(func() bool { return f.lockWaiters(t, "INSERT INTO payment_attempts") == 1 }) {
		t.Fatal("adopt never reached its last write")
	}

	if _, err := f.sb.Config.Commerce.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: ref.OrderNumber, Price: 9900, Immediately: true, AsSupervisor: true, Message: "환불"}); err != nil {
		t.Fatal(err)
	}
	req, err := webhooktest.NewCommerceRequest(noOrderID+"/webhooks/commerce", webhooktest.CommercePayload{WebhookType: "ORDER_CANCELLED",
		OrderID: ref.OrderID, OrderNumber: ref.OrderNumber, OrderName: plan.OrderName, Price: 9900, CancelledPrice: 9900,
		Status: int(commerce.OrderCancelled)}.JSON(), false)
	if err != nil {
		t.Fatal(err)
	}
	answered := make(chan int, 1)
	go func() { answered <- statusOf(t, req) }()
	webhookAnswer := 0
	if !waitFor(func() bool {
		select {
		case webhookAnswer = <-answered:
			return true
		default:
			return f.lockWaiters(t, "") >= 2 // adopt, and the webhook behind it
		}
	}) {
		t.Fatal("the webhook neither finished nor waited")
	}
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	if webhookAnswer == 0 {
		webhookAnswer = <-answered
	}
	code := <-verified

	if webhookAnswer != http.StatusOK {
		t.Errorf("webhook: %d, want 200", webhookAnswer)
	}
	// adopt held the reference first, so the webhook found the order paid
	// and refunded it.
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonGatewayRefund || got.Held {
		t.Errorf("verify %d; order %s (%q), held %v; want refunded (%s), nothing held: never paid with a Commerce order refunded at Commerce",
			code, got.Status, got.Reason, got.Held, shop.ReasonGatewayRefund)
	}
}
