// Package jsonx decodes the loosely typed JSON values the gateways send:
// integral amounts written as 1000 or 1000.0, and timestamps in RFC 3339
// or older layouts. It is strict: it accepts exactly the JSON grammar, never
// rounds, and refuses a value it cannot represent exactly or that no
// gateway would send (a time before 1970 or after 9999). Its errors quote at
// most a short prefix of the bad value.
//
// It also decodes unions (see Union): objects that are one of several
// variants chosen by a discriminator member, such as PortOne's payments
// by "status" and its webhook events by "type", in one pass over the body.
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/paykit-kr/paykit/internal/redact/mask"
)

var (
	// ErrNotIntegral reports a number with a non-zero fractional part where
	// an integer amount was expected.
	ErrNotIntegral = errors.New("number is not an integer")
	// ErrNotNumber reports a value that is not a JSON number (RFC 8259,
	// section 6), such as 0x3e8, +1000, 0100 or NaN.
	ErrNotNumber = errors.New("not a JSON number")
	// ErrNotString reports a value that starts like a JSON string but is
	// not one, such as "\x31" (a Go escape) or an unterminated string.
	ErrNotString = errors.New("not a JSON string")
	// ErrOutOfRange reports a number too large for an int64, or a time
	// outside the years 1970 to 9999.
	ErrOutOfRange = errors.New("out of range")
	// ErrUnknownLayout reports a time string in none of the layouts Time
	// accepts.
	ErrUnknownLayout = errors.New("unknown time layout")
)

// Int64 decodes a JSON number that must be an exact integer: 1000, 1000.0,
// 1e3 and 1.0E3 all give 1000; 1000.5 gives ErrNotIntegral. The number may
// also be written inside a JSON string ("1000"), with the same grammar.
// Anything else is an error: 0x3e8, +1000, 0100, 2000/2, "" (ErrNotNumber),
// and integers beyond int64 (ErrOutOfRange). null gives 0 and ok=false.
func Int64(data []byte) (n int64, ok bool, err error) {
	data = trimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return 0, false, nil
	}
	text, quoted := data, data[0] == '"'
	if quoted {
		if text, err = unquote(data); err != nil {
			return 0, false, fmt.Errorf("%s: %w", excerpt(data), err)
		}
	}
	num, valid := scanNumber(text)
	if !valid {
		return 0, false, fmt.Errorf("%s: %w", decodedExcerpt(text, quoted), ErrNotNumber)
	}
	if n, err = num.int64(); err != nil {
		return 0, false, fmt.Errorf("%s: %w", decodedExcerpt(text, quoted), err)
	}
	return n, true, nil
}

// decodedExcerpt is the excerpt of a value as decoded, quoted again when it
// came quoted: digits written as \u0034 escapes are digits to the mask.
func decodedExcerpt(text []byte, quoted bool) string {
	if quoted {
		return excerpt(append(append([]byte{'"'}, text...), '"'))
	}
	return excerpt(text)
}

// Int decodes data as Int64 does into an int, for the gateways' integer
// codes (a status, a type): a value beyond the range of int is
// ErrOutOfRange, never truncated into another code. null gives 0.
func Int(data []byte) (int, error) {
	n, _, err := Int64(data)
	if err != nil {
		return 0, err
	}
	if int64(int(n)) != n {
		return 0, fmt.Errorf("%s: %w", excerpt(data), ErrOutOfRange)
	}
	return int(n), nil
}

// maxExponent caps the exponent scanNumber reads. Beyond it every non-zero
// value is out of range (or not integral) whatever its digits, so a larger
// exponent never needs to be known, and 1e1000000000 costs no more than
// 1e10.
const maxExponent = 1e9

// number is a JSON number split into its parts, unconverted: its value is
// ±(intPart.fracPart) × 10^exp.
type number struct {
	neg      bool
	intPart  []byte // digits before the point
	fracPart []byte // digits after the point
	exp      int64  // the exponent as written, capped at ±maxExponent
}

// scanNumber splits b if it is exactly a JSON number,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and reports false
// otherwise.
func scanNumber(b []byte) (number, bool) {
	var n number
	i := 0
	if i < len(b) && b[i] == '-' {
		n.neg = true
		i++
	}
	start := i
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i)
	default:
		return n, false
	}
	n.intPart = b[start:i]
	if i < len(b) && b[i] == '.' {
		end := skipDigits(b, i+1)
		if end == i+1 {
			return n, false
		}
		n.fracPart, i = b[i+1:end], end
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		neg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			neg = b[i] == '-'
			i++
		}
		end := skipDigits(b, i)
		if end == i {
			return n, false
		}
		for _, c := range b[i:end] {
			if n.exp < maxExponent {
				n.exp = n.exp*10 + int64(c-'0')
			}
		}
		if neg {
			n.exp = -n.exp
		}
		i = end
	}
	return n, i == len(b)
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// digit returns the k-th significant digit of intPart followed by fracPart.
func (n *number) digit(k int) byte {
	if k < len(n.intPart) {
		return n.intPart[k]
	}
	return n.fracPart[k-len(n.intPart)]
}

// int64 converts exactly, without big numbers: the digits without their
// leading and trailing zeros, times a power of ten that must not be
// negative (else the value has a fraction) and must leave at most 19
// digits (else the value is beyond int64).
func (n *number) int64() (int64, error) {
	total := len(n.intPart) + len(n.fracPart)
	lo := 0
	for lo < total && n.digit(lo) == '0' {
		lo++
	}
	if lo == total {
		return 0, nil // zero, whatever the exponent
	}
	hi := total
	for n.digit(hi-1) == '0' {
		hi--
	}
	scale := n.exp - int64(len(n.fracPart)) + int64(total-hi)
	if scale < 0 {
		return 0, ErrNotIntegral
	}
	if int64(hi-lo)+scale > 19 {
		return 0, ErrOutOfRange
	}
	var u uint64 // at most 19 digits: below 10^19 < 2^64
	for k := lo; k < hi; k++ {
		u = u*10 + uint64(n.digit(k)-'0')
	}
	for ; scale > 0; scale-- {
		u *= 10
	}
	switch {
	case n.neg && u <= 1<<63:
		return -int64(u), nil // for u = 2^63, int64(u) is already math.MinInt64, its own negation
	case !n.neg && u <= math.MaxInt64:
		return int64(u), nil
	}
	return 0, ErrOutOfRange
}

// trimSpace drops JSON white space (and only it) around a value.
func trimSpace(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }

// unquote returns the contents of the JSON string literal b. Go's own
// escapes (\x41, \a, octal) are not JSON and are refused.
func unquote(b []byte) ([]byte, error) {
	if body, ok := PlainString(b); ok {
		return body, nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, ErrNotString
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, ErrNotString
	}
	return []byte(s), nil
}

// excerptLen is how many bytes of a bad value an error quotes.
const excerptLen = 40

// excerpt quotes at most the first excerptLen bytes of a bad value, cut at
// a character boundary, and marks a cut with "…": an error stays short and
// printable whatever the gateway sent. The value may be a card or account
// number sent in a field read as an amount or a time, so its digit runs
// are masked as redact.DigitRuns masks them, and before the cut: over
// twice the excerpt, a run the cut goes through is seen whole or with at
// least 20 of its digits, and is masked up to its last four. Masked after
// the cut, the nine digits left before it would print.
func excerpt(b []byte) string {
	s := mask.DigitRuns(string(b[:min(len(b), 2*excerptLen)]))
	if len(b) <= excerptLen {
		return strconv.Quote(s)
	}
	cut := excerptLen
	for i := 0; i < utf8.UTFMax && cut > 0 && !utf8.RuneStart(s[cut]); i++ {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}

// The years a decoded time may fall in, read both in its own zone and in
// UTC. Nothing a gateway returns predates Unix time, and json.Marshal
// cannot write a year beyond 9999.
const (
	minYear = 1970
	maxYear = 9999
)

// millisFrom is where numbers stop being Unix seconds and start being Unix
// milliseconds: 1e11 seconds is the year 5138, 1e11 milliseconds is
// 1973-03-03.
const millisFrom = 1e11

// timeLayouts are tried in order: RFC 3339 (with or without fraction),
// then the space-separated layouts of Bootpay's v1 API, read in kst.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	zoneNameLayout,
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// zoneNameLayout is the one layout with a zone abbreviation.
const zoneNameLayout = "2006-01-02 15:04:05 MST"

// Time decodes a JSON timestamp. Empty strings and null give the zero time.
//
// A string is read with ParseTime. A number is Unix time: seconds below
// 1e11, milliseconds from 1e11 (so microseconds and nanoseconds, read as
// milliseconds, fall after 9999 and are refused); a fraction is kept to
// float64 precision. A number must follow the JSON grammar: NaN, Infinity,
// 0x1p30 and +1 are refused.
//
// Every time returned is the zero time or lies in the years 1970 to 9999,
// read both in its zone and in UTC, with an offset json.Marshal can write:
// any other is ErrOutOfRange, so a decoded time always re-encodes as
// RFC 3339.
func Time(data []byte, loc *time.Location) (time.Time, error) {
	data = trimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return time.Time{}, nil
	}
	if data[0] == '"' {
		s, err := unquote(data)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", excerpt(data), err)
		}
		return ParseTime(string(s), loc)
	}
	if _, valid := scanNumber(data); !valid {
		return time.Time{}, fmt.Errorf("%s: %w", excerpt(data), ErrNotNumber)
	}
	t, err := unixTime(data)
	if err == nil {
		t = t.In(loc)
		err = checkTime(t)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", excerpt(data), err)
	}
	return t, nil
}

// unixTime reads a JSON number as Unix seconds or milliseconds (see Time).
// The range is checked before any conversion to an integer, so no float
// ever overflows an int64.
func unixTime(text []byte) (time.Time, error) {
	v, err := strconv.ParseFloat(string(text), 64)
	if err != nil || !(v >= 0 && v < 1e15) { // 1e15 ms is the year 33658: far out, yet safe to convert
		return time.Time{}, ErrOutOfRange
	}
	if v < millisFrom {
		sec := math.Floor(v)
		return time.Unix(int64(sec), int64(math.Round((v-sec)*1e9))), nil
	}
	ms := math.Floor(v)
	return time.Unix(int64(ms)/1000, int64(ms)%1000*1e6+int64(math.Round((v-ms)*1e6))), nil
}

// checkTime refuses a time outside minYear–maxYear, in its zone or in UTC,
// or one whose offset RFC 3339 cannot write (+24:00, which time.Parse
// accepts).
func checkTime(t time.Time) error {
	if y := t.Year(); y < minYear || y > maxYear {
		return ErrOutOfRange
	}
	if y := t.UTC().Year(); y < minYear || y > maxYear {
		return ErrOutOfRange
	}
	var buf [48]byte
	if _, err := t.AppendText(buf[:0]); err != nil {
		return ErrOutOfRange
	}
	return nil
}

// ParseTime parses s with the layouts Time accepts: RFC 3339, and Bootpay
// v1's "2006-01-02 15:04:05" (with or without an offset or a zone
// abbreviation) and "2006-01-02". A time without a zone is read in loc (the
// gateway's own zone). A zone abbreviation must be UTC, GMT or loc's own
// (KST for Bootpay): time.Parse would read any other as UTC. "" gives the
// zero time; a time outside the years 1970 to 9999 is ErrOutOfRange (see
// Time).
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil || (layout == zoneNameLayout && !knownZone(t, loc)) {
			continue
		}
		if err := checkTime(t); err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", excerpt([]byte(s)), err)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s: %w", excerpt([]byte(s)), ErrUnknownLayout)
}

// knownZone reports whether time.ParseInLocation resolved the zone
// abbreviation of t: it gives an abbreviation it does not know (PST, CET)
// a zero offset, which would shift the time by hours without an error.
func knownZone(t time.Time, loc *time.Location) bool {
	name, off := t.Zone()
	if off != 0 || name == "UTC" || name == "GMT" {
		return true
	}
	locName, locOff := t.In(loc).Zone()
	return locOff == 0 && locName == name
}
