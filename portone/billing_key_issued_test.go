package portone

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An unknown outcome carries the reference to reconcile with. A billing
// key write has no payment id: where nothing names what to look up, a
// refusal that moves no money stays definite, and where the caller named
// its customer, the unknown outcome names that customer.

// TestBillingKeyConfirmUnknownNamesSomethingToLookUp: 409
// BILLING_KEY_ALREADY_ISSUED on BillingKeys.Confirm, as an unknown
// outcome, named nothing (no payment id; the token is a secret PortOne
// cannot be asked about, and List has no issue id to search by), and a
// repeat under its key brings the same refusal back. No money moves on
// Confirm, so it is the definite refusal PortOne gives: the token's key
// was already issued, maybe by the caller's earlier Confirm.
func TestBillingKeyConfirmUnknownNamesSomethingToLookUp(t *testing.T) {
	ws := newWireServer(t, "")
	ws.then(http.StatusConflict, `{"type":"BILLING_KEY_ALREADY_ISSUED","message":"이미 발급된 빌링키입니다."}`)
	_, err := testClient(t, ws).BillingKeys.Confirm(context.Background(), ConfirmBillingKeyParams{BillingIssueToken: "issue-token"})
	require.Error(t, err)
	assert.Len(t, ws.recorded(), 1, "a 409 is not retried")
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "an unknown outcome with nothing to reconcile it by: %v", err)
	assert.ErrorIs(t, err, ErrConflict)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, ErrorTypeBillingKeyAlreadyIssued, apiErr.Type)
}

// TestBillingKeyIssueUnknownNamesTheCustomer: an Issue whose outcome is
// unknown (a lost answer, or 422 IDEMPOTENCY_KEY_REUSED, which ends
// unknown on every write) named nothing to look up. The billing key it
// may have issued is a secret and unknown to the caller, but the customer
// id sent with it is what List filters by (Filter.CustomerID): the
// unknown outcome names it. Without one there is nothing to name.
func TestBillingKeyIssueUnknownNamesTheCustomer(t *testing.T) {
	params := func(customer *CustomerInput) IssueBillingKeyParams {
		return IssueBillingKeyParams{ChannelKey: "ch", Customer: customer, Method: BillingKeyMethodInput{
			Card: &BillingKeyCardInput{Credential: CardCredential{Number: "4512345678907890", ExpiryYear: "28", ExpiryMonth: "12"}}}}
	}
	replies := map[string]func(ws *wireServer){
		"key reused": func(ws *wireServer) {
			ws.then(http.StatusUnprocessableEntity, `{"type":"IDEMPOTENCY_KEY_REUSED","message":"다른 요청에 사용된 키입니다."}`)
		},
		"lost answers": func(ws *wireServer) {
			for range 3 {
				ws.then(http.StatusBadGateway, `<html>bad gateway</html>`)
			}
		},
	}
	for name, reply := range replies {
		for _, tc := range []struct {
			customer *CustomerInput
			ref      string
		}{{&CustomerInput{ID: "cust-2026-0042"}, "cust-2026-0042"}, {nil, ""}, {&CustomerInput{Email: "a@example.com"}, ""}} {
			t.Run(name+"/"+tc.ref, func(t *testing.T) {
				ws := newWireServer(t, "")
				reply(ws)
				_, err := testClient(t, ws).BillingKeys.Issue(context.Background(), params(tc.customer))
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				var unknown *OutcomeUnknownError
				require.ErrorAs(t, err, &unknown)
				assert.Equal(t, tc.ref, unknown.Reference)
				assert.NotContains(t, err.Error(), "4512345678907890")
			})
		}
	}
}
