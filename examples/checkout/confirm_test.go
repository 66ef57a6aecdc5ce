package checkout_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout"
)

// fixture is a checkout backend on an in-memory SQLite database, talking
// to a Bootpay sandbox, served over HTTP. Every order buys one unit of
// product shoe-270 for 89000원.
type fixture struct {
	srv     *bootpaytest.Server
	db      *sql.DB
	backend *checkout.Backend
	api     *httptest.Server
}

const price = 89000

func newFixture(t *testing.T, stock int, opts ...bootpay.Option) *fixture {
	t.Helper()
	f := &fixture{srv: bootpaytest.NewServer()}
	t.Cleanup(f.srv.Close)
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), append([]bootpay.Option{
		bootpay.WithBaseURL(f.srv.URL()),
		bootpay.WithTimeout(2 * time.Second),
		bootpay.WithRetryPolicy(bootpay.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: time.Second}),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	f.db, err = checkout.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	f.exec(t, `INSERT INTO stock VALUES ('shoe-270', ?)`, stock)
	f.backend = &checkout.Backend{DB: f.db, Bootpay: client}
	f.api = httptest.NewServer(f.backend)
	t.Cleanup(f.api.Close)
	return f
}

func (f *fixture) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatal(err)
	}
}

// addOrder stores a pending order and creates its receipt at the sandbox,
// awaiting confirm (status 2) for amount, and returns the receipt id.
func (f *fixture) addOrder(t *testing.T, orderID string, amount int64) string {
	t.Helper()
	f.exec(t, `INSERT INTO orders (id, amount, product_id, quantity) VALUES (?, ?, 'shoe-270', 1)`, orderID, price)
	return f.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: orderID, Price: amount}).ReceiptID
}

type reply struct {
	Success   bool   `json:"success"`
	OrderID   string `json:"order_id"`
	Status    string `json:"status"`
	ReceiptID string `json:"receipt_id"`
	Message   string `json:"message"`
}

func (f *fixture) do(t *testing.T, req *http.Request) (int, reply) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r reply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("status %d, undecodable body: %v", resp.StatusCode, err)
	}
	return resp.StatusCode, r
}

// post is the browser's POST /api/confirm.
func (f *fixture) post(t *testing.T, receiptID, orderID string) (int, reply) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.api.URL+"/api/confirm", confirmBody(receiptID, orderID))
	if err != nil {
		t.Fatal(err)
	}
	return f.do(t, req)
}

// poll is the result page's GET /api/orders/{id}.
func (f *fixture) poll(t *testing.T, orderID string) (int, reply) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.api.URL+"/api/orders/"+orderID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f.do(t, req)
}

func confirmBody(receiptID, orderID string) *strings.Reader {
	return strings.NewReader(fmt.Sprintf(`{"receipt_id":%q,"order_id":%q}`, receiptID, orderID))
}

// order returns the order's status and receipt id in the database.
func (f *fixture) order(t *testing.T, orderID string) (status, receiptID string) {
	t.Helper()
	var rid sql.NullString
	err := f.db.QueryRowContext(context.Background(), `SELECT status, receipt_id FROM orders WHERE id = ?`, orderID).Scan(&status, &rid)
	if err != nil {
		t.Fatal(err)
	}
	return status, rid.String
}

func (f *fixture) stock(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.db.QueryRowContext(context.Background(), `SELECT available FROM stock WHERE product_id = 'shoe-270'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantOrder checks the order's row and the stock left.
func (f *fixture) wantOrder(t *testing.T, orderID, status, receiptID string, stock int) {
	t.Helper()
	gotStatus, gotReceipt := f.order(t, orderID)
	if gotStatus != status || gotReceipt != receiptID {
		t.Errorf("order %s is %s with receipt %q, want %s with %q", orderID, gotStatus, gotReceipt, status, receiptID)
	}
	if got := f.stock(t); got != stock {
		t.Errorf("stock is %d, want %d", got, stock)
	}
}

// loseConfirmReplyWhileBootpayIsDown lets the check before the confirm
// pass, applies the confirm but loses its reply, and fails every lookup
// after it with a 503.
func (f *fixture) loseConfirmReplyWhileBootpayIsDown() {
	f.srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1) // the check before the confirm
	f.srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.CloseAfterApply(), 1)
	f.srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
}

// wantBootpay checks how many confirms Bootpay received and applied, and
// how many cancels it applied.
func (f *fixture) wantBootpay(t *testing.T, confirmsSent, confirmsApplied, cancelsApplied int) {
	t.Helper()
	st := f.srv.Stats()
	if st.Requests[bootpaytest.OpConfirm] != confirmsSent || st.ConfirmsApplied != confirmsApplied || st.CancelsApplied != cancelsApplied {
		t.Errorf("Bootpay got %d confirms, applied %d confirms and %d cancels; want %d, %d and %d",
			st.Requests[bootpaytest.OpConfirm], st.ConfirmsApplied, st.CancelsApplied, confirmsSent, confirmsApplied, cancelsApplied)
	}
}

// afterConfirm is an HTTP transport to Bootpay that runs a function once
// Bootpay has applied a confirm and before its reply reaches the client.
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
// and the server cancels the request's context. The confirm must be seen
// to its end anyway: the order ends paid, confirmed once.
func TestBuyerClosesTheTabMidConfirm(t *testing.T) {
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
	f := newFixture(t, 1, bootpay.WithHTTPClient(&http.Client{Transport: afterConfirm{http.DefaultTransport, closeTabAndWait}}))
	receiptID := f.addOrder(t, "order-1", price)

	handled := make(chan error, 1) // the request context's error when the handler returned
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests <- r.Context()
		f.backend.ServeHTTP(w, r)
		handled <- r.Context().Err()
	}))
	defer api.Close()

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, api.URL+"/api/confirm", confirmBody(receiptID, "order-1"))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := http.DefaultClient.Do(req); !errors.Is(err, context.Canceled) {
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
	f.wantOrder(t, "order-1", checkout.StatusPaid, receiptID, 0)
	f.wantBootpay(t, 1, 1, 0)
}

// The confirm's reply is lost and Bootpay cannot be reached to look the
// receipt up: 202 confirming, and the pair stays held for the order, so
// another buyer cannot take it. The browser's retry then finds the order
// paid, with one confirm.
func TestLostReplyConfirmingThenBrowserRetryPaid(t *testing.T) {
	f := newFixture(t, 1)
	r1 := f.addOrder(t, "order-1", price)
	f.loseConfirmReplyWhileBootpayIsDown()

	code, body := f.post(t, r1, "order-1")
	f.wantOrder(t, "order-1", checkout.StatusConfirming, r1, 0)
	if code != http.StatusAccepted || body.Status != checkout.StatusConfirming || body.OrderID != "order-1" {
		t.Errorf("got %d %+v, want 202 confirming", code, body)
	}
	f.srv.ClearFaults()

	// Another buyer wants the last pair: it is held for order-1.
	r2 := f.addOrder(t, "order-2", price)
	if code, body := f.post(t, r2, "order-2"); code != http.StatusConflict {
		t.Fatalf("order-2: got %d %+v, want 409 out of stock", code, body)
	}

	// The browser retries order-1.
	code, body = f.post(t, r1, "order-1")
	if code != http.StatusOK || !body.Success || body.Status != checkout.StatusPaid || body.ReceiptID != r1 {
		t.Fatalf("retry: got %d %+v, want 200 paid", code, body)
	}
	f.wantOrder(t, "order-1", checkout.StatusPaid, r1, 0)
	f.wantOrder(t, "order-2", checkout.StatusPending, "", 0)
	f.wantBootpay(t, 1, 1, 0)
	if rc, _ := f.srv.Receipt(r2); rc.Status != bootpay.StatusAwaitingConfirm {
		t.Errorf("order-2's receipt is %s, want it never confirmed", rc.Status)
	}
}

// Two requests confirm the same order at once (the browser and a webhook,
// or a double click) while Bootpay is slow: one confirm, one unit of stock.
func TestConcurrentConfirmsOfOneOrder(t *testing.T) {
	f := newFixture(t, 5)
	receiptID := f.addOrder(t, "order-1", price)
	f.srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.Delay(50*time.Millisecond), 1)

	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Go(func() {
			resp, err := http.Post(f.api.URL+"/api/confirm", "application/json", confirmBody(receiptID, "order-1"))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		})
	}
	wg.Wait()
	paid := 0
	for _, c := range codes {
		switch c {
		case http.StatusOK:
			paid++
		case http.StatusAccepted: // arrived during the confirm: confirming, poll
		default:
			t.Errorf("got %d, want 200 or 202", c)
		}
	}
	if paid == 0 {
		t.Errorf("codes %v: neither request saw the order paid", codes)
	}
	f.wantOrder(t, "order-1", checkout.StatusPaid, receiptID, 4)
	f.wantBootpay(t, 1, 1, 0)
}

// The database fails the update that marks the order paid, after Bootpay
// confirmed. The order stays confirming with its stock held (the hold was
// committed before the confirm), and the next poll, once the database
// works, marks it paid without confirming or refunding.
func TestOrderUpdateFailsAfterConfirm(t *testing.T) {
	f := newFixture(t, 1)
	receiptID := f.addOrder(t, "order-1", price)
	f.exec(t, `CREATE TRIGGER fail_paid BEFORE UPDATE OF status ON orders WHEN NEW.status = 'paid'
		BEGIN SELECT RAISE(ABORT, 'injected: the database is unavailable'); END`)

	code, body := f.post(t, receiptID, "order-1")
	f.wantOrder(t, "order-1", checkout.StatusConfirming, receiptID, 0)
	f.wantBootpay(t, 1, 1, 0)
	if code != http.StatusAccepted || body.Status != checkout.StatusConfirming {
		t.Errorf("got %d %+v, want 202 confirming", code, body)
	}

	f.exec(t, `DROP TRIGGER fail_paid`)
	code, body = f.poll(t, "order-1")
	if code != http.StatusOK || body.Status != checkout.StatusPaid {
		t.Fatalf("poll: got %d %+v, want 200 paid", code, body)
	}
	f.wantOrder(t, "order-1", checkout.StatusPaid, receiptID, 0)
	f.wantBootpay(t, 1, 1, 0)
}

// A receipt for another amount (위변조 의심) is never confirmed, and the
// stock taken for it is released: the order can still be paid properly.
func TestMismatchedAmountIsNeverConfirmed(t *testing.T) {
	f := newFixture(t, 1)
	forged := f.addOrder(t, "order-1", 100)

	code, body := f.post(t, forged, "order-1")
	f.wantOrder(t, "order-1", checkout.StatusPending, "", 1)
	f.wantBootpay(t, 0, 0, 0)
	if code != http.StatusBadRequest || !strings.Contains(body.Message, "위변조") {
		t.Errorf("got %d %+v, want 400 위변조 의심", code, body)
	}

	honest := f.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price}).ReceiptID
	if code, body := f.post(t, honest, "order-1"); code != http.StatusOK || body.Status != checkout.StatusPaid {
		t.Fatalf("the honest payment: got %d %+v, want 200 paid", code, body)
	}
	f.wantOrder(t, "order-1", checkout.StatusPaid, honest, 0)
	f.wantBootpay(t, 1, 1, 0)
}

// A receipt the PG already approved for this order with another amount
// (the page was tampered with to skip the separate confirm) holds the
// buyer's money: it is refunded in full, once, and the order released.
func TestTamperedPaidReceiptIsRefundedOnce(t *testing.T) {
	f := newFixture(t, 1)
	f.exec(t, `INSERT INTO orders (id, amount, product_id, quantity) VALUES ('order-1', ?, 'shoe-270', 1)`, price)
	rc := f.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 100, Status: bootpaytest.Ptr(bootpay.StatusPaid)})

	for range 2 { // the browser retries: still one refund
		if code, body := f.post(t, rc.ReceiptID, "order-1"); code != http.StatusBadRequest {
			t.Fatalf("got %d %+v, want 400", code, body)
		}
	}
	f.wantOrder(t, "order-1", checkout.StatusPending, "", 1)
	f.wantBootpay(t, 0, 0, 1)
	got, _ := f.srv.Receipt(rc.ReceiptID)
	if got.Status != bootpay.StatusCancelled || got.RemainingPrice() != 0 || len(got.Cancellations) != 1 ||
		!strings.HasPrefix(got.Cancellations[0].CancelID, "checkout-refund-") {
		t.Errorf("receipt after: %s, remaining %d, cancellations %+v; want one full refund with a checkout cancel_id",
			got.Status, got.RemainingPrice(), got.Cancellations)
	}
}

// A request without the ids is refused before any database or Bootpay
// work.
func TestConfirmNeedsBothIDs(t *testing.T) {
	f := newFixture(t, 1)
	f.addOrder(t, "order-1", price)
	for _, body := range []string{`{"order_id":"order-1"}`, `{"receipt_id":"r"}`, `{`} {
		resp, err := http.Post(f.api.URL+"/api/confirm", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", body, resp.StatusCode)
		}
	}
	if n := len(f.srv.Requests()); n != 0 {
		t.Errorf("Bootpay got %d requests, want none", n)
	}
	f.wantOrder(t, "order-1", checkout.StatusPending, "", 1)
}

// A receipt already paying one order cannot be posted for another: 409,
// nothing held, nothing sent to Bootpay.
func TestReceiptOfAnotherOrderIsRefused(t *testing.T) {
	f := newFixture(t, 2)
	r1 := f.addOrder(t, "order-1", price)
	f.exec(t, `INSERT INTO orders (id, amount, product_id, quantity) VALUES ('order-2', ?, 'shoe-270', 1)`, price)
	if code, body := f.post(t, r1, "order-1"); code != http.StatusOK {
		t.Fatalf("order-1: got %d %+v, want 200", code, body)
	}
	before := len(f.srv.Requests())

	if code, body := f.post(t, r1, "order-2"); code != http.StatusConflict {
		t.Errorf("order-2 with order-1's receipt: got %d %+v, want 409", code, body)
	}
	f.wantOrder(t, "order-2", checkout.StatusPending, "", 1)
	if n := len(f.srv.Requests()) - before; n != 0 {
		t.Errorf("Bootpay got %d more requests, want none", n)
	}
}
