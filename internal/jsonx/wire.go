package jsonx

import "encoding/json"

// A wire is a generated struct that holds the discriminator and the members
// of every variant of a union, each nested union as its own wire, so that
// encoding/json decodes a whole document into it natively: one validation
// and one decoding, where a Union nested in an object costs four passes
// over it (skipped, scanned for the discriminator, validated, decoded). A
// generated conversion then builds the variant value, or reports that it
// cannot (an unknown or repeated discriminator, a missing required member,
// null in a list): the caller then decodes with the Union, whose results
// and errors are the reference. One class of input is decided differently:
// JSON that repeats a member name other than the discriminator (RFC 8259
// leaves its meaning open, and the gateways do not send it), which
// encoding/json merges into the wire while the Union keeps the last copy.
// Neither reading invents a value; FuzzPaymentWire names this class.

// Tag is the discriminator member of a wire. It decodes like a string
// field (the last non-null value wins; invalid UTF-8 becomes U+FFFD) and
// counts every member that matched it, null ones too, so that a
// discriminator given more than once can be left to the Union.
type Tag struct {
	Value string // the last non-null value
	n     int    // members matched, null included
	set   bool   // a non-null value was seen
}

// UnmarshalJSON records one discriminator member. Anything but a string or
// null is an error.
func (t *Tag) UnmarshalJSON(data []byte) error {
	t.n++
	if IsNull(data) {
		return nil
	}
	s, err := stringValue(data)
	if err != nil {
		return err
	}
	t.Value, t.set = s, true
	return nil
}

// Once reports whether the object had exactly one discriminator member,
// a string: only then is the wire's reading of it the Union's.
func (t *Tag) Once() bool { return t.n == 1 && t.set }

// Wire decodes data into a new W with encoding/json and converts it with
// value. ok is false when data does not decode or value cannot convert it:
// the caller then decodes data the reference way, which gives the error.
func Wire[W, V any](data []byte, value func(*W) (V, bool)) (v V, ok bool) {
	var w W
	if json.Unmarshal(data, &w) != nil {
		return v, false
	}
	return value(&w)
}

// Values converts the wires of a union array, as Union.DecodeArray would
// decode it: nil (null or absent) gives nil, [] an empty slice, and a null
// element (a nil wire) makes ok false, for the Union to report.
func Values[W, V any](ws []*W, value func(*W) (V, bool)) ([]V, bool) {
	if ws == nil {
		return nil, true
	}
	out := make([]V, len(ws))
	for i, w := range ws {
		if w == nil {
			return nil, false
		}
		v, ok := value(w)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}
