package jsonx

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// KST is Korea Standard Time, in which the Korean gateways' zone-less timestamps are read (the
// loc of [Time] for Bootpay and Bootpay Commerce).
var KST = time.FixedZone("KST", 9*60*60)

// TimeJSON encodes t as RFC 3339, or null for the zero time: the MarshalJSON of the gateways'
// tolerant Time types, whose UnmarshalJSON is [Time].
func TimeJSON(t time.Time) ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t)
}

// ErrNotObject reports metadata that is neither a JSON object, a string holding one, nor null.
var ErrNotObject = errors.New("metadata is not a JSON object")

// Metadata returns v, a decoded JSON value (from [ExactValue], or encoding/json into an any), as
// a merchant's metadata object: an object as it is, a string by decoding the object it holds
// (Bootpay's own SDKs type metadata as a string; its numbers then decode as float64: use
// [MetadataJSON], which keeps them exact), null or "" as nil. Anything else wraps [ErrNotObject].
func Metadata(v any) (map[string]any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v, nil
	case string:
		if v == "" {
			return nil, nil
		}
		var obj map[string]any
		if err := json.Unmarshal([]byte(v), &obj); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotObject, err)
		}
		return obj, nil
	}
	return nil, fmt.Errorf("%w but %T", ErrNotObject, v)
}

// MetadataJSON decodes data, a JSON value, as [Metadata] does, with every
// number, nested ones included, as a json.Number holding the digits as
// sent ([ExactValue]): a numeric order id above 2^53 (9007199254740993)
// or an amount like 0.1 would not survive a float64. A string holding an
// object is decoded the same way.
func MetadataJSON(data []byte) (map[string]any, error) {
	v, err := ExactValue(data)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	s, ok := v.(string)
	if !ok || s == "" {
		return Metadata(v) // an object, null or "", else the refusal
	}
	inner, err := ExactValue([]byte(s))
	obj, isObject := inner.(map[string]any)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrNotObject, err)
	case inner != nil && !isObject:
		return nil, fmt.Errorf("%w: the string holds %T", ErrNotObject, inner)
	}
	return obj, nil
}

// MetadataMember is the metadata member of a type's one-pass wire struct:
// encoding/json hands its UnmarshalJSON the member's bytes in place (a
// json.RawMessage would copy them first), and the decoding's error is
// kept in Err for the type to report in its own order of checks (its
// missing required fields first). Absent, it is the zero value: no
// metadata. A repeated member replaces both, as the last copy of a
// member wins.
type MetadataMember struct {
	Value map[string]any
	Err   error
}

// UnmarshalJSON decodes the member with [MetadataJSON] and keeps the error.
func (w *MetadataMember) UnmarshalJSON(data []byte) error {
	w.Value, w.Err = MetadataJSON(data)
	return nil
}

// MetadataString returns the value at key of a metadata object as text:
// a string as it is, a number with the digits the gateway sent (a
// json.Number, or a float64 put there by the caller), "" when absent or
// of another kind.
func MetadataString(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	}
	return ""
}
