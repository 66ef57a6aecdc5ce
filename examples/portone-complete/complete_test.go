package portonecomplete_test

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
	"sync/atomic"
	"testing"
	"time"

	portonecomplete "github.com/paykit-kr/paykit/examples/portone-complete"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

type fixture struct {
	srv     *portonetest.Server
	db      *sql.DB
	backend *portonecomplete.Backend
	api     *httptest.Server
	paid    atomic.Int32 // OnPaid calls
}

func newFixture(t *testing.T, opts ...portone.Option) *fixture {
	t.Helper()
	f := &fixture{srv: portonetest.NewServer()}
	t.Cleanup(f.srv.Close)
	opts = append([]portone.Option{
		portone.WithBaseURL(f.srv.URL()),
		portone.WithTimeout(2 * time.Second),
		portone.WithRetryPolicy(portone.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: time.Second}),
	}, opts...)
	client, err := portone.NewClient(portonetest.APISecret, opts...)
	if err != nil {
		t.Fatal(err)
	}
	f.db, err = portonecomplete.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	f.backend = &portonecomplete.Backend{DB: f.db, PortOne: client, OnPaid: func(context.Context, string) { f.paid.Add(1) }}
	f.api = httptest.NewServer(f.backend)
	t.Cleanup(f.api.Close)
	return f
}

// order stores an order and returns its paymentId.
func (f *fixture) order(t *testing.T, orderID string, amount int64) string {
	t.Helper()
	pid := portonecomplete.NewPaymentID()
	if err := portonecomplete.AddOrder(context.Background(), f.db, orderID, pid, amount); err != nil {
		t.Fatal(err)
	}
	return pid
}

func (f *fixture) post(t *testing.T, body string) (int, portonecomplete.Result) {
	t.Helper()
	resp, err := http.Post(f.api.URL, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res portonecomplete.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, res
}

func (f *fixture) complete(t *testing.T, paymentID, orderID string) (int, portonecomplete.Result) {
	t.Helper()
	return f.post(t, fmt.Sprintf(`{"paymentId":%q,"orderId":%q}`, paymentID, orderID))
}

func (f *fixture) status(t *testing.T, orderID string) string {
	t.Helper()
	var s string
	if err := f.db.QueryRow(`SELECT status FROM orders WHERE id = ?`, orderID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPaidOnceUnderConcurrency: the browser (and its retries) and
// PortOne's webhook re-check race; the order becomes paid once.
func TestPaidOnceUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	pid := f.order(t, "order-1", 39000)
	f.srv.CreatePayment(portonetest.PaymentSpec{ID: pid, Total: 39000})

	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 { // the browser
				resp, err := http.Post(f.api.URL, "application/json", strings.NewReader(fmt.Sprintf(`{"paymentId":%q,"orderId":"order-1"}`, pid)))
				if err != nil {
					errs <- err
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("browser got %d", resp.StatusCode)
				}
				return
			}
			r, err := f.backend.Complete(context.Background(), portonecomplete.Request{PaymentID: pid}) // the webhook
			if err == nil && r.Status != "PAID" {
				err = fmt.Errorf("webhook got %s", r.Status)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := f.paid.Load(); n != 1 {
		t.Errorf("OnPaid ran %d times, want 1", n)
	}
	if s := f.status(t, "order-1"); s != "paid" {
		t.Errorf("order status %q", s)
	}
}

// TestEveryStatus: each payment status, a forged amount, another order's
// payment and unknown ids get their answer and leave the order as they
// should.
func TestEveryStatus(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name       string
		spec       portonetest.PaymentSpec // Total 0: no payment at PortOne
		code       int
		status     string
		message    string
		orderAfter string
	}{
		{"paid", portonetest.PaymentSpec{Total: 5000}, 200, "PAID", "", "paid"},
		{"virtual account", portonetest.PaymentSpec{Total: 5000, Status: portone.PaymentStatusVirtualAccountIssued}, 200, "VIRTUAL_ACCOUNT_ISSUED", "", "awaiting_deposit"},
		{"ready", portonetest.PaymentSpec{Total: 5000, Status: portone.PaymentStatusReady}, 202, "PENDING", "결제 확인 중", "pending"},
		{"pay pending", portonetest.PaymentSpec{Total: 5000, Status: portone.PaymentStatusPayPending}, 202, "PENDING", "결제 확인 중", "pending"},
		{"failed", portonetest.PaymentSpec{Total: 5000, Status: portone.PaymentStatusFailed}, 400, "FAILED", "카드 한도 초과", "pending"},
		{"cancelled", portonetest.PaymentSpec{Total: 5000, Status: portone.PaymentStatusCancelled}, 409, "CANCELLED", "취소된 결제", "pending"},
		{"partially cancelled", portonetest.PaymentSpec{Total: 5000, Status: portone.PaymentStatusPartialCancelled}, 409, "CANCELLED", "취소된 결제", "pending"},
		{"forged amount", portonetest.PaymentSpec{Total: 50}, 400, "", "위변조 의심", "pending"},
		{"forged currency", portonetest.PaymentSpec{Total: 5000, Currency: portone.CurrencyUSD}, 400, "", "위변조 의심", "pending"},
		{"not at PortOne", portonetest.PaymentSpec{}, 404, "", "결제 건을 찾을 수 없어요", "pending"},
	}
	for i, tc := range cases {
		orderID := fmt.Sprintf("order-%d", i)
		pid := f.order(t, orderID, 5000)
		if tc.spec.Total > 0 {
			tc.spec.ID = pid
			f.srv.CreatePayment(tc.spec)
		}
		code, res := f.complete(t, pid, orderID)
		t.Logf("%s: %d %+v", tc.name, code, res)
		if code != tc.code || res.Status != tc.status || !strings.Contains(res.Message, tc.message) {
			t.Errorf("%s: got %d %q %q, want %d %q %q", tc.name, code, res.Status, res.Message, tc.code, tc.status, tc.message)
		}
		if s := f.status(t, orderID); s != tc.orderAfter {
			t.Errorf("%s: order %s, want %s", tc.name, s, tc.orderAfter)
		}
		if tc.status == "VIRTUAL_ACCOUNT_ISSUED" {
			var number string
			_ = f.db.QueryRow(`SELECT va_number FROM orders WHERE id = ?`, orderID).Scan(&number)
			if res.VirtualAccount == nil || res.VirtualAccount.AccountNumber == "" || number != res.VirtualAccount.AccountNumber {
				t.Errorf("virtual account %+v, stored %q", res.VirtualAccount, number)
			}
		}
	}
	if n := f.paid.Load(); n != 1 {
		t.Errorf("OnPaid ran %d times, want 1", n)
	}

	// Another order's payment, an unknown paymentId, bad requests.
	paidPID := f.order(t, "order-a", 1000)
	f.order(t, "order-b", 1000)
	f.srv.CreatePayment(portonetest.PaymentSpec{ID: paidPID, Total: 1000})
	for _, tc := range []struct {
		body    string
		code    int
		message string
	}{
		{fmt.Sprintf(`{"paymentId":%q,"orderId":"order-b"}`, paidPID), 400, "위변조 의심"},
		{`{"paymentId":"payment-unknown","orderId":"order-b"}`, 404, "결제 건을 찾을 수 없어요"},
		{`{"paymentId":"","orderId":"order-b"}`, 400, "bad request"},
		{`{"paymentId":`, 400, "bad request"},
	} {
		code, res := f.post(t, tc.body)
		if code != tc.code || !strings.Contains(res.Message, tc.message) {
			t.Errorf("%s: got %d %q", tc.body, code, res.Message)
		}
	}
	if s := f.status(t, "order-b"); s != "pending" {
		t.Errorf("order-b %s", s)
	}
	resp, err := http.Get(f.api.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", resp.StatusCode)
	}
}

// TestPortOneDown: while PortOne fails, the endpoint answers 502 and
// changes nothing; once it is back, the same request completes the order.
func TestPortOneDown(t *testing.T) {
	f := newFixture(t)
	pid := f.order(t, "order-1", 1000)
	f.srv.CreatePayment(portonetest.PaymentSpec{ID: pid, Total: 1000})
	f.srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(503, ""), -1)

	code, res := f.complete(t, pid, "order-1")
	if code != http.StatusBadGateway || f.status(t, "order-1") != "pending" {
		t.Fatalf("PortOne down: %d %+v, order %s", code, res, f.status(t, "order-1"))
	}
	if n := f.srv.Stats().Requests[portonetest.OpPaymentGet]; n != 3 {
		t.Errorf("%d lookups, want 3 (retried)", n)
	}
	_, err := f.backend.Complete(context.Background(), portonecomplete.Request{PaymentID: pid})
	if !errors.Is(err, portone.ErrServer) {
		t.Errorf("Complete: %v", err)
	}

	f.srv.ClearFaults()
	code, res = f.complete(t, pid, "order-1")
	if code != http.StatusOK || res.Status != "PAID" || f.status(t, "order-1") != "paid" || f.paid.Load() != 1 {
		t.Fatalf("PortOne back: %d %+v, order %s, OnPaid %d", code, res, f.status(t, "order-1"), f.paid.Load())
	}
}

// TestTokenAuth: the same endpoint with access tokens instead of the
// secret on every request.
func TestTokenAuth(t *testing.T) {
	f := newFixture(t, portone.WithTokenAuth())
	for i := range 3 {
		orderID := fmt.Sprintf("order-%d", i)
		pid := f.order(t, orderID, 1000)
		f.srv.CreatePayment(portonetest.PaymentSpec{ID: pid, Total: 1000})
		if code, res := f.complete(t, pid, orderID); code != http.StatusOK || res.Status != "PAID" {
			t.Fatalf("%d %+v", code, res)
		}
	}
	if st := f.srv.Stats(); st.TokensIssued != 1 || f.paid.Load() != 3 {
		t.Errorf("logins %d, OnPaid %d", st.TokensIssued, f.paid.Load())
	}
}
