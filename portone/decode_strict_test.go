package portone

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLookupRefusesPaymentsWithoutIdentity: a 200 whose payment is null
// or lacks status, id or amount.total is a *DecodeError, never a Payment
// with a nil Variant or a zero amount that Verify would compare.
func TestLookupRefusesPaymentsWithoutIdentity(t *testing.T) {
	for name, body := range map[string]string{
		"null":              `null`,
		"empty object":      `{}`,
		"status only":       `{"status":"PAID"}`,
		"no status":         `{"id":"p-1","amount":{"total":1000}}`,
		"null status":       `{"status":null,"id":"p-1","amount":{"total":1000}}`,
		"empty status":      `{"status":"","id":"p-1","amount":{"total":1000}}`,
		"no id":             `{"status":"PAID","amount":{"total":1000}}`,
		"null id":           `{"status":"PAID","id":null,"amount":{"total":1000}}`,
		"empty id":          `{"status":"PAID","id":"","amount":{"total":1000}}`,
		"no amount":         `{"status":"PAID","id":"p-1"}`,
		"null amount":       `{"status":"PAID","id":"p-1","amount":null}`,
		"amount w/o total":  `{"status":"PAID","id":"p-1","amount":{"paid":1000}}`,
		"null total":        `{"status":"PAID","id":"p-1","amount":{"total":null}}`,
		"unknown w/o total": `{"status":"PAY_SCHEDULED","id":"p-1"}`,
	} {
		ws := newWireServer(t, body)
		c := testClient(t, ws)
		p, err := c.Payments.Get(context.Background(), "p-1")
		assert.Nil(t, p, name)
		var derr *DecodeError
		require.True(t, errors.As(err, &derr), "%s: %v", name, err)
		assert.Equal(t, http.StatusOK, derr.Status)
		assert.False(t, errors.Is(err, ErrOutcomeUnknown), "%s: a lookup changes nothing", name)
		assert.Len(t, ws.recorded(), 1, "%s: a decode error is not retried", name)

		_, err = c.Payments.Verify(context.Background(), VerifyParams{PaymentID: "p-1", Amount: 1000, Currency: CurrencyKRW})
		require.True(t, errors.As(err, &derr), "%s: Verify: %v", name, err)
	}
}

// TestPaymentDecodingStaysTolerant: only identity, status and amount are
// strict. Unknown properties, an unknown status, an amount of 0 and every
// other missing "required" property still decode.
func TestPaymentDecodingStaysTolerant(t *testing.T) {
	var p Payment
	require.NoError(t, json.Unmarshal([]byte(`{"status":"PAY_SCHEDULED","id":"p-1","amount":{"total":0},"future":{"x":[1]}}`), &p))
	u, ok := p.Variant.(*UnknownPayment)
	require.True(t, ok, "%T", p.Variant)
	assert.JSONEq(t, `{"status":"PAY_SCHEDULED","id":"p-1","amount":{"total":0},"future":{"x":[1]}}`, string(u.Raw))
	assert.Equal(t, PaymentStatus("PAY_SCHEDULED"), u.Status())
	assert.Equal(t, int64(0), p.Amount.Total)

	require.NoError(t, json.Unmarshal([]byte(`{"status":"PAID","id":"p-2","amount":{"total":5,"paid":5}}`), &p))
	paid, ok := p.Paid()
	require.True(t, ok)
	assert.True(t, paid.PaidAt.IsZero(), "a missing paidAt stays lenient")
	assert.Equal(t, int64(5), p.Amount.Paid)
}

// TestListsRefuseNullPayments: a null (or identity-less) element of a
// list or a transaction without paymentId fails the page instead of
// yielding a Payment without a Variant.
func TestListsRefuseNullPayments(t *testing.T) {
	const good = `{"status":"PAID","id":"p-1","amount":{"total":1000}}`
	for name, tc := range map[string]struct {
		body string
		call func(*Client) error
	}{
		"list null item": {`{"items":[` + good + `,null],"page":{"number":0,"size":10,"totalCount":2}}`, func(c *Client) error {
			return errOf(c.Payments.List(context.Background(), PaymentListParams{}))
		}},
		"cursor null payment": {`{"items":[{"payment":null,"cursor":"c1"}]}`, func(c *Client) error {
			for _, err := range c.Payments.All(context.Background(), PaymentCursorParams{}) {
				return err
			}
			return nil
		}},
		"cursor null event": {`{"items":[{"paymentEvent":null,"cursor":"c1"}]}`, func(c *Client) error {
			for _, err := range c.Payments.AllEvents(context.Background(), PaymentCursorParams{}) {
				return err
			}
			return nil
		}},
		"transaction null": {`{"items":[null]}`, func(c *Client) error {
			return errOf(c.Payments.Transactions(context.Background(), "p-1"))
		}},
		"transaction without paymentId": {`{"items":[{"status":"PAID","id":"tx-1","amount":{"total":1000}}]}`, func(c *Client) error {
			return errOf(c.Payments.Transactions(context.Background(), "p-1"))
		}},
	} {
		ws := newWireServer(t, tc.body)
		err := tc.call(testClient(t, ws))
		var derr *DecodeError
		assert.True(t, errors.As(err, &derr), "%s: %v", name, err)
	}
}

// TestWriteWithoutResultIsUnknown: a 2xx to a cancel or a charge whose
// body is empty, null, {} or lacks what says what was applied means the
// write may have been applied with no result to show: ErrOutcomeUnknown
// with the payment id and the Idempotency-Key, the *DecodeError reachable
// for diagnosis, and no retry (a retry would only replay the same answer).
func TestWriteWithoutResultIsUnknown(t *testing.T) {
	cancel := func(c *Client) (any, error) {
		return c.Payments.Cancel(context.Background(), CancelPaymentParams{PaymentID: "pay-1", Full: true, Reason: "r"})
	}
	payWithBillingKey := func(c *Client) (any, error) {
		return c.Payments.PayWithBillingKey(context.Background(), BillingKeyPaymentParams{PaymentID: "pay-1", BillingKey: "bk-1",
			OrderName: "o", Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW})
	}
	payInstantly := func(c *Client) (any, error) {
		return c.Payments.PayInstantly(context.Background(), InstantPaymentParams{PaymentID: "pay-1", ChannelKey: "ch-1", OrderName: "o",
			Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{Credential: CardCredential{
				Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}},
			Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW})
	}
	for _, tc := range []struct {
		op     string
		call   func(*Client) (any, error)
		bodies []string
	}{
		{"payments.cancel", cancel, []string{
			``, `null`, `{}`, `{"cancellation":null}`, `{"cancellation":{}}`,
			`{"cancellation":{"status":"SUCCEEDED"}}`,
			`{"cancellation":{"status":"SUCCEEDED","id":"c-1"}}`,
			`{"cancellation":{"status":"SUCCEEDED","totalAmount":1000}}`,
			`{"cancellation":{"status":"","id":"c-1","totalAmount":1000}}`,
			`{"cancellation":{"id":"c-1","totalAmount":1000}}`,
		}},
		{"payments.payWithBillingKey", payWithBillingKey, []string{
			``, `null`, `{}`, `{"payment":null}`, `{"payment":{}}`, `{"payment":{"pgTxId":"pg-1"}}`, `{"payment":{"paidAt":null}}`,
		}},
		{"payments.payInstantly", payInstantly, []string{
			``, `null`, `{}`, `{"payment":null}`, `{"payment":{}}`, `{"payment":{"pgTxId":"pg-1"}}`,
		}},
	} {
		for _, body := range tc.bodies {
			ws := newWireServer(t, body)
			c := testClient(t, ws)
			got, err := tc.call(c)
			assert.Nil(t, toNil(got), "%s %q", tc.op, body)
			var unknown *OutcomeUnknownError
			if !assert.True(t, errors.As(err, &unknown), "%s %q: %v", tc.op, body, err) {
				continue
			}
			assert.True(t, errors.Is(err, ErrOutcomeUnknown))
			assert.Equal(t, tc.op, unknown.Op)
			assert.Equal(t, "pay-1", unknown.Reference)
			assert.Equal(t, `"`+unknown.IdempotencyKey+`"`, payAssertKeyed(t, ws.last(t)), "the key that was sent")
			var derr *DecodeError
			assert.True(t, errors.As(err, &derr), "%s %q: the decode failure is reachable", tc.op, body)
			assert.Len(t, ws.recorded(), 1, "%s %q: not resent", tc.op, body)
		}
	}

	// An unknown cancellation status with its identity is a success.
	ws := newWireServer(t, `{"cancellation":{"status":"PENDING_APPROVAL","id":"c-1","totalAmount":1000}}`)
	got, err := cancel(testClient(t, ws))
	require.NoError(t, err)
	u, ok := got.(PaymentCancellation).(*UnknownPaymentCancellation)
	require.True(t, ok, "%T", got)
	assert.Equal(t, PaymentCancellationStatus("PENDING_APPROVAL"), u.Status())
}

// toNil turns a typed nil pointer or interface inside v into a plain nil.
func toNil(v any) any {
	switch x := v.(type) {
	case PaymentCancellation:
		if x == nil {
			return nil
		}
	case *BillingKeyPaymentSummary:
		if x == nil {
			return nil
		}
	case *InstantPaymentSummary:
		if x == nil {
			return nil
		}
	}
	return v
}
