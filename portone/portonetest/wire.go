package portonetest

import (
	"encoding/json"
	"time"

	"github.com/paykit-kr/paykit/portone"
)

// The sandbox's own JSON for PortOne's objects, written from PortOne's API reference
// (https://developers.portone.io/api/rest-v2/payment, https://developers.portone.io/api/rest-v2/billingKey,
// https://developers.portone.io/api/rest-v2/paymentSchedule) and never through the portone
// package's types or encoders: an encoding bug in the client and the same bug in its decoder must
// not cancel out in a test. The specs a test passes ([PaymentSpec], [BillingKeySpec]) name portone
// types for convenience; they are read field by field into these structs once, when the object is
// stored. Optional properties are omitted when empty; required ones are always written.

// channelJSON is the schema's SelectedChannel.
type channelJSON struct {
	Type         string `json:"type"`
	ID           string `json:"id,omitempty"`
	Key          string `json:"key,omitempty"`
	Name         string `json:"name,omitempty"`
	PGProvider   string `json:"pgProvider"`
	PGMerchantID string `json:"pgMerchantId"`
}

// addressJSON is the schema's Address union: ONE_LINE (type, oneLine) or SEPARATED, which always
// carries addressLine1 and addressLine2.
type addressJSON struct {
	Type         string  `json:"type"`
	OneLine      string  `json:"oneLine"`
	AddressLine1 *string `json:"addressLine1,omitempty"`
	AddressLine2 *string `json:"addressLine2,omitempty"`
	City         string  `json:"city,omitempty"`
	Province     string  `json:"province,omitempty"`
	Country      string  `json:"country,omitempty"`
}

// customerJSON is the schema's Customer; every property is optional.
type customerJSON struct {
	ID          string       `json:"id,omitempty"`
	Name        string       `json:"name,omitempty"`
	BirthYear   string       `json:"birthYear,omitempty"`
	BirthMonth  string       `json:"birthMonth,omitempty"`
	BirthDay    string       `json:"birthDay,omitempty"`
	Gender      string       `json:"gender,omitempty"`
	Email       string       `json:"email,omitempty"`
	PhoneNumber string       `json:"phoneNumber,omitempty"`
	Address     *addressJSON `json:"address,omitempty"`
	Zipcode     string       `json:"zipcode,omitempty"`
}

// productJSON is the schema's PaymentProduct (and PaymentProduct input).
type productJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Tag      string `json:"tag,omitempty"`
	Code     string `json:"code,omitempty"`
	Amount   int64  `json:"amount"`
	Quantity int    `json:"quantity"`
	Link     string `json:"link,omitempty"`
}

// cardJSON is the schema's Card; every property is optional.
type cardJSON struct {
	Publisher string `json:"publisher,omitempty"`
	Issuer    string `json:"issuer,omitempty"`
	Brand     string `json:"brand,omitempty"`
	Type      string `json:"type,omitempty"`
	OwnerType string `json:"ownerType,omitempty"`
	BIN       string `json:"bin,omitempty"`
	Name      string `json:"name,omitempty"`
	Number    string `json:"number,omitempty"`
}

type installmentJSON struct {
	Month                      int   `json:"month"`
	IsInterestFree             bool  `json:"isInterestFree"`
	IsInterestFreeFromMerchant *bool `json:"isInterestFreeFromMerchant,omitempty"`
}

// methodJSON is every case of the schema's PaymentMethod union, and of the PaymentMethodEasyPayMethod
// union inside an easy-pay payment, in one struct: "type" names the case, and each case sets only
// its own properties. accountNumber and approvalNumber are pointers because some cases require them
// (PaymentMethodVirtualAccount, PaymentMethodGiftCertificate) and others may omit them.
type methodJSON struct {
	Type                  string           `json:"type"`
	Card                  *cardJSON        `json:"card,omitempty"`
	ApprovalNumber        *string          `json:"approvalNumber,omitempty"`
	Installment           *installmentJSON `json:"installment,omitempty"`
	PointUsed             *bool            `json:"pointUsed,omitempty"`
	Provider              string           `json:"provider,omitempty"`
	EasyPayMethod         json.RawMessage  `json:"easyPayMethod,omitempty"`
	Bank                  string           `json:"bank,omitempty"`
	AccountNumber         *string          `json:"accountNumber,omitempty"`
	AccountType           string           `json:"accountType,omitempty"`
	RemitteeName          string           `json:"remitteeName,omitempty"`
	RemitterName          string           `json:"remitterName,omitempty"`
	ExpiredAt             time.Time        `json:"expiredAt,omitzero"`
	IssuedAt              time.Time        `json:"issuedAt,omitzero"`
	RefundStatus          string           `json:"refundStatus,omitempty"`
	PhoneNumber           string           `json:"phoneNumber,omitempty"`
	GiftCertificateType   string           `json:"giftCertificateType,omitempty"`
	ConvenienceStoreBrand string           `json:"convenienceStoreBrand,omitempty"`
	ConfirmationNumber    string           `json:"confirmationNumber,omitempty"`
	ReceiptNumber         string           `json:"receiptNumber,omitempty"`
	PaymentDeadline       time.Time        `json:"paymentDeadline,omitzero"`
}

// methodFilter maps a method's "type" to its PaymentMethodType, the value of the methods filter of
// GET /payments.
var methodFilter = map[string]string{
	"PaymentMethodCard": "CARD", "PaymentMethodTransfer": "TRANSFER", "PaymentMethodVirtualAccount": "VIRTUAL_ACCOUNT",
	"PaymentMethodGiftCertificate": "GIFT_CERTIFICATE", "PaymentMethodMobile": "MOBILE", "PaymentMethodEasyPay": "EASY_PAY",
	"PaymentMethodConvenienceStore": "CONVENIENCE_STORE", "PaymentMethodCrypto": "CRYPTO",
}

// wireMethod is a payment method as the sandbox writes it, and its "type".
type wireMethod struct {
	typ string
	raw json.RawMessage
}

// methodOf reads a spec's payment method into its wire form; nil gives none. A method this
// sandbox does not know (portone.UnknownPaymentMethod) is written as its raw JSON.
func methodOf(m portone.PaymentMethod) *wireMethod {
	var v methodJSON
	switch m := m.(type) {
	case nil:
		return nil
	case *portone.PaymentMethodCard:
		v = cardMethodOf(m)
	case *portone.PaymentMethodVirtualAccount:
		v = methodJSON{Type: "PaymentMethodVirtualAccount", Bank: string(m.Bank), AccountNumber: ptr(string(m.AccountNumber)),
			AccountType: string(m.AccountType), RemitteeName: m.RemitteeName, RemitterName: m.RemitterName,
			ExpiredAt: m.ExpiredAt, IssuedAt: m.IssuedAt, RefundStatus: string(m.RefundStatus)}
	case *portone.PaymentMethodEasyPay:
		v = methodJSON{Type: "PaymentMethodEasyPay", Provider: string(m.Provider), EasyPayMethod: easyPayMethodOf(m.EasyPayMethod)}
	case *portone.PaymentMethodTransfer:
		v = methodJSON{Type: "PaymentMethodTransfer", Bank: string(m.Bank), AccountNumber: optional(string(m.AccountNumber))}
	case *portone.PaymentMethodMobile:
		v = methodJSON{Type: "PaymentMethodMobile", PhoneNumber: m.PhoneNumber}
	case *portone.PaymentMethodGiftCertificate:
		v = methodJSON{Type: "PaymentMethodGiftCertificate", GiftCertificateType: string(m.GiftCertificateType),
			ApprovalNumber: ptr(m.ApprovalNumber)}
	case *portone.PaymentMethodConvenienceStore:
		v = methodJSON{Type: "PaymentMethodConvenienceStore", ConvenienceStoreBrand: string(m.ConvenienceStoreBrand),
			ConfirmationNumber: m.ConfirmationNumber, ReceiptNumber: m.ReceiptNumber, PaymentDeadline: m.PaymentDeadline}
	case *portone.PaymentMethodCrypto:
		v = methodJSON{Type: "PaymentMethodCrypto"}
	case *portone.UnknownPaymentMethod:
		return &wireMethod{typ: peekType(m.Raw), raw: append(json.RawMessage(nil), m.Raw...)}
	default:
		panic("portonetest: PaymentSpec.Method has an unexpected type")
	}
	return &wireMethod{typ: v.Type, raw: mustJSON(v)}
}

// easyPayMethodOf reads the means of an easy-pay payment: a card, a transfer or charged points.
func easyPayMethodOf(m portone.EasyPayMethod) json.RawMessage {
	switch m := m.(type) {
	case nil:
		return nil
	case *portone.PaymentMethodCard:
		return mustJSON(cardMethodOf(m))
	case *portone.PaymentMethodTransfer:
		return mustJSON(methodJSON{Type: "PaymentMethodTransfer", Bank: string(m.Bank), AccountNumber: optional(string(m.AccountNumber))})
	case *portone.PaymentMethodEasyPayCharge:
		return mustJSON(methodJSON{Type: "PaymentMethodEasyPayMethodCharge", Bank: string(m.Bank)})
	case *portone.UnknownPaymentMethod:
		return append(json.RawMessage(nil), m.Raw...)
	}
	panic("portonetest: PaymentMethodEasyPay.EasyPayMethod has an unexpected type")
}

func cardMethodOf(m *portone.PaymentMethodCard) methodJSON {
	out := methodJSON{Type: "PaymentMethodCard", Card: cardOf(m.Card), ApprovalNumber: optional(m.ApprovalNumber),
		PointUsed: clone(m.PointUsed)}
	if in := m.Installment; in != nil {
		out.Installment = &installmentJSON{Month: in.Month, IsInterestFree: in.IsInterestFree,
			IsInterestFreeFromMerchant: clone(in.IsInterestFreeFromMerchant)}
	}
	return out
}

// optional returns a pointer to s, or nil for "", for a property a case may omit.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func cardOf(c *portone.Card) *cardJSON {
	if c == nil {
		return nil
	}
	return &cardJSON{Publisher: c.Publisher, Issuer: c.Issuer, Brand: string(c.Brand), Type: string(c.Type),
		OwnerType: string(c.OwnerType), BIN: c.BIN, Name: c.Name, Number: string(c.Number)}
}

func channelOf(c *portone.SelectedChannel) *channelJSON {
	if c == nil {
		return nil
	}
	return &channelJSON{Type: string(c.Type), ID: c.ID, Key: c.Key, Name: c.Name, PGProvider: string(c.PGProvider),
		PGMerchantID: c.PGMerchantID}
}

func customerOf(c portone.Customer) customerJSON {
	out := customerJSON{ID: c.ID, Name: c.Name, BirthYear: c.BirthYear, BirthMonth: c.BirthMonth, BirthDay: c.BirthDay,
		Gender: string(c.Gender), Email: c.Email, PhoneNumber: c.PhoneNumber, Zipcode: c.Zipcode}
	if a := c.Address; a != nil {
		out.Address = &addressJSON{Type: string(a.Type), OneLine: a.OneLine, City: a.City, Province: a.Province,
			Country: string(a.Country)}
		if a.Type == portone.AddressTypeSeparated {
			out.Address.AddressLine1, out.Address.AddressLine2 = clone(&a.AddressLine1), clone(&a.AddressLine2)
		}
	}
	return out
}

func productsOf(ps []portone.PaymentProduct) []productJSON {
	if ps == nil {
		return nil
	}
	out := make([]productJSON, len(ps))
	for i, p := range ps {
		out[i] = productJSON{ID: p.ID, Name: p.Name, Tag: p.Tag, Code: p.Code, Amount: p.Amount, Quantity: p.Quantity, Link: p.Link}
	}
	return out
}

// decodeInto gives the client's view of an object the sandbox wrote, for the snapshots it returns:
// decoding the sandbox's own JSON is exactly what a client sees.
func decodeInto[T any](wire any) T {
	var out T
	if err := json.Unmarshal(mustJSON(wire), &out); err != nil {
		panic("portonetest: decoding its own JSON: " + err.Error())
	}
	return out
}

// peekType returns the "type" property of a JSON object, or "".
func peekType(raw json.RawMessage) string {
	var v struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.Type
}

func clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
