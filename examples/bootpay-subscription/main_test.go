package main

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

func sandbox(t *testing.T, opts ...bootpaytest.Option) (*bootpaytest.Server, *bootpay.Client) {
	srv := bootpaytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()),
		bootpay.WithRetryPolicy(bootpay.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	require.NoError(t, err)
	return srv, c
}

// TestRun: the whole flow charges once, reserves once, cancels the reservation and destroys the key,
// and the output never shows the key.
func TestRun(t *testing.T) {
	srv, c := sandbox(t)
	var out bytes.Buffer
	require.NoError(t, Run(context.Background(), c, time.Now(), &out))
	st := srv.Stats()
	assert.Equal(t, 1, st.BillingKeysIssued)
	assert.Equal(t, 1, st.ChargesApplied)
	assert.Equal(t, 1, st.ReservationsCreated)
	assert.Equal(t, 1, st.ReservationsCancelled)
	assert.Zero(t, st.ReservationsExecuted)
	assert.Equal(t, 1, st.BillingKeysDestroyed)
	for k := range srv.BillingKeys() {
		assert.NotContains(t, out.String(), k)
	}
	assert.Contains(t, out.String(), "charged 9900 won")
}

// TestChargeMonthReconcilesALostReply: a charge applied by Bootpay whose reply was lost is not sent
// again; ChargeMonth returns the paid receipt found by the month's order id.
func TestChargeMonthReconcilesALostReply(t *testing.T) {
	srv, c := sandbox(t)
	ctx := context.Background()
	plan := Plan{SubscriptionID: "sub-9", Name: "월간", Price: 9900}
	key, err := Subscribe(ctx, c, plan, bootpay.IssueBillingKeyParams{PG: "nicepay", CardNumber: "5365101234561234",
		CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07"})
	require.NoError(t, err)
	month := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

	srv.Inject(bootpaytest.OpCharge, bootpaytest.Faults.CloseAfterApply(), 1)
	r, err := ChargeMonth(ctx, c, plan, key, month, "")
	require.NoError(t, err)
	assert.Equal(t, "sub-9-2026-11", r.OrderID)
	assert.Equal(t, 1, srv.Stats().ChargesApplied)
	assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpCharge], "never sent twice")

	srv.Inject(bootpaytest.OpCharge, bootpaytest.Faults.CloseBeforeRead(), 1)
	srv.Inject(bootpaytest.OpCharge, bootpaytest.Faults.Status(502, "<html>bad gateway</html>"), 1)
	_, err = ChargeMonth(ctx, c, plan, key, month.AddDate(0, 1, 0), "")
	var pending *bootpay.PendingChargeError
	require.True(t, errors.As(err, &pending), "a charge that never landed stays pending, never charged again: %v", err)
	assert.Equal(t, 1, srv.Stats().ChargesApplied)
}
