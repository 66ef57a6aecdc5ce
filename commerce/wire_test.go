package commerce

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// orderJSON is a minimal order body for the wire tests.
const orderJSON = `{"order_id":"o-1","order_number":"N-1","price":2800,"status":2,"receipt_status":1}`

// newWire returns a mock Commerce at https://commerce.test/v1 answering
// every request with fallback, and a client of it.
func newWire(t *testing.T, fallback string) (*wiretest.Mock, *Client) {
	t.Helper()
	m := wiretest.New(t, wireCoverage, "https://commerce.test/v1", func(*http.Request) (*http.Response, error) {
		return wiretest.JSON(http.StatusOK, []byte(fallback)), nil
	})
	c, err := NewClient("ck", "sk", WithBaseURL(m.URL), WithHTTPClient(m.Client),
		WithRetryPolicy(RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Second}))
	require.NoError(t, err)
	return m, c
}

// wireCase is one endpoint's call and what its request must look like.
type wireCase struct {
	name, method, path, role, query string
	body                            map[string]any // expected JSON body; nil: no body
	keyed                           bool
	reply                           string
	call                            func(ctx context.Context, c *Client) error
}

func wireCases() []wireCase {
	return append(areaWireCases(), []wireCase{
		{name: "orders.get", method: "GET", path: "/v1/orders/N-1", role: "user", reply: orderJSON,
			call: func(ctx context.Context, c *Client) error { _, err := c.Orders.Get(ctx, "N-1"); return err }},
		{name: "orders.list", method: "GET", path: "/v1/orders", role: "user", reply: `{"list":[],"count":0}`,
			query: "cs_type=p_at&keyword=kw&limit=50&order_subscription_ids=s1%2Cs2&page=2&payment_status=1%2C20&search_date_from=2025-07-01&search_date_to=2025-07-31&status=2%2C10&subscription_billing_type=0&user_id=u1",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Orders.List(ctx, OrderListParams{
					ListPage: ListPage{Page: 2, Limit: 50, Keyword: "kw"}, UserID: "u1", DateField: DatePaid,
					From: Date{2025, 7, 1}, To: Date{2025, 7, 31}, Statuses: []OrderStatus{OrderPaid, OrderCancelled},
					PaymentStatuses: []ReceiptStatus{ReceiptPaid, ReceiptCancelled}, OrderSubscriptionIDs: []string{"s1", "s2"},
					BillingType: new(SubscriptionBillingType),
				})
				return err
			}},
		{name: "orders.month", method: "GET", path: "/v1/orders/month", role: "user", reply: `{"list":[],"count":0}`,
			query: "search_date=2025-07&user_group_id=g1",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Orders.Month(ctx, OrderMonthParams{UserGroupID: "g1", Year: 2025, Month: time.July})
				return err
			}},
		{name: "order_cancellations.request", method: "POST", path: "/v1/order/cancel", role: "user", reply: `{"order_cancellation_request_id":"r1"}`,
			body: map[string]any{"order_number": "N-1", "request_cancel_parameters": map[string]any{
				"cancel_id": "c-1", "cancel_price": 2800.0, "cancel_message": "why", "cancel_immediately": true}},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.OrderCancellations.Request(ctx, CancelRequestParams{OrderNumber: "N-1", CancelID: "c-1", Price: 2800, Message: "why", Immediately: true})
				return err
			}},
		{name: "order_cancellations.list", method: "GET", path: "/v1/order/cancel", role: "user", reply: `[]`, query: "limit=50&order_number=N-1&page=1",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.OrderCancellations.List(ctx, CancellationListParams{OrderNumber: "N-1"})
				return err
			}},
		{name: "order_cancellations.withdraw", method: "PUT", path: "/v1/order/cancel/r1/withdraw", role: "user", keyed: true, reply: `{}`,
			body: map[string]any{},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.OrderCancellations.Withdraw(ctx, "r1")
				return err
			}},
		{name: "order_cancellations.approve", method: "PUT", path: "/v1/order/cancel/r1/approve", role: "supervisor", reply: `{}`,
			body: map[string]any{"message": "ok"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.OrderCancellations.Approve(ctx, "r1", "ok")
				return err
			}},
		{name: "order_cancellations.reject", method: "PUT", path: "/v1/order/cancel/r1/reject", role: "supervisor", keyed: true, reply: `{}`,
			body: map[string]any{"message": "no"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.OrderCancellations.Reject(ctx, "r1", "no")
				return err
			}},
		{name: "invoices.create", method: "POST", path: "/v1/invoices", role: "user", reply: `{"invoice_id":"i1"}`,
			body: map[string]any{"name": "플랜", "price": 9000.0, "original_price": 10000.0, "order_id": "m-1",
				"products":   []any{map[string]any{"product_id": "p1", "quantity": 1.0, "duration": -1.0}},
				"metadata":   map[string]any{"promotion_code": "SUMMER", "order_id": "m-1"}, // OrderID filled in
				"send_types": []any{1.0, 3.0}},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Invoices.Create(ctx, InvoiceCreateParams{Name: "플랜", Price: 9000, OriginalPrice: 10000, OrderID: "m-1",
					Products: []InvoiceProduct{{ProductID: "p1", Quantity: 1, Duration: -1}}, Metadata: map[string]any{"promotion_code": "SUMMER"},
					SendTypes: []SendType{SendSMS, SendEmail}})
				return err
			}},
		{name: "invoices.get", method: "GET", path: "/v1/invoices/i1", role: "user", reply: `{"invoice_id":"i1"}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.Invoices.Get(ctx, "i1"); return err }},
		{name: "invoices.list", method: "GET", path: "/v1/invoices", role: "user", reply: `{"list":[],"count":0}`, query: "limit=24&page=1",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Invoices.List(ctx, InvoiceListParams{})
				return err
			}},
		{name: "invoices.notify", method: "POST", path: "/v1/invoices/i1/notify", role: "user", reply: `{"success":true}`,
			body: map[string]any{},
			call: func(ctx context.Context, c *Client) error { return c.Invoices.Notify(ctx, "i1", nil) }},
	}...)
}

// TestWireEveryEndpoint: each call sends its method, path, query
// (comma-joined lists, empty filters left out, dates YYYY-MM-DD), body
// field names, Basic credentials, its own BOOTPAY-ROLE, and an
// Idempotency-Key exactly on keyed writes.
func TestWireEveryEndpoint(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			m, c := newWire(t, tc.reply)
			require.NoError(t, tc.call(context.Background(), c))
			reqs := m.Requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tc.name, r.Op)
			assert.Equal(t, tc.method, r.Method)
			assert.Equal(t, tc.path, r.Path)
			assert.Equal(t, tc.query, r.RawQuery)
			assert.Equal(t, []string{tc.role}, r.Header.Values("BOOTPAY-ROLE"))
			assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("ck:sk")), r.Header.Get("Authorization"))
			assert.Equal(t, tc.keyed, r.Header.Get("Idempotency-Key") != "", "Idempotency-Key on keyed writes only")
			if tc.body == nil {
				assert.Empty(t, r.Body)
				return
			}
			var got map[string]any
			require.NoError(t, json.Unmarshal(r.Body, &got), string(r.Body))
			assert.Equal(t, tc.body, got)
		})
	}
}

// TestWireKeyedRetriesReuseTheKey: a keyed write answered 503 twice is
// sent three times with one Idempotency-Key; an Unsafe one is sent once.
func TestWireKeyedRetriesReuseTheKey(t *testing.T) {
	for _, tc := range wireCases() {
		if tc.method == "GET" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			m, c := newWire(t, tc.reply)
			m.Then(http.StatusServiceUnavailable, `{"status":503,"code":"SERVER_ERROR","message":"x"}`)
			m.Then(http.StatusServiceUnavailable, `{"status":503,"code":"SERVER_ERROR","message":"x"}`)
			err := tc.call(context.Background(), c)
			reqs := m.Requests()
			if !tc.keyed {
				require.Len(t, reqs, 1, "an unsafe write is never resent after the gateway saw it")
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
				return
			}
			require.NoError(t, err)
			require.Len(t, reqs, 3)
			key := reqs[0].Header.Get("Idempotency-Key")
			require.NotEmpty(t, key)
			for _, r := range reqs {
				assert.Equal(t, key, r.Header.Get("Idempotency-Key"))
			}
		})
	}
}

// TestWireRolesAreNotShared: a supervisor call between two user calls
// does not change their role.
func TestWireRolesAreNotShared(t *testing.T) {
	m, c := newWire(t, `{}`)
	ctx := context.Background()
	m.Then(http.StatusOK, orderJSON)
	_, err := c.Orders.Get(ctx, "N-1")
	require.NoError(t, err)
	_, err = c.OrderCancellations.Approve(ctx, "r1", "")
	require.NoError(t, err)
	m.Then(http.StatusOK, orderJSON)
	_, err = c.Orders.Get(ctx, "N-1")
	require.NoError(t, err)
	var roles []string
	for _, r := range m.Requests() {
		roles = append(roles, r.Header.Get("BOOTPAY-ROLE"))
	}
	assert.Equal(t, []string{"user", "supervisor", "user"}, roles)
}

// TestWireUserJWT: WithUserJWT sends Bootpay-User-JWT on that call only;
// an empty one is refused before any I/O.
func TestWireUserJWT(t *testing.T) {
	m, c := newWire(t, orderJSON)
	ctx := context.Background()
	_, err := c.Orders.Get(ctx, "N-1", WithUserJWT("jwt-abc"))
	require.NoError(t, err)
	_, err = c.Orders.Get(ctx, "N-1")
	require.NoError(t, err)
	reqs := m.Requests()
	assert.Equal(t, "jwt-abc", reqs[0].Header.Get("Bootpay-User-JWT"))
	assert.Empty(t, reqs[1].Header.Get("Bootpay-User-JWT"))
	_, err = c.Orders.Get(ctx, "N-1", WithUserJWT(""))
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Len(t, m.Requests(), 2)
}

// TestWireQueryOmitsEmptyFilters: a list without filters sends only page
// and limit (never status= or an empty date).
func TestWireQueryOmitsEmptyFilters(t *testing.T) {
	m, c := newWire(t, `{"list":[],"count":0}`)
	_, err := c.Orders.List(context.Background(), OrderListParams{Statuses: []OrderStatus{}})
	require.NoError(t, err)
	assert.Equal(t, "limit=20&page=1", m.Requests()[0].RawQuery)
}

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

// TestOrderGetIn2xxErrorShapeWithOrderMembersIsARefusal: a 2xx in Commerce's
// error shape is a refusal even when it also carries an order's members:
// Order looks for the shape itself, so the lookup's shortcut (which searches
// the body only when decoding fails) still never returns it as the order.
func TestOrderGetIn2xxErrorShapeWithOrderMembersIsARefusal(t *testing.T) {
	const body = `{"success":false,"error_code":"ORDER_ALREADY_CANCELLED","message":"취소된 주문입니다.",
		"order_id":"N-1","order_number":"N-1","price":2800,"status":2,"receipt_status":1}`
	_, c := newWire(t, body)
	o, err := c.Orders.Get(context.Background(), "N-1")
	require.Error(t, err, "a 2xx refusal read as the order (status %v)", o)
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr), "%T: %v", err, err)
	assert.Equal(t, ErrorCode("ORDER_ALREADY_CANCELLED"), apiErr.Code)
}
