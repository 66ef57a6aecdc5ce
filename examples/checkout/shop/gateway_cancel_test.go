package shop_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// afterResponse is a transport to a gateway that runs hook(n) after the
// n-th response to a request match accepts has been read from the gateway
// and before the client sees it: the moment between a lookup and what the
// shop does with it.
type afterResponse struct {
	next  http.RoundTripper
	match func(*http.Request) bool
	hook  func(n int)
	mu    sync.Mutex
	n     int
}

func (a *afterResponse) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := a.next.RoundTrip(r)
	if err != nil || !a.match(r) {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return nil, rerr
	}
	a.mu.Lock()
	a.n++
	n := a.n
	a.mu.Unlock()
	a.hook(n)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// getOf matches the lookups of one payment (a GET whose path ends in /id).
func getOf(id string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/"+id)
	}
}

// hookedInstance is one more shop instance on the fixture's database whose
// config tweak swaps a client for one going through a hook; it returns the
// instance's URL.
func (f *fixture) hookedInstance(t *testing.T, tweak func(*shop.Config)) string {
	t.Helper()
	cfg := f.sb.Config
	cfg.DB, cfg.ConfirmTimeout, cfg.PollLookupEvery = f.inst[0].db, 10*time.Second, time.Nanosecond
	tweak(&cfg)
	srv, err := shop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(srv.Handler())
	t.Cleanup(api.Close)
	return api.URL
}

// bootpayThrough is a Bootpay client to the sandbox through rt.
func (f *fixture) bootpayThrough(t *testing.T, rt http.RoundTripper) *bootpay.Client {
	t.Helper()
	c, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(f.sb.Bootpay.URL()),
		bootpay.WithHTTPClient(&http.Client{Transport: rt}), fastRetries())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// commerceThrough is a Commerce client to the sandbox through rt, which
// wraps the sandbox's own transport.
func (f *fixture) commerceThrough(t *testing.T, rt http.RoundTripper) *commerce.Client {
	t.Helper()
	hc := *f.sb.Commerce.Client()
	hc.Transport = rt
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(f.sb.Commerce.URL()), commerce.WithHTTPClient(&hc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// postTo sends body as JSON to base+path with the fixture's browser.
func (f *fixture) postTo(t *testing.T, base, path string, body string) (int, reply) {
	t.Helper()
	resp, err := f.browser.Post(base+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

// wantUnpaid checks that the order was never paid, holds nothing, and is
// pending again with reason.
func (f *fixture) wantUnpaid(t *testing.T, id, reason string) {
	t.Helper()
	got := f.order(t, id)
	if got.Status != shop.StatusPending || got.Held || got.PaidCount != 0 || got.Reason != reason {
		t.Errorf("order %s (reason %q), held %v, paid %d times; want pending (%q), nothing held, never paid",
			got.Status, got.Reason, got.Held, got.PaidCount, reason)
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
		if webhookAnswer != http.StatusOK {
			t.Errorf("Transaction.Cancelled while the order is pending: %d, want 200 (recorded)", webhookAnswer)
		}
		if code != http.StatusConflict || body.Success {
			t.Errorf("/payment/complete: %d %s %q, want 409 cancelled", code, body.Status, body.Message)
		}
		f.wantUnpaid(t, o.ID, shop.ReasonCancelled)
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
		if webhookAnswer != http.StatusOK {
			t.Errorf("ORDER_CANCELLED before the order is paid: %d, want 200 (recorded)", webhookAnswer)
		}
		if code != http.StatusConflict || body.Reason != shop.ReasonCancelled {
			t.Errorf("/api/orders/verify: %d %q %q, want 409 cancelled", code, body.Reason, body.Message)
		}
		f.wantUnpaid(t, plan.OrderID, shop.ReasonCancelled)
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
