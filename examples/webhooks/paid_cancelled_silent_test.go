package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// paidLagging is a transport to the PortOne sandbox whose payment lookups
// read PAID while the payment is PARTIAL_CANCELLED: the state Verify
// refuses as an amount.cancelled mismatch (PortOne's status not caught up
// with its amounts, or a PAID that carries cancelled money, UNCONFIRMED).
type paidLagging struct{ next http.RoundTripper }

func (p paidLagging) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := p.next.RoundTrip(r)
	if err != nil || r.Method != http.MethodGet {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	body = bytes.ReplaceAll(body, []byte(`"status":"PARTIAL_CANCELLED"`), []byte(`"status":"PAID"`))
	res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	res.Header.Del("Content-Length")
	return res, nil
}

// A Transaction.Paid whose lookup reads PAID with 20,000 of the order's
// 50,000 cancelled is (rightly) neither fulfilled nor acknowledged: it is
// answered 5xx so that PortOne delivers it again once the status catches
// up. But PortOne delivers a webhook at most six times (0, 1, 4, 16, 64,
// 256 minutes), and every one of these answers is silent: the receiver
// logs nothing and registers no webhook.WithErrorHook. Should the state
// last longer than the retries (or the status catch up only after the
// last one: Transaction.PartialCancelled is ignored here), the order is
// never fulfilled, 30,000 won stays taken, and no one is told — the
// PARTIAL_CANCELLED case logs an ERROR for a person, this one nothing.
func TestPaidWithCancelledMoneyIsNeverSilent(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 50000, portonetest.PaymentSpec{ID: "order-lag", Total: 50000, Channel: liveChannel()})
	if _, err := rc.PortOne.Payments.Cancel(context.Background(), portone.CancelPaymentParams{
		PaymentID: "order-lag", Amount: 20000, Reason: "부분취소", CurrentCancellableAmount: portone.Ptr(int64(50000))}); err != nil {
		t.Fatal(err)
	}
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(ps.URL()),
		portone.WithHTTPClient(&http.Client{Transport: paidLagging{http.DefaultTransport}}))
	if err != nil {
		t.Fatal(err)
	}
	rc.PortOne = pc
	log := logTo(rc)
	for attempt := 1; attempt <= 6; attempt++ { // PortOne's first delivery and its five retries
		if rec := serveRec(h, paidWebhook(t, "order-lag", "msg-lag")); rec.Code < 500 {
			t.Fatalf("attempt %d: %d, want a 5xx (the status may yet catch up)", attempt, rec.Code)
		}
	}
	if o, _ := rc.Shop.Get("order-lag"); o.Fulfilled != 0 {
		t.Fatalf("fulfilled %d time(s) with 20,000 of 50,000 refunded", o.Fulfilled)
	}
	if log.Len() == 0 {
		t.Fatalf("PortOne's retries are spent and the order is unfulfilled with 30,000 won taken, yet nothing was logged")
	}
	// Each delivery tells a person: the last one may be PortOne's last.
	if n := strings.Count(log.String(), "level=ERROR"); n != 6 {
		t.Errorf("log: %q: %d ERROR record(s), want one per delivery (6)", log, n)
	}
	for _, says := range []string{"paymentId=order-lag", "order=order-lag", "cancelled=20000"} {
		if !strings.Contains(log.String(), says) {
			t.Errorf("log: %q, want it to say %q", log, says)
		}
	}
	if strings.Contains(log.String(), "위변조") {
		t.Errorf("log: %q: the merchant's own refund is no 위변조 의심", log)
	}
}
