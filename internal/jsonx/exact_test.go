package jsonx

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeReference is what ExactValue replaces: a json.Decoder with
// UseNumber into an any, then a check that only white space follows.
func decodeReference(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, io.ErrUnexpectedEOF // anything: an error
	}
	return v, nil
}

// agreeWithReference fails t unless ExactValue and decodeReference give
// the same value, or both an error.
func agreeWithReference(t *testing.T, data []byte) {
	t.Helper()
	got, err := ExactValue(data)
	want, wantErr := decodeReference(data)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("ExactValue(%q): error %v, json.Decoder: error %v", data, err, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ExactValue(%q) = %#v, json.Decoder %#v", data, got, want)
	}
}

// nested is depth arrays, one inside the other.
func nested(depth int) string { return strings.Repeat("[", depth) + strings.Repeat("]", depth) }

// exactSeeds are the inputs both the table and the fuzz target start from.
var exactSeeds = []string{
	`{"order_id":9007199254740993,"cart":{"n":[1,2.50,-0,1e400,1E-7]}}`,
	`{"a":"b","a":"c","A":null}`, // duplicate names: the last wins
	`[[],[[]],{},[{}],[null,true,false]]`,
	`"9007199254740993"`, `-0`, `0.0`, `1e400`, `-1.5E+3`, ` 7 `, "\t\n\r null \r\n",
	`"plain"`, `"한글"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\u0041"`, `"\ud83d\ude00"`, `"\ud800"`, `"\udc00x"`,
	"\"\xff\xfe\"", "\"ok\xc3\"", "{\"k\xff\":1}", `{"\u006b":1}`,
	// not one value, or not JSON at all
	``, ` `, `{`, `}`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`,
	`0x10`, `NaN`, `tru`, `nulls`, `{"a":1} x`, `{} {}`, `1 2`, `[] ]`, `"\x41"`, `"\u12"`, `"a` + "\n" + `b"`,
	`"unterminated`, "\xef\xbb\xbf{}", `{"a":1}` + "\x00", `'a'`,
	nested(100), nested(100)[:150],
}

// ExactValue decodes the values a json.Decoder with UseNumber gives, with
// the digits as sent, and refuses what it refuses.
func TestExactValue(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want any
	}{
		{`{"order_id":9007199254740993}`, map[string]any{"order_id": json.Number("9007199254740993")}},
		{` [1e400, -0, 2800.0, {}] `, []any{json.Number("1e400"), json.Number("-0"), json.Number("2800.0"), map[string]any{}}},
		{`{"a":1,"a":{"b":[]}}`, map[string]any{"a": map[string]any{"b": []any{}}}},
		{`[true,false,null,"x"]`, []any{true, false, nil, "x"}},
		{`"\ud83d\ude00 \ud800 \u00e9"`, "\U0001F600 \uFFFD é"},
		{"\"a\xffb\"", "a\uFFFDb"},
		{`null`, nil},
	} {
		got, err := ExactValue([]byte(tc.in))
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{``, `{"a":1} x`, `{} {}`, `[1,]`, `01`, `{"a" 1}`, `"\x41"`, "\"a\tb\"", nested(maxDepth + 1)} {
		_, err := ExactValue([]byte(bad))
		assert.Error(t, err, bad)
	}
	for _, s := range append(exactSeeds, nested(maxDepth), nested(maxDepth+1), `{"a":`+nested(maxDepth-1)+`}`,
		`{"a":`+nested(maxDepth)+`}`) {
		agreeWithReference(t, []byte(s))
	}
}

// ExactValue allocates less than the Decoder it replaces, which it is
// for.
func TestExactValueAllocatesLess(t *testing.T) {
	data := []byte(`{"order_id":"merchant-1","plan_key":"pro","n":9007199254740993}`)
	exact := testing.AllocsPerRun(100, func() { _, _ = ExactValue(data) })
	reference := testing.AllocsPerRun(100, func() { _, _ = decodeReference(data) })
	assert.Less(t, exact, reference-4, "ExactValue %v allocs, json.Decoder %v", exact, reference)
}

// FuzzExactValue: for any input, ExactValue gives the value a json.Decoder
// with UseNumber gives (reflect.DeepEqual), or an error exactly when it
// does.
func FuzzExactValue(f *testing.F) {
	for _, s := range exactSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(agreeWithReference)
}

// BenchmarkExactValue decodes the metadata of Bootpay's checkout guide.
func BenchmarkExactValue(b *testing.B) {
	data := []byte(`{"order_id": "merchant-1", "plan_key": "pro"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ExactValue(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExactValueDecoder is BenchmarkExactValue's baseline: the
// json.Decoder that ExactValue replaces.
func BenchmarkExactValueDecoder(b *testing.B) {
	data := []byte(`{"order_id": "merchant-1", "plan_key": "pro"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeReference(data); err != nil {
			b.Fatal(err)
		}
	}
}
