package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook"
)

// swapFirstLookup routes the first payment lookup of paymentID to other's
// record instead, as a misrouting proxy or cache would: a 2xx about
// another payment. Every later request goes through untouched.
type swapFirstLookup struct {
	next             http.RoundTripper
	paymentID, other string
	swapped          atomic.Bool
}

func (s *swapFirstLookup) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/payments/"+s.paymentID) && !s.swapped.Swap(true) {
		req = req.Clone(req.Context())
		req.URL.Path = strings.TrimSuffix(req.URL.Path, s.paymentID) + s.other
		req.URL.RawPath = ""
	}
	return s.next.RoundTrip(req)
}

// editReply edits the JSON object of each 200 reply to a request match
// accepts (every one when match is nil), as a PortOne writing otherwise
// than the sandbox would.
type editReply struct {
	next  http.RoundTripper
	match func(*http.Request) bool
	edit  func(map[string]json.RawMessage)
}

func (e editReply) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := e.next.RoundTrip(req)
	if err != nil || res.StatusCode != http.StatusOK || (e.match != nil && !e.match(req)) {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) == nil {
		e.edit(m)
		body, _ = json.Marshal(m)
	}
	res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	res.Header.Del("Content-Length")
	return res, nil
}

// dropChannel removes "channel" from a payment, as a reply that leaves the
// optional member out would.
func dropChannel(m map[string]json.RawMessage) { delete(m, "channel") }

// withPortOneTransport points rc's PortOne client at ps through wrap.
func withPortOneTransport(t *testing.T, rc *Receiver, ps *portonetest.Server, wrap func(http.RoundTripper) http.RoundTripper) {
	t.Helper()
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(ps.URL()),
		portone.WithHTTPClient(&http.Client{Transport: wrap(ps.Client().Transport)}))
	if err != nil {
		t.Fatal(err)
	}
	rc.PortOne = pc
}

// A Transaction.Paid whose lookup was answered with ANOTHER payment's
// record (a MismatchError on "id" only: a misrouting proxy or cache) is no
// payment that can never match its order. The webhook is refused with a
// 5xx and its key released; PortOne's redelivery reads the right record
// and fulfils the order once, and the browser's report after it fulfils
// nothing more. Browser first, the browser is told to try again (502) and
// the webhook fulfils the order. Nothing is logged as unfulfillable.
func TestLookupAboutAnotherPaymentIsRedeliveredAndFulfilsOnce(t *testing.T) {
	for _, browserFirst := range []bool{false, true} {
		name := map[bool]string{false: "webhook first", true: "browser first"}[browserFirst]
		t.Run(name, func(t *testing.T) {
			ps, _, rc, h := newTestSandboxes(t)
			rc.Shop.Add("order-r6", 50000)
			ps.CreatePayment(portonetest.PaymentSpec{ID: "order-r6", Total: 50000, Channel: liveChannel()})
			ps.CreatePayment(portonetest.PaymentSpec{ID: "someone-else", Total: 50000, Channel: liveChannel()})
			swap := &swapFirstLookup{paymentID: "order-r6", other: "someone-else"}
			withPortOneTransport(t, rc, ps, func(next http.RoundTripper) http.RoundTripper { swap.next = next; return swap })
			log := logTo(rc)

			if browserFirst {
				if rec := serveRec(h, browserComplete("order-r6")); rec.Code != http.StatusBadGateway {
					t.Errorf("browser, lookup about another payment: %d, want 502 (try again)", rec.Code)
				}
			}
			first := serveRec(h, paidWebhook(t, "order-r6", "msg-r6"))
			if !swap.swapped.Load() {
				t.Fatal("the first lookup was not answered with the other payment")
			}
			if !browserFirst && first.Code < 500 {
				t.Errorf("webhook, lookup about another payment: %d, want a 5xx (deliver again)", first.Code)
			}
			if rec := serveRec(h, paidWebhook(t, "order-r6", "msg-r6")); rec.Code != http.StatusOK {
				t.Errorf("redelivery: %d, want 200", rec.Code)
			}
			if rec := serveRec(h, browserComplete("order-r6")); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"paid"`) {
				t.Errorf("browser: %d %s, want 200 paid", rec.Code, rec.Body)
			}
			if o, _ := rc.Shop.Get("order-r6"); o.Fulfilled != 1 {
				t.Errorf("paid order fulfilled %d time(s), want 1", o.Fulfilled)
			}
			if log.Len() != 0 {
				t.Errorf("logged %q for a payment that was fulfilled", log)
			}
		})
	}
}

// neverMatches acknowledges only mismatches no later lookup can change:
// the amount paid, the currency and the channel, alone or together. "id"
// (a reply about another payment), alone or with those (the other
// payment's amount), and any other field are redelivered.
func TestNeverMatchesOnlyFieldsAPaymentNeverChanges(t *testing.T) {
	for fields, want := range map[string]bool{
		"amount.total":      true,
		"currency":          true,
		"channel.type=TEST": true,
		"amount.total,currency,channel.type=TEST": true,
		"channel.type=":              false, // no channel named: it may be named next time
		"amount.total,channel.type=": true,  // the amount alone never comes to match
		"id":                         false,
		"id,amount.total":            false,
		"amount.total,orderName":     false,
		"customData":                 false,
		"status":                     false,
		"":                           false,
	} {
		m := &portone.MismatchError{PaymentID: "p"}
		for _, f := range strings.Split(fields, ",") {
			if f != "" {
				field, actual, _ := strings.Cut(f, "=")
				m.Mismatches = append(m.Mismatches, portone.Mismatch{Field: field, Actual: actual})
			}
		}
		if got := neverMatches(m); got != want {
			t.Errorf("neverMatches(%q) = %v, want %v", fields, got, want)
		}
	}
}

// A PARTIAL_CANCELLED payment without a channel cannot be shown to be live:
// Verify reports a channel.type mismatch naming no channel, so it is not
// fulfilled. PortOne may name the channel in a later reply, so it is not
// acknowledged either: the webhook is refused (500) and delivered again,
// the browser told to try again (502), and its paid key stays open.
func TestPartlyCancelledPortOnePaymentWithoutAChannelIsNotFulfilled(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 50000, portonetest.PaymentSpec{ID: "order-noch", Total: 50000,
		Status: portone.PaymentStatusPartialCancelled, Cancelled: 10000, Channel: liveChannel()})
	withPortOneTransport(t, rc, ps, func(next http.RoundTripper) http.RoundTripper { return editReply{next: next, edit: dropChannel} })

	for attempt := 1; attempt <= 2; attempt++ {
		if rec := serveRec(h, paidWebhook(t, "order-noch", "msg-noch")); rec.Code != http.StatusInternalServerError {
			t.Errorf("webhook, attempt %d: %d, want 500 (deliver again)", attempt, rec.Code)
		}
	}
	if rec := serveRec(h, browserComplete("order-noch")); rec.Code != http.StatusBadGateway {
		t.Errorf("browser: %d, want 502 (try again)", rec.Code)
	}
	if o, _ := rc.Shop.Get("order-noch"); o.Fulfilled != 0 {
		t.Errorf("fulfilled %d time(s) without a live channel", o.Fulfilled)
	}
	if n := ps.Stats().Requests[portonetest.OpPaymentGet]; n != 3 {
		t.Errorf("%d lookups, want 3: the key stayed open, so every attempt looked again", n)
	}
}

// Should a completion whose receipt is cancelled in full reach onBootpay
// (the webhook package acknowledges it as ErrSuperseded first), it is
// still not fulfilled: acknowledged with a WARN, the merchant's own
// cancel, no 위변조 의심. Only a partial cancel matches its order (and is
// not fulfilled either: see TestPartlyCancelledBootpayReceiptIsNotFulfilled).
func TestFullyCancelledBootpayReceiptIsNotFulfilledByTheCallback(t *testing.T) {
	_, bs, rc, _ := newTestSandboxes(t)
	log := logTo(rc)
	rc.Shop.Add("order-bp-full", 15000)
	r := bs.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-bp-full", Price: 15000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	ctx := context.Background()
	if _, err := rc.Bootpay.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: r.ReceiptID, Amount: 15000}); err != nil {
		t.Fatal(err)
	}
	receipt, err := rc.Bootpay.Receipts.Get(ctx, r.ReceiptID)
	if err != nil {
		t.Fatal(err)
	}
	if !receipt.FullyCancelled() {
		t.Fatalf("receipt %s, cancelled %d: want fully cancelled", receipt.Status, receipt.CancelledPrice.Int64())
	}
	d := &webhook.BootpayDelivery{Receipt: receipt, Event: &webhook.BootpayEvent{WebhookType: webhook.BootpayPaymentCompleted,
		ReceiptID: r.ReceiptID, OrderID: r.OrderID, Price: receipt.Price, Status: bootpay.StatusPaid}}
	if err := rc.onBootpay(ctx, d); err != nil {
		t.Errorf("onBootpay: %v, want nil (acknowledged)", err)
	}
	if o, _ := rc.Shop.Get("order-bp-full"); o.Fulfilled != 0 {
		t.Errorf("fulfilled %d time(s)", o.Fulfilled)
	}
	assertOneRecord(t, log.String(), "WARN", "no longer paid", "receiptId="+r.ReceiptID, "order=order-bp-full")
	if strings.Contains(log.String(), "위변조") {
		t.Errorf("log: %q: the merchant's own cancel is no 위변조 의심", log)
	}
}

// A Transaction.Paid whose first lookup reads a status this package does
// not know (OutcomeUnrecognized, which may yet become PAID) without a
// channel stays open: it is refused, so PortOne delivers it again, and is
// fulfilled once when the lookup reads PAID on a LIVE channel. (Reported
// as a final channel.type mismatch, it would be acknowledged, its paid key
// marked done, and the order never fulfilled.)
func TestUnrecognizedStatusWithoutChannelIsRedeliveredAndFulfilsOnce(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 50000, portonetest.PaymentSpec{ID: "order-unk", Total: 50000, Channel: liveChannel()})
	var rewritten atomic.Bool // the first lookup reads a status this package does not know, and no channel
	withPortOneTransport(t, rc, ps, func(next http.RoundTripper) http.RoundTripper {
		return editReply{next: next,
			match: func(r *http.Request) bool {
				return strings.HasSuffix(r.URL.Path, "/payments/order-unk") && !rewritten.Swap(true)
			},
			edit: func(m map[string]json.RawMessage) {
				dropChannel(m)
				m["status"] = json.RawMessage(`"PAY_AUTHORIZED"`)
			}}
	})

	rec := serveRec(h, paidWebhook(t, "order-unk", "msg-unk"))
	if !rewritten.Load() {
		t.Fatal("the first lookup was not rewritten")
	}
	if rec.Code < 500 {
		t.Errorf("webhook while the lookup reads an unknown status: %d, want a 5xx (deliver again)", rec.Code)
	}
	if rec := serveRec(h, paidWebhook(t, "order-unk", "msg-unk")); rec.Code != http.StatusOK {
		t.Errorf("redelivery: %d, want 200", rec.Code)
	}
	serveRec(h, browserComplete("order-unk"))
	if o, _ := rc.Shop.Get("order-unk"); o.Fulfilled != 1 {
		t.Errorf("paid order fulfilled %d time(s), want 1", o.Fulfilled)
	}
}

// A payment for another amount (위변조 의심) whose reply also leaves the
// channel out is still acknowledged and logged at ERROR: the amount alone
// never comes to match, so delivering it again would only lose the alert.
func TestForgedAmountWithoutAChannelIsStillReported(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 50000, portonetest.PaymentSpec{ID: "order-fa", Total: 40000, Channel: liveChannel()})
	withPortOneTransport(t, rc, ps, func(next http.RoundTripper) http.RoundTripper { return editReply{next: next, edit: dropChannel} })
	log := logTo(rc)

	rec := serveRec(h, paidWebhook(t, "order-fa", "msg-fa"))
	if o, _ := rc.Shop.Get("order-fa"); o.Fulfilled != 0 {
		t.Fatalf("fulfilled %d time(s) for another amount", o.Fulfilled)
	}
	if rec.Code != http.StatusOK {
		t.Errorf("webhook: %d, want 200: amount.total never comes to match, so redelivering changes nothing", rec.Code)
	}
	assertOneRecord(t, log.String(), "ERROR", "위변조 의심", "amount.total", "paymentId=order-fa")
}
