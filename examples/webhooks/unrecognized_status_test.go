package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit-kr/paykit/portone/portonetest"
)

// unknownStatusFirst answers the first payment lookup of paymentID with a
// status this package does not know and no channel (the member is optional
// on READY and FAILED, and a status PortOne adds later may leave it out
// too); every later lookup goes through untouched.
type unknownStatusFirst struct {
	next      http.RoundTripper
	paymentID string
	done      atomic.Bool
}

func (u *unknownStatusFirst) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := u.next.RoundTrip(req)
	if err != nil || res.StatusCode != http.StatusOK || !strings.HasSuffix(req.URL.Path, "/payments/"+u.paymentID) || u.done.Swap(true) {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	delete(m, "channel")
	m["status"] = json.RawMessage(`"PAY_AUTHORIZED"`)
	body, _ = json.Marshal(m)
	res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	res.Header.Del("Content-Length")
	return res, nil
}

// A Transaction.Paid whose first lookup reads a status this package does
// not know (OutcomeUnrecognized, which may yet become PAID) without a
// channel stays open: it is refused, so PortOne delivers it again, and is
// fulfilled once when the lookup reads PAID on a LIVE channel. (Reported
// as a final channel.type mismatch, it would be acknowledged, its paid key
// marked done, and the order never fulfilled.)
func TestUnrecognizedStatusWithoutChannelIsRedeliveredAndFulfilsOnce(t *testing.T) {
	ps, rc, h := receiverWithPayment(t, 50000, portonetest.PaymentSpec{ID: "order-unk", Total: 50000, Channel: liveChannel()})
	first := &unknownStatusFirst{paymentID: "order-unk"}
	withPortOneTransport(t, rc, ps, func(next http.RoundTripper) http.RoundTripper { first.next = next; return first })

	rec := serveRec(h, paidWebhook(t, "order-unk", "msg-unk"))
	if !first.done.Load() {
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
