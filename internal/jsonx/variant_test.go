package jsonx

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test union of union_test.go (shape: circle, square, otherShape),
// with its variants decoded by Variant instead of closures.
func variantShapes() *Union[shape] {
	return &Union[shape]{
		Prefix: "test", Name: "shape", Key: "kind",
		Variants: map[string]func([]byte) (shape, error){
			"CIRCLE": Variant[circle, shape],
			"SQUARE": Variant[square, shape],
		},
		Unknown: func(_, raw []byte) (shape, error) { return &otherShape{Raw: raw}, nil },
	}
}

func TestVariantDecodesANewValueAsTheInterface(t *testing.T) {
	u := variantShapes()
	v, err := u.Decode([]byte(`{"id":"s1","kind":"SQUARE","side":4}`))
	require.NoError(t, err)
	assert.Equal(t, &square{ID: "s1", Side: 4}, v)

	a, err := Variant[circle, shape]([]byte(`{"radius":1}`))
	require.NoError(t, err)
	b, err := Variant[circle, shape]([]byte(`{"radius":1}`))
	require.NoError(t, err)
	assert.NotSame(t, a, b, "every call decodes into a new value")
}

func TestVariantPassesDecodingErrorsToTheUnion(t *testing.T) {
	u := variantShapes()
	_, err := u.Decode([]byte(`{"kind":"CIRCLE","radius":"wide"}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "test: decoding CIRCLE shape: json: cannot unmarshal string")
}

// A V whose pointer does not implement U is an error naming both types,
// never a panic (Go's type parameters cannot forbid it at compile time).
func TestVariantOfTheWrongTypeIsAnError(t *testing.T) {
	var (
		v   shape
		err error
	)
	assert.NotPanics(t, func() { v, err = Variant[struct{ Radius int }, shape]([]byte(`{"radius":1}`)) })
	require.Error(t, err)
	assert.Nil(t, v)
	assert.Contains(t, err.Error(), "*struct { Radius int } is not a variant of jsonx.shape")
}

// shapeWire is a wire of the test union, for DecodeUnion: it converts
// circles only, so that a square goes to the union.
type shapeWire struct {
	Key    Tag    `json:"kind"`
	ID     string `json:"id"`
	Radius int    `json:"radius"`
}

func (w *shapeWire) value() (shape, bool) {
	if !w.Key.Once() || w.Key.Value != "CIRCLE" {
		return nil, false
	}
	return &circle{ID: w.ID, Radius: w.Radius}, true
}

func TestDecodeUnionTakesTheWireFirst(t *testing.T) {
	u, calls := newShapes()
	var v shape
	require.NoError(t, DecodeUnion([]byte(`{"kind":"CIRCLE","id":"c1","radius":2}`), &v, (*shapeWire).value, u))
	assert.Equal(t, &circle{ID: "c1", Radius: 2}, v)
	assert.Zero(t, *calls, "the wire decided: the union's decoders never ran")
}

func TestDecodeUnionFallsBackToTheUnion(t *testing.T) {
	u, calls := newShapes()
	for doc, want := range map[string]shape{
		`{"kind":"SQUARE","id":"s1","side":3}`:                   &square{ID: "s1", Side: 3},
		`{"kind":"CIRCLE","kind":"CIRCLE","id":"c2","radius":1}`: &circle{ID: "c2", Radius: 1},
	} {
		before := *calls
		var v shape
		require.NoError(t, DecodeUnion([]byte(doc), &v, (*shapeWire).value, u), doc)
		assert.Equal(t, want, v, doc)
		assert.Equal(t, before+1, *calls, "the wire could not decide %s: the union decoded it once", doc)
	}
}

func TestDecodeUnionLeavesTheDestinationOnError(t *testing.T) {
	u, _ := newShapes()
	v := shape(&square{ID: "kept"})
	err := DecodeUnion([]byte(`{"kind":"CIRCLE","radius":"wide"}`), &v, (*shapeWire).value, u)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "test: decoding CIRCLE shape")
	assert.Equal(t, &square{ID: "kept"}, v)
}
