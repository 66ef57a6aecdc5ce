package shop_test

import (
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// refundingPortOneOrder pays a PortOne order after the stock went, so the
// shop must refund it; faults are injected on the cancel first, once each,
// and then every later cancel fails with a 503 if down is set.
func (f *fixture) refundingPortOneOrder(t *testing.T, down bool, faults ...portonetest.Fault) *shop.Order {
	t.Helper()
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price})
	f.setStock(t, 0)
	for _, fault := range faults {
		f.sb.PortOne.Inject(portonetest.OpPaymentCancel, fault, 1)
	}
	if down {
		f.sb.PortOne.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
	}
	f.complete(t, 0, o.PaymentID, o.ID)
	return o
}

// The first refund's reply is lost (applied at PortOne); the reconciler's
// retry is the same refund — the same reason under the same
// Idempotency-Key, or no cancel at all once a lookup shows the payment
// cancelled — so the order ends refunded, never stuck refunding behind a
// 422 IDEMPOTENCY_KEY_REUSED.
func TestPortOneRefundRetryAfterALostReply(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{})
		o := f.refundingPortOneOrder(t, true, portonetest.Faults.CloseAfterApply())
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
			t.Fatalf("order %s, want refunding while the refund's outcome is unknown", got.Status)
		}
		f.sb.PortOne.ClearFaults()
		f.reconcile(t, 0)
		got := f.order(t, o.ID)
		if got.Status != shop.StatusRefunded || got.Reason != shop.ReasonOutOfStock {
			t.Errorf("order %s (%q), want refunded (out_of_stock)", got.Status, got.Reason)
		}
		st := f.sb.PortOne.Stats()
		if st.CancelsApplied != 1 || st.IdempotencyMismatches != 0 {
			t.Errorf("%d cancels applied, %d key reuses; want 1 and 0", st.CancelsApplied, st.IdempotencyMismatches)
		}
	})
}

// The refund's key expired (PortOne keeps it ~3 h) or the payment was
// cancelled at PortOne meanwhile: the reconciler looks first and records
// the refund without sending a cancel that would be refused.
func TestPortOneRefundAlreadyCancelledAtPortOne(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.refundingPortOneOrder(t, true)
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
		t.Fatalf("order %s, want refunding", got.Status)
	}
	f.sb.PortOne.ClearFaults()
	if _, err := f.sb.Config.PortOne.Payments.Cancel(t.Context(), portone.CancelPaymentParams{PaymentID: o.PaymentID, Full: true, Reason: "관리자 콘솔에서 취소"}); err != nil {
		t.Fatal(err)
	}
	sent := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]
	f.reconcile(t, 0)
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded {
		t.Errorf("order %s, want refunded", got.Status)
	}
	if n := f.sb.PortOne.Stats().Requests[portonetest.OpPaymentCancel]; n != sent {
		t.Errorf("%d more cancels sent, want none", n-sent)
	}
}

// A cancellation PortOne answers REQUESTED (the PG refunds later) or
// FAILED is not a refund: the order stays refunding and the reconciler
// sends the same refund again until it SUCCEEDED.
func TestPortOneRefundCountsOnlySucceeded(t *testing.T) {
	for _, status := range []string{"REQUESTED", "FAILED"} {
		t.Run(status, func(t *testing.T) {
			f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
			body := `{"cancellation":{"status":"` + status + `","id":"c-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,` +
				`"reason":"x","requestedAt":"2026-01-01T00:00:00Z"}}`
			o := f.refundingPortOneOrder(t, false, portonetest.Faults.Status(http.StatusOK, body))
			if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
				t.Fatalf("order %s after a %s cancellation, want refunding", got.Status, status)
			}
			f.reconcile(t, 0)
			if got := f.order(t, o.ID); got.Status != shop.StatusRefunded {
				t.Errorf("order %s after the reconciler, want refunded", got.Status)
			}
			if n := f.sb.PortOne.Stats().CancelsApplied; n != 1 {
				t.Errorf("%d cancels applied, want 1", n)
			}
		})
	}
}

// A refund stuck refunding (PortOne keeps answering REQUESTED) is finished
// by the Transaction.Cancelled webhook once the payment is cancelled.
func TestPortOneCancelledWebhookFinishesARefund(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	body := `{"cancellation":{"status":"REQUESTED","id":"c-1","totalAmount":89000,"taxFreeAmount":0,"vatAmount":8091,"reason":"x","requestedAt":"2026-01-01T00:00:00Z"}}`
	o := f.refundingPortOneOrder(t, false, portonetest.Faults.Status(http.StatusOK, body))
	if _, err := f.sb.Config.PortOne.Payments.Cancel(t.Context(), portone.CancelPaymentParams{PaymentID: o.PaymentID, Full: true, Reason: "PG 환불 완료"}); err != nil {
		t.Fatal(err)
	}
	if code := f.portoneWebhook(t, 0, "Transaction.Cancelled", o.PaymentID, "msg-cancelled"); code != http.StatusOK {
		t.Fatalf("webhook: %d", code)
	}
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonOutOfStock {
		t.Errorf("order %s (%q), want refunded (out_of_stock)", got.Status, got.Reason)
	}
}
