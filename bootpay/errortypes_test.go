package bootpay

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// TestErrorTypesAreBootpays: the exported error types are this package's
// own structs (go doc shows their fields), and every error a call returns
// is one of them, also inside an *OutcomeUnknownError.
func TestErrorTypesAreBootpays(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[ValidationError](), reflect.TypeFor[OutcomeUnknownError](), reflect.TypeFor[RateLimitError](),
		reflect.TypeFor[NetworkError](), reflect.TypeFor[DecodeError](), reflect.TypeFor[ResponseTooLargeError](),
	} {
		assert.Equal(t, "github.com/paykit-kr/paykit/bootpay", typ.PkgPath(), "%s is declared here, not aliased", typ.Name())
		assert.Equal(t, reflect.Struct, typ.Kind())
	}

	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"), WithRetryPolicy(RetryPolicy{MaxRetryAfter: time.Second}))
	ctx := t.Context()

	_, err := c.Receipts.Get(ctx, " r-1")
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "receiptID", verr.Field)

	ws.ThenFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("connection reset") })
	_, err = c.Receipts.Get(ctx, "r-1")
	var netErr *NetworkError
	require.ErrorAs(t, err, &netErr)
	assert.Equal(t, "receipts.get", netErr.Op)

	ws.then(http.StatusOK, `not json`)
	_, err = c.Receipts.Get(ctx, "r-1")
	var derr *DecodeError
	require.ErrorAs(t, err, &derr)
	assert.Equal(t, http.StatusOK, derr.Status)

	ws.Then(http.StatusTooManyRequests, `{"error_code":"TOO_MANY"}`, http.Header{"Retry-After": {"60"}})
	_, err = c.Receipts.Get(ctx, "r-1")
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, time.Minute, rl.RetryAfter)
	var apiErr *APIError
	assert.ErrorAs(t, rl, &apiErr)

	ws.then(http.StatusInternalServerError, `{"error_code":"INTERNAL"}`)
	_, err = c.Receipts.Confirm(ctx, "r-9")
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "r-9", unknown.Reference)
	assert.ErrorAs(t, err, &apiErr, "the answer inside stays reachable")

	small := wiretest.New(t, wireCoverage, "https://bootpay.test/v2", nil)
	tiny, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(small.URL), WithHTTPClient(small.Client), WithMaxResponseBytes(16))
	require.NoError(t, err)
	small.Then(http.StatusOK, `{"receipt_id":"r-1","order_id":"o-1","price":1000,"status":1}`)
	_, err = tiny.Receipts.Get(ctx, "r-1")
	var tooLarge *ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.EqualValues(t, 16, tooLarge.Limit)
}
