package webhook_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// furtherCancels are the cancels made after a 3000 부분취소 of a 15000
// receipt whose webhooks name no cancelled_price: typ is the payload's
// webhook_type, keyType and total the kind and cumulative amount of the
// key it runs under once the receipt shows it.
var furtherCancels = []struct {
	name    string
	typ     string
	second  bootpay.CancelParams
	keyType string
	total   int64
}{
	{"a second 부분취소", "PAYMENT_PARTIAL_CANCELLED", bootpay.CancelParams{Amount: 2000}, "PAYMENT_PARTIAL_CANCELLED", 5000},
	{"older payload: the full cancel after a 부분취소", "", bootpay.CancelParams{Full: true}, "PAYMENT_CANCELLED", 15000},
}

// TestBootpayFurtherCancelWithoutAmountAheadOfTheReceiptIsNotAcknowledgedUnrun:
// a second cancellation naming neither cancelled_price nor cancelled_at,
// delivered before Bootpay's receipt shows it, cannot be told from a
// redelivery of the first: it is keyed with the first one's cumulative
// amount, already processed. It must not be acknowledged unrun (Bootpay
// would stop delivering it, and the merchant would never learn of the
// second refund — for an older payload, of the full refund). It is
// answered 502 (ErrNotCaughtUp) and runs nothing; delivered again once
// the receipt shows the cancel, it runs once under the new cumulative
// amount.
func TestBootpayFurtherCancelWithoutAmountAheadOfTheReceiptIsNotAcknowledgedUnrun(t *testing.T) {
	for _, tc := range furtherCancels {
		t.Run(tc.name, func(t *testing.T) {
			rig := newBootpayRig(t)
			rc := paidReceipt(rig.srv)
			ctx := context.Background()
			_, err := rig.client.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
			require.NoError(t, err)
			ev := cancellation(rc, tc.typ)
			require.Equal(t, http.StatusOK, rig.post(ev.JSON(), false, "").Code, "%v", rig.errs)
			require.Equal(t, int32(1), rig.runs.Load())

			// The second cancellation's webhook, before its receipt shows it.
			assert.Equal(t, http.StatusBadGateway, rig.post(ev.JSON(), false, "").Code)
			require.Len(t, rig.errs, 1)
			assert.ErrorIs(t, rig.errs[0], webhook.ErrNotCaughtUp)
			assert.NotErrorIs(t, rig.errs[0], webhook.ErrUnverified)
			assert.Equal(t, int32(1), rig.runs.Load(), "nothing ran for it")

			tc.second.ReceiptID = rc.ReceiptID
			_, err = rig.client.Receipts.Cancel(ctx, tc.second)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, rig.post(ev.JSON(), false, "").Code, "%v", rig.errs)
			require.Equal(t, int32(2), rig.runs.Load(), "the second cancellation ran once the receipt showed it")
			assert.Equal(t, cancelledKey(t, rc, tc.keyType, tc.total), rig.got[1].Key)
			assert.Equal(t, tc.total, rig.got[1].Receipt.CancelledPrice.Int64())
		})
	}
}

// TestBootpayRedeliveredFullCancelWithoutAmountIsAcknowledged: after a
// full cancel no further cancel can come, so a redelivery of a
// cancellation naming no amount whose key (the full amount) was processed
// is acknowledged 200 without running again.
func TestBootpayRedeliveredFullCancelWithoutAmountIsAcknowledged(t *testing.T) {
	for _, typ := range []string{"PAYMENT_CANCELLED", ""} {
		rig := newBootpayRig(t)
		rc := paidReceipt(rig.srv)
		_, err := rig.client.Receipts.Cancel(context.Background(), bootpay.CancelParams{ReceiptID: rc.ReceiptID, Full: true})
		require.NoError(t, err)
		for range 2 {
			require.Equal(t, http.StatusOK, rig.post(cancellation(rc, typ).JSON(), false, "").Code, "%q: %v", typ, rig.errs)
		}
		assert.Equal(t, int32(1), rig.runs.Load(), "%q", typ)
		assert.Empty(t, rig.errs, "%q", typ)
	}
}

var kst = time.FixedZone("KST", 9*60*60)

// newClockedBootpayRig is newBootpayRig on a sandbox reading c.
func newClockedBootpayRig(t *testing.T, c *sandbox.Clock) *bootpayRig {
	return newBootpayRigOn(t, bootpaytest.NewServer(bootpaytest.WithClock(c.Now)))
}

// cancelAt applies a cancel and returns the receipt's cancelled_at as
// Bootpay writes it.
func cancelAt(t *testing.T, rig *bootpayRig, p bootpay.CancelParams) string {
	t.Helper()
	r, err := rig.client.Receipts.Cancel(context.Background(), p)
	require.NoError(t, err)
	require.False(t, r.CancelledAt.IsZero())
	return r.CancelledAt.Format(time.RFC3339)
}

// withCancelledAt is p's body with cancelled_at, JSON or form.
func withCancelledAt(p webhooktest.BootpayPayload, at string, form bool) []byte {
	if form {
		return []byte(string(p.Form()) + "&cancelled_at=" + url.QueryEscape(at))
	}
	return []byte(strings.TrimSuffix(string(p.JSON()), "}") + `,"cancelled_at":"` + at + `"}`)
}

// TestBootpayCancelledAtOrdersACancellationWithoutAmount: a cancellation
// naming no cancelled_price but its cancelled_at is placed against its
// receipt by that time. Before the receipt shows it (its cancelled_at is
// later than the receipt's) it is ErrNotCaughtUp, 502, runs nothing —
// although the receipt's amounts alone would accept it as the previous
// cancel. A redelivery of the previous cancel, while the receipt is
// unchanged, is refused too (502, ErrNotCaughtUp): its cancelled_at equals
// the receipt's, and a further cancel in the same second would read the
// same (Bootpay's times are to the second), so acknowledging it could
// lose a refund notice; the cost is 502s on true redeliveries until the
// receipt is cancelled in full or Bootpay stops. Once the receipt shows
// the new cancel, it runs once under the new cumulative amount; the
// previous cancel, delivered again now (its cancelled_at is earlier than
// the receipt's, its kind agreeing), is accepted under the receipt's
// cumulative key, already processed, and acknowledged unrun.
func TestBootpayCancelledAtOrdersACancellationWithoutAmount(t *testing.T) {
	for _, tc := range []struct {
		name     string
		typ      string
		second   bootpay.CancelParams
		firstKey string // the kind the first cancel is keyed under
		keyType  string
		total    int64
	}{
		{"two 부분취소", "PAYMENT_PARTIAL_CANCELLED", bootpay.CancelParams{Amount: 2000}, "PAYMENT_PARTIAL_CANCELLED", "PAYMENT_PARTIAL_CANCELLED", 5000},
		{"older payloads: a 부분취소, then the full cancel", "", bootpay.CancelParams{Full: true}, "PAYMENT_PARTIAL_CANCELLED", "PAYMENT_CANCELLED", 15000},
	} {
		for _, form := range []bool{false, true} {
			t.Run(sprintf("%s, form %v", tc.name, form), func(t *testing.T) {
				c := sandbox.NewClock(time.Date(2026, 11, 22, 14, 5, 9, 0, kst))
				rig := newClockedBootpayRig(t, c)
				rc := paidReceipt(rig.srv)
				ev := cancellation(rc, tc.typ)

				first := cancelAt(t, rig, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
				require.Equal(t, http.StatusOK, rig.post(withCancelledAt(ev, first, form), form, "").Code, "%v", rig.errs)
				require.Equal(t, int32(1), rig.runs.Load())
				assert.Equal(t, cancelledKey(t, rc, tc.firstKey, 3000), rig.got[0].Key)

				c.Advance(90 * time.Second)
				second := c.Now().Format(time.RFC3339)
				ahead := withCancelledAt(ev, second, form)
				assert.Equal(t, http.StatusBadGateway, rig.post(ahead, form, "").Code, "the second cancel, before the receipt shows it")
				require.Len(t, rig.errs, 1)
				assert.ErrorIs(t, rig.errs[0], webhook.ErrNotCaughtUp)
				assert.Contains(t, rig.errs[0].Error(), "cancelled_at")
				assert.NotContains(t, rig.errs[0].Error(), "위변조")

				// Never lose a refund notice: a redelivery of the first cancel
				// reads as a further cancel in its second would, so it is
				// refused until the receipt moves on.
				assert.Equal(t, http.StatusBadGateway, rig.post(withCancelledAt(ev, first, form), form, "").Code,
					"a redelivery of the first cancel, its receipt unchanged")
				require.Len(t, rig.errs, 2)
				assert.ErrorIs(t, rig.errs[1], webhook.ErrNotCaughtUp)
				assert.Equal(t, int32(1), rig.runs.Load())

				tc.second.ReceiptID = rc.ReceiptID
				require.Equal(t, second, cancelAt(t, rig, tc.second))
				require.Equal(t, http.StatusOK, rig.post(ahead, form, "").Code, "%v", rig.errs)
				require.Equal(t, int32(2), rig.runs.Load())
				assert.Equal(t, cancelledKey(t, rc, tc.keyType, tc.total), rig.got[1].Key)
				assert.Equal(t, tc.total, rig.got[1].Receipt.CancelledPrice.Int64())

				assert.Equal(t, http.StatusOK, rig.post(withCancelledAt(ev, first, form), form, "").Code, "%v", rig.errs)
				assert.Len(t, rig.errs, 2, "acknowledged as already processed under the cumulative key")
				assert.Equal(t, int32(2), rig.runs.Load(), "the first cancel, covered by the cumulative run, ran nothing more")
			})
		}
	}
}

// TestBootpayCancelledAtComparedToTheSecond: Bootpay's timestamps are to
// the second; an event whose cancelled_at carries a fraction of the
// receipt's second is the receipt's cancel, not one ahead of it (answered
// 502 forever, its refund notice lost once Bootpay gives up).
func TestBootpayCancelledAtComparedToTheSecond(t *testing.T) {
	c := sandbox.NewClock(time.Date(2026, 11, 22, 14, 5, 9, 0, kst))
	rig := newClockedBootpayRig(t, c)
	rc := paidReceipt(rig.srv)
	at := cancelAt(t, rig, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
	fine := strings.Replace(at, "+09:00", ".734+09:00", 1)
	require.NotEqual(t, at, fine)

	rec := rig.post(withCancelledAt(cancellation(rc, "PAYMENT_PARTIAL_CANCELLED"), fine, false), false, "")
	require.Equal(t, http.StatusOK, rec.Code, "%v", rig.errs)
	assert.Equal(t, int32(1), rig.runs.Load())
}

// TestBootpayCancelledAtMissingFromTheReceiptOrdersNothing: an event's
// cancelled_at is compared only with a receipt's: a receipt that shows
// none (a cancel is there, its time is not) is judged on its amounts as
// before, the event accepted, never refused forever as ahead.
func TestBootpayCancelledAtMissingFromTheReceiptOrdersNothing(t *testing.T) {
	rig := newBootpayRig(t)
	rc := rig.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1001", Price: 15000, CancelledPrice: 3000,
		Status: bootpaytest.Ptr(bootpay.StatusCancelled), Extra: map[string]any{"cancelled_at": nil}})
	body := withCancelledAt(cancellation(rc, "PAYMENT_PARTIAL_CANCELLED"), "2030-01-01T00:00:00+09:00", false)
	require.Equal(t, http.StatusOK, rig.post(body, false, "").Code, "%v", rig.errs)
	assert.Equal(t, int32(1), rig.runs.Load())
}

// TestDecodeBootpayEventCancelledAt: cancelled_at decodes from JSON (RFC
// 3339, Bootpay's older layout, null) and from a form (text or Unix
// seconds), alike; a cancelled_at that is no time reads as absent (see
// TestBootpayUnreadableCancelledAtReadsAsAbsent).
func TestDecodeBootpayEventCancelledAt(t *testing.T) {
	want := time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC)
	base := `{"receipt_id":"r","order_id":"o","price":15000,"status":20`
	for _, tc := range []struct {
		ct, body string
		want     time.Time
	}{
		{"application/json", base + `,"cancelled_at":"2026-11-22T14:05:09+09:00"}`, want},
		{"application/json", base + `,"cancelled_at":"2026-11-22 14:05:09"}`, want},
		{"application/json", base + `,"cancelled_at":null}`, time.Time{}},
		{"application/json", base + `}`, time.Time{}},
		{"application/x-www-form-urlencoded", "receipt_id=r&order_id=o&price=15000&status=20&cancelled_at=" +
			url.QueryEscape("2026-11-22T14:05:09+09:00"), want},
		{"application/x-www-form-urlencoded", "receipt_id=r&order_id=o&price=15000&status=20&cancelled_at=" +
			sprintf("%d", want.Unix()), want},
	} {
		ev, err := webhook.DecodeBootpayEvent(tc.ct, []byte(tc.body))
		require.NoError(t, err, tc.body)
		assert.True(t, tc.want.Equal(ev.CancelledAt.Time), "%s: %v", tc.body, ev.CancelledAt)
	}
}

// TestBootpayEventWhileCancellingIsNotCaughtUp: 결제취소 진행중 (-30)
// passes — the cancel completes or fails back. A genuine completion
// delivered while its receipt is there is neither a forgery (403, a final
// verdict no later lookup keeps) nor, for a receipt already partly
// cancelled, superseded (acknowledged unrun, although the cancel may fail
// back and leave the payment paid): it is ErrNotCaughtUp, 502, and runs
// nothing. A completion the receipt contradicts otherwise (its price) is
// still a mismatch.
func TestBootpayEventWhileCancellingIsNotCaughtUp(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra map[string]any
	}{
		{"nothing cancelled yet", nil},
		{"partly cancelled before", map[string]any{"cancelled_price": 3000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newBootpayRig(t)
			rc := rig.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1001", Price: 15000,
				Status: bootpaytest.Ptr(bootpay.StatusCancelling), Extra: tc.extra})
			assert.Equal(t, http.StatusBadGateway, rig.post(completed(rc).JSON(), false, "").Code)
			require.Len(t, rig.errs, 1)
			assert.ErrorIs(t, rig.errs[0], webhook.ErrNotCaughtUp)
			assert.NotErrorIs(t, rig.errs[0], webhook.ErrMismatch)
			assert.NotErrorIs(t, rig.errs[0], webhook.ErrSuperseded)
			assert.NotContains(t, rig.errs[0].Error(), "위변조")

			forged := completed(rc)
			forged.Price = 1000
			assert.Equal(t, http.StatusForbidden, rig.post(forged.JSON(), false, "").Code)
			require.Len(t, rig.errs, 2)
			assert.ErrorIs(t, rig.errs[1], webhook.ErrMismatch)
			assert.Equal(t, int32(0), rig.runs.Load())
		})
	}
}

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
	for _, tc := range furtherCancels {
		for _, form := range []bool{false, true} {
			t.Run(sprintf("%s, form %v", tc.name, form), func(t *testing.T) {
				c := sandbox.NewClock(time.Date(2026, 11, 22, 14, 5, 9, 0, kst))
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
			c := sandbox.NewClock(time.Date(2026, 11, 22, 14, 5, 10, 0, kst))
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
			c := sandbox.NewClock(time.Date(2026, 11, 22, 14, 5, 10, 0, kst))
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

	c := sandbox.NewClock(time.Date(2026, 11, 22, 14, 5, 9, 0, kst))
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
