package portone

// Types of the cash-receipt endpoints (현금영수증).

import (
	"encoding/json"
)

// CashReceipt is a cash receipt (현금영수증 내역), issued with a payment or
// manually. Like Payment, it embeds the properties every status shares and
// holds the status-specific rest in Variant:
//
//	if r, ok := receipt.Variant.(*portone.IssuedCashReceipt); ok {
//		fmt.Println(r.IssueNumber, r.URL)
//	}
//
// An unknown status decodes into *UnknownCashReceipt, never an error.
type CashReceipt struct {
	CashReceiptCommon
	// Variant is *IssuedCashReceipt, *CancelledCashReceipt,
	// *IssueFailedCashReceipt or *UnknownCashReceipt. It is never nil after
	// decoding a JSON object.
	Variant CashReceiptVariant
}

// CashReceiptVariant is the status-specific part of a CashReceipt. The
// interface is sealed.
type CashReceiptVariant interface {
	// Status returns the cash-receipt status this variant stands for.
	Status() CashReceiptStatus
	isCashReceiptVariant()
}

// UnknownCashReceipt is the Variant of a cash receipt whose status this
// package does not know. The common fields are decoded as usual; Raw keeps
// the whole object, in the compact form encoding/json writes, and encoding
// the CashReceipt writes Raw back unchanged.
type UnknownCashReceipt struct {
	// Raw is the receipt's complete JSON object.
	Raw json.RawMessage
}

func (p *IssueCashReceiptParams) validate() error {
	return firstError(
		optionalID("StoreID", p.StoreID),
		requiredID("PaymentID", p.PaymentID),
		requiredID("ChannelKey", p.ChannelKey),
		requireText("Type", string(p.Type)),
		requireText("OrderName", p.OrderName),
		requireText("Currency", string(p.Currency)),
		p.Amount.validate("Amount"),
		requireText("Customer.IdentityNumber", string(p.Customer.IdentityNumber)),
	)
}

func (p *CashReceiptListParams) validate() error {
	return firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until))
}

func (p *CashReceiptListParams) page() *PageInput { return &p.Page }

func (p *CashReceiptListParams) filterStore() *string { return &p.Filter.StoreID }

// The answers of Issue and Cancel decode only when the members that say
// what was applied are present: a 2xx whose body is {} or lacks them is
// not a result, and the transport reports the write as an unknown outcome
// (ErrOutcomeUnknown) instead of a success with zero values.

// UnmarshalJSON requires the "cashReceipt" object and its issueNumber (승인
// 번호). Its url and pgReceiptId are taken as sent: the schema requires
// them here, but a stored receipt has them optional, so a PG may leave
// them empty, as it may a payment's pgTxId.
func (r *IssueCashReceiptResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "cashReceipt", &r.CashReceipt, "issueNumber")
}

// UnmarshalJSON requires cancelledAmount and cancelledAt.
func (r *CancelCashReceiptResponse) UnmarshalJSON(data []byte) error {
	type plain CancelCashReceiptResponse
	return decodeRequired(data, (*plain)(r), "cancelledAmount", "cancelledAt")
}
