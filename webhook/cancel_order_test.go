package webhook_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

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

// clock is a settable clock for the Bootpay sandbox, so that each cancel
// gets its own cancelled_at.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newClockedBootpayRig is newBootpayRig on a sandbox reading c.
func newClockedBootpayRig(t *testing.T, c *clock) *bootpayRig {
	srv := bootpaytest.NewServer(bootpaytest.WithClock(c.Now))
	t.Cleanup(srv.Close)
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		bootpay.WithBaseURL(srv.URL()), bootpay.WithRetryPolicy(bootpay.RetryPolicy{}))
	require.NoError(t, err)
	rig := &bootpayRig{t: t, srv: srv, client: client}
	p := &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})}
	rig.handler = webhook.BootpayHandler(webhook.BootpayLookup{Client: client}, rig.callback,
		webhook.WithProcessor(p), webhook.WithErrorHook(rig.errorHook))
	return rig
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
				c := &clock{now: time.Date(2026, 11, 22, 14, 5, 9, 0, kst)}
				rig := newClockedBootpayRig(t, c)
				rc := paidReceipt(rig.srv)
				ev := cancellation(rc, tc.typ)

				first := cancelAt(t, rig, bootpay.CancelParams{ReceiptID: rc.ReceiptID, Amount: 3000})
				require.Equal(t, http.StatusOK, rig.post(withCancelledAt(ev, first, form), form, "").Code, "%v", rig.errs)
				require.Equal(t, int32(1), rig.runs.Load())
				assert.Equal(t, cancelledKey(t, rc, tc.firstKey, 3000), rig.got[0].Key)

				c.advance(90 * time.Second)
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
	c := &clock{now: time.Date(2026, 11, 22, 14, 5, 9, 0, kst)}
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
