package shop_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// complete is the browser's POST /payment/complete to instance i.
func (f *fixture) complete(t *testing.T, i int, paymentID, orderID string) (int, reply) {
	t.Helper()
	return f.post(t, i, "/payment/complete", shop.CompleteRequest{PaymentID: paymentID, OrderID: orderID})
}

// portoneWebhook delivers a signed PortOne Transaction.* webhook to
// instance i and returns the answer's status.
func (f *fixture) portoneWebhook(t *testing.T, i int, eventType, paymentID, webhookID string) int {
	t.Helper()
	return f.portoneWebhookTo(t, f.inst[i].api.URL, eventType, paymentID, webhookID)
}

// portoneWebhookTo is portoneWebhook to the instance at base.
func (f *fixture) portoneWebhookTo(t *testing.T, base, eventType, paymentID, webhookID string) int {
	t.Helper()
	body := webhooktest.PortOneTransaction(eventType, time.Now(), portonetest.StoreID, paymentID, "tx-"+paymentID, "")
	return postPortOneWebhook(t, base, webhookID, body)
}

// postPortOneWebhook delivers body, signed as PortOne's webhook webhookID,
// to the instance at base and returns the answer's status.
func postPortOneWebhook(t *testing.T, base, webhookID string, body []byte) int {
	t.Helper()
	h, err := webhooktest.PortOneHeaders(shop.SandboxWebhookSecret, webhookID, time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, base+"/webhooks/portone", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	return statusOf(t, req)
}

// The browser (and its retries) on both instances and PortOne's webhook
// race for one payment: the order becomes paid once, one pair leaves.
func TestPortOnePaidOnceUnderConcurrency(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() {
				if i%2 == 0 {
					if code, body := f.complete(t, i/2%2, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
						t.Errorf("browser: %d %+v", code, body)
					}
					return
				}
				// PortOne redelivers until it gets a 200.
				code := 0
				for try := 0; try < 100 && code != http.StatusOK; try++ {
					if try > 0 {
						time.Sleep(5 * time.Millisecond)
					}
					code = f.portoneWebhook(t, i/2%2, "Transaction.Paid", o.PaymentID, "msg-1")
				}
				if code != http.StatusOK {
					t.Errorf("webhook: %d", code)
				}
			})
		}
		wg.Wait()
		f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
	})
}

// Each payment status, a forged amount or currency, and a payment PortOne
// does not have get their answer and leave the order as they should.
func TestPortOneEveryStatus(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		for _, tc := range []struct {
			name       string
			spec       portonetest.PaymentSpec // Total 0: no payment at PortOne
			code       int
			message    string
			orderAfter string
			reason     string
		}{
			{"paid", portonetest.PaymentSpec{Total: price}, 200, "", shop.StatusPaid, ""},
			{"virtual account", portonetest.PaymentSpec{Total: price, Status: portone.PaymentStatusVirtualAccountIssued}, 200, "", shop.StatusAwaitingDeposit, ""},
			// A virtual-account payment whose method is no account: nothing to
			// show, nothing held; the deposit's webhook completes it later.
			{"virtual account without an account", portonetest.PaymentSpec{Total: price, Status: portone.PaymentStatusVirtualAccountIssued,
				Method: &portone.PaymentMethodCard{}}, 202, "가상계좌 정보를 확인 중", shop.StatusPending, ""},
			{"ready", portonetest.PaymentSpec{Total: price, Status: portone.PaymentStatusReady}, 202, "결제 확인 중", shop.StatusPending, ""},
			{"pay pending", portonetest.PaymentSpec{Total: price, Status: portone.PaymentStatusPayPending}, 202, "결제 확인 중", shop.StatusPending, ""},
			{"failed", portonetest.PaymentSpec{Total: price, Status: portone.PaymentStatusFailed}, 400, "카드 한도 초과", shop.StatusPending, shop.ReasonPaymentFailed},
			{"cancelled", portonetest.PaymentSpec{Total: price, Status: portone.PaymentStatusCancelled}, 409, "취소된 결제", shop.StatusPending, shop.ReasonCancelled},
			{"partially cancelled", portonetest.PaymentSpec{Total: price, Status: portone.PaymentStatusPartialCancelled}, 409, "취소된 결제", shop.StatusPending, shop.ReasonCancelled},
			{"forged amount", portonetest.PaymentSpec{Total: 50}, 400, "위변조 의심", shop.StatusPending, ""},
			{"forged currency", portonetest.PaymentSpec{Total: price, Currency: portone.CurrencyUSD}, 400, "위변조 의심", shop.StatusPending, ""},
			{"not at PortOne", portonetest.PaymentSpec{}, 404, "찾을 수 없어요", shop.StatusPending, ""},
		} {
			o := f.newOrder(t, shop.FlowPortOne)
			if tc.spec.Total > 0 {
				tc.spec.ID = o.PaymentID
				f.sb.PortOne.CreatePayment(tc.spec)
			}
			code, body := f.complete(t, 0, o.PaymentID, o.ID)
			if code != tc.code || !strings.Contains(body.Message, tc.message) {
				t.Errorf("%s: got %d %q, want %d %q", tc.name, code, body.Message, tc.code, tc.message)
			}
			if got := f.order(t, o.ID); got.Status != tc.orderAfter || got.Reason != tc.reason {
				t.Errorf("%s: order %s (%q), want %s (%q)", tc.name, got.Status, got.Reason, tc.orderAfter, tc.reason)
			}
			if tc.orderAfter == shop.StatusAwaitingDeposit && (body.VirtualAccount == nil || body.VirtualAccount.AccountNumber == "" || body.VirtualAccount.Bank == "") {
				t.Errorf("virtual account not shown: %+v", body.VirtualAccount)
			}
		}
		// One paid, one virtual account holding its pair.
		if got := f.stock(t); got != 8 {
			t.Errorf("stock %d, want 8", got)
		}

		paid := f.newOrder(t, shop.FlowPortOne)
		other := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: paid.PaymentID, Total: price})
		for _, tc := range []struct {
			body    any
			code    int
			message string
		}{
			{shop.CompleteRequest{PaymentID: paid.PaymentID, OrderID: other.ID}, 400, "위변조 의심"},
			{shop.CompleteRequest{PaymentID: "payment-unknown", OrderID: other.ID}, 404, "찾을 수 없어요"},
			{shop.CompleteRequest{OrderID: other.ID}, 400, "bad request"},
			{"{", 400, "bad request"},
		} {
			if code, body := f.post(t, 0, "/payment/complete", tc.body); code != tc.code || !strings.Contains(body.Message, tc.message) {
				t.Errorf("%v: got %d %q", tc.body, code, body.Message)
			}
		}
		if got := f.order(t, other.ID); got.Status != shop.StatusPending {
			t.Errorf("the other order is %s", got.Status)
		}
		resp, err := http.Get(f.inst[0].api.URL + "/payment/complete")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET: %d", resp.StatusCode)
		}
	})
}

// While PortOne fails, /payment/complete answers 502 and changes nothing
// (the lookup retried); once it is back, the same request pays the order.
func TestPortOneDown(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	f.sb.PortOne.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(503, ""), -1)
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusBadGateway {
		t.Fatalf("PortOne down: %d %+v", code, body)
	}
	f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)
	if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentGet]; n != 3 {
		t.Errorf("%d lookups, want 3 (retried)", n)
	}
	f.sb.PortOne.ClearFaults()
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Fatalf("PortOne back: %d %+v", code, body)
	}
	f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
}

// The same endpoint with access tokens instead of the secret on every
// request: one login serves three completions.
func TestPortOneTokenAuth(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{portone: []portone.Option{portone.WithTokenAuth()}})
	for range 3 {
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
			t.Fatalf("%d %+v", code, body)
		}
	}
	if n := f.sb.PortOne.Stats().TokensIssued; n != 1 {
		t.Errorf("logins %d, want 1", n)
	}
}

// A virtual account: /payment/complete shows the account and holds the
// pair; the buyer deposits; PortOne's Transaction.Paid webhook makes the
// order paid, once, and a redelivery changes nothing. Without the webhook,
// the reconciler's lookup finds the deposit.
func TestVirtualAccountDeposit(t *testing.T) {
	for _, by := range []string{"webhook", "reconciler"} {
		t.Run(by, func(t *testing.T) {
			eachDB(t, func(t *testing.T, dsn string) {
				f := newFixture(t, dsn, options{})
				o := f.newOrder(t, shop.FlowPortOne)
				f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued})
				code, body := f.complete(t, 0, o.PaymentID, o.ID)
				if code != http.StatusOK || body.Status != shop.StatusAwaitingDeposit || body.VirtualAccount == nil {
					t.Fatalf("got %d %+v, want 200 awaiting_deposit with the account", code, body)
				}
				f.wantOrder(t, o.ID, shop.StatusAwaitingDeposit, "", 0, 9)

				if _, err := f.sb.PortOne.Deposit(o.PaymentID); err != nil {
					t.Fatal(err)
				}
				switch by {
				case "webhook":
					for range 2 {
						if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-deposit"); code != http.StatusOK {
							t.Fatalf("webhook: %d", code)
						}
					}
				case "reconciler":
					f.reconcile(t, 0)
				}
				f.wantOrder(t, o.ID, shop.StatusPaid, "", 1, 9)
				if code, body := f.get(t, 0, "/api/orders/"+o.ID); code != http.StatusOK || !body.Success {
					t.Errorf("result page: %d %+v", code, body)
				}
			})
		})
	}
}

// A PortOne payment completes after the last pair went to another buyer:
// the money is refunded in full under an Idempotency-Key derived from the
// order, once, and the order ends refunded with its reason.
func TestPortOnePaidAfterStockWentIsRefunded(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		f.setStock(t, 0)
		for range 2 {
			f.complete(t, 0, o.PaymentID, o.ID)
		}
		got := f.order(t, o.ID)
		if got.Status != shop.StatusRefunded || got.Reason != shop.ReasonOutOfStock || got.PaidCount != 0 {
			t.Errorf("order %s (%q, paid %d), want refunded for out_of_stock", got.Status, got.Reason, got.PaidCount)
		}
		p, _ := f.sb.PortOne.Payment(o.PaymentID)
		if p.Status != portone.PaymentStatusCancelled {
			t.Errorf("payment %s, want CANCELLED", p.Status)
		}
		if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]; n != 1 {
			t.Errorf("%d cancels sent, want 1", n)
		}
	})
}

// A PortOne refund answered with a FAILED cancellation, or refused by the
// PG (502 PG_PROVIDER), refunded nothing: it is sent again under a NEW
// Idempotency-Key: under the same key PortOne
// would only return the stored failure for as long as it keeps the key. A
// retry after any other outcome keeps the key, so the refund is applied
// once, and the failure is recorded.
func TestPortOneRefundAfterFailedCancellationUsesANewKey(t *testing.T) {
	for name, failure := range map[string]portonetest.Fault{
		"FAILED cancellation": portonetest.Faults.Status(http.StatusOK, fmt.Sprintf(`{"cancellation":{"status":"FAILED","id":"cx-failed","totalAmount":%d,"taxFreeAmount":0,"vatAmount":0,"reason":"PG 거절","requestedAt":"2026-11-28T00:00:00Z"}}`, price)),
		"PG_PROVIDER":         portonetest.Faults.Status(http.StatusBadGateway, `{"type":"PG_PROVIDER","message":"PG사 오류","pgCode":"F001","pgMessage":"취소 불가"}`),
	} {
		t.Run(name, func(t *testing.T) { testPortOneRefundAfterFailure(t, failure) })
	}
}

func testPortOneRefundAfterFailure(t *testing.T, failure portonetest.Fault) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		o := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
		f.setStock(t, 0)
		f.sb.PortOne.Inject(portonetest.OpPaymentCancel, failure, 1)
		f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusServiceUnavailable, `{"type":"INTERNAL","message":"down"}`), 1)
		f.complete(t, 0, o.PaymentID, o.ID)
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
			t.Fatalf("order %s, want refunding after a failed cancel", got.Status)
		}
		f.reconcile(t, 1) // a 503: the key stays
		f.reconcile(t, 0) // applied
		var keys []string
		for _, r := range f.sb.PortOne.Requests() {
			if r.Op == portonetest.OpPaymentCancel {
				keys = append(keys, r.IdempotencyKey)
			}
		}
		if len(keys) < 3 || keys[0] == keys[1] || keys[len(keys)-1] != keys[1] {
			t.Errorf("cancel keys %q: want a new key after the FAILED one, then the same key for every retry", keys)
		}
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunded {
			t.Errorf("order %s, want refunded", got.Status)
		}
		if n := f.sb.PortOne.Stats().CancelsApplied; n != 1 {
			t.Errorf("%d cancels applied, want 1", n)
		}
		f.wantAttempts(t, o.ID, "CANCEL_FAILED", 1)
	})
}

// Outside sandbox mode a payment through a PortOne TEST channel moved no
// money and never pays an order; a LIVE channel's payment does.
func TestPortOneTestChannelNeverPays(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) { c.AcceptTestPayments = false }})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price}) // the sandbox's default: a TEST channel
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusBadRequest || body.Status == shop.StatusPaid {
		t.Errorf("test channel: %d %+v, want 400", code, body)
	}
	f.wantOrder(t, o.ID, shop.StatusPending, "", 0, 10)

	live := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: live.PaymentID, Total: price,
		Channel: &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, PGProvider: portone.PGProviderTosspayments, PGMerchantID: "tosstest"}})
	if code, body := f.complete(t, 0, live.PaymentID, live.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Errorf("live channel: %d %+v, want 200 paid", code, body)
	}
}

// Seed 003: the buyer paid through PortOne and neither the browser's
// callback (a closed tab, a mobile redirect lost) nor the webhook (off, or
// lost) reached the shop. A reconciler pass looks the pending order's
// payment up and completes it. Its lookups are bounded: an order older
// than Config.PendingLookback is not looked up, and an order looked up
// once is not looked up again before a quarter of its age has passed.
func TestReconcilerCompletesAPaidPendingPortOneOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		lookups := func() int { return f.sb.PortOne.Stats().Requests[portonetest.OpPaymentGet] }
		paid := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: paid.PaymentID, Total: price})
		abandoned := f.newOrder(t, shop.FlowPortOne) // the window was opened and left
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: abandoned.PaymentID, Total: price, Status: portone.PaymentStatusReady})
		before := lookups()
		f.reconcile(t, 0)
		if got := f.order(t, paid.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
			t.Errorf("PortOne says PAID; after a reconciler pass the order is %s (paid %d times), want paid once", got.Status, got.PaidCount)
		}
		if got := f.order(t, abandoned.ID); got.Status != shop.StatusPending {
			t.Errorf("abandoned order %s, want pending", got.Status)
		}
		if n := lookups() - before; n != 2 {
			t.Errorf("%d payment lookups in the first pass, want 2 (the paid and the abandoned order)", n)
		}

		// The abandoned order is an hour old now: its next lookup waits a
		// quarter of that. An order older than the lookback, paid, is not
		// looked up at all.
		f.exec(t, `UPDATE orders SET created_at = created_at - 3600000 WHERE id = ?`, abandoned.ID)
		old := f.newOrder(t, shop.FlowPortOne)
		f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: old.PaymentID, Total: price})
		f.exec(t, `UPDATE orders SET created_at = created_at - ? WHERE id = ?`, (shop.DefaultPendingLookback + time.Hour).Milliseconds(), old.ID)
		before = lookups()
		f.reconcile(t, 0)
		if n := lookups() - before; n != 0 {
			t.Errorf("%d payment lookups in the next pass, want 0", n)
		}
		if got := f.order(t, old.ID); got.Status != shop.StatusPending {
			t.Errorf("an order older than the lookback was completed (%s): it should not even be looked up", got.Status)
		}
	})
}

// PortOne's Transaction.Paid can arrive before its payment lookup shows
// PAID (here: a virtual account's deposit, the lookup still saying
// VIRTUAL_ACCOUNT_ISSUED). The webhook is then not acknowledged — its
// process-once key is not marked done — so PortOne's redelivery, once the
// lookup has caught up, completes the order.
func TestPortOnePaidWebhookBeforeTheLookupIsRedelivered(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued})
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-paid"); code == http.StatusOK {
		t.Errorf("Transaction.Paid whose lookup is not PAID yet: %d, want it delivered again (not 200)", code)
	}
	if _, err := f.sb.PortOne.Deposit(o.PaymentID); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-paid"); code != http.StatusOK {
		t.Errorf("redelivery: %d, want 200", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Errorf("order %s (paid %d times) after the redelivery, want paid once", got.Status, got.PaidCount)
	}
}

// A Transaction.Paid whose lookup shows a status this package does not
// know (OutcomeUnrecognized: PortOne added one) is not acknowledged
// either: marking its key done would leave the order unpaid once the
// lookup reads PAID. The redelivery completes the order once.
func TestPortOnePaidWebhookWithAnUnknownStatusIsRedelivered(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	hooked := f.hookedInstance(t, func(c *shop.Config) {
		rt := &rewriteResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), rewrite: func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"status":"PAID"`), []byte(`"status":"PAID_LATER_STATUS"`), 1)
		}}
		pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			t.Fatal(err)
		}
		c.PortOne = pc
	})
	if code := f.portoneWebhookTo(t, hooked, "Transaction.Paid", o.PaymentID, "msg-paid"); code == http.StatusOK {
		t.Errorf("Transaction.Paid whose lookup shows an unknown status: %d, want it delivered again (not 200)", code)
	}
	if got := f.order(t, o.ID); got.Status == shop.StatusPaid {
		t.Errorf("order paid on an unknown status")
	}
	if code := f.portoneWebhook(t, 0, "Transaction.Paid", o.PaymentID, "msg-paid"); code != http.StatusOK {
		t.Errorf("redelivery: %d, want 200", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Errorf("order %s (paid %d times) after the redelivery, want paid once", got.Status, got.PaidCount)
	}
}

// dropChannelOnce removes "channel" from the first reply to a request
// match accepts, as a PortOne reply leaving the member out once would.
type dropChannelOnce struct {
	next    http.RoundTripper
	match   func(*http.Request) bool
	dropped atomic.Bool
}

var channelMember = regexp.MustCompile(`"channel":\{[^{}]*\},?`)

func (d *dropChannelOnce) RoundTrip(r *http.Request) (*http.Response, error) {
	if d.dropped.Load() {
		return d.next.RoundTrip(r)
	}
	return withBody(d.next, r, d.match, func(b []byte) []byte {
		out := channelMember.ReplaceAll(b, nil)
		if !bytes.Equal(out, b) {
			d.dropped.Store(true)
		}
		return out
	})
}

// Without AllowTest (production: AcceptTestPayments false), a PAID
// payment whose lookup leaves the channel out fails Verify with a
// channel.type mismatch naming no channel. Its Transaction.Paid is
// delivered again, never acknowledged as a verdict (which would mark the
// webhook's key done): the redelivery, whose lookup names the LIVE
// channel, completes the order once.
func TestPortOnePaidWithoutAChannelIsRedelivered(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price,
		Channel: &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, PGProvider: portone.PGProviderTosspayments, PGMerchantID: "tosstest"}})
	client := func(rt http.RoundTripper) *portone.Client {
		pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			t.Fatal(err)
		}
		return pc
	}
	drop := &dropChannelOnce{next: http.DefaultTransport, match: getOf(o.PaymentID)}
	noChannel := f.hookedInstance(t, func(c *shop.Config) { c.AcceptTestPayments, c.PortOne = false, client(drop) })
	live := f.hookedInstance(t, func(c *shop.Config) { c.AcceptTestPayments, c.PortOne = false, client(http.DefaultTransport) })

	code := f.portoneWebhookTo(t, noChannel, "Transaction.Paid", o.PaymentID, "msg-noch")
	if !drop.dropped.Load() {
		t.Fatal("the lookup's channel was not dropped")
	}
	if code == http.StatusOK {
		t.Errorf("Transaction.Paid whose lookup names no channel: %d, want it delivered again (not 200)", code)
	}
	if code := f.portoneWebhookTo(t, live, "Transaction.Paid", o.PaymentID, "msg-noch"); code != http.StatusOK {
		t.Errorf("redelivery: %d, want 200", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusPaid || got.PaidCount != 1 {
		t.Errorf("order %s (paid %d times) after the redelivery with a LIVE channel, want paid once", got.Status, got.PaidCount)
	}
}
