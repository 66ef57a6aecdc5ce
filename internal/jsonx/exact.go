package jsonx

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// maxDepth is encoding/json's limit on nesting (its scanner's
// maxNestingDepth): deeper input is an error, as there, so that hostile
// nesting cannot exhaust the stack of the recursive decoder.
const maxDepth = 10000

// errEnd reports input that ends inside a value.
var errEnd = errors.New("unexpected end of JSON input")

// ExactValue decodes data, exactly one JSON value with optional white
// space around it, as a json.Decoder with UseNumber decodes it into an
// any when nothing but white space may follow: objects as map[string]any
// (the last of duplicate names wins), arrays as []any, numbers as
// json.Number holding the digits as written (an id above 2^53 keeps
// them), strings, booleans and nil. Input that is not exactly one value
// by encoding/json's rules (its grammar, its nesting limit of 10000) is
// an error.
//
// It reads data once and allocates only the values it returns: no
// Decoder, no reader, no reflection. Strings without escapes and the
// numbers' texts are slices of one string copy of data (so a value kept
// keeps that copy alive: fine for the small documents it is for); a
// string with an escape or invalid UTF-8 is decoded by encoding/json
// itself, so that U+FFFD replacement and \u surrogate pairs come out byte
// for byte the same.
func ExactValue(data []byte) (any, error) {
	d := exactDecoder{data: data}
	d.skipSpace()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	if d.skipSpace(); d.i < len(d.data) {
		return nil, d.syntax("after the top-level value")
	}
	return v, nil
}

// exactDecoder is ExactValue's position in its input.
type exactDecoder struct {
	data   []byte
	i      int    // the next byte to read
	copied string // data as a string, converted once when first needed
}

// slice returns data[start:end] as a string, sharing one copy of data.
func (d *exactDecoder) slice(start, end int) string {
	if d.copied == "" {
		d.copied = string(d.data)
	}
	return d.copied[start:end]
}

// value decodes the value at d.i, inside depth arrays and objects.
func (d *exactDecoder) value(depth int) (any, error) {
	if d.i >= len(d.data) {
		return nil, errEnd
	}
	switch c := d.data[d.i]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.text()
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	case c == 't':
		return d.literal("true", true)
	case c == 'f':
		return d.literal("false", false)
	case c == 'n':
		return d.literal("null", nil)
	}
	return nil, d.syntax("looking for the beginning of a value")
}

// object decodes the object at d.i, the depth-th nested one.
func (d *exactDecoder) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.syntax("exceeding the maximum nesting depth")
	}
	d.i++
	m := make(map[string]any)
	if d.skipSpace(); d.peek() == '}' {
		d.i++
		return m, nil
	}
	for {
		if d.peek() != '"' {
			return nil, d.unexpected("looking for the beginning of an object key")
		}
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		if d.skipSpace(); d.peek() != ':' {
			return nil, d.unexpected("after an object key")
		}
		d.i++
		d.skipSpace()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		m[key] = v
		if end, err := d.next('}'); end || err != nil {
			return m, err
		}
	}
}

// array decodes the array at d.i, the depth-th nested value. An empty
// array is an empty slice, not nil, as encoding/json gives it.
func (d *exactDecoder) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.syntax("exceeding the maximum nesting depth")
	}
	d.i++
	a := []any{}
	if d.skipSpace(); d.peek() == ']' {
		d.i++
		return a, nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if end, err := d.next(']'); end || err != nil {
			return a, err
		}
	}
}

// next reads what follows a member or element: a comma (and the white
// space after it), or the closing bracket, for which end is true.
func (d *exactDecoder) next(closing byte) (end bool, err error) {
	d.skipSpace()
	switch d.peek() {
	case ',':
		d.i++
		d.skipSpace()
		return false, nil
	case closing:
		d.i++
		return true, nil
	}
	return false, d.unexpected("after an array element or object member")
}

// text decodes the string at d.i.
func (d *exactDecoder) text() (any, error) {
	s, err := d.str()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// str decodes the string at d.i as encoding/json does.
func (d *exactDecoder) str() (string, error) {
	start, data := d.i, d.data
	escaped, ascii := false, true
	for i := start + 1; i < len(data); {
		switch c := data[i]; {
		case c == '"':
			d.i = i + 1
			if body := data[start+1 : i]; !escaped && (ascii || utf8.Valid(body)) {
				return d.slice(start+1, i), nil
			}
			var s string
			err := json.Unmarshal(data[start:d.i], &s)
			return s, err
		case c == '\\':
			n := escapeLen(data[i:])
			if n == 0 {
				d.i = i
				return "", d.unexpected("in a string escape")
			}
			escaped = true
			i += n
		case c < 0x20:
			d.i = i
			return "", d.syntax("in a string literal")
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			i++
		}
	}
	return "", errEnd
}

// escapeLen returns the length of the JSON escape at the start of b (a
// backslash), or 0 when it is not one: only \" \\ \/ \b \f \n \r \t and
// \u with four hex digits are.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, c := range b[2:6] {
			if !isHex(c) {
				return 0
			}
		}
		return 6
	}
	return 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// number decodes the number at d.i as a json.Number of its text:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. What may follow it is
// the caller's to check, so 01 fails there, after the 0.
func (d *exactDecoder) number() (any, error) {
	data, start := d.data, d.i
	i := start
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = skipDigits(data, i)
	default:
		return nil, d.at(i, "in a numeric literal")
	}
	if i < len(data) && data[i] == '.' {
		digits := i + 1
		if i = skipDigits(data, digits); i == digits {
			return nil, d.at(i, "after the decimal point of a numeric literal")
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		digits := i
		if i = skipDigits(data, i); i == digits {
			return nil, d.at(i, "in the exponent of a numeric literal")
		}
	}
	d.i = i
	return json.Number(d.slice(start, i)), nil
}

// literal decodes true, false or null at d.i as v.
func (d *exactDecoder) literal(word string, v any) (any, error) {
	for k := range len(word) {
		if d.i+k >= len(d.data) {
			return nil, errEnd
		}
		if d.data[d.i+k] != word[k] {
			return nil, d.at(d.i+k, "in literal "+word)
		}
	}
	d.i += len(word)
	return v, nil
}

// skipSpace skips the white space JSON allows.
func (d *exactDecoder) skipSpace() { d.i = skipSpace(d.data, d.i) }

// peek returns the byte at d.i, or 0 (never a JSON token) at the end.
func (d *exactDecoder) peek() byte {
	if d.i < len(d.data) {
		return d.data[d.i]
	}
	return 0
}

// unexpected reports the byte at d.i, or the end of the input.
func (d *exactDecoder) unexpected(context string) error {
	if d.i >= len(d.data) {
		return errEnd
	}
	return d.syntax(context)
}

// syntax reports the byte at d.i as invalid.
func (d *exactDecoder) syntax(context string) error { return d.at(d.i, context) }

// at reports the byte at i (or the end of the input) as invalid. The
// byte is quoted, never the text around it: metadata may hold what a log
// should not.
func (d *exactDecoder) at(i int, context string) error {
	if i >= len(d.data) {
		return errEnd
	}
	return fmt.Errorf("%w: invalid character %q %s at offset %d", errSyntax, d.data[i], context, i)
}
