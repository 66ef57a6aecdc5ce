package portone

import (
	"errors"
	"net/http"
	"reflect"
	"testing"

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
