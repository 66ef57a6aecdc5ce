package commerce

import (
	"fmt"
	"log/slog"

	"github.com/paykit-kr/paykit/internal/redact"
)

// How Commerce types print: as bootpay's do. A CardNumber and a
// PhoneNumber mask themselves (all but the last four digits), and a
// Password or a ChargeKey hides itself, with every fmt verb and in slog;
// the types that hold one at any depth (Order and its OrderUser,
// ResultData, CardData, a Page of them, MismatchError, User, UserToken,
// UserGroup, InvoiceUser, ChargeUser, and the params that send them:
// InvoiceCreateParams, ChargeParams, TransferRequest, UserParams,
// UserGroupParams) implement fmt.Formatter and slog.LogValuer with
// package redact, which walks their exported fields and lets each masked
// value mask itself; raw JSON and the secret key live in unexported
// fields behind pointers (an Ack or a DuplicateCheckResult prints the
// length of the answer it keeps, never the answer). JSON encoding is not
// printing: it keeps card and phone numbers as received or given,
// because requests need them, so slog's JSON handler masks what it asks
// LogValue for (one of these values logged itself, through a pointer or
// in a group), not a slice or a struct of yours holding one.

// Format prints the order with card and phone numbers masked and without
// its raw JSON, for every verb.
func (o Order) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, o) }

// LogValue logs the order's fields, card and phone numbers masked, raw
// JSON left out.
func (o Order) LogValue() slog.Value {
	type plain Order
	return redact.LogValue(plain(o))
}

// Format prints the payment result with card numbers masked.
func (d ResultData) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the payment result with card numbers masked.
func (d ResultData) LogValue() slog.Value {
	type plain ResultData
	return redact.LogValue(plain(d))
}

// Format prints the card with its number masked.
func (d CardData) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the card with its number masked.
func (d CardData) LogValue() slog.Value {
	type plain CardData
	return redact.LogValue(plain(d))
}

// Format prints the page with every item as it prints itself (orders with
// card numbers masked).
func (p Page[T]) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs the page's items as they log themselves.
func (p Page[T]) LogValue() slog.Value {
	return redact.LogValue(struct {
		Items []T
		Total int64
	}{p.Items, p.Total})
}

// Format prints the buyer with phone numbers masked.
func (o OrderUser) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, o) }

// LogValue logs the buyer with phone numbers masked.
func (o OrderUser) LogValue() slog.Value {
	type plain OrderUser
	return redact.LogValue(plain(o))
}

// Format prints the customer with phone numbers masked.
func (u User) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs the customer with phone numbers masked.
func (u User) LogValue() slog.Value {
	type plain User
	return redact.LogValue(plain(u))
}

// Format prints the token hidden and its customer with phone numbers
// masked.
func (u UserToken) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs the token hidden and its customer with phone numbers
// masked.
func (u UserToken) LogValue() slog.Value {
	type plain UserToken
	return redact.LogValue(plain(u))
}

// Format prints the group with phone numbers masked.
func (u UserGroup) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, u) }

// LogValue logs the group with phone numbers masked.
func (u UserGroup) LogValue() slog.Value {
	type plain UserGroup
	return redact.LogValue(plain(u))
}

// Format prints the invoice's buyer with phone numbers masked.
func (i InvoiceUser) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, i) }

// LogValue logs the invoice's buyer with phone numbers masked.
func (i InvoiceUser) LogValue() slog.Value {
	type plain InvoiceUser
	return redact.LogValue(plain(i))
}

// Format prints the charge's buyer with phone numbers masked.
func (c ChargeUser) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs the charge's buyer with phone numbers masked.
func (c ChargeUser) LogValue() slog.Value {
	type plain ChargeUser
	return redact.LogValue(plain(c))
}

// Format prints the invoice request with phone numbers masked.
func (p InvoiceCreateParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs the invoice request with phone numbers masked.
func (p InvoiceCreateParams) LogValue() slog.Value {
	type plain InvoiceCreateParams
	return redact.LogValue(plain(p))
}

// Format prints the charge request with its charge key and phone
// numbers masked.
func (p ChargeParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs the charge request with its charge key and phone
// numbers masked.
func (p ChargeParams) LogValue() slog.Value {
	type plain ChargeParams
	return redact.LogValue(plain(p))
}

// Format prints the transfer request with phone numbers masked.
func (p TransferRequest) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs the transfer request with phone numbers masked.
func (p TransferRequest) LogValue() slog.Value {
	type plain TransferRequest
	return redact.LogValue(plain(p))
}

// Format prints the customer request with its password hidden and
// phone numbers masked.
func (p UserParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs the customer request with its password hidden and
// phone numbers masked.
func (p UserParams) LogValue() slog.Value {
	type plain UserParams
	return redact.LogValue(plain(p))
}

// Format prints the group request with phone numbers masked.
func (p UserGroupParams) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, p) }

// LogValue logs the group request with phone numbers masked.
func (p UserGroupParams) LogValue() slog.Value {
	type plain UserGroupParams
	return redact.LogValue(plain(p))
}

// LogValue logs the error's message, as slog does with an error, also for
// a MismatchError value, which is not an error itself; the order it holds
// is never logged in the clear.
func (e MismatchError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// Format prints Error for every verb, for a MismatchError value as for a
// pointer, so the order it holds never prints in the clear.
func (e MismatchError) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.Error()) }

// Format prints String for every verb, for a Client value as for a
// *Client.
func (c Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue logs String.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Format prints the acknowledgement without the answer it keeps
// (RawJSON), which may echo a buyer's data: its length only.
func (a Ack) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, a) }

// LogValue logs the acknowledgement without the answer it keeps: its
// length only.
func (a Ack) LogValue() slog.Value {
	return redact.LogValue(struct{ RawJSON []byte }{a.RawJSON()})
}

// Format prints the duplicate check's answer without the answer itself
// (RawJSON), which may echo the email or uid checked: its length only.
func (r DuplicateCheckResult) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, r) }

// LogValue logs the duplicate check's answer without the answer itself:
// its length only.
func (r DuplicateCheckResult) LogValue() slog.Value {
	return redact.LogValue(struct{ RawJSON []byte }{r.RawJSON()})
}
