package shop_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// timeoutAfterConfirm is a transport to Bootpay under which every confirm
// reaches Bootpay and is applied, and then the client's wait for the
// reply times out.
type timeoutAfterConfirm struct{}

func (timeoutAfterConfirm) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/confirm") {
		resp.Body.Close()
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	}
	return resp, err
}

// The confirm times out after Bootpay applied it, and the lookup that would
// settle it fails too (Bootpay answers 503 for a while): the order stays
// confirming (202) with its stock held. It ends paid — through the
// reconciler's next tick or through Bootpay's webhook — with one confirm
// at Bootpay, and the browser's retry confirms nothing more.
func TestConfirmTimesOutAfterBootpayApplied(t *testing.T) {
	for _, settleBy := range []string{"reconciler", "webhook"} {
		t.Run(settleBy, func(t *testing.T) {
			eachDB(t, func(t *testing.T, dsn string) {
				f := newFixture(t, dsn, options{bootpay: []bootpay.Option{bootpay.WithHTTPClient(&http.Client{Transport: timeoutAfterConfirm{}})}})
				o := f.newOrder(t, shop.FlowBootpay)
				receiptID := f.receipt(o, price)
				f.sb.Bootpay.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1) // the check before the confirm
				f.sb.Bootpay.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), -1)

				code, body := f.confirm(t, 0, receiptID, o.ID)
				if code != http.StatusAccepted || body.Status != shop.StatusConfirming {
					t.Fatalf("got %d %+v, want 202 confirming", code, body)
				}
				f.wantOrder(t, o.ID, shop.StatusConfirming, receiptID, 0, 9)
				f.wantBootpay(t, 1, 1, 0)
				f.sb.Bootpay.ClearFaults() // Bootpay answers again
				switch settleBy {
				case "reconciler":
					ticks := make(chan time.Time)
					ctx, stop := context.WithCancel(context.Background())
					done := make(chan struct{})
					go func() { f.inst[0].srv.RunReconciler(ctx, ticks); close(done) }()
					ticks <- time.Now() // one interval passes
					ticks <- time.Now() // and another: the first pass has finished
					stop()
					<-done
				case "webhook":
					if code := f.bootpayWebhook(t, 0, receiptID, o.ID, price); code != http.StatusOK {
						t.Fatalf("webhook: %d", code)
					}
				}
				f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
				f.wantBootpay(t, 1, 1, 0)
				if code, body := f.confirm(t, 0, receiptID, o.ID); code != http.StatusOK || !body.Success {
					t.Errorf("the browser's retry: %d %+v, want 200 paid", code, body)
				}
				f.wantBootpay(t, 1, 1, 0)
			})
		})
	}
}

// afterConfirm is a transport to Bootpay that runs a function once Bootpay
// has applied a confirm and before its reply reaches the client.
type afterConfirm struct {
	next http.RoundTripper
	run  func()
}

func (a afterConfirm) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := a.next.RoundTrip(req)
	if err == nil && req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/confirm") {
		a.run()
	}
	return resp, err
}

// The buyer closes the tab while Bootpay is confirming: after Bootpay
// applied the confirm and before its reply is read, the browser goes away
// and the server cancels the request's context. The confirm is seen to its
// end anyway: the order ends paid, confirmed once.
func TestBuyerClosesTheTabMidConfirm(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx, closeTab := context.WithCancel(context.Background())
		defer closeTab()
		requests := make(chan context.Context, 1) // the handler's request context
		closeTabAndWait := func() {
			closeTab()
			select {
			case <-(<-requests).Done(): // the server noticed the browser leave
			case <-time.After(5 * time.Second):
				t.Error("the server never cancelled the request's context")
			}
		}
		f := newFixture(t, dsn, options{bootpay: []bootpay.Option{bootpay.WithHTTPClient(&http.Client{Transport: afterConfirm{http.DefaultTransport, closeTabAndWait}})}})
		o := f.newOrder(t, shop.FlowBootpay)
		receiptID := f.receipt(o, price)

		handled := make(chan error, 1) // the request context's error when the handler returned
		h := f.inst[0].srv.Handler()
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests <- r.Context()
			h.ServeHTTP(w, r)
			handled <- r.Context().Err()
		}))
		defer api.Close()

		req, err := http.NewRequestWithContext(ctx, http.MethodPost, api.URL+"/api/confirm",
			strings.NewReader(`{"receipt_id":"`+receiptID+`","order_id":"`+o.ID+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if resp, err := f.browser.Do(req); !errors.Is(err, context.Canceled) { // the buyer's session: the order is theirs
			if err == nil {
				resp.Body.Close()
			}
			t.Fatalf("the browser got %v, want its own cancellation", err)
		}
		select {
		case err := <-handled:
			if err == nil {
				t.Fatal("the handler's request context was never cancelled: the test did not close the tab mid-confirm")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the handler did not return")
		}
		f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
		f.wantBootpay(t, 1, 1, 0)
	})
}

// The webhook arrives before the browser's callback.
//
// Server confirm: the confirm's reply is lost and Bootpay cannot be looked
// up, so the browser is told 202 confirming; Bootpay's webhook then marks
// the order paid, and the browser's retry finds it paid — one confirm.
//
// Client confirm: the browser's Bootpay.confirm() succeeded but the
// webhook reaches the server before /api/payment/complete: the webhook
// takes the stock and marks the order paid; the callback finds it paid.
func TestWebhookBeforeTheBrowserCallback(t *testing.T) {
	t.Run("server confirm", func(t *testing.T) {
		eachDB(t, func(t *testing.T, dsn string) {
			f := newFixture(t, dsn, options{instances: 2})
			o := f.newOrder(t, shop.FlowBootpay)
			receiptID := f.receipt(o, price)
			f.loseConfirmReplyWhileBootpayIsDown()
			if code, body := f.confirm(t, 0, receiptID, o.ID); code != http.StatusAccepted {
				t.Fatalf("got %d %+v, want 202 confirming", code, body)
			}
			f.sb.Bootpay.ClearFaults()
			if code := f.bootpayWebhook(t, 1, receiptID, o.ID, price); code != http.StatusOK {
				t.Fatalf("webhook: %d", code)
			}
			f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
			if code, body := f.confirm(t, 0, receiptID, o.ID); code != http.StatusOK || body.Status != shop.StatusPaid {
				t.Fatalf("the browser's retry: %d %+v, want 200 paid", code, body)
			}
			f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
			f.wantBootpay(t, 1, 1, 0)
		})
	})
	t.Run("client confirm", func(t *testing.T) {
		eachDB(t, func(t *testing.T, dsn string) {
			f := newFixture(t, dsn, options{instances: 2})
			o := f.newOrder(t, shop.FlowBootpayClient)
			receiptID := f.receipt(o, price, bootpay.StatusPaid) // Bootpay.confirm() in the browser
			for range 2 {                                        // and a redelivery
				if code := f.bootpayWebhook(t, 1, receiptID, o.ID, price); code != http.StatusOK {
					t.Fatalf("webhook: %d", code)
				}
			}
			f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
			code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: receiptID, OrderID: o.ID})
			if code != http.StatusOK || body.Status != shop.StatusPaid {
				t.Fatalf("callback: %d %+v, want 200 paid", code, body)
			}
			f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
			f.wantBootpay(t, 0, 0, 0)
		})
	})
}

// failPaidUpdates makes the database refuse to mark any order paid, as a
// database failing right after Bootpay confirmed would; the returned
// function heals it.
func (f *fixture) failPaidUpdates(t *testing.T) (heal func()) {
	t.Helper()
	if f.inst[0].db.Dialect() == "postgres" {
		f.exec(t, `CREATE FUNCTION fail_paid() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.status = 'paid' THEN RAISE EXCEPTION 'injected: the database is unavailable'; END IF; RETURN NEW; END $$`)
		f.exec(t, `CREATE TRIGGER fail_paid BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION fail_paid()`)
		return func() { f.exec(t, `DROP TRIGGER fail_paid ON orders`) }
	}
	f.exec(t, `CREATE TRIGGER fail_paid BEFORE UPDATE OF status ON orders WHEN NEW.status = 'paid'
		BEGIN SELECT RAISE(ABORT, 'injected: the database is unavailable'); END`)
	return func() { f.exec(t, `DROP TRIGGER fail_paid`) }
}

// The database fails the commit that marks the order paid, after Bootpay
// confirmed. As documented on Confirm, this is settled by reconciliation,
// not by a refund: the order stays confirming with its stock held (the
// hold was committed before the confirm), the answer is 202, and the
// reconciler's first pass after the database recovers marks it paid —
// without confirming or refunding anything.
func TestCommitFailsAfterTheConfirm(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.newOrder(t, shop.FlowBootpay)
		receiptID := f.receipt(o, price)
		heal := f.failPaidUpdates(t)

		code, body := f.confirm(t, 0, receiptID, o.ID)
		if code != http.StatusAccepted || body.Status != shop.StatusConfirming {
			t.Errorf("got %d %+v, want 202 confirming", code, body)
		}
		f.wantOrder(t, o.ID, shop.StatusConfirming, receiptID, 0, 9)
		f.wantBootpay(t, 1, 1, 0)
		f.reconcile(t, 0) // the database is still down: nothing changes
		f.wantOrder(t, o.ID, shop.StatusConfirming, receiptID, 0, 9)

		heal()
		f.reconcile(t, 0)
		f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
		f.wantBootpay(t, 1, 1, 0)
		if rc, _ := f.sb.Bootpay.Receipt(receiptID); rc.Status != bootpay.StatusPaid {
			t.Errorf("receipt %s, want paid (kept, not refunded)", rc.Status)
		}
	})
}
