package jsonx

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plainStringSeeds are string literals PlainString must take (plain
// printable ASCII) or leave to encoding/json (escapes, control
// characters, DEL, UTF-8, invalid UTF-8, not a string).
var plainStringSeeds = []string{
	`""`, `"r-1"`, `"a b ~!"`, `"1000"`,
	`"a\"b"`, `"a\\b"`, `"\u0041"`, "\"a\tb\"", "\"a\x7fb\"", `"주문"`, "\"r-\xff\"",
	`"`, `"abc`, `abc"`, `123`, `null`, `{"a":"b"}`, ``,
}

// PlainString takes exactly the literals encoding/json returns unchanged:
// whatever it takes decodes with encoding/json to the same string.
func TestPlainString(t *testing.T) {
	for _, in := range []string{`""`, `"r-1"`, `"a b ~!"`, `"1000"`} {
		body, ok := PlainString([]byte(in))
		require.True(t, ok, in)
		assert.Equal(t, in[1:len(in)-1], string(body), in)
	}
	for _, in := range plainStringSeeds[4:] {
		_, ok := PlainString([]byte(in))
		assert.False(t, ok, "%q is left to encoding/json", in)
	}
}

// FuzzPlainString: a literal PlainString takes decodes with encoding/json
// to its body.
func FuzzPlainString(f *testing.F) {
	for _, s := range plainStringSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		body, ok := PlainString(data)
		if !ok {
			return
		}
		var s string
		require.NoError(t, json.Unmarshal(data, &s), "%q", data)
		require.Equal(t, s, string(body), "%q", data)
	})
}

// Int reads an integral code as Int64 does, and a value beyond int64 (so
// beyond int) is an error, never another code.
func TestInt(t *testing.T) {
	for in, want := range map[string]int{`1`: 1, `-20`: -20, `1.0`: 1, `"2"`: 2, `1e1`: 10, `null`: 0} {
		n, err := Int([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, n, in)
	}
	for in, want := range map[string]error{`1.5`: ErrNotIntegral, `99999999999999999999`: ErrOutOfRange, `"x"`: ErrNotNumber, `true`: ErrNotNumber} {
		_, err := Int([]byte(in))
		assert.True(t, errors.Is(err, want), "%s: %v", in, err)
	}
}

// MetadataJSON keeps every number's digits (json.Number), in an object
// or in a string holding one; MetadataMember keeps the error for later
// and lets the last copy of a repeated member win.
func TestMetadataJSONKeepsDigits(t *testing.T) {
	for _, in := range []string{`{"id":9007199254740993,"n":{"r":[0.1]}}`, `"{\"id\":9007199254740993,\"n\":{\"r\":[0.1]}}"`} {
		m, err := MetadataJSON([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, map[string]any{"id": json.Number("9007199254740993"), "n": map[string]any{"r": []any{json.Number("0.1")}}}, m, in)
		assert.Equal(t, "9007199254740993", MetadataString(m, "id"), in)
	}
	assert.Equal(t, "2.5", MetadataString(map[string]any{"f": 2.5}, "f"), "a float64 the caller put there")
	assert.Equal(t, "", MetadataString(map[string]any{"b": true}, "b"))

	var w struct{ M MetadataMember }
	require.NoError(t, json.Unmarshal([]byte(`{"M":{"a":1},"M":7}`), &w), "the error is kept, not returned")
	assert.True(t, errors.Is(w.M.Err, ErrNotObject), "%v", w.M.Err)
	assert.Nil(t, w.M.Value)
	require.NoError(t, json.Unmarshal([]byte(`{"M":7,"M":{"a":1}}`), &w))
	assert.NoError(t, w.M.Err)
	assert.Equal(t, map[string]any{"a": json.Number("1")}, w.M.Value)
}
