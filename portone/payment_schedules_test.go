package portone

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodePaymentSchedules(t *testing.T) {
	for _, tc := range []struct {
		file   string
		status PaymentScheduleStatus
		check  func(t *testing.T, s PaymentSchedule)
	}{
		{"scheduled.json", PaymentScheduleStatusScheduled, func(t *testing.T, s PaymentSchedule) {
			assert.Equal(t, &ScheduledPaymentSchedule{}, s.Variant)
		}},
		{"started.json", PaymentScheduleStatusStarted, func(t *testing.T, s PaymentSchedule) {
			v := s.Variant.(*StartedPaymentSchedule)
			assertSameInstant(t, "2024-05-25T01:00:01Z", v.StartedAt, "startedAt")
			assert.Nil(t, s.TaxFreeAmount)
			assert.Nil(t, s.VATAmount)
			assert.Nil(t, s.InstallmentMonth)
			assert.Nil(t, s.NoticeURLs)
			assert.Nil(t, s.Products)
		}},
		{"succeeded.json", PaymentScheduleStatusSucceeded, func(t *testing.T, s PaymentSchedule) {
			v := s.Variant.(*SucceededPaymentSchedule)
			assertSameInstant(t, "2024-05-25T01:00:01Z", v.StartedAt, "startedAt")
			assertSameInstant(t, "2024-05-25T01:00:03.5Z", v.CompletedAt, "completedAt")
		}},
		{"failed.json", PaymentScheduleStatusFailed, func(t *testing.T, s PaymentSchedule) {
			v := s.Variant.(*FailedPaymentSchedule)
			assertSameInstant(t, "2024-05-25T01:00:02Z", v.CompletedAt, "completedAt")
			assert.True(t, s.IsCulturalExpense)
		}},
		{"pending.json", PaymentScheduleStatusPending, func(t *testing.T, s PaymentSchedule) {
			v := s.Variant.(*PendingPaymentSchedule)
			assertSameInstant(t, "2024-05-25T01:05:00Z", v.CompletedAt, "completedAt")
			assert.True(t, s.IsEscrow)
		}},
		{"revoked.json", PaymentScheduleStatusRevoked, func(t *testing.T, s PaymentSchedule) {
			v := s.Variant.(*RevokedPaymentSchedule)
			assertSameInstant(t, "2024-05-20T00:00:00Z", v.RevokedAt, "revokedAt")
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			raw := readTestdata(t, "payment_schedules", tc.file)
			s := decodeTestdata[PaymentSchedule](t, "payment_schedules", tc.file)
			assert.Equal(t, tc.status, s.Status)
			assert.Equal(t, tc.status, s.Variant.Status())
			assert.Equal(t, "schedule-0190f1e2-0001", s.ID)
			assert.Equal(t, "merchant-0001", s.MerchantID)
			assert.Equal(t, "store-0001", s.StoreID)
			assert.Equal(t, "subscription-2024-05-customer-0001", s.PaymentID)
			assert.Equal(t, BillingKey("billing-key-0190f1e2-0001"), s.BillingKey)
			assert.Equal(t, "월간 구독 5월", s.OrderName)
			assert.Equal(t, "홍길동", s.Customer.Name)
			assert.Equal(t, `{"plan":"monthly"}`, s.CustomData)
			assert.Equal(t, int64(9900), s.TotalAmount)
			assert.Equal(t, CurrencyKRW, s.Currency)
			assertSameInstant(t, "2024-04-25T01:00:00Z", s.CreatedAt, "createdAt")
			assertSameInstant(t, "2024-05-25T01:00:00Z", s.TimeToPay, "timeToPay")
			if tc.status != PaymentScheduleStatusStarted {
				assert.Equal(t, int64(0), *s.TaxFreeAmount)
				assert.Equal(t, int64(900), *s.VATAmount)
				assert.Equal(t, 0, *s.InstallmentMonth)
				assert.Equal(t, []string{"https://shop.example.com/webhooks/portone"}, s.NoticeURLs)
				assert.Equal(t, []PaymentProduct{{ID: "plan-monthly", Name: "월간 구독", Amount: 9900, Quantity: 1}}, s.Products)
			}
			tc.check(t, s)
			assertRoundTrip(t, raw, s)
		})
	}
}

func TestDecodeUnknownPaymentSchedule(t *testing.T) {
	raw := readTestdata(t, "payment_schedules", "unknown_status.json")
	s := decodeTestdata[PaymentSchedule](t, "payment_schedules", "unknown_status.json")
	u, ok := s.Variant.(*UnknownPaymentSchedule)
	require.True(t, ok)
	assert.Equal(t, PaymentScheduleStatus("PAUSED"), u.Status())
	assert.False(t, s.Status.IsKnown())
	assert.Equal(t, "schedule-0190f1e2-0001", s.ID)
	assert.Equal(t, int64(9900), s.TotalAmount)
	assertRoundTrip(t, raw, s)

	var list PaymentScheduleList
	doc := `{"items":[` + string(raw) + `,` + string(readTestdata(t, "payment_schedules", "revoked.json")) + `],"page":{"number":0,"size":10,"totalCount":2}}`
	require.NoError(t, json.Unmarshal([]byte(doc), &list))
	require.Len(t, list.Items, 2)
	assert.IsType(t, &UnknownPaymentSchedule{}, list.Items[0].Variant)
	assert.IsType(t, &RevokedPaymentSchedule{}, list.Items[1].Variant)
	assert.Equal(t, 2, list.Page.TotalCount)
}

func TestPaymentSchedulePrintsMasked(t *testing.T) {
	s := decodeTestdata[PaymentSchedule](t, "payment_schedules", "succeeded.json")
	assertMasked(t, s, "billing-key-0190f1e2-0001")
	assertMasked(t, validScheduleParams(), "billing-key-0001")
	assertMasked(t, RevokePaymentSchedulesParams{BillingKey: "billing-key-0001"}, "billing-key-0001")
	assertMasked(t, PaymentScheduleListParams{Filter: PaymentScheduleFilterInput{BillingKey: "billing-key-0001"}}, "billing-key-0001")
}

// validScheduleParams returns params that pass validation.
func validScheduleParams() CreatePaymentScheduleParams {
	return CreatePaymentScheduleParams{
		PaymentID: "subscription/2024-05 #1",
		Payment: BillingKeyPaymentScheduleInput{
			BillingKey: "billing-key-0001",
			OrderName:  "월간 구독 5월",
			Amount:     PaymentAmountInput{Total: 9900, TaxFree: Ptr(int64(0))},
			Currency:   CurrencyKRW,
		},
		TimeToPay: time.Date(2024, 5, 25, 1, 0, 0, 0, time.UTC),
	}
}

var scheduleJSON = string(mustRead("payment_schedules", "scheduled.json"))

var paymentScheduleWireCases = []wireCase{
	{
		name: "create", reply: `{"schedule":{"id":"schedule-0001"}}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			p := validScheduleParams()
			p.Payment.ChannelKey = "channel-key-0001"
			p.Payment.Customer = &CustomerInput{ID: "customer-0001", Email: "hong@example.com"}
			p.Payment.CustomData = `{"plan":"monthly"}`
			p.Payment.InstallmentMonth = Ptr(0)
			p.Payment.UseCardPoint = Ptr(false)
			p.Payment.NoticeURLs = []string{"https://shop.example.com/webhooks/portone"}
			p.Payment.Products = []PaymentProduct{{ID: "plan-monthly", Name: "월간 구독", Amount: 9900, Quantity: 1}}
			p.Payment.ProductType = PaymentProductTypeDigital
			p.Payment.Locale = LocaleKoKR
			p.Payment.Bypass = map[string]any{"tosspayments": map[string]any{"customerKey": "c1"}}
			return c.PaymentSchedules.Create(context.Background(), p, opts...)
		},
		method: http.MethodPost, rawPath: "/payments/subscription%2F2024-05%20%231/schedule", keyed: true,
		body: `{"payment":{"billingKey":"billing-key-0001","channelKey":"channel-key-0001","orderName":"월간 구독 5월",
			"customer":{"id":"customer-0001","email":"hong@example.com"},"customData":"{\"plan\":\"monthly\"}",
			"amount":{"total":9900,"taxFree":0},"currency":"KRW","installmentMonth":0,"useCardPoint":false,
			"noticeUrls":["https://shop.example.com/webhooks/portone"],
			"products":[{"id":"plan-monthly","name":"월간 구독","amount":9900,"quantity":1}],
			"productType":"DIGITAL","locale":"KO_KR","bypass":{"tosspayments":{"customerKey":"c1"}}},
			"timeToPay":"2024-05-25T01:00:00Z"}`,
		check: func(t *testing.T, out any) {
			assert.Equal(t, "schedule-0001", out.(*CreatePaymentScheduleResponse).Schedule.ID)
		},
	},
	{
		name: "get", reply: replyNaming(scheduleJSON, "id", "schedule/0001?"),
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.PaymentSchedules.Get(context.Background(), "schedule/0001?", opts...)
		},
		method: http.MethodGet, rawPath: "/payment-schedules/schedule%2F0001%3F",
		check: func(t *testing.T, out any) {
			s := out.(*PaymentSchedule)
			assert.IsType(t, &ScheduledPaymentSchedule{}, s.Variant)
			assert.Equal(t, "schedule/0001?", s.ID)
		},
	},
	{
		name: "list", reply: `{"items":[` + scheduleJSON + `],"page":{"number":0,"size":50,"totalCount":1}}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.PaymentSchedules.List(context.Background(), PaymentScheduleListParams{
				Page: PageInput{Size: 50},
				Sort: PaymentScheduleSortInput{By: PaymentScheduleSortByTimeToPay, Order: SortOrderAsc},
				Filter: PaymentScheduleFilterInput{
					BillingKey: "billing-key-0001",
					From:       time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
					Until:      time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
					Status:     []PaymentScheduleStatus{PaymentScheduleStatusScheduled, PaymentScheduleStatusPending},
					IsForTest:  Ptr(false),
				},
			}, opts...)
		},
		method: http.MethodGet, rawPath: "/payment-schedules",
		requestBody: `{"page":{"size":50},"sort":{"by":"TIME_TO_PAY","order":"ASC"},
			"filter":{"billingKey":"billing-key-0001","from":"2024-05-01T00:00:00Z","until":"2024-06-01T00:00:00Z",
			"status":["SCHEDULED","PENDING"],"isForTest":false}}`,
		check: func(t *testing.T, out any) {
			l := out.(*PaymentScheduleList)
			require.Len(t, l.Items, 1)
			assert.Equal(t, 50, l.Page.Size)
		},
	},
	{
		name: "revoke", reply: `{"revokedScheduleIds":["schedule-0001","schedule-0002"],"revokedAt":"2024-05-20T00:00:00Z"}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.PaymentSchedules.Revoke(context.Background(), RevokePaymentSchedulesParams{
				BillingKey: "billing-key-0001", ScheduleIDs: []string{"schedule-0001", "schedule-0002"},
			}, opts...)
		},
		method: http.MethodDelete, rawPath: "/payment-schedules", keyed: true,
		requestBody: `{"billingKey":"billing-key-0001","scheduleIds":["schedule-0001","schedule-0002"]}`,
		check: func(t *testing.T, out any) {
			r := out.(*RevokePaymentSchedulesResponse)
			assert.Equal(t, []string{"schedule-0001", "schedule-0002"}, r.RevokedScheduleIDs)
			assert.Equal(t, time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC), r.RevokedAt)
		},
	},
	{
		name: "revoke by billing key", reply: `{"revokedScheduleIds":[]}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.PaymentSchedules.Revoke(context.Background(), RevokePaymentSchedulesParams{BillingKey: "billing-key-0001"}, opts...)
		},
		method: http.MethodDelete, rawPath: "/payment-schedules", keyed: true,
		requestBody: `{"billingKey":"billing-key-0001"}`,
		check: func(t *testing.T, out any) {
			r := out.(*RevokePaymentSchedulesResponse)
			assert.Empty(t, r.RevokedScheduleIDs)
			assert.True(t, r.RevokedAt.IsZero())
		},
	},
}

func TestPaymentSchedulesWire(t *testing.T) { runWireCases(t, paymentScheduleWireCases) }

func TestPaymentSchedulesRetrySendsSameRequest(t *testing.T) {
	runRetryCases(t, paymentScheduleWireCases)
}

func TestPaymentSchedulesStoreID(t *testing.T) {
	runStoreCases(t, []storeCase{
		{
			name: "create", reply: `{"schedule":{"id":"s"}}`, params: true, sent: storeInBody("payment", "storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				p := validScheduleParams()
				p.Payment.StoreID = store
				return errOf(c.PaymentSchedules.Create(context.Background(), p, opts...))
			},
		},
		{
			name: "get", reply: replyNaming(scheduleJSON, "id", "s"), sent: storeInQuery,
			call: func(c *Client, _ string, opts ...RequestOption) error {
				return errOf(c.PaymentSchedules.Get(context.Background(), "s", opts...))
			},
		},
		{
			name: "list", reply: `{"items":[],"page":{"number":0,"size":10,"totalCount":0}}`, params: true,
			sent: storeInRequestBody("filter", "storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.PaymentSchedules.List(context.Background(), PaymentScheduleListParams{Filter: PaymentScheduleFilterInput{StoreID: store}}, opts...))
			},
		},
		{
			name: "revoke", reply: `{"revokedScheduleIds":["s"]}`, params: true, sent: storeInRequestBody("storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.PaymentSchedules.Revoke(context.Background(), RevokePaymentSchedulesParams{StoreID: store, ScheduleIDs: []string{"s"}}, opts...))
			},
		},
	})
}

func TestPaymentSchedulesValidation(t *testing.T) {
	create := func(mod func(*CreatePaymentScheduleParams)) func(c *Client) error {
		return func(c *Client) error {
			return errOf(c.PaymentSchedules.Create(context.Background(), modified(validScheduleParams(), mod)))
		}
	}
	revoke := func(p RevokePaymentSchedulesParams) func(c *Client) error {
		return func(c *Client) error { return errOf(c.PaymentSchedules.Revoke(context.Background(), p)) }
	}
	runValidationCases(t, []validationCase{
		{name: "create without payment id", field: "PaymentID", call: create(func(p *CreatePaymentScheduleParams) { p.PaymentID = "" })},
		{name: "create without billing key", field: "Payment.BillingKey", call: create(func(p *CreatePaymentScheduleParams) { p.Payment.BillingKey = "" })},
		{name: "create without order name", field: "Payment.OrderName", call: create(func(p *CreatePaymentScheduleParams) { p.Payment.OrderName = " " })},
		{name: "create zero amount", field: "Payment.Amount.Total", call: create(func(p *CreatePaymentScheduleParams) { p.Payment.Amount.Total = 0 })},
		{name: "create negative vat", field: "Payment.Amount.VAT", call: create(func(p *CreatePaymentScheduleParams) { p.Payment.Amount.VAT = Ptr(int64(-1)) })},
		{name: "create without currency", field: "Payment.Currency", call: create(func(p *CreatePaymentScheduleParams) { p.Payment.Currency = "" })},
		{name: "create without time", field: "TimeToPay", call: create(func(p *CreatePaymentScheduleParams) { p.TimeToPay = time.Time{} })},
		{name: "create negative installments", field: "Payment.InstallmentMonth", call: create(func(p *CreatePaymentScheduleParams) {
			p.Payment.InstallmentMonth = Ptr(-1)
		})},
		{name: "create cash receipt without type", field: "Payment.CashReceipt.Type", call: create(func(p *CreatePaymentScheduleParams) {
			p.Payment.CashReceipt = &CashReceiptInput{CustomerIdentityNumber: "01012345678"}
		})},
		{name: "get empty id", field: "paymentScheduleID", call: func(c *Client) error {
			return errOf(c.PaymentSchedules.Get(context.Background(), ""))
		}},
		{name: "list negative size", field: "Page.Size", call: func(c *Client) error {
			return errOf(c.PaymentSchedules.List(context.Background(), PaymentScheduleListParams{Page: PageInput{Size: -5}}))
		}},
		{name: "revoke nothing", field: "BillingKey", call: revoke(RevokePaymentSchedulesParams{StoreID: "store"})},
		{name: "revoke empty schedule id", field: "ScheduleIDs", call: revoke(RevokePaymentSchedulesParams{ScheduleIDs: []string{"s", ""}})},
	})
}

func TestPaymentSchedulesErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name: "get not found", status: 404, wantType: ErrorTypePaymentScheduleNotFound, wantIs: ErrNotFound,
			body: `{"type":"PAYMENT_SCHEDULE_NOT_FOUND","message":"결제 예약건이 존재하지 않습니다."}`,
			call: func(c *Client) error { return errOf(c.PaymentSchedules.Get(context.Background(), "s")) },
		},
		{
			name: "create deleted key", status: 409, wantType: ErrorTypeBillingKeyAlreadyDeleted, wantIs: ErrConflict,
			body: `{"type":"BILLING_KEY_ALREADY_DELETED"}`,
			call: func(c *Client) error {
				return errOf(c.PaymentSchedules.Create(context.Background(), validScheduleParams()))
			},
		},
		{
			name: "revoke processed", status: 409, wantType: ErrorTypePaymentScheduleAlreadyProcessed, wantIs: ErrConflict,
			body: `{"type":"PAYMENT_SCHEDULE_ALREADY_PROCESSED"}`,
			call: func(c *Client) error {
				return errOf(c.PaymentSchedules.Revoke(context.Background(), RevokePaymentSchedulesParams{ScheduleIDs: []string{"s"}}))
			},
		},
		{
			name: "list forbidden", status: 403, wantType: ErrorTypeForbidden, wantIs: ErrUnauthorized,
			body: `{"type":"FORBIDDEN","message":"요청이 거절되었습니다."}`,
			call: func(c *Client) error {
				return errOf(c.PaymentSchedules.List(context.Background(), PaymentScheduleListParams{}))
			},
		},
	})
}

func TestPaymentScheduleCreateOutcomeUnknownNamesPayment(t *testing.T) {
	ws := newWireServer(t, `{}`)
	for range 3 {
		ws.then(http.StatusInternalServerError, `{"type":"INTERNAL"}`)
	}
	p := validScheduleParams()
	_, err := testClient(t, ws).PaymentSchedules.Create(context.Background(), p)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, p.PaymentID, unknown.Reference)
	assert.NotContains(t, err.Error(), "billing-key-0001")
}

// TestPaymentScheduleWritesRefuseHollowReplies: a 2xx whose body is {} or
// lacks the members that say what was applied is an unknown outcome: never
// a schedule without its id, nor a revocation that names nothing revoked.
// An empty revokedScheduleIds stays an answer (see the wire cases).
func TestPaymentScheduleWritesRefuseHollowReplies(t *testing.T) {
	p := validScheduleParams()
	create := func(c *Client) error { return errOf(c.PaymentSchedules.Create(context.Background(), p)) }
	revoke := func(c *Client) error {
		return errOf(c.PaymentSchedules.Revoke(context.Background(), RevokePaymentSchedulesParams{ScheduleIDs: []string{"s-1", "s-2"}}))
	}
	assertHollowRepliesUnknown(t, map[string]hollowReply{
		"create {}":                 {`{}`, create, p.PaymentID},
		"create without the id":     {`{"schedule":{}}`, create, p.PaymentID},
		"create with an empty id":   {`{"schedule":{"id":""}}`, create, p.PaymentID},
		"create with a null":        {`{"schedule":null}`, create, p.PaymentID},
		"revoke {}":                 {`{}`, revoke, "s-1,s-2"},
		"revoke with a null list":   {`{"revokedScheduleIds":null}`, revoke, "s-1,s-2"},
		"revoke with only its time": {`{"revokedAt":"2024-05-20T00:00:00Z"}`, revoke, "s-1,s-2"},
	})
}
