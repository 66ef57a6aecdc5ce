package jsonx

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"
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
