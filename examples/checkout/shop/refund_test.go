package shop_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
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

// rewriteRequest changes the body of the requests match accepts before
// they reach the gateway, and keeps what it sent.
type rewriteRequest struct {
	next    http.RoundTripper
	match   func(*http.Request) bool
	rewrite func([]byte) []byte
	mu      sync.Mutex
	seen    []string
}

func (rw *rewriteRequest) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && rw.match(r) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		b = rw.rewrite(b)
		rw.mu.Lock()
		rw.seen = append(rw.seen, string(b))
		rw.mu.Unlock()
		r = r.Clone(r.Context())
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	}
	return rw.next.RoundTrip(r)
}

// The shop's Commerce refund counts only an applied cancellation. Commerce
// answers a cancellation request with the request, which may wait for the
// store's approval (action_at empty) rather than be applied — the sandbox
// does that for a request without cancel_immediately, which stands here
// for Commerce not applying it at once (a PG or method that needs approval
// or a refund account). The order stays refunding while Commerce holds the
// money, and ends refunded on the reconciler's pass after the request was
// approved. The request says why the order is refunded, not "중복 결제".
func TestCommerceRefundCountsOnlyAnAppliedCancellation(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	orderID, orderNumber, rw := f.awaitingApprovalCommerceRefund(t)
	co, err := f.sb.Config.Commerce.Orders.Get(context.Background(), orderNumber)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.order(t, orderID); !co.Status.Paid() || got.Status != shop.StatusRefunding || got.Reason != shop.ReasonCouponInvalid {
		t.Errorf("Commerce order %v (cancel requests sent: %q); shop order %s (%q), want refunding for coupon_invalid while Commerce holds the money",
			co.Status, rw.seen, got.Status, got.Reason)
	}
	if len(rw.seen) != 1 || !strings.Contains(rw.seen[0], shop.ReasonCouponInvalid) || strings.Contains(rw.seen[0], "중복") {
		t.Errorf("cancel requests %q, want one whose message gives the reason (coupon_invalid)", rw.seen)
	}

	// The store approves the request; the reconciler's next pass sees the
	// Commerce order cancelled and ends the refund.
	if _, err := f.sb.Config.Commerce.OrderCancellations.Approve(context.Background(), f.onlyCancellationRequest(t, orderNumber), "승인"); err != nil {
		t.Fatal(err)
	}
	f.reconcile(t, 0)
	if got := f.order(t, orderID); got.Status != shop.StatusRefunded {
		t.Errorf("after the approval and a reconciler pass: %s, want refunded", got.Status)
	}
	if st := f.sb.Commerce.Stats(); st.CancellationsApplied != 1 {
		t.Errorf("%d cancellations applied, want 1", st.CancellationsApplied)
	}
}

// A refunding Bootpay order whose receipt was cancelled in full in
// Bootpay's console meanwhile (under another cancel_id): the refund looks
// the receipt up first and counts it refunded, instead of being refused
// (RC_ALREADY_CANCELLED) on every reconciler pass. No cancel is sent.
func TestBootpayRefundOfAReceiptCancelledInTheConsole(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.receipt(o, price, bootpay.StatusPaid)
	// The order is refunding (the stock went after the payment), its refund not sent yet.
	f.exec(t, `UPDATE orders SET status = 'refunding', receipt_id = ?, reason = 'out_of_stock' WHERE id = ?`, rid, o.ID)
	if _, err := f.sb.Config.Bootpay.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rid, Full: true, CancelID: "console-1", Message: "관리자 취소"}); err != nil {
		t.Fatal(err)
	}
	cancels := f.sb.Bootpay.Stats().Requests[bootpaytest.OpCancel]
	f.reconcile(t, 0)
	if got := f.order(t, o.ID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonOutOfStock {
		t.Errorf("order %s (%q), want refunded (out_of_stock)", got.Status, got.Reason)
	}
	if n := f.sb.Bootpay.Stats().Requests[bootpaytest.OpCancel] - cancels; n != 0 {
		t.Errorf("%d cancels sent for a receipt cancelled in full, want 0", n)
	}
}

// A refunding order's refund that Bootpay answers 결제취소 실패 twice, on
// two instances, is sent a third time under a third cancel_id: each proven
// failure (*bootpay.CancelFailedError) moves the order's attempt counter in
// the database on by one, so every instance derives the same next id. The
// order ends refunded with one cancel applied.
func TestBootpayRefundAfterCancelFailedUsesANewCancelID(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		o := f.newOrder(t, shop.FlowBootpayClient)
		rid := f.receipt(o, price, bootpay.StatusPaid)
		f.setStock(t, 0)
		f.sb.Bootpay.Inject(bootpaytest.OpCancel, cancelFailed(rid, o.ID), 2)
		f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: rid, OrderID: o.ID})
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunding {
			t.Fatalf("order %s, want refunding after a failed cancel", got.Status)
		}
		f.reconcile(t, 1)
		f.reconcile(t, 0)
		ids := f.cancelIDs(t, rid)
		if len(ids) != 3 || len(distinct(ids)) != 3 {
			t.Errorf("cancels of the receipt: %v, want three, each under a new cancel_id", ids)
		}
		if got := f.order(t, o.ID); got.Status != shop.StatusRefunded || got.Reason != shop.ReasonOutOfStock {
			t.Errorf("order %s (%q), want refunded (out_of_stock)", got.Status, got.Reason)
		}
		if n := f.sb.Bootpay.Stats().CancelsApplied; n != 1 {
			t.Errorf("%d cancels applied, want 1", n)
		}
		f.wantAttempts(t, o.ID, "CANCEL_FAILED", 2)
	})
}
