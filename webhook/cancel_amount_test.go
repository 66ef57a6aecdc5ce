package webhook_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// TestBootpayCancellationWithoutCancelledPriceIsNotAcknowledgedUnrun: a
// genuine cancellation webhook about a receipt cancelled exactly as it
// says, whose body leaves cancelled_price out (Bootpay's documented v2
// body ends at webhook_type and shows no cancelled_price; v1 bodies had
// none), is not stale: nothing happened since. It must run the callback,
// or be refused so that Bootpay delivers it again. Acknowledging it
// without running (ErrSuperseded, because the absent amount reads as 0
// and the receipt's as more) loses the merchant's only notice of the
// refund: an order refunded in full stays paid, and may ship.
func TestBootpayCancellationWithoutCancelledPriceIsNotAcknowledgedUnrun(t *testing.T) {
	for _, tc := range []struct {
		name        string
		webhookType string
		cancel      bootpay.CancelParams
	}{
		{"PAYMENT_CANCELLED", "PAYMENT_CANCELLED", bootpay.CancelParams{Full: true}},
		{"PAYMENT_PARTIAL_CANCELLED", "PAYMENT_PARTIAL_CANCELLED", bootpay.CancelParams{Amount: 5000}},
		{"older payload, status 20", "", bootpay.CancelParams{Full: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newBootpayRig(t)
			rc := paidReceipt(rig.srv)
			tc.cancel.ReceiptID = rc.ReceiptID
			_, err := rig.client.Receipts.Cancel(context.Background(), tc.cancel)
			require.NoError(t, err)
			ev := completed(rc)
			ev.WebhookType, ev.Status = tc.webhookType, int(bootpay.StatusCancelled) // no cancelled_price

			rec := rig.post(ev.JSON(), false, "")
			if rec.Code == http.StatusOK {
				assert.Equal(t, int32(1), rig.runs.Load(),
					"a genuine cancellation acknowledged without running the callback; reported: %v", rig.errs)
			}
			for _, err := range rig.errs {
				assert.NotErrorIs(t, err, webhook.ErrSuperseded, "nothing moved on since this cancellation")
			}
		})
	}
}

// cancellation is a cancellation webhook about rc naming no
// cancelled_price: typ "" is an older payload without webhook_type.
func cancellation(rc bootpaytest.Receipt, typ string) webhooktest.BootpayPayload {
	p := completed(rc)
	p.WebhookType, p.Status = typ, int(bootpay.StatusCancelled)
	return p
}

// cancelledKey is the key of a cancellation webhook naming its kind and
// cumulative cancelled amount.
func cancelledKey(t *testing.T, rc bootpaytest.Receipt, typ string, cancelled int64) string {
	t.Helper()
	p := cancellation(rc, typ)
	p.CancelledPrice = cancelled
	ev, err := webhook.DecodeBootpayEvent("application/json", p.JSON())
	require.NoError(t, err)
	return ev.Key()
}

// TestBootpayCancellationWithoutAmountRunsOnceUnderTheReceiptsKey: a
// cancellation naming no amount, JSON or form, runs once, keyed as the
// same cancellation naming the receipt's cumulative amount: its
// redelivery, and the same event with its amount, run nothing more. The
// redelivery is acknowledged after a full cancel; after a 부분취소 it is
// answered 502 (ErrNotCaughtUp), since it might be a further cancel the
// receipt does not show yet.
func TestBootpayCancellationWithoutAmountRunsOnceUnderTheReceiptsKey(t *testing.T) {
	for _, tc := range []struct {
		name, typ string
		cancel    bootpay.CancelParams
		keyType   string
		cancelled int64
	}{
		{"PAYMENT_CANCELLED", "PAYMENT_CANCELLED", bootpay.CancelParams{Full: true}, "PAYMENT_CANCELLED", 15000},
		{"PAYMENT_PARTIAL_CANCELLED", "PAYMENT_PARTIAL_CANCELLED", bootpay.CancelParams{Amount: 5000}, "PAYMENT_PARTIAL_CANCELLED", 5000},
		{"older payload, full", "", bootpay.CancelParams{Full: true}, "PAYMENT_CANCELLED", 15000},
		{"older payload, partial", "", bootpay.CancelParams{Amount: 5000}, "PAYMENT_PARTIAL_CANCELLED", 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, form := range []bool{false, true} {
				rig := newBootpayRig(t)
				rc := paidReceipt(rig.srv)
				tc.cancel.ReceiptID = rc.ReceiptID
				_, err := rig.client.Receipts.Cancel(context.Background(), tc.cancel)
				require.NoError(t, err)
				p := cancellation(rc, tc.typ)
				body := p.JSON()
				if form {
					body = p.Form()
				}
				require.Equal(t, http.StatusOK, rig.post(body, form, "").Code, "form %v: %v", form, rig.errs)
				require.Equal(t, int32(1), rig.runs.Load(), "form %v: %v", form, rig.errs)
				assert.Equal(t, cancelledKey(t, rc, tc.keyType, tc.cancelled), rig.got[0].Key, "form %v", form)
				assert.Equal(t, tc.cancelled, rig.got[0].Receipt.CancelledPrice.Int64())

				named := p
				named.WebhookType, named.CancelledPrice = tc.keyType, tc.cancelled
				again := http.StatusOK
				if tc.keyType == "PAYMENT_PARTIAL_CANCELLED" {
					again = http.StatusBadGateway
				}
				assert.Equal(t, again, rig.post(body, form, "").Code, "%v", rig.errs)
				assert.Equal(t, http.StatusOK, rig.post(named.JSON(), false, "").Code, "%v", rig.errs)
				assert.Equal(t, int32(1), rig.runs.Load(), "form %v: a redelivery, or the same event with its amount, ran again", form)
			}
		})
	}
}

// TestBootpayPartialCancelsWithoutAmountAreTwoEvents: two 부분취소 of one
// receipt, neither naming its amount, are two events keyed by the
// receipt's cumulative cancelled amount at each delivery: each runs once,
// and a redelivery while the receipt is unchanged runs nothing (answered
// 502 ErrNotCaughtUp: it cannot be told from a further 부분취소 the
// receipt does not show yet).
func TestBootpayPartialCancelsWithoutAmountAreTwoEvents(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	ctx := context.Background()
	partial := cancellation(rc, "PAYMENT_PARTIAL_CANCELLED")
	for i, cumulative := range []int64{3000, 5000} {
		_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: cumulative - 3000*int64(i)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, rig.post(partial.JSON(), false, "").Code, "%v", rig.errs)
		require.Equal(t, http.StatusBadGateway, rig.post(partial.JSON(), false, "").Code, "%v", rig.errs)
		assert.ErrorIs(t, rig.errs[len(rig.errs)-1], webhook.ErrNotCaughtUp)
		require.Equal(t, int32(i+1), rig.runs.Load(), "after the 부분취소 to %d", cumulative)
		assert.Equal(t, cancelledKey(t, rc, "PAYMENT_PARTIAL_CANCELLED", cumulative), rig.got[i].Key)
		assert.Equal(t, cumulative, rig.got[i].Receipt.CancelledPrice.Int64())
	}
	assert.NotEqual(t, rig.got[0].Key, rig.got[1].Key)
}

// TestBootpayOlderCancellationWithoutAmountReadsFull: an older payload at
// status 20 naming no amount cannot tell full from partial: Kind reads
// PAYMENT_CANCELLED (the reading that never fulfils a refunded order), and
// VerifiedKey takes the kind and amount from the receipt, so that a
// receipt cancelled in full is never keyed as a 부분취소 and a partly
// cancelled one is keyed as its 부분취소.
func TestBootpayOlderCancellationWithoutAmountReadsFull(t *testing.T) {
	for _, body := range []string{
		`{"receipt_id":"r","order_id":"o","price":15000,"status":20}`,
		`{"receipt_id":"r","order_id":"o","price":15000,"cancelled_price":null,"status":20}`,
		`{"receipt_id":"r","order_id":"o","price":15000,"cancelled_price":0,"status":20}`,
	} {
		ev, err := webhook.DecodeBootpayEvent("", []byte(body))
		require.NoError(t, err)
		assert.Equal(t, webhook.BootpayPaymentCancelled, ev.Kind(), body)
		full := &bootpay.Receipt{ReceiptID: "r", Price: 15000, CancelledPrice: 15000, Status: bootpay.StatusCancelled}
		part := &bootpay.Receipt{ReceiptID: "r", Price: 15000, CancelledPrice: 3000, Status: bootpay.StatusCancelled}
		assert.Equal(t, decodedKey(t, `{"receipt_id":"r","order_id":"o","price":15000,"cancelled_price":15000,"status":20}`), ev.VerifiedKey(full), body)
		assert.Equal(t, decodedKey(t, `{"receipt_id":"r","order_id":"o","price":15000,"cancelled_price":3000,"status":20}`), ev.VerifiedKey(part), body)
		assert.NotEqual(t, ev.VerifiedKey(full), ev.VerifiedKey(part))
	}
	named, err := webhook.DecodeBootpayEvent("", []byte(`{"receipt_id":"r","order_id":"o","price":15000,"cancelled_price":3000,"status":20}`))
	require.NoError(t, err)
	assert.Equal(t, named.Key(), named.VerifiedKey(&bootpay.Receipt{Price: 15000, CancelledPrice: 5000, Status: bootpay.StatusCancelled}),
		"an event naming its amount keeps its own key")
}

func decodedKey(t *testing.T, body string) string {
	t.Helper()
	ev, err := webhook.DecodeBootpayEvent("", []byte(body))
	require.NoError(t, err)
	return ev.Key()
}

// TestBootpayPartialWithoutAmountAfterFullCancelIsRefused: a 부분취소
// naming no amount about a receipt since cancelled in full is never
// superseded (nothing in it shows the receipt moved past it): it is
// refused as a mismatch, runs nothing, and the full cancel runs once.
func TestBootpayPartialWithoutAmountAfterFullCancelIsRefused(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	ctx := context.Background()
	_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
	require.NoError(t, err)
	_, err = rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
	require.NoError(t, err)

	assert.Equal(t, http.StatusForbidden, rig.post(cancellation(rc, "PAYMENT_PARTIAL_CANCELLED").JSON(), false, "").Code)
	require.Len(t, rig.errs, 1)
	assert.ErrorIs(t, rig.errs[0], webhook.ErrMismatch)
	assert.NotErrorIs(t, rig.errs[0], webhook.ErrSuperseded)
	assert.Equal(t, int32(0), rig.runs.Load())

	require.Equal(t, http.StatusOK, rig.post(cancellation(rc, "PAYMENT_CANCELLED").JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, int32(1), rig.runs.Load(), "%v", rig.errs)
	assert.Equal(t, cancelledKey(t, rc, "PAYMENT_CANCELLED", 15000), rig.got[0].Key)
}

// TestBootpayCancellationWithoutAmountAheadOfTheReceipt: a cancellation
// naming no amount that the receipt does not show yet (still paid, or only
// partly cancelled for a PAYMENT_CANCELLED) is answered 502 as
// ErrNotCaughtUp, so that Bootpay delivers it again, and runs once the
// receipt shows it.
func TestBootpayCancellationWithoutAmountAheadOfTheReceipt(t *testing.T) {
	rig := newBootpayRig(t)
	rc := paidReceipt(rig.srv)
	ctx := context.Background()
	full, partial, older := cancellation(rc, "PAYMENT_CANCELLED"), cancellation(rc, "PAYMENT_PARTIAL_CANCELLED"), cancellation(rc, "")
	for _, p := range []webhooktest.BootpayPayload{full, partial, older} {
		assert.Equal(t, http.StatusBadGateway, rig.post(p.JSON(), false, "").Code, "%+v", p)
		require.NotEmpty(t, rig.errs)
		assert.ErrorIs(t, rig.errs[len(rig.errs)-1], webhook.ErrNotCaughtUp, "%+v", p)
	}
	_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadGateway, rig.post(full.JSON(), false, "").Code, "the full cancel is not shown yet")
	require.NotEmpty(t, rig.errs)
	assert.ErrorIs(t, rig.errs[len(rig.errs)-1], webhook.ErrNotCaughtUp)
	assert.Equal(t, int32(0), rig.runs.Load())

	_, err = rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rig.post(full.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, http.StatusOK, rig.post(older.JSON(), false, "").Code, "%v", rig.errs)
	require.Equal(t, int32(1), rig.runs.Load(), "the older payload is the same full cancel")
	assert.Equal(t, "bootpay:receipt:"+strconv.Quote(rc.ReceiptID)+":PAYMENT_CANCELLED:15000", rig.got[0].Key)
}
