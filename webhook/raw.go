package webhook

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
)

// RawJSON is a webhook body kept as received, in compact JSON: the whole
// of an event this package cannot type (PortOneUnknownEvent.Raw,
// AlimtalkEvent.Raw). Its schema is not known, so any member may hold a
// secret: a future BillingKey.* event carries the billing key, which
// charges the customer's card, and others may carry card or account
// numbers or phone numbers.
//
// It prints masked with every fmt verb (%v, %s, %q, %x, %d, %#v …) and in
// slog: the JSON's structure and member names stay, and so do the values
// of the few members that only name or classify the event (its type,
// timestamp, status and ids such as paymentId, delivery_id); every other
// string or number value prints as [REDACTED], as does a body that is not
// valid JSON. Members print in sorted order. Reveal (or string(r)) gives
// the bytes.
//
// JSON encoding is not printing: MarshalJSON writes the body as received,
// as portone.CardNumber keeps its value when encoded, so that an event you
// store or queue keeps what PortOne or Bootpay sent, and UnmarshalJSON
// reads it back as json.RawMessage did.
type RawJSON []byte

// rawAllowed is the one allow-list of the members of a RawJSON whose
// values print (redact.JSON); every other value is masked, so a member a
// sender adds later is masked until it is named here. It applies at any
// depth. Each name is harmless:
var rawAllowed = []string{
	// What happened and when: the event's kind as the sender names it
	// (PortOne's type, alimtalk's event and event_code) and its time.
	"type", "timestamp", "event_code", "event",
	// Ids the merchant or the gateway assigned to a payment, an attempt, a
	// store, a cancellation, an identity verification or an alimtalk
	// delivery: references to look the object up with the API secret,
	// which grant nothing by themselves (unlike a billing key, which is a
	// credential, or a card number).
	"paymentId", "transactionId", "storeId", "cancellationId", "identityVerificationId", "delivery_id",
	// States and currency codes, from closed sets.
	"status", "currency",
}

// Reveal returns a copy of the body as received. Print or log it only
// where the data in it may be seen. It is a copy so that changing it
// leaves the event, and an AlimtalkEvent's Key, as it was.
func (r RawJSON) Reveal() json.RawMessage { return slices.Clone(json.RawMessage(r)) }

// String returns the masked body, or "" for an empty one.
func (r RawJSON) String() string {
	if len(r) == 0 {
		return ""
	}
	return redact.JSON(r, rawAllowed)
}

// GoString returns the masked body, quoted.
func (r RawJSON) GoString() string { return strconv.Quote(r.String()) }

// Format prints the masked body for every fmt verb: quoted for %q and
// %#v, as is otherwise (%x and %d print it as text, not its bytes).
func (r RawJSON) Format(f fmt.State, verb rune) { redact.Format(f, verb, r.String()) }

// LogValue logs the masked body as a string, also through slog's JSON
// handler (which would otherwise call MarshalJSON).
func (r RawJSON) LogValue() slog.Value { return slog.StringValue(r.String()) }

// MarshalJSON returns the body as received (null when empty): JSON
// encoding is for storing and sending, not for printing.
func (r RawJSON) MarshalJSON() ([]byte, error) { return jsonx.RawOrNull(json.RawMessage(r)), nil }

// UnmarshalJSON keeps a copy of data; null leaves r empty.
func (r *RawJSON) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*r = nil
		return nil
	}
	*r = slices.Clone(data)
	return nil
}
