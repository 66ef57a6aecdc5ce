package webhook_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/webhook"
)

// TestBootpaySameSecondFurtherCancelAheadOfTheReceiptIsNotAcknowledged:
// Bootpay's timestamps are to the second. A further cancel made in the
// same second as the one the receipt shows, whose webhook (naming no
// cancelled_price) arrives before the receipt shows it, carries the
// receipt's cancelled_at: Verify accepts it, VerifiedKey gives it the
// previous cancel's key, already processed. Nothing in the body tells it
// from a redelivery of the previous cancel, so it is refused as the same
// body without a cancelled_at is (502, ErrNotCaughtUp), not acknowledged
// (Bootpay would stop, and the merchant never learn of that refund), and
// runs once the receipt shows it.
func TestBootpaySameSecondFurtherCancelAheadOfTheReceiptIsNotAcknowledged(t *testing.T) {
	for _, tc := range []struct {
		name    string
		typ     string
		second  bootpay.CancelParams
		keyType string
		total   int64
	}{
		{"a second 부분취소", "PAYMENT_PARTIAL_CANCELLED", bootpay.CancelParams{Amount: 2000}, "PAYMENT_PARTIAL_CANCELLED", 5000},
		{"older payload: the full cancel after a 부분취소", "", bootpay.CancelParams{Full: true}, "PAYMENT_CANCELLED", 15000},
	} {
		for _, form := range []bool{false, true} {
			t.Run(sprintf("%s, form %v", tc.name, form), func(t *testing.T) {
				c := &clock{now: time.Date(2026, 11, 22, 14, 5, 9, 0, kst)}
				rig := newClockedBootpayRig(t, c)
				rc := paidReceipt(rig.srv)
				at := cancelAt(t, rig, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
				body := withCancelledAt(cancellation(rc, tc.typ), at, form)
				require.Equal(t, http.StatusOK, rig.post(body, form, "").Code, "%v", rig.errs)
				require.Equal(t, int32(1), rig.runs.Load())

				// The further cancel, in the same second, delivered before the
				// receipt shows it: its body reads as the first's, and so does
				// its key.
				ct := "application/json"
				if form {
					ct = "application/x-www-form-urlencoded"
				}
				ev, err := webhook.DecodeBootpayEvent(ct, body)
				require.NoError(t, err)
				r, err := webhook.BootpayLookup{Client: rig.client}.Verify(context.Background(), ev)
				require.NoError(t, err, "the times are equal to the second")
				assert.Equal(t, cancelledKey(t, rc, "PAYMENT_PARTIAL_CANCELLED", 3000), ev.VerifiedKey(r))

				assert.Equal(t, http.StatusBadGateway, rig.post(body, form, "").Code,
					"a further cancel the receipt does not show yet was not refused")
				require.Len(t, rig.errs, 1)
				assert.ErrorIs(t, rig.errs[0], webhook.ErrNotCaughtUp)
				assert.NotContains(t, rig.errs[0].Error(), "naming neither")
				assert.Equal(t, int32(1), rig.runs.Load(), "nothing ran for it")

				tc.second.ReceiptID = rc.ReceiptID
				require.Equal(t, at, cancelAt(t, rig, tc.second), "the same second")
				require.Equal(t, http.StatusOK, rig.post(body, form, "").Code, "%v", rig.errs)
				require.Equal(t, int32(2), rig.runs.Load(), "the further cancel ran once the receipt showed it")
				assert.Equal(t, cancelledKey(t, rc, tc.keyType, tc.total), rig.got[1].Key)
			})
		}
	}
}

// TestBootpayEarlierCancelledAtOfTheOnlyCancelRunsUnderTheReceiptsKey: the
// receipt shows one cancel, and the webhook of that very cancel names no
// cancelled_price and a cancelled_at one second before the receipt's
// (whether the body's cancelled_at is the receipt's own, to the second,
// is UNCONFIRMED: a request time against a completion time differ so).
// Its kind agrees with the receipt, so the earlier time shows no later
// cancel: it is not superseded unrun (no later webhook would carry this
// refund) but accepted under the receipt's cumulative key and run once; a
// redelivery of it is acknowledged without running again.
func TestBootpayEarlierCancelledAtOfTheOnlyCancelRunsUnderTheReceiptsKey(t *testing.T) {
	for _, tc := range []struct {
		name, typ string
		cancel    bootpay.CancelParams
		keyType   string
		total     int64
	}{
		{"PAYMENT_PARTIAL_CANCELLED, receipt partly cancelled", "PAYMENT_PARTIAL_CANCELLED",
			bootpay.CancelParams{Amount: 3000}, "PAYMENT_PARTIAL_CANCELLED", 3000},
		{"PAYMENT_CANCELLED, receipt cancelled in full", "PAYMENT_CANCELLED",
			bootpay.CancelParams{Full: true}, "PAYMENT_CANCELLED", 15000},
		{"older payload, receipt partly cancelled", "", bootpay.CancelParams{Amount: 3000}, "PAYMENT_PARTIAL_CANCELLED", 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{now: time.Date(2026, 11, 22, 14, 5, 10, 0, kst)}
			rig := newClockedBootpayRig(t, c)
			rc := paidReceipt(rig.srv)
			tc.cancel.ReceiptID = rc.ReceiptID
			cancelAt(t, rig, tc.cancel)
			earlier := c.Now().Add(-time.Second).Format(time.RFC3339)
			body := withCancelledAt(cancellation(rc, tc.typ), earlier, false)

			require.Equal(t, http.StatusOK, rig.post(body, false, "").Code, "%v", rig.errs)
			assert.Empty(t, rig.errs, "neither superseded nor refused")
			require.Equal(t, int32(1), rig.runs.Load(), "the receipt's only cancel ran")
			assert.Equal(t, cancelledKey(t, rc, tc.keyType, tc.total), rig.got[0].Key)

			require.Equal(t, http.StatusOK, rig.post(body, false, "").Code, "its redelivery: %v", rig.errs)
			assert.Equal(t, int32(1), rig.runs.Load(), "run once")
		})
	}
}

// TestBootpayEarlierCancelledAtSupersededOnlyWhenTheKindContradicts: an
// earlier cancelled_at alone supersedes nothing. A 부분취소 naming no
// amount about a receipt since cancelled in full is superseded
// (acknowledged unrun: the full cancel comes with its own webhook, on the
// total); a PAYMENT_CANCELLED with an earlier cancelled_at about a receipt
// only partly cancelled is ahead of it, not past it: ErrNotCaughtUp, 502.
func TestBootpayEarlierCancelledAtSupersededOnlyWhenTheKindContradicts(t *testing.T) {
	for _, tc := range []struct {
		name, typ string
		cancel    bootpay.CancelParams
		code      int
		want      error
	}{
		{"a 부분취소, receipt cancelled in full", "PAYMENT_PARTIAL_CANCELLED", bootpay.CancelParams{Full: true},
			http.StatusOK, webhook.ErrSuperseded},
		{"PAYMENT_CANCELLED, receipt partly cancelled", "PAYMENT_CANCELLED", bootpay.CancelParams{Amount: 3000},
			http.StatusBadGateway, webhook.ErrNotCaughtUp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{now: time.Date(2026, 11, 22, 14, 5, 10, 0, kst)}
			rig := newClockedBootpayRig(t, c)
			rc := paidReceipt(rig.srv)
			tc.cancel.ReceiptID = rc.ReceiptID
			cancelAt(t, rig, tc.cancel)
			earlier := c.Now().Add(-time.Minute).Format(time.RFC3339)

			assert.Equal(t, tc.code, rig.post(withCancelledAt(cancellation(rc, tc.typ), earlier, false), false, "").Code)
			require.Len(t, rig.errs, 1)
			assert.ErrorIs(t, rig.errs[0], tc.want)
			assert.Equal(t, int32(0), rig.runs.Load())
		})
	}
}

// TestBootpayUnreadableCancelledAtReadsAsAbsent: cancelled_at is decoded on
// every Bootpay event. One that is no time (JSON or form) reads as absent,
// never as a decode error: a PAYMENT_COMPLETED carrying it runs (not a
// 400), and a cancellation naming no amount takes the stricter path of
// one naming no cancelled_at — its redelivery after a 부분취소 is refused
// (502), not acknowledged as ordered by the time.
func TestBootpayUnreadableCancelledAtReadsAsAbsent(t *testing.T) {
	base := `{"receipt_id":"r","order_id":"o","price":15000,"status":20`
	for _, tc := range []struct{ ct, body string }{
		{"application/json", base + `,"cancelled_at":"yesterday"}`},
		{"application/json", base + `,"cancelled_at":true}`},
		{"application/json", base + `,"cancelled_at":{"at":"2026-11-22T14:05:09+09:00"}}`},
		{"application/x-www-form-urlencoded", "receipt_id=r&order_id=o&price=15000&status=20&cancelled_at=yesterday"},
	} {
		ev, err := webhook.DecodeBootpayEvent(tc.ct, []byte(tc.body))
		require.NoError(t, err, tc.body)
		assert.True(t, ev.CancelledAt.IsZero(), tc.body)
		assert.Equal(t, 15000, int(ev.Price.Int64()), "the rest decodes: %s", tc.body)
	}

	for _, form := range []bool{false, true} {
		rig := newBootpayRig(t)
		rc := paidReceipt(rig.srv)
		rec := rig.post(withCancelledAt(completed(rc), "yesterday", form), form, "")
		require.Equal(t, http.StatusOK, rec.Code, "form %v: %v", form, rig.errs)
		assert.Equal(t, int32(1), rig.runs.Load(), "form %v", form)
	}

	c := &clock{now: time.Date(2026, 11, 22, 14, 5, 9, 0, kst)}
	rig := newClockedBootpayRig(t, c)
	rc := paidReceipt(rig.srv)
	cancelAt(t, rig, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
	body := withCancelledAt(cancellation(rc, "PAYMENT_PARTIAL_CANCELLED"), "yesterday", false)
	require.Equal(t, http.StatusOK, rig.post(body, false, "").Code, "%v", rig.errs)
	assert.Equal(t, http.StatusBadGateway, rig.post(body, false, "").Code)
	require.Len(t, rig.errs, 1)
	assert.ErrorIs(t, rig.errs[0], webhook.ErrNotCaughtUp)
	assert.True(t, strings.Contains(rig.errs[0].Error(), "no cancelled_at"), rig.errs[0].Error())
	assert.Equal(t, int32(1), rig.runs.Load())
}
