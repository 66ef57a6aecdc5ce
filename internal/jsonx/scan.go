package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode"
	"unicode/utf8"
)

// errSyntax reports JSON that the member scanner cannot walk. The scanner
// checks structure only; the decoding that follows it checks the rest.
var errSyntax = errors.New("malformed JSON")

// errNotObject reports a JSON value other than an object where an object
// was expected.
var errNotObject = errors.New("not a JSON object")

// eachMember walks the top-level members of the JSON object data, in
// order, and calls f with each member's name (raw: escapes not decoded)
// and its raw value, until f returns false. It reads every byte at most
// once and allocates nothing. It checks the structure (brackets, quotes,
// colons and commas), not every token: a number like 01 passes, and the
// encoding/json decoding that follows refuses it.
func eachMember(data []byte, f func(name, value []byte) bool) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return errNotObject
	}
	if i = skipSpace(data, i+1); i < len(data) && data[i] == '}' {
		return nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return errSyntax
		}
		end, err := skipString(data, i)
		if err != nil {
			return err
		}
		name := data[i+1 : end-1]
		if i = skipSpace(data, end); i >= len(data) || data[i] != ':' {
			return errSyntax
		}
		i = skipSpace(data, i+1)
		end, err = skipValue(data, i)
		if err != nil {
			return err
		}
		if !f(name, data[i:end]) {
			return nil
		}
		if i, err = nextItem(data, end, '}'); err != nil || i < 0 {
			return err
		}
	}
}

// eachElement walks the elements of the JSON array data like eachMember.
func eachElement(data []byte, f func(value []byte) error) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return errors.New("not a JSON array")
	}
	if i = skipSpace(data, i+1); i < len(data) && data[i] == ']' {
		return nil
	}
	for {
		end, err := skipValue(data, i)
		if err != nil {
			return err
		}
		if err := f(data[i:end]); err != nil {
			return err
		}
		if i, err = nextItem(data, end, ']'); err != nil || i < 0 {
			return err
		}
	}
}

// nextItem reads what follows a member or element that ends at data[i]:
// a comma, after which the next item starts at the index returned, or the
// closing bracket, for which it returns -1.
func nextItem(data []byte, i int, closing byte) (int, error) {
	if i = skipSpace(data, i); i >= len(data) {
		return 0, errSyntax
	}
	switch data[i] {
	case ',':
		return skipSpace(data, i+1), nil
	case closing:
		return -1, nil
	}
	return 0, errSyntax
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just after the string that starts at
// data[i] (a quote).
func skipString(data []byte, i int) (int, error) {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return 0, errSyntax
		}
		j += k
		backslashes := 0
		for b := j - 1; b > i && data[b] == '\\'; b-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j + 1, nil
		}
		j++
	}
}

// skipValue returns the index just after the value that starts at data[i].
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, errSyntax
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		return skipNested(data, i)
	}
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r', ':', '"', '{', '[':
			if j == i {
				return 0, errSyntax
			}
			return j, nil
		}
		j++
	}
	if j == i {
		return 0, errSyntax
	}
	return j, nil
}

// skipNested returns the index just after the object or array that starts
// at data[i].
func skipNested(data []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '"':
			end, err := skipString(data, j)
			if err != nil {
				return 0, err
			}
			j = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, errSyntax
}

// nameIs reports whether the raw member name matches want the way
// encoding/json matches a member to a struct field: exactly or without
// regard to case (Go's foldName: upper case of lower case, rune by rune).
// want is ASCII.
func nameIs(raw []byte, want string) bool {
	if bytes.IndexByte(raw, '\\') >= 0 {
		var s string
		if json.Unmarshal(quoteRaw(raw), &s) != nil {
			return false
		}
		raw = []byte(s)
	}
	j := 0
	for i := 0; i < len(raw); {
		r, n := rune(raw[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(raw[i:])
			r = unicode.ToUpper(unicode.ToLower(r))
		} else if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		i += n
		if j >= len(want) {
			return false
		}
		w := rune(want[j])
		if 'a' <= w && w <= 'z' {
			w -= 'a' - 'A'
		}
		if r != w {
			return false
		}
		j++
	}
	return j == len(want)
}

// quoteRaw puts back the quotes around a raw string's contents.
func quoteRaw(raw []byte) []byte {
	q := make([]byte, 0, len(raw)+2)
	q = append(q, '"')
	q = append(q, raw...)
	return append(q, '"')
}

// member returns the value of the member of the JSON object data named
// name (matched as nameIs does), the way encoding/json would decode it
// into a struct field: the last such member whose value is not null. ok
// is false when there is none.
func member(data []byte, name string) (value []byte, ok bool, err error) {
	err = eachMember(data, func(n, v []byte) bool {
		if nameIs(n, name) && !IsNull(v) {
			value, ok = v, true
		}
		return true
	})
	return value, ok, err
}

// stringValue decodes the raw JSON value v, which must be a string, as
// encoding/json would (invalid UTF-8 becomes U+FFFD).
func stringValue(v []byte) (string, error) {
	if len(v) < 2 || v[0] != '"' {
		return "", errors.New("not a JSON string")
	}
	if body, ok := PlainString(v); ok {
		return string(body), nil
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

// PlainString returns the contents of the JSON string literal data when
// they need no decoding: printable ASCII without escapes, which
// encoding/json would return unchanged. ok is false for anything else
// (an escape, a control character, UTF-8, which encoding/json checks and
// may replace, or not a string at all): decode that with encoding/json.
// It is the fast path of the decoders that read a string value: jsonx's
// own (a discriminator, an amount written "1000") and the gateways'
// (Bootpay's receipt ids). The body is a slice of data, so the caller
// decides whether to copy it.
func PlainString(data []byte) (body []byte, ok bool) {
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return nil, false
	}
	body = data[1 : len(data)-1]
	for _, c := range body {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return nil, false
		}
	}
	return body, true
}

// StringMember returns the string member name of the JSON object data, as
// encoding/json would decode it into a string field (see member), or ""
// when data is not an object or the member is absent, null or not a
// string. The Unknown… fallbacks of unions use it to report their
// discriminator.
func StringMember(data []byte, name string) string {
	v, ok, err := member(data, name)
	if err != nil || !ok {
		return ""
	}
	s, _ := stringValue(v)
	return s
}

// IsNull reports whether data is the JSON literal null, with optional
// white space around it.
func IsNull(data []byte) bool {
	i := skipSpace(data, 0)
	return len(data)-i >= 4 && string(data[i:i+4]) == "null" && skipSpace(data, i+4) == len(data)
}

// CodeText renders a JSON string or number as text, the way the gateways
// send error codes (RC_NOT_FOUND, or -2410 as a number); null, absent or
// anything else is "".
func CodeText(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
