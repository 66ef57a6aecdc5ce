package jsonx

import (
	"encoding/json"
	"math"
	"math/big"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInt64(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1000": 1000, "1000.0": 1000, "1000.000": 1000, "1e3": 1000, "1E3": 1000, "10e-1": 1,
		`"1000"`: 1000, "-1000.0": -1000, "9223372036854775807": 9223372036854775807,
	} {
		got, ok, err := Int64([]byte(in))
		if err != nil || !ok || got != want {
			t.Errorf("Int64(%s) = %d, %v, %v; want %d", in, got, ok, err, want)
		}
	}
	for _, in := range []string{"1000.5", "0.1", "1e-1", "9223372036854775808", "1.", ".5", "abc", `"1.5"`, "1e400", "--1"} {
		if _, _, err := Int64([]byte(in)); err == nil {
			t.Errorf("Int64(%s) accepted", in)
		}
	}
	if _, ok, err := Int64([]byte("null")); ok || err != nil {
		t.Errorf("null: ok=%v err=%v", ok, err)
	}
}

// FuzzInt64 checks Int64 against math/big: whatever it accepts is exactly
// the integer the text denotes, and it accepts every integral value that
// fits in an int64.
func FuzzInt64(f *testing.F) {
	for _, s := range []string{"1000", "1000.0", "1e3", "-5", "0.5", "12.3400", "1e19", "99999999999999999999", "7E+2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok, err := Int64([]byte(s))
		s = strings.Trim(s, " \t\r\n") // Int64 ignores JSON white space around the value, and only it
		if !json.Valid([]byte(s)) || s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
			return // not a JSON number: only "no panic" is asked of Int64 here
		}
		if e := strings.IndexAny(s, "eE"); e >= 0 {
			if exp, perr := strconv.Atoi(s[e+1:]); perr != nil || exp > 10000 || exp < -10000 {
				return // math/big would spend up to 50 ms writing 10^exp out; TestInt64Strict covers such exponents
			}
		}
		r, valid := new(big.Rat).SetString(s)
		if valid {
			// big.Rat accepts forms JSON does not (fractions "1/2", hex);
			// compare only on plain decimal numbers.
			if _, perr := strconv.ParseFloat(s, 64); perr != nil {
				return
			}
		}
		if err != nil || !ok {
			if valid && r.IsInt() && r.Num().IsInt64() {
				t.Fatalf("Int64(%q) refused an integral value: %v", s, err)
			}
			return
		}
		if !valid || !r.IsInt() || r.Num().Int64() != got {
			t.Fatalf("Int64(%q) = %d, not the exact value", s, got)
		}
	})
}

func TestTime(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	want := time.Date(2026, 11, 22, 14, 5, 9, 0, kst)
	for _, in := range []string{`"2026-11-22T14:05:09+09:00"`, `"2026-11-22 14:05:09"`, `"2026-11-22T05:05:09Z"`} {
		got, err := Time([]byte(in), kst)
		if err != nil || !got.Equal(want) {
			t.Errorf("Time(%s) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{`""`, `null`, ``} {
		if got, err := Time([]byte(in), kst); err != nil || !got.IsZero() {
			t.Errorf("Time(%s) = %v, %v; want zero", in, got, err)
		}
	}
	if _, err := Time([]byte(`"yesterday"`), kst); err == nil {
		t.Error("accepted an unknown layout")
	}
}

func FuzzTime(f *testing.F) {
	for _, s := range []string{`"2026-11-22T14:05:09+09:00"`, `"2026-11-22 14:05:09"`, `1795842309`, `null`, `"x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = Time([]byte(s), time.UTC) // never panics
	})
}

// TestInt64Strict: Int64 accepts exactly the JSON number grammar (bare or
// inside a JSON string) with an integral value, and nothing else.
func TestInt64Strict(t *testing.T) {
	accepted := map[string]int64{
		"1000": 1000, "1000.0": 1000, "1e3": 1000, "1.0E3": 1000, "1E+3": 1000, "100e-2": 1,
		"1000000e-6": 1, "0": 0, "-0": 0, "0.0": 0, "0e5": 0, "0e1000000000": 0, "-1000": -1000,
		"92233720368547758070e-1": math.MaxInt64, "-9223372036854775808": math.MinInt64,
		"9.223372036854775807e18": math.MaxInt64,
		`"1000"`:                  1000, `"1000.0"`: 1000, `"1e3"`: 1000, `"\u0031000"`: 1000, // a JSON escape is still JSON
		" 1000\n": 1000, // JSON white space around the value
	}
	for in, want := range accepted {
		got, ok, err := Int64([]byte(in))
		if assert.NoError(t, err, "%q", in) {
			assert.True(t, ok, "%q", in)
			assert.Equal(t, want, got, "%q", in)
		}
	}

	refused := map[string]error{
		"0x3e8": ErrNotNumber, "0b1111101000": ErrNotNumber, "0o1750": ErrNotNumber, "+1000": ErrNotNumber,
		"2000/2": ErrNotNumber, "0100": ErrNotNumber, "00": ErrNotNumber, "-0100": ErrNotNumber,
		"1_000": ErrNotNumber, "1,000": ErrNotNumber, "1000.": ErrNotNumber, ".5": ErrNotNumber,
		"1e": ErrNotNumber, "1e+": ErrNotNumber, "-": ErrNotNumber, "Inf": ErrNotNumber, "NaN": ErrNotNumber,
		"1000 1": ErrNotNumber, "\v1000": ErrNotNumber, "\u00a01000": ErrNotNumber,
		`"0x3e8"`: ErrNotNumber, `"+1000"`: ErrNotNumber, `"0100"`: ErrNotNumber, `" 1000"`: ErrNotNumber,
		`""`: ErrNotNumber, `"\x31000"`: ErrNotString, `"1000`: ErrNotString, `'1000'`: ErrNotNumber,
		"true": ErrNotNumber, `{"a":1}`: ErrNotNumber,
		"1000.5": ErrNotIntegral, "0.1": ErrNotIntegral, "1e-1": ErrNotIntegral, "1e-1000000000": ErrNotIntegral,
		`"1.5"`:               ErrNotIntegral,
		"9223372036854775808": ErrOutOfRange, "-9223372036854775809": ErrOutOfRange, "1e19": ErrOutOfRange,
		"1e400": ErrOutOfRange, "1e1000000000": ErrOutOfRange, "1e99999999999999999999": ErrOutOfRange,
	}
	for in, want := range refused {
		_, ok, err := Int64([]byte(in))
		assert.ErrorIs(t, err, want, "%q", in)
		assert.False(t, ok, "%q", in)
	}
}

// TestInt64ExponentIsCheap: an absurd exponent is refused without
// computing the power of ten it denotes.
func TestInt64ExponentIsCheap(t *testing.T) {
	for _, in := range []string{"1e999999", "1e1000000000", "7e" + strings.Repeat("9", 10000), "1" + strings.Repeat("0", 10000) + "e-9999"} {
		data := []byte(in)
		allocated := bytesAllocated(func() { _, _, _ = Int64(data) })
		assert.Less(t, allocated, uint64(4<<10), "Int64(%.20q…) allocated %d bytes", in, allocated)
	}
}

// bytesAllocated reports the bytes f allocates on the heap, on average
// over 100 runs so that the runtime's own allocations do not count.
func bytesAllocated(f func()) uint64 {
	const runs = 100
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / runs
}

// TestErrorsQuoteAShortPrefix: a huge bad value is never echoed whole into
// an error.
func TestErrorsQuoteAShortPrefix(t *testing.T) {
	huge := strings.Repeat("9", 100<<10)
	for name, in := range map[string]string{
		"bad number":        huge + "x",
		"bad quoted number": `"` + huge + `x"`,
		"not integral":      huge + ".5",
		"out of range":      huge,
		"object":            `{"a":"` + huge + `"}`,
	} {
		_, _, err := Int64([]byte(in))
		require.Error(t, err, name)
		assert.Less(t, len(err.Error()), 120, "%s: %.200s", name, err)
		assert.Contains(t, err.Error(), "…", name)
	}
	for name, in := range map[string]string{
		"bad time string": `"` + huge + `"`,
		"bad time number": huge,
		"bad JSON":        "[" + huge,
	} {
		_, err := Time([]byte(in), time.UTC)
		require.Error(t, err, name)
		assert.Less(t, len(err.Error()), 120, "%s: %.200s", name, err)
		assert.Contains(t, err.Error(), "…", name)
	}
	// A multi-byte character is never cut in half.
	_, _, err := Int64([]byte(strings.Repeat("가", 100)))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), `\x`, "a cut rune would be quoted as raw bytes: %s", err)
}

// TestTimeRange: every decoded time is between 1970 and 9999 and encodes
// with json.Marshal; numbers are Unix seconds below 1e11 and Unix
// milliseconds from 1e11.
func TestTimeRange(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	accepted := map[string]time.Time{
		`1795842309`:                       time.Unix(1795842309, 0),
		`1795842309.5`:                     time.Unix(1795842309, 500_000_000),
		`1.795842309e9`:                    time.Unix(1795842309, 0),
		`1795842309123`:                    time.UnixMilli(1795842309123),
		`99999999999`:                      time.Unix(99999999999, 0),    // the last value read as seconds (year 5138)
		`100000000000`:                     time.UnixMilli(100000000000), // the first read as milliseconds (1973)
		`0`:                                time.Unix(0, 0),
		`253402268399999`:                  time.Date(9999, 12, 31, 14, 59, 59, 999e6, time.UTC), // 23:59:59.999 KST
		`"1970-01-01T00:00:00Z"`:           time.Unix(0, 0),
		`"9999-12-31T23:59:59+09:00"`:      time.Date(9999, 12, 31, 14, 59, 59, 0, time.UTC),
		`"2026-11-22 14:05:09 KST"`:        time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC),
		`"2026-11-22 14:05:09 UTC"`:        time.Date(2026, 11, 22, 14, 5, 9, 0, time.UTC),
		`"2026-11-22T14:05:09+23:59"`:      time.Date(2026, 11, 21, 14, 6, 9, 0, time.UTC),
		`"2026-11-22T14:05:09\u002B09:00"`: time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC),
	}
	for in, want := range accepted {
		got, err := Time([]byte(in), kst)
		if assert.NoError(t, err, in) {
			assert.True(t, got.Equal(want), "%s decoded as %s, want %s", in, got, want)
			_, err = json.Marshal(got)
			assert.NoError(t, err, in)
		}
	}

	refused := map[string]error{
		`1000000000000000`:            ErrOutOfRange, // year 33658 as milliseconds
		`1e300`:                       ErrOutOfRange,
		`-1e300`:                      ErrOutOfRange,
		`1e400`:                       ErrOutOfRange,
		`-1`:                          ErrOutOfRange, // 1969
		`253402300799999`:             ErrOutOfRange, // 9999-12-31T23:59:59.999Z is year 10000 in KST
		`"0000-01-01"`:                ErrOutOfRange,
		`"1969-12-31T23:59:59Z"`:      ErrOutOfRange,
		`"1970-01-01T08:59:59+09:00"`: ErrOutOfRange,    // 1969 in UTC
		`"9999-12-31T23:59:59-01:00"`: ErrOutOfRange,    // 10000 in UTC
		`"2026-11-22T14:05:09+24:00"`: ErrOutOfRange,    // json.Marshal cannot write the offset
		`"2026-11-22 14:05:09 PST"`:   ErrUnknownLayout, // Go would read an unknown abbreviation as UTC
		`"yesterday"`:                 ErrUnknownLayout,
		`"\x32026-11-22"`:             ErrNotString,
		`"2026-11-22`:                 ErrNotString,
		`NaN`:                         ErrNotNumber,
		`Infinity`:                    ErrNotNumber,
		`0x1p30`:                      ErrNotNumber,
		`+1795842309`:                 ErrNotNumber,
		`01795842309`:                 ErrNotNumber,
		`1_795_842_309`:               ErrNotNumber,
		`true`:                        ErrNotNumber,
	}
	for in, want := range refused {
		got, err := Time([]byte(in), kst)
		assert.ErrorIs(t, err, want, "%s decoded as %s", in, got)
		assert.True(t, got.IsZero(), in)
	}
}

// numberGrammar is RFC 8259's number, section 6.
var numberGrammar = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// FuzzInt64Grammar: Int64 accepts only the JSON number grammar, bare or
// inside a JSON string, around JSON white space; whatever else it is given
// is an error, never a value.
func FuzzInt64Grammar(f *testing.F) {
	for _, s := range []string{"1000", `"1000"`, "0x3e8", "+1000", "2000/2", "0100", "1e3", "1_000", `"\u0031"`, " 7 ", "-0", "1e-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, ok, err := Int64([]byte(s))
		if err != nil || !ok {
			return
		}
		v := strings.Trim(s, " \t\r\n")
		if strings.HasPrefix(v, `"`) {
			var inner string
			if jerr := json.Unmarshal([]byte(v), &inner); jerr != nil {
				t.Fatalf("Int64(%q) accepted a string that is not JSON: %v", s, jerr)
			}
			v = inner
		}
		if !numberGrammar.MatchString(v) {
			t.Fatalf("Int64(%q) accepted %q, which is not a JSON number", s, v)
		}
	})
}

// FuzzTimeEncodes: a time Time decodes without error is zero or between
// 1970 and 9999, and json.Marshal can write it.
func FuzzTimeEncodes(f *testing.F) {
	for _, s := range []string{`1795842309`, `1000000000000000`, `1e300`, `"0000-01-01"`, `"2026-11-22T14:05:09+24:00"`, `"2026-11-22 14:05:09 PST"`, `-1`, `253402300799999`} {
		f.Add(s)
	}
	kst := time.FixedZone("KST", 9*3600)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Time([]byte(s), kst)
		if err != nil {
			if !got.IsZero() {
				t.Fatalf("Time(%q) returned %v with error %v", s, got, err)
			}
			return
		}
		if got.IsZero() {
			return
		}
		if y := got.Year(); y < 1970 || y > 9999 {
			t.Fatalf("Time(%q) = %v: year %d", s, got, y)
		}
		if y := got.UTC().Year(); y < 1970 || y > 9999 {
			t.Fatalf("Time(%q) = %v: year %d in UTC", s, got, y)
		}
		if _, err := json.Marshal(got); err != nil {
			t.Fatalf("Time(%q) = %v, which json.Marshal refuses: %v", s, got, err)
		}
	})
}
