package shop_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// partlyRefundedReceipt makes client-confirm order o's receipt pass
// confirm-check and be captured by the browser's Bootpay.confirm() for the
// order's amount, with /api/payment/complete and PAYMENT_COMPLETED lost,
// then refunded in part (1,000 won) in Bootpay's console before the shop
// saw it: status 20 (부분취소) with 88,000 won left.
func (f *fixture) partlyRefundedReceipt(t *testing.T, o *shop.Order) string {
	t.Helper()
	rid := f.receipt(o, price)
	f.confirmCheck(t, o, rid)
	ctx := context.Background()
	if _, err := f.sb.Config.Bootpay.Receipts.Confirm(ctx, rid); err != nil { // Bootpay.confirm() in the browser
		t.Fatal(err)
	}
	if _, err := f.sb.Config.Bootpay.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rid, Amount: 1000, CancelID: "console-partial", Message: "콘솔 부분취소"}); err != nil {
		t.Fatal(err)
	}
	return rid
}

// wantReceiptRestRefunded checks that order o was never fulfilled (pending,
// never paid, its stock still there), that Bootpay holds nothing of
// receipt rid after ONE cancel from the shop (two applied in all, the
// console's and the shop's), that the stray is recorded and recorded
// refunded once, and that an error names the order and the receipt.
func (f *fixture) wantReceiptRestRefunded(t *testing.T, o *shop.Order, rid string, logs *logRecords) {
	t.Helper()
	got := f.order(t, o.ID)
	if got.Status != shop.StatusPending || got.PaidCount != 0 || got.ReceiptID != "" || f.stock(t) != 10 {
		t.Errorf("order %s with %q, paid %d times, stock %d; want pending, never fulfilled, stock 10", got.Status, got.ReceiptID, got.PaidCount, f.stock(t))
	}
	rc, _ := f.sb.Bootpay.Receipt(rid)
	st := f.sb.Bootpay.Stats()
	if rc.RemainingPrice() != 0 || st.CancelsApplied != 2 || st.Requests[bootpaytest.OpCancel] != 2 {
		t.Errorf("Bootpay holds %d won of receipt %s (status %s) after %d cancel requests, %d applied; want nothing, the console's cancel and one of the rest",
			rc.RemainingPrice(), rid, rc.Status, st.Requests[bootpaytest.OpCancel], st.CancelsApplied)
	}
	f.wantAttempts(t, o.ID, "STRAY", 1)
	f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)
	if logs.errorsNaming(o.ID, rid) == 0 {
		t.Error("no error names the order and its partly refunded receipt")
	}
}

// bootpayEventTo delivers a Bootpay webhook payload to the instance at base
// and returns the answer's status.
func bootpayEventTo(t *testing.T, base string, p webhooktest.BootpayPayload) int {
	t.Helper()
	resp, err := http.Post(base+"/webhooks/bootpay", "application/json", bytesReader(p.JSON()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The reconciler looks the confirm-checked receipt up, reads status 20
// with 88,000 won left and, rather than leave it held for ever with no
// one told (it acted on status 1 alone), refunds the rest as a stray,
// once, and logs an error. Later passes send nothing more.
func TestPartlyRefundedClientConfirmReceiptIsRefundedByTheReconciler(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	srv := f.hookedServer(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.partlyRefundedReceipt(t, o)
	f.reconcilePasses(t, srv, 3)
	f.wantReceiptRestRefunded(t, o, rid, logs)
}

// The same receipt reaching the shop through /api/payment/complete (the
// browser came back late) and PAYMENT_COMPLETED (delivered late): the
// first refunds the rest and answers 409 cancelled rather than 400 "not
// confirmed"; the webhook and the reconciler then send nothing more.
func TestPartlyRefundedClientConfirmReceiptAtCompleteIsRefunded(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	base := f.hookedInstance(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.partlyRefundedReceipt(t, o)
	if code, body := f.postTo(t, base, "/api/payment/complete", `{"receipt_id":"`+rid+`","order_id":"`+o.ID+`"}`); code != http.StatusConflict || body.Reason != shop.ReasonCancelled {
		t.Errorf("complete: %d %+v, want 409 cancelled", code, body)
	}
	if code := f.bootpayWebhook(t, 0, rid, o.ID, price); code != http.StatusOK {
		t.Errorf("PAYMENT_COMPLETED delivered late: %d, want 200 (a verdict)", code)
	}
	f.reconcilePasses(t, f.inst[0].srv, 2)
	f.wantReceiptRestRefunded(t, o, rid, logs)
}

// PAYMENT_PARTIAL_CANCELLED for a receipt the order does not hold has the
// rest refunded as a stray; its redelivery sends nothing more. The same
// event for a paid order's own receipt — the store's 부분취소 after the
// order was fulfilled — is the store's to make: nothing more is refunded
// and the order stays paid.
func TestPartialCancelWebhookRefundsTheRestOfAReceiptTheOrderDoesNotHold(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	logs := &logRecords{}
	base := f.hookedInstance(t, func(c *shop.Config) { c.Log = slog.New(logs) })
	ctx := context.Background()

	paid := f.newOrder(t, shop.FlowBootpayClient)
	own := f.receipt(paid, price, bootpay.StatusPaid)
	if code, body := f.post(t, 0, "/api/payment/complete", shop.ConfirmRequest{ReceiptID: own, OrderID: paid.ID}); code != http.StatusOK || body.Status != shop.StatusPaid {
		t.Fatalf("complete: %d %+v", code, body)
	}
	if _, err := f.sb.Config.Bootpay.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: own, Amount: 1000, CancelID: "after-shipping", Message: "부분 환불"}); err != nil {
		t.Fatal(err)
	}
	event := webhooktest.BootpayPayload{WebhookType: "PAYMENT_PARTIAL_CANCELLED", ReceiptID: own, OrderID: paid.ID, Price: price, CancelledPrice: 1000, Status: 20}
	if code := bootpayEventTo(t, base, event); code != http.StatusOK {
		t.Errorf("the paid order's partial cancel: %d, want 200", code)
	}
	if got := f.order(t, paid.ID); got.Status != shop.StatusPaid || f.attempts(t, paid.ID, "STRAY") != 0 || f.sb.Bootpay.Stats().CancelsApplied != 1 {
		t.Errorf("the paid order's own receipt, cancelled in part by the store: order %s, %d strays, %d cancels applied; want paid, none, the store's 1",
			got.Status, f.attempts(t, paid.ID, "STRAY"), f.sb.Bootpay.Stats().CancelsApplied)
	}

	f.setStock(t, 10)
	o := f.newOrder(t, shop.FlowBootpayClient)
	rid := f.partlyRefundedReceipt(t, o)
	event = webhooktest.BootpayPayload{WebhookType: "PAYMENT_PARTIAL_CANCELLED", ReceiptID: rid, OrderID: o.ID, Price: price, CancelledPrice: 1000, Status: 20}
	for range 2 {
		if code := bootpayEventTo(t, base, event); code != http.StatusOK {
			t.Errorf("partial cancel: %d, want 200", code)
		}
	}
	st := f.sb.Bootpay.Stats()
	rc, _ := f.sb.Bootpay.Receipt(rid)
	if rc.RemainingPrice() != 0 || st.CancelsApplied != 3 || st.Requests[bootpaytest.OpCancel] != 3 {
		t.Errorf("Bootpay holds %d won of receipt %s after %d cancel requests, %d applied; want nothing, the store's on the paid order's receipt and, on the stray, the console's and the shop's one for the rest",
			rc.RemainingPrice(), rid, st.Requests[bootpaytest.OpCancel], st.CancelsApplied)
	}
	f.wantAttempts(t, o.ID, "STRAY", 1)
	f.wantAttempts(t, o.ID, "STRAY_REFUNDED", 1)
	if logs.errorsNaming(o.ID, rid) == 0 {
		t.Error("no error names the order and its partly refunded receipt")
	}
}
