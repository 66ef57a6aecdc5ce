package bootpay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// TestCancelReservationSuccessFalseAfterMaybeAppliedIsUnknown: the first
// cancel is applied and answered 502; the retry is answered 200
// {"success": false}. The reservation IS cancelled, so the answer must not
// be "not cancelled" (*APIError) but an *OutcomeUnknownError naming the
// reservation to look up. Without an earlier ambiguous attempt the same
// answer is still the *APIError it always was.
func TestCancelReservationSuccessFalseAfterMaybeAppliedIsUnknown(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth(), noAttemptLimit, bootpay.WithRetryPolicy(sandboxtest.FastRetries()))
	ctx := context.Background()
	key := issueKey(t, c, "sub-cr")
	reserve := func(order string) string {
		rv, err := c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: time.Now().Add(time.Hour),
			ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "구독료", OrderID: order, Price: 1000}})
		require.NoError(t, err)
		return rv.ReserveID
	}

	id := reserve("order-cr-1")
	srv.Inject(bootpaytest.OpReserveCancel, bootpaytest.Faults.StatusAfterApply(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), 1)
	srv.Inject(bootpaytest.OpReserveCancel, bootpaytest.Faults.Status(200, `{"reserve_id":"`+id+`","success":false}`), 1)
	err := c.Billing.CancelReservation(ctx, id)
	require.Equal(t, 1, srv.Stats().ReservationsCancelled, "the first attempt cancelled it")
	var unknown *bootpay.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown, "not a plain refusal: %v", err)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.Equal(t, id, unknown.Reference, "the reservation to look up")
	assert.Equal(t, 2, unknown.Attempts)

	other := reserve("order-cr-2")
	srv.Inject(bootpaytest.OpReserveCancel, bootpaytest.Faults.Status(200, `{"reserve_id":"`+other+`","success":false}`), 1)
	err = c.Billing.CancelReservation(ctx, other)
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "one unambiguous answer: nothing was cancelled")
	assert.Equal(t, 1, srv.Stats().ReservationsCancelled)
}
