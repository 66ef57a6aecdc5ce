package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// bootpayRig is a BootpayHandler looking receipts up in the Bootpay sandbox.
type bootpayRig struct {
	t       *testing.T
	srv     *bootpaytest.Server
	client  *bootpay.Client
	handler http.Handler
	runs    atomic.Int32
	fail    atomic.Int32 // the callback fails this many more times
	hook    func()       // runs inside the callback, when set
	mu      sync.Mutex
	got     []*webhook.BootpayDelivery
	errs    []error
}

func newBootpayRig(t *testing.T, opts ...webhook.HandlerOption) *bootpayRig {
	srv := bootpaytest.NewServer()
	t.Cleanup(srv.Close)
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL(srv.URL()), bootpay.WithRetryPolicy(bootpay.RetryPolicy{}))
	require.NoError(t, err)
	rig := &bootpayRig{t: t, srv: srv, client: client}
	p := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}
	opts = append([]webhook.HandlerOption{webhook.WithProcessor(p),
		webhook.WithErrorHook(func(_ *http.Request, err error) {
			rig.mu.Lock()
			defer rig.mu.Unlock()
			rig.errs = append(rig.errs, err)
		})}, opts...)
	rig.handler = webhook.BootpayHandler(webhook.BootpayLookup{Client: client}, rig.callback, opts...)
	return rig
}

func (rig *bootpayRig) callback(_ context.Context, d *webhook.BootpayDelivery) error {
	if rig.hook != nil {
		rig.hook()
	}
	if rig.fail.Add(-1) >= 0 {
		return errors.New("the merchant's database is down")
	}
	rig.runs.Add(1)
	rig.mu.Lock()
	defer rig.mu.Unlock()
	rig.got = append(rig.got, d)
	return nil
}

func (rig *bootpayRig) post(body []byte, form bool, remote string, xff ...string) *httptest.ResponseRecorder {
	req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", body, form)
	require.NoError(rig.t, err)
	if remote != "" {
		req.RemoteAddr = remote
	}
	for _, x := range xff {
		req.Header.Add("X-Forwarded-For", x)
	}
	rec := httptest.NewRecorder()
	rig.handler.ServeHTTP(rec, req)
	return rec
}

func (rig *bootpayRig) lookups() int { return rig.srv.Stats().Requests[bootpaytest.OpReceiptGet] }

func paidReceipt(srv *bootpaytest.Server) bootpaytest.Receipt {
	return srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1001", Price: 15000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
}

func completed(rc bootpaytest.Receipt) webhooktest.BootpayPayload {
	return webhooktest.BootpayPayload{WebhookType: "PAYMENT_COMPLETED", ReceiptID: rc.ReceiptID, OrderID: rc.OrderID,
		Price: rc.Price, Status: int(bootpay.StatusPaid), PG: "nicepay", Method: "card"}
}

// TestBootpayHandlerPaid: a genuine PAYMENT_COMPLETED, as JSON and as a form,
// is looked up, handed over with the receipt, and acknowledged with exactly
// 200 {"success":true}; its redelivery is acknowledged without running the
// callback again.
func TestBootpayHandlerPaid(t *testing.T) {
	for _, form := range []bool{false, true} {
		rig := newBootpayRig(t)
		rc := paidReceipt(rig.srv)
		body := completed(rc).JSON()
		if form {
			body = completed(rc).Form()
		}
		rec := rig.post(body, form, "")
		require.Equal(t, http.StatusOK, rec.Code, "form %v: %v", form, rig.errs)
		assert.Equal(t, `{"success":true}`, rec.Body.String())
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
		require.Len(t, rig.got, 1)
		assert.Equal(t, rc.ReceiptID, rig.got[0].Receipt.ReceiptID)
		assert.Equal(t, bootpay.StatusPaid, rig.got[0].Receipt.Status)
		assert.Equal(t, webhook.BootpayPaidKey(rc.ReceiptID), rig.got[0].Key)

		assert.Equal(t, http.StatusOK, rig.post(body, form, "").Code)
		assert.Equal(t, int32(1), rig.runs.Load(), "the redelivery ran nothing")
		assert.Equal(t, 2, rig.lookups(), "each delivery was looked up")
	}
}

// TestBootpayHandlerRefusals: a forged amount, another order, an unknown
// receipt and a wrong status are answered 403 after the lookup; the
// callback never runs.
func TestBootpayHandlerRefusals(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	forged := completed(rc)
	forged.Price = 100
	other := completed(rc)
	other.OrderID = "order-9999"
	unknown := completed(rc)
	unknown.ReceiptID = "6721abc123def4560000ffff"
	cancelled := completed(rc)
	cancelled.WebhookType, cancelled.Status, cancelled.CancelledPrice = "PAYMENT_CANCELLED", 20, 15000
	for _, p := range []webhooktest.BootpayPayload{forged, other, unknown, cancelled} {
		rec := rig.post(p.JSON(), false, "")
		assert.Equal(t, http.StatusForbidden, rec.Code, "%+v", p)
		assert.Equal(t, "Forbidden\n", rec.Body.String())
	}
	assert.Equal(t, int32(0), rig.runs.Load())
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, rig.errs[0], &mismatch)
	assert.True(t, mismatch.Has("price"))
	assert.ErrorIs(t, rig.errs[0], webhook.ErrMismatch)
	assert.ErrorIs(t, rig.errs[2], bootpay.ErrNotFound)
	assert.True(t, errors.As(rig.errs[3], &mismatch) && mismatch.Has("status") && mismatch.Has("cancelled_price"))

	missing := completed(rc)
	missing.ReceiptID = ""
	assert.Equal(t, http.StatusBadRequest, rig.post(missing.JSON(), false, "").Code)
}

// TestBootpayHandlerSource: only Bootpay's range is admitted; a proxy's
// X-Forwarded-For is believed only when the proxy is trusted, read from
// the right, so a forged left-hand entry does not help.
func TestBootpayHandlerSource(t *testing.T) {
	proxy := netip.MustParsePrefix("10.0.0.0/8")
	rig := newBootpayRig(t, webhook.WithSourceGuard(webhook.SourceGuard{TrustedProxies: []netip.Prefix{proxy}}))
	rc := paidReceipt(rig.srv)
	body := completed(rc).JSON()
	for _, tc := range []struct {
		name   string
		remote string
		xff    []string
		status int
	}{
		{"outside the range", "198.51.100.7:5000", nil, http.StatusForbidden},
		{"untrusted peer forwarding for Bootpay", "198.51.100.7:5000", []string{webhooktest.BootpayAddress}, http.StatusForbidden},
		{"trusted proxy without X-Forwarded-For", "10.1.2.3:5000", nil, http.StatusForbidden},
		{"spoofed left-hand entry", "10.1.2.3:5000", []string{webhooktest.BootpayAddress + ", 198.51.100.7"}, http.StatusForbidden},
		{"malformed hop", "10.1.2.3:5000", []string{"223.130.82.4, bogus"}, http.StatusForbidden},
		{"through two trusted proxies", "10.1.2.3:5000", []string{webhooktest.BootpayAddress, "10.9.9.9"}, http.StatusOK},
		{"directly", webhooktest.BootpayAddress + ":443", nil, http.StatusOK},
		{"IPv4 in IPv6", "[::ffff:223.130.82.200]:443", nil, http.StatusOK},
	} {
		assert.Equal(t, tc.status, rig.post(body, false, tc.remote, tc.xff...).Code, tc.name)
	}
	assert.Equal(t, 3, rig.lookups(), "refused sources were never looked up")
	assert.Equal(t, int32(1), rig.runs.Load())
}

// TestBootpayHandlerPartialCancels: two 부분취소 of one receipt are two events
// (their cumulative cancelled amounts differ) and each runs once; the full
// cancel is a third. A stale redelivery of the first (the receipt has moved
// on) is refused, never applied again.
func TestBootpayHandlerPartialCancels(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	ctx := context.Background()
	cancel := func(amount int64, full bool) webhooktest.BootpayPayload {
		r, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: amount, Full: full})
		require.NoError(t, err)
		p := completed(rc)
		p.Status, p.CancelledPrice, p.WebhookType = 20, r.CancelledPrice.Int64(), "PAYMENT_PARTIAL_CANCELLED"
		if full {
			p.WebhookType = "PAYMENT_CANCELLED"
		}
		return p
	}
	first := cancel(3000, false)
	assert.Equal(t, http.StatusOK, rig.post(first.JSON(), false, "").Code)
	assert.Equal(t, http.StatusOK, rig.post(first.JSON(), false, "").Code)
	second := cancel(2000, false)
	assert.Equal(t, http.StatusOK, rig.post(second.JSON(), false, "").Code)
	assert.Equal(t, http.StatusOK, rig.post(second.Form(), true, "").Code)
	full := cancel(0, true)
	assert.Equal(t, http.StatusOK, rig.post(full.JSON(), false, "").Code)
	assert.Equal(t, int32(3), rig.runs.Load())
	assert.Equal(t, http.StatusForbidden, rig.post(first.JSON(), false, "").Code, "stale")
	assert.Equal(t, int32(3), rig.runs.Load())
	keys := map[string]bool{}
	for _, d := range rig.got {
		keys[d.Key] = true
	}
	assert.Len(t, keys, 3)
}
