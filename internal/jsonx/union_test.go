package jsonx

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shape is a test union: circles and squares by "kind", with a common
// "id" and a fallback that keeps the raw object.
type shape interface{ kind() string }

type circle struct {
	ID     string `json:"id"`
	Radius int    `json:"radius"`
}

type square struct {
	ID   string `json:"id"`
	Side int    `json:"side"`
}

type otherShape struct{ Raw json.RawMessage }

func (*circle) kind() string     { return "CIRCLE" }
func (*square) kind() string     { return "SQUARE" }
func (*otherShape) kind() string { return "" }

// newShapes returns the union and a count of the variant decoders' calls.
func newShapes(required ...string) (*Union[shape], *int) {
	calls := new(int)
	u := &Union[shape]{
		Prefix: "test", Name: "shape", Key: "kind", Required: required,
		Variants: map[string]func([]byte) (shape, error){
			"CIRCLE": func(b []byte) (shape, error) { *calls++; v := &circle{}; return v, json.Unmarshal(b, v) },
			"SQUARE": func(b []byte) (shape, error) { *calls++; v := &square{}; return v, json.Unmarshal(b, v) },
		},
		Unknown: func(_, raw []byte) (shape, error) { return &otherShape{Raw: raw}, nil },
	}
	return u, calls
}

func TestUnionChoosesVariantAndDecodesOnce(t *testing.T) {
	u, calls := newShapes()
	v, err := u.Decode([]byte(`{"id":"c1","kind":"CIRCLE","radius":3}`))
	require.NoError(t, err)
	assert.Equal(t, &circle{ID: "c1", Radius: 3}, v)
	assert.Equal(t, 1, *calls, "the variant decoder runs once, on the whole object")
}

func TestUnionMatchesMembersLikeEncodingJSON(t *testing.T) {
	for name, doc := range map[string]string{
		"other case":        `{"KIND":"SQUARE","side":2}`,
		"escaped name":      `{"k\u0069nd":"SQUARE","side":2}`,
		"escaped value":     `{"kind":"SQ\u0055ARE","side":2}`,
		"last wins":         `{"kind":"CIRCLE","Kind":"SQUARE","side":2}`,
		"null does not win": `{"kind":"SQUARE","kind":null,"side":2}`,
		"nested ignored":    `{"x":{"kind":"CIRCLE"},"kind":"SQUARE","side":2,"y":["kind","CIRCLE"]}`,
		"space around":      " \n{ \"kind\" : \"SQUARE\" , \"side\" : 2 } ",
	} {
		u, _ := newShapes()
		v, err := u.Decode([]byte(doc))
		require.NoError(t, err, name)
		assert.Equal(t, &square{Side: 2}, v, name)
	}
}

func TestUnionUnknownKeepsCanonicalRaw(t *testing.T) {
	u, calls := newShapes()
	for _, doc := range []string{`{"kind": "TRIANGLE", "x": "<&>"}`, `{"x":1}`, `{"kind":null}`} {
		v, err := u.Decode([]byte(doc))
		require.NoError(t, err, doc)
		o, ok := v.(*otherShape)
		require.True(t, ok, "%s: %T", doc, v)
		want, err := Canonical([]byte(doc))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(o.Raw))
		assert.NotContains(t, string(o.Raw), " ")
	}
	assert.Zero(t, *calls)
	v, _ := u.Decode([]byte(`{"kind":"T","x":"<&>"}`))
	assert.Equal(t, `{"kind":"T","x":"\u003c\u0026\u003e"}`, string(v.(*otherShape).Raw))
}

func TestUnionNullAndErrors(t *testing.T) {
	u, _ := newShapes()
	for _, doc := range []string{``, `null`, ` null `} {
		v, err := u.Decode([]byte(doc))
		require.NoError(t, err)
		assert.Nil(t, v)
	}
	for doc, want := range map[string]string{
		`[]`:                                  "test: decoding shape: not a JSON object",
		`"CIRCLE"`:                            "test: decoding shape: not a JSON object",
		`{"kind":1}`:                          "test: decoding shape: kind: not a JSON string",
		`{"kind":"CIRCLE","radius":"x"}`:      "test: decoding CIRCLE shape: json: cannot unmarshal",
		`{"kind":"CIRCLE"`:                    "test: decoding shape: malformed JSON",
		`{"kind":"TRIANGLE","x":}`:            "test: decoding shape: malformed JSON",
		`{"kind":"TRIANGLE","x":[1,2}`:        "test: decoding shape: malformed JSON",
		`{"kind":"TRIANGLE","x":"\u12"}`:      "test: decoding shape: invalid character",
		`{"kind":"TRIANGLE" "x":1}`:           "test: decoding shape: malformed JSON",
		`{"kind":"TRIANGLE","x":01}`:          "test: decoding shape: invalid character",
		`{"kind":"CIRCLE","radius":3} extra`:  "test: decoding CIRCLE shape: invalid character",
		`{"kind":"CIRCLE","radius":3,"a":tr}`: "test: decoding CIRCLE shape: invalid character",
	} {
		v, err := u.Decode([]byte(doc))
		require.Error(t, err, doc)
		assert.Nil(t, v, doc)
		assert.True(t, strings.HasPrefix(err.Error(), want), "%s: %v", doc, err)
	}
}

func TestUnionRequiredMembers(t *testing.T) {
	u, calls := newShapes("kind", "id", "size.width")
	ok := `{"kind":"CIRCLE","id":"c","size":{"width":0}}`
	_, err := u.Decode([]byte(ok))
	require.NoError(t, err)
	for doc, missing := range map[string]string{
		`{"id":"c","size":{"width":0}}`:                         "kind",
		`{"kind":"","id":"c","size":{"width":0}}`:               "kind",
		`{"kind":"CIRCLE","size":{"width":0}}`:                  "id",
		`{"kind":"CIRCLE","id":null,"size":{"width":0}}`:        "id",
		`{"kind":"CIRCLE","id":"","size":{"width":0}}`:          "id",
		`{"kind":"CIRCLE","id":"c"}`:                            "size.width",
		`{"kind":"CIRCLE","id":"c","size":null}`:                "size.width",
		`{"kind":"CIRCLE","id":"c","size":{"height":1}}`:        "size.width",
		`{"kind":"CIRCLE","id":"c","size":{"width":null}}`:      "size.width",
		`{"kind":"CIRCLE","id":"c","size":[{"width":1}]}`:       "size.width",
		`{"kind":"TRIANGLE","id":"c"}`:                          "size.width",
		`{"kind":"CIRCLE","id":"c","size":{"width":1},"id":""}`: "id",
	} {
		*calls = 0
		_, err := u.Decode([]byte(doc))
		require.Error(t, err, doc)
		assert.Equal(t, "test: shape has no "+missing, err.Error(), doc)
		assert.Zero(t, *calls, "%s: refused before decoding", doc)
	}
	// A null after a value does not erase it, as with encoding/json.
	_, err = u.Decode([]byte(`{"kind":"CIRCLE","id":"c","id":null,"size":{"width":1}}`))
	assert.NoError(t, err)
}

func TestUnionInto(t *testing.T) {
	u, calls := newShapes()
	type holder struct {
		Name   string  `json:"name"`
		Shape  shape   `json:"shape"`
		Shapes []shape `json:"shapes"`
	}
	decode := func(doc string) (holder, error) {
		type plain holder
		var h holder
		err := json.Unmarshal([]byte(doc), &struct {
			*plain
			Shape  Into[shape]      `json:"shape"`
			Shapes IntoSlice[shape] `json:"shapes"`
		}{(*plain)(&h), u.Into(&h.Shape), u.IntoSlice(&h.Shapes)})
		return h, err
	}
	h, err := decode(`{"name":"n","shape":{"kind":"CIRCLE","radius":1},"shapes":[{"kind":"SQUARE","side":2},{"kind":"HEX"}]}`)
	require.NoError(t, err)
	assert.Equal(t, "n", h.Name)
	assert.Equal(t, &circle{Radius: 1}, h.Shape)
	require.Len(t, h.Shapes, 2)
	assert.Equal(t, &square{Side: 2}, h.Shapes[0])
	assert.Equal(t, `{"kind":"HEX"}`, string(h.Shapes[1].(*otherShape).Raw))
	assert.Equal(t, 2, *calls)

	// A null element would leave a nil interface for the caller's range
	// loop to call a method on: it is an error.
	_, err = decode(`{"shapes":[{"kind":"SQUARE","side":2},null]}`)
	require.ErrorContains(t, err, "shape list holds null")

	h, err = decode(`{"shape":null,"shapes":[]}`)
	require.NoError(t, err)
	assert.Nil(t, h.Shape)
	assert.NotNil(t, h.Shapes, "[] stays empty, not absent")
	assert.Empty(t, h.Shapes)

	h, err = decode(`{"shapes":null}`)
	require.NoError(t, err)
	assert.Nil(t, h.Shapes)

	_, err = decode(`{"shapes":{"kind":"CIRCLE"}}`)
	assert.ErrorContains(t, err, "not a JSON array")
	_, err = decode(`{"shapes":[{"kind":"CIRCLE","radius":"x"}]}`)
	assert.ErrorContains(t, err, "decoding CIRCLE shape")
}

func TestStringMember(t *testing.T) {
	assert.Equal(t, "B", StringMember([]byte(`{"type":"A","TYPE":"B","type":null}`), "type"))
	assert.Equal(t, "", StringMember([]byte(`{"type":1}`), "type"))
	assert.Equal(t, "", StringMember([]byte(`[]`), "type"))
	assert.Equal(t, "é\ufffd", StringMember([]byte("{\"type\":\"é\xff\"}"), "type"), "invalid UTF-8 as encoding/json decodes it")
	assert.Equal(t, "x", StringMember([]byte("{\"\u017ftatus\":\"x\"}"), "status"), "ſ folds to S, as in encoding/json")
	assert.Equal(t, "x", StringMember([]byte("{\"\u212aey\":\"x\"}"), "key"), "the Kelvin sign folds to K")
}

func TestWithMemberAndJoin(t *testing.T) {
	b, err := WithMember("type", "A", struct {
		X int `json:"x"`
	}{1})
	require.NoError(t, err)
	assert.Equal(t, `{"type":"A","x":1}`, string(b))
	b, err = WithMember("type", "A", struct{}{})
	require.NoError(t, err)
	assert.Equal(t, `{"type":"A"}`, string(b))

	b, err = Join(struct {
		A int `json:"a"`
	}{1}, &struct {
		B int `json:"b"`
	}{2})
	require.NoError(t, err)
	assert.Equal(t, `{"a":1,"b":2}`, string(b))
	var nilVariant *struct{ B int }
	b, err = Join(struct {
		A int `json:"a"`
	}{1}, nilVariant)
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, string(b))
}

// FuzzUnionAgreesWithEncodingJSON: whatever the input, the scanner never
// panics, and when encoding/json decodes the object into a struct with a
// string field "kind", the union chooses exactly that value.
func FuzzUnionAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"kind":"CIRCLE"}`, `{"KIND":"A","kind":"B"}`, `{"kind":"A","kind":null}`, `{"k\u0069nd":"x"}`,
		`{"x":{"kind":"y"},"kind":"z"}`, `{"kind":"\ud800"}`, "{\"kind\":\"\xff\"}", `[{"kind":"a"}]`,
		`{"kind":"a\"b\\"}`, `{"a":[1,{"b":"}"}],"kind":"c"}`, `{"ſind":"k"}`, `{"kind":1}`, `{`, `"`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := StringMember(data, "kind")
		var want struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(data, &want); err != nil {
			return
		}
		if len(data) > 0 && data[skipSpace(data, 0)] != '{' {
			return // null, or a value that is no object: nothing to agree on
		}
		if got != want.Kind {
			t.Fatalf("scanner chose %q, encoding/json %q, for %q", got, want.Kind, data)
		}
	})
}

func TestMissingAndMember(t *testing.T) {
	doc := []byte(`{"payment":{"paidAt":"2024-01-01T00:00:00Z","pgTxId":""},"Payment":null,"x":1}`)
	missing, err := Missing(doc, "payment", "payment.paidAt")
	require.NoError(t, err)
	assert.Empty(t, missing)
	for _, path := range []string{"payment.pgTxId", "payment.other", "webhook", "x.y"} {
		missing, err := Missing(doc, "payment", path)
		require.NoError(t, err)
		assert.Equal(t, path, missing)
	}
	_, err = Missing([]byte(`[1]`), "payment")
	assert.Error(t, err)

	v, ok, err := Member(doc, "PAYMENT")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, `{"paidAt":"2024-01-01T00:00:00Z","pgTxId":""}`, string(v))
	_, ok, err = Member(doc, "webhook")
	require.NoError(t, err)
	assert.False(t, ok)
}
