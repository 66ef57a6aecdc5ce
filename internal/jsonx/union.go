package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Union decodes a JSON object that is one of several variants, chosen by
// the value of one of its string members, the discriminator (PortOne's
// "status" of a payment, "type" of a payment method or of a webhook
// event). It reads the body once to find the discriminator and the
// required members, without decoding anything, then hands the whole
// object to the variant's decoder, which decodes it once. A discriminator
// it does not know is not an error: the gateway may add variants at any
// time, so Unknown keeps the object as it came.
//
// The discriminator is found the way encoding/json fills a string field:
// its name matches without regard to case, and the last member that is
// not null wins. So the variant chosen always agrees with the value a
// struct field tagged with Key decodes to.
//
// A Union is immutable after it is declared (as a package variable) and
// safe for concurrent use.
type Union[V any] struct {
	// Prefix starts every error, e.g. "portone".
	Prefix string
	// Name names the union in errors, e.g. "payment method".
	Name string
	// Key is the name of the discriminator member, e.g. "type".
	Key string
	// Variants maps each known discriminator value to the function that
	// decodes the whole object as that variant.
	Variants map[string]func(data []byte) (V, error)
	// Unknown builds the value of an object whose discriminator is absent
	// or not in Variants. data is the object as received; raw is its
	// canonical copy (see Canonical), for the fallback to keep.
	Unknown func(data, raw []byte) (V, error)
	// Required lists members that must be present, not null and not "",
	// or the object is refused before any decoding; a dot names a member
	// of a member ("amount.total"). Use it for the few values without
	// which an object means nothing and a zero would pass for a real one.
	Required []string
}

// Decode decodes one value of the union. Empty input and the JSON literal
// null give the zero V and no error: for a member that is absent or null.
// Anything but an object is an error.
func (u *Union[V]) Decode(data []byte) (V, error) {
	var zero V
	if len(bytes.TrimSpace(data)) == 0 || IsNull(data) {
		return zero, nil
	}
	tag, known, missing, err := u.discriminator(data)
	switch {
	case err != nil:
		return zero, fmt.Errorf("%s: decoding %s: %w", u.Prefix, u.Name, err)
	case missing != "":
		return zero, fmt.Errorf("%s: %s has no %s", u.Prefix, u.Name, missing)
	}
	if decode, ok := u.Variants[tag]; ok && known {
		v, err := decode(data)
		if err != nil {
			return zero, fmt.Errorf("%s: decoding %s %s: %w", u.Prefix, tag, u.Name, err)
		}
		return v, nil
	}
	raw, err := Canonical(data)
	if err == nil {
		var v V
		if v, err = u.Unknown(data, raw); err == nil {
			return v, nil
		}
	}
	return zero, fmt.Errorf("%s: decoding %s: %w", u.Prefix, u.Name, err)
}

// DecodeArray decodes a JSON array of values of the union. null gives a
// nil slice and [] an empty one, so that absent and empty stay apart. A
// null element is an error: it would leave a nil interface in the slice
// for the caller's range loop to call a method on.
func (u *Union[V]) DecodeArray(data []byte) ([]V, error) {
	if len(bytes.TrimSpace(data)) == 0 || IsNull(data) {
		return nil, nil
	}
	out := []V{}
	var decodeErr error
	err := eachElement(data, func(elem []byte) error {
		if IsNull(elem) {
			decodeErr = fmt.Errorf("%s: %s list holds null", u.Prefix, u.Name)
			return decodeErr
		}
		v, err := u.Decode(elem)
		out, decodeErr = append(out, v), err
		return err
	})
	switch {
	case decodeErr != nil:
		return nil, decodeErr
	case err != nil:
		return nil, fmt.Errorf("%s: decoding %s list: %w", u.Prefix, u.Name, err)
	}
	return out, nil
}

// discriminator scans data once for the discriminator and the required
// members. known is false when the discriminator is absent or null;
// missing names the first required member that is absent, null or "".
func (u *Union[V]) discriminator(data []byte) (tag string, known bool, missing string, err error) {
	var (
		value   []byte
		heads   [4][]byte // the last non-null value of each required member
		present [4]bool
	)
	if len(u.Required) > len(heads) {
		return "", false, "", errors.New("jsonx: a Union may require at most 4 members")
	}
	err = eachMember(data, func(name, v []byte) bool {
		if IsNull(v) {
			return true
		}
		if nameIs(name, u.Key) {
			value, known = v, true
		}
		for i, path := range u.Required {
			if head, _, _ := strings.Cut(path, "."); nameIs(name, head) {
				heads[i], present[i] = v, true
			}
		}
		return true
	})
	if err != nil {
		return "", false, "", err
	}
	for i, path := range u.Required {
		if !satisfies(heads[i], present[i], path) {
			return "", false, path, nil
		}
	}
	if !known {
		return "", false, "", nil
	}
	if tag, err = stringValue(value); err != nil {
		return "", false, "", fmt.Errorf("%s: %w", u.Key, err)
	}
	return tag, true, "", nil
}

// satisfies reports whether the member value v (present tells whether
// there was one) satisfies the rest of path: not "", and for a nested
// path an object whose member named by the next segment does too.
func satisfies(v []byte, present bool, path string) bool {
	_, rest, nested := strings.Cut(path, ".")
	switch {
	case !present:
		return false
	case !nested:
		return string(v) != `""`
	}
	head, _, _ := strings.Cut(rest, ".")
	inner, ok, err := member(v, head)
	return err == nil && satisfies(inner, ok, rest)
}

// Into returns a decoding target for a struct member that holds one value
// of u: used as the type of a field of the anonymous struct a type's
// UnmarshalJSON decodes into, it decodes the member into *dst during that
// one decoding. null sets *dst to the zero V, as encoding/json does for an
// interface field.
func (u *Union[V]) Into(dst *V) Into[V] { return Into[V]{u, dst} }

// IntoSlice is Into for a member that holds an array of values of u (see
// DecodeArray).
func (u *Union[V]) IntoSlice(dst *[]V) IntoSlice[V] { return IntoSlice[V]{u, dst} }

// Into is the decoding target made by Union.Into.
type Into[V any] struct {
	u   *Union[V]
	dst *V
}

// UnmarshalJSON decodes data with the union into the destination.
func (t Into[V]) UnmarshalJSON(data []byte) error {
	v, err := t.u.Decode(data)
	*t.dst = v
	return err
}

// IntoSlice is the decoding target made by Union.IntoSlice.
type IntoSlice[V any] struct {
	u   *Union[V]
	dst *[]V
}

// UnmarshalJSON decodes data with the union into the destination.
func (t IntoSlice[V]) UnmarshalJSON(data []byte) error {
	v, err := t.u.DecodeArray(data)
	*t.dst = v
	return err
}

// Canonical returns a copy of the JSON value data in the form encoding/json
// writes a MarshalJSON result in: compact, with <, >, &, U+2028 and U+2029
// escaped. A union's fallback keeps its raw JSON in this form, so that
// encoding it and decoding again gives the same bytes.
func Canonical(data []byte) (json.RawMessage, error) {
	var compact bytes.Buffer
	compact.Grow(len(data))
	if err := json.Compact(&compact, data); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(compact.Len())
	json.HTMLEscape(&out, compact.Bytes())
	return out.Bytes(), nil
}

// RawOrNull returns raw, or the JSON literal null when raw is empty: the
// MarshalJSON of a union's fallback.
func RawOrNull(raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return []byte("null")
	}
	return raw
}

// WithMember encodes v (of a type without a MarshalJSON method: convert it
// to a plain type first) as a JSON object whose first member is
// key: value, the discriminator of a union's variant. value must need no
// escaping.
func WithMember(key, value string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	head := `{"` + key + `":"` + value + `"`
	if len(b) <= 2 { // {}
		return []byte(head + "}"), nil
	}
	out := make([]byte, 0, len(head)+len(b))
	out = append(out, head...)
	out = append(out, ',')
	return append(out, b[1:]...), nil
}

// Join encodes common and variant, two values that each encode as a JSON
// object with member names the other does not use, as one object. A
// variant that encodes as null (a nil pointer) or {} adds nothing.
func Join(common, variant any) ([]byte, error) {
	c, err := json.Marshal(common)
	if err != nil {
		return nil, err
	}
	v, err := json.Marshal(variant)
	if err != nil {
		return nil, err
	}
	return JoinObjects(c, v), nil
}

// JoinObjects merges two JSON objects produced by encoding/json (no white
// space around them, disjoint member names) into one. b may also be empty
// or null, in which case a is returned.
func JoinObjects(a, b []byte) []byte {
	if len(b) < 2 || string(b) == "{}" || string(b) == "null" {
		return a
	}
	if string(a) == "{}" {
		return b
	}
	out := make([]byte, 0, len(a)+len(b))
	out = append(out, a[:len(a)-1]...)
	out = append(out, ',')
	return append(out, b[1:]...)
}

// Member returns the value of the member name of the JSON object data the
// way encoding/json decodes a struct field: the name matches without
// regard to case, and the last member that is not null wins. ok is false
// when there is none.
func Member(data []byte, name string) (value []byte, ok bool, err error) {
	return member(data, name)
}

// Missing returns the first of paths that the JSON object data lacks:
// absent, null or "" (a dot names a member of a member, as in
// Union.Required), or "" when data has them all. It decodes nothing.
func Missing(data []byte, paths ...string) (string, error) {
	for _, path := range paths {
		head, _, _ := strings.Cut(path, ".")
		v, ok, err := member(data, head)
		if err != nil {
			return "", err
		}
		if !satisfies(v, ok, path) {
			return path, nil
		}
	}
	return "", nil
}
