package portone

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A partial cancel names the balance it read (CurrentCancellableAmount,
// B) and validate refuses an Amount (A) above it, so A <= B. A refusal
// that the cancel exceeds what the payment can still cancel (or has used
// up its cancels) says the payment moved since B was read: maybe by the
// caller's own earlier cancel, applied with its answer lost, repeated
// once PortOne forgot its key. These refusals end unknown, never as a
// definite ErrConflict that reads "nothing refunded, refund another way".

// assertUnknownRefusal checks that err, the answer to a write refused on
// its only attempt (ws saw one request) with typ, ends as an unknown
// outcome naming ref with the refusal reachable, never as a definite
// ErrConflict.
func assertUnknownRefusal(t *testing.T, ws *wireServer, err error, typ ErrorType, ref string) {
	t.Helper()
	require.Error(t, err)
	assert.Len(t, ws.recorded(), 1, "a 409 is not retried")
	assert.NotErrorIs(t, err, ErrConflict, "read as a definite refusal, the merchant refunds again: %v", err)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, ref, unknown.Reference)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "PortOne's refusal stays reachable")
	assert.Equal(t, typ, apiErr.Type)
}

// TestPartialCancelExceedingItsNamedBalanceIsUnknown: 10000 paid, a 6000
// 부분취소 applied with its answer lost, repeated from the persisted
// params after PortOne forgot the key (about 3 hours). The balance is
// 4000. Whether PortOne checks the named balance before the amount is
// UNCONFIRMED (the sandbox checks the balance first); if it checks the
// amount first it answers 409 CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT,
// which, read as a definite ErrConflict ("nothing refunded"), sends the
// merchant to refund the 6000 some other way, or the 4000 left under a
// new key: twice. The tax parts likewise: an earlier cancel of the
// caller's consumed the tax-free (or taxable) balance the repeat asks
// for.
func TestPartialCancelExceedingItsNamedBalanceIsUnknown(t *testing.T) {
	const payID = "order-2026-12-refund"
	cases := []struct {
		typ ErrorType
		p   CancelPaymentParams
	}{
		{ErrorTypeCancelAmountExceedsCancellableAmount, CancelPaymentParams{
			PaymentID: payID, Amount: 6000, Reason: "부분 반품", CurrentCancellableAmount: Ptr(int64(10000))}},
		{ErrorTypeCancelTaxFreeAmountExceedsCancellableTaxFreeAmount, CancelPaymentParams{
			PaymentID: payID, Amount: 6000, TaxFreeAmount: Ptr(int64(6000)), Reason: "부분 반품",
			CurrentCancellableAmount: Ptr(int64(10000))}},
		{ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount, CancelPaymentParams{
			PaymentID: payID, Amount: 6000, Reason: "부분 반품", CurrentCancellableAmount: Ptr(int64(10000))}},
	}
	for _, tc := range cases {
		t.Run(string(tc.typ), func(t *testing.T) {
			ws := newWireServer(t, "")
			ws.then(http.StatusConflict, `{"type":"`+string(tc.typ)+`","message":"취소 가능 금액을 초과합니다."}`)
			_, err := testClient(t, ws).Payments.Cancel(context.Background(), tc.p,
				WithIdempotencyKey("refund-row-00001-order-2026-12"))
			assertUnknownRefusal(t, ws, err, tc.typ, payID)
		})
	}
}

// TestCancelMaxCountReachedIsUnknown: a PG allows a payment only so many
// cancels. The caller's earlier 부분취소, applied with its answer lost,
// may be the one that used the last; its repeat once PortOne forgot the
// key (or under a new key after a restart) is refused 409
// MAX_CANCEL_COUNT_REACHED if PortOne counts before it compares the
// balance (UNCONFIRMED). As a definite ErrConflict it reads "the API can
// refund no more": the merchant refunds by bank transfer, a second time.
func TestCancelMaxCountReachedIsUnknown(t *testing.T) {
	const payID = "order-2026-12-refund-count"
	ws := newWireServer(t, "")
	ws.then(http.StatusConflict, `{"type":"MAX_CANCEL_COUNT_REACHED","message":"최대 취소 횟수를 초과했습니다."}`)
	_, err := testClient(t, ws).Payments.Cancel(context.Background(), CancelPaymentParams{
		PaymentID: payID, Amount: 1000, Reason: "부분 반품", CurrentCancellableAmount: Ptr(int64(5000))},
		WithIdempotencyKey("refund-row-00009-order-2026-12"))
	assertUnknownRefusal(t, ws, err, ErrorTypeMaxCancelCountReached, payID)
}
