package reconcile_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// A payment without requestedAt that PortOne's creation list returned is
// kept (see TestUndatedPortOnePaymentIsNotDropped); when it also has a
// payment event in the period, the events pass looks it up (undated, it
// cannot be shown to be in the period) and streams it a second time. In
// another batch Run compares it again: one discrepancy reported twice in
// one run. The events pass must not even look it up.
func TestPortOneUndatedPaymentWithEventReportedOnce(t *testing.T) {
	srv, c := newPortOne(t)
	pay := `{"status":"PAID","id":"ud-nodate","transactionId":"tx-ud","storeId":"` + portonetest.StoreID +
		`","currency":"KRW","amount":{"total":50000,"cancelled":0}}`
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Faults.Status(http.StatusOK, `{"items":[{"cursor":"c1","payment":`+pay+`}]}`), 1)
	event := `{"type":"PAID","id":"ev-1","paymentId":"ud-nodate","transactionId":"tx-ud","merchantId":"merchant-1","storeId":"` +
		portonetest.StoreID + `","channel":{"type":"TEST"},"version":"V2","createdAt":"` + dayAt.UTC().Format(time.RFC3339Nano) +
		`","orderName":"o","totalAmount":{"total":50000,"taxFree":0,"discount":0,"paid":50000,"cancelled":0,"cancelledTaxFree":0},` +
		`"currency":"KRW","customer":{},"disputes":[],"eventAmount":50000,"origin":{"platformType":"API"}}`
	srv.Inject(portonetest.OpPaymentEventListByCursor, portonetest.Faults.Status(http.StatusOK, `{"items":[{"cursor":"e1","paymentEvent":`+event+`}]}`), 1)
	srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusOK, pay), 1)

	var found []reconcile.Discrepancy
	for d, err := range reconcile.Run(ctx, sandboxPortOne(c), reconciletest.NewMemory(slices.Values([]reconcile.Record(nil))), day,
		reconcile.Options{BatchSize: 1}) {
		require.NoError(t, err)
		found = append(found, d)
	}

	require.Len(t, found, 1, "the undated payment was reported %d times: %v", len(found), found)
	require.Equal(t, reconcile.MissingAtMerchant, found[0].Kind)
	require.Zero(t, srv.Stats().Requests[portonetest.OpPaymentGet], "the events pass looked the streamed payment up again")
}

// A run whose context ends while it reads the payment events ends with the
// context's error, as it should; but the error must not tell the operator
// that the events endpoint failed and to set SkipEvents: acting on it
// turns off the only way a single-period run sees an older payment's
// deposit or refund, for what was a deadline.
func TestPortOneEventsContextEndNotBlamedOnTheEndpoint(t *testing.T) {
	srv, c, clock := newPortOneAt(t, dayAt)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "today", Total: 50000})
	clock.Advance(time.Hour)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The creation list's one payment is a batch; the context ends after
	// it, before the events are read.
	opts := reconcile.Options{BatchSize: 1, Progress: func(p reconcile.Progress) {
		if p.GatewayPayments == 1 {
			cancel()
		}
	}}

	var runErr error
	for _, err := range reconcile.Run(runCtx, sandboxPortOne(c), reconciletest.NewMemory(slices.Values([]reconcile.Record(nil))), day, opts) {
		if err != nil {
			runErr = err
		}
	}

	require.ErrorIs(t, runErr, context.Canceled)
	require.NotContains(t, runErr.Error(), "SkipEvents", "a cancelled run is blamed on the events endpoint")
}

// The advice stays where it belongs: the events endpoint's own failure,
// under a live context, still says to set SkipEvents while it lasts.
func TestPortOneEventsEndpointFailureAdvisesSkipEvents(t *testing.T) {
	srv, c := newPortOne(t)
	srv.Inject(portonetest.OpPaymentEventListByCursor, portonetest.Faults.Status(http.StatusOK, `{}`), -1)

	_, runErr := drainDay(sandboxPortOne(c))

	require.ErrorContains(t, runErr, "SkipEvents")
}
