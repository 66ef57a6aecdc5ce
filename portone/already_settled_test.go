package portone

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAlreadySettledRefusalsAreUnknownOnEveryWrite: a 409 that says the
// payment is already where the write would take it (ALREADY_PAID,
// PAYMENT_ALREADY_CANCELLED) or moved since the caller read it
// (CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN) is what an earlier call of the
// caller's, applied and its answer lost, leaves for a repeat under a
// forgotten or new key. On every write that can get one it ends, even on
// the only attempt, as an *OutcomeUnknownError carrying the payment id and
// the key, with PortOne's *APIError reachable, and matches no category
// (not ErrConflict: "nothing applied, send a corrected request"). Any
// other 409 on the only attempt stays a definite refusal.
func TestAlreadySettledRefusalsAreUnknownOnEveryWrite(t *testing.T) {
	const payID = "order-20261101-0001"
	amount := PaymentAmountInput{Total: 9900}
	writes := []struct {
		name string
		typ  ErrorType
		call func(ctx context.Context, c *Client) error
	}{
		{"pay with billing key", ErrorTypeAlreadyPaid, func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, BillingKeyPaymentParams{
				PaymentID: payID, BillingKey: "bk", OrderName: "o", Amount: amount, Currency: CurrencyKRW}))
		}},
		{"pay instantly", ErrorTypeAlreadyPaid, func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayInstantly(ctx, InstantPaymentParams{
				PaymentID: payID, ChannelKey: "ch", OrderName: "o", Amount: amount, Currency: CurrencyKRW,
				Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{
					Credential: CardCredential{Number: "4512345678907890", ExpiryYear: "28", ExpiryMonth: "12"}}}}))
		}},
		{"confirm", ErrorTypeAlreadyPaid, func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Confirm(ctx, ConfirmPaymentParams{PaymentID: payID, PaymentToken: "t"}))
		}},
		{"pre-register", ErrorTypeAlreadyPaid, func(ctx context.Context, c *Client) error {
			return c.Payments.PreRegister(ctx, PreRegisterPaymentParams{PaymentID: payID, TotalAmount: Ptr(int64(9900))})
		}},
		{"confirm issue and pay", ErrorTypeAlreadyPaid, func(ctx context.Context, c *Client) error {
			return errOf(c.BillingKeys.ConfirmIssueAndPay(ctx, ConfirmBillingKeyIssueAndPayParams{
				BillingIssueToken: "issue-token", PaymentID: payID}))
		}},
		{"full cancel", ErrorTypePaymentAlreadyCancelled, func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: payID, Full: true, Reason: "r"}))
		}},
		{"partial cancel", ErrorTypePaymentAlreadyCancelled, func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: payID, Amount: 1000, Reason: "r",
				CurrentCancellableAmount: Ptr(int64(9900))}))
		}},
		{"partial cancel of a moved balance", ErrorTypeCancellableAmountConsistencyBroken, func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: payID, Amount: 1000, Reason: "r",
				CurrentCancellableAmount: Ptr(int64(9900))}))
		}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			ws := newWireServer(t, "")
			ws.then(http.StatusConflict, `{"type":"`+string(w.typ)+`","message":"이미 처리되었습니다."}`)
			err := w.call(context.Background(), testClient(t, ws))
			require.Error(t, err)
			assert.Len(t, ws.recorded(), 1, "a 409 is not retried")
			require.ErrorIs(t, err, ErrOutcomeUnknown, "an earlier call of the caller's may be what PortOne found")
			for _, category := range []error{ErrConflict, ErrInvalidRequest, ErrNotFound, ErrServer} {
				assert.NotErrorIs(t, err, category)
			}
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, payID, unknown.Reference, "the payment to look up")
			assert.NotEmpty(t, unknown.IdempotencyKey)
			assert.Equal(t, 1, unknown.Attempts)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "PortOne's refusal stays reachable")
			assert.Equal(t, w.typ, apiErr.Type)
			assert.Equal(t, unknown.IdempotencyKey, apiErr.IdempotencyKey)
		})
	}

	t.Run("another 409 stays definite", func(t *testing.T) {
		ws := newWireServer(t, "")
		ws.then(http.StatusConflict, `{"type":"BILLING_KEY_ALREADY_DELETED","message":"빌링키가 이미 삭제되었습니다."}`)
		err := writes[0].call(context.Background(), testClient(t, ws))
		assert.ErrorIs(t, err, ErrConflict)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
}
