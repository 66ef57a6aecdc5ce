package commerce

import (
	"fmt"
	"log/slog"

	"github.com/paykit-kr/paykit/internal/redact"
)

// How Commerce types print: as bootpay's do. A CardNumber masks itself
// with every fmt verb and in slog; the types that hold one at any depth
// (Order, ResultData, CardData, a Page of orders, MismatchError)
// implement fmt.Formatter and slog.LogValuer with package redact, which
// walks their exported fields and lets each masked value mask itself; raw
// JSON and the secret key live in unexported fields behind pointers.
// JSON encoding is not printing: it keeps card numbers as received.

// Format prints the order with card numbers masked and without its raw
// JSON, for every verb.
func (o Order) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, o) }

// LogValue logs the order's fields, card numbers masked, raw JSON left out.
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
