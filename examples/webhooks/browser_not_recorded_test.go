package main

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook"
)

// doneFails is a Store whose Done fails: the work ran, the key was not
// recorded (webhook.ErrNotRecorded).
type doneFails struct{ webhook.Store }

func (doneFails) Done(context.Context, string, string) error {
	return errors.New("database unavailable")
}

// Process answers (ran, ErrNotRecorded) when fulfilment ran and
// only its record failed; the webhook handlers acknowledge that. The
// browser's /payment/complete must not tell a buyer whose order was
// fulfilled "fulfilment failed; try again" (a 500 after paying invites
// paying again, and a retry after the lease claims the key again and
// fulfils a second time).
func TestBrowserReportFulfilledButNotRecordedAnswersPaid(t *testing.T) {
	_, rc, h := receiverWithPayment(t, 50000, portonetest.PaymentSpec{ID: "order-nr", Total: 50000, Channel: liveChannel()})
	rc.Once = &webhook.Processor{Store: doneFails{webhook.NewMemoryStore(webhook.MemoryConfig{})}, Lease: time.Minute}
	log := logTo(rc)
	rec := serveRec(h, browserComplete("order-nr"))
	if o, _ := rc.Shop.Get("order-nr"); o.Fulfilled != 1 {
		t.Fatalf("fulfilled %d time(s), want 1", o.Fulfilled)
	}
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"paid"`) {
		t.Errorf("browser told %d %q for an order fulfilled once (only its key's record failed), want 200 paid", rec.Code, rec.Body)
	}
	assertOneRecord(t, log.String(), "ERROR", "not recorded", "order=order-nr", "database unavailable")
}
