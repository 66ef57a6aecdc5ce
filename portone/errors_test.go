package portone

import (
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorTypesArePortOnes: the exported error types are this package's
// own structs (go doc shows their fields), and what a call returns is one
// of them: a keyed write's unknown outcome, the network error inside it,
// a body over the limit, a refused id, a body that is not a payment.
func TestErrorTypesArePortOnes(t *testing.T) {
	for _, v := range []any{ValidationError{}, OutcomeUnknownError{}, RateLimitError{}, NetworkError{}, DecodeError{}, ResponseTooLargeError{}} {
		typ := reflect.TypeOf(v)
		assert.Equal(t, "github.com/paykit-kr/paykit/portone", typ.PkgPath(), "%s is declared here, not aliased", typ.Name())
	}
	ws := newWireServer(t, payFixture(t, "paid_card.json"))
	c := testClient(t, ws)
	ctx := t.Context()

	_, err := c.Payments.Transactions(ctx, "..")
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "paymentID", verr.Field)

	// A 5xx may have been applied; the retries' connections then break.
	ws.then(http.StatusServiceUnavailable, `{"type":"UNAVAILABLE"}`)
	for range 2 {
		ws.thenFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("connection reset") })
	}
	_, err = c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "pay-1", Full: true, Reason: "r"})
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "pay-1", unknown.Reference)
	assert.NotEmpty(t, unknown.IdempotencyKey)
	var netErr *NetworkError
	require.ErrorAs(t, err, &netErr, "the failure inside is portone's type too")
	assert.Equal(t, "payments.cancel", netErr.Op)

	small := testClient(t, ws, WithMaxResponseBytes(64))
	_, err = small.Payments.Get(ctx, "pay-1")
	var tooLarge *ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.EqualValues(t, 64, tooLarge.Limit)

	ws.then(http.StatusOK, `[]`)
	_, err = c.Payments.Get(ctx, "pay-1")
	var derr *DecodeError
	require.ErrorAs(t, err, &derr)
	assert.Equal(t, "payments.get", derr.Op)
}

// A 404 is ErrNotFound only when PortOne answered it in its own shape: a
// proxy's page or a wrong base URL says nothing about the payment.
func TestNotFoundNeedsPortOnesOwnAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		notFound   bool
	}{
		{"PAYMENT_NOT_FOUND", `{"type":"PAYMENT_NOT_FOUND","message":"없음"}`, true},
		{"a type paykit does not know", `{"type":"SOMETHING_NEW_NOT_FOUND","message":"?"}`, true},
		{"a proxy's HTML page", `<html><body>404 Not Found</body></html>`, false},
		{"JSON without a type", `{"message":"no route"}`, false},
	} {
		err := decodeAPIError(&transport.ErrorResponse{Op: "payments.get", StatusCode: http.StatusNotFound, Body: []byte(tc.body)})
		assert.Equal(t, tc.notFound, errors.Is(err, ErrNotFound), tc.name)
	}
}

// A card, account or phone number PortOne or the PG echoes in a message
// never prints; RawBody keeps the body as received.
func TestAPIErrorMessagesMaskLongDigitRuns(t *testing.T) {
	body := `{"type":"PG_PROVIDER","message":"카드 5365101234561234 거절","pgCode":"F113","pgMessage":"휴대폰 010-1234-5678 본인 불일치"}`
	err := decodeAPIError(&transport.ErrorResponse{Op: "payments.payWithBillingKey", StatusCode: http.StatusBadGateway, Body: []byte(body)})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "카드 ************1234 거절", apiErr.Message)
	assert.Equal(t, "휴대폰 ***-****-5678 본인 불일치", apiErr.PGMessage)
	assert.NotContains(t, err.Error(), "5365101234")
	assert.NotContains(t, err.Error(), "1234-5678")
	assert.Equal(t, body, string(apiErr.RawBody()))
}
