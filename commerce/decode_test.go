package commerce

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
)

// TestOrderDecodesSeed001: the order of Bootpay's checkout guide, with
// result_data and order_subscriptions.
func TestOrderDecodesSeed001(t *testing.T) {
	raw, err := os.ReadFile("testdata/order_seed001.json")
	require.NoError(t, err)
	var o Order
	require.NoError(t, json.Unmarshal(raw, &o))
	assert.Equal(t, "25071182085082524116", o.OrderNumber)
	assert.Equal(t, int64(2800), o.Price.Int64())
	assert.Equal(t, OrderPaid, o.Status)
	assert.Equal(t, ReceiptPaid, o.ReceiptStatus)
	assert.Equal(t, "merchant-1", o.Metadata.String("order_id"))
	require.NotNil(t, o.ResultData)
	assert.Equal(t, "5570421234561074", o.Card().Reveal())
	require.NotNil(t, o.OrderSubscriptions)
	sub := o.OrderSubscriptions.Subscriptions[0]
	assert.Equal(t, SubscriptionActive, sub.Status)
	assert.Equal(t, 3, sub.CurrentDuration)
	assert.Equal(t, 2025, o.PurchasedAt.Year())
	assert.JSONEq(t, string(raw), string(o.RawJSON()))
}

// TestOrderDecodeTolerance: flat card fields, total_price, metadata as a
// string, 2800.0, an unknown status; and the bodies that are not orders.
func TestOrderDecodeTolerance(t *testing.T) {
	var o Order
	require.NoError(t, json.Unmarshal([]byte(`{"order_id":"a","order_number":"n","total_price":2800.0,"status":"77",
		"metadata":"{\"order_id\":7}","result_data":{"card_name":"삼성카드","card_no":"9430-****-****-1234"}}`), &o))
	assert.Equal(t, int64(2800), o.Price.Int64())
	assert.Equal(t, OrderStatus(77), o.Status)
	assert.False(t, o.Status.IsKnown())
	assert.Equal(t, "OrderStatus(77)", o.Status.String())
	assert.Equal(t, "7", o.Metadata.String("order_id"))
	assert.Equal(t, "9430-****-****-1234", o.Card().Reveal())
	for _, bad := range []string{`null`, `{}`, `{"order_id":"a","order_number":"n","status":2}`,
		`{"order_id":"a","order_number":"n","price":1.5,"status":2}`, `{"order_id":"","order_number":"n","price":1,"status":2}`,
		`{"order_id":"a","order_number":"n","price":1,"status":1e30}`} {
		var o Order
		assert.Error(t, json.Unmarshal([]byte(bad), &o), bad)
	}
}

// TestPageShapes: {list, count}, {items, total} and a bare array.
func TestPageShapes(t *testing.T) {
	for body, total := range map[string]int64{
		`{"list":[{"invoice_id":"a"},{"invoice_id":"b"}],"count":9}`:             9,
		`{"items":[{"invoice_id":"a"},{"invoice_id":"b"}],"total":9}`:            9,
		`[{"invoice_id":"a"},{"invoice_id":"b"}]`:                                0,
		`{"list":[{"invoice_id":"a"},{"invoice_id":"b"}],"count":"9","user":{}}`: 9,
	} {
		var p Page[Invoice]
		require.NoError(t, json.Unmarshal([]byte(body), &p), body)
		assert.Len(t, p.Items, 2, body)
		assert.Equal(t, total, p.Total, body)
	}
	var p Page[Invoice]
	assert.Error(t, json.Unmarshal([]byte(`{"list":[{}]}`), &p), "an invoice without its id")
}

// TestErrorShapes: every error shape and code type decodes and is
// categorised.
func TestErrorShapes(t *testing.T) {
	cases := []struct {
		status  int
		body    string
		code    ErrorCode
		numeric int
		is      error
	}{
		{404, `{"status":404,"code":3700,"message":"주문내역을 찾지 못했습니다.","data":null}`, "3700", 3700, ErrNotFound},
		{401, `{"status":401,"code":1700,"message":"Access Token이 잘못되었거나"}`, "1700", 1700, ErrUnauthorized},
		{404, `{"success":false,"error_code":"ORDER_NOT_FOUND","message":"x"}`, CodeOrderNotFound, 0, ErrNotFound},
		{400, `{"success":false,"error_code":"INVOICE_TARGET_NOT_FOUND","message":"x"}`, CodeInvoiceTargetMissing, 0, ErrNotFound},
		{442, `{"status":442,"code":"API_PARAM_INVALID","message":"x"}`, CodeParamInvalid, 0, ErrInvalidRequest},
		{442, `{"message":"unprocessable"}`, "", 0, ErrInvalidRequest},
		{403, `{"status":403,"code":"API_SCOPE_INVALID","message":"x"}`, CodeScopeInvalid, 0, ErrPermissionDenied},
		{403, `{"success":false,"error_code":"API_ROLE_NOT_SUPPORT"}`, CodeRoleNotSupported, 0, ErrPermissionDenied},
		{500, `{"status":500,"code":"USER_JWT_REQUIRED","message":"x"}`, CodeUserJWTRequired, 0, ErrUnauthorized},
		{409, `{"status":409,"code":"PROCESS_DUPLICATED"}`, CodeProcessDuplicated, 0, ErrConflict},
		{500, `{"error_code":"-3","code":"X"}`, "-3", 0, ErrServer},
		{502, `<html>bad gateway</html>`, "", 0, ErrServer},
	}
	for _, tc := range cases {
		err := decodeAPIError(&transport.ErrorResponse{Op: "orders.get", StatusCode: tc.status, Body: []byte(tc.body)})
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, tc.body)
		assert.Equal(t, tc.code, apiErr.Code, tc.body)
		assert.Equal(t, tc.numeric, apiErr.NumericCode, tc.body)
		assert.ErrorIs(t, err, tc.is, tc.body)
		assert.Equal(t, tc.body, string(apiErr.RawBody()))
	}
	// A permission error is not a server error, and a 500 JWT refusal not
	// a server error either.
	err := decodeAPIError(&transport.ErrorResponse{StatusCode: 500, Body: []byte(`{"code":"USER_JWT_REQUIRED"}`)})
	assert.NotErrorIs(t, err, ErrServer)
	assert.True(t, isDefinitive(http.StatusInternalServerError, []byte(`{"code":"USER_JWT_REQUIRED"}`)))
	assert.False(t, isDefinitive(http.StatusInternalServerError, []byte(`{"code":"SERVER_ERROR"}`)))
	assert.True(t, isOutstanding(http.StatusConflict, []byte(`{"success":false,"error_code":"PROCESS_DUPLICATED"}`)))
}

// TestOutcomeUnknownHidesPermission: an unknown outcome never matches
// ErrPermissionDenied, whatever its last answer.
func TestOutcomeUnknownHidesPermission(t *testing.T) {
	inner := decodeAPIError(&transport.ErrorResponse{StatusCode: 403, Body: []byte(`{"code":"API_ROLE_NOT_SUPPORT"}`)})
	err := &OutcomeUnknownError{Gateway: "commerce", Op: "invoices.create", Err: inner}
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.NotErrorIs(t, err, ErrPermissionDenied)
	assert.NotErrorIs(t, err, ErrUnauthorized)
}

// FuzzOrderDecode: any body decodes into an Order or an error, never a
// panic; a decoded order has its ids and round-trips its raw JSON.
func FuzzOrderDecode(f *testing.F) {
	raw, _ := os.ReadFile("testdata/order_seed001.json")
	f.Add(raw)
	f.Add([]byte(`{"order_id":"a","order_number":"n","total_price":1e3,"status":"2","metadata":"{}"}`))
	f.Add([]byte(`{"list":[],"count":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var o Order
		if json.Unmarshal(data, &o) == nil {
			if o.OrderID == "" || o.OrderNumber == "" {
				t.Fatalf("decoded an order without ids from %q", data)
			}
			_ = fmt.Sprint(o)
		}
		var p Page[Order]
		_ = json.Unmarshal(data, &p)
	})
}

// FuzzErrorDecode: any error body becomes an *APIError that prints and
// categorises without panicking.
func FuzzErrorDecode(f *testing.F) {
	f.Add(442, []byte(`{"status":442,"code":"API_PARAM_INVALID","message":"x","data":{}}`))
	f.Add(404, []byte(`{"success":false,"error_code":3700}`))
	f.Add(500, []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := decodeAPIError(&transport.ErrorResponse{Op: "orders.get", StatusCode: status, Body: body})
		var apiErr *APIError
		if !errorsAs(err, &apiErr) {
			t.Fatalf("not an *APIError: %T", err)
		}
		_ = err.Error()
		for _, cat := range []error{ErrNotFound, ErrUnauthorized, ErrInvalidRequest, ErrConflict, ErrServer, ErrPermissionDenied} {
			_ = apiErr.Is(cat)
		}
	})
}

func errorsAs(err error, target **APIError) bool {
	e, ok := err.(*APIError)
	*target = e
	return ok
}

// A 404 is ErrNotFound only when Commerce answered it in its own shape: a
// proxy's page or a wrong base URL says nothing about the order.
func TestNotFoundNeedsCommercesOwnAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		notFound   bool
	}{
		{"ORDER_NOT_FOUND", `{"error_code":"ORDER_NOT_FOUND","message":"없음"}`, true},
		{"a code paykit does not know", `{"error_code":"SOMETHING_NEW","message":"?"}`, true},
		{"a proxy's HTML page", `<html><body>404 Not Found</body></html>`, false},
		{"JSON without a code", `{"message":"no route"}`, false},
	} {
		err := decodeAPIError(&transport.ErrorResponse{Op: "orders.get", StatusCode: http.StatusNotFound, Body: []byte(tc.body)})
		assert.Equal(t, tc.notFound, errors.Is(err, ErrNotFound), tc.name)
	}
}

// A card, account or phone number Commerce echoes in its message never
// prints; RawBody keeps the body as received.
func TestAPIErrorMessageMasksLongDigitRuns(t *testing.T) {
	body := `{"error_code":"INVALID","message":"계좌 110-123-456789 확인 불가"}`
	err := decodeAPIError(&transport.ErrorResponse{Op: "orders.get", StatusCode: http.StatusBadRequest, Body: []byte(body)})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "계좌 ***-***-**6789 확인 불가", apiErr.Message)
	assert.NotContains(t, err.Error(), "456789")
	assert.Equal(t, body, string(apiErr.RawBody()))
}
