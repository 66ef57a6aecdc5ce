package portone

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeIssuedCashReceipt(t *testing.T) {
	raw := readTestdata(t, "cash_receipts", "issued.json")
	r := decodeTestdata[CashReceipt](t, "cash_receipts", "issued.json")
	assert.Equal(t, CashReceiptStatusIssued, r.Status)
	assert.Equal(t, "merchant-0001", r.MerchantID)
	assert.Equal(t, "store-0001", r.StoreID)
	assert.Equal(t, "order-20240425-0002", r.PaymentID)
	assert.Equal(t, "도서 외 2건", r.OrderName)
	assert.False(t, r.IsManual)
	require.NotNil(t, r.Channel)
	assert.Equal(t, PGProviderTosspayments, r.Channel.PGProvider)
	assertSameInstant(t, "2024-04-25T01:10:00Z", r.StatusUpdatedAt, "statusUpdatedAt")
	v, ok := r.Variant.(*IssuedCashReceipt)
	require.True(t, ok)
	assert.Equal(t, int64(33000), v.Amount)
	assert.Equal(t, int64(3000), *v.TaxFreeAmount)
	assert.Equal(t, int64(2727), *v.VATAmount)
	assert.Equal(t, CurrencyKRW, v.Currency)
	assert.Equal(t, CashReceiptTypePersonal, v.Type)
	assert.Equal(t, "pg-receipt-0001", v.PGReceiptID)
	assert.Equal(t, "123456789", v.IssueNumber)
	assert.Equal(t, "https://receipt.example.com/cash/0001", v.URL)
	assertSameInstant(t, "2024-04-25T01:10:00Z", v.IssuedAt, "issuedAt")
	assertRoundTrip(t, raw, r)
}

func TestDecodeCancelledCashReceipt(t *testing.T) {
	raw := readTestdata(t, "cash_receipts", "cancelled.json")
	r := decodeTestdata[CashReceipt](t, "cash_receipts", "cancelled.json")
	v, ok := r.Variant.(*CancelledCashReceipt)
	require.True(t, ok)
	assert.Equal(t, CashReceiptStatusCancelled, v.Status())
	assert.True(t, r.IsManual)
	assert.Equal(t, CashReceiptTypeCorporate, v.Type)
	assert.Nil(t, v.TaxFreeAmount)
	assert.Nil(t, v.VATAmount)
	assert.Empty(t, v.URL)
	assert.Equal(t, int64(33000), v.Amount)
	assertSameInstant(t, "2024-04-26T02:00:00Z", v.CancelledAt, "cancelledAt")
	assertRoundTrip(t, raw, r)
}

func TestDecodeIssueFailedAndUnknownCashReceipts(t *testing.T) {
	raw := readTestdata(t, "cash_receipts", "issue_failed.json")
	r := decodeTestdata[CashReceipt](t, "cash_receipts", "issue_failed.json")
	assert.Equal(t, &IssueFailedCashReceipt{}, r.Variant)
	assert.Equal(t, CashReceiptStatusIssueFailed, r.Status)
	assert.Nil(t, r.Channel)
	assert.Equal(t, "커피 원두", r.OrderName)
	assertRoundTrip(t, raw, r)

	raw = readTestdata(t, "cash_receipts", "unknown_status.json")
	r = decodeTestdata[CashReceipt](t, "cash_receipts", "unknown_status.json")
	u, ok := r.Variant.(*UnknownCashReceipt)
	require.True(t, ok)
	assert.Equal(t, CashReceiptStatus("ISSUE_PENDING"), u.Status())
	assert.Equal(t, "order-20240425-0004", r.PaymentID)
	assertRoundTrip(t, raw, r)
}

func TestCashReceiptStatusSpellings(t *testing.T) {
	// The filter says FAILED where a receipt says ISSUE_FAILED.
	assert.True(t, CashReceiptStatusIssueFailed.IsKnown())
	assert.False(t, CashReceiptStatus("FAILED").IsKnown())
	assert.True(t, CashReceiptFilterStatusFailed.IsKnown())
	assert.False(t, CashReceiptFilterStatus("ISSUE_FAILED").IsKnown())
}

// validCashReceiptParams returns params that pass validation.
func validCashReceiptParams() IssueCashReceiptParams {
	return IssueCashReceiptParams{
		PaymentID: "offline-order-0001", ChannelKey: "channel-key-0001", Type: CashReceiptTypePersonal,
		OrderName: "커피 원두", Currency: CurrencyKRW, Amount: PaymentAmountInput{Total: 15000},
		Customer: IssueCashReceiptCustomerInput{IdentityNumber: "01012345678"},
	}
}

func TestIssueCashReceiptParamsPrintMasked(t *testing.T) {
	p := validCashReceiptParams()
	p.Customer.IdentityNumber = "9001311234567"
	assertMasked(t, p, "9001311234567")
	assertMasked(t, p.Customer, "9001311234567")
}

var cashReceiptWireCases = []wireCase{
	{
		name: "issue", reply: `{"cashReceipt":{"issueNumber":"123456789","url":"https://receipt.example.com/1","pgReceiptId":"pg-1"}}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			p := validCashReceiptParams()
			p.Amount = PaymentAmountInput{Total: 15000, TaxFree: Ptr(int64(0)), VAT: Ptr(int64(1364))}
			p.ProductType = PaymentProductTypePhysical
			p.Customer = IssueCashReceiptCustomerInput{
				IdentityNumber: "01012345678", IdentityNumberType: CashReceiptIdentityNumberTypePhone,
				Name: "홍길동", Email: "hong@example.com", PhoneNumber: "01012345678",
			}
			p.PaidAt = time.Date(2024, 4, 25, 1, 0, 0, 0, time.UTC)
			p.PaymentMethod = IssueCashReceiptPaymentMethodTypeTransfer
			return c.CashReceipts.Issue(context.Background(), p, opts...)
		},
		method: http.MethodPost, rawPath: "/cash-receipts", keyed: true,
		body: `{"paymentId":"offline-order-0001","channelKey":"channel-key-0001","type":"PERSONAL","orderName":"커피 원두",
			"currency":"KRW","amount":{"total":15000,"taxFree":0,"vat":1364},"productType":"PHYSICAL",
			"customer":{"identityNumber":"01012345678","identityNumberType":"PHONE","name":"홍길동",
			"email":"hong@example.com","phoneNumber":"01012345678"},
			"paidAt":"2024-04-25T01:00:00Z","paymentMethod":"TRANSFER"}`,
		check: func(t *testing.T, out any) {
			assert.Equal(t, CashReceiptSummary{IssueNumber: "123456789", URL: "https://receipt.example.com/1", PGReceiptID: "pg-1"},
				out.(*IssueCashReceiptResponse).CashReceipt)
		},
	},
	{
		name: "list", reply: `{"items":[` + string(mustRead("cash_receipts", "issued.json")) + `,` +
			string(mustRead("cash_receipts", "issue_failed.json")) + `],"page":{"number":2,"size":2,"totalCount":6}}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.CashReceipts.List(context.Background(), CashReceiptListParams{
				Page: PageInput{Number: 2, Size: 2},
				Sort: CashReceiptSortInput{By: CashReceiptSortByStatusUpdatedAt},
				Filter: CashReceiptFilterInput{
					TimeRangeField: CashReceiptTimeRangeFieldStatusUpdatedAt,
					Until:          time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
					Statuses:       []CashReceiptFilterStatus{CashReceiptFilterStatusIssued, CashReceiptFilterStatusFailed},
					IsManual:       Ptr(true),
					PGProviders:    []PGProvider{PGProviderTosspayments},
					Types:          []CashReceiptType{CashReceiptTypeCorporate},
				},
			}, opts...)
		},
		method: http.MethodGet, rawPath: "/cash-receipts",
		requestBody: `{"page":{"number":2,"size":2},"sort":{"by":"STATUS_UPDATED_AT"},
			"filter":{"timeRangeField":"STATUS_UPDATED_AT","until":"2024-05-01T00:00:00Z","statuses":["ISSUED","FAILED"],
			"isManual":true,"pgProviders":["TOSSPAYMENTS"],"types":["CORPORATE"]}}`,
		check: func(t *testing.T, out any) {
			l := out.(*CashReceiptList)
			require.Len(t, l.Items, 2)
			assert.IsType(t, &IssuedCashReceipt{}, l.Items[0].Variant)
			assert.IsType(t, &IssueFailedCashReceipt{}, l.Items[1].Variant)
			assert.Equal(t, 6, l.Page.TotalCount)
		},
	},
	{
		name: "get by payment", reply: replyNaming(string(mustRead("cash_receipts", "cancelled.json")), "paymentId", "order/2024 04"),
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.CashReceipts.GetByPayment(context.Background(), "order/2024 04", opts...)
		},
		method: http.MethodGet, rawPath: "/payments/order%2F2024%2004/cash-receipt",
		check: func(t *testing.T, out any) {
			assert.IsType(t, &CancelledCashReceipt{}, out.(*CashReceipt).Variant)
		},
	},
	{
		name: "cancel", reply: `{"cancelledAmount":33000,"cancelledAt":"2024-04-26T02:00:00Z"}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.CashReceipts.Cancel(context.Background(), "order/0002", opts...)
		},
		method: http.MethodPost, rawPath: "/payments/order%2F0002/cash-receipt/cancel", keyed: true,
		check: func(t *testing.T, out any) {
			assert.Equal(t, &CancelCashReceiptResponse{CancelledAmount: 33000, CancelledAt: time.Date(2024, 4, 26, 2, 0, 0, 0, time.UTC)}, out)
		},
	},
	{
		name: "cancel with store", reply: `{"cancelledAmount":1,"cancelledAt":"2024-04-26T02:00:00Z"}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.CashReceipts.Cancel(context.Background(), "p", append(opts, WithStoreID("store-0001"))...)
		},
		method: http.MethodPost, rawPath: "/payments/p/cash-receipt/cancel", keyed: true,
		query: url.Values{"storeId": {"store-0001"}},
	},
}

func TestCashReceiptsWire(t *testing.T) { runWireCases(t, cashReceiptWireCases) }

func TestCashReceiptsRetrySendsSameRequest(t *testing.T) { runRetryCases(t, cashReceiptWireCases) }

func TestCashReceiptsStoreID(t *testing.T) {
	runStoreCases(t, []storeCase{
		{
			name: "issue", reply: `{"cashReceipt":{"issueNumber":"1","url":"u","pgReceiptId":"p"}}`, params: true,
			sent: storeInBody("storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				p := validCashReceiptParams()
				p.StoreID = store
				return errOf(c.CashReceipts.Issue(context.Background(), p, opts...))
			},
		},
		{
			name: "list", reply: `{"items":[],"page":{"number":0,"size":10,"totalCount":0}}`, params: true,
			sent: storeInRequestBody("filter", "storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.CashReceipts.List(context.Background(), CashReceiptListParams{Filter: CashReceiptFilterInput{StoreID: store}}, opts...))
			},
		},
		{
			name: "get by payment", reply: replyNaming(string(mustRead("cash_receipts", "issued.json")), "paymentId", "p"), sent: storeInQuery,
			call: func(c *Client, _ string, opts ...RequestOption) error {
				return errOf(c.CashReceipts.GetByPayment(context.Background(), "p", opts...))
			},
		},
		{
			name: "cancel", reply: `{"cancelledAmount":1,"cancelledAt":"2024-04-26T02:00:00Z"}`, sent: storeInQuery,
			call: func(c *Client, _ string, opts ...RequestOption) error {
				return errOf(c.CashReceipts.Cancel(context.Background(), "p", opts...))
			},
		},
	})
}

func TestCashReceiptsValidation(t *testing.T) {
	issue := func(mod func(*IssueCashReceiptParams)) func(c *Client) error {
		return func(c *Client) error {
			return errOf(c.CashReceipts.Issue(context.Background(), modified(validCashReceiptParams(), mod)))
		}
	}
	runValidationCases(t, []validationCase{
		{name: "issue without payment id", field: "PaymentID", call: issue(func(p *IssueCashReceiptParams) { p.PaymentID = "" })},
		{name: "issue without channel", field: "ChannelKey", call: issue(func(p *IssueCashReceiptParams) { p.ChannelKey = "" })},
		{name: "issue without type", field: "Type", call: issue(func(p *IssueCashReceiptParams) { p.Type = "" })},
		{name: "issue without order name", field: "OrderName", call: issue(func(p *IssueCashReceiptParams) { p.OrderName = "" })},
		{name: "issue without currency", field: "Currency", call: issue(func(p *IssueCashReceiptParams) { p.Currency = "" })},
		{name: "issue negative amount", field: "Amount.Total", call: issue(func(p *IssueCashReceiptParams) { p.Amount.Total = -100 })},
		{name: "issue without identity number", field: "Customer.IdentityNumber", call: issue(func(p *IssueCashReceiptParams) {
			p.Customer.IdentityNumber = ""
		})},
		{name: "get by payment empty id", field: "paymentID", call: func(c *Client) error {
			return errOf(c.CashReceipts.GetByPayment(context.Background(), ""))
		}},
		{name: "cancel dot id", field: "paymentID", call: func(c *Client) error {
			return errOf(c.CashReceipts.Cancel(context.Background(), "."))
		}},
		{name: "list negative page", field: "Page.Number", call: func(c *Client) error {
			return errOf(c.CashReceipts.List(context.Background(), CashReceiptListParams{Page: PageInput{Number: -1}}))
		}},
	})
}

func TestCashReceiptsErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name: "get not found", status: 404, wantType: ErrorTypeCashReceiptNotFound, wantIs: ErrNotFound,
			body: `{"type":"CASH_RECEIPT_NOT_FOUND"}`,
			call: func(c *Client) error { return errOf(c.CashReceipts.GetByPayment(context.Background(), "p")) },
		},
		{
			name: "cancel not issued", status: 404, wantType: ErrorTypeCashReceiptNotIssued, wantIs: ErrNotFound,
			body: `{"type":"CASH_RECEIPT_NOT_ISSUED"}`,
			call: func(c *Client) error { return errOf(c.CashReceipts.Cancel(context.Background(), "p")) },
		},
		{
			name: "issue unauthorized", status: 401, wantType: ErrorTypeUnauthorized, wantIs: ErrUnauthorized,
			body: `{"type":"UNAUTHORIZED","message":"인증 정보가 올바르지 않습니다."}`,
			call: func(c *Client) error {
				return errOf(c.CashReceipts.Issue(context.Background(), validCashReceiptParams()))
			},
		},
	})
}

func TestCashReceiptPGErrorCarriesPGCode(t *testing.T) {
	ws := newWireServer(t, `{}`)
	ws.then(http.StatusBadGateway, `{"type":"PG_PROVIDER","message":"PG사 오류","pgCode":"C001","pgMessage":"이미 취소된 거래"}`)
	_, err := testClient(t, ws).CashReceipts.Cancel(context.Background(), "order-0002")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, ErrorTypePGProvider, apiErr.Type)
	assert.Equal(t, "C001", apiErr.PGCode)
	assert.Equal(t, "이미 취소된 거래", apiErr.PGMessage)
	assert.ErrorIs(t, err, ErrServer)
	// The PG's refusal is final: one attempt, and not an unknown outcome.
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, ws.recorded(), 1)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(apiErr.RawBody(), &raw))
	assert.Equal(t, "C001", raw["pgCode"])
}

// TestCashReceiptWritesRefuseHollowReplies: a 2xx whose body is {} or
// lacks the members that say what was applied is an unknown outcome:
// never an issued receipt without its 승인 번호, nor a cancellation without
// its amount and time. A receipt whose url and pgReceiptId a PG left empty
// is still issued.
func TestCashReceiptWritesRefuseHollowReplies(t *testing.T) {
	p := validCashReceiptParams()
	issue := func(c *Client) error { return errOf(c.CashReceipts.Issue(context.Background(), p)) }
	cancel := func(c *Client) error { return errOf(c.CashReceipts.Cancel(context.Background(), "order-1")) }
	assertHollowRepliesUnknown(t, map[string]hollowReply{
		"issue {}":                         {`{}`, issue, p.PaymentID},
		"issue without the issue number":   {`{"cashReceipt":{"url":"https://receipt.example.com/1","pgReceiptId":"pg-1"}}`, issue, p.PaymentID},
		"issue with an empty issue number": {`{"cashReceipt":{"issueNumber":""}}`, issue, p.PaymentID},
		"cancel {}":                        {`{}`, cancel, "order-1"},
		"cancel without the amount":        {`{"cancelledAt":"2024-04-26T02:00:00Z"}`, cancel, "order-1"},
		"cancel without the time":          {`{"cancelledAmount":33000}`, cancel, "order-1"},
	})

	ws := newWireServer(t, `{"cashReceipt":{"issueNumber":"123456789","url":"","pgReceiptId":""}}`)
	out, err := testClient(t, ws).CashReceipts.Issue(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, "123456789", out.CashReceipt.IssueNumber)
}
