package portone

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review 53: which refusals read as "an earlier call of yours may have
// done it" (alreadySettled), and whether the unknown outcome names
// something the caller can look up.

// TestScheduleExistsOnAChargeStaysAConflict: PayWithBillingKey and
// PayInstantly refused 409 PAYMENT_SCHEDULE_ALREADY_EXISTS on their only
// attempt. No earlier charge can leave that answer (a charge never makes a
// schedule), and both methods' docs list it among the definite refusals
// (ErrConflict); the "unknown" it ends as on HEAD sends the caller to look
// the payment id up, which PortOne answers 404 while the schedule waits:
// read as "nothing charged", while the schedule will charge at its
// TimeToPay.
func TestScheduleExistsOnAChargeStaysAConflict(t *testing.T) {
	const payID = "sub-2026-12"
	amount := PaymentAmountInput{Total: 9900}
	charges := map[string]func(ctx context.Context, c *Client) error{
		"pay with billing key": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, BillingKeyPaymentParams{
				PaymentID: payID, BillingKey: "bk", OrderName: "o", Amount: amount, Currency: CurrencyKRW}))
		},
		"pay instantly": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayInstantly(ctx, InstantPaymentParams{
				PaymentID: payID, ChannelKey: "ch", OrderName: "o", Amount: amount, Currency: CurrencyKRW,
				Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{
					Credential: CardCredential{Number: "4512345678907890", ExpiryYear: "28", ExpiryMonth: "12"}}}}))
		},
	}
	for name, charge := range charges {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t, "")
			ws.then(http.StatusConflict, `{"type":"PAYMENT_SCHEDULE_ALREADY_EXISTS","message":"결제 예약건이 이미 존재합니다."}`)
			err := charge(context.Background(), testClient(t, ws))
			require.Error(t, err)
			assert.Len(t, ws.recorded(), 1)
			assert.ErrorIs(t, err, ErrConflict, "the method's doc lists PAYMENT_SCHEDULE_ALREADY_EXISTS as a definite 409")
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "no earlier charge can have made a schedule: %v", err)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, ErrorTypePaymentScheduleAlreadyExists, apiErr.Type)
		})
	}
}

// TestConfirmIssueAndPayAlreadyIssuedIsUnknown: ConfirmIssueAndPay
// issues a billing key AND charges its first payment. Applied with its
// answer lost, then repeated under a new key (a restart: the SDK makes a
// new one) or after PortOne forgot the key, the same billingIssueToken is
// refused 409 BILLING_KEY_ALREADY_ISSUED: that is the earlier call's
// doing, charge included. As a definite ErrConflict ("nothing applied,
// send a corrected request") the merchant takes the first payment for
// failed and charges again; it must end as the other "already done"
// refusals do, unknown, naming the payment.
func TestConfirmIssueAndPayAlreadyIssuedIsUnknown(t *testing.T) {
	const payID = "first-2026-12"
	ws := newWireServer(t, "")
	ws.then(http.StatusConflict, `{"type":"BILLING_KEY_ALREADY_ISSUED","message":"이미 발급된 빌링키입니다."}`)
	_, err := testClient(t, ws).BillingKeys.ConfirmIssueAndPay(context.Background(),
		ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "issue-token", PaymentID: payID})
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrConflict, "the first payment may have been charged by the earlier call: %v", err)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, payID, unknown.Reference)
}

// TestConfirmIssueAndPayUnknownNamesThePayment: a ConfirmIssueAndPay
// without PaymentID (optional at PortOne) that ends unknown carries no
// Reference: the charge it may have made cannot be looked up (the
// billingIssueToken finds nothing). Either the payment id is required
// before any I/O, or the unknown outcome names it.
func TestConfirmIssueAndPayUnknownNamesThePayment(t *testing.T) {
	ws := newWireServer(t, "") // every reply an empty 2xx: the outcome is unknown
	_, err := testClient(t, ws).BillingKeys.ConfirmIssueAndPay(context.Background(),
		ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "issue-token"})
	require.Error(t, err)
	var invalid *ValidationError
	if errors.As(err, &invalid) {
		assert.Empty(t, ws.recorded(), "refused before any I/O")
		return
	}
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown, "%v", err)
	assert.NotEmpty(t, unknown.Reference, "an unknown charge with nothing to reconcile it by: %v", err)
}

// TestSettledRefusalsArePerOperation: an "already done" refusal ends
// unknown (naming what to look up) only on the operation where an earlier
// call of the caller's is what leaves it, each pair in the error union
// PortOne's schema gives that endpoint; the same type elsewhere says
// something else and stays a definite ErrConflict: a verification already
// verified when it is sent or re-sent (only Confirm verifies), a charge
// refused as paid-or-waiting (a schedule's answer), a billing key refused
// as issued when issued or confirmed (no money moves there).
func TestSettledRefusalsArePerOperation(t *testing.T) {
	const payID = "order-2026-12-01"
	ctx := context.Background()
	issueCash := func(c *Client) error { return errOf(c.CashReceipts.Issue(ctx, validCashReceiptParams())) }
	cases := []struct {
		name    string
		typ     ErrorType
		call    func(c *Client) error
		unknown bool
		ref     string // the unknown outcome's Reference
	}{
		{"billing key confirm, already issued", ErrorTypeBillingKeyAlreadyIssued, func(c *Client) error {
			return errOf(c.BillingKeys.Confirm(ctx, ConfirmBillingKeyParams{BillingIssueToken: "issue-token"}))
		}, false, ""}, // no money moves, and nothing would name what to look up
		{"identity confirm, already verified", ErrorTypeIdentityVerificationAlreadyVerified, func(c *Client) error {
			return errOf(c.IdentityVerifications.Confirm(ctx, ConfirmIdentityVerificationParams{IdentityVerificationID: "iv-1", OTP: "123456"}))
		}, true, "iv-1"},
		{"cash receipt issue, already issued", ErrorTypeCashReceiptAlreadyIssued, issueCash, true, validCashReceiptParams().PaymentID},
		{"identity send, already verified", ErrorTypeIdentityVerificationAlreadyVerified, func(c *Client) error {
			return errOf(c.IdentityVerifications.Send(ctx, validSendParams()))
		}, false, ""},
		{"identity resend, already verified", ErrorTypeIdentityVerificationAlreadyVerified, func(c *Client) error {
			return errOf(c.IdentityVerifications.Resend(ctx, "iv-1"))
		}, false, ""},
		{"charge, paid or waiting", ErrorTypeAlreadyPaidOrWaiting, func(c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, BillingKeyPaymentParams{PaymentID: payID, BillingKey: "bk",
				OrderName: "o", Amount: PaymentAmountInput{Total: 9900}, Currency: CurrencyKRW}))
		}, false, ""},
		{"billing key issue, already issued", ErrorTypeBillingKeyAlreadyIssued, func(c *Client) error {
			return errOf(c.BillingKeys.Issue(ctx, IssueBillingKeyParams{ChannelKey: "ch", Method: BillingKeyMethodInput{
				Card: &BillingKeyCardInput{Credential: CardCredential{Number: "4512345678907890", ExpiryYear: "28", ExpiryMonth: "12"}}}}))
		}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, "")
			ws.then(http.StatusConflict, `{"type":"`+string(tc.typ)+`","message":"이미 처리되었습니다."}`)
			err := tc.call(testClient(t, ws))
			require.Error(t, err)
			assert.Len(t, ws.recorded(), 1, "a 409 is not retried")
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "PortOne's refusal stays reachable")
			assert.Equal(t, tc.typ, apiErr.Type)
			if !tc.unknown {
				assert.ErrorIs(t, err, ErrConflict)
				assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing an earlier call of the caller's leaves: %v", err)
				return
			}
			assert.NotErrorIs(t, err, ErrConflict, "an earlier call of the caller's may be what PortOne found: %v", err)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, tc.ref, unknown.Reference)
			assert.Equal(t, 1, unknown.Attempts)
			assert.NotEmpty(t, unknown.IdempotencyKey)
		})
	}
}
