package portonetest_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// wantEvent is what a test expects of one listed payment event.
type wantEvent struct {
	typ       string
	paymentID string
	amount    int64 // eventAmount
	at        time.Time
	cancelled int64 // totalAmount.cancelled just after the event
}

func (w wantEvent) String() string {
	return fmt.Sprintf("%s %s %d at %s (cancelled %d)", w.typ, w.paymentID, w.amount, w.at.Format(time.RFC3339), w.cancelled)
}

// eventItem is one item of GET /payment-events-by-cursor as the raw client decoded it.
type eventItem struct {
	event  map[string]any
	cursor string
}

func (e eventItem) str(key string) string { return fmt.Sprint(e.event[key]) }

func (e eventItem) num(path ...string) int64 {
	var cur any = e.event
	for _, k := range path {
		cur = cur.(map[string]any)[k]
	}
	n, err := cur.(json.Number).Int64()
	if err != nil {
		panic(err)
	}
	return n
}

func (e eventItem) at(key string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, e.str(key))
	if err != nil {
		panic(err)
	}
	return t
}

func (e eventItem) summary() wantEvent {
	return wantEvent{typ: e.str("type"), paymentID: e.str("paymentId"), amount: e.num("eventAmount"),
		at: e.at("createdAt"), cancelled: e.num("totalAmount", "cancelled")}
}

// listEvents sends one GET /payment-events-by-cursor with body as its requestBody (every response
// is checked against the schema by newServer's client) and returns its items.
func listEvents(t *testing.T, a *api, body map[string]any) []eventItem {
	t.Helper()
	res := a.Must(http.MethodGet, "/payment-events-by-cursor"+rb(body), nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	var out []eventItem
	for _, it := range res.Items() {
		m := it.(map[string]any)
		out = append(out, eventItem{event: m["paymentEvent"].(map[string]any), cursor: m["cursor"].(string)})
	}
	return out
}

func summaries(items []eventItem) []wantEvent {
	out := make([]wantEvent, len(items))
	for i, it := range items {
		out[i] = it.summary()
	}
	return out
}

// moneyMoves drives every path of the sandbox that moves money, and those that move none, an hour
// apart on the fake clock, and returns the events they must have recorded, in order.
func moneyMoves(t *testing.T, srv *portonetest.Server, a *api, clock *sandbox.Clock) []wantEvent {
	t.Helper()
	t0 := clock.Now()
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-card", Total: 10000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-va", Total: 50000, Status: portone.PaymentStatusVirtualAccountIssued, RequestedAt: t0.Add(-24 * time.Hour)})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-ready", Total: 1000, Status: portone.PaymentStatusReady})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-failed", Total: 1000, Status: portone.PaymentStatusFailed})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-close", Total: 2000, Status: portone.PaymentStatusVirtualAccountIssued})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-pgfail", Total: 3000, CancelPGError: &portonetest.PGError{}})

	clock.Advance(time.Hour)
	t1 := clock.Now()
	_, err := srv.Deposit("ev-va")
	require.NoError(t, err)
	res := a.Must(http.MethodPost, "/payments/ev-close/virtual-account/close", nil)
	require.Equal(t, http.StatusOK, res.Status, "a closed account moved no money: %s", res.Raw)
	res = a.cancel("ev-pgfail", map[string]any{"reason": "PG가 거절"})
	require.Equal(t, http.StatusBadGateway, res.Status, "a failed cancel moved no money: %s", res.Raw)

	clock.Advance(time.Hour)
	t2 := clock.Now()
	require.Equal(t, http.StatusOK, a.cancel("ev-card", map[string]any{"reason": "부분취소", "amount": 3000}).Status)
	clock.Advance(time.Hour)
	t3 := clock.Now()
	require.Equal(t, http.StatusOK, a.cancel("ev-card", map[string]any{"reason": "전액 취소"}).Status)

	clock.Advance(time.Hour)
	t4 := clock.Now()
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk-declined", PGError: &portonetest.PGError{}})
	require.Equal(t, http.StatusOK, a.payWithBillingKey("ev-bk", billingPayBody("bk", 9900)).Status)
	require.Equal(t, http.StatusBadGateway, a.payWithBillingKey("ev-bk-declined", billingPayBody("bk-declined", 9900)).Status)
	res = a.Must(http.MethodPost, "/payments/ev-sched/schedule", scheduleBody("bk", 4900, t4.Add(30*time.Minute).Format(time.RFC3339)))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)

	clock.Advance(time.Hour)
	t5 := clock.Now()
	require.Equal(t, 1, srv.RunDueSchedules())
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-sub", StoreID: "store-sub", Total: 8000,
		Status: portone.PaymentStatusPartialCancelled, Cancelled: 2000})

	return []wantEvent{
		{"PAID", "ev-card", 10000, t0, 0},
		{"PAID", "ev-pgfail", 3000, t0, 0},
		{"PAID", "ev-va", 50000, t1, 0},
		{"PARTIAL_CANCELLED", "ev-card", -3000, t2, 3000},
		{"CANCELLED", "ev-card", -7000, t3, 10000},
		{"PAID", "ev-bk", 9900, t4, 0},
		{"PAID", "ev-sched", 4900, t5, 0},
		{"PAID", "ev-sub", 8000, t5, 0},
		{"PARTIAL_CANCELLED", "ev-sub", -2000, t5, 2000},
	}
}

// TestPaymentEventsRecordEveryMovementOfMoney: GET /payment-events-by-cursor lists one event per
// movement of money, whatever moved it (a payment created paid, a virtual-account deposit, a
// 부분취소 and a full cancel through the API, a billing-key payment, a due schedule, a payment
// created partially cancelled), oldest first with the right type, eventAmount, createdAt (the
// fake clock) and totalAmount, and none where no money moved (a payment created pending, ready or
// failed, a closed virtual account, a cancel or billing-key payment the PG refused).
func TestPaymentEventsRecordEveryMovementOfMoney(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now), portonetest.WithSubStores("store-sub"))
	want := moneyMoves(t, srv, a, clock)

	items := listEvents(t, a, map[string]any{"size": 1000})
	require.Equal(t, want, summaries(items))
	assert.Equal(t, len(want), srv.Stats().PaymentEventsRecorded)

	ids := map[string]bool{}
	for _, it := range items {
		require.NotEmpty(t, it.str("id"))
		require.False(t, ids[it.str("id")], "event ids are unique")
		ids[it.str("id")] = true
		require.NotEmpty(t, it.cursor)
		assert.Equal(t, portonetest.MerchantID, it.str("merchantId"))
		p, ok := srv.Payment(it.str("paymentId"))
		require.True(t, ok)
		assert.Equal(t, p.TransactionID, it.str("transactionId"))
		assert.Equal(t, p.RequestedAt, it.at("requestedAt"), "an event carries its payment's creation time")
		assert.Equal(t, p.Amount.Total, it.num("totalAmount", "total"))
		switch it.str("type") {
		case "PAID":
			assert.Contains(t, it.event, "disputes")
			assert.NotContains(t, it.event, "cancellation")
			assert.Equal(t, p.Amount.Total, it.num("totalAmount", "paid"))
		default:
			assert.Equal(t, -it.num("eventAmount"), it.num("cancellation", "totalAmount"))
			assert.Equal(t, "SUCCEEDED", it.event["cancellation"].(map[string]any)["status"])
		}
	}
	assert.Equal(t, "store-sub", items[7].str("storeId"))
	assert.Equal(t, portonetest.StoreID, items[0].str("storeId"))
	assert.Equal(t, want[0].at.Add(-24*time.Hour), items[2].at("requestedAt"), "the deposit's payment was created the day before")
	sched, ok := srv.Payment("ev-sched")
	require.True(t, ok)
	assert.Equal(t, sched.ScheduleID, items[6].str("scheduleId"), "a schedule's payment names it")
	assert.NotEmpty(t, sched.ScheduleID)
}

// TestPaymentEventsByStoreAndWindow: storeId scopes the events to one store (403 for a store the
// credentials may not access; none lists every accessible store, as the schema says), and from and
// until select by the event's createdAt, both ends inclusive as in GET /payments-by-cursor, not by
// the payment's creation.
func TestPaymentEventsByStoreAndWindow(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now), portonetest.WithSubStores("store-sub"))
	want := moneyMoves(t, srv, a, clock)

	sub := summaries(listEvents(t, a, map[string]any{"storeId": "store-sub", "size": 1000}))
	assert.Equal(t, want[7:], sub)
	own := summaries(listEvents(t, a, map[string]any{"storeId": portonetest.StoreID, "size": 1000}))
	assert.Equal(t, want[:7], own)
	requireError(t, a.Must(http.MethodGet, "/payment-events-by-cursor"+rb(map[string]any{"storeId": "store-other"}), nil),
		http.StatusForbidden, portone.ErrorTypeForbidden)

	// [t2, t3]: the two cancels of ev-card, the one at until included; the payment was created at t0.
	window := summaries(listEvents(t, a, map[string]any{"from": want[3].at, "until": want[4].at, "size": 1000}))
	assert.Equal(t, []wantEvent{want[3], want[4]}, window)
	// [t1, t1]: the deposit of a payment created the day before.
	window = summaries(listEvents(t, a, map[string]any{"from": want[2].at, "until": want[2].at}))
	assert.Equal(t, []wantEvent{want[2]}, window)
	// The default window is the 90 days before now.
	clock.Advance(90*24*time.Hour - 4*time.Hour - 30*time.Minute) // now − 90 days falls between t0 and t1
	assert.Equal(t, want[2:], summaries(listEvents(t, a, map[string]any{"size": 1000})))
}

// TestPaymentEventsPageWithCursor: paging with the last item's cursor reads every event once, in
// order; an event recorded meanwhile comes at the end; size is 1 to 1000 (default 10), and a
// malformed cursor or one of GET /payments-by-cursor is 400.
func TestPaymentEventsPageWithCursor(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now), portonetest.WithSubStores("store-sub"))
	want := moneyMoves(t, srv, a, clock)
	for i := range 12 { // more than a default page; several share a timestamp
		srv.CreatePayment(portonetest.PaymentSpec{ID: fmt.Sprintf("ev-more-%02d", i), Total: int64(1000 + i)})
		want = append(want, wantEvent{"PAID", fmt.Sprintf("ev-more-%02d", i), int64(1000 + i), clock.Now(), 0})
		if i%4 == 3 {
			clock.Advance(time.Second)
		}
	}

	var got []wantEvent
	body := map[string]any{"size": 4}
	pages := 0
	for {
		items := listEvents(t, a, body)
		pages++
		got = append(got, summaries(items)...)
		if len(items) < 4 {
			break
		}
		body["cursor"] = items[len(items)-1].cursor
		if pages == 1 {
			clock.Advance(time.Minute)
			require.Equal(t, http.StatusOK, a.cancel("ev-bk", map[string]any{"reason": "환불"}).Status)
			want = append(want, wantEvent{"CANCELLED", "ev-bk", -9900, clock.Now(), 9900})
		}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 6, pages, "22 events in pages of 4")
	assert.Len(t, listEvents(t, a, map[string]any{}), 10, "the default size")

	paymentCursor := a.Must(http.MethodGet, "/payments-by-cursor", nil).At("items.0.cursor")
	require.NotEmpty(t, paymentCursor)
	bad := []map[string]any{{"size": 0}, {"size": 1001}, {"cursor": "garbage!"}, {"cursor": base64.RawURLEncoding.EncodeToString([]byte("e1.x.1"))},
		{"cursor": paymentCursor}}
	for _, body := range bad {
		requireError(t, a.Must(http.MethodGet, "/payment-events-by-cursor"+rb(body), nil), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	}
	requireError(t, a.with("").Must(http.MethodGet, "/payment-events-by-cursor", nil), http.StatusUnauthorized, portone.ErrorTypeUnauthorized)
	assert.Equal(t, pages+1+len(bad)+1, srv.Stats().Requests[portonetest.OpPaymentEventListByCursor])
}

// TestPaymentEventsRunDueSchedulesFirst: a payment schedule past its timeToPay is charged before
// the events are listed, as PortOne would have charged it then, so its PAID event is listed.
func TestPaymentEventsRunDueSchedulesFirst(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now))
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	res := a.Must(http.MethodPost, "/payments/ev-due/schedule", scheduleBody("bk", 4900, clock.Now().Add(time.Hour).Format(time.RFC3339)))
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Empty(t, listEvents(t, a, map[string]any{}), "not due yet")

	clock.Advance(2 * time.Hour)
	got := summaries(listEvents(t, a, map[string]any{}))
	assert.Equal(t, []wantEvent{{"PAID", "ev-due", 4900, clock.Now(), 0}}, got)
	assert.Equal(t, 1, srv.Stats().SchedulesSucceeded)
}

// TestClientReadsPaymentEventsThroughSandbox: portone's Payments.AllEvents pages through the
// sandbox's events and decodes each into its variant, with its amounts, times and cancellation.
func TestClientReadsPaymentEventsThroughSandbox(t *testing.T) {
	clock := newFakeClock()
	srv, a := newServer(t, portonetest.WithClock(clock.Now), portonetest.WithSubStores("store-sub"))
	want := moneyMoves(t, srv, a, clock)
	c, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()), portone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	before := srv.Stats().Requests[portonetest.OpPaymentEventListByCursor]

	var got []wantEvent
	var events []*portone.PaymentEvent
	for e, err := range c.Payments.AllEvents(t.Context(), portone.PaymentCursorParams{Size: 4}) {
		require.NoError(t, err)
		events = append(events, e)
		got = append(got, wantEvent{string(e.Type), e.PaymentID, e.EventAmount, e.CreatedAt, e.TotalAmount.Cancelled})
	}
	require.Equal(t, want, got)
	assert.Equal(t, 3, srv.Stats().Requests[portonetest.OpPaymentEventListByCursor]-before, "9 events in pages of 4")

	paid, ok := events[0].Variant.(*portone.PaidPaymentEvent)
	require.True(t, ok, "%T", events[0].Variant)
	assert.NotNil(t, paid.Disputes)
	assert.IsType(t, &portone.PaymentMethodCard{}, events[0].Method)
	assert.IsType(t, &portone.PaymentMethodVirtualAccount{}, events[2].Method, "a deposit keeps its virtual account")
	partial, ok := events[3].Variant.(*portone.PartialCancelledPaymentEvent)
	require.True(t, ok, "%T", events[3].Variant)
	assert.Equal(t, int64(3000), partial.Cancellation.(*portone.SucceededPaymentCancellation).TotalAmount)
	full, ok := events[4].Variant.(*portone.CancelledPaymentEvent)
	require.True(t, ok, "%T", events[4].Variant)
	assert.Equal(t, int64(7000), full.Cancellation.(*portone.SucceededPaymentCancellation).TotalAmount)
	assert.Equal(t, want[0].at.Add(-24*time.Hour), events[2].RequestedAt)

	// A window and a store, as a reconciliation of one store's day sends them.
	got = nil
	params := portone.PaymentCursorParams{From: want[2].at, Until: want[4].at, Size: 1000}
	for e, err := range c.Payments.AllEvents(t.Context(), params, portone.WithStoreID(portonetest.StoreID)) {
		require.NoError(t, err)
		got = append(got, wantEvent{string(e.Type), e.PaymentID, e.EventAmount, e.CreatedAt, e.TotalAmount.Cancelled})
	}
	assert.Equal(t, want[2:5], got)
}
