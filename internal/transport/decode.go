package transport

import (
	"encoding/json"
)

// DecodeJSON decodes a response body into out, as json.Unmarshal does, in
// fewer passes over the body.
//
// Handed a value whose type has its own UnmarshalJSON (a Bootpay Receipt,
// a PortOne Payment union), json.Unmarshal first validates the whole body,
// then scans it again to find where the value ends, and only then calls the
// method, which decodes the body through encoding/json once more: three
// passes where a plain struct takes one validation and one decoding. Every
// UnmarshalJSON of this module's response types decodes its whole input
// through encoding/json (directly or through jsonx.Union), which validates
// it, trailing data included; so calling the method directly loses no
// check and saves the two passes. Any other value goes through
// json.Unmarshal.
func DecodeJSON(body []byte, out any) error {
	if u, ok := out.(json.Unmarshaler); ok {
		// json.Unmarshal hands a method the value without the white space
		// around it; so does this, so a type that keeps its raw JSON keeps
		// the same bytes either way.
		return u.UnmarshalJSON(TrimJSONSpace(body))
	}
	return json.Unmarshal(body, out)
}

// TrimJSONSpace cuts the white space JSON allows (RFC 8259: space, tab,
// line feed, carriage return) from both ends of b, and nothing else:
// json.Unmarshal hands an UnmarshalJSON method its value so trimmed.
func TrimJSONSpace(b []byte) []byte {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
