package checkout_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout"
)

// confirming stores order-1 as a confirm left it unsettled: confirming with
// receiptID, its unit of stock held (none left).
func (f *fixture) confirming(t *testing.T, receiptID string) {
	t.Helper()
	f.exec(t, `INSERT INTO orders (id, amount, status, product_id, quantity, receipt_id) VALUES ('order-1', ?, 'confirming', 'shoe-270', 1, ?)`,
		price, receiptID)
}

func (f *fixture) reconcile(t *testing.T, orderID string) *checkout.Result {
	t.Helper()
	res, err := f.backend.Reconcile(context.Background(), orderID)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func status(s bootpay.Status) *bootpay.Status { return &s }

// Reconcile settles a confirming order by the receipt's state alone, and
// never sends a confirm: paid when the receipt is confirmed for the order;
// released (pending, stock back) when it never will be; left confirming,
// stock held, while it may still be confirmed or needs a person.
func TestReconcileSettlesByReceiptState(t *testing.T) {
	for _, tc := range []struct {
		name    string
		receipt bootpaytest.ReceiptSpec
		want    string // the order's status afterwards
		cancels int    // refunds Bootpay applied
	}{
		{"confirmed", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price, Status: status(bootpay.StatusPaid)}, checkout.StatusPaid, 0},
		{"awaiting confirm: may still complete", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price}, checkout.StatusConfirming, 0},
		{"approving (결제승인중)", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price, Status: status(bootpay.StatusConfirming)}, checkout.StatusConfirming, 0},
		{"approval failed", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price, Status: status(bootpay.StatusApprovalFailed)}, checkout.StatusPending, 0},
		{"failed before approval", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price, Status: status(bootpay.StatusFailedBeforeApproval)}, checkout.StatusPending, 0},
		{"cancelled in full", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price, Status: status(bootpay.StatusCancelled)}, checkout.StatusPending, 0},
		{"partly cancelled: needs a person", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price, Status: status(bootpay.StatusCancelled), CancelledPrice: 1000}, checkout.StatusConfirming, 0},
		{"awaiting confirm with another amount", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 100}, checkout.StatusPending, 0},
		{"another order's payment: not ours to refund", bootpaytest.ReceiptSpec{OrderID: "order-9", Price: price, Status: status(bootpay.StatusPaid)}, checkout.StatusPending, 0},
		{"captured with another amount: refunded", bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 100, Status: status(bootpay.StatusPaid)}, checkout.StatusPending, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 0)
			rc := f.srv.CreateReceipt(tc.receipt)
			f.confirming(t, rc.ReceiptID)

			for range 2 { // settling is idempotent
				if res := f.reconcile(t, "order-1"); res.Status != tc.want || res.OrderID != "order-1" {
					t.Fatalf("Reconcile: %+v, want %s", res, tc.want)
				}
			}
			switch tc.want {
			case checkout.StatusPending:
				f.wantOrder(t, "order-1", tc.want, "", 1)
			default:
				f.wantOrder(t, "order-1", tc.want, rc.ReceiptID, 0)
			}
			f.wantBootpay(t, 0, 0, tc.cancels)
		})
	}
}

// The order is confirming and its receipt still awaits confirm: the poll
// answers 202 confirming without confirming again. Once the confirm that
// was under way completes, the next poll answers paid.
func TestPollWaitsWhileTheConfirmMayComplete(t *testing.T) {
	f := newFixture(t, 0)
	rc := f.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price})
	f.confirming(t, rc.ReceiptID)

	if code, body := f.poll(t, "order-1"); code != http.StatusAccepted || body.Status != checkout.StatusConfirming {
		t.Fatalf("got %d %+v, want 202 confirming", code, body)
	}
	f.wantBootpay(t, 0, 0, 0)

	// The earlier confirm lands at Bootpay (sent here directly, as the
	// request that was under way would have).
	if _, err := f.backend.Bootpay.Receipts.Confirm(context.Background(), rc.ReceiptID); err != nil {
		t.Fatal(err)
	}

	if code, body := f.poll(t, "order-1"); code != http.StatusOK || body.Status != checkout.StatusPaid || body.ReceiptID != rc.ReceiptID {
		t.Fatalf("got %d %+v, want 200 paid", code, body)
	}
	f.wantOrder(t, "order-1", checkout.StatusPaid, rc.ReceiptID, 0)
	f.wantBootpay(t, 1, 1, 0)
}

// The confirm's reply is lost and the lookup that would settle it fails:
// the order stays confirming with its stock held, through any number of
// reconciliations while Bootpay is down, none of which confirms again; the
// first one after Bootpay is back marks it paid.
func TestLostReplyAndFailedLookupThenReconcile(t *testing.T) {
	f := newFixture(t, 1)
	receiptID := f.addOrder(t, "order-1", price)
	f.loseConfirmReplyWhileBootpayIsDown()

	if code, body := f.post(t, receiptID, "order-1"); code != http.StatusAccepted || body.Status != checkout.StatusConfirming {
		t.Fatalf("got %d %+v, want 202 confirming", code, body)
	}
	for range 2 {
		if res := f.reconcile(t, "order-1"); res.Status != checkout.StatusConfirming {
			t.Fatalf("Reconcile while Bootpay is down: %+v, want confirming", res)
		}
	}
	f.wantOrder(t, "order-1", checkout.StatusConfirming, receiptID, 0)
	f.wantBootpay(t, 1, 1, 0)

	f.srv.ClearFaults()
	if res := f.reconcile(t, "order-1"); res.Status != checkout.StatusPaid || res.ReceiptID != receiptID {
		t.Fatalf("Reconcile: %+v, want paid", res)
	}
	f.wantOrder(t, "order-1", checkout.StatusPaid, receiptID, 0)
	f.wantBootpay(t, 1, 1, 0)
}

// A captured payment with another amount is refunded once, whoever settles
// it and however often: the refund's reply is lost (its retry carries the
// same cancel_id), and two reconcilers race.
func TestMismatchedCaptureIsRefundedOnce(t *testing.T) {
	f := newFixture(t, 0)
	rc := f.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 100, Status: status(bootpay.StatusPaid)})
	f.confirming(t, rc.ReceiptID)
	f.srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1)

	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if res, err := f.backend.Reconcile(context.Background(), "order-1"); err != nil || res.Status != checkout.StatusPending {
				t.Errorf("Reconcile: %+v, %v; want pending", res, err)
			}
		})
	}
	wg.Wait()
	f.wantOrder(t, "order-1", checkout.StatusPending, "", 1)
	f.wantBootpay(t, 0, 0, 1)
	if n := f.srv.Stats().Requests[bootpaytest.OpCancel]; n < 2 {
		t.Errorf("Bootpay got %d cancel requests, want the lost one and at least one more", n)
	}

	ids := map[string]bool{}
	for _, r := range f.srv.Requests() {
		if r.Op == bootpaytest.OpCancel {
			var body struct {
				CancelID string `json:"cancel_id"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
			ids[body.CancelID] = true
		}
	}
	if len(ids) != 1 {
		t.Errorf("cancel_ids sent: %v, want one, reused by every attempt", ids)
	}
}

// An order that is not confirming is returned as it is, without a lookup;
// an unknown one is an error.
func TestReconcileLeavesOtherOrdersAlone(t *testing.T) {
	f := newFixture(t, 1)
	f.addOrder(t, "order-1", price)
	if res := f.reconcile(t, "order-1"); res.Status != checkout.StatusPending {
		t.Fatalf("Reconcile: %+v, want pending", res)
	}
	if n := len(f.srv.Requests()); n != 0 {
		t.Errorf("Bootpay got %d requests, want none", n)
	}
	if _, err := f.backend.Reconcile(context.Background(), "order-404"); err == nil {
		t.Error("Reconcile of an unknown order: no error")
	}
	if code, _ := f.poll(t, "order-404"); code != http.StatusNotFound {
		t.Errorf("poll of an unknown order: %d, want 404", code)
	}
}

// The browser retries an order whose confirm was left unsettled, and the
// receipt turns out to have failed: the answer is "not confirmed", the order
// is pending again with its stock back, and nothing is confirmed.
func TestBrowserRetryOfAConfirmThatFailed(t *testing.T) {
	f := newFixture(t, 0)
	rc := f.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: price, Status: status(bootpay.StatusApprovalFailed)})
	f.confirming(t, rc.ReceiptID)

	if code, body := f.post(t, rc.ReceiptID, "order-1"); code != http.StatusBadRequest || body.Message != checkout.ErrNotConfirmed.Error() {
		t.Fatalf("got %d %+v, want 400 not confirmed", code, body)
	}
	f.wantOrder(t, "order-1", checkout.StatusPending, "", 1)
	f.wantBootpay(t, 0, 0, 0)
}
