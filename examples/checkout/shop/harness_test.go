package shop_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
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
)

// PostgresEnv names the DSN of a PostgreSQL server the tests may create
// schemas in (.ci/run starts a throwaway cluster and sets it).
const PostgresEnv = "PAYKIT_TEST_POSTGRES"

// eachDB runs fn on SQLite and, when PAYKIT_TEST_POSTGRES reaches a
// server, on PostgreSQL; dsn names a fresh, empty database for fn's
// instances to share.
func eachDB(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, filepath.Join(t.TempDir(), "shop.sqlite"))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, postgresDSN(t))
	})
}

// postgresDSN creates a schema of its own on the test server and returns a
// DSN whose search_path is that schema; it skips, saying why, when there is
// no server.
func postgresDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip(PostgresEnv + " is not set: no PostgreSQL server to test on (.ci/run starts one)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Skipf("%s: %v", PostgresEnv, err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Skipf("PostgreSQL at %s is unreachable: %v", PostgresEnv, err)
	}
	schema := "t_" + strings.ToLower(rand.Text())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", base); err == nil {
			_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// fixture is the gateways' sandboxes and one or more shop instances, each
// with its own database pool and clients, sharing one database.
type fixture struct {
	sb   *shop.Sandbox
	dsn  string
	inst []*instance
	// browser is the buyer's browser: its cookie jar keeps the shop's
	// session across requests and instances (cookies ignore the port).
	browser *http.Client
}

type instance struct {
	db  *shop.DB
	srv *shop.Server
	api *httptest.Server
}

// options of newFixture.
type options struct {
	instances int
	bootpay   []bootpay.Option
	portone   []portone.Option
	tweak     func(*shop.Config)
}

func fastRetries() bootpay.Option {
	return bootpay.WithRetryPolicy(bootpay.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: time.Second})
}

func newFixture(t *testing.T, dsn string, o options) *fixture {
	t.Helper()
	if o.instances == 0 {
		o.instances = 1
	}
	bopts := append([]bootpay.Option{bootpay.WithTimeout(2 * time.Second), fastRetries()}, o.bootpay...)
	popts := append([]portone.Option{portone.WithTimeout(2 * time.Second),
		portone.WithRetryPolicy(portone.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: time.Second})}, o.portone...)
	sb, err := shop.NewSandbox(bopts, popts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{sb: sb, dsn: dsn, browser: &http.Client{Jar: jar}}
	for range o.instances {
		db, err := shop.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		cfg := sb.Config
		cfg.DB, cfg.ConfirmTimeout = db, 10*time.Second
		cfg.PollLookupEvery = time.Nanosecond // every poll may look up (0 ms); TestOrderReadIsTheBuyers sets its own
		if o.tweak != nil {
			o.tweak(&cfg)
		}
		srv, err := shop.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		api := httptest.NewServer(srv.Handler())
		t.Cleanup(api.Close)
		f.inst = append(f.inst, &instance{db: db, srv: srv, api: api})
	}
	if err := shop.Seed(context.Background(), f.inst[0].db); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.inst[0].db.Exec(context.Background(), query, args...); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) setStock(t *testing.T, n int) {
	f.exec(t, `UPDATE products SET stock = ? WHERE id = 'shoe-270'`, n)
}

// queryOne reads the one value query selects from instance 0's database.
func queryOne[T any](t *testing.T, f *fixture, query string, args ...any) T {
	t.Helper()
	var v T
	if err := f.inst[0].db.QueryRow(context.Background(), query, args...).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func (f *fixture) stock(t *testing.T) int {
	t.Helper()
	return queryOne[int](t, f, `SELECT stock FROM products WHERE id = 'shoe-270'`)
}

func (f *fixture) couponUses(t *testing.T) int {
	t.Helper()
	return queryOne[int](t, f, `SELECT uses_left FROM coupons WHERE code = 'WELCOME3000'`)
}

// newOrder creates a pending order for one pair of shoe-270 (89000원), as
// the fixture's browser (its session is the order's buyer).
func (f *fixture) newOrder(t *testing.T, flow string) *shop.Order {
	t.Helper()
	code, body := f.post(t, 0, "/api/orders", shop.NewOrder{ProductID: "shoe-270", Quantity: 1, Flow: flow})
	if code != http.StatusCreated {
		t.Fatalf("creating an order: %d %+v", code, body)
	}
	return f.order(t, body.OrderID)
}

const price = 89000

// receipt creates the order's Bootpay receipt as the payment window
// leaves it: awaiting confirm (2) for amount, unless status says otherwise.
func (f *fixture) receipt(o *shop.Order, amount int64, status ...bootpay.Status) string {
	spec := bootpaytest.ReceiptSpec{OrderID: o.ID, Price: amount}
	if len(status) > 0 {
		spec.Status = &status[0]
	}
	return f.sb.Bootpay.CreateReceipt(spec).ReceiptID
}

func (f *fixture) order(t *testing.T, id string) *shop.Order {
	t.Helper()
	o, err := f.inst[0].srv.Order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// wantOrder checks the order's status, receipt, how often it became paid,
// and the stock left.
func (f *fixture) wantOrder(t *testing.T, id, status, receiptID string, paid int64, stock int) {
	t.Helper()
	o := f.order(t, id)
	if o.Status != status || o.ReceiptID != receiptID || o.PaidCount != paid {
		t.Errorf("order %s: %s, receipt %q, paid %d times; want %s, %q, %d", id, o.Status, o.ReceiptID, o.PaidCount, status, receiptID, paid)
	}
	if got := f.stock(t); got != stock {
		t.Errorf("stock %d, want %d", got, stock)
	}
}

// wantBootpay checks the confirms Bootpay received and applied, and the
// cancels it applied.
func (f *fixture) wantBootpay(t *testing.T, confirmsSent, confirmsApplied, cancelsApplied int) {
	t.Helper()
	st := f.sb.Bootpay.Stats()
	if st.Requests[bootpaytest.OpConfirm] != confirmsSent || st.ConfirmsApplied != confirmsApplied || st.CancelsApplied != cancelsApplied {
		t.Errorf("Bootpay got %d confirms, applied %d confirms and %d cancels; want %d, %d and %d",
			st.Requests[bootpaytest.OpConfirm], st.ConfirmsApplied, st.CancelsApplied, confirmsSent, confirmsApplied, cancelsApplied)
	}
}

// reply is any JSON answer of the shop.
type reply struct {
	shop.OrderView
	CanConfirm bool   `json:"can_confirm"`
	Price      int64  `json:"price"`
	RequestID  string `json:"request_id"`
	Reason     string `json:"reason"`
}

// post sends body as JSON to instance i's path.
func (f *fixture) post(t *testing.T, i int, path string, body any) (int, reply) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.browser.Post(f.inst[i].api.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func (f *fixture) get(t *testing.T, i int, path string) (int, reply) {
	t.Helper()
	resp, err := f.browser.Get(f.inst[i].api.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

// statusOf sends req and returns the status of its answer, whose body
// nobody reads (0, the test failed, when there is no answer).
func statusOf(t *testing.T, req *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func decode(t *testing.T, resp *http.Response) (int, reply) {
	t.Helper()
	defer resp.Body.Close()
	var r reply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("status %d, undecodable body: %v", resp.StatusCode, err)
	}
	return resp.StatusCode, r
}

// login logs the fixture's browser in as the seeded demo buyer.
func (f *fixture) login(t *testing.T) {
	t.Helper()
	if code, body := f.post(t, 0, "/api/login", shop.LoginRequest{UserID: shop.DemoUser, Password: shop.DemoPassword}); code != http.StatusOK {
		t.Fatalf("login: %d %+v", code, body)
	}
}

// confirm is the browser's POST /api/confirm to instance i.
func (f *fixture) confirm(t *testing.T, i int, receiptID, orderID string) (int, reply) {
	t.Helper()
	return f.post(t, i, "/api/confirm", shop.ConfirmRequest{ReceiptID: receiptID, OrderID: orderID})
}

// reconcile runs one reconciler pass on instance i.
func (f *fixture) reconcile(t *testing.T, i int) {
	t.Helper()
	if _, err := f.inst[i].srv.ReconcileOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// attempts counts the order's payment_attempts rows with status.
func (f *fixture) attempts(t *testing.T, orderID, status string) int {
	t.Helper()
	return queryOne[int](t, f, `SELECT COUNT(*) FROM payment_attempts WHERE order_id = ? AND status = ?`, orderID, status)
}

// wantAttempts checks how many payment_attempts rows with status the order has.
func (f *fixture) wantAttempts(t *testing.T, orderID, status string, want int) {
	t.Helper()
	if n := f.attempts(t, orderID, status); n != want {
		t.Errorf("%d %s records of order %s, want %d", n, status, orderID, want)
	}
}

// loseConfirmReplyWhileBootpayIsDown lets the check before the confirm
// pass, applies the confirm but loses its reply, and fails every lookup
// after it with a 503.
func (f *fixture) loseConfirmReplyWhileBootpayIsDown() {
	f.sb.Bootpay.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1)
	f.sb.Bootpay.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.CloseAfterApply(), 1)
	f.sb.Bootpay.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func getenv(name string) string { return os.Getenv(name) }

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
	return withBody(a.next, r, a.match, func(body []byte) []byte {
		a.mu.Lock()
		a.n++
		n := a.n
		a.mu.Unlock()
		a.hook(n)
		return body
	})
}

// withBody sends r through next and, when match accepts r, reads the
// whole answer and gives the client what f makes of its body.
func withBody(next http.RoundTripper, r *http.Request, match func(*http.Request) bool, f func([]byte) []byte) (*http.Response, error) {
	resp, err := next.RoundTrip(r)
	if err != nil || !match(r) {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	body = f(body)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// getOf matches the lookups of one payment (a GET whose path ends in /id).
func getOf(id string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/"+id)
	}
}

// hookedServer is one more shop instance on the fixture's database, as
// hookedInstance, returned as the Server itself so that a test can run
// its reconciler passes.
func (f *fixture) hookedServer(t *testing.T, tweak func(*shop.Config)) *shop.Server {
	t.Helper()
	cfg := f.sb.Config
	cfg.DB, cfg.ConfirmTimeout, cfg.PollLookupEvery = f.inst[0].db, 10*time.Second, time.Nanosecond
	tweak(&cfg)
	srv, err := shop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// hookedInstance is one more shop instance on the fixture's database whose
// config tweak swaps a client for one going through a hook; it returns the
// instance's URL.
func (f *fixture) hookedInstance(t *testing.T, tweak func(*shop.Config)) string {
	t.Helper()
	api := httptest.NewServer(f.hookedServer(t, tweak).Handler())
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
