package shop_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// hangingGateway is a transport to a gateway that never answers the
// requests hang accepts (while it is set): they wait until the client
// gives up on them. Every other request goes through to next.
type hangingGateway struct {
	next http.RoundTripper
	mu   sync.Mutex
	hang func(*http.Request) bool
}

func (h *hangingGateway) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	hang := h.hang != nil && h.hang(r)
	h.mu.Unlock()
	if !hang {
		return h.next.RoundTrip(r)
	}
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// answer lets every request through from now on.
func (h *hangingGateway) answer() {
	h.mu.Lock()
	h.hang = nil
	h.mu.Unlock()
}

// testLease is the webhook lease of the instances below: their callbacks
// are bounded by half of it, far below the gateway clients' 2 s timeouts
// (and the fixture's 10 s ConfirmTimeout).
const testLease = 300 * time.Millisecond

// inTime is how soon a webhook whose callback's gateway hangs must be
// answered: the callback's bound and some slack, but less than one of
// the clients' attempts.
const inTime = time.Second

// timed runs deliver and reports its answer and how long it took.
func timed(deliver func() int) (int, time.Duration) {
	start := time.Now()
	code := deliver()
	return code, time.Since(start)
}

// wantNoKeys checks that the shop's webhook_keys holds no key: a failed
// callback released its claim.
func (f *fixture) wantNoKeys(t *testing.T) {
	t.Helper()
	if n := queryOne[int](t, f, `SELECT COUNT(*) FROM webhook_keys`); n != 0 {
		t.Errorf("%d webhook keys held or done after the callback failed, want it released", n)
	}
}

// A PortOne Transaction.Cancelled whose payment lookup never answers:
// the webhook handler runs the callback detached from the request, on a
// context that never ends by itself, so without a bound of its own the
// callback waits for the client's timeouts and retries (seconds here,
// minutes in production) and may outlive its lease. Bounded within the
// lease, it fails in time, its key is released, and the redelivery, once
// PortOne answers, refunds the order.
func TestPortOneCancelledWebhookWithAHangingGatewayIsReleasedInTime(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
			t.Fatalf("complete: %d %+v", code, body)
		}
		if _, err := f.sb.Config.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{PaymentID: o.PaymentID, Full: true, Reason: "콘솔 취소"}); err != nil {
			t.Fatal(err)
		}
		gw := &hangingGateway{next: http.DefaultTransport, hang: getOf(o.PaymentID)}
		pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: gw}),
			portone.WithTimeout(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		base := f.hookedInstance(t, func(c *shop.Config) { c.PortOne, c.WebhookLease = pc, testLease })
		code, took := timed(func() int { return f.portoneWebhookTo(t, base, "Transaction.Cancelled", o.PaymentID, "msg-hang-1") })
		if code < 500 || took > inTime {
			t.Errorf("Transaction.Cancelled with PortOne not answering: %d after %v, want 5xx within %v", code, took, inTime)
		}
		f.wantNoKeys(t)
		if got := f.order(t, o.ID); got.Status != shop.StatusPaid {
			t.Errorf("order %s before PortOne answered, want paid", got.Status)
		}
		gw.answer()
		if code := f.portoneWebhookTo(t, base, "Transaction.Cancelled", o.PaymentID, "msg-hang-1"); code != http.StatusOK {
			t.Errorf("the redelivery once PortOne answers: %d, want 200", code)
		}
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunded {
			t.Errorf("order %s after the redelivery, want refunded", got.Status)
		}
	})
}

// Transaction.Paid runs the completion (completePortOne), which detaches
// its context from the request with ConfirmTimeout (10 s here): run from
// a webhook, it keeps the callback's shorter bound, so a lookup that
// never answers ends the delivery in time with its key released.
func TestPortOnePaidWebhookWithAHangingGatewayIsReleasedInTime(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	gw := &hangingGateway{next: http.DefaultTransport, hang: getOf(o.PaymentID)}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: gw}),
		portone.WithTimeout(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	base := f.hookedInstance(t, func(c *shop.Config) { c.PortOne, c.WebhookLease = pc, testLease })
	code, took := timed(func() int { return f.portoneWebhookTo(t, base, "Transaction.Paid", o.PaymentID, "msg-hang-2") })
	if code < 500 || took > inTime {
		t.Errorf("Transaction.Paid with PortOne not answering: %d after %v, want 5xx within %v", code, took, inTime)
	}
	f.wantNoKeys(t)
	gw.answer()
	if code := f.portoneWebhookTo(t, base, "Transaction.Paid", o.PaymentID, "msg-hang-2"); code != http.StatusOK {
		t.Errorf("the redelivery once PortOne answers: %d, want 200", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Errorf("order %s, paid %d times; want paid once", got.Status, got.PaidCount)
	}
}

// ORDER_PAID's callback verifies the checkout again (VerifyCommerce, which
// detaches with ConfirmTimeout); Commerce never answering that second
// lookup ends the delivery in time, 5xx, its key released, and the
// redelivery pays the order.
func TestCommercePaidWebhookWithAHangingGatewayIsReleasedInTime(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	ref := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: map[string]any{"order_id": plan.OrderID}})
	gets := 0
	gw := &hangingGateway{next: f.sb.Commerce.Client().Transport, hang: func(r *http.Request) bool {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/"+ref.OrderNumber) {
			return false
		}
		gets++
		return gets > 1 // the handler's lookup is answered, the callback's is not
	}}
	c := f.commerceThrough(t, gw)
	base := f.hookedInstance(t, func(cfg *shop.Config) { cfg.Commerce, cfg.WebhookLease = c, testLease })
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), ref.OrderNumber)
	if err != nil {
		t.Fatal(err)
	}
	deliver := func() int {
		event := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
			OrderName: co.OrderName, Price: plan.Price, Status: int(co.Status), ReceiptStatus: int(co.ReceiptStatus)}
		req, err := webhooktest.NewCommerceRequest(base+"/webhooks/commerce", event.JSON(), false)
		if err != nil {
			t.Fatal(err)
		}
		return statusOf(t, req)
	}
	code, took := timed(deliver)
	if code < 500 || took > inTime {
		t.Errorf("ORDER_PAID with Commerce not answering the callback's lookup: %d after %v, want 5xx within %v", code, took, inTime)
	}
	if n := queryOne[int](t, f, `SELECT COUNT(*) FROM webhook_keys WHERE key = ?`, webhook.CommercePaidKey(ref.OrderNumber)); n != 0 {
		t.Errorf("ORDER_PAID's key held or done after its callback failed, want it released")
	}
	gw.answer()
	if code := deliver(); code != http.StatusOK {
		t.Errorf("the redelivery once Commerce answers: %d, want 200", code)
	}
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Errorf("order %s, paid %d times; want paid once", got.Status, got.PaidCount)
	}
}

// PAYMENT_COMPLETED for an order whose stock went: the callback moves the
// order to refunding and sends the refund. Bootpay never answering the
// refund's calls ends the callback in time (the refund's outcome unknown,
// left to the reconciler under its cancel_id), and once Bootpay answers
// the reconciler refunds it, once.
func TestBootpayPaidWebhookWithAHangingRefundAnswersInTime(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.receipt(o, price, bootpay.StatusPaid)
	f.setStock(t, 0)
	gets := 0
	gw := &hangingGateway{next: http.DefaultTransport, hang: func(r *http.Request) bool {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/"+rid) {
			gets++
			return gets > 1 // the handler's lookup is answered, the callback's are not
		}
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/cancel")
	}}
	bc, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(f.sb.Bootpay.URL()),
		bootpay.WithHTTPClient(&http.Client{Transport: gw}), bootpay.WithTimeout(2*time.Second), fastRetries())
	if err != nil {
		t.Fatal(err)
	}
	base := f.hookedInstance(t, func(c *shop.Config) { c.Bootpay, c.WebhookLease = bc, testLease })
	body := webhooktest.BootpayPayload{WebhookType: "PAYMENT_COMPLETED", ReceiptID: rid, OrderID: o.ID, Price: price, Status: 1}.JSON()
	code, took := timed(func() int {
		resp, err := http.Post(base+"/webhooks/bootpay", "application/json", bytesReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	})
	if took > inTime {
		t.Errorf("PAYMENT_COMPLETED with Bootpay not answering the refund: answered %d after %v, want within %v", code, took, inTime)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Fatalf("order %s, want refunding", got.Status)
	}
	gw.answer()
	f.reconcile(t, 0)
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded {
		t.Errorf("order %s after a pass once Bootpay answers, want refunded", got.Status)
	}
	if n := f.sb.Bootpay.Stats().CancelsApplied; n != 1 {
		t.Errorf("%d cancels applied, want 1", n)
	}
	if n := f.sb.Bootpay.Stats().Requests[bootpaytest.OpConfirm]; n != 0 {
		t.Errorf("%d confirms sent, want none", n)
	}
}
