package portone

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// payID needs escaping: '/', ' ' and '?' would change the path.
const (
	payID        = "pay/1 ?"
	payIDEscaped = "pay%2F1%20%3F"
)

// payFixture reads testdata/payments/name.
func payFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "payments", name))
	require.NoError(t, err)
	return string(b)
}

// payRequestBody returns the requestBody query parameter of r.
func payRequestBody(t *testing.T, r recordedRequest) string {
	t.Helper()
	vs := r.Query["requestBody"]
	require.Len(t, vs, 1, "requestBody query parameter")
	return vs[0]
}

// payQuotedKey is an RFC 8941 string of 16 to 256 printable characters.
var payQuotedKey = regexp.MustCompile(`^"[\x20-\x7e]{16,256}"$`)

// payAssertKeyed checks the Idempotency-Key of a write and returns it.
func payAssertKeyed(t *testing.T, r recordedRequest) string {
	t.Helper()
	vs := r.Header.Values("Idempotency-Key")
	require.Len(t, vs, 1, "one Idempotency-Key on %s %s", r.Method, r.RawPath)
	assert.Regexp(t, payQuotedKey, vs[0])
	return vs[0]
}

func TestPaymentsGetWire(t *testing.T) {
	ws := newWireServer(t, replyNaming(payFixture(t, "paid_card.json"), "id", payID))
	c := testClient(t, ws)

	p, err := c.Payments.Get(t.Context(), payID)
	require.NoError(t, err)
	assert.Equal(t, payID, p.ID)
	assert.IsType(t, &PaidPayment{}, p.Variant)
	assert.Equal(t, int64(39800), p.Amount.Total)

	r := ws.last(t)
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/payments/"+payIDEscaped, r.RawPath)
	assert.Equal(t, payID, strings.TrimPrefix(r.Path, "/payments/"))
	assert.Empty(t, r.Query, "no storeId without a store")
	assert.Empty(t, r.Body)
	assert.Equal(t, "PortOne test-api-secret", r.Header.Get("Authorization"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.Equal(t, c.t.UserAgent(), r.Header.Get("User-Agent"))
	assert.Empty(t, r.Header.Values("Idempotency-Key"), "GETs carry no Idempotency-Key")
}

func TestPaymentsTransactionsWire(t *testing.T) {
	reply := `{"items":[
		{"status":"FAILED","id":"tx-1","paymentId":"pay-1","failedAt":"2024-04-25T10:00:00Z","failure":{"reason":"한도 초과"},"amount":{"total":1000}},
		{"status":"PAID","id":"tx-2","paymentId":"pay-1","paidAt":"2024-04-25T10:01:00Z","amount":{"total":1000},"disputes":[]},
		{"status":"REFUNDING","id":"tx-3","paymentId":"pay-1","amount":{"total":1000}}]}`
	ws := newWireServer(t, strings.ReplaceAll(reply, `"pay-1"`, `"`+payID+`"`))
	c := testClient(t, ws)

	txs, err := c.Payments.Transactions(t.Context(), payID)
	require.NoError(t, err)
	r := ws.last(t)
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/payments/"+payIDEscaped+"/transactions", r.RawPath)
	assert.Empty(t, r.Header.Values("Idempotency-Key"))

	require.Len(t, txs, 3)
	assert.Equal(t, payID, txs[0].ID, "ID is the payment id")
	assert.Equal(t, "tx-1", txs[0].TransactionID, "TransactionID is the attempt's id")
	failed, ok := txs[0].Failed()
	require.True(t, ok)
	assert.Equal(t, "한도 초과", failed.Failure.Reason)
	assert.IsType(t, &PaidPayment{}, txs[1].Variant)
	assert.Equal(t, "tx-3", txs[2].TransactionID)
	assert.IsType(t, &UnknownPayment{}, txs[2].Variant)

	// Re-encoding gives PortOne's form back.
	for _, tx := range txs {
		b, err := json.Marshal(tx)
		require.NoError(t, err)
		var again PaymentTransaction
		require.NoError(t, json.Unmarshal(b, &again))
		assert.Equal(t, tx.ID, again.ID)
		assert.Equal(t, tx.TransactionID, again.TransactionID)
		assert.Equal(t, tx.Status, again.Status)
	}
}

func TestPaymentsListWire(t *testing.T) {
	reply := `{"items":[` + payFixture(t, "paid_card.json") + `],"page":{"number":1,"size":50,"totalCount":51}}`
	ws := newWireServer(t, reply)
	c := testClient(t, ws)
	from := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)

	page, err := c.Payments.List(t.Context(), PaymentListParams{
		Page: PageInput{Number: 1, Size: 50},
		Filter: PaymentFilter{
			TimestampType: PaymentTimestampTypeCreatedAt, From: from, Until: until,
			Status:     []PaymentFilterStatus{PaymentFilterStatusPaid, PaymentStatusPayPending.FilterStatus()},
			Methods:    []PaymentMethodType{PaymentMethodTypeCard},
			PGProvider: []PGProvider{"TOSSPAYMENTS"},
			IsTest:     Ptr(false), IsEscrow: Ptr(true),
			SortBy: PaymentSortByStatusChangedAt, SortOrder: SortOrderAsc, Currency: CurrencyKRW,
			PlatformType: PaymentClientTypeSDKPC, EscrowStatus: PaymentFilterEscrowStatusDelivered,
			CashReceiptType:          CashReceiptInputTypeCorporate,
			CashReceiptIssuedAtRange: &DateTimeRange{From: from, Until: until},
			TextSearch:               []PaymentTextSearch{{Field: PaymentTextSearchFieldOrderName, Value: "러닝화"}},
		},
	})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "order-20240425-0001", page.Items[0].ID)
	assert.Equal(t, PageInfo{Number: 1, Size: 50, TotalCount: 51}, page.Page)

	r := ws.last(t)
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/payments", r.RawPath)
	assert.Empty(t, r.Body, "GETs send the input in the query, not a body")
	assert.Empty(t, r.Header.Values("Idempotency-Key"))
	assert.JSONEq(t, `{
		"page":{"number":1,"size":50},
		"filter":{"timestampType":"CREATED_AT","from":"2024-04-01T00:00:00Z","until":"2024-05-01T00:00:00Z",
			"status":["PAID","PENDING"],"methods":["CARD"],"pgProvider":["TOSSPAYMENTS"],
			"isTest":false,"isEscrow":true,"sortBy":"STATUS_CHANGED_AT","sortOrder":"ASC","currency":"KRW",
			"platformType":"SDK_PC","escrowStatus":"DELIVERED","cashReceiptType":"CORPORATE",
			"cashReceiptIssuedAtRange":{"from":"2024-04-01T00:00:00Z","until":"2024-05-01T00:00:00Z"},
			"textSearch":[{"field":"ORDER_NAME","value":"러닝화"}]}}`, payRequestBody(t, r))

	_, err = c.Payments.List(t.Context(), PaymentListParams{})
	require.NoError(t, err)
	assert.NotContains(t, ws.last(t).Query, "requestBody", "empty params send no requestBody")
}

// payStorePlacement is where one endpoint puts the store id.
type payStorePlacement struct {
	name string
	// call makes the call with the given request options and params store.
	call func(ctx context.Context, c *Client, paramsStore string, opts ...RequestOption) error
	// store reads the store id sent, and whether one was sent.
	store func(t *testing.T, r recordedRequest) (string, bool)
	// hasParams: the params have a StoreID field.
	hasParams bool
}

func payQueryStore(_ *testing.T, r recordedRequest) (string, bool) {
	vs, ok := r.Query["storeId"]
	if !ok {
		return "", false
	}
	return vs[0], true
}

func payJSONStore(path ...string) func(t *testing.T, r recordedRequest) (string, bool) {
	return func(t *testing.T, r recordedRequest) (string, bool) {
		raw := string(r.Body)
		if r.Method == http.MethodGet {
			vs := r.Query["requestBody"]
			if len(vs) == 0 {
				return "", false
			}
			raw = vs[0]
		}
		var v any
		require.NoError(t, json.Unmarshal([]byte(raw), &v), raw)
		for _, k := range path {
			m, _ := v.(map[string]any)
			if v = m[k]; v == nil {
				return "", false
			}
		}
		s, _ := v.(string)
		return s, true
	}
}

func TestPaymentsStoreIDPlacement(t *testing.T) {
	drain := func(seq func(func(*Payment, error) bool)) error {
		var err error
		seq(func(_ *Payment, e error) bool { err = e; return e == nil })
		return err
	}
	cases := []payStorePlacement{
		{name: "get", store: payQueryStore, call: func(ctx context.Context, c *Client, _ string, opts ...RequestOption) error {
			return errOf(c.Payments.Get(ctx, "p-1", opts...))
		}},
		{name: "transactions", store: payQueryStore, call: func(ctx context.Context, c *Client, _ string, opts ...RequestOption) error {
			return errOf(c.Payments.Transactions(ctx, "p-1", opts...))
		}},
		{name: "close virtual account", store: payQueryStore, hasParams: true, call: func(ctx context.Context, c *Client, s string, opts ...RequestOption) error {
			return errOf(c.Payments.CloseVirtualAccount(ctx, CloseVirtualAccountParams{PaymentID: "p-1", StoreID: s}, opts...))
		}},
		{name: "list", store: payJSONStore("filter", "storeId"), hasParams: true, call: func(ctx context.Context, c *Client, s string, opts ...RequestOption) error {
			return errOf(c.Payments.List(ctx, PaymentListParams{Filter: PaymentFilter{StoreID: s}}, opts...))
		}},
		{name: "all by cursor", store: payJSONStore("storeId"), hasParams: true, call: func(ctx context.Context, c *Client, s string, opts ...RequestOption) error {
			return drain(c.Payments.All(ctx, PaymentCursorParams{StoreID: s}, opts...))
		}},
		{name: "cancel", store: payJSONStore("storeId"), hasParams: true, call: func(ctx context.Context, c *Client, s string, opts ...RequestOption) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "p-1", StoreID: s, Full: true, Reason: "r"}, opts...))
		}},
		{name: "capture", store: payJSONStore("storeId"), hasParams: true, call: func(ctx context.Context, c *Client, s string, opts ...RequestOption) error {
			return c.Payments.Capture(ctx, CapturePaymentParams{PaymentID: "p-1", StoreID: s}, opts...)
		}},
	}
	// Replies every endpoint above accepts.
	reply := `{"status":"PAID","id":"p-1","amount":{"total":1000},"currency":"KRW","items":[],"cancellation":{"status":"SUCCEEDED","id":"c","totalAmount":1000},"closedAt":"2024-01-01T00:00:00Z"}`
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newStoreEchoServer(t, reply) // Get refuses a reply of another store
			plain := testClient(t, ws)
			withDefault := testClient(t, ws, WithDefaultStoreID("store-default"))
			ctx := t.Context()

			require.NoError(t, tc.call(ctx, plain, ""))
			_, sent := tc.store(t, ws.last(t))
			assert.False(t, sent, "no store id without one")

			require.NoError(t, tc.call(ctx, withDefault, ""))
			got, _ := tc.store(t, ws.last(t))
			assert.Equal(t, "store-default", got, "client default")

			require.NoError(t, tc.call(ctx, withDefault, "", WithStoreID("store-option")))
			got, _ = tc.store(t, ws.last(t))
			assert.Equal(t, "store-option", got, "WithStoreID overrides the default")

			if tc.hasParams {
				require.NoError(t, tc.call(ctx, withDefault, "store-params", WithStoreID("store-option")))
				got, _ = tc.store(t, ws.last(t))
				assert.Equal(t, "store-params", got, "params override WithStoreID")
			}
		})
	}
}

// payWriteCase is one write endpoint: the call, and what must go on the wire.
type payWriteCase struct {
	name    string
	call    func(ctx context.Context, c *Client) (any, error)
	method  string
	rawPath string
	body    string // expected JSON body; "" for none
	reply   string
	check   func(t *testing.T, got any)
}

var payTime = time.Date(2024, 4, 26, 9, 0, 0, 0, time.UTC)

func payWriteCases() []payWriteCase {
	base := "/payments/" + payIDEscaped
	at := `"2024-04-26T09:00:00Z"`
	return []payWriteCase{
		{
			name: "cancel full", method: http.MethodPost, rawPath: base + "/cancel",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: payID, Full: true, Reason: "고객 요청"})
			},
			body:  `{"reason":"고객 요청"}`,
			reply: `{"cancellation":{"status":"SUCCEEDED","id":"c-1","totalAmount":39800,"taxFreeAmount":0,"vatAmount":3618,"reason":"고객 요청","requestedAt":` + at + `,"cancelledAt":` + at + `,"trigger":"API"}}`,
			check: func(t *testing.T, got any) {
				c, ok := got.(*SucceededPaymentCancellation)
				require.True(t, ok, "%T", got)
				assert.Equal(t, "c-1", c.ID)
				assert.Equal(t, int64(39800), c.TotalAmount)
			},
		},
		{
			name: "cancel partial", method: http.MethodPost, rawPath: base + "/cancel",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.Cancel(ctx, CancelPaymentParams{
					PaymentID: payID, StoreID: "store-1", Amount: 3000, TaxFreeAmount: Ptr(int64(0)), VATAmount: Ptr(int64(273)),
					Reason: "부분 환불", Requester: CancelRequesterAdmin, PromotionDiscountRetainOption: PromotionDiscountRetainOptionRetain,
					CurrentCancellableAmount: Ptr(int64(10000)),
					RefundAccount:            &RefundAccount{Bank: BankKookmin, Number: "1234567890", HolderName: "홍길동", HolderPhoneNumber: "01012345678"},
					RefundEmail:              "buyer@example.com", SkipWebhook: true,
				})
			},
			body: `{"storeId":"store-1","amount":3000,"taxFreeAmount":0,"vatAmount":273,"reason":"부분 환불","requester":"ADMIN",
				"promotionDiscountRetainOption":"RETAIN","currentCancellableAmount":10000,
				"refundAccount":{"bank":"KOOKMIN","number":"1234567890","holderName":"홍길동","holderPhoneNumber":"01012345678"},
				"refundEmail":"buyer@example.com","skipWebhook":true}`,
			reply: `{"cancellation":{"status":"REQUESTED","id":"c-2","totalAmount":3000,"reason":"부분 환불","requestedAt":` + at + `}}`,
			check: func(t *testing.T, got any) {
				c, ok := got.(*RequestedPaymentCancellation)
				require.True(t, ok, "%T", got)
				assert.Equal(t, "c-2", c.ID)
			},
		},
		{
			name: "stop cancellation", method: http.MethodPost, rawPath: base + "/cancellations/c%2F2/stop",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.StopCancellation(ctx, StopPaymentCancellationParams{PaymentID: payID, CancellationID: "c/2"})
			},
			body: `{}`, reply: `{"stoppedAt":` + at + `}`,
			check: func(t *testing.T, got any) {
				assert.True(t, payTime.Equal(got.(*StoppedCancellation).StoppedAt))
			},
		},
		{
			name: "capture", method: http.MethodPost, rawPath: base + "/capture",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Payments.Capture(ctx, CapturePaymentParams{PaymentID: payID})
			},
			body: `{}`, reply: `{}`,
		},
		{
			name: "confirm", method: http.MethodPost, rawPath: base + "/confirm",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.Confirm(ctx, ConfirmPaymentParams{
					PaymentID: payID, PaymentToken: "token-1", TxID: "tx-1", Currency: CurrencyKRW,
					TotalAmount: Ptr(int64(1000)), TaxFreeAmount: Ptr(int64(0)), IsTest: Ptr(false), SkipWebhook: true,
				})
			},
			body:  `{"paymentToken":"token-1","txId":"tx-1","currency":"KRW","totalAmount":1000,"taxFreeAmount":0,"isTest":false,"skipWebhook":true}`,
			reply: `{"pgTxId":"pg-1","paidAt":` + at + `}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, "pg-1", got.(*ConfirmedPaymentSummary).PGTxID)
			},
		},
		{
			name: "pre-register", method: http.MethodPost, rawPath: base + "/pre-register",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Payments.PreRegister(ctx, PreRegisterPaymentParams{
					PaymentID: payID, TotalAmount: Ptr(int64(1000)), TaxFreeAmount: Ptr(int64(0)), Currency: CurrencyKRW,
				})
			},
			body: `{"totalAmount":1000,"taxFreeAmount":0,"currency":"KRW"}`, reply: `{}`,
		},
		{
			name: "pay with billing key", method: http.MethodPost, rawPath: base + "/billing-key",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.PayWithBillingKey(ctx, BillingKeyPaymentParams{
					PaymentID: payID, BillingKey: "billing-key-1", ChannelKey: "channel-1", OrderName: "월간 구독",
					Customer: &CustomerInput{ID: "cus-1", Name: &CustomerNameInput{Full: "홍길동"}, Email: "a@example.com",
						Address: &SeparatedAddressInput{AddressLine1: "서울", AddressLine2: "1층"}},
					CustomData: `{"plan":"basic"}`,
					Amount:     PaymentAmountInput{Total: 9900, TaxFree: Ptr(int64(0)), VAT: Ptr(int64(900))},
					Currency:   CurrencyKRW, InstallmentMonth: Ptr(0), UseFreeInterestFromMerchant: Ptr(false), UseCardPoint: Ptr(true),
					CashReceipt: &CashReceiptInput{Type: CashReceiptInputTypePersonal, CustomerIdentityNumber: "01012345678"},
					Country:     CountryKR, NoticeURLs: []string{"https://shop.example.com/webhook"},
					Products:     []PaymentProduct{{ID: "prod-1", Name: "구독", Amount: 9900, Quantity: 1}},
					ProductCount: Ptr(1), ProductType: PaymentProductTypeDigital, PromotionID: "promo-1", Locale: LocaleKoKR,
					Bypass: map[string]any{"kcp": map[string]any{"site_logo": "x"}}, SkipWebhook: true,
				})
			},
			body: `{"billingKey":"billing-key-1","channelKey":"channel-1","orderName":"월간 구독",
				"customer":{"id":"cus-1","name":{"full":"홍길동"},"email":"a@example.com","address":{"addressLine1":"서울","addressLine2":"1층"}},
				"customData":"{\"plan\":\"basic\"}","amount":{"total":9900,"taxFree":0,"vat":900},"currency":"KRW",
				"installmentMonth":0,"useFreeInterestFromMerchant":false,"useCardPoint":true,
				"cashReceipt":{"type":"PERSONAL","customerIdentityNumber":"01012345678"},"country":"KR",
				"noticeUrls":["https://shop.example.com/webhook"],"products":[{"id":"prod-1","name":"구독","amount":9900,"quantity":1}],
				"productCount":1,"productType":"DIGITAL","promotionId":"promo-1","locale":"KO_KR",
				"bypass":{"kcp":{"site_logo":"x"}},"skipWebhook":true}`,
			reply: `{"payment":{"pgTxId":"pg-2","paidAt":` + at + `}}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, "pg-2", got.(*BillingKeyPaymentSummary).PGTxID)
			},
		},
		{
			name: "pay instantly by card", method: http.MethodPost, rawPath: base + "/instant",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.PayInstantly(ctx, InstantPaymentParams{
					PaymentID: payID, ChannelKey: "channel-1", OrderName: "수기 결제",
					Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{
						Credential: CardCredential{Number: "4512345678907890", ExpiryYear: "28", ExpiryMonth: "12",
							BirthOrBusinessRegistrationNumber: "900101", PasswordTwoDigits: "12"},
						InstallmentMonth: Ptr(3), UseFreeInstallmentPlan: Ptr(true),
					}},
					Amount: PaymentAmountInput{Total: 50000}, Currency: CurrencyKRW, IsEscrow: true,
				})
			},
			body: `{"channelKey":"channel-1","orderName":"수기 결제","isEscrow":true,"amount":{"total":50000},"currency":"KRW",
				"method":{"card":{"credential":{"number":"4512345678907890","expiryYear":"28","expiryMonth":"12",
					"birthOrBusinessRegistrationNumber":"900101","passwordTwoDigits":"12"},"installmentMonth":3,"useFreeInstallmentPlan":true}}}`,
			reply: `{"payment":{"pgTxId":"pg-3","paidAt":` + at + `}}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, "pg-3", got.(*InstantPaymentSummary).PGTxID)
			},
		},
		{
			name: "pay instantly by virtual account", method: http.MethodPost, rawPath: base + "/instant",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.PayInstantly(ctx, InstantPaymentParams{
					PaymentID: payID, ChannelGroupID: "group-1", OrderName: "가상계좌",
					Method: InstantPaymentMethodInput{VirtualAccount: &InstantPaymentVirtualAccountInput{
						Bank: BankShinhan, Expiry: VirtualAccountExpiry{ValidHours: Ptr(24)},
						Option:       VirtualAccountOption{Type: VirtualAccountOptionTypeFixed, Fixed: &FixedVirtualAccountOption{PGAccountID: "acct-1"}},
						CashReceipt:  &CashReceiptInput{Type: CashReceiptInputTypeCorporate, CustomerIdentityNumber: "1234567890"},
						RemitteeName: "(주)예제",
					}},
					Amount: PaymentAmountInput{Total: 54000}, Currency: CurrencyKRW,
				})
			},
			body: `{"channelGroupId":"group-1","orderName":"가상계좌","amount":{"total":54000},"currency":"KRW",
				"method":{"virtualAccount":{"bank":"SHINHAN","expiry":{"validHours":24},"option":{"type":"FIXED","fixed":{"pgAccountId":"acct-1"}},
					"cashReceipt":{"type":"CORPORATE","customerIdentityNumber":"1234567890"},"remitteeName":"(주)예제"}}}`,
			reply: `{"payment":{"pgTxId":"pg-4","paidAt":` + at + `}}`,
		},
		{
			name: "register store receipt", method: http.MethodPost, rawPath: base + "/register-store-receipt",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.RegisterStoreReceipt(ctx, RegisterStoreReceiptParams{PaymentID: payID, Items: []StoreReceiptItem{{
					StoreBusinessRegistrationNumber: "1234567890", StoreName: "하위 상점", TotalAmount: 1000,
					VATAmount: Ptr(int64(91)), Currency: CurrencyKRW,
				}}})
			},
			body:  `{"items":[{"storeBusinessRegistrationNumber":"1234567890","storeName":"하위 상점","totalAmount":1000,"vatAmount":91,"currency":"KRW"}]}`,
			reply: `{"receiptUrl":"https://example.com/r"}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, "https://example.com/r", got.(*RegisteredStoreReceipt).ReceiptURL)
			},
		},
		{
			name: "resend webhook", method: http.MethodPost, rawPath: base + "/resend-webhook",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.ResendWebhook(ctx, ResendWebhookParams{PaymentID: payID, WebhookID: "wh-1"})
			},
			body:  `{"webhookId":"wh-1"}`,
			reply: `{"webhook":{"id":"wh-1","url":"https://shop.example.com/webhook","status":"SUCCEEDED","trigger":"MANUAL"}}`,
			check: func(t *testing.T, got any) {
				w := got.(*PaymentWebhook)
				assert.Equal(t, "wh-1", w.ID)
				assert.Equal(t, PaymentWebhookStatus("SUCCEEDED"), w.Status)
			},
		},
		{
			name: "close virtual account", method: http.MethodPost, rawPath: base + "/virtual-account/close",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.CloseVirtualAccount(ctx, CloseVirtualAccountParams{PaymentID: payID})
			},
			reply: `{"closedAt":` + at + `}`,
			check: func(t *testing.T, got any) {
				assert.True(t, payTime.Equal(got.(*ClosedVirtualAccount).ClosedAt))
			},
		},
		{
			name: "apply escrow logistics", method: http.MethodPost, rawPath: base + "/escrow/logistics",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.ApplyEscrowLogistics(ctx, EscrowLogisticsParams{
					PaymentID: payID, Sender: &EscrowSenderInput{Name: "상점", Relationship: "판매자"},
					Receiver:  &EscrowReceiverInput{Name: "홍길동", PhoneNumber: "01012345678"},
					Logistics: PaymentLogistics{Company: PaymentLogisticsCompanyCJ, InvoiceNumber: "123-456", SentAt: payTime},
					SendEmail: Ptr(true),
				})
			},
			body: `{"sender":{"name":"상점","relationship":"판매자"},"receiver":{"name":"홍길동","phoneNumber":"01012345678"},
				"logistics":{"company":"CJ","invoiceNumber":"123-456","sentAt":"2024-04-26T09:00:00Z"},"sendEmail":true}`,
			reply: `{"invoiceNumber":"123-456","sentAt":` + at + `,"appliedAt":` + at + `}`,
			check: func(t *testing.T, got any) {
				r := got.(*EscrowLogisticsResult)
				assert.Equal(t, "123-456", r.InvoiceNumber)
				assert.True(t, payTime.Equal(r.AppliedAt))
			},
		},
		{
			name: "modify escrow logistics", method: http.MethodPatch, rawPath: base + "/escrow/logistics",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.ModifyEscrowLogistics(ctx, EscrowLogisticsParams{
					PaymentID: payID,
					Logistics: PaymentLogistics{Company: PaymentLogisticsCompanyHanjin, InvoiceNumber: "789", SentAt: payTime, ReceivedAt: payTime},
				})
			},
			body:  `{"logistics":{"company":"HANJIN","invoiceNumber":"789","sentAt":"2024-04-26T09:00:00Z","receivedAt":"2024-04-26T09:00:00Z"}}`,
			reply: `{"invoiceNumber":"789","sentAt":` + at + `,"modifiedAt":` + at + `}`,
			check: func(t *testing.T, got any) {
				assert.True(t, payTime.Equal(got.(*EscrowLogisticsResult).ModifiedAt))
			},
		},
		{
			name: "complete escrow", method: http.MethodPost, rawPath: base + "/escrow/complete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Payments.CompleteEscrow(ctx, CompleteEscrowParams{PaymentID: payID, FromStore: Ptr(true)})
			},
			body: `{"fromStore":true}`, reply: `{"completedAt":` + at + `}`,
			check: func(t *testing.T, got any) {
				assert.True(t, payTime.Equal(got.(*CompletedEscrow).CompletedAt))
			},
		},
	}
}

func TestPaymentsWritesWire(t *testing.T) {
	for _, tc := range payWriteCases() {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			c := testClient(t, ws)
			got, err := tc.call(t.Context(), c)
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, got)
			}
			reqs := ws.recorded()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tc.method, r.Method)
			assert.Equal(t, tc.rawPath, r.RawPath)
			assert.Empty(t, r.Query)
			assert.Equal(t, "PortOne test-api-secret", r.Header.Get("Authorization"))
			payAssertKeyed(t, r)
			if tc.body == "" {
				assert.Empty(t, r.Body)
				return
			}
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.JSONEq(t, tc.body, string(r.Body))
		})
	}
}

// TestPaymentsWritesRetrySameKey: a write that meets a 503 is sent again
// with the same Idempotency-Key and the same body bytes.
func TestPaymentsWritesRetrySameKey(t *testing.T) {
	for _, tc := range payWriteCases() {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			ws.then(http.StatusServiceUnavailable, `{"type":"UNAVAILABLE","message":"busy"}`)
			c := testClient(t, ws)
			_, err := tc.call(t.Context(), c)
			require.NoError(t, err)
			reqs := ws.recorded()
			require.Len(t, reqs, 2)
			assert.Equal(t, payAssertKeyed(t, reqs[0]), payAssertKeyed(t, reqs[1]))
			assert.True(t, bytes.Equal(reqs[0].Body, reqs[1].Body), "the body is sent byte for byte again")
		})
	}
	t.Run("a caller's key", func(t *testing.T) {
		ws := newWireServer(t, `{}`)
		ws.then(http.StatusBadGateway, `<html>bad gateway</html>`)
		c := testClient(t, ws)
		require.NoError(t, c.Payments.Capture(t.Context(), CapturePaymentParams{PaymentID: "p-1"},
			WithIdempotencyKey("order-1234-capture")))
		for _, r := range ws.recorded() {
			assert.Equal(t, `"order-1234-capture"`, r.Header.Get("Idempotency-Key"))
		}
		assert.Len(t, ws.recorded(), 2)
	})
	t.Run("separate calls get separate keys", func(t *testing.T) {
		ws := newWireServer(t, `{}`)
		c := testClient(t, ws)
		for range 2 {
			require.NoError(t, c.Payments.Capture(t.Context(), CapturePaymentParams{PaymentID: "p-1"}))
		}
		reqs := ws.recorded()
		assert.NotEqual(t, payAssertKeyed(t, reqs[0]), payAssertKeyed(t, reqs[1]))
	})
}

const payOutstanding = `{"type":"IDEMPOTENCY_OUTSTANDING_REQUEST","message":"a request with this key is in progress"}`

func TestPaymentsOutstandingRequest(t *testing.T) {
	t.Run("persisting", func(t *testing.T) {
		ws := newWireServer(t, payOutstanding)
		ws.then(http.StatusConflict, payOutstanding)
		ws.then(http.StatusConflict, payOutstanding)
		ws.then(http.StatusConflict, payOutstanding)
		c := testClient(t, ws)
		const key = "order-1234-cancel-0001"
		_, err := c.Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: payID, Full: true, Reason: "r"},
			WithIdempotencyKey(key))
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, key, unknown.IdempotencyKey)
		assert.Equal(t, payID, unknown.Reference)
		assert.Equal(t, "payments.cancel", unknown.Op)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, ErrorTypeIdempotencyOutstandingRequest, apiErr.Type)

		reqs := ws.recorded()
		require.Len(t, reqs, 3, "1 attempt + 2 retries")
		for _, r := range reqs {
			assert.Equal(t, `"`+key+`"`, r.Header.Get("Idempotency-Key"))
		}
	})
	t.Run("then done", func(t *testing.T) {
		ws := newWireServer(t, `{"pgTxId":"pg-1","paidAt":"2024-04-26T09:00:00Z"}`)
		ws.then(http.StatusConflict, payOutstanding)
		c := testClient(t, ws)
		out, err := c.Payments.Confirm(t.Context(), ConfirmPaymentParams{PaymentID: "p-1", PaymentToken: "t"})
		require.NoError(t, err)
		assert.Equal(t, "pg-1", out.PGTxID)
		reqs := ws.recorded()
		require.Len(t, reqs, 2)
		assert.Equal(t, payAssertKeyed(t, reqs[0]), payAssertKeyed(t, reqs[1]))
	})
}

func TestPaymentsAPIErrors(t *testing.T) {
	t.Run("404 PAYMENT_NOT_FOUND", func(t *testing.T) {
		ws := newWireServer(t, "")
		ws.then(http.StatusNotFound, `{"type":"PAYMENT_NOT_FOUND","message":"결제 건이 존재하지 않습니다."}`)
		_, err := testClient(t, ws).Payments.Get(t.Context(), "missing")
		assert.ErrorIs(t, err, ErrNotFound)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, ErrorTypePaymentNotFound, apiErr.Type)
		assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
		assert.Equal(t, "payments.get", apiErr.Op)
		assert.Len(t, ws.recorded(), 1, "a 404 is not retried")
	})
	t.Run("401 UNAUTHORIZED", func(t *testing.T) {
		ws := newWireServer(t, "")
		ws.then(http.StatusUnauthorized, `{"type":"UNAUTHORIZED","message":"bad secret"}`)
		_, err := testClient(t, ws).Payments.Get(t.Context(), "p-1")
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.NotContains(t, err.Error(), "test-api-secret")
	})
	// Already cancelled, or a balance that moved: maybe by an earlier
	// call of the caller's whose answer was lost, so even on the only
	// attempt the outcome is unknown (alreadySettled), the refusal inside.
	t.Run("409 PAYMENT_ALREADY_CANCELLED", func(t *testing.T) {
		ws := newWireServer(t, "")
		ws.then(http.StatusConflict, `{"type":"PAYMENT_ALREADY_CANCELLED","message":"이미 취소된 결제입니다."}`)
		_, err := testClient(t, ws).Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "p-1", Amount: 1, Reason: "r",
			CurrentCancellableAmount: Ptr(int64(1))})
		assert.ErrorIs(t, err, ErrOutcomeUnknown, "the payment may be cancelled by an earlier call of the caller's")
		assert.NotErrorIs(t, err, ErrConflict)
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, "p-1", unknown.Reference)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, ErrorTypePaymentAlreadyCancelled, apiErr.Type)
		assert.NotEmpty(t, apiErr.IdempotencyKey)
		assert.Equal(t, apiErr.IdempotencyKey, unknown.IdempotencyKey)
		assert.Len(t, ws.recorded(), 1)
	})
	t.Run("409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", func(t *testing.T) {
		ws := newWireServer(t, "")
		ws.then(http.StatusConflict, `{"type":"CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN"}`)
		_, err := testClient(t, ws).Payments.Cancel(t.Context(), CancelPaymentParams{
			PaymentID: "p-1", Amount: 1000, CurrentCancellableAmount: Ptr(int64(5000)), Reason: "r"})
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.NotErrorIs(t, err, ErrConflict)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, ErrorTypeCancellableAmountConsistencyBroken, apiErr.Type)
		assert.Len(t, ws.recorded(), 1, "a 409 is not retried")
	})
	t.Run("502 PG_PROVIDER", func(t *testing.T) {
		ws := newWireServer(t, "")
		body := `{"type":"PG_PROVIDER","message":"PG사 오류","pgCode":"CARD_DECLINED","pgMessage":"한도 초과"}`
		ws.then(http.StatusBadGateway, body)
		_, err := testClient(t, ws).Payments.PayWithBillingKey(t.Context(), BillingKeyPaymentParams{
			PaymentID: payID, BillingKey: "bk", OrderName: "o", Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW,
		})
		assert.Len(t, ws.recorded(), 1, "a declined charge is not retried")
		assert.ErrorIs(t, err, ErrServer)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the PG's refusal is a final answer")
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, ErrorTypePGProvider, apiErr.Type)
		assert.Equal(t, "CARD_DECLINED", apiErr.PGCode)
		assert.Equal(t, "한도 초과", apiErr.PGMessage)
		assert.NotEmpty(t, apiErr.IdempotencyKey)
	})
	t.Run("cancel with an empty 2xx body", func(t *testing.T) {
		ws := newWireServer(t, "")
		_, err := testClient(t, ws).Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "p-1", Full: true, Reason: "r"})
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
	})
	t.Run("cancel without a cancellation", func(t *testing.T) {
		ws := newWireServer(t, `{}`)
		_, err := testClient(t, ws).Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "p-1", Full: true, Reason: "r"})
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		var decodeErr *DecodeError
		assert.ErrorAs(t, err, &decodeErr)
	})
}

func TestPaymentsValidation(t *testing.T) {
	amount := PaymentAmountInput{Total: 1000}
	card := &InstantPaymentCardInput{Credential: CardCredential{Number: "4512345678907890", ExpiryYear: "28", ExpiryMonth: "12"}}
	va := func(mod func(*InstantPaymentVirtualAccountInput)) InstantPaymentMethodInput {
		v := &InstantPaymentVirtualAccountInput{Bank: BankKookmin, Expiry: VirtualAccountExpiry{ValidHours: Ptr(1)},
			Option: VirtualAccountOption{Type: VirtualAccountOptionTypeNormal}}
		mod(v)
		return InstantPaymentMethodInput{VirtualAccount: v}
	}
	instant := func(m InstantPaymentMethodInput) InstantPaymentParams {
		return InstantPaymentParams{PaymentID: "p", ChannelKey: "ch", OrderName: "o", Amount: amount, Currency: CurrencyKRW, Method: m}
	}
	bk := func(mod func(*BillingKeyPaymentParams)) BillingKeyPaymentParams {
		return modified(BillingKeyPaymentParams{PaymentID: "p", BillingKey: "bk", OrderName: "o", Amount: amount, Currency: CurrencyKRW}, mod)
	}
	cancel := func(mod func(*CancelPaymentParams)) CancelPaymentParams {
		return modified(CancelPaymentParams{PaymentID: "p", Amount: 1000, Reason: "r", CurrentCancellableAmount: Ptr(int64(30000))}, mod)
	}
	drainErr := func(seq func(func(*Payment, error) bool)) (err error) {
		seq(func(_ *Payment, e error) bool { err = e; return false })
		return err
	}
	cases := map[string]func(ctx context.Context, c *Client) error{
		"get: empty id": func(ctx context.Context, c *Client) error { return errOf(c.Payments.Get(ctx, "")) },
		"get: dot-dot":  func(ctx context.Context, c *Client) error { return errOf(c.Payments.Get(ctx, "..")) },
		"get: huge id": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Get(ctx, strings.Repeat("x", 1025)))
		},
		"transactions": func(ctx context.Context, c *Client) error { return errOf(c.Payments.Transactions(ctx, ".")) },
		"list: negative": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.List(ctx, PaymentListParams{Page: PageInput{Number: -1}}))
		},
		"list: past 60000": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.List(ctx, PaymentListParams{Page: PageInput{Number: 600, Size: 100}}))
		},
		"list: range backwards": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.List(ctx, PaymentListParams{Filter: PaymentFilter{From: payTime, Until: payTime.Add(-time.Hour)}}))
		},
		"all: size 1001": func(ctx context.Context, c *Client) error {
			return drainErr(c.Payments.All(ctx, PaymentCursorParams{Size: 1001}))
		},
		"all events: negative size": func(ctx context.Context, c *Client) error {
			var err error
			c.Payments.AllEvents(ctx, PaymentCursorParams{Size: -1})(func(_ *PaymentEvent, e error) bool { err = e; return false })
			return err
		},
		"cancel: no id": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.PaymentID = "" })))
		},
		"cancel: zero amount is not full": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.Amount = 0 })))
		},
		"cancel: full and amount": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.Full = true })))
		},
		"cancel: no reason": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.Reason = " " })))
		},
		"cancel: parts exceed amount": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.TaxFreeAmount = Ptr(int64(1001)) })))
		},
		"cancel: over the cancellable balance": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.CurrentCancellableAmount = Ptr(int64(999)) })))
		},
		"cancel: partial without its balance": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.CurrentCancellableAmount = nil })))
		},
		"cancel: incomplete refund account": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Cancel(ctx, cancel(func(p *CancelPaymentParams) { p.RefundAccount = &RefundAccount{Bank: BankKookmin} })))
		},
		"stop: no cancellation id": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.StopCancellation(ctx, StopPaymentCancellationParams{PaymentID: "p"}))
		},
		"capture: no id": func(ctx context.Context, c *Client) error {
			return c.Payments.Capture(ctx, CapturePaymentParams{})
		},
		"confirm: no token": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Confirm(ctx, ConfirmPaymentParams{PaymentID: "p"}))
		},
		"confirm: zero total": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.Confirm(ctx, ConfirmPaymentParams{PaymentID: "p", PaymentToken: "t", TotalAmount: Ptr(int64(0))}))
		},
		"pre-register: negative total": func(ctx context.Context, c *Client) error {
			return c.Payments.PreRegister(ctx, PreRegisterPaymentParams{PaymentID: "p", TotalAmount: Ptr(int64(-1))})
		},
		"billing key: no key": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bk(func(p *BillingKeyPaymentParams) { p.BillingKey = "" })))
		},
		"billing key: zero amount": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bk(func(p *BillingKeyPaymentParams) { p.Amount.Total = 0 })))
		},
		"billing key: vat over total": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bk(func(p *BillingKeyPaymentParams) { p.Amount.VAT = Ptr(int64(2000)) })))
		},
		"billing key: no currency": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bk(func(p *BillingKeyPaymentParams) { p.Currency = "" })))
		},
		"billing key: cash receipt without type": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bk(func(p *BillingKeyPaymentParams) { p.CashReceipt = &CashReceiptInput{} })))
		},
		"instant: no method": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayInstantly(ctx, instant(InstantPaymentMethodInput{})))
		},
		"instant: two methods": func(ctx context.Context, c *Client) error {
			m := va(func(*InstantPaymentVirtualAccountInput) {})
			m.Card = card
			return errOf(c.Payments.PayInstantly(ctx, instant(m)))
		},
		"instant: card number with letters": func(ctx context.Context, c *Client) error {
			bad := *card
			bad.Credential.Number = "4512-3456-7890-7890"
			return errOf(c.Payments.PayInstantly(ctx, instant(InstantPaymentMethodInput{Card: &bad})))
		},
		"instant: no channel": func(ctx context.Context, c *Client) error {
			p := instant(InstantPaymentMethodInput{Card: card})
			p.ChannelKey = ""
			return errOf(c.Payments.PayInstantly(ctx, p))
		},
		"instant: two expiries": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayInstantly(ctx, instant(va(func(v *InstantPaymentVirtualAccountInput) { v.Expiry.DueDate = payTime }))))
		},
		"instant: fixed option on NORMAL": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.PayInstantly(ctx, instant(va(func(v *InstantPaymentVirtualAccountInput) {
				v.Option.Fixed = &FixedVirtualAccountOption{PGAccountID: "a"}
			}))))
		},
		"escrow: no invoice": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.ApplyEscrowLogistics(ctx, EscrowLogisticsParams{PaymentID: "p",
				Logistics: PaymentLogistics{Company: PaymentLogisticsCompanyCJ, SentAt: payTime}}))
		},
		"store receipt: no items": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.RegisterStoreReceipt(ctx, RegisterStoreReceiptParams{PaymentID: "p"}))
		},
		"complete escrow: no id": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.CompleteEscrow(ctx, CompleteEscrowParams{PaymentID: ""}))
		},
		"close: no id": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.CloseVirtualAccount(ctx, CloseVirtualAccountParams{}))
		},
		"resend webhook: no id": func(ctx context.Context, c *Client) error {
			return errOf(c.Payments.ResendWebhook(ctx, ResendWebhookParams{}))
		},
		"bad idempotency key": func(ctx context.Context, c *Client) error {
			return c.Payments.Capture(ctx, CapturePaymentParams{PaymentID: "p"}, WithIdempotencyKey("short"))
		},
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t, `{}`)
			err := call(t.Context(), testClient(t, ws))
			var verr *ValidationError
			require.ErrorAs(t, err, &verr)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Empty(t, ws.recorded(), "nothing is sent")
		})
	}
}

// payCursorPage builds a page of the payments cursor list; an empty cursor
// leaves the item without one.
func payCursorPage(ids ...string) string {
	items := make([]string, 0, len(ids))
	for _, id := range ids {
		cursor := ""
		if id != "no-cursor" {
			cursor = `,"cursor":"cur-` + id + `"`
		}
		items = append(items, `{"payment":{"status":"PAID","id":"`+id+`","amount":{"total":1000},"disputes":[]}`+cursor+`}`)
	}
	return `{"items":[` + strings.Join(items, ",") + `]}`
}

// payCursorOf returns the cursor sent in r's requestBody, or "".
func payCursorOf(t *testing.T, r recordedRequest) string {
	t.Helper()
	var body struct {
		Cursor string `json:"cursor"`
	}
	require.NoError(t, json.Unmarshal([]byte(payRequestBody(t, r)), &body))
	return body.Cursor
}

func TestPaymentsAllPaging(t *testing.T) {
	ws := newWireServer(t, payCursorPage())
	ws.then(http.StatusOK, payCursorPage("p1", "p2"))
	ws.then(http.StatusOK, payCursorPage("p3", "p4"))
	ws.then(http.StatusOK, payCursorPage("p5", "p6"))
	ws.then(http.StatusOK, payCursorPage("p7")) // shorter than the page size: the end
	c := testClient(t, ws)
	from := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	params := PaymentCursorParams{From: from, Size: 2}

	var ids []string
	for p, err := range c.Payments.All(t.Context(), params) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7"}, ids)
	assert.Equal(t, PaymentCursorParams{From: from, Size: 2}, params, "the caller's params are untouched")

	reqs := ws.recorded()
	require.Len(t, reqs, 4)
	for i, want := range []string{"", "cur-p2", "cur-p4", "cur-p6"} {
		r := reqs[i]
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Equal(t, "/payments-by-cursor", r.RawPath)
		assert.Empty(t, r.Header.Values("Idempotency-Key"))
		assert.Equal(t, want, payCursorOf(t, r), "request %d", i)
	}
	assert.JSONEq(t, `{"from":"2024-04-01T00:00:00Z","size":2}`, payRequestBody(t, reqs[0]), "no cursor on the first request")
	assert.JSONEq(t, `{"from":"2024-04-01T00:00:00Z","size":2,"cursor":"cur-p2"}`, payRequestBody(t, reqs[1]))
}

func TestPaymentsAllStops(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fallback string              // the reply once the queued pages are used up
		pages    []string            // replies queued in order
		params   PaymentCursorParams // what All is called with
		breakAt  int                 // the caller breaks after this many items (0: never)
		items    int                 // items yielded
		requests int                 // requests sent
	}{
		{name: "when the caller breaks", fallback: payCursorPage("x1", "x2"),
			pages:  []string{payCursorPage("p1", "p2"), payCursorPage("p3", "p4")},
			params: PaymentCursorParams{Size: 2}, breakAt: 3, items: 3, requests: 2},
		{name: "on an empty page", fallback: payCursorPage(), pages: []string{payCursorPage("p1", "p2")},
			params: PaymentCursorParams{Size: 2}, items: 2, requests: 2},
		{name: "when a short page's last item has no cursor", fallback: payCursorPage("never"), pages: []string{payCursorPage("p1", "no-cursor")},
			params: PaymentCursorParams{Size: 3}, items: 2, requests: 1},
		{name: "with the default size of 10", fallback: payCursorPage("never"), pages: []string{payCursorPage("p1", "p2", "p3")},
			items: 3, requests: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.fallback)
			for _, page := range tc.pages {
				ws.then(http.StatusOK, page)
			}
			c := testClient(t, ws)
			n := 0
			for _, err := range c.Payments.All(t.Context(), tc.params) {
				require.NoError(t, err)
				if n++; n == tc.breakAt {
					break
				}
			}
			assert.Equal(t, tc.items, n)
			assert.Len(t, ws.recorded(), tc.requests, "no page is fetched after the break or the last page")
			if tc.params == (PaymentCursorParams{}) {
				assert.NotContains(t, ws.last(t).Query, "requestBody", "nothing to send")
			}
		})
	}
	t.Run("yielding an error once", func(t *testing.T) {
		ws := newWireServer(t, payCursorPage("never"))
		ws.then(http.StatusOK, payCursorPage("p1", "p2"))
		ws.then(http.StatusBadRequest, `{"type":"INVALID_REQUEST","message":"bad cursor"}`)
		c := testClient(t, ws)
		var ids []string
		var errs []error
		for p, err := range c.Payments.All(t.Context(), PaymentCursorParams{Size: 2}) {
			if err != nil {
				assert.Nil(t, p)
				errs = append(errs, err)
				continue
			}
			ids = append(ids, p.ID)
		}
		assert.Equal(t, []string{"p1", "p2"}, ids)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], ErrInvalidRequest)
		assert.Len(t, ws.recorded(), 2)
	})
	t.Run("when the context ends between pages", func(t *testing.T) {
		ws := newWireServer(t, payCursorPage("x1", "x2"))
		ws.then(http.StatusOK, payCursorPage("p1", "p2"))
		c := testClient(t, ws)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var errs []error
		for _, err := range c.Payments.All(ctx, PaymentCursorParams{Size: 2}) {
			if err != nil {
				errs = append(errs, err)
			}
			cancel()
		}
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], context.Canceled)
		assert.Len(t, ws.recorded(), 1)
	})
	t.Run("when the cursor does not advance", func(t *testing.T) {
		ws := newWireServer(t, payCursorPage("p1", "p2"))
		c := testClient(t, ws)
		var errs []error
		for _, err := range c.Payments.All(t.Context(), PaymentCursorParams{Size: 2}) {
			if err != nil {
				errs = append(errs, err)
			}
		}
		require.Len(t, errs, 1)
		var decodeErr *DecodeError
		assert.ErrorAs(t, errs[0], &decodeErr)
		assert.Len(t, ws.recorded(), 2)
	})
	t.Run("ranging again starts afresh", func(t *testing.T) {
		ws := newWireServer(t, payCursorPage("p1"))
		c := testClient(t, ws)
		seq := c.Payments.All(t.Context(), PaymentCursorParams{Size: 2, Cursor: "resume-here"})
		for range 2 {
			for _, err := range seq {
				require.NoError(t, err)
			}
		}
		reqs := ws.recorded()
		require.Len(t, reqs, 2)
		assert.Equal(t, "resume-here", payCursorOf(t, reqs[0]))
		assert.Equal(t, "resume-here", payCursorOf(t, reqs[1]))
	})
}

// TestPaymentsAllFullPageWithoutCursorIsNoEnd: PortOne's schema gives
// every item its cursor. A full page (Size items) whose last item has none
// cannot say that the list ended, and All and AllEvents, which a
// reconciliation relies on to see every payment, end with a *DecodeError
// after that page instead of silently: the payments after it are never
// dropped without a word.
func TestPaymentsAllFullPageWithoutCursorIsNoEnd(t *testing.T) {
	event := func(id, cursor string) string {
		return `{"paymentEvent":{"type":"PAID","id":"` + id + `","paymentId":"p","eventAmount":1000,"totalAmount":{"total":1000},"disputes":[]}` + cursor + `}`
	}
	for name, list := range map[string]func(ctx context.Context, c *Client) (ids []string, errs []error){
		"All": func(ctx context.Context, c *Client) (ids []string, errs []error) {
			return idsAndErrors(c.Payments.All(ctx, PaymentCursorParams{Size: 2}), func(p *Payment) string { return p.ID })
		},
		"AllEvents": func(ctx context.Context, c *Client) (ids []string, errs []error) {
			return idsAndErrors(c.Payments.AllEvents(ctx, PaymentCursorParams{Size: 2}), func(e *PaymentEvent) string { return e.ID })
		},
	} {
		t.Run(name, func(t *testing.T) {
			full := payCursorPage("p1", "no-cursor")
			if name == "AllEvents" {
				full = `{"items":[` + event("p1", `,"cursor":"cur-p1"`) + `,` + event("no-cursor", "") + `]}`
			}
			ws := newWireServer(t, payCursorPage("p3", "p4")) // what a next request would see
			ws.then(http.StatusOK, full)
			ids, errs := list(t.Context(), testClient(t, ws))
			assert.Equal(t, []string{"p1", "no-cursor"}, ids, "the page's items come first")
			require.Len(t, errs, 1, "the listing does not end silently")
			var decodeErr *DecodeError
			require.ErrorAs(t, errs[0], &decodeErr)
			assert.Contains(t, decodeErr.Error(), "without a cursor")
			assert.Len(t, ws.recorded(), 1, "no request without a cursor to send")
		})
	}
}

// idsAndErrors ranges seq to its end, keeping the id of every item and
// every error, in order.
func idsAndErrors[T any](seq iter.Seq2[*T, error], id func(*T) string) (ids []string, errs []error) {
	for it, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id(it))
	}
	return ids, errs
}

func TestPaymentsAllEvents(t *testing.T) {
	cancellation := `"cancellation":{"status":"SUCCEEDED","id":"c-1","totalAmount":500,"reason":"r","requestedAt":"2024-04-26T09:00:00Z"}`
	page1 := `{"items":[
		{"paymentEvent":{"type":"PAID","id":"e1","storeId":"store-1","paymentId":"p1","transactionId":"t1","eventAmount":1000,"totalAmount":{"total":1000},
			"method":{"type":"PaymentMethodCard","card":{"number":"4512-****-****-7890"}},"channel":{"type":"LIVE","pgProvider":"TOSSPAYMENTS","pgMerchantId":"m"},
			"cashReceipt":{"status":"ISSUED","issueNumber":"n","totalAmount":1000,"currency":"KRW","issuedAt":"2024-04-26T09:00:00Z"},"disputes":[]},"cursor":"c1"},
		{"paymentEvent":{"type":"PARTIAL_CANCELLED","id":"e2","storeId":"store-1","paymentId":"p1","eventAmount":-500,` + cancellation + `},"cursor":"c2"}]}`
	page2 := `{"items":[
		{"paymentEvent":{"type":"CANCELLED","id":"e3","storeId":"store-1","paymentId":"p1","eventAmount":-500,` + cancellation + `},"cursor":"c3"},
		{"paymentEvent":{"type":"REFUND_SCHEDULED","id":"e4","storeId":"store-1","paymentId":"p1","eventAmount":0,"extra":{"a":1}},"cursor":"c4"}]}`
	page3 := `{"items":[]}`
	ws := newWireServer(t, `{"items":[]}`)
	ws.then(http.StatusOK, page1)
	ws.then(http.StatusOK, page2)
	ws.then(http.StatusOK, page3)
	c := testClient(t, ws, WithDefaultStoreID("store-1"))

	var events []*PaymentEvent
	for e, err := range c.Payments.AllEvents(t.Context(), PaymentCursorParams{Size: 2}) {
		require.NoError(t, err)
		events = append(events, e)
	}
	require.Len(t, events, 4)
	reqs := ws.recorded()
	require.Len(t, reqs, 3)
	for i, want := range []string{"", "c2", "c4"} {
		assert.Equal(t, "/payment-events-by-cursor", reqs[i].RawPath)
		assert.Equal(t, want, payCursorOf(t, reqs[i]))
	}
	assert.JSONEq(t, `{"storeId":"store-1","size":2}`, payRequestBody(t, reqs[0]))

	paid, ok := events[0].Variant.(*PaidPaymentEvent)
	require.True(t, ok, "%T", events[0].Variant)
	assert.NotNil(t, paid.Disputes)
	assert.Equal(t, int64(1000), events[0].EventAmount)
	assert.IsType(t, &PaymentMethodCard{}, events[0].Method)
	assert.IsType(t, &IssuedPaymentCashReceipt{}, events[0].CashReceipt)
	partial, ok := events[1].Variant.(*PartialCancelledPaymentEvent)
	require.True(t, ok)
	assert.IsType(t, &SucceededPaymentCancellation{}, partial.Cancellation)
	assert.Equal(t, int64(-500), events[1].EventAmount)
	full, ok := events[2].Variant.(*CancelledPaymentEvent)
	require.True(t, ok)
	assert.Equal(t, "c-1", full.Cancellation.(*SucceededPaymentCancellation).ID)
	unknown, ok := events[3].Variant.(*UnknownPaymentEvent)
	require.True(t, ok)
	assert.Equal(t, PaymentEventType("REFUND_SCHEDULED"), unknown.Type())
	assert.Equal(t, "e4", events[3].ID, "common fields decode for unknown types too")

	// Each event survives encoding and decoding.
	for _, e := range events {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		var again PaymentEvent
		require.NoError(t, json.Unmarshal(b, &again))
		assert.Equal(t, e.Type, again.Type)
		assert.Equal(t, reflect.TypeOf(e.Variant), reflect.TypeOf(again.Variant))
		b2, err := json.Marshal(again)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), string(b2))
	}
	b, err := json.Marshal(events[3])
	require.NoError(t, err)
	assert.Contains(t, string(b), `"extra":{"a":1}`, "unknown events keep their raw JSON")
}

// TestPaymentsSecretsPrintMasked: card, account and identity numbers never
// show in %v, %+v, %#v or slog output, text or JSON.
func TestPaymentsSecretsPrintMasked(t *testing.T) {
	const cardNumber, birth = "4512345678907890", "900101"
	const accountNumber, identity = "110123456789", "01098765432"
	instant := InstantPaymentParams{PaymentID: "p", ChannelKey: "ch", OrderName: "o", Amount: PaymentAmountInput{Total: 1}, Currency: CurrencyKRW,
		Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{Credential: CardCredential{
			Number: cardNumber, ExpiryYear: "28", ExpiryMonth: "12", BirthOrBusinessRegistrationNumber: birth, PasswordTwoDigits: "47"}}}}
	cancel := CancelPaymentParams{PaymentID: "p", Amount: 1, Reason: "r",
		RefundAccount: &RefundAccount{Bank: BankKookmin, Number: accountNumber, HolderName: "홍길동"}}
	receipt := CashReceiptInput{Type: CashReceiptInputTypePersonal, CustomerIdentityNumber: identity}
	fixed := FixedVirtualAccountOption{AccountNumber: accountNumber}
	vaInput := &InstantPaymentVirtualAccountInput{Bank: BankKookmin, CashReceipt: &receipt,
		Option: VirtualAccountOption{Type: VirtualAccountOptionTypeFixed, Fixed: &fixed}}
	va := InstantPaymentParams{PaymentID: "p", Method: InstantPaymentMethodInput{VirtualAccount: vaInput}}
	billing := BillingKeyPaymentParams{PaymentID: "p", BillingKey: "billing-key-secret-1", CashReceipt: &receipt}

	var text, js bytes.Buffer
	textLog := slog.New(slog.NewTextHandler(&text, nil))
	jsonLog := slog.New(slog.NewJSONHandler(&js, nil))
	for _, v := range []any{instant, &instant, instant.Method.Card, *instant.Method.Card, instant.Method.Card.Credential,
		cancel, &cancel, *cancel.RefundAccount, cancel.RefundAccount.Number, receipt, &receipt, fixed, &fixed,
		va, va.Method, vaInput, *vaInput, vaInput.Option, billing, &billing} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(format, v)
			for _, secret := range []string{cardNumber, birth, "\"47\"", accountNumber, identity, "billing-key-secret-1"} {
				assert.NotContains(t, out, secret, "%s of %T", format, v)
			}
		}
		textLog.Info("params", "v", v)
		jsonLog.Info("params", "v", v)
	}
	for _, secret := range []string{cardNumber, birth, accountNumber, identity, "billing-key-secret-1"} {
		assert.NotContains(t, text.String(), secret)
		assert.NotContains(t, js.String(), secret)
	}
	assert.Contains(t, fmt.Sprint(cancel.RefundAccount), "********6789")
	assert.Contains(t, fmt.Sprint(instant.Method.Card.Credential), "************7890")
}

// payJSONNames returns the JSON property names of struct type t.
func payJSONNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	return names
}

// TestPaymentsSchemaCoverage checks the request and response types against
// PortOne's schema: every property has a field, and every field a property
// (a misspelt tag would send a field PortOne ignores).
func TestPaymentsSchemaCoverage(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("internal", "schema", "v2.openapi.json"))
	require.NoError(t, err)
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
				Enum       []string                   `json:"enum"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	schemas := doc.Components.Schemas
	tf := reflect.TypeFor[PaymentEventCommon]()
	objects := map[string][]reflect.Type{
		"GetPaymentsBody":                                        {reflect.TypeFor[PaymentListParams]()},
		"PageInput":                                              {reflect.TypeFor[PageInput]()},
		"PageInfo":                                               {reflect.TypeFor[PageInfo]()},
		"PaymentFilterInput":                                     {reflect.TypeFor[PaymentFilter]()},
		"DateTimeRange":                                          {reflect.TypeFor[DateTimeRange]()},
		"PaymentTextSearch":                                      {reflect.TypeFor[PaymentTextSearch]()},
		"GetPaymentsResponse":                                    {reflect.TypeFor[PaymentPage]()},
		"GetAllPaymentsByCursorBody":                             {reflect.TypeFor[PaymentCursorParams]()},
		"GetAllPaymentEventsByCursorBody":                        {reflect.TypeFor[PaymentCursorParams]()},
		"PaidPaymentEvent":                                       {tf, reflect.TypeFor[PaidPaymentEvent]()},
		"PartialCancelledPaymentEvent":                           {tf, reflect.TypeFor[PartialCancelledPaymentEvent]()},
		"CancelledPaymentEvent":                                  {tf, reflect.TypeFor[CancelledPaymentEvent]()},
		"CancelPaymentBody":                                      {reflect.TypeFor[cancelPaymentBody]()},
		"CancelPaymentBodyRefundAccount":                         {reflect.TypeFor[RefundAccount]()},
		"StopPaymentCancellationBody":                            {reflect.TypeFor[StopPaymentCancellationParams]()},
		"StopPaymentCancellationResponse":                        {reflect.TypeFor[StoppedCancellation]()},
		"CapturePaymentBody":                                     {reflect.TypeFor[CapturePaymentParams]()},
		"ConfirmPaymentBody":                                     {reflect.TypeFor[ConfirmPaymentParams]()},
		"ConfirmedPaymentSummary":                                {reflect.TypeFor[ConfirmedPaymentSummary]()},
		"PreRegisterPaymentBody":                                 {reflect.TypeFor[PreRegisterPaymentParams]()},
		"BillingKeyPaymentInput":                                 {reflect.TypeFor[BillingKeyPaymentParams]()},
		"PaymentAmountInput":                                     {reflect.TypeFor[PaymentAmountInput]()},
		"CustomerInput":                                          {reflect.TypeFor[CustomerInput]()},
		"CustomerNameInput":                                      {reflect.TypeFor[CustomerNameInput]()},
		"CustomerSeparatedName":                                  {reflect.TypeFor[CustomerSeparatedName]()},
		"SeparatedAddressInput":                                  {reflect.TypeFor[SeparatedAddressInput]()},
		"CashReceiptInput":                                       {reflect.TypeFor[CashReceiptInput]()},
		"BillingKeyPaymentSummary":                               {reflect.TypeFor[BillingKeyPaymentSummary]()},
		"InstantPaymentInput":                                    {reflect.TypeFor[InstantPaymentParams]()},
		"InstantPaymentMethodInput":                              {reflect.TypeFor[InstantPaymentMethodInput]()},
		"InstantPaymentMethodInputCard":                          {reflect.TypeFor[InstantPaymentCardInput]()},
		"CardCredential":                                         {reflect.TypeFor[CardCredential]()},
		"InstantPaymentMethodInputVirtualAccount":                {reflect.TypeFor[InstantPaymentVirtualAccountInput]()},
		"InstantPaymentMethodInputVirtualAccountExpiry":          {reflect.TypeFor[VirtualAccountExpiry]()},
		"InstantPaymentMethodInputVirtualAccountOption":          {reflect.TypeFor[VirtualAccountOption]()},
		"InstantPaymentMethodInputVirtualAccountOptionFixed":     {reflect.TypeFor[FixedVirtualAccountOption]()},
		"InstantPaymentMethodInputVirtualAccountCashReceiptInfo": {reflect.TypeFor[CashReceiptInput]()},
		"InstantPaymentSummary":                                  {reflect.TypeFor[InstantPaymentSummary]()},
		"ResendWebhookBody":                                      {reflect.TypeFor[ResendWebhookParams]()},
		"CloseVirtualAccountResponse":                            {reflect.TypeFor[ClosedVirtualAccount]()},
		"RegisterEscrowLogisticsBody":                            {reflect.TypeFor[EscrowLogisticsParams]()},
		"ModifyEscrowLogisticsBody":                              {reflect.TypeFor[EscrowLogisticsParams]()},
		"PaymentEscrowSenderInput":                               {reflect.TypeFor[EscrowSenderInput]()},
		"PaymentEscrowReceiverInput":                             {reflect.TypeFor[EscrowReceiverInput]()},
		"PaymentLogistics":                                       {reflect.TypeFor[PaymentLogistics]()},
		"ApplyEscrowLogisticsResponse":                           {reflect.TypeFor[EscrowLogisticsResult]()},
		"ModifyEscrowLogisticsResponse":                          {reflect.TypeFor[EscrowLogisticsResult]()},
		"ConfirmEscrowBody":                                      {reflect.TypeFor[CompleteEscrowParams]()},
		"ConfirmEscrowResponse":                                  {reflect.TypeFor[CompletedEscrow]()},
		"RegisterStoreReceiptBody":                               {reflect.TypeFor[RegisterStoreReceiptParams]()},
		"RegisterStoreReceiptBodyItem":                           {reflect.TypeFor[StoreReceiptItem]()},
		"RegisterStoreReceiptResponse":                           {reflect.TypeFor[RegisteredStoreReceipt]()},
	}
	schemaProps := map[reflect.Type]map[string]bool{} // every property a Go type may hold
	for name, types := range objects {
		s, ok := schemas[name]
		require.True(t, ok, "schema %s", name)
		fields := map[string]bool{}
		for _, gt := range types {
			for f := range payJSONNames(gt) {
				fields[f] = true
			}
			if schemaProps[gt] == nil {
				schemaProps[gt] = map[string]bool{}
			}
			for p := range s.Properties {
				schemaProps[gt][p] = true
			}
		}
		for p := range s.Properties {
			assert.True(t, fields[p], "%s.%s has no Go field", name, p)
		}
	}
	for gt, props := range schemaProps {
		for f := range payJSONNames(gt) {
			assert.True(t, props[f], "%s field %q is not in the schema", gt.Name(), f)
		}
	}

	enums := map[string][]string{
		"PaymentTimestampType":          payStrings(PaymentTimestampTypeCreatedAt, PaymentTimestampTypeStatusChangedAt),
		"PaymentSortBy":                 payStrings(PaymentSortByRequestedAt, PaymentSortByStatusChangedAt),
		"SortOrder":                     payStrings(SortOrderAsc, SortOrderDesc),
		"PaymentClientType":             payStrings(PaymentClientTypeSDKMobile, PaymentClientTypeSDKPC, PaymentClientTypeAPI),
		"CashReceiptInputType":          payStrings(CashReceiptInputTypePersonal, CashReceiptInputTypeCorporate, CashReceiptInputTypeNoReceipt),
		"PaymentProductType":            payStrings(PaymentProductTypePhysical, PaymentProductTypeDigital),
		"CancelRequester":               payStrings(CancelRequesterCustomer, CancelRequesterAdmin),
		"PromotionDiscountRetainOption": payStrings(PromotionDiscountRetainOptionRetain, PromotionDiscountRetainOptionRelease),
		"InstantPaymentMethodInputVirtualAccountOptionType": payStrings(VirtualAccountOptionTypeNormal, VirtualAccountOptionTypeFixed),
		"Locale": payStrings(LocaleKoKR, LocaleEnUS, LocaleZhCN, LocaleZhTW, LocaleJaJP, LocaleRuRU, LocaleThTH, LocaleViVN),
		"PaymentMethodType": payStrings(PaymentMethodTypeCard, PaymentMethodTypeTransfer, PaymentMethodTypeVirtualAccount,
			PaymentMethodTypeGiftCertificate, PaymentMethodTypeMobile, PaymentMethodTypeEasyPay,
			PaymentMethodTypeConvenienceStore, PaymentMethodTypeCrypto),
		"PaymentFilterInputEscrowStatus": payStrings(PaymentFilterEscrowStatusRegistered, PaymentFilterEscrowStatusDelivered,
			PaymentFilterEscrowStatusConfirmed, PaymentFilterEscrowStatusRejected, PaymentFilterEscrowStatusCancelled,
			PaymentFilterEscrowStatusRejectConfirmed),
		"PaymentTextSearchField": payStrings(PaymentTextSearchFieldAll, PaymentTextSearchFieldPaymentID, PaymentTextSearchFieldTxID,
			PaymentTextSearchFieldScheduleID, PaymentTextSearchFieldFailReason, PaymentTextSearchFieldCardIssuer,
			PaymentTextSearchFieldCardAcquirer, PaymentTextSearchFieldCardBIN, PaymentTextSearchFieldCardNumber,
			PaymentTextSearchFieldCardApprovalNumber, PaymentTextSearchFieldCardReceiptName, PaymentTextSearchFieldCardInstallment,
			PaymentTextSearchFieldTransBank, PaymentTextSearchFieldVirtualAccountHolderName, PaymentTextSearchFieldVirtualAccountBank,
			PaymentTextSearchFieldVirtualAccountNumber, PaymentTextSearchFieldPGMerchantID, PaymentTextSearchFieldPGTxID,
			PaymentTextSearchFieldPGReceiptID, PaymentTextSearchFieldReceiptApprovalNumber, PaymentTextSearchFieldPGCancellationID,
			PaymentTextSearchFieldCancelReason, PaymentTextSearchFieldOrderName, PaymentTextSearchFieldCustomerName,
			PaymentTextSearchFieldCustomerEmail, PaymentTextSearchFieldCustomerPhoneNumber, PaymentTextSearchFieldCustomerAddress,
			PaymentTextSearchFieldCustomerZipcode, PaymentTextSearchFieldUserAgent, PaymentTextSearchFieldBillingKey,
			PaymentTextSearchFieldPromotionID, PaymentTextSearchFieldGiftCertificationApprovalNumber),
		"PaymentLogisticsCompany": payStrings(PaymentLogisticsCompanyLotte, PaymentLogisticsCompanyLogen, PaymentLogisticsCompanyDongwon,
			PaymentLogisticsCompanyPost, PaymentLogisticsCompanyCJ, PaymentLogisticsCompanyHanjin, PaymentLogisticsCompanyDaesin,
			PaymentLogisticsCompanyIlyang, PaymentLogisticsCompanyKyungdong, PaymentLogisticsCompanyChunil,
			PaymentLogisticsCompanyPostRegistered, PaymentLogisticsCompanyGS, PaymentLogisticsCompanyWoori,
			PaymentLogisticsCompanyHapdong, PaymentLogisticsCompanyFedEx, PaymentLogisticsCompanyUPS, PaymentLogisticsCompanyGSMNtoN,
			PaymentLogisticsCompanySungwon, PaymentLogisticsCompanyLXPantos, PaymentLogisticsCompanyACI, PaymentLogisticsCompanyCJIntl,
			PaymentLogisticsCompanyUSPS, PaymentLogisticsCompanyEMS, PaymentLogisticsCompanyDHL, PaymentLogisticsCompanyKGL,
			PaymentLogisticsCompanyGoodsToLuck, PaymentLogisticsCompanyKunyoung, PaymentLogisticsCompanySLX, PaymentLogisticsCompanySF,
			PaymentLogisticsCompanyEtc),
	}
	for name, values := range enums {
		assert.ElementsMatch(t, schemas[name].Enum, values, name)
	}
}

func payStrings[S ~string](values ...S) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// FuzzPaymentEventDecode: decoding a payment event never panics, and a
// decoded event encodes to a fixed point with the same type and Variant.
func FuzzPaymentEventDecode(f *testing.F) {
	for _, s := range []string{
		`null`, `{}`, `{"type":"PAID","disputes":null}`, `{"type":"PAID","pgResponse":"<x>","disputes":[{"status":"OPEN"}]}`,
		`{"type":"PARTIAL_CANCELLED","eventAmount":-1,"cancellation":{"status":"SUCCEEDED","totalAmount":1}}`,
		`{"type":"CANCELLED","cancellation":{"status":"NEW"},"cashReceipt":{"status":"ISSUED"},"method":{"type":"PaymentMethodCrypto"}}`,
		`{"type":"REFUNDED","x":"\u2028"}`, `{"type":"CANCELLED","cancellation":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var e PaymentEvent
		if json.Unmarshal(data, &e) != nil || bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
			return
		}
		require.NotNil(t, e.Variant, "%q", data)
		out, err := json.Marshal(e)
		require.NoError(t, err, "%q", data)
		var again PaymentEvent
		require.NoError(t, json.Unmarshal(out, &again), "%s", out)
		require.Equal(t, e.Variant.Type(), again.Variant.Type(), "%s", out)
		require.Equal(t, reflect.TypeOf(e.Variant), reflect.TypeOf(again.Variant), "%s", out)
		out2, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2), "encoding is a fixed point")
	})
}

// FuzzPaymentTransactionDecode: decoding an attempt never panics, and the
// payment and attempt ids survive encoding.
func FuzzPaymentTransactionDecode(f *testing.F) {
	for _, s := range []string{
		`null`, `{}`, `{"status":"PAID","id":"tx","paymentId":"p","disputes":[]}`,
		`{"status":"FAILED","id":"tx","paymentId":"p","transactionId":"other"}`, `{"status":"NEW","id":"tx","paymentId":"p"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var tx PaymentTransaction
		if json.Unmarshal(data, &tx) != nil || bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
			return
		}
		out, err := json.Marshal(tx)
		require.NoError(t, err, "%q", data)
		var again PaymentTransaction
		require.NoError(t, json.Unmarshal(out, &again), "%s", out)
		require.Equal(t, tx.ID, again.ID, "%s", out)
		require.Equal(t, tx.TransactionID, again.TransactionID, "%s", out)
		require.Equal(t, tx.Status, again.Status, "%s", out)
	})
}

// TestPartsExceed: the sum of the parts is compared with the total without
// ever being computed, so MaxInt64 parts cannot wrap around.
func TestPartsExceed(t *testing.T) {
	const maxAmount = math.MaxInt64
	for _, tc := range []struct {
		total int64
		parts []int64
		want  bool
	}{
		{1000, []int64{maxAmount, 1}, true}, // wraps to MinInt64 when added
		{1000, []int64{1, maxAmount}, true},
		{1000, []int64{maxAmount, maxAmount}, true}, // wraps to -2
		{maxAmount, []int64{maxAmount, 0}, false},
		{maxAmount, []int64{maxAmount, 1}, true},
		{maxAmount, []int64{maxAmount - 1, 1}, false},
		{maxAmount, []int64{1, maxAmount - 1}, false},
		{1000, []int64{600, 400}, false},
		{1000, []int64{600, 401}, true},
		{1000, nil, false},
		{0, []int64{0, 0}, false},
	} {
		assert.Equal(t, tc.want, partsExceed(tc.total, tc.parts...), "%d vs %v", tc.total, tc.parts)
	}
}

// TestAmountOverflowRefused: every write whose validation compares the sum
// of amounts with a total refuses parts near MaxInt64 that used to wrap
// negative and pass, and lets the exact edges through.
func TestAmountOverflowRefused(t *testing.T) {
	const maxAmount = math.MaxInt64
	amounts := []struct {
		name  string
		a     PaymentAmountInput
		valid bool
	}{
		{"TaxFree=MaxInt64 Vat=1", PaymentAmountInput{Total: 1000, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(1))}, false},
		{"TaxFree=1 Vat=MaxInt64", PaymentAmountInput{Total: 1000, TaxFree: Ptr(int64(1)), VAT: Ptr(int64(maxAmount))}, false},
		{"TaxFree=Vat=MaxInt64", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(maxAmount))}, false},
		{"Total=TaxFree=MaxInt64 Vat=1", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(1))}, false},
		{"Total=TaxFree=MaxInt64 Vat=0", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount)), VAT: Ptr(int64(0))}, true},
		{"Total=MaxInt64 TaxFree=MaxInt64-1 Vat=1", PaymentAmountInput{Total: maxAmount, TaxFree: Ptr(int64(maxAmount - 1)), VAT: Ptr(int64(1))}, true},
	}
	writes := []struct {
		name string
		call func(ctx context.Context, c *Client, a PaymentAmountInput) error
	}{
		{"payments.payWithBillingKey", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, BillingKeyPaymentParams{PaymentID: "pay-1", BillingKey: "bk-1",
				OrderName: "o", Amount: a, Currency: CurrencyKRW}))
		}},
		{"payments.payInstantly", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			return errOf(c.Payments.PayInstantly(ctx, InstantPaymentParams{PaymentID: "pay-1", ChannelKey: "ch-1", OrderName: "o",
				Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{Credential: CardCredential{
					Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}},
				Amount: a, Currency: CurrencyKRW}))
		}},
		{"paymentSchedules.create", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			p := validScheduleParams()
			p.Payment.Amount = a
			return errOf(c.PaymentSchedules.Create(ctx, p))
		}},
		{"cashReceipts.issue", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			p := validCashReceiptParams()
			p.Amount = a
			return errOf(c.CashReceipts.Issue(ctx, p))
		}},
		{"payments.cancel", func(ctx context.Context, c *Client, a PaymentAmountInput) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "pay-1", Reason: "r",
				Amount: a.Total, TaxFreeAmount: a.TaxFree, VATAmount: a.VAT, CurrentCancellableAmount: Ptr(a.Total)}))
		}},
	}
	for _, w := range writes {
		for _, a := range amounts {
			ws := newWireServer(t, `{}`)
			c := testClient(t, ws, WithRetryPolicy(RetryPolicy{MaxRetries: 0}))
			err := w.call(context.Background(), c, a.a)
			var verr *ValidationError
			if a.valid {
				assert.False(t, errors.As(err, &verr), "%s %s: %v", w.name, a.name, err)
				assert.Len(t, ws.recorded(), 1, "%s %s is sent", w.name, a.name)
				continue
			}
			require.True(t, errors.As(err, &verr), "%s %s: %v", w.name, a.name, err)
			assert.Contains(t, verr.Reason, "exceed", "%s %s", w.name, a.name)
			assert.Empty(t, ws.recorded(), "%s %s never reaches the wire", w.name, a.name)
		}
	}
}

// badIDs are ids that cannot name anything at PortOne. Before the fix
// only "." and ".." (and empty) were refused, and only in paths: the rest
// were escaped into the path or sent in the body as they were.
var badIDs = map[string]string{
	"blank":         " ",
	"tab":           "\t",
	"invalid UTF-8": "pay\xff1",
	"NUL":           "pay\x001",
	"newline":       "pay\n1",
	"padded":        " pay-1",
	"dot":           ".",
	"dot-dot":       "..",
}

// idCase sends one call with id in the field named field.
type idCase struct {
	name  string
	field string
	call  func(ctx context.Context, c *Client, id string) error
}

func idCases() []idCase {
	card := CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}
	bkPay := func(mod func(*BillingKeyPaymentParams)) BillingKeyPaymentParams {
		return modified(BillingKeyPaymentParams{PaymentID: "pay-1", BillingKey: "bk-1", OrderName: "o",
			Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW}, mod)
	}
	instant := func(mod func(*InstantPaymentParams)) InstantPaymentParams {
		return modified(InstantPaymentParams{PaymentID: "pay-1", ChannelKey: "ch-1", OrderName: "o",
			Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{Credential: card}},
			Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW}, mod)
	}
	schedule := func(mod func(*CreatePaymentScheduleParams)) CreatePaymentScheduleParams {
		return modified(validScheduleParams(), mod)
	}
	logistics := PaymentLogistics{Company: PaymentLogisticsCompanyCJ, InvoiceNumber: "1234", SentAt: time.Now()}
	item := StoreReceiptItem{StoreBusinessRegistrationNumber: "1234567890", StoreName: "s", TotalAmount: 1000, Currency: CurrencyKRW}
	return []idCase{
		{"payments.get", "paymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Get(ctx, id))
		}},
		{"payments.get WithStoreID", "", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Get(ctx, "pay-1", WithStoreID(id)))
		}},
		{"payments.transactions", "paymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Transactions(ctx, id))
		}},
		{"payments.verify", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Verify(ctx, VerifyParams{PaymentID: id, Amount: 1000, Currency: CurrencyKRW}))
		}},
		{"payments.cancel", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: id, Full: true, Reason: "r"}))
		}},
		{"payments.cancel store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "pay-1", StoreID: id, Full: true, Reason: "r"}))
		}},
		{"payments.cancel WithStoreID", "", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "pay-1", Full: true, Reason: "r"}, WithStoreID(id)))
		}},
		{"payments.stopCancellation", "CancellationID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.StopCancellation(ctx, StopPaymentCancellationParams{PaymentID: "pay-1", CancellationID: id}))
		}},
		{"payments.capture", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return c.Payments.Capture(ctx, CapturePaymentParams{PaymentID: id})
		}},
		{"payments.confirm txId", "TxID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Confirm(ctx, ConfirmPaymentParams{PaymentID: "pay-1", PaymentToken: "tok", TxID: id}))
		}},
		{"payments.preRegister", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return c.Payments.PreRegister(ctx, PreRegisterPaymentParams{PaymentID: id})
		}},
		{"payments.payWithBillingKey", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.PaymentID = id })))
		}},
		{"payments.payWithBillingKey key", "BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.BillingKey = BillingKey(id) })))
		}},
		{"payments.payWithBillingKey channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.ChannelKey = id })))
		}},
		{"payments.payWithBillingKey customer", "Customer.ID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.Customer = &CustomerInput{ID: id} })))
		}},
		{"payments.payInstantly channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayInstantly(ctx, instant(func(p *InstantPaymentParams) { p.ChannelKey = id })))
		}},
		{"payments.payInstantly promotion", "PromotionID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayInstantly(ctx, instant(func(p *InstantPaymentParams) { p.PromotionID = id })))
		}},
		{"payments.registerStoreReceipt store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.RegisterStoreReceipt(ctx, RegisterStoreReceiptParams{PaymentID: "pay-1", StoreID: id, Items: []StoreReceiptItem{item}}))
		}},
		{"payments.resendWebhook", "WebhookID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.ResendWebhook(ctx, ResendWebhookParams{PaymentID: "pay-1", WebhookID: id}))
		}},
		{"payments.closeVirtualAccount store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.CloseVirtualAccount(ctx, CloseVirtualAccountParams{PaymentID: "pay-1", StoreID: id}))
		}},
		{"payments.applyEscrowLogistics store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.ApplyEscrowLogistics(ctx, EscrowLogisticsParams{PaymentID: "pay-1", StoreID: id, Logistics: logistics}))
		}},
		{"payments.completeEscrow", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.CompleteEscrow(ctx, CompleteEscrowParams{PaymentID: id}))
		}},
		{"billingKeys.get", "billingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Get(ctx, BillingKey(id)))
		}},
		{"billingKeys.issue channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Issue(ctx, IssueBillingKeyParams{ChannelKey: id,
				Method: BillingKeyMethodInput{Card: &BillingKeyCardInput{Credential: card}}}))
		}},
		{"billingKeys.delete", "BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Delete(ctx, DeleteBillingKeyParams{BillingKey: BillingKey(id)}))
		}},
		{"billingKeys.confirm store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Confirm(ctx, ConfirmBillingKeyParams{StoreID: id, BillingIssueToken: "tok"}))
		}},
		{"billingKeys.confirmIssueAndPay", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.ConfirmIssueAndPay(ctx, ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "tok", PaymentID: id}))
		}},
		{"paymentSchedules.create", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Create(ctx, schedule(func(p *CreatePaymentScheduleParams) { p.PaymentID = id })))
		}},
		{"paymentSchedules.create key", "Payment.BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Create(ctx, schedule(func(p *CreatePaymentScheduleParams) { p.Payment.BillingKey = BillingKey(id) })))
		}},
		{"paymentSchedules.get", "paymentScheduleID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Get(ctx, id))
		}},
		{"paymentSchedules.revoke ids", "ScheduleIDs", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Revoke(ctx, RevokePaymentSchedulesParams{ScheduleIDs: []string{"sc-1", id}}))
		}},
		{"paymentSchedules.revoke key", "BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Revoke(ctx, RevokePaymentSchedulesParams{BillingKey: BillingKey(id)}))
		}},
		{"cashReceipts.issue", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			p := validCashReceiptParams()
			p.PaymentID = id
			return errOf(c.CashReceipts.Issue(ctx, p))
		}},
		{"cashReceipts.issue channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			p := validCashReceiptParams()
			p.ChannelKey = id
			return errOf(c.CashReceipts.Issue(ctx, p))
		}},
		{"cashReceipts.cancel", "paymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.CashReceipts.Cancel(ctx, id))
		}},
		{"identityVerifications.send", "IdentityVerificationID", func(ctx context.Context, c *Client, id string) error {
			p := validSendParams()
			p.IdentityVerificationID = id
			return errOf(c.IdentityVerifications.Send(ctx, p))
		}},
		{"identityVerifications.send channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			p := validSendParams()
			p.ChannelKey = id
			return errOf(c.IdentityVerifications.Send(ctx, p))
		}},
		{"identityVerifications.send customer", "Customer.ID", func(ctx context.Context, c *Client, id string) error {
			p := validSendParams()
			p.Customer.ID = id
			return errOf(c.IdentityVerifications.Send(ctx, p))
		}},
		{"paymentSchedules.create customer", "Payment.Customer.ID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Create(ctx, schedule(func(p *CreatePaymentScheduleParams) { p.Payment.Customer = &CustomerInput{ID: id} })))
		}},
		{"identityVerifications.confirm store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.IdentityVerifications.Confirm(ctx, ConfirmIdentityVerificationParams{IdentityVerificationID: "iv-1", StoreID: id}))
		}},
		{"identityVerifications.resend", "identityVerificationID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.IdentityVerifications.Resend(ctx, id))
		}},
	}
}

// TestBadIDsNeverReachTheWire: every path id and every id a write sends
// is checked by transport.CheckID; a bad one is a *ValidationError naming
// the field, and the counting server receives nothing.
func TestBadIDsNeverReachTheWire(t *testing.T) {
	ws := newWireServer(t, `{}`)
	c := testClient(t, ws)
	ctx := context.Background()
	for _, tc := range idCases() {
		for name, id := range badIDs {
			err := tc.call(ctx, c, id)
			var verr *ValidationError
			if !assert.True(t, errors.As(err, &verr), "%s with a %s id: %v", tc.name, name, err) {
				continue
			}
			if tc.field != "" {
				assert.Equal(t, tc.field, verr.Field, "%s with a %s id", tc.name, name)
			}
			assert.ErrorIs(t, err, ErrInvalidRequest)
			if strings.Contains(id, "pay") {
				assert.NotContains(t, err.Error(), id, "the bad value is not echoed")
			}
		}
	}
	assert.Empty(t, ws.recorded(), "no request was sent")
}

// TestBadDefaultStoreID: the client's default store is checked once, when
// the client is built.
func TestBadDefaultStoreID(t *testing.T) {
	for name, id := range badIDs {
		_, err := NewClient("test-api-secret", WithDefaultStoreID(id))
		var verr *ValidationError
		require.True(t, errors.As(err, &verr), "%s: %v", name, err)
		assert.Equal(t, "storeID", verr.Field)
	}
	_, err := NewClient("test-api-secret", WithDefaultStoreID(""))
	require.NoError(t, err, "no default store is fine")
}

// TestGoodIDsStillEscaped: ids with characters that need escaping, and
// Korean ids, still reach the wire, escaped as one path segment.
func TestGoodIDsStillEscaped(t *testing.T) {
	ws := newWireServer(t, `{}`)
	c := testClient(t, ws)
	for _, id := range []string{"order/2026 11#1", "주문-1", "a.b", "..a"} {
		err := c.Payments.PreRegister(context.Background(), PreRegisterPaymentParams{PaymentID: id})
		require.NoError(t, err, "%q", id)
		assert.Equal(t, "/payments/"+id+"/pre-register", ws.last(t).Path)
	}
}

// TestLookupRefusesPaymentsWithoutIdentity: a 200 whose payment is null
// or lacks status, id or amount.total is a *DecodeError, never a Payment
// with a nil Variant or a zero amount that Verify would compare.
func TestLookupRefusesPaymentsWithoutIdentity(t *testing.T) {
	for name, body := range map[string]string{
		"null":              `null`,
		"empty object":      `{}`,
		"status only":       `{"status":"PAID"}`,
		"no status":         `{"id":"p-1","amount":{"total":1000}}`,
		"null status":       `{"status":null,"id":"p-1","amount":{"total":1000}}`,
		"empty status":      `{"status":"","id":"p-1","amount":{"total":1000}}`,
		"no id":             `{"status":"PAID","amount":{"total":1000}}`,
		"null id":           `{"status":"PAID","id":null,"amount":{"total":1000}}`,
		"empty id":          `{"status":"PAID","id":"","amount":{"total":1000}}`,
		"no amount":         `{"status":"PAID","id":"p-1"}`,
		"null amount":       `{"status":"PAID","id":"p-1","amount":null}`,
		"amount w/o total":  `{"status":"PAID","id":"p-1","amount":{"paid":1000}}`,
		"null total":        `{"status":"PAID","id":"p-1","amount":{"total":null}}`,
		"unknown w/o total": `{"status":"PAY_SCHEDULED","id":"p-1"}`,
	} {
		ws := newWireServer(t, body)
		c := testClient(t, ws)
		p, err := c.Payments.Get(context.Background(), "p-1")
		assert.Nil(t, p, name)
		var derr *DecodeError
		require.True(t, errors.As(err, &derr), "%s: %v", name, err)
		assert.Equal(t, http.StatusOK, derr.Status)
		assert.False(t, errors.Is(err, ErrOutcomeUnknown), "%s: a lookup changes nothing", name)
		assert.Len(t, ws.recorded(), 1, "%s: a decode error is not retried", name)

		_, err = c.Payments.Verify(context.Background(), VerifyParams{PaymentID: "p-1", Amount: 1000, Currency: CurrencyKRW})
		require.True(t, errors.As(err, &derr), "%s: Verify: %v", name, err)
	}
}

// TestPaymentDecodingStaysTolerant: only identity, status and amount are
// strict. Unknown properties, an unknown status, an amount of 0 and every
// other missing "required" property still decode.
func TestPaymentDecodingStaysTolerant(t *testing.T) {
	var p Payment
	require.NoError(t, json.Unmarshal([]byte(`{"status":"PAY_SCHEDULED","id":"p-1","amount":{"total":0},"future":{"x":[1]}}`), &p))
	u, ok := p.Variant.(*UnknownPayment)
	require.True(t, ok, "%T", p.Variant)
	assert.JSONEq(t, `{"status":"PAY_SCHEDULED","id":"p-1","amount":{"total":0},"future":{"x":[1]}}`, string(u.Raw))
	assert.Equal(t, PaymentStatus("PAY_SCHEDULED"), u.Status())
	assert.Equal(t, int64(0), p.Amount.Total)

	require.NoError(t, json.Unmarshal([]byte(`{"status":"PAID","id":"p-2","amount":{"total":5,"paid":5}}`), &p))
	paid, ok := p.Paid()
	require.True(t, ok)
	assert.True(t, paid.PaidAt.IsZero(), "a missing paidAt stays lenient")
	assert.Equal(t, int64(5), p.Amount.Paid)
}

// TestListsRefuseNullPayments: a null (or identity-less) element of a
// list or a transaction without paymentId fails the page instead of
// yielding a Payment without a Variant.
func TestListsRefuseNullPayments(t *testing.T) {
	const good = `{"status":"PAID","id":"p-1","amount":{"total":1000}}`
	for name, tc := range map[string]struct {
		body string
		call func(*Client) error
	}{
		"list null item": {`{"items":[` + good + `,null],"page":{"number":0,"size":10,"totalCount":2}}`, func(c *Client) error {
			return errOf(c.Payments.List(context.Background(), PaymentListParams{}))
		}},
		"cursor null payment": {`{"items":[{"payment":null,"cursor":"c1"}]}`, func(c *Client) error {
			for _, err := range c.Payments.All(context.Background(), PaymentCursorParams{}) {
				return err
			}
			return nil
		}},
		"cursor null event": {`{"items":[{"paymentEvent":null,"cursor":"c1"}]}`, func(c *Client) error {
			for _, err := range c.Payments.AllEvents(context.Background(), PaymentCursorParams{}) {
				return err
			}
			return nil
		}},
		"transaction null": {`{"items":[null]}`, func(c *Client) error {
			return errOf(c.Payments.Transactions(context.Background(), "p-1"))
		}},
		"transaction without paymentId": {`{"items":[{"status":"PAID","id":"tx-1","amount":{"total":1000}}]}`, func(c *Client) error {
			return errOf(c.Payments.Transactions(context.Background(), "p-1"))
		}},
	} {
		ws := newWireServer(t, tc.body)
		err := tc.call(testClient(t, ws))
		var derr *DecodeError
		assert.True(t, errors.As(err, &derr), "%s: %v", name, err)
	}
}

// TestWriteWithoutResultIsUnknown: a 2xx to a cancel or a charge whose
// body is empty, null, {} or lacks what says what was applied means the
// write may have been applied with no result to show: ErrOutcomeUnknown
// with the payment id and the Idempotency-Key, the *DecodeError reachable
// for diagnosis, and no retry (a retry would only replay the same answer).
func TestWriteWithoutResultIsUnknown(t *testing.T) {
	cancel := func(c *Client) (any, error) {
		return c.Payments.Cancel(context.Background(), CancelPaymentParams{PaymentID: "pay-1", Full: true, Reason: "r"})
	}
	payWithBillingKey := func(c *Client) (any, error) {
		return c.Payments.PayWithBillingKey(context.Background(), BillingKeyPaymentParams{PaymentID: "pay-1", BillingKey: "bk-1",
			OrderName: "o", Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW})
	}
	payInstantly := func(c *Client) (any, error) {
		return c.Payments.PayInstantly(context.Background(), InstantPaymentParams{PaymentID: "pay-1", ChannelKey: "ch-1", OrderName: "o",
			Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{Credential: CardCredential{
				Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}}},
			Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW})
	}
	for _, tc := range []struct {
		op     string
		call   func(*Client) (any, error)
		bodies []string
	}{
		{"payments.cancel", cancel, []string{
			``, `null`, `{}`, `{"cancellation":null}`, `{"cancellation":{}}`,
			`{"cancellation":{"status":"SUCCEEDED"}}`,
			`{"cancellation":{"status":"SUCCEEDED","id":"c-1"}}`,
			`{"cancellation":{"status":"SUCCEEDED","totalAmount":1000}}`,
			`{"cancellation":{"status":"","id":"c-1","totalAmount":1000}}`,
			`{"cancellation":{"id":"c-1","totalAmount":1000}}`,
		}},
		{"payments.payWithBillingKey", payWithBillingKey, []string{
			``, `null`, `{}`, `{"payment":null}`, `{"payment":{}}`, `{"payment":{"pgTxId":"pg-1"}}`, `{"payment":{"paidAt":null}}`,
		}},
		{"payments.payInstantly", payInstantly, []string{
			``, `null`, `{}`, `{"payment":null}`, `{"payment":{}}`, `{"payment":{"pgTxId":"pg-1"}}`,
		}},
	} {
		for _, body := range tc.bodies {
			ws := newWireServer(t, body)
			c := testClient(t, ws)
			got, err := tc.call(c)
			assert.Nil(t, toNil(got), "%s %q", tc.op, body)
			var unknown *OutcomeUnknownError
			if !assert.True(t, errors.As(err, &unknown), "%s %q: %v", tc.op, body, err) {
				continue
			}
			assert.True(t, errors.Is(err, ErrOutcomeUnknown))
			assert.Equal(t, tc.op, unknown.Op)
			assert.Equal(t, "pay-1", unknown.Reference)
			assert.Equal(t, `"`+unknown.IdempotencyKey+`"`, payAssertKeyed(t, ws.last(t)), "the key that was sent")
			var derr *DecodeError
			assert.True(t, errors.As(err, &derr), "%s %q: the decode failure is reachable", tc.op, body)
			assert.Len(t, ws.recorded(), 1, "%s %q: not resent", tc.op, body)
		}
	}

	// An unknown cancellation status with its identity is a success.
	ws := newWireServer(t, `{"cancellation":{"status":"PENDING_APPROVAL","id":"c-1","totalAmount":1000}}`)
	got, err := cancel(testClient(t, ws))
	require.NoError(t, err)
	u, ok := got.(PaymentCancellation).(*UnknownPaymentCancellation)
	require.True(t, ok, "%T", got)
	assert.Equal(t, PaymentCancellationStatus("PENDING_APPROVAL"), u.Status())
}

// toNil turns a typed nil pointer or interface inside v into a plain nil.
func toNil(v any) any {
	switch x := v.(type) {
	case PaymentCancellation:
		if x == nil {
			return nil
		}
	case *BillingKeyPaymentSummary:
		if x == nil {
			return nil
		}
	case *InstantPaymentSummary:
		if x == nil {
			return nil
		}
	}
	return v
}

// TestHollowWriteResultsAreUnknown: a 2xx to a payment write whose body is
// null, {} or lacks the members saying what was applied is not a result:
// the write ends as an unknown outcome carrying the key, never as a
// success with zero values.
func TestHollowWriteResultsAreUnknown(t *testing.T) {
	token := Secret("payment-token")
	logistics := PaymentLogistics{Company: PaymentLogisticsCompany("CJ"), InvoiceNumber: "1234", SentAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	writes := map[string]func(c *Client) error{
		"confirm": func(c *Client) error {
			return errOf(c.Payments.Confirm(t.Context(), ConfirmPaymentParams{PaymentID: "p-1", PaymentToken: token}))
		},
		"stop cancellation": func(c *Client) error {
			return errOf(c.Payments.StopCancellation(t.Context(), StopPaymentCancellationParams{PaymentID: "p-1", CancellationID: "c-1"}))
		},
		"close virtual account": func(c *Client) error {
			return errOf(c.Payments.CloseVirtualAccount(t.Context(), CloseVirtualAccountParams{PaymentID: "p-1"}))
		},
		"apply escrow logistics": func(c *Client) error {
			return errOf(c.Payments.ApplyEscrowLogistics(t.Context(), EscrowLogisticsParams{PaymentID: "p-1", Logistics: logistics}))
		},
		"complete escrow": func(c *Client) error {
			return errOf(c.Payments.CompleteEscrow(t.Context(), CompleteEscrowParams{PaymentID: "p-1"}))
		},
	}
	for name, write := range writes {
		for _, body := range []string{`null`, ` null `, `{}`, `{"pgTxId":"tx"}`} {
			t.Run(name+"/"+body, func(t *testing.T) {
				ws := newWireServer(t, body)
				err := write(testClient(t, ws))
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				var unknown *OutcomeUnknownError
				require.ErrorAs(t, err, &unknown)
				require.NotEmpty(t, unknown.IdempotencyKey, "the key to repeat the write with")
				require.Len(t, ws.recorded(), 1, "a 2xx is not retried")
			})
		}
	}
}

// TestNullInUnionListIsAnError: a null element of a list of union values
// (cancellations) would decode to a nil interface that a caller's range
// loop calls Status() on; it is a decode error instead.
func TestNullInUnionListIsAnError(t *testing.T) {
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(payFixture(t, "partial_cancelled.json")), &doc))
	doc["cancellations"] = []any{nil}
	body, err := json.Marshal(doc)
	require.NoError(t, err)
	var p Payment
	require.ErrorContains(t, json.Unmarshal(body, &p), "holds null")
}

// TestConfirmAndPreRegisterRefuseTaxFreeAboveTotal: the amounts a confirm
// checks and a pre-registration records are consistent before any I/O.
func TestConfirmAndPreRegisterRefuseTaxFreeAboveTotal(t *testing.T) {
	ws := newWireServer(t, `{}`)
	c := testClient(t, ws)
	total, taxFree := int64(1000), int64(1001)
	errs := []error{
		errOf(c.Payments.Confirm(t.Context(), ConfirmPaymentParams{PaymentID: "p-1", PaymentToken: "tok", TotalAmount: &total, TaxFreeAmount: &taxFree})),
		c.Payments.PreRegister(t.Context(), PreRegisterPaymentParams{PaymentID: "p-1", TotalAmount: &total, TaxFreeAmount: &taxFree}),
	}
	for _, err := range errs {
		var verr *ValidationError
		require.ErrorAs(t, err, &verr)
		assert.Equal(t, "TaxFreeAmount", verr.Field)
	}
	assert.Empty(t, ws.recorded(), "refused before any request")
}
