package portone

import (
	"encoding/json"
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

// UnknownPaymentMethod is a payment method, or an easy-pay method, whose
// "type" this package does not know. It is encoded back unchanged.
type UnknownPaymentMethod struct {
	// Raw is the method's complete JSON object. It is kept in the compact
	// form encoding/json writes (insignificant whitespace removed; <, > and &
	// inside strings escaped as \u003c, \u003e and \u0026), so that encoding
	// and decoding again gives an identical Raw. Its meaning is unchanged.
	Raw json.RawMessage
}
