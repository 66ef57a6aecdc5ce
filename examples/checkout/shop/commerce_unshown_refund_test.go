package shop_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// rewriteResponse is a transport to a gateway whose answers to the
// requests match accepts reach the client rewritten: what a gateway
// writing its fields otherwise than the sandbox would answer.
type rewriteResponse struct {
	next    http.RoundTripper
	match   func(*http.Request) bool
	rewrite func([]byte) []byte
}

func (rw *rewriteResponse) RoundTrip(r *http.Request) (*http.Response, error) {
	return withBody(rw.next, r, rw.match, rw.rewrite)
}

// logRecords is a slog.Handler keeping every record, for the tests to
// read what the shop logged and at which level.
type logRecords struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (l *logRecords) Enabled(context.Context, slog.Level) bool { return true }

func (l *logRecords) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r.Clone())
	return nil
}

func (l *logRecords) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecords) WithGroup(string) slog.Handler      { return l }

// errorsNaming counts the error-level records whose message and
// attributes together contain every one of words.
func (l *logRecords) errorsNaming(words ...string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.recs {
		if r.Level < slog.LevelError {
			continue
		}
		var text strings.Builder
		text.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool {
			text.WriteString(" " + a.String())
			return true
		})
		all := true
		for _, w := range words {
			all = all && strings.Contains(text.String(), w)
		}
		if all {
			n++
		}
	}
	return n
}

// unknownRequestStatus is a cancellation request status paykit has no
// meaning for: Commerce documents no values, so a rejection it writes
// may read like this.
const unknownRequestStatus = `"status":7,`

// A Commerce cancellation request that reads as applied (action_at set,
// not withdrawn, a status other than 2) is no refund until the Commerce
// order reads cancelled. Here the store rejected the shop's request and
// Commerce's listing writes the rejection under a status paykit does not
// know: the order stays refunding across passes on two instances, with no
// REFUNDED record, no second cancellation request (no new cancel_id on
// that evidence) and an error logged naming the order number and the
// cancel_id. Once the store refunds the order by hand and it reads
// cancelled, the next pass records the refund, once.
func TestCommerceRefundCountsOnlyWhenTheOrderShowsIt(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		id, number, _ := f.awaitingApprovalCommerceRefund(t)
		reqs := f.cancellationRequests(t, number)
		if len(reqs) != 1 {
			t.Fatalf("cancellation requests %+v, want one", reqs)
		}
		cancelID := reqs[0].CancelID
		ctx := context.Background()
		if _, err := f.sb.Config.Commerce.OrderCancellations.Reject(ctx, reqs[0].ID, "거절"); err != nil {
			t.Fatal(err)
		}
		if got := f.cancellationRequests(t, number)[0]; got.Status != commercetest.CancellationRejected || got.ActionAt.IsZero() {
			t.Fatalf("the rejected request reads %+v, want status %d and action_at set", got, commercetest.CancellationRejected)
		}
		rw := &rewriteResponse{next: f.sb.Commerce.Client().Transport,
			match: func(r *http.Request) bool {
				return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/order/cancel")
			},
			rewrite: func(b []byte) []byte {
				return bytes.ReplaceAll(b, []byte(`"status":2,`), []byte(unknownRequestStatus))
			}}
		logs := &logRecords{}
		var passes [2]*shop.Server
		for i := range passes {
			passes[i] = f.hookedServer(t, func(c *shop.Config) {
				c.Commerce, c.Log = f.commerceThrough(t, rw), slog.New(logs)
			})
		}
		reconcile := func(i int) {
			t.Helper()
			if _, err := passes[i%2].ReconcileOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}

		const n = 4
		for i := range n {
			reconcile(i)
		}
		if got := f.order(t, id); got.Status != shop.StatusRefunding {
			t.Errorf("order %s while the Commerce order is still paid, want refunding", got.Status)
		}
		f.wantAttempts(t, id, "REFUNDED", 0)
		f.wantAttempts(t, id, "CANCEL_FAILED", 0)
		if k := f.sb.Commerce.Stats().Requests[commercetest.OpCancelRequest]; k != 1 {
			t.Errorf("%d cancellation requests after %d passes, want the first one only", k, n)
		}
		if k := logs.errorsNaming(number, cancelID); k < n {
			t.Errorf("%d error-level records naming order %s and cancel_id %s in %d passes, want one a pass", k, number, cancelID, n)
		}

		// The store refunds the order by hand (its console): the order
		// now reads cancelled, which is the refund the shop waits for.
		co, err := f.sb.Config.Commerce.Orders.Get(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.sb.Config.Commerce.OrderCancellations.Request(ctx, commerce.CancelRequestParams{
			OrderNumber: number, CancelID: "console-refund", Price: co.Price.Int64(), TaxFreePrice: co.TaxFreePrice.Int64(),
			Message: "관리자 환불", Immediately: true, AsSupervisor: true,
		}); err != nil {
			t.Fatal(err)
		}
		reconcile(1)
		reconcile(0)
		if got := f.order(t, id); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonCouponInvalid {
			t.Errorf("order %s (%q) once the Commerce order reads cancelled, want refunded (coupon_invalid)", got.Status, got.Reason)
		}
		f.wantAttempts(t, id, "REFUNDED", 1)
		end := f.sb.Commerce.Stats()
		if end.Requests[commercetest.OpCancelRequest] != 2 || end.CancellationsApplied != 1 {
			t.Errorf("%d cancellation requests, %d applied; want the shop's and the store's, one applied",
				end.Requests[commercetest.OpCancelRequest], end.CancellationsApplied)
		}
	})
}
