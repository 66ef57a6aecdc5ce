package portone

import (
	"encoding/json"
	"time"
)

// PaymentMethod is how a payment was paid (결제수단 정보). It is a union
// discriminated by the JSON property "type"; the concrete type is one of
// *PaymentMethodCard, *PaymentMethodVirtualAccount, *PaymentMethodEasyPay,
// *PaymentMethodTransfer, *PaymentMethodMobile,
// *PaymentMethodGiftCertificate, *PaymentMethodConvenienceStore,
// *PaymentMethodCrypto or, for a type this package does not know,
// *UnknownPaymentMethod. The interface is sealed.
type PaymentMethod interface {
	// MethodType returns the union discriminator, the JSON "type", which is
	// the schema name of the case, e.g. "PaymentMethodCard".
	MethodType() string
	isPaymentMethod()
}

// EasyPayMethod is the means used inside an easy-pay payment
// (간편 결제 수단). It is a union discriminated by "type"; the concrete type
// is *PaymentMethodCard, *PaymentMethodTransfer,
// *PaymentMethodEasyPayCharge or *UnknownPaymentMethod. The interface
// is sealed.
type EasyPayMethod interface {
	// MethodType returns the union discriminator, the JSON "type", e.g.
	// "PaymentMethodEasyPayMethodCharge".
	MethodType() string
	isEasyPayMethod()
}

// PaymentMethodCard is a card payment (결제수단 카드 정보). It is also the
// card case of an easy-pay payment.
type PaymentMethodCard struct {
	// Card describes the card (카드 상세 정보), nil when absent.
	Card *Card `json:"card,omitzero"`
	// ApprovalNumber is the card approval number (승인 번호).
	ApprovalNumber string `json:"approvalNumber,omitzero"`
	// Installment describes the installment plan (할부 정보), nil when absent.
	Installment *PaymentInstallment `json:"installment,omitzero"`
	// PointUsed says whether card points were used (카드 포인트 사용여부); nil
	// when absent.
	PointUsed *bool `json:"pointUsed,omitzero"`
}

// Card describes a payment card (카드 상세 정보). All fields are optional.
type Card struct {
	// Publisher is the card publisher's code (발행사 코드).
	Publisher string `json:"publisher,omitzero"`
	// Issuer is the card issuer's code (발급사 코드).
	Issuer string `json:"issuer,omitzero"`
	// Brand is the card network (카드 브랜드).
	Brand CardBrand `json:"brand,omitzero"`
	// Type is the kind of card (카드 유형).
	Type CardType `json:"type,omitzero"`
	// OwnerType says whether the card is personal or corporate (카드 소유주
	// 유형).
	OwnerType CardOwnerType `json:"ownerType,omitzero"`
	// BIN is the first 6 or 8 digits of the card number (BIN).
	BIN string `json:"bin,omitzero"`
	// Name is the card product's name (카드 상품명).
	Name string `json:"name,omitzero"`
	// Number is the card number as the PG masked it (마스킹된 카드 번호). It
	// prints masked further, to its last four digits; Reveal gives it as
	// received.
	Number CardNumber `json:"number,omitzero"`
}

// PaymentInstallment describes a card installment plan (할부 정보).
type PaymentInstallment struct {
	// Month is the number of monthly installments (할부 개월 수); 0 means a
	// lump-sum payment.
	Month int `json:"month"`
	// IsInterestFree says whether the installments are interest-free
	// (무이자할부 여부).
	IsInterestFree bool `json:"isInterestFree"`
	// IsInterestFreeFromMerchant says whether the merchant bears the interest
	// (상점 부담 무이자할부 여부); nil when absent.
	IsInterestFreeFromMerchant *bool `json:"isInterestFreeFromMerchant,omitzero"`
}

// PaymentMethodVirtualAccount is a virtual-account (가상계좌) payment: the
// customer pays by depositing into an account issued for the payment.
type PaymentMethodVirtualAccount struct {
	// Bank is the account's bank (표준 은행 코드).
	Bank Bank `json:"bank,omitzero"`
	// AccountNumber is the account number (계좌번호) the customer deposits
	// to. It prints masked: show it to the customer with
	// AccountNumber.Reveal().
	AccountNumber AccountNumber `json:"accountNumber"`
	// AccountType is the kind of virtual account (계좌 유형).
	AccountType PaymentMethodVirtualAccountType `json:"accountType,omitzero"`
	// RemitteeName is the account holder's name (계좌주).
	RemitteeName string `json:"remitteeName,omitzero"`
	// RemitterName is the depositor's name (송금인(입금자)).
	RemitterName string `json:"remitterName,omitzero"`
	// ExpiredAt is the deposit deadline (입금만료시점); zero when absent.
	ExpiredAt time.Time `json:"expiredAt,omitzero"`
	// IssuedAt is when the account was issued (계좌발급시점); zero when absent.
	IssuedAt time.Time `json:"issuedAt,omitzero"`
	// RefundStatus is the refund state while the payment is being refunded
	// (가상계좌 환불 상태).
	RefundStatus PaymentMethodVirtualAccountRefundStatus `json:"refundStatus,omitzero"`
}

// PaymentMethodEasyPay is an easy-pay (간편 결제) payment such as KakaoPay or
// Naver Pay.
type PaymentMethodEasyPay struct {
	// Provider is the easy-pay service (간편 결제 PG사).
	Provider EasyPayProvider `json:"provider,omitzero"`
	// EasyPayMethod is the means used inside the easy-pay service (간편 결제
	// 수단), nil when absent.
	EasyPayMethod EasyPayMethod `json:"easyPayMethod,omitzero"`
}

// PaymentMethodEasyPayCharge is an easy-pay payment made with
// prepaid, charged points (충전식 포인트 결제 정보).
type PaymentMethodEasyPayCharge struct {
	// Bank is the bank the points were charged from (표준 은행 코드).
	Bank Bank `json:"bank,omitzero"`
}

// PaymentMethodTransfer is a bank transfer (계좌 이체) payment. It is also
// the transfer case of an easy-pay payment.
type PaymentMethodTransfer struct {
	// Bank is the paying bank (표준 은행 코드).
	Bank Bank `json:"bank,omitzero"`
	// AccountNumber is the paying account number (계좌번호). It prints
	// masked.
	AccountNumber AccountNumber `json:"accountNumber,omitzero"`
}

// PaymentMethodMobile is a payment charged to a mobile phone bill (모바일,
// i.e. 휴대폰 소액결제).
type PaymentMethodMobile struct {
	// PhoneNumber is the phone number charged (전화번호).
	PhoneNumber string `json:"phoneNumber,omitzero"`
}

// PaymentMethodGiftCertificate is a gift-certificate (상품권) payment.
type PaymentMethodGiftCertificate struct {
	// GiftCertificateType is the kind of gift certificate (상품권 종류).
	GiftCertificateType PaymentMethodGiftCertificateType `json:"giftCertificateType,omitzero"`
	// ApprovalNumber is the gift certificate approval number (상품권 승인
	// 번호).
	ApprovalNumber string `json:"approvalNumber"`
}

// PaymentMethodConvenienceStore is a payment made at a convenience store
// (편의점 결제).
type PaymentMethodConvenienceStore struct {
	// ConvenienceStoreBrand is the store chain (편의점 브랜드).
	ConvenienceStoreBrand ConvenienceStoreBrand `json:"convenienceStoreBrand,omitzero"`
	// ConfirmationNumber is the payment confirmation number (결제 확인 번호).
	ConfirmationNumber string `json:"confirmationNumber,omitzero"`
	// ReceiptNumber is the payment receipt number (결제 접수 번호).
	ReceiptNumber string `json:"receiptNumber,omitzero"`
	// PaymentDeadline is the deadline for paying (결제 마감 시간); zero when
	// absent.
	PaymentDeadline time.Time `json:"paymentDeadline,omitzero"`
}

// PaymentMethodCrypto is a crypto-currency payment (암호화폐 결제). The
// schema defines no details for it.
type PaymentMethodCrypto struct{}

// UnknownPaymentMethod is a payment method, or an easy-pay method, whose
// "type" this package does not know. It is encoded back unchanged.
type UnknownPaymentMethod struct {
	// Raw is the method's complete JSON object. It is kept in the compact
	// form encoding/json writes (insignificant whitespace removed; <, > and &
	// inside strings escaped as \u003c, \u003e and \u0026), so that encoding
	// and decoding again gives an identical Raw. Its meaning is unchanged.
	Raw json.RawMessage
}
