package reconcile_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// newPortOneAt is newPortOne on a fake clock set to at.
func newPortOneAt(t *testing.T, at time.Time) (*portonetest.Server, *portone.Client, *sandbox.Clock) {
	t.Helper()
	clock := sandbox.NewClock(at)
	srv := portonetest.NewServer(portonetest.WithClock(clock.Now))
	t.Cleanup(srv.Close)
	c, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(srv.URL()), portone.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, c, clock
}

// runDayOn reconciles day alone against merchant, in batches of one so
// that a payment the gateway streamed twice could not be merged by Run.
func runDayOn(t *testing.T, g reconcile.Gateway, merchant ...reconcile.Record) []reconcile.Discrepancy {
	t.Helper()
	return collect(t, reconcile.Run(ctx, g, reconciletest.NewMemory(slices.Values(merchant)), day, reconcile.Options{BatchSize: 1}))
}

// A virtual account issued the day before and deposited during the day,
// whose merchant order is still pending (the deposit webhook was lost), is
// money taken for goods never shipped. PortOne lists the payment under the
// day before, so the creation list of the day does not hold it; the
// payment events of the day do, and a run over that day alone reports it,
// matched with the merchant's order of the day before. With SkipEvents the
// same run reads no events and sees nothing.
func TestPortOneEventsReportADepositOfThePreviousDay(t *testing.T) {
	issued := day.From.Add(-10 * time.Hour)
	srv, c, clock := newPortOneAt(t, issued)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-vbank", Total: 50000, Status: portone.PaymentStatusVirtualAccountIssued})
	clock.Set(dayAt)
	_, err := srv.Deposit("ev-vbank")
	require.NoError(t, err)
	order := reconcile.Record{Key: "ev-vbank", Amount: 50000, Status: reconcile.StatusPending, SourceStatus: "awaiting_deposit", At: issued}

	found := runDayOn(t, sandboxPortOne(c), order)

	require.Len(t, found, 1, "%v", found)
	require.Equal(t, reconcile.StatusDiffers, found[0].Kind, found[0].String())
	require.Equal(t, reconcile.StatusPaid, found[0].Gateway.Status)
	require.Equal(t, int64(50000), found[0].Gateway.Amount)
	require.Equal(t, reconcile.StatusPending, found[0].Merchant.Status, "matched with the order of the day before")
	require.True(t, found[0].Gateway.At.Equal(issued), "the record keeps the payment's creation time")
	st := srv.Stats()
	require.Equal(t, 1, st.Requests[portonetest.OpPaymentEventListByCursor])
	require.Equal(t, 1, st.Requests[portonetest.OpPaymentGet], "the payment was looked up once")

	g := sandboxPortOne(c)
	g.SkipEvents = true
	require.Empty(t, runDayOn(t, g, order), "without events the run over the day alone sees nothing")
	require.Equal(t, 1, srv.Stats().Requests[portonetest.OpPaymentEventListByCursor], "SkipEvents reads no events")
}

// A payment created and paid in the period is in the creation list and has
// events in the period: it is streamed once, not twice, and never looked
// up. A payment created before the period with several events in it (a
// 부분취소, then the rest) is looked up and streamed once too.
func TestPortOneEventsStreamEachPaymentOnce(t *testing.T) {
	srv, c, clock := newPortOneAt(t, day.From.Add(-48*time.Hour))
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-old", Total: 30000})
	clock.Set(dayAt)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-va-today", Total: 20000, Status: portone.PaymentStatusVirtualAccountIssued})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-card-today", Total: 10000})
	clock.Advance(time.Hour)
	_, err := srv.Deposit("ev-va-today")
	require.NoError(t, err)
	_, err = c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: "ev-card-today", Amount: 4000, Reason: "부분취소",
		CurrentCancellableAmount: portone.Ptr(int64(10000))})
	require.NoError(t, err)
	_, err = c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: "ev-old", Amount: 10000, Reason: "부분취소",
		CurrentCancellableAmount: portone.Ptr(int64(30000))})
	require.NoError(t, err)
	clock.Advance(time.Hour)
	_, err = c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: "ev-old", Full: true, Reason: "전액 취소"})
	require.NoError(t, err)
	getsBefore := srv.Stats().Requests[portonetest.OpPaymentGet]

	var keys []string
	for r, err := range sandboxPortOne(c).Payments(ctx, day) {
		require.NoError(t, err)
		keys = append(keys, r.Key)
	}
	require.Equal(t, []string{"ev-va-today", "ev-card-today", "ev-old"}, keys, "the creation list, then the old payment, each once")
	require.Equal(t, 1, srv.Stats().Requests[portonetest.OpPaymentGet]-getsBefore, "only the old payment is looked up, once for its two events")

	found := runDayOn(t, sandboxPortOne(c))
	got := map[string]reconcile.Kind{}
	for _, d := range found {
		_, twice := got[d.Key]
		require.False(t, twice, "%s reported twice", d.Key)
		got[d.Key] = d.Kind
	}
	require.Equal(t, map[string]reconcile.Kind{
		"ev-va-today": reconcile.MissingAtMerchant, "ev-card-today": reconcile.MissingAtMerchant, "ev-old": reconcile.MissingAtMerchant,
	}, got)
}

// A payment created five days before the period and partly refunded in
// it is compared with the merchant's order of five days before: in step,
// nothing is reported; an order that still says nothing was refunded is
// CancelledDiffers. A refund at the period's Until (PortOne's until is
// inclusive) belongs to the next period: its payment is not looked up.
func TestPortOneEventsCompareAnOldPaymentRefundedInThePeriod(t *testing.T) {
	created := day.From.Add(-5 * 24 * time.Hour)
	srv, c, clock := newPortOneAt(t, created)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-refunded", Total: 40000})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-at-until", Total: 40000})
	clock.Set(dayAt)
	_, err := c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: "ev-refunded", Amount: 15000, Reason: "부분취소",
		CurrentCancellableAmount: portone.Ptr(int64(40000))})
	require.NoError(t, err)
	clock.Set(day.Until)
	_, err = c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: "ev-at-until", Amount: 15000, Reason: "부분취소",
		CurrentCancellableAmount: portone.Ptr(int64(40000))})
	require.NoError(t, err)
	inStep := reconcile.Record{Key: "ev-refunded", Amount: 40000, Cancelled: 15000, Status: reconcile.StatusPartiallyCancelled,
		SourceStatus: "partially_refunded", At: created}
	getsBefore := srv.Stats().Requests[portonetest.OpPaymentGet]

	require.Empty(t, runDayOn(t, sandboxPortOne(c), inStep))
	require.Equal(t, 1, srv.Stats().Requests[portonetest.OpPaymentGet]-getsBefore, "the refunded payment was looked up, the one at Until was not")

	behind := inStep
	behind.Cancelled, behind.Status, behind.SourceStatus = 0, reconcile.StatusPaid, "paid"
	found := runDayOn(t, sandboxPortOne(c), behind)
	require.Len(t, found, 1, "%v", found)
	require.Equal(t, reconcile.CancelledDiffers, found[0].Kind, found[0].String())
	require.Equal(t, int64(15000), found[0].Gateway.Cancelled)
}

// A failed read of the payment events, or a failed lookup of an event's
// payment (a 404 PAYMENT_NOT_FOUND included: the event says the payment
// exists, so the lookup asked the wrong store), ends the run with its
// error: never a verdict on the payment, never a run that looks complete.
func TestPortOneEventsFailureEndsTheRun(t *testing.T) {
	newDeposit := func(t *testing.T) (*portonetest.Server, *portone.Client) {
		srv, c, clock := newPortOneAt(t, day.From.Add(-10*time.Hour))
		srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-vbank", Total: 50000, Status: portone.PaymentStatusVirtualAccountIssued})
		clock.Set(dayAt)
		_, err := srv.Deposit("ev-vbank")
		require.NoError(t, err)
		return srv, c
	}
	cases := []struct {
		name   string
		op     portonetest.Operation
		status int
		typ    portone.ErrorType
	}{
		{"events read", portonetest.OpPaymentEventListByCursor, http.StatusBadRequest, portone.ErrorTypeInvalidRequest},
		{"lookup forbidden", portonetest.OpPaymentGet, http.StatusForbidden, portone.ErrorTypeForbidden},
		{"lookup not found", portonetest.OpPaymentGet, http.StatusNotFound, portone.ErrorTypePaymentNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newDeposit(t)
			srv.Inject(tc.op, portonetest.Faults.Status(tc.status, portonetest.ErrorBody(tc.typ, "sandbox")), -1)
			// The order of the day before: only the events lead the run to the payment.
			order := reconcile.Record{Key: "ev-vbank", Amount: 50000, Status: reconcile.StatusPending, SourceStatus: "awaiting_deposit",
				At: day.From.Add(-10 * time.Hour)}

			var runErr error
			var found []reconcile.Discrepancy
			for d, err := range reconcile.Run(ctx, sandboxPortOne(c), reconciletest.NewMemory(slices.Values([]reconcile.Record{order})), day, reconcile.Options{}) {
				if err != nil {
					runErr = err
					continue
				}
				found = append(found, d)
			}
			require.Error(t, runErr)
			var apiErr *portone.APIError
			require.True(t, errors.As(runErr, &apiErr), "%v", runErr)
			require.Equal(t, tc.typ, apiErr.Type)
			if tc.typ == portone.ErrorTypePaymentNotFound {
				require.ErrorContains(t, runErr, "portone.WithStoreID", "the error says what to check")
			}
			require.Empty(t, found, "no verdict on a payment the run could not read")
		})
	}
}
