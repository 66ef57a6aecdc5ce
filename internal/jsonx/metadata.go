package jsonx

import (
	"encoding/json"
	"errors"
	"fmt"
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

// Metadata returns v, a value decoded natively by encoding/json (into an any), as a merchant's
// metadata object: an object as it is, a string by decoding the object it holds (Bootpay's own
// SDKs type metadata as a string), null or "" as nil. Anything else wraps [ErrNotObject]. A type
// that decodes its body in one pass declares metadata as any and hands it here, so the object is
// scanned once.
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

// MetadataJSON decodes data, a JSON value, as [Metadata] does.
func MetadataJSON(data []byte) (map[string]any, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	return Metadata(v)
}
