package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refusal2xx is Commerce's {success, error_code, message} error shape, as
// it arrives with a 2xx status.
const refusal2xx = `{"success":false,"error_code":"ORDER_SUBSCRIPTION_NOT_FOUND","message":"구독을 찾을 수 없습니다."}`

// Commerce's error shape arriving with a 2xx is taken as success by no
// Ack write: a refused discount (AddAdjustment) must not read as granted,
// a charge key that was not revoked must not read as revoked.
func TestAckWriteAnsweredWithSuccessFalseIsNotSuccess(t *testing.T) {
	ctx := context.Background()
	_, c := newWire(t, refusal2xx)
	for name, write := range map[string]func() error{
		"add adjustment (a discount)": func() error {
			_, err := c.Subscriptions.AddAdjustment(ctx, "s1", Adjustment{Name: "첫 달 할인", Price: -5000, DurationFrom: 1, DurationTo: 1})
			return err
		},
		"revoke charge key": func() error { _, err := c.Subscriptions.RevokeChargeKey(ctx, "ck-secret", nil); return err },
		"request termination": func() error {
			_, err := c.Subscriptions.RequestTermination(ctx, TerminationRequest{SubscriptionTarget: SubscriptionTarget{OrderSubscriptionID: "s1"}})
			return err
		},
	} {
		assert.Error(t, write(), "%s: %s read as success", name, refusal2xx)
	}
}

// Every endpoint, lookups and writes alike, takes a 2xx answer in
// Commerce's error shape for the refusal it is: an *APIError built as a
// non-2xx one is (its code, its category, the 2xx status), never the
// call's result. A write answered so on its one attempt applied nothing,
// so it is not an unknown outcome either.
func TestEveryEndpointTakesA2xxRefusalAsAnAPIError(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			m, c := newWire(t, refusal2xx)
			err := tc.call(context.Background(), c)
			require.Error(t, err, "a refusal read as success")
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "%T: %v", err, err)
			assert.Equal(t, ErrorCode("ORDER_SUBSCRIPTION_NOT_FOUND"), apiErr.Code)
			assert.Equal(t, "구독을 찾을 수 없습니다.", apiErr.Message)
			assert.Equal(t, http.StatusOK, apiErr.StatusCode)
			assert.Equal(t, tc.name, apiErr.Op)
			assert.Equal(t, refusal2xx, string(apiErr.RawBody()))
			assert.ErrorIs(t, err, ErrNotFound, "categorised by its code")
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "one attempt, answered: nothing was applied")
			assert.Len(t, m.Requests(), 1)
		})
	}
}

// Only the error shape is a refusal. Its variants: success false alone, an
// error_code alone (numeric too), or with success true (an error_code is
// a refusal whatever success says, as Bootpay's Java SDK reads it). Bodies
// that are not refusals still decode: success true, a null or empty
// error_code, an error_code or success false nested below the top level
// (a payment result's), lists.
func TestOnlyTheErrorShapeIn2xxIsARefusal(t *testing.T) {
	for body, want := range map[string]struct {
		code    ErrorCode
		numeric int
		message string
	}{
		`{"success":false}`: {message: "success: false"},
		`{"success":false,"message":"처리할 수 없습니다."}`:                    {message: "처리할 수 없습니다."},
		`{"error_code":3700,"message":"주문내역을 찾지 못했습니다."}`:              {code: "3700", numeric: 3700, message: "주문내역을 찾지 못했습니다."},
		`{"success":true,"error_code":"API_PARAM_INVALID"}`:            {code: CodeParamInvalid},
		` {"data":null, "error_code":"SERVER_ERROR","success":false} `: {code: CodeServerError},
	} {
		_, c := newWire(t, body)
		_, err := c.Users.Exists(context.Background(), CheckEmail, "b@example.com")
		var apiErr *APIError
		require.True(t, errors.As(err, &apiErr), "%s: %v", body, err)
		assert.Equal(t, want.code, apiErr.Code, body)
		assert.Equal(t, want.numeric, apiErr.NumericCode, body)
		if want.message != "" {
			assert.Equal(t, want.message, apiErr.Message, body)
		}
	}

	for _, body := range []string{
		`{"success":true}`, `{"success":true,"error_code":null}`, `{"error_code":""}`, `[{"success":false}]`,
		`{"result":{"success":false,"error_code":"X"}}`, `"success"`,
	} {
		assert.Nil(t, refusalOf([]byte(body)), body)
		_, c := newWire(t, body)
		_, err := c.Users.Exists(context.Background(), CheckEmail, "b@example.com")
		assert.NoError(t, err, body)
	}
	_, c := newWire(t, `{"order_id":"N-1","order_number":"N-1","price":2800,"status":2,"receipt_status":1,
		"result_data":{"receipt_id":"r","error_code":"RC_PRICE_LEAST_LT","success":false}}`)
	o, err := c.Orders.Get(context.Background(), "N-1")
	require.NoError(t, err)
	assert.Equal(t, int64(2800), o.Price.Int64())
}

// A keyed write whose first attempt may have been applied (a 503) and
// whose retry is answered with a 2xx refusal ends unknown: the refusal may
// be the echo of the first attempt's success ("not found": already
// revoked). The refusal stays reachable for the logs.
func TestRefusalAfterAnAttemptThatMayHaveAppliedIsUnknown(t *testing.T) {
	for _, tc := range wireCases() {
		if !tc.keyed {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			m, c := newWire(t, refusal2xx)
			m.Then(http.StatusServiceUnavailable, `{"status":503,"code":"SERVER_ERROR","message":"x"}`)
			err := tc.call(context.Background(), c)
			require.Len(t, m.Requests(), 2)
			var unknown *OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%T: %v", err, err)
			assert.NotEmpty(t, unknown.IdempotencyKey)
			assert.NotErrorIs(t, err, ErrNotFound, "no category but the unknown outcome")
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "the refusal is reachable")
			assert.Equal(t, ErrorCode("ORDER_SUBSCRIPTION_NOT_FOUND"), apiErr.Code)
		})
	}
}

// An Unsafe write answered with a 2xx refusal on a second attempt (the
// first one failed before reaching Commerce, as far as the client can
// tell) ends unknown too: only a first attempt answered directly is a
// refusal for certain.
func TestUnsafeWriteRefusedAfterARetryIsUnknown(t *testing.T) {
	m, c := newWire(t, refusal2xx)
	m.ThenFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("connection refused") })
	_, err := c.Subscriptions.AddAdjustment(context.Background(), "s1", Adjustment{Name: "할인", Price: -1000, DurationFrom: 1, DurationTo: 1})
	require.Len(t, m.Requests(), 2, "setup: the write was retried")
	var unknown *OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "%T: %v", err, err)
	assert.Equal(t, "s1", unknown.Reference)
	assert.Equal(t, 2, unknown.Attempts)
}
