package shop_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// stuckCancellation makes a refunding PortOne order whose payment's lookup
// lists, once the shop's cancel was answered, cancellation (a JSON object)
// for ever; it returns the order, the reconciling server, its log, and how
// far ahead of the real clock the server's clock (Config.Now) runs.
func stuckCancellation(t *testing.T, cancellation string) (*fixture, *shop.Order, *shop.Server, *logRecords, *atomic.Int64) {
	t.Helper()
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	f.setStock(t, 0) // the stock went: the payment must be refunded
	f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusOK, `{"cancellation":`+cancellation+`}`), -1)
	var listed atomic.Bool
	rt := &rewriteResponse{next: http.DefaultTransport, match: getOf(o.PaymentID), rewrite: func(b []byte) []byte {
		if !listed.Load() {
			return b
		}
		return bytes.Replace(b, []byte(`"status":"PAID",`), []byte(`"status":"PAID","cancellations":[`+cancellation+`],`), 1)
	}}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(f.sb.PortOne.URL()), portone.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	logs := &logRecords{}
	ahead := &atomic.Int64{}
	srv := f.hookedServer(t, func(c *shop.Config) {
		c.PortOne, c.Log = pc, slog.New(logs)
		c.Now = func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	})
	if _, _, err := srv.CompletePortOne(context.Background(), shop.CompleteRequest{PaymentID: o.PaymentID, OrderID: o.ID}); err != nil {
		t.Fatal(err)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Fatalf("order %s, want refunding", got.Status)
	}
	listed.Store(true)
	return f, o, srv, logs, ahead
}

// errorsAbout counts the error-level records naming order o.
func errorsAbout(logs *logRecords, o *shop.Order) int {
	return logs.atLeast(slog.LevelError, o.ID)
}

// wantWaiting checks that the shop sent PortOne its one cancel only, and
// that the order is still refunding.
func wantWaiting(t *testing.T, f *fixture, o *shop.Order) {
	t.Helper()
	if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]; n != 1 {
		t.Errorf("%d cancels sent, want 1 (the shop waits for the listed cancellation)", n)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Errorf("order %s, want refunding", got.Status)
	}
}

// A cancellation PortOne has listed REQUESTED for a month is not "under
// way": the buyer's money is owed and the shop will never send another
// cancel while it is listed. It must reach an operator: an error naming
// the order, every pass, and still nothing sent.
func TestRequestedCancellationForAMonthIsReported(t *testing.T) {
	requested := `{"status":"REQUESTED","id":"cancel-stuck-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,` +
		`"reason":"x","requestedAt":"2020-01-01T00:00:00Z"}`
	f, o, srv, logs, _ := stuckCancellation(t, requested)
	f.reconcilePasses(t, srv, 3)
	wantWaiting(t, f, o)
	if n := errorsAbout(logs, o); n < 3 {
		t.Errorf("a refund waiting since 2020 on a REQUESTED cancellation: %d error records naming the order in three passes, want one a pass", n)
	}
}

// A cancellation of a status this package does not know is no proof a
// refund is under way: the shop cannot tell what it means, sends nothing
// while it is listed, and says so at error level at once ("needs a
// person"), not at info.
func TestUnknownCancellationStatusIsReported(t *testing.T) {
	unknown := `{"status":"ON_HOLD","id":"cancel-unknown-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,` +
		`"reason":"x","requestedAt":"` + time.Now().UTC().Format(time.RFC3339) + `"}`
	f, o, srv, logs, _ := stuckCancellation(t, unknown)
	f.reconcilePasses(t, srv, 1)
	wantWaiting(t, f, o)
	if n := errorsAbout(logs, o); n == 0 {
		t.Errorf("a refund blocked by a cancellation of unknown status: no error record naming the order (only info)")
	}
}

// A REQUESTED cancellation is a PG's asynchronous cancel: expected, and
// logged at info while younger than a day by the shop's clock. Once the
// shop's clock passes a day after its requestedAt, the same wait is an
// error; nothing is sent either way.
func TestRequestedCancellationIsReportedAfterADay(t *testing.T) {
	requested := `{"status":"REQUESTED","id":"cancel-fresh-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,` +
		`"reason":"x","requestedAt":"` + time.Now().UTC().Format(time.RFC3339) + `"}`
	f, o, srv, logs, ahead := stuckCancellation(t, requested)
	f.reconcilePasses(t, srv, 2)
	if n := errorsAbout(logs, o); n != 0 {
		t.Errorf("a cancellation REQUESTED just now: %d error records, want none (info: under way)", n)
	}
	if n := logs.atLeast(slog.LevelInfo, o.ID); n == 0 {
		t.Errorf("a refund waiting on a REQUESTED cancellation: nothing logged naming the order")
	}
	ahead.Store(int64(23 * time.Hour))
	f.reconcilePasses(t, srv, 1)
	if n := errorsAbout(logs, o); n != 0 {
		t.Errorf("a cancellation REQUESTED 23 hours ago: %d error records, want none yet", n)
	}
	ahead.Store(int64(25 * time.Hour))
	f.reconcilePasses(t, srv, 1)
	wantWaiting(t, f, o)
	if n := errorsAbout(logs, o); n != 1 {
		t.Errorf("a cancellation REQUESTED 25 hours ago: %d error records naming the order, want 1", n)
	}
}

// A REQUESTED cancellation PortOne sends without its requestedAt is timed
// from when the shop began the refund (its REFUNDING record): info within
// a day of it, error after.
func TestRequestedCancellationWithoutItsTimeCountsFromTheRefund(t *testing.T) {
	requested := `{"status":"REQUESTED","id":"cancel-untimed-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,"reason":"x"}`
	f, o, srv, logs, ahead := stuckCancellation(t, requested)
	f.reconcilePasses(t, srv, 1)
	if n := errorsAbout(logs, o); n != 0 {
		t.Errorf("a refund begun just now waiting on a REQUESTED cancellation: %d error records, want none", n)
	}
	ahead.Store(int64(25 * time.Hour))
	f.reconcilePasses(t, srv, 1)
	wantWaiting(t, f, o)
	if n := errorsAbout(logs, o); n != 1 {
		t.Errorf("a refund begun 25 hours ago waiting on a REQUESTED cancellation: %d error records, want 1", n)
	}
}
