package portone

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Helpers shared by the billing-key, schedule, cash-receipt and
// identity-verification tests.

// readTestdata returns testdata/<dir>/<name>.
func readTestdata(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", dir, name))
	require.NoError(t, err)
	return b
}

// decodeTestdata decodes testdata/<dir>/<name> into a T.
func decodeTestdata[T any](t testing.TB, dir, name string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(readTestdata(t, dir, name), &v), name)
	return v
}

// rfc3339 parses an RFC 3339 time or fails the test.
func rfc3339(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return v
}

// assertSameInstant compares times by instant, not by location.
func assertSameInstant(t *testing.T, want string, got time.Time, field string) {
	t.Helper()
	assert.Truef(t, rfc3339(t, want).Equal(got), "%s: want %s, got %s", field, want, got.Format(time.RFC3339Nano))
}

// assertRoundTrip encodes v and checks the JSON equals the fixture it was
// decoded from.
func assertRoundTrip(t *testing.T, fixture []byte, v any) {
	t.Helper()
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, string(fixture), string(out))
}

// wireCase is one call and what must reach the server for it.
type wireCase struct {
	name        string
	reply       string // 200 response body
	call        func(c *Client, opts ...RequestOption) (any, error)
	method      string
	rawPath     string     // escaped path
	query       url.Values // every query parameter except requestBody
	requestBody string     // JSON expected in the requestBody query parameter; "" for none
	body        string     // JSON body expected; "" for no body
	keyed       bool       // a write: it must carry an Idempotency-Key
	check       func(t *testing.T, out any)
}

// requestBodyOf returns the requestBody query parameter of r, "" if absent.
func requestBodyOf(r recordedRequest) string { return r.Query.Get("requestBody") }

// assertWire checks one recorded request against c.
func (c *wireCase) assertWire(t *testing.T, r recordedRequest) {
	t.Helper()
	assert.Equal(t, c.method, r.Method)
	assert.Equal(t, c.rawPath, r.RawPath)
	rest := url.Values{}
	for k, v := range r.Query {
		if k != "requestBody" {
			rest[k] = v
		}
	}
	want := c.query
	if want == nil {
		want = url.Values{}
	}
	assert.Equal(t, want, rest, "query")
	if c.requestBody == "" {
		assert.Empty(t, requestBodyOf(r), "requestBody")
	} else {
		assert.JSONEq(t, c.requestBody, requestBodyOf(r), "requestBody")
	}
	if c.body == "" {
		assert.Empty(t, r.Body, "body")
		assert.Empty(t, r.Header.Get("Content-Type"), "Content-Type without a body")
	} else {
		assert.JSONEq(t, c.body, string(r.Body), "body")
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	}
	key := r.Header.Get("Idempotency-Key")
	if c.keyed {
		assert.Regexp(t, `^"[\x21\x23-\x5b\x5d-\x7e]{16,256}"$`, key, "RFC 8941 quoted Idempotency-Key")
	} else {
		assert.Empty(t, key, "a lookup carries no Idempotency-Key")
	}
	assert.Equal(t, "PortOne test-api-secret", r.Header.Get("Authorization"))
}

// runWireCases sends every case to its own recording server and checks
// method, path, query, body and the Idempotency-Key, then the decoded
// response.
func runWireCases(t *testing.T, cases []wireCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			out, err := tc.call(testClient(t, ws))
			require.NoError(t, err)
			reqs := ws.recorded()
			require.Len(t, reqs, 1)
			tc.assertWire(t, reqs[0])
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
}

// runRetryCases answers every case's first attempt with 503 and checks the
// retry repeats the request byte for byte, Idempotency-Key included.
func runRetryCases(t *testing.T, cases []wireCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			ws.then(http.StatusServiceUnavailable, `{"type":"UNKNOWN","message":"overloaded"}`)
			_, err := tc.call(testClient(t, ws))
			require.NoError(t, err)
			reqs := ws.recorded()
			require.Len(t, reqs, 2)
			first, second := reqs[0], reqs[1]
			tc.assertWire(t, second)
			assert.Equal(t, first.Header.Get("Idempotency-Key"), second.Header.Get("Idempotency-Key"))
			assert.Equal(t, first.Body, second.Body, "body bytes")
			assert.Equal(t, first.Query, second.Query)
			assert.Equal(t, first.RawPath, second.RawPath)
		})
	}
}

// storeCase is a call whose store id must land where the endpoint takes
// it.
type storeCase struct {
	name   string
	reply  string
	params bool // the params have a StoreID field
	call   func(c *Client, paramsStore string, opts ...RequestOption) error
	sent   func(t *testing.T, r recordedRequest) (string, bool)
}

// runStoreCases checks, for every case, that the store id is absent
// without one and otherwise comes from the params, else WithStoreID, else
// the client's default.
func runStoreCases(t *testing.T, cases []storeCase) {
	t.Helper()
	modes := []struct {
		name        string
		def, option string
		params      string
		want        string
	}{
		{name: "none"},
		{name: "client default", def: "store-default", want: "store-default"},
		{name: "WithStoreID", def: "store-default", option: "store-option", want: "store-option"},
		{name: "params", def: "store-default", option: "store-option", params: "store-params", want: "store-params"},
	}
	for _, tc := range cases {
		for _, m := range modes {
			if m.params != "" && !tc.params {
				continue
			}
			t.Run(tc.name+"/"+m.name, func(t *testing.T) {
				ws := newStoreEchoServer(t, tc.reply) // lookups refuse a reply of another store
				var copts []Option
				if m.def != "" {
					copts = append(copts, WithDefaultStoreID(m.def))
				}
				var ropts []RequestOption
				if m.option != "" {
					ropts = append(ropts, WithStoreID(m.option))
				}
				require.NoError(t, tc.call(testClient(t, ws, copts...), m.params, ropts...))
				got, ok := tc.sent(t, ws.last(t))
				if m.want == "" {
					assert.False(t, ok, "storeId sent: %q", got)
					return
				}
				assert.True(t, ok, "storeId not sent")
				assert.Equal(t, m.want, got)
			})
		}
	}
}

// jsonString returns the string at path in the JSON object raw.
func jsonString(t *testing.T, raw []byte, path ...string) (string, bool) {
	t.Helper()
	if len(raw) == 0 {
		return "", false
	}
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		if v, ok = m[k]; !ok {
			return "", false
		}
	}
	s, ok := v.(string)
	return s, ok
}

// storeInQuery reads the storeId query parameter.
func storeInQuery(_ *testing.T, r recordedRequest) (string, bool) {
	vs, ok := r.Query["storeId"]
	if !ok {
		return "", false
	}
	return strings.Join(vs, ","), true
}

// storeInBody reads the store id at path in the JSON body.
func storeInBody(path ...string) func(*testing.T, recordedRequest) (string, bool) {
	return func(t *testing.T, r recordedRequest) (string, bool) { return jsonString(t, r.Body, path...) }
}

// storeInRequestBody reads the store id at path in the requestBody query
// parameter.
func storeInRequestBody(path ...string) func(*testing.T, recordedRequest) (string, bool) {
	return func(t *testing.T, r recordedRequest) (string, bool) {
		return jsonString(t, []byte(requestBodyOf(r)), path...)
	}
}

// validationCase is a call that must be refused before any I/O.
type validationCase struct {
	name  string
	call  func(c *Client) error
	field string
}

// runValidationCases checks every case fails with a *ValidationError
// naming field and sends nothing.
func runValidationCases(t *testing.T, cases []validationCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, `{}`)
			err := tc.call(testClient(t, ws))
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.field, verr.Field)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Empty(t, ws.recorded(), "no request may be sent")
		})
	}
}

// errorCase is a call answered with an error body.
type errorCase struct {
	name     string
	call     func(c *Client) error
	status   int
	body     string
	wantType ErrorType
	wantIs   error
}

// runErrorCases checks every error body decodes to *APIError with the
// right type and category.
func runErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, `{}`)
			ws.then(tc.status, tc.body)
			err := tc.call(testClient(t, ws, WithRetryPolicy(RetryPolicy{})))
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, tc.wantType, apiErr.Type)
			assert.ErrorIs(t, err, tc.wantIs)
			assert.NotEmpty(t, apiErr.Op)
		})
	}
}

// assertMasked checks that v prints and logs without any of secrets.
func assertMasked(t *testing.T, v any, secrets ...string) {
	t.Helper()
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("params", "p", v)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("params", "p", v)
	outputs := []string{
		fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%s", v),
		logged.String(),
	}
	for _, out := range outputs {
		for _, s := range secrets {
			assert.NotContains(t, out, s)
		}
	}
}

// Billing keys.

func TestDecodeIssuedBillingKey(t *testing.T) {
	raw := readTestdata(t, "billing_keys", "issued.json")
	b := decodeTestdata[BillingKeyInfo](t, "billing_keys", "issued.json")
	assert.Equal(t, BillingKeyStatusIssued, b.Status)
	assert.IsType(t, &IssuedBillingKeyInfo{}, b.Variant)
	assert.Equal(t, BillingKey("billing-key-0190f1e2-7c3a-7b1d-9a55-0c1f2e3d4a5b"), b.BillingKey)
	assert.Equal(t, "merchant-6f1c2b9a-3d4e-4f5a-8b7c-1d2e3f4a5b6c", b.MerchantID)
	assert.Equal(t, "store-1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", b.StoreID)
	require.Len(t, b.Methods, 1)
	card := b.Methods[0].(*BillingKeyPaymentMethodCard)
	assert.Equal(t, &Card{Publisher: "SHINHAN", Issuer: "SHINHAN", Brand: CardBrandVisa, Type: CardTypeCredit,
		OwnerType: CardOwnerTypePersonal, BIN: "45123456", Name: "신한 Deep Dream", Number: "4512-34**-****-7890"}, card.Card)
	require.Len(t, b.Channels, 2)
	assert.Equal(t, PGProviderInicisV2, b.Channels[1].PGProvider)
	assert.Equal(t, "홍길동", b.Customer.Name)
	assert.Equal(t, `{"plan":"monthly"}`, b.CustomData)
	assert.Equal(t, "issue-20240425-0001", b.IssueID)
	assert.Equal(t, "월간 구독", b.IssueName)
	assertSameInstant(t, "2024-04-25T01:00:00Z", b.RequestedAt, "requestedAt")
	assertSameInstant(t, "2024-04-25T01:00:05.123Z", b.IssuedAt, "issuedAt")
	assert.Equal(t, &ChannelGroupSummary{ID: "channel-group-0001", Name: "빌링 그룹"}, b.ChannelGroup)

	require.Len(t, b.PGBillingKeyIssueResponses, 2)
	ok := b.PGBillingKeyIssueResponses[0].(*IssuedPGBillingKeyIssueResponse)
	assert.Equal(t, "ISSUED", ok.Type())
	assert.Equal(t, "pg-tx-0001", ok.PGTxID)
	assert.Equal(t, "channel-id-0001", ok.Channel.ID)
	assert.Equal(t, &BillingKeyPaymentMethodCard{Card: &Card{Brand: CardBrandVisa, Number: "4512-34**-****-7890"}}, ok.Method)
	failed := b.PGBillingKeyIssueResponses[1].(*FailedPGBillingKeyIssueResponse)
	assert.Equal(t, "FAILED", failed.Type())
	assert.Equal(t, "F113", failed.Failure.PGCode)
	assert.Equal(t, "유효기간 오류", failed.Failure.PGMessage)
	assert.Equal(t, "카드 정보가 올바르지 않습니다.", failed.Failure.Message)
	assertSameInstant(t, "2024-04-25T01:00:04Z", failed.Failure.FailedAt, "failedAt")

	assertRoundTrip(t, raw, b)
}

func TestDecodeDeletedBillingKey(t *testing.T) {
	raw := readTestdata(t, "billing_keys", "deleted.json")
	b := decodeTestdata[BillingKeyInfo](t, "billing_keys", "deleted.json")
	d, ok := b.Variant.(*DeletedBillingKeyInfo)
	require.True(t, ok)
	assert.Equal(t, BillingKeyStatusDeleted, d.Status())
	assertSameInstant(t, "2024-06-30T23:59:59.999999Z", d.DeletedAt, "deletedAt")
	assert.True(t, b.RequestedAt.IsZero())
	assert.Nil(t, b.ChannelGroup)
	assert.Nil(t, b.PGBillingKeyIssueResponses)
	assert.Equal(t, Customer{}, b.Customer)

	require.Len(t, b.Methods, 6)
	kakao := b.Methods[0].(*BillingKeyPaymentMethodEasyPay)
	assert.Equal(t, EasyPayProviderKakaopay, kakao.Provider)
	assert.IsType(t, &BillingKeyPaymentMethodEasyPayCharge{}, kakao.Method)
	assert.Equal(t, "BillingKeyPaymentMethodEasyPayCharge", kakao.Method.MethodType())
	naver := b.Methods[1].(*BillingKeyPaymentMethodEasyPay)
	assert.Equal(t, EasyPayProviderNaverpay, naver.Provider)
	assert.Equal(t, &BillingKeyPaymentMethodTransfer{Bank: BankShinhan, AccountNumber: "110-***-***890"}, naver.Method)
	toss := b.Methods[2].(*BillingKeyPaymentMethodEasyPay)
	assert.Equal(t, EasyPayProviderTosspay, toss.Provider)
	assert.Equal(t, &BillingKeyPaymentMethodCard{Card: &Card{Brand: CardBrandMaster, Type: CardTypeDebit, Number: "5123-45**-****-0005"}}, toss.Method)
	assert.Equal(t, &BillingKeyPaymentMethodMobile{PhoneNumber: "01098765432"}, b.Methods[3])
	assert.Equal(t, &BillingKeyPaymentMethodPaypal{}, b.Methods[4])
	assert.Equal(t, &BillingKeyPaymentMethodTransfer{Bank: BankKookmin, AccountNumber: "123456-**-******"}, b.Methods[5])
	for i, want := range []string{"BillingKeyPaymentMethodEasyPay", "BillingKeyPaymentMethodEasyPay", "BillingKeyPaymentMethodEasyPay",
		"BillingKeyPaymentMethodMobile", "BillingKeyPaymentMethodPaypal", "BillingKeyPaymentMethodTransfer"} {
		assert.Equal(t, want, b.Methods[i].MethodType())
	}

	assertRoundTrip(t, raw, b)
}

func TestDecodeUnknownBillingKey(t *testing.T) {
	raw := readTestdata(t, "billing_keys", "unknown_status.json")
	b := decodeTestdata[BillingKeyInfo](t, "billing_keys", "unknown_status.json")
	u, ok := b.Variant.(*UnknownBillingKeyInfo)
	require.True(t, ok)
	assert.Equal(t, BillingKeyStatus("SUSPENDED"), u.Status())
	assert.Equal(t, BillingKeyStatus("SUSPENDED"), b.Status)
	assert.False(t, b.Status.IsKnown())
	assert.Equal(t, BillingKey("billing-key-0190f1e2-0003"), b.BillingKey)
	assert.Equal(t, "customer-0003", b.Customer.ID)
	assert.Contains(t, string(u.Raw), `"suspendedAt"`)
	assertRoundTrip(t, raw, b) // Raw is written back, unknown fields included

	parts := decodeTestdata[BillingKeyInfo](t, "billing_keys", "unknown_parts.json")
	require.Len(t, parts.Methods, 2)
	assert.Equal(t, "BillingKeyPaymentMethodCrypto", parts.Methods[0].(*UnknownBillingKeyPaymentMethod).MethodType())
	inner := parts.Methods[1].(*BillingKeyPaymentMethodEasyPay).Method
	assert.Equal(t, "BillingKeyPaymentMethodPoint", inner.(*UnknownBillingKeyPaymentMethod).MethodType())
	assert.Equal(t, "PENDING", parts.PGBillingKeyIssueResponses[0].(*UnknownPGBillingKeyIssueResponse).Type())
	again, err := json.Marshal(parts)
	require.NoError(t, err)
	var reparsed BillingKeyInfo
	require.NoError(t, json.Unmarshal(again, &reparsed))
	assert.Equal(t, parts, reparsed)
}

func TestDecodeBillingKeyRejectsMalformed(t *testing.T) {
	for _, doc := range []string{
		`{"status":"ISSUED","methods":{}}`,
		`{"status":"ISSUED","methods":[{"type":"BillingKeyPaymentMethodCard","card":"x"}]}`,
		`{"status":"DELETED","deletedAt":"yesterday"}`,
		`{"status":7}`,
	} {
		var b BillingKeyInfo
		assert.Error(t, json.Unmarshal([]byte(doc), &b), doc)
	}
	var b BillingKeyInfo
	require.NoError(t, json.Unmarshal([]byte(`null`), &b))
	assert.Nil(t, b.Variant)
}

func TestDecodeIssueBillingKeyResponse(t *testing.T) {
	raw := readTestdata(t, "billing_keys", "issue_response.json")
	r := decodeTestdata[IssueBillingKeyResponse](t, "billing_keys", "issue_response.json")
	assert.Equal(t, BillingKey("billing-key-0190f1e2-0005"), r.BillingKeyInfo.BillingKey)
	assertSameInstant(t, "2024-04-25T01:00:05Z", r.BillingKeyInfo.IssuedAt, "issuedAt")
	require.Len(t, r.ChannelSpecificFailures, 2)
	pg := r.ChannelSpecificFailures[0].(*ChannelSpecificFailurePGProvider)
	assert.Equal(t, ErrorTypePGProvider, pg.Type())
	assert.Equal(t, "V801", pg.PGCode)
	assert.Equal(t, "한도 초과", pg.PGMessage)
	assert.Equal(t, "channel-key-0002", pg.Channel.Key)
	inv := r.ChannelSpecificFailures[1].(*ChannelSpecificFailureInvalidRequest)
	assert.Equal(t, ErrorTypeInvalidRequest, inv.Type())
	assert.Equal(t, "지원하지 않는 카드입니다.", inv.Message)
	assertRoundTrip(t, raw, r)

	var unknown IssueBillingKeyResponse
	require.NoError(t, json.Unmarshal([]byte(`{"billingKeyInfo":{"billingKey":"k","issuedAt":"2024-01-01T00:00:00Z"},"channelSpecificFailures":[{"type":"TIMEOUT"}]}`), &unknown))
	assert.Equal(t, ErrorType("TIMEOUT"), unknown.ChannelSpecificFailures[0].(*UnknownChannelSpecificFailure).Type())
}

func TestBillingKeyPrintsMasked(t *testing.T) {
	k := BillingKey("billing-key-secret-0001")
	assert.Equal(t, "[REDACTED]", k.String())
	assert.Equal(t, `"[REDACTED]"`, k.GoString())
	assert.Equal(t, "", BillingKey("").String())
	b, err := json.Marshal(k)
	require.NoError(t, err)
	assert.Equal(t, `"billing-key-secret-0001"`, string(b), "JSON carries the key")

	info := decodeTestdata[BillingKeyInfo](t, "billing_keys", "issued.json")
	assertMasked(t, info.BillingKeyInfoCommon.BillingKey, "billing-key-0190f1e2")
	assertMasked(t, DeleteBillingKeyParams{BillingKey: k, Reason: "해지"}, "billing-key-secret-0001")
}

func TestIssueBillingKeyParamsPrintMasked(t *testing.T) {
	p := IssueBillingKeyParams{
		ChannelKey: "channel-key-0001",
		Method: BillingKeyMethodInput{Card: &BillingKeyCardInput{Credential: CardCredential{
			Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07",
			BirthOrBusinessRegistrationNumber: "900131", PasswordTwoDigits: "42",
		}}},
	}
	assertMasked(t, p, "4512345678901234", "900131")
	assertMasked(t, p.Method, "4512345678901234", "900131")
	assertMasked(t, *p.Method.Card, "4512345678901234", "900131", `"42"`, "Year:28")
	assertMasked(t, p.Method.Card.Credential, "4512345678901234", "900131")
}

var billingKeyWireCases = []wireCase{
	{
		name: "get", reply: replyNaming(issuedBillingKeyJSON, "billingKey", "billing-key/0001 ?#"),
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.Get(context.Background(), "billing-key/0001 ?#", opts...)
		},
		method: http.MethodGet, rawPath: "/billing-keys/billing-key%2F0001%20%3F%23",
		check: func(t *testing.T, out any) {
			b := out.(*BillingKeyInfo)
			assert.IsType(t, &IssuedBillingKeyInfo{}, b.Variant)
			assert.Equal(t, "issue-20240425-0001", b.IssueID)
		},
	},
	{
		name: "list", reply: `{"items":[` + issuedBillingKeyJSON + `],"page":{"number":1,"size":20,"totalCount":21}}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.List(context.Background(), BillingKeyListParams{
				Page: PageInput{Number: 1, Size: 20},
				Sort: BillingKeySortInput{By: BillingKeySortByIssuedAt, Order: SortOrderAsc},
				Filter: BillingKeyFilterInput{
					TimeRangeField: BillingKeyTimeRangeFieldIssuedAt,
					From:           time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
					Status:         []BillingKeyStatus{BillingKeyStatusIssued},
					TextSearch:     &BillingKeyTextSearch{Field: BillingKeyTextSearchFieldCustomerEmail, Value: "hong@example.com"},
					PGCompanies:    []PGCompany{PGCompanyTosspayments},
					Methods:        []BillingKeyPaymentMethodType{BillingKeyPaymentMethodTypeCard},
				},
			}, opts...)
		},
		method: http.MethodGet, rawPath: "/billing-keys",
		requestBody: `{"page":{"number":1,"size":20},"sort":{"by":"ISSUED_AT","order":"ASC"},
			"filter":{"timeRangeField":"ISSUED_AT","from":"2024-04-01T00:00:00Z","status":["ISSUED"],
			"textSearch":{"field":"CUSTOMER_EMAIL","value":"hong@example.com"},"pgCompanies":["TOSSPAYMENTS"],"methods":["CARD"]}}`,
		check: func(t *testing.T, out any) {
			l := out.(*BillingKeyInfoList)
			require.Len(t, l.Items, 1)
			assert.Equal(t, PageInfo{Number: 1, Size: 20, TotalCount: 21}, l.Page)
		},
	},
	{
		name: "list without params", reply: `{"items":[],"page":{"number":0,"size":10,"totalCount":0}}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.List(context.Background(), BillingKeyListParams{}, opts...)
		},
		method: http.MethodGet, rawPath: "/billing-keys",
	},
	{
		name: "issue", reply: string(mustRead("billing_keys", "issue_response.json")),
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.Issue(context.Background(), IssueBillingKeyParams{
				Method: BillingKeyMethodInput{Card: &BillingKeyCardInput{Credential: CardCredential{
					Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07",
					BirthOrBusinessRegistrationNumber: "900131", PasswordTwoDigits: "42",
				}}},
				ChannelKey:  "channel-key-0001",
				Customer:    &CustomerInput{ID: "customer-0001", Name: &CustomerNameInput{Full: "홍길동"}},
				CustomData:  `{"plan":"monthly"}`,
				Bypass:      map[string]any{"inicis_v2": map[string]any{"acceptmethod": []string{"below1000"}}},
				NoticeURLs:  []string{"https://shop.example.com/webhooks/portone"},
				SkipWebhook: true,
			}, opts...)
		},
		method: http.MethodPost, rawPath: "/billing-keys", keyed: true,
		body: `{"method":{"card":{"credential":{"number":"4512345678901234","expiryYear":"28","expiryMonth":"07",
			"birthOrBusinessRegistrationNumber":"900131","passwordTwoDigits":"42"}}},
			"channelKey":"channel-key-0001","customer":{"id":"customer-0001","name":{"full":"홍길동"}},
			"customData":"{\"plan\":\"monthly\"}","bypass":{"inicis_v2":{"acceptmethod":["below1000"]}},
			"noticeUrls":["https://shop.example.com/webhooks/portone"],"skipWebhook":true}`,
		check: func(t *testing.T, out any) {
			r := out.(*IssueBillingKeyResponse)
			assert.Equal(t, BillingKey("billing-key-0190f1e2-0005"), r.BillingKeyInfo.BillingKey)
			assert.Len(t, r.ChannelSpecificFailures, 2)
		},
	},
	{
		name: "delete", reply: `{"deletedAt":"2024-06-30T12:00:00Z"}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{
				BillingKey: "billing-key/0001", Reason: "고객 요청 해지", Requester: BillingKeyDeleteRequesterCustomer,
				SkipWebhook: true,
			}, opts...)
		},
		method: http.MethodDelete, rawPath: "/billing-keys/billing-key%2F0001", keyed: true,
		query: url.Values{"reason": {"고객 요청 해지"}, "requester": {"CUSTOMER"}, "skipWebhook": {"true"}},
		check: func(t *testing.T, out any) {
			assert.Equal(t, time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC), out.(*DeleteBillingKeyResponse).DeletedAt)
		},
	},
	{
		name: "delete with defaults", reply: `{"deletedAt":"2024-06-30T12:00:00Z"}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{BillingKey: "bk"}, opts...)
		},
		method: http.MethodDelete, rawPath: "/billing-keys/bk", keyed: true,
	},
	{
		name: "confirm", reply: `{"billingKey":"billing-key-0006"}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.Confirm(context.Background(), ConfirmBillingKeyParams{
				BillingIssueToken: "issue-token-0001", IsTest: Ptr(false), SkipWebhook: true,
			}, opts...)
		},
		method: http.MethodPost, rawPath: "/billing-keys/confirm", keyed: true,
		body: `{"billingIssueToken":"issue-token-0001","isTest":false,"skipWebhook":true}`,
		check: func(t *testing.T, out any) {
			assert.Equal(t, BillingKey("billing-key-0006"), out.(*ConfirmedBillingKeySummary).BillingKey)
		},
	},
	{
		name: "confirm issue and pay", reply: `{"billingKey":"billing-key-0007","paymentId":"order-0007"}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{
				BillingIssueToken: "issue-token-0002", PaymentID: "order-0007", Currency: CurrencyKRW,
				TotalAmount: Ptr(int64(9900)), TaxFreeAmount: Ptr(int64(0)), IsTest: Ptr(true),
			}, opts...)
		},
		method: http.MethodPost, rawPath: "/billing-keys/confirm-issue-and-pay", keyed: true,
		body: `{"billingIssueToken":"issue-token-0002","paymentId":"order-0007","currency":"KRW",
			"totalAmount":9900,"taxFreeAmount":0,"isTest":true}`,
		check: func(t *testing.T, out any) {
			assert.Equal(t, &ConfirmedBillingKeyIssueAndPaySummary{BillingKey: "billing-key-0007", PaymentID: "order-0007"}, out)
		},
	},
}

// issuedBillingKeyJSON is the issued billing-key fixture, for replies.
var issuedBillingKeyJSON = string(mustRead("billing_keys", "issued.json"))

// mustRead reads a fixture for a package-level variable.
func mustRead(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", dir, name))
	if err != nil {
		panic(err)
	}
	return b
}

func TestBillingKeysWire(t *testing.T) { runWireCases(t, billingKeyWireCases) }

func TestBillingKeysRetrySendsSameRequest(t *testing.T) { runRetryCases(t, billingKeyWireCases) }

func TestBillingKeysStoreID(t *testing.T) {
	card := BillingKeyMethodInput{Card: &BillingKeyCardInput{Credential: CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}}
	runStoreCases(t, []storeCase{
		{
			name: "get", reply: replyNaming(issuedBillingKeyJSON, "billingKey", "bk"), sent: storeInQuery,
			call: func(c *Client, _ string, opts ...RequestOption) error {
				return errOf(c.BillingKeys.Get(context.Background(), "bk", opts...))
			},
		},
		{
			name: "delete", reply: `{"deletedAt":"2024-06-30T12:00:00Z"}`, params: true, sent: storeInQuery,
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{BillingKey: "bk", StoreID: store}, opts...))
			},
		},
		{
			name: "list", reply: `{"items":[],"page":{"number":0,"size":10,"totalCount":0}}`, params: true,
			sent: storeInRequestBody("filter", "storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.BillingKeys.List(context.Background(), BillingKeyListParams{Filter: BillingKeyFilterInput{StoreID: store}}, opts...))
			},
		},
		{
			name: "issue", reply: `{"billingKeyInfo":{"billingKey":"bk","issuedAt":"2024-01-01T00:00:00Z"}}`, params: true,
			sent: storeInBody("storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.BillingKeys.Issue(context.Background(), IssueBillingKeyParams{StoreID: store, ChannelKey: "ck", Method: card}, opts...))
			},
		},
		{
			name: "confirm", reply: `{"billingKey":"bk"}`, params: true, sent: storeInBody("storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.BillingKeys.Confirm(context.Background(), ConfirmBillingKeyParams{StoreID: store, BillingIssueToken: "t"}, opts...))
			},
		},
		{
			name: "confirm issue and pay", reply: `{"billingKey":"bk","paymentId":"p"}`, params: true, sent: storeInBody("storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{StoreID: store, BillingIssueToken: "t", PaymentID: "p"}, opts...))
			},
		},
	})
}

func TestBillingKeysValidation(t *testing.T) {
	valid := func() IssueBillingKeyParams {
		return IssueBillingKeyParams{ChannelKey: "ck", Method: BillingKeyMethodInput{Card: &BillingKeyCardInput{
			Credential: CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}}}
	}
	issue := func(mod func(*IssueBillingKeyParams)) func(c *Client) error {
		return func(c *Client) error { return errOf(c.BillingKeys.Issue(context.Background(), modified(valid(), mod))) }
	}
	runValidationCases(t, []validationCase{
		{name: "get empty key", field: "billingKey", call: func(c *Client) error {
			return errOf(c.BillingKeys.Get(context.Background(), ""))
		}},
		{name: "get dot-dot key", field: "billingKey", call: func(c *Client) error {
			return errOf(c.BillingKeys.Get(context.Background(), ".."))
		}},
		{name: "delete empty key", field: "BillingKey", call: func(c *Client) error {
			return errOf(c.BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{Reason: "x"}))
		}},
		{name: "list negative page", field: "Page.Number", call: func(c *Client) error {
			return errOf(c.BillingKeys.List(context.Background(), BillingKeyListParams{Page: PageInput{Number: -1}}))
		}},
		{name: "list reversed range", field: "Filter.Until", call: func(c *Client) error {
			return errOf(c.BillingKeys.List(context.Background(), BillingKeyListParams{Filter: BillingKeyFilterInput{
				From: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}))
		}},
		{name: "issue without channel", field: "ChannelKey", call: issue(func(p *IssueBillingKeyParams) { p.ChannelKey = "" })},
		{name: "issue without card", field: "Method.Card", call: issue(func(p *IssueBillingKeyParams) { p.Method.Card = nil })},
		{name: "issue bad card number", field: "Method.Card.Credential.Number", call: issue(func(p *IssueBillingKeyParams) {
			p.Method.Card.Credential.Number = "4512-3456-7890-1234"
		})},
		{name: "issue bad expiry", field: "Method.Card.Credential.ExpiryMonth", call: issue(func(p *IssueBillingKeyParams) {
			p.Method.Card.Credential.ExpiryMonth = "7"
		})},
		{name: "issue bad password", field: "Method.Card.Credential.PasswordTwoDigits", call: issue(func(p *IssueBillingKeyParams) {
			p.Method.Card.Credential.PasswordTwoDigits = "123"
		})},
		{name: "issue bad birth", field: "Method.Card.Credential.BirthOrBusinessRegistrationNumber", call: issue(func(p *IssueBillingKeyParams) {
			p.Method.Card.Credential.BirthOrBusinessRegistrationNumber = "90-01-31"
		})},
		{name: "confirm without token", field: "BillingIssueToken", call: func(c *Client) error {
			return errOf(c.BillingKeys.Confirm(context.Background(), ConfirmBillingKeyParams{}))
		}},
		{name: "confirm-issue-and-pay without payment id", field: "PaymentID", call: func(c *Client) error {
			return errOf(c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "t"}))
		}},
		{name: "confirm-issue-and-pay zero amount", field: "TotalAmount", call: func(c *Client) error {
			return errOf(c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{
				BillingIssueToken: "t", PaymentID: "order-1", TotalAmount: Ptr(int64(0))}))
		}},
		{name: "confirm-issue-and-pay tax free over total", field: "TaxFreeAmount", call: func(c *Client) error {
			return errOf(c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{
				BillingIssueToken: "t", PaymentID: "order-1", TotalAmount: Ptr(int64(100)), TaxFreeAmount: Ptr(int64(101))}))
		}},
	})
}

func TestBillingKeysErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name: "get not found", status: 404, wantType: ErrorTypeBillingKeyNotFound, wantIs: ErrNotFound,
			body: `{"type":"BILLING_KEY_NOT_FOUND","message":"빌링키가 존재하지 않습니다."}`,
			call: func(c *Client) error { return errOf(c.BillingKeys.Get(context.Background(), "bk")) },
		},
		{
			name: "delete already deleted", status: 409, wantType: ErrorTypeBillingKeyAlreadyDeleted, wantIs: ErrConflict,
			body: `{"type":"BILLING_KEY_ALREADY_DELETED"}`,
			call: func(c *Client) error {
				return errOf(c.BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{BillingKey: "bk"}))
			},
		},
		{
			name: "delete with schedules", status: 409, wantType: ErrorTypePaymentScheduleAlreadyExists, wantIs: ErrConflict,
			body: `{"type":"PAYMENT_SCHEDULE_ALREADY_EXISTS","message":"예약된 결제가 있습니다."}`,
			call: func(c *Client) error {
				return errOf(c.BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{BillingKey: "bk"}))
			},
		},
		{
			name: "confirm mismatch", status: 409, wantType: ErrorTypeInformationMismatch, wantIs: ErrConflict,
			body: `{"type":"INFORMATION_MISMATCH"}`,
			call: func(c *Client) error {
				return errOf(c.BillingKeys.Confirm(context.Background(), ConfirmBillingKeyParams{BillingIssueToken: "t"}))
			},
		},
		{
			name: "issue channel specific", status: 502, wantType: ErrorTypeChannelSpecific, wantIs: ErrServer,
			body: `{"type":"CHANNEL_SPECIFIC","failures":[],"succeededChannels":[]}`,
			call: func(c *Client) error {
				return errOf(c.BillingKeys.Issue(context.Background(), IssueBillingKeyParams{ChannelGroupID: "g", Method: BillingKeyMethodInput{
					Card: &BillingKeyCardInput{Credential: CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}}}))
			},
		},
	})
}

func TestBillingKeyWriteOutcomeUnknown(t *testing.T) {
	// A 5xx on every attempt of a keyed write: each attempt may have been
	// applied, so the error says the outcome is unknown and names the
	// payment to reconcile with. Every attempt carries the same key.
	ws := newWireServer(t, `{}`)
	for range 3 {
		ws.then(http.StatusServiceUnavailable, `{"type":"UNAVAILABLE","message":"잠시 후 다시 시도해 주세요."}`)
	}
	_, err := testClient(t, ws).BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{
		BillingIssueToken: "t", PaymentID: "order-0007"})
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "order-0007", unknown.Reference)
	assert.Equal(t, "billingKeys.confirmIssueAndPay", unknown.Op)
	assert.True(t, errors.Is(err, ErrOutcomeUnknown))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	reqs := ws.recorded()
	require.Len(t, reqs, 3)
	for _, r := range reqs[1:] {
		assert.Equal(t, reqs[0].Header.Get("Idempotency-Key"), r.Header.Get("Idempotency-Key"))
		assert.Equal(t, reqs[0].Body, r.Body)
	}
	assert.NotContains(t, err.Error(), "test-api-secret")
}

func TestBillingKeyPGDeclineIsFinal(t *testing.T) {
	// PG_PROVIDER is the PG's answer: PortOne processed the request, so it
	// is neither retried nor an unknown outcome.
	ws := newWireServer(t, `{}`)
	ws.then(http.StatusBadGateway, `{"type":"PG_PROVIDER","message":"PG사 오류","pgCode":"E999","pgMessage":"한도 초과"}`)
	_, err := testClient(t, ws).BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{
		BillingIssueToken: "t", PaymentID: "order-0007"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, ErrorTypePGProvider, apiErr.Type)
	assert.Equal(t, "E999", apiErr.PGCode)
	assert.Equal(t, "한도 초과", apiErr.PGMessage)
	assert.ErrorIs(t, err, ErrServer)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, ws.recorded(), 1)
}

func TestBillingKeysCallerIdempotencyKey(t *testing.T) {
	ws := newWireServer(t, `{"deletedAt":"2024-06-30T12:00:00Z"}`)
	_, err := testClient(t, ws).BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{BillingKey: "bk"},
		WithIdempotencyKey("delete-bk-customer-0001"))
	require.NoError(t, err)
	assert.Equal(t, `"delete-bk-customer-0001"`, ws.last(t).Header.Get("Idempotency-Key"))
}

// FuzzServiceObjectsDecode feeds arbitrary bytes to the decoders of
// BillingKeyInfo, PaymentSchedule, CashReceipt, IdentityVerification and
// IssueBillingKeyResponse. Decoding must not panic; when it succeeds,
// encoding must succeed and be a fixed point of decode-then-encode.
func FuzzServiceObjectsDecode(f *testing.F) {
	for _, dir := range []string{"billing_keys", "payment_schedules", "cash_receipts", "identity_verifications"} {
		paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		require.NoError(f, err)
		for _, p := range paths {
			f.Add(mustRead(dir, filepath.Base(p)))
		}
	}
	f.Add([]byte(`{"status":"ISSUED","methods":[null],"channels":null}`))
	f.Add([]byte(`{"status":"VERIFIED","verifiedCustomer":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzFixedPoint[BillingKeyInfo](t, data)
		fuzzFixedPoint[PaymentSchedule](t, data)
		fuzzFixedPoint[CashReceipt](t, data)
		fuzzFixedPoint[IdentityVerification](t, data)
		fuzzFixedPoint[IssueBillingKeyResponse](t, data)
	})
}

// fuzzFixedPoint decodes data into a T and, if that succeeds, checks that
// encoding, decoding and encoding again gives the same bytes.
func fuzzFixedPoint[T any](t *testing.T, data []byte) {
	var v T
	if json.Unmarshal(data, &v) != nil {
		return
	}
	once, err := json.Marshal(v)
	require.NoError(t, err)
	var again T
	require.NoError(t, json.Unmarshal(once, &again), string(once))
	twice, err := json.Marshal(again)
	require.NoError(t, err)
	assert.Equal(t, string(once), string(twice))
}

// hollowReply is a 2xx answer to a write that does not say what was
// applied, and the reference the caller must reconcile with.
type hollowReply struct {
	reply     string
	call      func(c *Client) error
	reference string
}

// assertHollowRepliesUnknown checks that each reply ends its write as an
// unknown outcome: an *OutcomeUnknownError around a *DecodeError, carrying
// the reference and the Idempotency-Key that was sent, after one request
// (a 2xx is not retried), never a success with zero values.
func assertHollowRepliesUnknown(t *testing.T, cases map[string]hollowReply) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			err := tc.call(testClient(t, ws))
			require.ErrorIs(t, err, ErrOutcomeUnknown, "a 2xx %s is not a success", tc.reply)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			var decodeErr *DecodeError
			assert.ErrorAs(t, err, &decodeErr, "the reply is what is wrong")
			assert.Equal(t, tc.reference, unknown.Reference)
			reqs := ws.recorded()
			require.Len(t, reqs, 1)
			assert.Equal(t, reqs[0].Header.Get("Idempotency-Key"), `"`+unknown.IdempotencyKey+`"`, "the key to repeat the write with")
		})
	}
}

// TestBillingKeyWritesRefuseHollowReplies: a 2xx whose body is {} or lacks
// the members that say what was applied (the schema's required ones) is
// an unknown outcome for every billing-key write, as for the payment
// writes: never an issued key without its key, a deletion without its
// time, a charge (ConfirmIssueAndPay) without its payment id.
func TestBillingKeyWritesRefuseHollowReplies(t *testing.T) {
	card := BillingKeyMethodInput{Card: &BillingKeyCardInput{Credential: CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}}
	issue := func(c *Client) error {
		return errOf(c.BillingKeys.Issue(context.Background(), IssueBillingKeyParams{ChannelKey: "ck", Method: card}))
	}
	remove := func(c *Client) error {
		return errOf(c.BillingKeys.Delete(context.Background(), DeleteBillingKeyParams{BillingKey: "bk"}))
	}
	confirm := func(c *Client) error {
		return errOf(c.BillingKeys.Confirm(context.Background(), ConfirmBillingKeyParams{BillingIssueToken: "t"}))
	}
	confirmAndPay := func(c *Client) error {
		return errOf(c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "t", PaymentID: "order-1"}))
	}
	assertHollowRepliesUnknown(t, map[string]hollowReply{
		"issue {}":                       {`{}`, issue, ""},
		"issue without billingKey":       {`{"billingKeyInfo":{"issuedAt":"2024-04-25T10:00:00Z"}}`, issue, ""},
		"issue with an empty key":        {`{"billingKeyInfo":{"billingKey":"","issuedAt":"2024-04-25T10:00:00Z"}}`, issue, ""},
		"issue without issuedAt":         {`{"billingKeyInfo":{"billingKey":"bk"}}`, issue, ""},
		"issue with a null info":         {`{"billingKeyInfo":null,"channelSpecificFailures":[]}`, issue, ""},
		"delete {}":                      {`{}`, remove, ""},
		"delete with a null deletedAt":   {`{"deletedAt":null}`, remove, ""},
		"confirm {}":                     {`{}`, confirm, ""},
		"confirm with an empty key":      {`{"billingKey":""}`, confirm, ""},
		"confirmIssueAndPay {}":          {`{}`, confirmAndPay, "order-1"},
		"confirmIssueAndPay without id":  {`{"billingKey":"bk"}`, confirmAndPay, "order-1"},
		"confirmIssueAndPay without key": {`{"paymentId":"order-1"}`, confirmAndPay, "order-1"},
	})
}

// TestConfirmIssueAndPayRefusesAnotherPayment: ConfirmIssueAndPay is a
// charge. A 2xx that names another payment than the one sent says nothing
// about the caller's: it ends as an unknown outcome whose Reference is the
// payment id sent, never a success the caller would record against the
// wrong payment. The reply naming the payment sent is the success.
func TestConfirmIssueAndPayRefusesAnotherPayment(t *testing.T) {
	ws := newWireServer(t, `{"billingKey":"billing-key-0009","paymentId":"order-2"}`)
	c := testClient(t, ws)
	_, err := c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "t", PaymentID: "order-1"})
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.NotErrorIs(t, err, ErrServer, "no other category")
	assert.Equal(t, "order-1", unknown.Reference)
	assert.Equal(t, "billingKeys.confirmIssueAndPay", unknown.Op)
	assert.Equal(t, 1, unknown.Attempts)
	assert.Equal(t, ws.last(t).Header.Get("Idempotency-Key"), `"`+unknown.IdempotencyKey+`"`)
	var decodeErr *DecodeError
	require.ErrorAs(t, err, &decodeErr)
	assert.Equal(t, http.StatusOK, decodeErr.Status)
	assert.Contains(t, err.Error(), `"order-2"`)
	assert.NotContains(t, err.Error(), "billing-key-0009", "the billing key is a credential")

	out, err := c.BillingKeys.ConfirmIssueAndPay(context.Background(), ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "t", PaymentID: "order-2"})
	require.NoError(t, err)
	assert.Equal(t, "order-2", out.PaymentID)
	assert.Len(t, ws.recorded(), 2)
}
