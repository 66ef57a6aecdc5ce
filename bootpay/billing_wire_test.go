package bootpay

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// billingKeyReply is a billing key as Bootpay answers it.
const billingKeyReply = `{"receipt_id":"rc-bk-1","billing_key":"bk-0001","subscription_id":"sub-1","status":11,
	"billing_data":{"card_no":"536510******1234","card_company":"현대","card_company_code":"07","card_type":1}}`

// wireBody decodes a recorded JSON body.
func wireBody(t *testing.T, r recorded) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), "body %q", r.body)
	return m
}

// noEmptyObjects fails on a {} anywhere in a body.
func noEmptyObjects(t *testing.T, v any, path string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		assert.NotEmpty(t, v, "empty object at %s", path)
		for k, x := range v {
			noEmptyObjects(t, x, path+"."+k)
		}
	case []any:
		for _, x := range v {
			noEmptyObjects(t, x, path+"[]")
		}
	}
}

func TestWireBillingKeys(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ctx := context.Background()
	male := GenderMale
	// Each reply is of the subscription asked, the first with its charge.
	ws.then(http.StatusOK, `{"receipt_id":"rc-bk-1","billing_key":"bk-0001","subscription_id":"sub-1","status":11,
		"receipt_data":{"receipt_id":"rc-first","order_id":"sub-1","price":9900,"status":1}}`)
	ws.then(http.StatusOK, `{"receipt_id":"rc-bk-2","billing_key":"bk-0002","subscription_id":"sub-2","status":11}`)
	ws.then(http.StatusOK, `{"receipt_id":"rc-at-1","subscription_id":"sub-3","status":41}`)

	_, err := c.Billing.Issue(ctx, IssueBillingKeyParams{
		PG: "nicepay", OrderName: "월간 구독", SubscriptionID: "sub-1",
		CardNumber: "5365-1012-3456-1234", CardPassword: "12", CardIdentityNo: "900101",
		CardExpireYear: "28", CardExpireMonth: "07", Price: 9900, TaxFree: 900,
		User:     &User{ID: "u-1", Username: "홍길동", Phone: "010-1234-5678", Gender: &male},
		Extra:    &BillingExtra{CardQuota: "00", TestPayment: true},
		Metadata: map[string]any{"plan": "monthly"},
	})
	require.NoError(t, err)
	_, err = c.Billing.Issue(ctx, IssueBillingKeyParams{
		PG: "nicepay", OrderName: "월간 구독", SubscriptionID: "sub-2", CardNumber: "5365101234561234",
		CardPassword: "12", CardIdentityNo: "1234567890", CardExpireYear: "2028", CardExpireMonth: "12",
		User: &User{}, Extra: &BillingExtra{}, Metadata: map[string]any{},
	})
	require.NoError(t, err)
	_, err = c.Billing.IssueTransfer(ctx, TransferBillingKeyParams{
		PG: "nicepay", OrderName: "관리비 자동이체", SubscriptionID: "sub-3", Username: "홍길동",
		BankName: "국민", BankAccount: "110-234-567890", IdentityNo: "900101", Phone: "01012345678",
		CashReceiptType: CashReceiptIncomeDeduction,
	})
	require.NoError(t, err)
	ws.then(http.StatusOK, `{"receipt_id":"rc-at-1","billing_key":"bk-at-1","status":1}`)
	key, err := c.Billing.PublishTransfer(ctx, "rc-at-1")
	require.NoError(t, err)
	assert.True(t, key.Issued(), "status 1 with a key is issued, as Bootpay documents for a publish")

	reqs := ws.requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, "POST /v2/request/subscribe", reqs[0].method+" "+reqs[0].path)
	assert.JSONEq(t, `{"pg":"nicepay","order_name":"월간 구독","subscription_id":"sub-1","card_no":"5365101234561234",
		"card_pw":"12","card_identity_no":"900101","card_expire_year":"28","card_expire_month":"07","price":9900,"tax_free":900,
		"user":{"id":"u-1","username":"홍길동","phone":"010-1234-5678","gender":1},
		"extra":{"card_quota":"00","subscribe_test_payment":1},"metadata":{"plan":"monthly"}}`, string(reqs[0].body))
	minimal := wireBody(t, reqs[1])
	for _, k := range []string{"user", "extra", "metadata", "price", "tax_free", "method"} {
		assert.NotContains(t, minimal, k, "an unset %s is omitted, never {} or 0", k)
	}
	noEmptyObjects(t, minimal, "")

	assert.Equal(t, "POST /v2/request/subscribe/automatic-transfer", reqs[2].method+" "+reqs[2].path)
	assert.JSONEq(t, `{"pg":"nicepay","order_name":"관리비 자동이체","subscription_id":"sub-3","auth_type":"ARS",
		"username":"홍길동","bank_name":"국민","bank_account":"110234567890","identity_no":"900101",
		"cash_receipt_type":"소득공제","phone":"01012345678"}`, string(reqs[2].body))
	assert.Equal(t, "POST /v2/request/subscribe/automatic-transfer/publish", reqs[3].method+" "+reqs[3].path)
	assert.JSONEq(t, `{"receipt_id":"rc-at-1"}`, string(reqs[3].body))
}

func TestWireBillingLookupsAndDestroy(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ctx := context.Background()
	for range 3 {
		ws.then(http.StatusOK, billingKeyReply)
	}
	ws.then(http.StatusOK, `{"billing_key":"bk-0001"}`)

	_, err := c.Billing.Get(ctx, "bk-0001")
	require.NoError(t, err)
	_, err = c.Billing.GetByReceipt(ctx, "rc-bk-1")
	require.NoError(t, err)
	_, err = c.Billing.GetSequential(ctx, SequentialParams{BillingKey: "bk-0001", WidgetKey: "wk 1", UserID: "u-1"})
	require.NoError(t, err)
	require.NoError(t, c.Billing.Destroy(ctx, "bk-0001"))

	reqs := ws.requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, "GET /v2/billing_key/bk-0001", reqs[0].method+" "+reqs[0].path, "no subscribe/ prefix")
	assert.Equal(t, "GET /v2/subscribe/billing_key/rc-bk-1", reqs[1].method+" "+reqs[1].path)
	assert.Equal(t, "GET /v2/subscribe/sequential_billing_key/bk-0001", reqs[2].method+" "+reqs[2].path)
	assert.Equal(t, "user_id=u-1&widget_key=wk+1", reqs[2].query)
	assert.Equal(t, "DELETE /v2/subscribe/billing_key/bk-0001", reqs[3].method+" "+reqs[3].path)
	for _, r := range reqs {
		assert.Empty(t, r.body, "%s %s has no body", r.method, r.path)
	}
}

func TestWireChargeAndReservations(t *testing.T) {
	ws := newWireServer(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	c := ws.client(t, BasicAuth("ck", "sk"), WithClock(func() time.Time { return now }))
	ctx := context.Background()
	const order = "order-20261122-0001" // the fixture receipt's order id

	_, err := c.Billing.Charge(ctx, ChargeParams{
		BillingKey: "bk-0001", OrderName: "11월 구독료", OrderID: order, Price: 60000, TaxFree: 0, CardQuota: "3",
		Items:       []Item{{ID: "plan-m", Name: "월간", Quantity: 2, Price: 30000}},
		FeedbackURL: "https://shop.example/webhook", ContentType: "application/json",
		Metadata:     map[string]any{"month": "2026-11"},
		AllowSandbox: true, // the fixture receipt is a test-mode one
	})
	require.NoError(t, err)
	_, err = c.Billing.Charge(ctx, ChargeParams{BillingKey: "bk-0001", OrderName: "11월 구독료", OrderID: order, Price: 9900, User: &User{},
		AllowSandbox: true})
	require.NoError(t, err)
	ws.then(http.StatusOK, `{"reserve_id":"rsv-1","reserve_execute_at":"2026-12-22T18:00:00+09:00"}`)
	r, err := c.Billing.Reserve(ctx, ReserveParams{
		ChargeParams: ChargeParams{BillingKey: "bk-0001", OrderName: "12월 구독료", OrderID: "order-12", Price: 9900},
		ExecuteAt:    now.AddDate(0, 1, 0), Scheduled: 9,
	})
	require.NoError(t, err)
	assert.Equal(t, "rsv-1", r.ReserveID)
	ws.then(http.StatusOK, `{"reserve_id":"rsv-1","order_id":"order-12","price":9900,"status":1,"billing_key":"bk-0001",
		"reserve_execute_at":"2026-12-22T09:00:00+09:00"}`)
	_, err = c.Billing.GetReservation(ctx, "rsv-1")
	require.NoError(t, err)
	ws.then(http.StatusOK, `{"reserve_id":"rsv-1","success":true}`)
	require.NoError(t, c.Billing.CancelReservation(ctx, "rsv-1"))

	reqs := ws.requests()
	require.Len(t, reqs, 5)
	assert.Equal(t, "POST /v2/subscribe/payment", reqs[0].method+" "+reqs[0].path)
	assert.JSONEq(t, `{"billing_key":"bk-0001","order_name":"11월 구독료","order_id":"order-20261122-0001","price":60000,
		"card_quota":"3","items":[{"id":"plan-m","name":"월간","qty":2,"price":30000}],
		"feedback_url":"https://shop.example/webhook","content_type":"application/json","metadata":{"month":"2026-11"}}`, string(reqs[0].body))
	assert.JSONEq(t, `{"billing_key":"bk-0001","order_name":"11월 구독료","order_id":"order-20261122-0001","price":9900}`,
		string(reqs[1].body), "optional fields and the empty user are omitted")
	assert.Equal(t, "POST /v2/subscribe/payment/reserve", reqs[2].method+" "+reqs[2].path)
	assert.JSONEq(t, `{"billing_key":"bk-0001","order_name":"12월 구독료","order_id":"order-12","price":9900,
		"reserve_execute_at":"2026-12-22T18:00:00+09:00"}`, string(reqs[2].body), "the time in KST with its offset")
	assert.Equal(t, "GET /v2/subscribe/payment/reserve/rsv-1", reqs[3].method+" "+reqs[3].path)
	assert.Equal(t, "DELETE /v2/subscribe/payment/reserve/rsv-1", reqs[4].method+" "+reqs[4].path)
	assert.Empty(t, reqs[4].body)
}

func TestWireCertificates(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"), WithClock(func() time.Time { return time.Date(2026, 11, 22, 9, 5, 0, 0, time.UTC) }))
	ctx := context.Background()
	cert := `{"receipt_id":"rc-auth-1","authenticate_id":"auth-1","authenticated_at":"2026-11-22T18:00:00+09:00","status":12,
		"authenticate_data":{"name":"홍길동","phone":"01012345678","unique":"CI-1"}}`
	ws.then(http.StatusOK, `{"receipt_id":"rc-auth-1"}`)
	ws.then(http.StatusOK, `{"receipt_id":"rc-auth-1"}`)
	ws.then(http.StatusOK, cert)
	ws.then(http.StatusOK, cert)

	a, err := c.Certificates.Request(ctx, AuthenticationParams{
		PG: "danal", Method: "본인인증", AuthenticationID: "auth-1", OrderName: "회원가입 본인인증", Username: "홍길동",
		IdentityNo: "9001011", Carrier: CarrierLGUMVNO, Phone: "010-1234-5678", ClientIP: "203.0.113.7", Type: "sms",
	})
	require.NoError(t, err)
	require.NoError(t, c.Certificates.Resend(ctx, a.ReceiptID))
	got, err := c.Certificates.Confirm(ctx, CertificateParams{ReceiptID: a.ReceiptID, AuthenticationID: "auth-1"}, "123456")
	require.NoError(t, err)
	assert.True(t, got.Verified())
	_, err = c.Certificates.Get(ctx, a.ReceiptID)
	require.NoError(t, err)

	reqs := ws.requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, "POST /v2/request/authentication", reqs[0].method+" "+reqs[0].path)
	assert.JSONEq(t, `{"pg":"danal","method":"본인인증","username":"홍길동","identity_no":"9001011","carrier":"LGU+_MVNO",
		"phone":"01012345678","order_name":"회원가입 본인인증","authentication_id":"auth-1","client_ip":"203.0.113.7",
		"authenticate_type":"sms"}`, string(reqs[0].body))
	assert.Equal(t, "POST /v2/authenticate/realarm", reqs[1].method+" "+reqs[1].path)
	assert.JSONEq(t, `{"receipt_id":"rc-auth-1"}`, string(reqs[1].body))
	assert.Equal(t, "POST /v2/authenticate/confirm", reqs[2].method+" "+reqs[2].path)
	assert.JSONEq(t, `{"receipt_id":"rc-auth-1","otp":"123456"}`, string(reqs[2].body))
	assert.Equal(t, "GET /v2/certificate/rc-auth-1", reqs[3].method+" "+reqs[3].path)
}

func TestWireCashReceiptsEscrowUsersPayments(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ctx := context.Background()
	prepaid := false

	_, err := c.CashReceipts.Publish(ctx, CashReceiptParams{ReceiptID: "rc-bank-1", Type: CashReceiptIncomeDeduction,
		IdentityNo: "010-1234-5678", Username: "홍길동"})
	require.NoError(t, err)
	ws.then(http.StatusOK, `null`)
	require.NoError(t, c.CashReceipts.Cancel(ctx, CashReceiptCancelParams{ReceiptID: "rc-bank-1", Username: "관리자", Message: "요청 취소"}))
	ws.then(http.StatusOK, `{"receipt_id":"rc-cash-1","order_id":"cash-1","price":5000,"status":1}`)
	_, err = c.CashReceipts.PublishStandalone(ctx, StandaloneCashReceiptParams{OrderID: "cash-1", OrderName: "현장 결제", Price: 5000,
		Type: CashReceiptExpenseProof, IdentityNo: "1234567890", PurchasedAt: time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)})
	require.NoError(t, err)
	require.NoError(t, c.CashReceipts.CancelStandalone(ctx, CashReceiptCancelParams{ReceiptID: "rc-cash-1"}))
	_, err = c.Escrow.StartShipping(ctx, ShippingParams{ReceiptID: "rc-escrow-1", TrackingNumber: "6789012345",
		Courier: CourierCJ, Prepaid: &prepaid, Recipient: &ShippingRecipient{}, Sender: &ShippingSender{Name: "페이킷"}})
	require.NoError(t, err)
	ws.then(http.StatusOK, `{"user_token":"ut-1","expired_at":"2026-11-22T10:00:00+09:00"}`)
	_, err = c.Users.Token(ctx, UserTokenParams{UserID: "member-1", Phone: "01012345678"})
	require.NoError(t, err)
	ws.then(http.StatusOK, `[]`)
	_, err = c.Payments.ListByOrderID(ctx, "order/7")
	require.NoError(t, err)
	ws.then(http.StatusOK, `[{"pg":"nicepay","method":"card"}]`)
	methods, err := c.Payments.Methods(ctx)
	require.NoError(t, err)
	assert.Equal(t, "nicepay", methods[0].PG)
	ws.then(http.StatusOK, `{"status":200,"data":"https://pay.example/link/1"}`)
	link, err := c.Payments.Link(ctx, LinkParams{OrderID: "link-1", OrderName: "청구서", Price: 12000, Methods: []string{"card", "bank"}})
	require.NoError(t, err)
	assert.Equal(t, "https://pay.example/link/1", link.URL)

	reqs := ws.requests()
	require.Len(t, reqs, 9)
	assert.Equal(t, "POST /v2/request/receipt/cash/publish", reqs[0].method+" "+reqs[0].path)
	assert.JSONEq(t, `{"receipt_id":"rc-bank-1","username":"홍길동","identity_no":"01012345678","cash_receipt_type":"소득공제"}`, string(reqs[0].body))
	assert.Equal(t, "DELETE /v2/request/receipt/cash/cancel/rc-bank-1", reqs[1].method+" "+reqs[1].path)
	assert.Equal(t, "cancel_message=%EC%9A%94%EC%B2%AD+%EC%B7%A8%EC%86%8C&cancel_username=%EA%B4%80%EB%A6%AC%EC%9E%90", reqs[1].query)
	assert.JSONEq(t, `{"receipt_id":"rc-bank-1","cancel_username":"관리자","cancel_message":"요청 취소"}`, string(reqs[1].body),
		"the reason goes in the query and the body: which one Bootpay reads is UNCONFIRMED")
	assert.Equal(t, "POST /v2/request/cash/receipt", reqs[2].method+" "+reqs[2].path)
	assert.JSONEq(t, `{"price":5000,"order_name":"현장 결제","order_id":"cash-1","cash_receipt_type":"지출증빙",
		"identity_no":"1234567890","purchased_at":"2026-11-22T10:02:03+09:00"}`, string(reqs[2].body))
	assert.Equal(t, "DELETE /v2/request/cash/receipt/rc-cash-1", reqs[3].method+" "+reqs[3].path)
	assert.Empty(t, reqs[3].query)
	assert.Equal(t, "PUT /v2/escrow/shipping/start/rc-escrow-1", reqs[4].method+" "+reqs[4].path, "PUT, never GET")
	assert.JSONEq(t, `{"receipt_id":"rc-escrow-1","tracking_number":"6789012345","delivery_corp":"CJ대한통운",
		"shipping_prepayment":false,"company":{"name":"페이킷"}}`, string(reqs[4].body), "the empty recipient is omitted")
	assert.Equal(t, "POST /v2/request/user/token", reqs[5].method+" "+reqs[5].path)
	assert.JSONEq(t, `{"user_id":"member-1","phone":"01012345678"}`, string(reqs[5].body))
	assert.Equal(t, "GET /v2/lookup/order/order%2F7", reqs[6].method+" "+reqs[6].rawPath)
	assert.Equal(t, "GET /v2/seller/payment/method", reqs[7].method+" "+reqs[7].path)
	assert.Equal(t, "POST /v2/request/payment", reqs[8].method+" "+reqs[8].path)
	assert.JSONEq(t, `{"methods":["card","bank"],"price":12000,"order_id":"link-1","order_name":"청구서"}`, string(reqs[8].body))
	for _, r := range reqs {
		if len(r.body) > 0 {
			noEmptyObjects(t, wireBody(t, r), r.path)
		}
	}
}
