package portone

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replyNaming returns the JSON object body with its top-level string
// member set to id: a fixture made to describe the object a test asks for.
func replyNaming(body, member, id string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		panic(err)
	}
	v, _ := json.Marshal(id)
	m[member] = v
	out, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(out)
}

// requireOtherObject checks that err is the *DecodeError of a reply about
// another object, answered by op: a bad reply, never ErrNotFound nor a
// *MismatchError (a verdict on the object asked for), and that the call
// sent one request: a bad 2xx is not retried.
func requireOtherObject(t *testing.T, ws *wireServer, err error, op string) {
	t.Helper()
	var derr *DecodeError
	require.ErrorAs(t, err, &derr)
	assert.Equal(t, op, derr.Op)
	assert.Equal(t, http.StatusOK, derr.Status)
	assert.NotErrorIs(t, err, ErrNotFound)
	var mismatch *MismatchError
	assert.False(t, errors.As(err, &mismatch), "not a verdict: %v", err)
	var unknown *OutcomeUnknownError
	assert.False(t, errors.As(err, &unknown), "a lookup applied nothing: %v", err)
	assert.Len(t, ws.recorded(), 1, "a bad 2xx is not retried")
}

// TestLookupsRefuseAnotherObject: every lookup by id answered with a 2xx
// about another object (another id in the reply) returns a *DecodeError,
// never that object.
func TestLookupsRefuseAnotherObject(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, op, reply string
		call            func(c *Client) (any, error)
	}{
		{"payment", "payments.get", replyNaming(string(mustRead("payments", "paid_card.json")), "id", "pay-other"),
			func(c *Client) (any, error) { return c.Payments.Get(ctx, "pay-1") }},
		{"transactions", "payments.transactions", `{"items":[
			{"status":"PAID","id":"tx-1","paymentId":"pay-1","paidAt":"2024-04-25T10:01:00Z","amount":{"total":1000},"disputes":[]},
			{"status":"PAID","id":"tx-2","paymentId":"pay-other","paidAt":"2024-04-25T10:01:00Z","amount":{"total":1000},"disputes":[]}]}`,
			func(c *Client) (any, error) { return c.Payments.Transactions(ctx, "pay-1") }},
		{"billing key", "billingKeys.get", replyNaming(issuedBillingKeyJSON, "billingKey", "bk-other-secret"),
			func(c *Client) (any, error) { return c.BillingKeys.Get(ctx, "bk-mine-secret") }},
		{"payment schedule", "paymentSchedules.get", replyNaming(scheduleJSON, "id", "schedule-other"),
			func(c *Client) (any, error) { return c.PaymentSchedules.Get(ctx, "schedule-1") }},
		{"cash receipt", "cashReceipts.getByPayment", replyNaming(string(mustRead("cash_receipts", "issued.json")), "paymentId", "pay-other"),
			func(c *Client) (any, error) { return c.CashReceipts.GetByPayment(ctx, "pay-1") }},
		{"identity verification", "identityVerifications.get", replyNaming(verifiedJSON, "id", "iv-other"),
			func(c *Client) (any, error) { return c.IdentityVerifications.Get(ctx, "iv-1") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			out, err := tc.call(testClient(t, ws))
			assert.Nil(t, out)
			requireOtherObject(t, ws, err, tc.op)
			if tc.name == "billing key" {
				assert.NotContains(t, err.Error(), "secret", "neither billing key is printed")
			} else {
				assert.Contains(t, err.Error(), "other", "the error names the reply's id")
			}
		})
	}
}

// TestLookupRefusesReplyWithoutID: a reply that names no id at all (the
// schema requires one) proves nothing about the object asked for either.
func TestLookupRefusesReplyWithoutID(t *testing.T) {
	ws := newWireServer(t, strings.Replace(scheduleJSON, `"id"`, `"_id"`, 1))
	_, err := testClient(t, ws).PaymentSchedules.Get(context.Background(), "schedule-1")
	requireOtherObject(t, ws, err, "paymentSchedules.get")
	assert.Contains(t, err.Error(), `names no payment schedule, where "schedule-1"`)
}

// TestVerifyOnAnotherPaymentIsNotAMismatch: Verify, whose lookup is
// answered about another payment, returns Get's *DecodeError: a bad reply
// to look again for, never a *MismatchError on "id" that reads as a
// forged payment.
func TestVerifyOnAnotherPaymentIsNotAMismatch(t *testing.T) {
	ws := newWireServer(t, string(mustRead("payments", "paid_card.json"))) // id order-20240425-0001
	v, err := testClient(t, ws).Payments.Verify(context.Background(), VerifyParams{
		PaymentID: "order-20240425-0002", Amount: 39800, Currency: CurrencyKRW,
	})
	assert.Nil(t, v)
	requireOtherObject(t, ws, err, "payments.get")
}

// TestVerifyOnAPaymentWithoutCurrencyIsNotAMismatch: a payment reply that
// lacks the currency PortOne's schema requires is a *DecodeError from Get
// (and so from Verify): an incomplete reply to look again for, never a
// *MismatchError reading the absence as another currency (위변조).
func TestVerifyOnAPaymentWithoutCurrencyIsNotAMismatch(t *testing.T) {
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(mustRead("payments", "paid_card.json"), &m))
	delete(m, "currency")
	body, err := json.Marshal(m)
	require.NoError(t, err)
	ws := newWireServer(t, string(body))
	v, err := testClient(t, ws).Payments.Verify(context.Background(), VerifyParams{
		PaymentID: "order-20240425-0001", Amount: 39800, Currency: CurrencyKRW,
	})
	assert.Nil(t, v)
	requireOtherObject(t, ws, err, "payments.get")
	assert.Contains(t, err.Error(), "names no currency")
}
