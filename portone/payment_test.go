package portone_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/portone"
)

// fixtureDir holds hand-written payments. All files except unknown_*.json and
// paid_unknown_parts.json validate against PortOne's OpenAPI description
// (portone/internal/schema), with discriminators enforced and additional
// properties forbidden.
var fixtureDir = filepath.Join("testdata", "payments")

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	require.NoError(t, err)
	return b
}

func decodeFixture(t testing.TB, name string) portone.Payment {
	t.Helper()
	var p portone.Payment
	require.NoError(t, json.Unmarshal(readFixture(t, name), &p), name)
	return p
}

// fixtureNames lists every *.json fixture.
func fixtureNames(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	return names
}

// assertTime checks that got is the instant written as RFC 3339 in want.
func assertTime(t *testing.T, want string, got time.Time, msgAndArgs ...any) {
	t.Helper()
	w, err := time.Parse(time.RFC3339Nano, want)
	require.NoError(t, err)
	assert.Truef(t, w.Equal(got), "want %s, got %s %v", w.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano), msgAndArgs)
}

func ptr[T any](v T) *T { return &v }

func TestDecodePaidCardPayment(t *testing.T) {
	p := decodeFixture(t, "paid_card.json")

	// Common fields, promoted from PaymentCommon: no type switch needed.
	assert.Equal(t, portone.PaymentStatusPaid, p.Status)
	assert.Equal(t, "order-20240425-0001", p.ID)
	assert.Equal(t, "0190f1e2-7c3a-7b1d-9a55-0c1f2e3d4a5b", p.TransactionID)
	assert.Equal(t, "merchant-6f1c2b9a-3d4e-4f5a-8b7c-1d2e3f4a5b6c", p.MerchantID)
	assert.Equal(t, "store-1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", p.StoreID)
	assert.Equal(t, portone.VersionV2, p.Version)
	assert.Equal(t, "러닝화 외 1건", p.OrderName)
	assert.Equal(t, portone.CurrencyKRW, p.Currency)
	assert.Equal(t, portone.CountryKR, p.Country)
	assert.Equal(t, `{"cartId":"cart-7788","coupon":null}`, p.CustomData)
	assert.Equal(t, ptr(false), p.IsCulturalExpense)
	assert.Equal(t, ptr(2), p.ProductCount)
	assert.Empty(t, p.PromotionID)
	assert.Empty(t, p.ScheduleID)
	assert.Empty(t, p.BillingKey)
	assert.Nil(t, p.Escrow)
	assertTime(t, "2024-04-25T09:59:41.207Z", p.RequestedAt)
	assertTime(t, "2024-04-25T10:00:05.538Z", p.UpdatedAt)
	assertTime(t, "2024-04-25T10:00:05.174Z", p.StatusChangedAt)

	assert.Equal(t, portone.PaymentAmount{
		Total: 39800, TaxFree: 0, VAT: ptr[int64](3618), Supply: ptr[int64](36182),
		Discount: 0, Paid: 39800, Cancelled: 0, CancelledTaxFree: 0,
	}, p.Amount)

	assert.Equal(t, &portone.SelectedChannel{
		Type:         portone.SelectedChannelTypeLive,
		ID:           "channel-id-0190f1e2-0001",
		Key:          "channel-key-9b2d5c1e-6a3f-4e8d-b7c2-0f1e2d3c4b5a",
		Name:         "토스페이먼츠 일반결제",
		PGProvider:   portone.PGProviderTosspayments,
		PGMerchantID: "tosspayments-mid-0001",
	}, p.Channel)
	assert.Equal(t, &portone.ChannelGroupSummary{ID: "channel-group-0001", Name: "기본 채널 그룹", IsForTest: false}, p.ChannelGroup)

	assert.Equal(t, portone.Customer{
		ID:          "customer-000123",
		Name:        "홍길동",
		BirthYear:   "1990",
		Gender:      portone.GenderMale,
		Email:       "gildong.hong@example.com",
		PhoneNumber: "010-1234-5678",
		Address:     &portone.Address{Type: portone.AddressTypeOneLine, OneLine: "서울특별시 강남구 테헤란로 123, 4층"},
		Zipcode:     "06236",
	}, p.Customer)
	assert.Equal(t, &portone.PaymentOrigin{
		PlatformType: portone.PaymentOriginPlatformTypeMobile,
		UserAgent:    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
		URL:          "https://shop.example.com/checkout/order-20240425-0001",
		IPAddress:    "203.0.113.10",
	}, p.Origin)

	require.Len(t, p.Products, 2)
	assert.Equal(t, portone.PaymentProduct{
		ID: "sku-run-270", Name: "러닝화 270mm", Tag: "shoes", Code: "RUN-270-BLK",
		Amount: 29900, Quantity: 1, Link: "https://shop.example.com/products/sku-run-270",
	}, p.Products[0])
	assert.Equal(t, portone.PaymentProduct{ID: "sku-sock-3p", Name: "러닝 양말 3켤레", Amount: 9900, Quantity: 1}, p.Products[1])

	require.Len(t, p.Webhooks, 1)
	wh := p.Webhooks[0]
	assert.Equal(t, portone.PaymentWebhookPaymentStatusPaid, wh.PaymentStatus)
	assert.Equal(t, "webhook-0190f1e2-0001", wh.ID)
	assert.Equal(t, portone.PaymentWebhookStatusSucceeded, wh.Status)
	assert.Equal(t, "https://shop.example.com/webhooks/portone", wh.URL)
	assert.Equal(t, ptr(false), wh.IsAsync)
	assert.Equal(t, ptr(1), wh.CurrentExecutionCount)
	assert.Equal(t, ptr(5), wh.MaxExecutionCount)
	assert.Empty(t, wh.Trigger)
	require.NotNil(t, wh.Request)
	assert.Contains(t, wh.Request.Header, "webhook-id: whmsg_0190f1e2")
	assert.True(t, strings.HasPrefix(wh.Request.Body, `{"type":"Transaction.Paid"`))
	assertTime(t, "2024-04-25T10:00:05.412Z", wh.Request.RequestedAt)
	require.NotNil(t, wh.Response)
	assert.Equal(t, "200", wh.Response.Code)
	assert.Equal(t, "OK", wh.Response.Body)
	assertTime(t, "2024-04-25T10:00:05.538Z", wh.Response.RespondedAt)
	assertTime(t, "2024-04-25T10:00:05.401Z", wh.TriggeredAt)

	// The card method.
	card, ok := p.Method.(*portone.PaymentMethodCard)
	require.True(t, ok, "method is %T", p.Method)
	assert.Equal(t, "PaymentMethodCard", card.MethodType())
	assert.Equal(t, &portone.Card{
		Publisher: "KOOKMIN", Issuer: "KOOKMIN",
		Brand: portone.CardBrandLocal, Type: portone.CardTypeCredit, OwnerType: portone.CardOwnerTypePersonal,
		BIN: "45123456", Name: "KB국민 My WE:SH 카드", Number: "4512-34**-****-7890",
	}, card.Card)
	assert.Equal(t, "30012345", card.ApprovalNumber)
	assert.Equal(t, &portone.PaymentInstallment{Month: 3, IsInterestFree: true, IsInterestFreeFromMerchant: ptr(false)}, card.Installment)
	assert.Equal(t, ptr(false), card.PointUsed)

	// The PAID-specific fields.
	paid, ok := p.Paid()
	require.True(t, ok, "variant is %T", p.Variant)
	assert.Same(t, paid, p.Variant)
	assertTime(t, "2024-04-25T10:00:05.174Z", paid.PaidAt)
	assert.Equal(t, "tviva20240425100005Ab1C2", paid.PGTxID)
	assert.Equal(t, `{"mId":"tosspayments-mid-0001","status":"DONE","approvedAt":"2024-04-25T19:00:05+09:00"}`, paid.PGResponse.Reveal())
	assert.Equal(t, "https://dashboard.tosspayments.com/receipt/redirection?transactionId=tviva20240425100005Ab1C2", paid.ReceiptURL)
	assert.Nil(t, paid.CashReceipt)
	assert.Empty(t, paid.CashReceiptIssuanceStatus)
	assert.NotNil(t, paid.Disputes, "an empty array stays an empty, non-nil slice")
	assert.Empty(t, paid.Disputes)
	assert.NotNil(t, paid.Cancellations)
	assert.Empty(t, paid.Cancellations)

	for _, other := range []bool{
		func() bool { _, ok := p.Ready(); return ok }(),
		func() bool { _, ok := p.PayPending(); return ok }(),
		func() bool { _, ok := p.VirtualAccountIssued(); return ok }(),
		func() bool { _, ok := p.Failed(); return ok }(),
		func() bool { _, ok := p.PartialCancelled(); return ok }(),
		func() bool { _, ok := p.Cancelled(); return ok }(),
		func() bool { _, ok := p.Unknown(); return ok }(),
	} {
		assert.False(t, other)
	}
}

func TestDecodeReadyPayment(t *testing.T) {
	p := decodeFixture(t, "ready.json")
	assert.Equal(t, portone.PaymentStatusReady, p.Status)
	v, ok := p.Ready()
	require.True(t, ok, "variant is %T", p.Variant)
	assert.Equal(t, portone.PaymentStatusReady, v.Status())

	assert.Equal(t, "order-20240501-0042", p.ID)
	assert.Equal(t, "schedule-0191-0001", p.ScheduleID)
	assert.Equal(t, "billing-key-0190aa11-2233-4455-6677-8899aabbccdd", string(p.BillingKey))
	assert.Nil(t, p.Method, "method is optional and absent")
	assert.Nil(t, p.Channel, "channel is optional on READY")
	assert.Nil(t, p.ChannelGroup)
	assert.Nil(t, p.Webhooks)
	assert.Nil(t, p.Products)
	assert.Nil(t, p.ProductCount)
	assert.Nil(t, p.IsCulturalExpense)
	assert.Equal(t, portone.PaymentAmount{Total: 9900}, p.Amount, "absent vat and supply stay nil")
	assert.Equal(t, portone.Customer{ID: "customer-000777"}, p.Customer)
	assert.Equal(t, &portone.PaymentOrigin{PlatformType: portone.PaymentOriginPlatformTypeAPI, IPAddress: "198.51.100.7"}, p.Origin)
	assertTime(t, "2024-05-01T03:15:00Z", p.RequestedAt)
}

func TestDecodePayPendingPayment(t *testing.T) {
	p := decodeFixture(t, "pay_pending.json")
	assert.Equal(t, portone.PaymentStatusPayPending, p.Status)
	assert.Equal(t, portone.PaymentFilterStatusPending, p.Status.FilterStatus())
	v, ok := p.PayPending()
	require.True(t, ok, "variant is %T", p.Variant)
	assert.Equal(t, "StdpayACCTINIpayTest20240502093110", v.PGTxID)

	tr, ok := p.Method.(*portone.PaymentMethodTransfer)
	require.True(t, ok, "method is %T", p.Method)
	assert.Equal(t, &portone.PaymentMethodTransfer{Bank: portone.BankShinhan, AccountNumber: "110-***-****56"}, tr)

	assert.Equal(t, &portone.SelectedChannel{Type: portone.SelectedChannelTypeTest, PGProvider: portone.PGProviderInicisV2, PGMerchantID: "INIpayTest"}, p.Channel)
	// Offsets are kept; the instant is what matters.
	assertTime(t, "2024-05-02T00:30:00Z", p.RequestedAt)
	assertTime(t, "2024-05-02T00:31:10.25Z", p.StatusChangedAt)
	_, offset := p.RequestedAt.Zone()
	assert.Equal(t, 9*60*60, offset)
	// A VAT of 0 is reported, not absent.
	assert.Equal(t, portone.PaymentAmount{Total: 45000, TaxFree: 45000, VAT: ptr[int64](0), Supply: ptr[int64](0)}, p.Amount)
	assert.Equal(t, portone.Customer{}, p.Customer)
	assert.Equal(t, "2001:db8::1", p.Origin.IPAddress)
}

func TestDecodeVirtualAccountIssuedPayment(t *testing.T) {
	p := decodeFixture(t, "virtual_account_issued.json")
	v, ok := p.VirtualAccountIssued()
	require.True(t, ok, "variant is %T", p.Variant)
	assert.Equal(t, "24050310000212345", v.PGTxID)

	va, ok := p.Method.(*portone.PaymentMethodVirtualAccount)
	require.True(t, ok, "method is %T", p.Method)
	assert.Equal(t, portone.BankKookmin, va.Bank)
	assert.Equal(t, "12345678901234", va.AccountNumber.Reveal())
	assert.Equal(t, portone.PaymentMethodVirtualAccountTypeNormal, va.AccountType)
	assert.Equal(t, "(주)예제상점", va.RemitteeName)
	assert.Equal(t, "김철수", va.RemitterName)
	assertTime(t, "2024-05-06T14:59:59Z", va.ExpiredAt)
	assertTime(t, "2024-05-03T01:00:02Z", va.IssuedAt)
	assert.Empty(t, va.RefundStatus)

	assert.Equal(t, &portone.PaymentEscrow{Status: portone.PaymentEscrowStatusBeforeRegistered}, p.Escrow)
	assert.Equal(t, portone.PGProviderKCPV2, p.Channel.PGProvider)
}

func TestDecodeFailedPayment(t *testing.T) {
	p := decodeFixture(t, "failed.json")
	v, ok := p.Failed()
	require.True(t, ok, "variant is %T", p.Variant)
	assertTime(t, "2024-05-04T12:00:09Z", v.FailedAt)
	assert.Equal(t, portone.PaymentFailure{Reason: "휴대폰 결제 한도를 초과했습니다.", PGCode: "E0042", PGMessage: "월 이용한도 초과"}, v.Failure)
	assertTime(t, "2024-05-04T12:00:00.5Z", p.RequestedAt)
	assert.Nil(t, p.Channel, "channel is optional on FAILED")
	assert.Equal(t, portone.GenderOther, p.Customer.Gender)

	m, ok := p.Method.(*portone.PaymentMethodMobile)
	require.True(t, ok, "method is %T", p.Method)
	assert.Equal(t, "01055557777", m.PhoneNumber)
}

func TestDecodePartialCancelledPayment(t *testing.T) {
	p := decodeFixture(t, "partial_cancelled.json")
	v, ok := p.PartialCancelled()
	require.True(t, ok, "variant is %T", p.Variant)
	assertTime(t, "2024-05-05T02:00:31Z", v.PaidAt)
	assertTime(t, "2024-05-06T08:00:01Z", v.CancelledAt)
	assert.Equal(t, "20240505NP0000001", v.PGTxID)
	assert.Equal(t, portone.CashReceiptIssuanceStatusIssued, v.CashReceiptIssuanceStatus)
	assert.Equal(t, "https://pay.naver.com/receipt/20240505NP0000001", v.ReceiptURL)
	assert.Equal(t, "promotion-spring-2024", p.PromotionID)
	assert.Equal(t, portone.PaymentAmount{
		Total: 60000, TaxFree: 20000, VAT: ptr[int64](3636), Supply: ptr[int64](36364),
		Discount: 1000, Paid: 59000, Cancelled: 20000, CancelledTaxFree: 20000,
	}, p.Amount)

	ep, ok := p.Method.(*portone.PaymentMethodEasyPay)
	require.True(t, ok, "method is %T", p.Method)
	assert.Equal(t, portone.EasyPayProviderNaverpay, ep.Provider)
	charge, ok := ep.EasyPayMethod.(*portone.PaymentMethodEasyPayCharge)
	require.True(t, ok, "easy-pay method is %T", ep.EasyPayMethod)
	assert.Equal(t, portone.BankNonghyup, charge.Bank)
	assert.Equal(t, "PaymentMethodEasyPayMethodCharge", charge.MethodType())

	issued, ok := v.CashReceipt.(*portone.IssuedPaymentCashReceipt)
	require.True(t, ok, "cash receipt is %T", v.CashReceipt)
	assert.Equal(t, portone.PaymentCashReceiptStatusIssued, issued.Status())
	assert.Equal(t, portone.CashReceiptTypePersonal, issued.Type)
	assert.Equal(t, "np-cr-0001", issued.PGReceiptID)
	assert.Equal(t, "133456789", issued.IssueNumber)
	assert.Equal(t, int64(59000), issued.TotalAmount)
	assert.Equal(t, ptr[int64](20000), issued.TaxFreeAmount)
	assert.Equal(t, portone.CurrencyKRW, issued.Currency)
	assert.Equal(t, "https://pay.naver.com/receipt/cash/np-cr-0001", issued.URL)
	assertTime(t, "2024-05-05T02:00:35Z", issued.IssuedAt)

	require.Len(t, v.Cancellations, 2)
	ok0, ok := v.Cancellations[0].(*portone.SucceededPaymentCancellation)
	require.True(t, ok, "cancellation 0 is %T", v.Cancellations[0])
	assert.Equal(t, portone.PaymentCancellationStatusSucceeded, ok0.Status())
	assert.Equal(t, "cancellation-0001", ok0.ID)
	assert.Equal(t, "np-cancel-0001", ok0.PGCancellationID)
	assert.Equal(t, int64(20000), ok0.TotalAmount)
	assert.Equal(t, int64(20000), ok0.TaxFreeAmount)
	assert.Equal(t, int64(0), ok0.VATAmount)
	assert.Equal(t, ptr[int64](0), ok0.EasyPayDiscountAmount)
	assert.Equal(t, "고객 변심 (사과 반품)", ok0.Reason)
	assertTime(t, "2024-05-06T08:00:01Z", ok0.CancelledAt)
	assertTime(t, "2024-05-06T08:00:00Z", ok0.RequestedAt)
	assert.Equal(t, "https://pay.naver.com/receipt/cancel/np-cancel-0001", ok0.ReceiptURL)
	assert.Equal(t, portone.CancellationTriggerAPI, ok0.Trigger)

	failed, ok := v.Cancellations[1].(*portone.FailedPaymentCancellation)
	require.True(t, ok, "cancellation 1 is %T", v.Cancellations[1])
	assert.Equal(t, "cancellation-0002", failed.ID)
	assert.Equal(t, int64(5000), failed.TotalAmount)
	assert.Equal(t, int64(455), failed.VATAmount)
	assert.Nil(t, failed.EasyPayDiscountAmount)
	assert.True(t, failed.CancelledAt.IsZero(), "absent optional time is zero")
	assert.Equal(t, portone.CancellationTriggerConsole, failed.Trigger)
}

func TestDecodeCancelledPayment(t *testing.T) {
	p := decodeFixture(t, "cancelled.json")
	v, ok := p.Cancelled()
	require.True(t, ok, "variant is %T", p.Variant)
	assert.Equal(t, portone.VersionV1, p.Version)
	assertTime(t, "2024-05-07T05:00:20Z", v.PaidAt)
	assertTime(t, "2024-05-09T01:00:00Z", v.CancelledAt)
	assert.Equal(t, "toss-tx-20240507-0555", v.PGTxID)
	assert.Empty(t, v.ReceiptURL)
	assert.Equal(t, int64(89000), p.Amount.Cancelled)

	ep, ok := p.Method.(*portone.PaymentMethodEasyPay)
	require.True(t, ok, "method is %T", p.Method)
	assert.Equal(t, portone.EasyPayProviderTosspay, ep.Provider)
	tr, ok := ep.EasyPayMethod.(*portone.PaymentMethodTransfer)
	require.True(t, ok, "easy-pay method is %T", ep.EasyPayMethod)
	assert.Equal(t, &portone.PaymentMethodTransfer{Bank: portone.BankToss, AccountNumber: "1000-****-9876"}, tr)

	assert.Equal(t, &portone.Address{
		Type: portone.AddressTypeSeparated, OneLine: "부산광역시 해운대구 센텀중앙로 97 1201호",
		AddressLine1: "부산광역시 해운대구 센텀중앙로 97", AddressLine2: "1201호",
		City: "해운대구", Province: "부산광역시", Country: portone.CountryKR,
	}, p.Customer.Address)

	require.NotNil(t, p.Escrow)
	assert.Equal(t, portone.PaymentEscrowStatusCancelled, p.Escrow.Status)
	assert.Equal(t, "CJ대한통운", p.Escrow.Company)
	assert.Equal(t, "6543210987", p.Escrow.InvoiceNumber)
	assertTime(t, "2024-05-07T09:00:00Z", p.Escrow.SentAt)
	assertTime(t, "2024-05-07T09:05:00Z", p.Escrow.AppliedAt)
	assert.Nil(t, p.Escrow.IsAutomaticallyConfirmed)

	cr, ok := v.CashReceipt.(*portone.CancelledPaymentCashReceipt)
	require.True(t, ok, "cash receipt is %T", v.CashReceipt)
	assert.Equal(t, portone.PaymentCashReceiptStatusCancelled, cr.Status())
	assert.Equal(t, portone.CashReceiptTypeCorporate, cr.Type)
	assert.Equal(t, "987654321", cr.IssueNumber)
	assert.Nil(t, cr.TaxFreeAmount)
	assertTime(t, "2024-05-07T05:00:25Z", cr.IssuedAt)
	assertTime(t, "2024-05-09T01:00:00Z", cr.CancelledAt)

	require.Len(t, v.Cancellations, 2)
	succeeded, ok := v.Cancellations[0].(*portone.SucceededPaymentCancellation)
	require.True(t, ok, "cancellation 0 is %T", v.Cancellations[0])
	assert.Equal(t, portone.CancellationTriggerPortOneAdmin, succeeded.Trigger)
	assert.Equal(t, int64(8091), succeeded.VATAmount)
	requested, ok := v.Cancellations[1].(*portone.RequestedPaymentCancellation)
	require.True(t, ok, "cancellation 1 is %T", v.Cancellations[1])
	assert.Equal(t, portone.PaymentCancellationStatusRequested, requested.Status())
	assert.Equal(t, "toss-cancel-0101", requested.PGCancellationID)
	assert.Equal(t, "중복 요청", requested.Reason)
	assertTime(t, "2024-05-09T01:00:30Z", requested.RequestedAt)
	assert.Empty(t, requested.Trigger)
}

// TestDecodePaymentMethods covers every PaymentMethod case and every
// easy-pay sub-method, including the unknown fallbacks.
func TestDecodePaymentMethods(t *testing.T) {
	tests := []struct {
		fixture string
		check   func(t *testing.T, m portone.PaymentMethod)
	}{
		{"paid_card.json", func(t *testing.T, m portone.PaymentMethod) {
			c := m.(*portone.PaymentMethodCard)
			assert.Equal(t, portone.CardBrandLocal, c.Card.Brand)
			assert.Equal(t, 3, c.Installment.Month)
		}},
		{"virtual_account_issued.json", func(t *testing.T, m portone.PaymentMethod) {
			va := m.(*portone.PaymentMethodVirtualAccount)
			assert.Equal(t, "12345678901234", va.AccountNumber.Reveal())
		}},
		{"pay_pending.json", func(t *testing.T, m portone.PaymentMethod) {
			assert.Equal(t, portone.BankShinhan, m.(*portone.PaymentMethodTransfer).Bank)
		}},
		{"failed.json", func(t *testing.T, m portone.PaymentMethod) {
			assert.Equal(t, "01055557777", m.(*portone.PaymentMethodMobile).PhoneNumber)
		}},
		{"paid_gift_certificate.json", func(t *testing.T, m portone.PaymentMethod) {
			assert.Equal(t, &portone.PaymentMethodGiftCertificate{
				GiftCertificateType: portone.PaymentMethodGiftCertificateTypeCultureland,
				ApprovalNumber:      "CL20240511000123",
			}, m)
		}},
		{"paid_convenience_store.json", func(t *testing.T, m portone.PaymentMethod) {
			cs := m.(*portone.PaymentMethodConvenienceStore)
			assert.Equal(t, portone.ConvenienceStoreBrandFamilyMart, cs.ConvenienceStoreBrand)
			assert.Equal(t, "4012345678", cs.ConfirmationNumber)
			assert.Equal(t, "R-0001-2345", cs.ReceiptNumber)
			assertTime(t, "2024-05-15T14:59:59Z", cs.PaymentDeadline)
		}},
		{"paid_crypto.json", func(t *testing.T, m portone.PaymentMethod) {
			assert.Equal(t, &portone.PaymentMethodCrypto{}, m)
		}},
		{"paid_easypay_card.json", func(t *testing.T, m portone.PaymentMethod) {
			ep := m.(*portone.PaymentMethodEasyPay)
			assert.Equal(t, portone.EasyPayProviderKakaopay, ep.Provider)
			assert.Equal(t, &portone.PaymentMethodCard{
				Card: &portone.Card{
					Issuer: "SHINHAN", Brand: portone.CardBrandVisa, Type: portone.CardTypeDebit,
					OwnerType: portone.CardOwnerTypeCorporate, Number: "4000-12**-****-3456",
				},
				ApprovalNumber: "55501234",
				Installment:    &portone.PaymentInstallment{Month: 0, IsInterestFree: false},
				PointUsed:      ptr(true),
			}, ep.EasyPayMethod)
		}},
		{"partial_cancelled.json", func(t *testing.T, m portone.PaymentMethod) {
			ep := m.(*portone.PaymentMethodEasyPay)
			assert.Equal(t, &portone.PaymentMethodEasyPayCharge{Bank: portone.BankNonghyup}, ep.EasyPayMethod)
		}},
		{"cancelled.json", func(t *testing.T, m portone.PaymentMethod) {
			ep := m.(*portone.PaymentMethodEasyPay)
			assert.Equal(t, &portone.PaymentMethodTransfer{Bank: portone.BankToss, AccountNumber: "1000-****-9876"}, ep.EasyPayMethod)
		}},
		{"unknown_method.json", func(t *testing.T, m portone.PaymentMethod) {
			u := m.(*portone.UnknownPaymentMethod)
			assert.Equal(t, "PaymentMethodBuyNowPayLater", u.MethodType())
			assert.JSONEq(t, `{"type":"PaymentMethodBuyNowPayLater","provider":"KLARNA","installments":4}`, string(u.Raw))
		}},
		{"paid_unknown_parts.json", func(t *testing.T, m portone.PaymentMethod) {
			ep := m.(*portone.PaymentMethodEasyPay)
			assert.Equal(t, portone.EasyPayProvider("SUPERAPP_PAY"), ep.Provider)
			assert.False(t, ep.Provider.IsKnown())
			u := ep.EasyPayMethod.(*portone.UnknownPaymentMethod)
			assert.Equal(t, "PaymentMethodEasyPayMethodPoint", u.MethodType())
			assert.JSONEq(t, `{"type":"PaymentMethodEasyPayMethodPoint","pointType":"MILEAGE"}`, string(u.Raw))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			p := decodeFixture(t, tt.fixture)
			require.NotNil(t, p.Method)
			tt.check(t, p.Method)
		})
	}
}

func TestDecodeUnknownPaymentStatus(t *testing.T) {
	raw := readFixture(t, "unknown_status.json")
	var p portone.Payment
	require.NoError(t, json.Unmarshal(raw, &p))

	u, ok := p.Unknown()
	require.True(t, ok, "variant is %T", p.Variant)
	assert.Equal(t, portone.PaymentStatus("PAY_SCHEDULED"), u.Status())
	assert.False(t, p.Status.IsKnown())
	assert.JSONEq(t, string(raw), string(u.Raw), "the whole object is kept")
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, raw))
	assert.Equal(t, compact.String(), string(u.Raw), "in compact form, key order kept")

	// The common fields are still decoded.
	assert.Equal(t, portone.PaymentStatus("PAY_SCHEDULED"), p.Status)
	assert.Equal(t, "order-20240601-0001", p.ID)
	assert.Equal(t, int64(25000), p.Amount.Total)
	assert.Equal(t, portone.PGProviderTosspayments, p.Channel.PGProvider)

	// Re-encoding writes the raw JSON back, status-specific fields included.
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(out))
}

func TestDecodeUnknownPaymentMethod(t *testing.T) {
	p := decodeFixture(t, "unknown_method.json")
	paid, ok := p.Paid()
	require.True(t, ok, "variant is %T", p.Variant)
	assertTime(t, "2024-06-02T00:00:05Z", paid.PaidAt)
	u, ok := p.Method.(*portone.UnknownPaymentMethod)
	require.True(t, ok, "method is %T", p.Method)
	assert.Equal(t, "PaymentMethodBuyNowPayLater", u.MethodType())
	assert.JSONEq(t, `{"type":"PaymentMethodBuyNowPayLater","provider":"KLARNA","installments":4}`, string(u.Raw))
	assert.Equal(t, portone.Currency("EUR"), p.Currency)
}

// TestDecodeUnknownNestedValues checks the fallbacks of the nested unions and
// that unknown enum values and unknown properties do not fail decoding.
func TestDecodeUnknownNestedValues(t *testing.T) {
	p := decodeFixture(t, "paid_unknown_parts.json")
	paid, ok := p.Paid()
	require.True(t, ok, "variant is %T", p.Variant)

	cr, ok := paid.CashReceipt.(*portone.UnknownPaymentCashReceipt)
	require.True(t, ok, "cash receipt is %T", paid.CashReceipt)
	assert.Equal(t, portone.PaymentCashReceiptStatus("REISSUED"), cr.Status())
	assert.JSONEq(t, `{"status":"REISSUED","issueNumber":"555","reissuedAt":"2024-06-03T00:01:00Z","memo":"<b>재발행</b> & 확인"}`, string(cr.Raw))

	require.Len(t, paid.Cancellations, 1)
	c, ok := paid.Cancellations[0].(*portone.UnknownPaymentCancellation)
	require.True(t, ok, "cancellation is %T", paid.Cancellations[0])
	assert.Equal(t, portone.PaymentCancellationStatus("PENDING_APPROVAL"), c.Status())
	assert.JSONEq(t, `{"status":"PENDING_APPROVAL","id":"cancellation-0300","totalAmount":1000}`, string(c.Raw))

	// Open enums keep unknown values.
	assert.Equal(t, portone.SelectedChannelType("STAGING"), p.Channel.Type)
	assert.False(t, p.Channel.Type.IsKnown())
	assert.Equal(t, portone.PGProvider("BRAND_NEW_PG"), p.Channel.PGProvider)
	assert.Equal(t, portone.Version("V3"), p.Version)
	assert.Equal(t, portone.PaymentOriginPlatformType("KIOSK"), p.Origin.PlatformType)
	assert.Equal(t, &portone.PaymentEscrow{Status: "RETURNED", Company: "우체국택배", InvoiceNumber: "111122223333"}, p.Escrow)
	assert.False(t, p.Escrow.Status.IsKnown())
	assert.Equal(t, int64(5000), p.Amount.Paid, "unknown amount property is ignored")
}

func TestDecodeToleratesMissingRequiredFields(t *testing.T) {
	// Only the discriminator, the id and amount.total: every other
	// "required" property is missing, as it could be in data older than the
	// schema.
	var p portone.Payment
	require.NoError(t, json.Unmarshal([]byte(`{"status":"PAID","id":"p-1","amount":{"total":0},"brandNewTopLevel":{"x":1}}`), &p))
	paid, ok := p.Paid()
	require.True(t, ok, "variant is %T", p.Variant)
	assert.Equal(t, "p-1", p.ID)
	assert.Nil(t, p.Origin)
	assert.Nil(t, p.Channel)
	assert.True(t, p.RequestedAt.IsZero())
	assert.True(t, paid.PaidAt.IsZero())
	assert.Nil(t, paid.Disputes)
	assert.Equal(t, portone.PaymentAmount{}, p.Amount)

	for _, status := range []string{"READY", "PAY_PENDING", "VIRTUAL_ACCOUNT_ISSUED", "FAILED", "PARTIAL_CANCELLED", "CANCELLED"} {
		var q portone.Payment
		require.NoError(t, json.Unmarshal([]byte(`{"status":"`+status+`","id":"p-2","amount":{"total":1}}`), &q), status)
		assert.Equal(t, portone.PaymentStatus(status), q.Variant.Status())
	}

	// No status at all is an error (TestDecodeRefusesPaymentsWithoutIdentity):
	// a status-less "payment" used to decode as an UnknownPayment.
}

func TestDecodeTimePrecision(t *testing.T) {
	// Webhook examples use millisecond precision with a trailing .000.
	var p portone.Payment
	require.NoError(t, json.Unmarshal([]byte(`{"status":"READY","id":"p-1","amount":{"total":1},"requestedAt":"2024-04-25T10:00:00.000Z","updatedAt":"2024-04-25T10:00:00.123456789Z","statusChangedAt":"2024-04-25T19:00:00+09:00"}`), &p))
	assertTime(t, "2024-04-25T10:00:00Z", p.RequestedAt)
	assert.Equal(t, 123456789, p.UpdatedAt.Nanosecond())
	assertTime(t, "2024-04-25T10:00:00Z", p.StatusChangedAt)
}

func TestDecodeRejectsMalformedPayments(t *testing.T) {
	for name, in := range map[string]string{
		"not an object":       `[1,2]`,
		"amount as string":    `{"status":"PAID","amount":{"total":"1000"}}`,
		"float amount":        `{"status":"PAID","amount":{"total":10.5}}`,
		"bad time":            `{"status":"PAID","paidAt":"yesterday"}`,
		"method not object":   `{"status":"PAID","method":"CARD"}`,
		"method bad field":    `{"status":"PAID","method":{"type":"PaymentMethodCard","card":[]}}`,
		"cancellation number": `{"status":"CANCELLED","cancellations":[1]}`,
		"status as number":    `{"status":1}`,
		"truncated":           `{"status":"PAID"`,
	} {
		var p portone.Payment
		assert.Error(t, json.Unmarshal([]byte(in), &p), name)
	}
}

func TestDecodeNullAndReuse(t *testing.T) {
	var p portone.Payment
	require.NoError(t, json.Unmarshal(readFixture(t, "paid_card.json"), &p))
	// null is an error (it used to leave a fresh Payment without a
	// Variant), and leaves the value untouched.
	require.Error(t, json.Unmarshal([]byte(`null`), &p))
	assert.Equal(t, "order-20240425-0001", p.ID)

	// Decoding into a used Payment does not leak old fields.
	require.NoError(t, json.Unmarshal(readFixture(t, "ready.json"), &p))
	assert.Nil(t, p.Method)
	assert.Nil(t, p.Webhooks)
	assert.Empty(t, p.PromotionID)
	_, ok := p.Ready()
	assert.True(t, ok)

	// A null method is the same as an absent one.
	require.NoError(t, json.Unmarshal([]byte(`{"status":"PAID","id":"p-1","amount":{"total":1},"method":null,"cashReceipt":null,"cancellations":null}`), &p))
	paid, _ := p.Paid()
	assert.Nil(t, p.Method)
	assert.Nil(t, paid.CashReceipt)
	assert.Nil(t, paid.Cancellations)
}

func TestDecodePaymentList(t *testing.T) {
	// []Payment decodes directly, with no helper.
	list := "[" + string(readFixture(t, "paid_card.json")) + "," + string(readFixture(t, "unknown_status.json")) + "," + string(readFixture(t, "cancelled.json")) + "]"
	var ps []portone.Payment
	require.NoError(t, json.Unmarshal([]byte(list), &ps))
	require.Len(t, ps, 3)
	var statuses []portone.PaymentStatus
	for _, p := range ps {
		statuses = append(statuses, p.Status)
	}
	assert.Equal(t, []portone.PaymentStatus{"PAID", "PAY_SCHEDULED", "CANCELLED"}, statuses)
	assert.IsType(t, &portone.PaidPayment{}, ps[0].Variant)
	assert.IsType(t, &portone.UnknownPayment{}, ps[1].Variant)
	assert.IsType(t, &portone.CancelledPayment{}, ps[2].Variant)

	out, err := json.Marshal(ps)
	require.NoError(t, err)
	assert.JSONEq(t, list, string(out))
}

// TestPaymentRoundTrip decodes every fixture, encodes it and decodes it
// again. The two decoded values must be equal. For every fixture except the
// one with unknown properties (which are dropped by design), the encoded
// JSON must also equal the original.
func TestPaymentRoundTrip(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			raw := readFixture(t, name)
			var first portone.Payment
			require.NoError(t, json.Unmarshal(raw, &first))

			out, err := json.Marshal(first)
			require.NoError(t, err)
			var second portone.Payment
			require.NoError(t, json.Unmarshal(out, &second), "%s", out)
			assert.Equal(t, first, second)

			// A pointer encodes the same as a value.
			outPtr, err := json.Marshal(&first)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(outPtr))

			if name == "paid_unknown_parts.json" {
				assert.NotContains(t, string(out), "someFutureField")
				return
			}
			assert.JSONEq(t, string(raw), string(out))
		})
	}
}

// TestPaymentMarshalConstructed encodes a payment built in Go, as a sandbox
// server would: the status comes from the Variant, discriminators of nested
// unions are written, and required arrays are [] rather than null.
func TestPaymentMarshalConstructed(t *testing.T) {
	at := time.Date(2024, 4, 25, 10, 0, 5, 0, time.UTC)
	p := portone.Payment{
		PaymentCommon: portone.PaymentCommon{
			ID:            "order-1",
			TransactionID: "tx-1",
			Method: &portone.PaymentMethodEasyPay{
				Provider:      portone.EasyPayProviderKakaopay,
				EasyPayMethod: &portone.PaymentMethodCard{ApprovalNumber: "1"},
			},
			Channel:     &portone.SelectedChannel{Type: portone.SelectedChannelTypeTest, PGProvider: portone.PGProviderKakaopay, PGMerchantID: "m"},
			Version:     portone.VersionV2,
			RequestedAt: at, UpdatedAt: at, StatusChangedAt: at,
			OrderName: "x",
			Amount:    portone.PaymentAmount{Total: 1000, Paid: 1000},
			Currency:  portone.CurrencyKRW,
			Origin:    &portone.PaymentOrigin{PlatformType: portone.PaymentOriginPlatformTypeAPI, IPAddress: "127.0.0.1"},
			Escrow:    &portone.PaymentEscrow{Status: portone.PaymentEscrowStatusRegistered},
			Customer:  portone.Customer{Address: &portone.Address{Type: portone.AddressTypeSeparated, OneLine: "a"}},
		},
		Variant: &portone.PaidPayment{
			PaidAt:      at,
			CashReceipt: &portone.IssuedPaymentCashReceipt{IssueNumber: "7", TotalAmount: 1000, Currency: portone.CurrencyKRW, IssuedAt: at},
			Cancellations: []portone.PaymentCancellation{
				&portone.RequestedPaymentCancellation{ID: "c-1", TotalAmount: 1, Reason: "r", RequestedAt: at},
			},
		},
	}
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"status": "PAID", "id": "order-1", "transactionId": "tx-1", "merchantId": "", "storeId": "",
		"method": {"type": "PaymentMethodEasyPay", "provider": "KAKAOPAY", "easyPayMethod": {"type": "PaymentMethodCard", "approvalNumber": "1"}},
		"channel": {"type": "TEST", "pgProvider": "KAKAOPAY", "pgMerchantId": "m"},
		"version": "V2",
		"requestedAt": "2024-04-25T10:00:05Z", "updatedAt": "2024-04-25T10:00:05Z", "statusChangedAt": "2024-04-25T10:00:05Z",
		"orderName": "x",
		"amount": {"total": 1000, "taxFree": 0, "discount": 0, "paid": 1000, "cancelled": 0, "cancelledTaxFree": 0},
		"currency": "KRW",
		"customer": {"address": {"type": "SEPARATED", "oneLine": "a", "addressLine1": "", "addressLine2": ""}},
		"origin": {"platformType": "API", "ipAddress": "127.0.0.1"},
		"escrow": {"status": "REGISTERED", "company": "", "invoiceNumber": ""},
		"paidAt": "2024-04-25T10:00:05Z",
		"cashReceipt": {"status": "ISSUED", "issueNumber": "7", "totalAmount": 1000, "currency": "KRW", "issuedAt": "2024-04-25T10:00:05Z"},
		"disputes": [],
		"cancellations": [{"status": "REQUESTED", "id": "c-1", "totalAmount": 1, "taxFreeAmount": 0, "vatAmount": 0, "reason": "r", "requestedAt": "2024-04-25T10:00:05Z"}]
	}`, string(out))

	// The Variant's status wins over a stale Status field.
	p.Status = portone.PaymentStatusFailed
	p.Variant = &portone.CancelledPayment{CancelledAt: at}
	out, err = json.Marshal(p)
	require.NoError(t, err)
	var back portone.Payment
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, portone.PaymentStatusCancelled, back.Status)
	cancelled, ok := back.Cancelled()
	require.True(t, ok)
	assert.NotNil(t, cancelled.Cancellations, "required cancellations are encoded as []")
	assert.Contains(t, string(out), `"cancellations":[]`)

	// Without a Variant, PaymentCommon alone is encoded.
	out, err = json.Marshal(portone.Payment{PaymentCommon: portone.PaymentCommon{Status: portone.PaymentStatusReady, ID: "r"}})
	require.NoError(t, err)
	assert.Contains(t, string(out), `"status":"READY","id":"r"`)
}

func TestPaymentStatusSpellings(t *testing.T) {
	pairs := map[portone.PaymentStatus]portone.PaymentFilterStatus{
		portone.PaymentStatusReady:                portone.PaymentFilterStatusReady,
		portone.PaymentStatusPayPending:           portone.PaymentFilterStatusPending,
		portone.PaymentStatusVirtualAccountIssued: portone.PaymentFilterStatusVirtualAccountIssued,
		portone.PaymentStatusPaid:                 portone.PaymentFilterStatusPaid,
		portone.PaymentStatusFailed:               portone.PaymentFilterStatusFailed,
		portone.PaymentStatusPartialCancelled:     portone.PaymentFilterStatusPartialCancelled,
		portone.PaymentStatusCancelled:            portone.PaymentFilterStatusCancelled,
	}
	for s, f := range pairs {
		assert.True(t, s.IsKnown(), s)
		assert.True(t, f.IsKnown(), f)
		assert.Equal(t, f, s.FilterStatus())
		assert.Equal(t, s, f.PaymentStatus())
	}
	assert.Equal(t, "PAY_PENDING", portone.PaymentStatusPayPending.String())
	assert.Equal(t, "PENDING", portone.PaymentFilterStatusPending.String())
	assert.False(t, portone.PaymentStatus("PENDING").IsKnown())
	assert.False(t, portone.PaymentFilterStatus("PAY_PENDING").IsKnown())
}

// The client decodes a response with transport.DecodeJSON, which hands the
// body straight to Payment.UnmarshalJSON: it must decode every fixture as
// json.Unmarshal does and refuse what json.Unmarshal refuses.
func TestPaymentDecodeJSONMatchesUnmarshal(t *testing.T) {
	for _, file := range fixtureNames(t) {
		body := readFixture(t, file)
		var viaStd, viaClient portone.Payment
		errStd := json.Unmarshal(body, &viaStd)
		errClient := transport.DecodeJSON(body, &viaClient)
		assert.Equal(t, errStd == nil, errClient == nil, "%s: %v / %v", file, errStd, errClient)
		assert.Equal(t, viaStd, viaClient, file)

		for name, bad := range map[string]string{
			"trailing data":    string(body) + ` {"status": "PAID"}`,
			"trailing garbage": string(body) + " x",
			"cut short":        string(body[:len(body)/2]),
			"form feed before": "\f" + string(body),
		} {
			var p portone.Payment
			assert.Error(t, transport.DecodeJSON([]byte(bad), &p), "%s: %s", file, name)
		}
	}
}
