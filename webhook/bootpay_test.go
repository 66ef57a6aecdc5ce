package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
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
	callbackRig[*webhook.BootpayDelivery]
}

func newBootpayRig(t *testing.T, opts ...webhook.HandlerOption) *bootpayRig {
	return newBootpayRigOn(t, bootpaytest.NewServer(), opts...)
}

// newBootpayRigOn is newBootpayRig on srv, which it closes.
func newBootpayRigOn(t *testing.T, srv *bootpaytest.Server, opts ...webhook.HandlerOption) *bootpayRig {
	t.Cleanup(srv.Close)
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL(srv.URL()), bootpay.WithRetryPolicy(bootpay.RetryPolicy{}))
	require.NoError(t, err)
	rig := &bootpayRig{t: t, srv: srv, client: client}
	p := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}
	opts = append([]webhook.HandlerOption{webhook.WithProcessor(p),
		webhook.WithErrorHook(rig.errorHook)}, opts...)
	rig.handler = webhook.BootpayHandler(webhook.BootpayLookup{Client: client}, rig.callback, opts...)
	return rig
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

// TestBootpayHandlerRefusals: a forged amount, another order and an
// unknown receipt are answered 403 after the lookup; a cancellation of a
// receipt that still reads paid (ahead of the record) is answered 502, so
// that Bootpay delivers it again, naming the fields; the callback never
// runs.
func TestBootpayHandlerRefusals(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	forged := completed(rc)
	forged.Price = 100
	other := completed(rc)
	other.OrderID = "order-9999"
	unknown := completed(rc)
	unknown.ReceiptID = "6721abc123def4560000ffff"
	for _, p := range []webhooktest.BootpayPayload{forged, other, unknown} {
		rec := rig.post(p.JSON(), false, "")
		assert.Equal(t, http.StatusForbidden, rec.Code, "%+v", p)
		assert.Equal(t, "Forbidden\n", rec.Body.String())
	}
	cancelled := completed(rc)
	cancelled.WebhookType, cancelled.Status, cancelled.CancelledPrice = "PAYMENT_CANCELLED", 20, 15000
	assert.Equal(t, http.StatusBadGateway, rig.post(cancelled.JSON(), false, "").Code)
	assert.Equal(t, int32(0), rig.runs.Load())
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, rig.errs[0], &mismatch)
	assert.True(t, mismatch.Has("price"))
	assert.ErrorIs(t, rig.errs[0], webhook.ErrMismatch)
	assert.ErrorIs(t, rig.errs[2], bootpay.ErrNotFound)
	assert.ErrorIs(t, rig.errs[3], webhook.ErrNotCaughtUp)
	assert.NotErrorIs(t, rig.errs[3], webhook.ErrUnverified)
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
// on) is acknowledged, so that Bootpay stops delivering it, and never
// applied again: it is reported as ErrSuperseded.
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
	assert.Equal(t, http.StatusOK, rig.post(first.JSON(), false, "").Code, "stale")
	assert.Equal(t, int32(3), rig.runs.Load())
	require.NotEmpty(t, rig.errs)
	assert.ErrorIs(t, rig.errs[len(rig.errs)-1], webhook.ErrSuperseded)
	keys := map[string]bool{}
	for _, d := range rig.got {
		keys[d.Key] = true
	}
	assert.Len(t, keys, 3)
}

// The v2 payload excerpt of Bootpay's webhook docs, with a webhook_type.
const bootpayDocBody = `{"receipt_id":"6721abc123def456","order_id":"your_order_id","price":1000,"tax_free":0,"order_name":"테스트 상품","pg":"kcp","method":"card","method_symbol":"card","status":1,"status_locale":"결제완료","webhook_type":"PAYMENT_COMPLETED","private_key":"do-not-print-me"}`

// TestDecodeBootpayEvent: the documented JSON body and its form twin decode
// to the same event; amounts are exact; the raw body is kept but never
// printed.
func TestDecodeBootpayEvent(t *testing.T) {
	ev, err := webhook.DecodeBootpayEvent("application/json", []byte(bootpayDocBody))
	require.NoError(t, err)
	assert.Equal(t, webhook.BootpayPaymentCompleted, ev.WebhookType)
	assert.Equal(t, "6721abc123def456", ev.ReceiptID)
	assert.Equal(t, bootpay.Amount(1000), ev.Price)
	assert.Equal(t, bootpay.StatusPaid, ev.Status)
	assert.Equal(t, "결제완료", ev.StatusLocale)
	assert.Equal(t, bootpayDocBody, string(ev.RawBody()))
	for _, f := range []string{"%v", "%+v", "%#v"} {
		assert.NotContains(t, sprintf(f, ev), "do-not-print-me")
	}

	form := "receipt_id=6721abc123def456&order_id=your_order_id&price=1000.0&tax_free=0&order_name=%ED%85%8C%EC%8A%A4%ED%8A%B8+%EC%83%81%ED%92%88&pg=kcp&method=card&method_symbol=card&status=1&status_locale=%EA%B2%B0%EC%A0%9C%EC%99%84%EB%A3%8C&webhook_type=PAYMENT_COMPLETED"
	fev, err := webhook.DecodeBootpayEvent("application/x-www-form-urlencoded; charset=utf-8", []byte(form))
	require.NoError(t, err)
	assert.Equal(t, []any{ev.WebhookType, ev.ReceiptID, ev.OrderID, ev.Price, ev.TaxFree, ev.OrderName, ev.PG, ev.Method, ev.MethodSymbol, ev.Status, ev.StatusLocale},
		[]any{fev.WebhookType, fev.ReceiptID, fev.OrderID, fev.Price, fev.TaxFree, fev.OrderName, fev.PG, fev.Method, fev.MethodSymbol, fev.Status, fev.StatusLocale})
	assert.Equal(t, ev.Key(), fev.Key())
}

// TestDecodeBootpayRefusals: missing required fields, fractional or
// negative amounts and non-objects are *DecodeError.
func TestDecodeBootpayRefusals(t *testing.T) {
	for _, tc := range []struct{ ct, body string }{
		{"", `{"order_id":"o","price":1000,"status":1}`},
		{"", `{"receipt_id":"","order_id":"o","price":1000,"status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","price":1000.5,"status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","price":-1000,"status":1}`},
		{"", `{"receipt_id":"r","order_id":"o","price":1000,"status":"paid"}`},
		{"", `[]`}, {"", ``}, {"", `null`},
		{"application/x-www-form-urlencoded", "receipt_id=r&order_id=o&price=1000.5&status=1"},
		{"application/x-www-form-urlencoded", "receipt_id=r&order_id=o&status=1"},
		{"application/x-www-form-urlencoded", "%zz"},
	} {
		_, err := webhook.DecodeBootpayEvent(tc.ct, []byte(tc.body))
		var de *webhook.DecodeError
		assert.True(t, errors.As(err, &de), "%q: %v", tc.body, err)
	}
}

// TestBootpayKind: an older payload without webhook_type gets its kind from
// the status, a cancel telling partial from full by the amounts; the keys
// of a partial and a full cancel differ, and so do two partial cancels.
func TestBootpayKind(t *testing.T) {
	dec := func(body string) *webhook.BootpayEvent {
		ev, err := webhook.DecodeBootpayEvent("", []byte(body))
		require.NoError(t, err)
		return ev
	}
	paid := dec(`{"receipt_id":"r","order_id":"o","price":1000,"status":1}`)
	assert.Equal(t, webhook.BootpayPaymentCompleted, paid.Kind())
	assert.Equal(t, webhook.BootpayPaidKey("r"), paid.Key())
	vbank := dec(`{"receipt_id":"r","order_id":"o","price":1000,"status":5}`)
	assert.Equal(t, webhook.BootpayVirtualAccountIssued, vbank.Kind())
	partA := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":300,"status":20}`)
	partB := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":500,"status":20}`)
	full := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":1000,"status":20}`)
	assert.Equal(t, webhook.BootpayPaymentPartialCancelled, partA.Kind())
	assert.Equal(t, webhook.BootpayPaymentCancelled, full.Kind())
	assert.Equal(t, webhook.BootpayWebhookType("STATUS_-2"), dec(`{"receipt_id":"r","order_id":"o","price":1000,"status":-2}`).Kind())
	keys := map[string]bool{paid.Key(): true, vbank.Key(): true, partA.Key(): true, partB.Key(): true, full.Key(): true}
	assert.Len(t, keys, 5)
	typed := dec(`{"receipt_id":"r","order_id":"o","price":1000,"cancelled_price":300,"status":20,"webhook_type":"PAYMENT_PARTIAL_CANCELLED"}`)
	assert.Equal(t, partA.Key(), typed.Key(), "with or without webhook_type, one key")
}

// FuzzDecodeBootpayEvent: any body, JSON or form, is an event with its
// required fields or a *DecodeError, never a panic.
func FuzzDecodeBootpayEvent(f *testing.F) {
	seeds := []string{bootpayDocBody, `{"receipt_id":"r","order_id":"o","price":"1e3","status":"20"}`, "receipt_id=r&order_id=o&price=10&status=1", "{}"}
	fuzzDecoder(f, "", seeds, webhook.DecodeBootpayEvent, func(t *testing.T, ev *webhook.BootpayEvent) {
		if ev.ReceiptID == "" || ev.OrderID == "" || ev.Price < 0 || ev.CancelledPrice < 0 || ev.Key() == "" {
			t.Fatalf("accepted %+v", ev)
		}
	})
}

// TestBootpayWebhookTypeIsCheckedAndNormalised: webhook_type decides the
// process-once key, so it is checked against the looked-up receipt. The
// same paid receipt announced as "PAYMENT_COMPLETED" and as
// " payment_completed" is one event (one key, one callback run); a
// webhook_type the receipt contradicts (a partial cancel of a status-1
// receipt, a type this package does not know) is refused with 403 and runs
// nothing.
func TestBootpayWebhookTypeIsCheckedAndNormalised(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	upper := completed(rc)
	lower := completed(rc)
	lower.WebhookType = " payment_completed"
	require.Equal(t, http.StatusOK, rig.post(upper.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(lower.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(lower.Form(), true, "").Code, "%v", rig.errs)
	assert.Equal(t, int32(1), rig.runs.Load(), "one fact, one run")
	assert.Equal(t, webhook.BootpayPaidKey(rc.ReceiptID), rig.got[0].Key)

	for _, typ := range []string{"PAYMENT_PARTIAL_CANCELLED", "PAYMENT_CANCELLED", "PAYMENT_VIRTUAL_ACCOUNT_ISSUED", "PAYMENT_SOMETHING_NEW"} {
		p := completed(rc)
		p.WebhookType = typ
		rig.errs = nil
		assert.Equal(t, http.StatusForbidden, rig.post(p.JSON(), false, "").Code, typ)
		require.Len(t, rig.errs, 1, typ)
		assert.ErrorIs(t, rig.errs[0], webhook.ErrMismatch)
		var mismatch *bootpay.MismatchError
		require.ErrorAs(t, rig.errs[0], &mismatch, typ)
		assert.True(t, mismatch.Has("webhook_type"), typ)
	}
	assert.Equal(t, int32(1), rig.runs.Load(), "no contradicted kind ran")
}

// TestBootpayCompletionAfterPartialCancel: a PAYMENT_COMPLETED delivered
// (or redelivered) after the payment was partly cancelled still proves the
// payment was made: the receipt shows the same order and price, and a
// cancelled amount below the price. It runs once under the paid key, with
// the receipt as it is now. After a full cancel it is superseded:
// acknowledged (Bootpay would otherwise deliver it again and again) and
// never run, since fulfilling a refunded order is never right.
func TestBootpayCompletionAfterPartialCancel(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	ctx := context.Background()
	_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
	require.NoError(t, err)

	paid := completed(rc)
	require.Equal(t, http.StatusOK, rig.post(paid.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(paid.JSON(), false, "").Code)
	assert.Equal(t, int32(1), rig.runs.Load())
	d := rig.got[0]
	assert.Equal(t, webhook.BootpayPaidKey(rc.ReceiptID), d.Key)
	assert.Equal(t, bootpay.StatusCancelled, d.Receipt.Status, "the receipt as it is now")
	assert.Equal(t, int64(3000), d.Receipt.CancelledPrice.Int64())

	forged := completed(rc)
	forged.Price = 12000 // the remaining amount is not the price paid
	assert.Equal(t, http.StatusForbidden, rig.post(forged.JSON(), false, "").Code)

	_, err = rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
	require.NoError(t, err)
	other := paidReceipt(rig.srv)
	_, err = rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: other.ReceiptID, Full: true})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, rig.post(completed(other).JSON(), false, "").Code, "fully refunded")
	assert.Equal(t, int32(1), rig.runs.Load())
	assert.ErrorIs(t, rig.errs[len(rig.errs)-1], webhook.ErrSuperseded)
}

// TestBootpayLookupSupersededOnlyForward: an event is superseded only when
// the receipt shows MORE cancelled than the event, with nothing but the
// status and the webhook type following from it. An event claiming more
// cancelled than the receipt shows (Bootpay's record may lag its webhook)
// is ErrNotCaughtUp, answered 502 so that Bootpay delivers it again; one
// naming another price stays a mismatch, refused with 403; Verify returns
// the current receipt with a superseded verdict only.
func TestBootpayLookupSupersededOnlyForward(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	ctx := context.Background()
	_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
	require.NoError(t, err)
	lookup := webhook.BootpayLookup{Client: rig.client}
	decode := func(p webhooktest.BootpayPayload) *webhook.BootpayEvent {
		ev, err := webhook.DecodeBootpayEvent("application/json", p.JSON())
		require.NoError(t, err)
		return ev
	}
	partial := func(cancelled int64) webhooktest.BootpayPayload {
		p := completed(rc)
		p.Status, p.CancelledPrice, p.WebhookType = 20, cancelled, "PAYMENT_PARTIAL_CANCELLED"
		return p
	}

	ahead := partial(5000) // the receipt shows 3000
	r, err := lookup.Verify(ctx, decode(ahead))
	assert.ErrorIs(t, err, webhook.ErrNotCaughtUp)
	assert.NotErrorIs(t, err, webhook.ErrMismatch)
	assert.NotErrorIs(t, err, webhook.ErrSuperseded)
	assert.Nil(t, r)
	assert.Equal(t, http.StatusBadGateway, rig.post(ahead.JSON(), false, "").Code)

	behind := partial(1000) // cancelled further since: 3000
	r, err = lookup.Verify(ctx, decode(behind))
	assert.ErrorIs(t, err, webhook.ErrSuperseded)
	assert.ErrorIs(t, err, webhook.ErrUnverified)
	require.NotNil(t, r)
	assert.Equal(t, int64(3000), r.CancelledPrice.Int64(), "the receipt as it is now")

	behindElsewhere := partial(1000)
	behindElsewhere.Price = 12000 // and another price: a mismatch, not progress
	_, err = lookup.Verify(ctx, decode(behindElsewhere))
	assert.ErrorIs(t, err, webhook.ErrMismatch)
	assert.Equal(t, http.StatusForbidden, rig.post(behindElsewhere.JSON(), false, "").Code)
	assert.Equal(t, int32(0), rig.runs.Load())
}

// TestBootpayHandlerRefusesTestModeReceipts: an event about a test-mode
// receipt (sandbox: true) is answered 403 and runs nothing, however well
// it matches; a handler whose lookup opts in with AllowSandbox runs it.
func TestBootpayHandlerRefusesTestModeReceipts(t *testing.T) {
	rig := newBootpayRig(t)
	rc := rig.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-t", Price: 15000, Sandbox: true, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	body := completed(rc).JSON()
	assert.Equal(t, http.StatusForbidden, rig.post(body, false, "").Code)
	assert.Zero(t, rig.runs.Load())
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, rig.errs[0], &mismatch)
	assert.True(t, mismatch.Has("sandbox"))

	runs := 0
	h := webhook.BootpayHandler(webhook.BootpayLookup{Client: rig.client, AllowSandbox: true},
		func(context.Context, *webhook.BootpayDelivery) error { runs++; return nil })
	req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", body, false)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, 1, runs)
}
