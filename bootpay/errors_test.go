package bootpay

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/wiretest"
)

func decodeTestError(status int, body string) *APIError {
	err := decodeAPIError(&transport.ErrorResponse{Gateway: "bootpay", Op: "receipts.get", StatusCode: status, Body: []byte(body), Attempts: 1})
	return err.(*APIError)
}

func TestAPIErrorCodes(t *testing.T) {
	cases := []struct {
		name     string
		status   int
		body     string
		code     ErrorCode
		message  string
		category error
	}{
		{"string code", 404, `{"error_code":"RC_NOT_FOUND","message":"영수증을 찾지 못했습니다."}`, CodeReceiptNotFound, "영수증을 찾지 못했습니다.", ErrNotFound},
		{"numeric code", 404, `{"error_code":-2410,"message":"not found"}`, "-2410", "not found", ErrNotFound},
		{"float code", 400, `{"error_code":1700.0,"message":"x"}`, "1700.0", "x", ErrInvalidRequest},
		{"code wins over status", 400, `{"error_code":"RC_ALREADY_CANCELLED","message":"이미 취소된 결제입니다."}`, CodeAlreadyCancelled, "이미 취소된 결제입니다.", ErrConflict},
		{"not confirm ready", 400, `{"error_code":"RC_NOT_CONFIRM_READY","message":"승인 대기 상태가 아닙니다."}`, CodeNotConfirmReady, "승인 대기 상태가 아닙니다.", ErrConflict},
		{"token", 401, `{"error_code":"TOKEN_KEY_INVALID","message":"bad key"}`, CodeTokenKeyInvalid, "bad key", ErrUnauthorized},
		{"unknown code falls back to status", 503, `{"error_code":"SOMETHING_NEW","message":"busy"}`, "SOMETHING_NEW", "busy", ErrServer},
		{"html body", 502, `<html><body>Bad Gateway</body></html>`, "", "Bad Gateway", ErrServer},
		{"empty body", 429, ``, "", "Too Many Requests", ErrRateLimited},
		{"null code", 400, `{"error_code":null,"message":"m"}`, "", "m", ErrInvalidRequest},
		{"pg code", 400, `{"error_code":"RC_CANCEL_PRICE_EXCEEDED","message":"m","pg_error_code":"F113"}`, CodeCancelPriceExceeded, "m", ErrInvalidRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeTestError(tc.status, tc.body)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.message, e.Message)
			assert.Equal(t, tc.status, e.StatusCode)
			assert.True(t, errors.Is(e, tc.category), "%v should be %v", e, tc.category)
			for _, other := range []error{ErrNotFound, ErrUnauthorized, ErrInvalidRequest, ErrConflict, ErrRateLimited, ErrServer, ErrOutcomeUnknown} {
				if other != tc.category {
					assert.False(t, errors.Is(e, other), "%v must not be %v", e, other)
				}
			}
			assert.Equal(t, []byte(tc.body), e.RawBody())
		})
	}
	e := decodeTestError(400, `{"error_code":"RC_CANCEL_PRICE_EXCEEDED","message":"m","pg_error_code":"F113"}`)
	assert.Equal(t, "F113", e.PGErrorCode)
	assert.Equal(t, "bootpay: receipts.get: 400 RC_CANCEL_PRICE_EXCEEDED: m", e.Error())
}

func TestSharedCategoriesAreTheSameValues(t *testing.T) {
	assert.Same(t, transport.ErrNotFound, ErrNotFound)
	assert.Same(t, transport.ErrOutcomeUnknown, ErrOutcomeUnknown)
	var target *OutcomeUnknownError
	err := errorTypes.Export(&transport.OutcomeUnknownError{Gateway: "bootpay", Op: "receipts.confirm", Reference: "r1", Err: errors.New("reset")})
	require.True(t, errors.As(err, &target))
	assert.Equal(t, "r1", target.Reference)
	assert.True(t, errors.Is(err, ErrOutcomeUnknown))
}

func FuzzAPIErrorDecode(f *testing.F) {
	for _, s := range []string{
		`{"error_code":"RC_NOT_FOUND","message":"x"}`, `{"error_code":-2410}`, `{"error_code":1e400}`,
		`<html>`, ``, `{"error_code":{"a":1}}`, `{"message":123}`, `[1,2]`, `{"error_code":"\u0000"}`,
	} {
		f.Add(400, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := decodeAPIError(&transport.ErrorResponse{Op: "fuzz", StatusCode: status, Body: body})
		e, ok := err.(*APIError)
		if !ok {
			t.Fatalf("decodeAPIError returned %T", err)
		}
		_ = e.Error()
		_ = errors.Is(e, ErrNotFound)
		if e.StatusCode != status {
			t.Fatalf("status %d became %d", status, e.StatusCode)
		}
	})
}

func FuzzReceiptDecode(f *testing.F) {
	for _, name := range []string{"receipt_card.json", "receipt_vbank_legacy.json"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte(`{"price":1e999}`))
	f.Add([]byte(`{"metadata":"not json","status":"x"}`))
	f.Add([]byte(`{"requested_at":12345678901234}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Receipt
		if err := json.Unmarshal(data, &r); err != nil {
			return
		}
		// A decoded receipt re-encodes and decodes to the same amounts.
		out, err := json.Marshal(&r)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var again Receipt
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-decode of %s: %v", out, err)
		}
		if again.Price != r.Price || again.CancelledPrice != r.CancelledPrice || again.Status != r.Status {
			t.Fatalf("round trip changed amounts or status: %+v vs %+v", again, r)
		}
		_ = r.Remaining()
		_ = r.Status.String()
	})
}

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

// A 404 is ErrNotFound only when Bootpay answered it in its own shape: a
// proxy's page or a wrong base URL says nothing about the receipt, so code
// that reads ErrNotFound as "it does not exist" never acts on it.
func TestNotFoundNeedsBootpaysOwnAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		notFound   bool
	}{
		{"RC_NOT_FOUND", `{"error_code":"RC_NOT_FOUND","message":"없음"}`, true},
		{"a code paykit does not know", `{"error_code":"RC_SOMETHING_NEW","message":"?"}`, true},
		{"a proxy's HTML page", `<html><body>404 Not Found</body></html>`, false},
		{"JSON without error_code", `{"message":"no route"}`, false},
		{"empty", ``, false},
	} {
		err := decodeAPIError(&transport.ErrorResponse{Op: "receipts.get", StatusCode: http.StatusNotFound, Body: []byte(tc.body)})
		assert.Equal(t, tc.notFound, errors.Is(err, ErrNotFound), tc.name)
	}
}

// A card, account or phone number the gateway echoes in its message never
// prints; RawBody keeps the body as received.
func TestAPIErrorMessageMasksLongDigitRuns(t *testing.T) {
	body := `{"error_code":"RC_FAIL","message":"카드 5365-1012-3456-1234 승인 거절"}`
	err := decodeAPIError(&transport.ErrorResponse{Op: "receipts.confirm", StatusCode: http.StatusBadRequest, Body: []byte(body)})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "카드 ****-****-****-1234 승인 거절", apiErr.Message)
	assert.NotContains(t, err.Error(), "5365-1012")
	assert.Equal(t, body, string(apiErr.RawBody()))
}
