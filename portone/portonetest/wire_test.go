package portonetest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestPaymentMethodsOnTheWire stores a payment with every case of PortOne's PaymentMethod union
// (and every easy-pay means) and checks what the sandbox writes, property by property, with the
// names PortOne's schema gives them: the sandbox writes its own JSON, so these are checks of the
// sandbox, not of the portone package's encoder. Every response is also validated against the
// schema (see newServer), and the snapshot decoded by the portone package gives back the spec.
func TestPaymentMethodsOnTheWire(t *testing.T) {
	deadline := time.Date(2026, 4, 28, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		method portone.PaymentMethod
		want   map[string]string // path under "method" → value on the wire ("" for absent)
	}{
		{"card", &portone.PaymentMethodCard{
			Card:           &portone.Card{Publisher: "SHINHAN", Brand: portone.CardBrandVisa, BIN: "45123456", Number: "4512-34**-****-7890"},
			ApprovalNumber: "30012345", Installment: &portone.PaymentInstallment{Month: 3, IsInterestFree: true},
		}, map[string]string{"type": "PaymentMethodCard", "card.publisher": "SHINHAN", "card.brand": "VISA",
			"card.bin": "45123456", "card.number": "4512-34**-****-7890", "card.issuer": "", "approvalNumber": "30012345",
			"installment.month": "3", "installment.isInterestFree": "true", "pointUsed": ""}},
		{"virtual account", &portone.PaymentMethodVirtualAccount{Bank: portone.BankShinhan, AccountNumber: "56211234567890",
			RemitteeName: "(주)페이킷", ExpiredAt: deadline},
			map[string]string{"type": "PaymentMethodVirtualAccount", "bank": "SHINHAN", "accountNumber": "56211234567890",
				"remitteeName": "(주)페이킷", "expiredAt": "2026-04-28T10:00:00Z", "issuedAt": ""}},
		{"easy pay with a card", &portone.PaymentMethodEasyPay{Provider: portone.EasyPayProviderKakaopay,
			EasyPayMethod: &portone.PaymentMethodCard{ApprovalNumber: "1"}},
			map[string]string{"type": "PaymentMethodEasyPay", "provider": "KAKAOPAY", "easyPayMethod.type": "PaymentMethodCard",
				"easyPayMethod.approvalNumber": "1"}},
		{"easy pay with a transfer", &portone.PaymentMethodEasyPay{EasyPayMethod: &portone.PaymentMethodTransfer{Bank: portone.BankToss}},
			map[string]string{"easyPayMethod.type": "PaymentMethodTransfer", "easyPayMethod.bank": "TOSS", "provider": ""}},
		{"easy pay with charged points", &portone.PaymentMethodEasyPay{EasyPayMethod: &portone.PaymentMethodEasyPayMethodCharge{Bank: portone.BankShinhan}},
			map[string]string{"easyPayMethod.type": "PaymentMethodEasyPayMethodCharge", "easyPayMethod.bank": "SHINHAN"}},
		{"transfer", &portone.PaymentMethodTransfer{Bank: portone.BankToss, AccountNumber: "100012345678"},
			map[string]string{"type": "PaymentMethodTransfer", "bank": "TOSS", "accountNumber": "100012345678"}},
		{"mobile", &portone.PaymentMethodMobile{PhoneNumber: "01012345678"},
			map[string]string{"type": "PaymentMethodMobile", "phoneNumber": "01012345678"}},
		{"gift certificate without an approval number", &portone.PaymentMethodGiftCertificate{
			GiftCertificateType: portone.PaymentMethodGiftCertificateTypeCultureland},
			map[string]string{"type": "PaymentMethodGiftCertificate", "giftCertificateType": "CULTURELAND", "approvalNumber": `""`}},
		{"convenience store", &portone.PaymentMethodConvenienceStore{ConvenienceStoreBrand: portone.ConvenienceStoreBrandFamilyMart,
			ReceiptNumber: "R-1", PaymentDeadline: deadline},
			map[string]string{"type": "PaymentMethodConvenienceStore", "convenienceStoreBrand": "FAMILY_MART", "receiptNumber": "R-1",
				"confirmationNumber": "", "paymentDeadline": "2026-04-28T10:00:00Z"}},
		{"crypto", &portone.PaymentMethodCrypto{}, map[string]string{"type": "PaymentMethodCrypto"}},
		{"a method the sandbox does not know", &portone.UnknownPaymentMethod{Raw: []byte(`{"type":"PaymentMethodFuture","x":1}`)},
			map[string]string{"type": "PaymentMethodFuture", "x": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, a := newServer(t)
			created := srv.CreatePayment(portonetest.PaymentSpec{Total: 1000, Method: tt.method})
			var res result
			if _, unknown := tt.method.(*portone.UnknownPaymentMethod); unknown {
				a.Check = nil // the schema knows no such method
			}
			res = a.getPayment(created.ID)
			require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
			for path, want := range tt.want {
				got := res.At("method." + path)
				if want == `""` {
					require.Contains(t, res.Obj("method"), path, "a required property is written even when empty")
					want = ""
				}
				assert.Equal(t, want, got, "method.%s in %s", path, res.Raw)
			}
			assert.Equal(t, tt.method, created.Method, "the client decodes the sandbox's JSON back into the spec")
		})
	}
}

// TestPaymentPartsOnTheWire checks the sandbox's own JSON for the parts of a payment a spec can set:
// channel, customer with a separated address, products and a failure.
func TestPaymentPartsOnTheWire(t *testing.T) {
	srv, a := newServer(t)
	spec := portonetest.PaymentSpec{
		Total:  9900,
		Status: portone.PaymentStatusFailed,
		Channel: &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, Key: "ck", PgProvider: portone.PgProviderKcp,
			PgMerchantID: "kcp-mid"},
		Customer: &portone.Customer{ID: "c-1", Gender: portone.GenderFemale, Address: &portone.Address{
			Type: portone.AddressTypeSeparated, OneLine: "서울 중구", City: "중구", Province: "서울"}},
		Products: []portone.PaymentProduct{{ID: "p-1", Name: "구독", Amount: 9900, Quantity: 1}},
		Failure:  &portone.PaymentFailure{Reason: "한도 초과", PgCode: "E01"},
	}
	created := srv.CreatePayment(spec)
	res := a.getPayment(created.ID)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	for path, want := range map[string]string{
		"channel.type": "LIVE", "channel.key": "ck", "channel.pgProvider": "KCP", "channel.pgMerchantId": "kcp-mid", "channel.id": "",
		"customer.id": "c-1", "customer.gender": "FEMALE", "customer.address.type": "SEPARATED",
		"customer.address.oneLine": "서울 중구", "customer.address.city": "중구",
		"products.0.id": "p-1", "products.0.amount": "9900", "products.0.quantity": "1", "products.0.tag": "",
		"failure.reason": "한도 초과", "failure.pgCode": "E01", "failure.pgMessage": "",
	} {
		assert.Equal(t, want, res.At(path), "%s in %s", path, res.Raw)
	}
	address, _ := res.Get("customer.address").(map[string]any)
	assert.Contains(t, address, "addressLine1", "a separated address always carries its lines")
	assert.Equal(t, *spec.Channel, *created.Channel)
	assert.Equal(t, *spec.Customer, created.Customer)
	assert.Equal(t, spec.Products, created.Products)
}
