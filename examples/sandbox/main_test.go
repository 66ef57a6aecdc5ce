package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// lockedBuffer is the program's stdout in a test: run writes, the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// banner holds the URLs the program printed on start.
type banner struct{ bootpay, portone, commerce, admin string }

// startProgram runs the program as `go run ./examples/sandbox` would, on free
// loopback ports, and returns the URLs it printed. It stops when the test ends.
func startProgram(t *testing.T) banner {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	ready := make(chan struct{})
	done := make(chan error, 1)
	args := []string{"-admin", "127.0.0.1:0", "-bootpay", "127.0.0.1:0", "-portone", "127.0.0.1:0", "-commerce", "127.0.0.1:0"}
	go func() { done <- run(ctx, args, out, io.Discard, func(*servers) { close(ready) }) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("the program stopped on start: %v\n%s", err, out)
	}
	printed := out.String()
	find := func(label string) string {
		m := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(label) + ` +(http://\S+)$`).FindStringSubmatch(printed)
		require.NotNil(t, m, "the banner names no %s URL:\n%s", label, printed)
		return m[1]
	}
	b := banner{find("Bootpay PG"), find("PortOne V2"), find("Commerce"), find("admin API")}
	for _, key := range []string{bootpaytest.ClientKey, bootpaytest.SecretKey, portonetest.APISecret, commercetest.ClientKey, commercetest.SecretKey} {
		assert.Contains(t, printed, key, "the banner prints every test key")
	}
	return b
}

// admin sends one admin request and decodes its JSON answer into out (when not nil).
func admin(t *testing.T, method, url, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json") // what the admin API requires of a write
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
	}
	return resp.StatusCode
}

// TestReceiptCreatedThroughAdminIsServedToBootpayClient is the must-show: the
// program starts, a receipt is created through its admin API, and bootpay.Client
// looks it up over HTTP at the base URL the program printed.
func TestReceiptCreatedThroughAdminIsServedToBootpayClient(t *testing.T) {
	b := startProgram(t)

	var created receiptView
	code := admin(t, "POST", b.admin+"/bootpay/receipts", `{"order_id":"order-77","price":15000,"tax_free":1000}`, &created)
	require.Equal(t, http.StatusCreated, code)
	require.NotEmpty(t, created.ReceiptID)
	assert.Equal(t, int(bootpay.StatusAwaitingConfirm), created.Status)

	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(b.bootpay))
	require.NoError(t, err)
	r, err := client.Receipts.Get(context.Background(), created.ReceiptID)
	require.NoError(t, err)
	assert.Equal(t, created.ReceiptID, r.ReceiptID)
	assert.Equal(t, "order-77", r.OrderID)
	assert.Equal(t, bootpay.Amount(15000), r.Price)
	assert.Equal(t, bootpay.StatusAwaitingConfirm, r.Status)

	var stats bootpaytest.Stats
	require.Equal(t, http.StatusOK, admin(t, "GET", b.admin+"/bootpay/stats", "", &stats))
	assert.Equal(t, 1, stats.Requests[bootpaytest.OpReceiptGet], "the lookup reached the sandbox the admin API created the receipt in")
}

// TestInjectedFaultReachesTheClient: a fault injected through the admin API
// serves the next confirm (applied, reply lost), so the client's plain Confirm
// reports an unknown outcome and the sandbox counts exactly one confirm.
func TestInjectedFaultReachesTheClient(t *testing.T) {
	b := startProgram(t)
	var created receiptView
	require.Equal(t, http.StatusCreated, admin(t, "POST", b.admin+"/bootpay/receipts", `{"order_id":"order-1","price":5000}`, &created))
	var injected map[string]any
	require.Equal(t, http.StatusCreated, admin(t, "POST", b.admin+"/bootpay/faults", `{"op":"confirm","kind":"close-after-apply"}`, &injected))
	assert.Equal(t, "close-after-apply", injected["fault"])
	assert.EqualValues(t, 1, injected["pending"])

	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(b.bootpay))
	require.NoError(t, err)
	_, err = client.Receipts.Confirm(context.Background(), created.ReceiptID)
	require.Error(t, err)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "got %v", err)

	var stats bootpaytest.Stats
	require.Equal(t, http.StatusOK, admin(t, "GET", b.admin+"/bootpay/stats", "", &stats))
	assert.Equal(t, 1, stats.ConfirmsApplied, "the confirm was applied once and never sent again")
	var rc receiptView
	require.Equal(t, http.StatusOK, admin(t, "GET", b.admin+"/bootpay/receipts/"+created.ReceiptID, "", &rc))
	assert.Equal(t, int(bootpay.StatusPaid), rc.Status)
}

// TestPortOneAndCommerceThroughAdmin: a payment and an order created through
// the admin API are served to the portone and commerce clients at the printed URLs.
func TestPortOneAndCommerceThroughAdmin(t *testing.T) {
	b := startProgram(t)
	ctx := context.Background()

	var pay map[string]any
	require.Equal(t, http.StatusCreated, admin(t, "POST", b.admin+"/portone/payments", `{"id":"pay-9","total":9900}`, &pay))
	assert.Equal(t, "PAID", pay["status"])
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(b.portone))
	require.NoError(t, err)
	p, err := pc.Payments.Get(ctx, "pay-9")
	require.NoError(t, err)
	assert.Equal(t, int64(9900), p.Amount.Total)
	assert.Equal(t, portone.PaymentStatusPaid, p.Status)

	var ref map[string]string
	require.Equal(t, http.StatusCreated, admin(t, "POST", b.admin+"/commerce/orders", `{"price":27000,"metadata":{"order_id":"shop-1"}}`, &ref))
	require.NotEmpty(t, ref["order_number"])
	cc, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(b.commerce))
	require.NoError(t, err)
	o, err := cc.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref["order_number"], Amount: 27000, MerchantOrderID: "shop-1"})
	require.NoError(t, err)
	assert.Equal(t, ref["order_id"], o.OrderID)
}

// TestAdminRefusesBadInput: a spec the sandbox cannot honour is a 4xx with a
// reason, never a silent default or a dropped connection.
func TestAdminRefusesBadInput(t *testing.T) {
	b := startProgram(t)
	var first receiptView
	require.Equal(t, http.StatusCreated, admin(t, "POST", b.admin+"/bootpay/receipts", `{"receipt_id":"r-1","price":1000}`, &first))
	cases := []struct {
		name, method, path, body string
		code                     int
		reason                   string
	}{
		{"zero price", "POST", "/bootpay/receipts", `{"price":0}`, 400, "price must be a positive"},
		{"tax free above price", "POST", "/portone/payments", `{"total":1000,"tax_free":2000}`, 400, "tax_free"},
		{"misspelt field", "POST", "/bootpay/receipts", `{"prise":1000}`, 400, "unknown field"},
		{"taken receipt id", "POST", "/bootpay/receipts", `{"receipt_id":"r-1","price":1000}`, 409, "exists"},
		{"unknown status", "POST", "/portone/payments", `{"total":1000,"status":"DONE"}`, 400, "unknown status"},
		{"unknown gateway", "POST", "/toss/faults", `{"op":"x","kind":"delay"}`, 404, "unknown gateway"},
		{"unknown kind", "POST", "/portone/faults", `{"op":"payments.cancel","kind":"explode"}`, 400, "unknown kind"},
		{"status without code", "POST", "/commerce/faults", `{"op":"orders.get","kind":"status"}`, 400, "needs a status"},
		{"no op", "POST", "/bootpay/faults", `{"kind":"delay"}`, 400, "op is required"},
		{"unknown route", "GET", "/nothing", ``, 404, "no admin route"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var e map[string]string
			assert.Equal(t, c.code, admin(t, c.method, b.admin+c.path, c.body, &e))
			assert.Contains(t, e["error"], c.reason)
		})
	}
	var stats bootpaytest.Stats
	require.Equal(t, http.StatusOK, admin(t, "GET", b.admin+"/bootpay/stats", "", &stats))
	assert.Zero(t, stats.Requests[bootpaytest.OpConfirm])
}

// TestAddressInUseIsNamed: an address already taken stops the program before
// anything serves, naming the flag to change.
func TestAddressInUseIsNamed(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	out := &lockedBuffer{}
	err = run(context.Background(), []string{"-admin", "127.0.0.1:0", "-bootpay", "127.0.0.1:0", "-portone", taken.Addr().String(), "-commerce", "127.0.0.1:0"}, out, io.Discard, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-portone "+taken.Addr().String())
	assert.Empty(t, out.String(), "nothing was started, so nothing is announced")
}
