package commerce

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/google/go-querystring/query"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
)

// Amount is an exact amount of won. Commerce writes amounts as JSON
// numbers that may look like 1000 or 1000.0; both decode to 1000. A
// fractional amount is a decoding error, never rounded.
type Amount int64

// Int64 returns the amount as an int64, for comparison with your database.
func (a Amount) Int64() int64 { return int64(a) }

// UnmarshalJSON decodes 1000, 1000.0, 1e3 or "1000" exactly; null gives
// zero; anything else (a fraction, a value beyond int64) is an error.
func (a *Amount) UnmarshalJSON(data []byte) error {
	n, _, err := jsonx.Int64(data)
	if err != nil {
		return fmt.Errorf("commerce: amount %w", err)
	}
	*a = Amount(n)
	return nil
}

// Time is a timestamp that decodes RFC 3339, the "2006-01-02 15:04:05"
// layout (read as KST), Unix seconds or milliseconds, and empty or null
// values (the zero time).
type Time struct{ time.Time }

// UnmarshalJSON decodes the layouts Time accepts.
func (t *Time) UnmarshalJSON(data []byte) error {
	v, err := jsonx.Time(data, jsonx.KST)
	if err != nil {
		return fmt.Errorf("commerce: time %w", err)
	}
	t.Time = v
	return nil
}

// MarshalJSON encodes RFC 3339, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) { return jsonx.TimeJSON(t.Time) }

// Metadata is the merchant's metadata object (the checkout's metadata,
// echoed on the order). It is a JSON object; Bootpay's own SDKs type it
// as a string, so a string holding a JSON object is decoded too.
//
// Its numbers, nested ones included, decode as json.Number, the digits
// as sent: a numeric order id above 2^53 (9007199254740993) would not
// survive a float64.
type Metadata map[string]any

// UnmarshalJSON accepts an object, a string holding an object, or null.
func (m *Metadata) UnmarshalJSON(data []byte) error {
	v, err := jsonx.MetadataJSON(data)
	if err != nil {
		return fmt.Errorf("commerce: %w", err)
	}
	*m = v
	return nil
}

// String returns the value at key as text: a string as it is, a number
// with the digits Commerce sent, "" when absent or of another kind.
func (m Metadata) String(key string) string { return jsonx.MetadataString(m, key) }

// CardNumber is a card number (result_data.card_no). It prints masked
// (all but the last four digits) with every fmt verb and in slog, whether
// or not Commerce already masked it. Reveal gives the value as received;
// JSON encoding keeps it too.
type CardNumber string

// Reveal returns the number as received. It is the one way to read it on
// purpose; every printing of n masks it.
func (n CardNumber) Reveal() string { return string(n) }

// String masks the number.
func (n CardNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number.
func (n CardNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n CardNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb, %d and %x included.
func (n CardNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }

// PhoneNumber is a phone number (휴대폰 번호, 전화번호): a buyer's, a
// customer's or a group's. It prints masked (all but the last four
// digits) with every fmt verb and in slog. Reveal (or string(n)) gives
// the value; JSON encoding keeps it, so requests carry the real number and
// a decoded one reads as Commerce sent it.
type PhoneNumber string

// Reveal returns the number as given or received.
func (n PhoneNumber) Reveal() string { return string(n) }

// String masks the number.
func (n PhoneNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number.
func (n PhoneNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n PhoneNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb, %d and %x included.
func (n PhoneNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }

// Page is one page of a list. Commerce documents list bodies as
// {"list": [...], "count": N}, while its own SDKs' typings and one audit
// show {"items": [...], "total": N}: both are decoded. Total is the count
// of matching objects over every page, as Commerce reports it (0 when it
// reports none).
type Page[T any] struct {
	Items []T
	Total int64
}

// UnmarshalJSON decodes either list shape, or a bare JSON array. An
// object with neither "list" nor "items" is refused, never read as an
// empty page: a caller deciding from a list that something does not exist
// yet (Verify's earlier cancellation) must not be told so by an answer of
// another shape.
func (p *Page[T]) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		p.Total = 0
		return json.Unmarshal(data, &p.Items)
	}
	var w struct {
		List  json.RawMessage `json:"list"`
		Items json.RawMessage `json:"items"`
		Count json.RawMessage `json:"count"`
		Total json.RawMessage `json:"total"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	list := w.List
	if absent(list) {
		list = w.Items
	}
	switch {
	case w.List == nil && w.Items == nil:
		return errNoList
	case absent(list):
		p.Items = nil
	default:
		if err := json.Unmarshal(list, &p.Items); err != nil {
			return err
		}
	}
	count := w.Count
	if absent(count) {
		count = w.Total
	}
	n, _, err := jsonx.Int64(count)
	if err != nil {
		return fmt.Errorf("commerce: list count %w", err)
	}
	p.Total = n
	return nil
}

// errNoList is Page's refusal of an object with neither "list" nor
// "items".
var errNoList = errors.New("commerce: list answer has neither list nor items")

// Date is a calendar day in a list filter, sent as YYYY-MM-DD. The zero
// Date is not sent.
type Date struct{ Year, Month, Day int }

// DateOf returns the day of t in t's own location.
func DateOf(t time.Time) Date { return Date{t.Year(), int(t.Month()), t.Day()} }

// IsZero reports the zero Date, which filters leave out.
func (d Date) IsZero() bool { return d == Date{} }

// String is YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// valid reports a real calendar day between the years 2000 and 9999.
func (d Date) valid() bool {
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return d.Year >= 2000 && d.Year <= 9999 && t.Year() == d.Year && int(t.Month()) == d.Month && t.Day() == d.Day
}

// EncodeValues sends the date as YYYY-MM-DD (go-querystring).
func (d Date) EncodeValues(key string, v *url.Values) error {
	if !d.IsZero() {
		v.Set(key, d.String())
	}
	return nil
}

// encodeQuery encodes a list's query struct with go-querystring: arrays
// comma-joined (tag option "comma"), empty values left out ("omitempty").
func encodeQuery(q any) (url.Values, error) {
	v, err := query.Values(q)
	if err != nil {
		return nil, &ValidationError{Gateway: "commerce", Field: "query", Reason: err.Error()}
	}
	return v, nil
}

// ints converts a slice of an int-based code type for the query encoder,
// which would otherwise print the codes' String names.
func ints[E ~int](codes []E) []int {
	if len(codes) == 0 {
		return nil
	}
	out := make([]int, len(codes))
	for i, c := range codes {
		out[i] = int(c)
	}
	return out
}
