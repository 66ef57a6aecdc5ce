package portone

import (
	"encoding/json"
)

// MarshalJSON encodes a, writing AddressLine1 and AddressLine2 even when
// empty if Type is SEPARATED, where the schema requires them.
func (a Address) MarshalJSON() ([]byte, error) {
	type plain Address
	if a.Type != AddressTypeSeparated {
		return json.Marshal(plain(a))
	}
	return json.Marshal(struct {
		plain
		AddressLine1 string `json:"addressLine1"`
		AddressLine2 string `json:"addressLine2"`
	}{plain(a), a.AddressLine1, a.AddressLine2})
}

// MarshalJSON encodes e, writing Company and InvoiceNumber even when empty
// unless Status is BEFORE_REGISTERED, the only status where the schema does
// not require them.
func (e PaymentEscrow) MarshalJSON() ([]byte, error) {
	type plain PaymentEscrow
	if e.Status == PaymentEscrowStatusBeforeRegistered {
		return json.Marshal(plain(e))
	}
	return json.Marshal(struct {
		plain
		Company       string `json:"company"`
		InvoiceNumber string `json:"invoiceNumber"`
	}{plain(e), e.Company, e.InvoiceNumber})
}

// PaymentCancellation is one cancellation of a payment (결제 취소 내역). It is
// a union discriminated by the JSON property "status"; the concrete type is
// *RequestedPaymentCancellation, *SucceededPaymentCancellation,
// *FailedPaymentCancellation or, for a status this package does not know,
// *UnknownPaymentCancellation. The interface is sealed.
type PaymentCancellation interface {
	// Status returns the cancellation's status, the union discriminator.
	Status() PaymentCancellationStatus
	isPaymentCancellation()
}

// UnknownPaymentCancellation is a cancellation whose "status" this package
// does not know. It is encoded back unchanged.
type UnknownPaymentCancellation struct {
	// Raw is the cancellation's complete JSON object, in the compact form
	// encoding/json writes (see UnknownPaymentMethod.Raw).
	Raw json.RawMessage
}

// PaymentCashReceipt is the cash receipt (현금영수증) issued for a payment. It
// is a union discriminated by the JSON property "status"; the concrete type
// is *IssuedPaymentCashReceipt, *CancelledPaymentCashReceipt or, for a status
// this package does not know, *UnknownPaymentCashReceipt. The interface is
// sealed.
type PaymentCashReceipt interface {
	// Status returns the cash receipt's status, the union discriminator.
	Status() PaymentCashReceiptStatus
	isPaymentCashReceipt()
}

// UnknownPaymentCashReceipt is a cash receipt whose "status" this package
// does not know. It is encoded back unchanged.
type UnknownPaymentCashReceipt struct {
	// Raw is the cash receipt's complete JSON object, in the compact form
	// encoding/json writes (see UnknownPaymentMethod.Raw).
	Raw json.RawMessage
}
