package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// clockedServer is a reconciling server on f's database with its own log
// and a clock (Config.Now) that runs ahead of the real one by what ahead
// holds; a non-nil cc replaces its Commerce client.
func clockedServer(t *testing.T, f *fixture, cc *commerce.Client) (*shop.Server, *logRecords, *atomic.Int64) {
	t.Helper()
	logs, ahead := &logRecords{}, &atomic.Int64{}
	srv := f.hookedServer(t, func(c *shop.Config) {
		c.Log = slog.New(logs)
		c.Now = func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
		if cc != nil {
			c.Commerce = cc
		}
	})
	return srv, logs, ahead
}

// refusedOnce makes Commerce refuse the next cancellation request (400
// ORDER_CANCEL_NOT_ALLOWED): the refund stays owed, nothing cancelled.
func refusedOnce(f *fixture) {
	f.sb.Commerce.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusBadRequest,
		commercetest.ErrorBody(commercetest.CodeCancelNotAllowed, "")), 1)
}

// buyersRequest opens the buyer's cancellation request "buyer-request" of
// price won of Commerce order number, awaiting the store's decision.
func buyersRequest(t *testing.T, f *fixture, number string, price int64) {
	t.Helper()
	if _, err := f.sb.Config.Commerce.OrderCancellations.Request(context.Background(), commerce.CancelRequestParams{
		OrderNumber: number, CancelID: "buyer-request", Price: price, Message: "환불 요청",
	}); err != nil {
		t.Fatal(err)
	}
}

// refundingBehindBuyersRequest makes a refunding Commerce plan order (its
// coupon ran out before the checkout was verified; the shop's first refund
// was refused) whose buyer has since opened a cancellation request of the
// whole price at Commerce, awaiting the store's decision. It returns the
// order's id and its Commerce order number.
func refundingBehindBuyersRequest(t *testing.T, f *fixture) (id, number string) {
	t.Helper()
	f.exec(t, `UPDATE coupons SET uses_left = 1 WHERE code = 'WELCOME3000'`)
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-pro", CouponCode: "WELCOME3000"})
	f.exec(t, `UPDATE coupons SET uses_left = 0 WHERE code = 'WELCOME3000'`)
	ref := f.sb.Commerce.CompleteCheckout(plan.RequestID, commercetest.CheckoutSpec{})
	refusedOnce(f)
	f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: ref.OrderNumber, OrderID: plan.OrderID})
	if got := f.order(t, plan.OrderID); got.Status != shop.StatusRefunding {
		t.Fatalf("order %s, want refunding", got.Status)
	}
	buyersRequest(t, f, ref.OrderNumber, plan.Price)
	return plan.OrderID, ref.OrderNumber
}

// strayBehindRefusedRefund makes a plan order paid with a first Commerce
// checkout and a second checkout for it, refunded as a stray whose first
// refund Commerce refused: recorded STRAY, not STRAY_REFUNDED, left for
// the reconciler. It returns the order's id and the stray's Commerce
// order number.
func strayBehindRefusedRefund(t *testing.T, f *fixture) (id, number string) {
	t.Helper()
	_, plan := f.post(t, 0, "/api/orders/plan", shop.PlanRequest{PlanKey: "plan-basic"})
	meta := map[string]any{"order_id": plan.OrderID}
	first := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: meta})
	second := f.sb.Commerce.CreateOrder(commercetest.OrderSpec{Price: plan.Price, Metadata: meta})
	if code, body := f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: first.OrderNumber, OrderID: plan.OrderID}); code != http.StatusOK {
		t.Fatalf("first checkout: %d %+v", code, body)
	}
	refusedOnce(f)
	f.post(t, 0, "/api/orders/verify", shop.VerifyRequest{OrderNumber: second.OrderNumber, OrderID: plan.OrderID})
	f.wantAttempts(t, plan.OrderID, "STRAY", 1)
	f.wantAttempts(t, plan.OrderID, "STRAY_REFUNDED", 0)
	return plan.OrderID, second.OrderNumber
}

// strayBehindBuyersRequest is strayBehindRefusedRefund whose buyer has
// since opened a cancellation request of the stray's whole price.
func strayBehindBuyersRequest(t *testing.T, f *fixture) (id, number string) {
	t.Helper()
	id, number = strayBehindRefusedRefund(t, f)
	buyersRequest(t, f, number, 9900)
	return id, number
}

// cancelRequests is how many cancellation requests Commerce received.
func cancelRequests(f *fixture) int {
	return f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]
}

// ageRefund moves the shop's records of its refund of Commerce order
// number (REFUNDING, STRAY) back by d, as if begun d earlier.
func ageRefund(t *testing.T, f *fixture, id, number string, d time.Duration) {
	t.Helper()
	f.exec(t, `UPDATE payment_attempts SET created_at = created_at - ? WHERE order_id = ? AND reference = ?`, d.Milliseconds(), id, number)
}

// A refund the shop owes on a Commerce checkout waits while another
// cancellation request of it is open (requestRest: errAwaitingApproval).
// That request is the store's to decide — a person at the store — and
// should it never be decided the buyer's money stays owed for good. Logged
// at info on every pass, for ever, nobody watching errors would hear of
// it. As PortOne's equivalent (a cancellation REQUESTED for more than a
// day) turns into an error for a person (errCancellationStuck), a Commerce
// refund blocked for a month does too; a request just opened is expected:
// info. Nothing is sent either way.
func TestCommerceRefundBlockedByAnOpenRequestForAMonthIsReported(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		id, _ := refundingBehindBuyersRequest(t, f)
		srv, logs, ahead := clockedServer(t, f, nil)
		sent := cancelRequests(f)
		f.reconcilePasses(t, srv, 1)
		if n := logs.atLeast(slog.LevelError, id); n != 0 {
			t.Errorf("a refund waiting on a request opened just now: %d error records, want none (info)", n)
		}
		ahead.Store(int64(30 * 24 * time.Hour))
		f.reconcilePasses(t, srv, 2)
		if got := f.order(t, id); got.Status != shop.StatusRefunding {
			t.Fatalf("order %s, want still refunding", got.Status)
		}
		if n := cancelRequests(f) - sent; n != 0 {
			t.Errorf("%d cancellation requests sent while the buyer's is open, want none", n)
		}
		if n := logs.atLeast(slog.LevelError, id); n == 0 {
			t.Errorf("a refund blocked for a month by an open cancellation request: no error record naming order %s (logged at info only, every pass, for ever)", id)
		}
	})
}

// wantDecisionOverdue runs the reconciler's passes over a refund of
// Commerce order number, owed by shop order id, that request (its
// cancel_id) holds back: at info
// (naming the order) while it is younger than a day by the shop's clock,
// at 23 hours still; at error once it is 25 hours old, once a pass, the
// error naming the shop's order, the Commerce order, the request and
// Commerce's console, where a person must decide it. Nothing is sent
// meanwhile, and done (how the test reads the refund recorded done) stays
// false.
func wantDecisionOverdue(t *testing.T, f *fixture, srv *shop.Server, logs *logRecords, ahead *atomic.Int64, id, number, request string, done func() bool) {
	t.Helper()
	sent := cancelRequests(f)
	f.reconcilePasses(t, srv, 2)
	if n := logs.atLeast(slog.LevelError, id); n != 0 {
		t.Errorf("a refund waiting on a request opened just now: %d error records naming the order, want none (info)", n)
	}
	if n := logs.atLeast(slog.LevelInfo, id); n == 0 {
		t.Errorf("a refund waiting on a request opened just now: nothing logged naming the order, want info")
	}
	ahead.Store(int64(23 * time.Hour))
	f.reconcilePasses(t, srv, 1)
	if n := logs.atLeast(slog.LevelError, id); n != 0 {
		t.Errorf("a refund waiting on a request opened 23 hours ago: %d error records naming the order, want none yet", n)
	}
	ahead.Store(int64(25 * time.Hour))
	f.reconcilePasses(t, srv, 2)
	words := []string{id, number, request, "Commerce's console"}
	if n := logs.errorsNaming(words...); n != 2 {
		t.Errorf("a refund waiting 25 hours on an undecided request: %d error records naming %q in two passes, want one a pass", n, words)
	}
	if n := cancelRequests(f) - sent; n != 0 {
		t.Errorf("%d cancellation requests sent while a request stands, want none", n)
	}
	if done() {
		t.Errorf("the refund is recorded done while Commerce holds the money")
	}
}

// The order's own refund, held back by the buyer's request (requestRest):
// timed from the request's created_at, even though the refund itself began
// two days before — the store has had the request for minutes, not days.
func TestCommerceRefundWaitingOnTheBuyersRequestIsAnErrorAfterADay(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		id, number := refundingBehindBuyersRequest(t, f)
		ageRefund(t, f, id, number, 48*time.Hour)
		srv, logs, ahead := clockedServer(t, f, nil)
		wantDecisionOverdue(t, f, srv, logs, ahead, id, number, "buyer-request", func() bool {
			return f.order(t, id).Status != shop.StatusRefunding
		})
	})
}

// A stray's refund, held back by the buyer's request of the stray's
// checkout (requestRest), is reported the same way.
func TestCommerceStrayRefundWaitingOnTheBuyersRequestIsAnErrorAfterADay(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		id, number := strayBehindBuyersRequest(t, f)
		srv, logs, ahead := clockedServer(t, f, nil)
		wantDecisionOverdue(t, f, srv, logs, ahead, id, number, "buyer-request", func() bool {
			return f.attempts(t, id, "STRAY_REFUNDED") != 0
		})
		if got := f.order(t, id); got.Status != shop.StatusPaid {
			t.Errorf("order %s, want still paid with its own checkout", got.Status)
		}
	})
}

// A stray's refund whose own request waits for the store's approval
// (Commerce answered it without applying it: cancelCommerce's last case)
// is reported the same way once a day old: sent once, never again.
func TestCommerceStrayRefundAwaitingApprovalIsAnErrorAfterADay(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		id, number := strayBehindRefusedRefund(t, f)
		held := &rewriteRequest{next: f.sb.Commerce.Client().Transport,
			match: func(r *http.Request) bool {
				return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/order/cancel")
			},
			rewrite: func(b []byte) []byte {
				return []byte(strings.ReplaceAll(string(b), `"cancel_immediately":true`, `"cancel_immediately":false`))
			}}
		srv, logs, ahead := clockedServer(t, f, f.commerceThrough(t, held))
		sent := cancelRequests(f)
		f.reconcilePasses(t, srv, 1)
		if n := cancelRequests(f) - sent; n != 1 || len(held.seen) != 1 {
			t.Fatalf("%d cancellation requests on the first pass (%d through the hook), want the stray's one", n, len(held.seen))
		}
		cancelID := cancelIDOf.FindStringSubmatch(held.seen[0])
		if cancelID == nil {
			t.Fatalf("the stray's cancellation request names no cancel_id: %s", held.seen[0])
		}
		wantDecisionOverdue(t, f, srv, logs, ahead, id, number, cancelID[1], func() bool {
			return f.attempts(t, id, "STRAY_REFUNDED") != 0
		})
	})
}

// cancelIDOf finds the cancel_id a cancellation request sends.
var cancelIDOf = regexp.MustCompile(`"cancel_id":"([^"]+)"`)

// createdAt matches a cancellation request's created_at in Commerce's
// answers.
var createdAt = regexp.MustCompile(`"created_at":"[^"]*"`)

// A cancellation list that gives no created_at for the open request is
// timed from when the shop began the refund (its REFUNDING record for the
// order's own refund, its STRAY record for a stray's): info within a day
// of it, error after — never info for ever, nor an error at once.
func TestCommerceOpenRequestWithoutItsTimeCountsFromTheRefund(t *testing.T) {
	for name, setup := range map[string]func(*testing.T, *fixture) (string, string){
		"own refund":   refundingBehindBuyersRequest,
		"stray refund": strayBehindBuyersRequest,
	} {
		t.Run(name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, dsn string) {
				f := newFixture(t, dsn, options{})
				id, number := setup(t, f)
				untimed := &rewriteResponse{next: f.sb.Commerce.Client().Transport,
					match: func(r *http.Request) bool {
						return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/order/cancel")
					},
					rewrite: func(b []byte) []byte { return createdAt.ReplaceAll(b, []byte(`"created_at":null`)) }}
				srv, logs, _ := clockedServer(t, f, f.commerceThrough(t, untimed))
				sent := cancelRequests(f)
				f.reconcilePasses(t, srv, 1)
				if n := logs.atLeast(slog.LevelError, id); n != 0 {
					t.Errorf("a refund begun just now waiting on an untimed open request: %d error records, want none", n)
				}
				ageRefund(t, f, id, number, 25*time.Hour)
				f.reconcilePasses(t, srv, 1)
				if n := logs.errorsNaming(id, number, "buyer-request", "Commerce's console"); n != 1 {
					t.Errorf("a refund begun 25 hours ago waiting on an untimed open request: %d error records naming it, want 1", n)
				}
				if n := cancelRequests(f) - sent; n != 0 {
					t.Errorf("%d cancellation requests sent while the buyer's is open, want none", n)
				}
			})
		})
	}
}
