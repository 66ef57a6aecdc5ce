package redacttest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/redact"
)

// TestDetectorFindsEveryEncoding checks that a planted value is found in
// clear and in every encoding fmt gives strings and bytes, while the
// masked forms are allowed.
func TestDetectorFindsEveryEncoding(t *testing.T) {
	token := "eyJ-sandbox-access-token-0123"
	d := NewDetector(token)
	type raw struct {
		S string
		B []byte
	}
	for _, planted := range append(append([]string{Secret("x"), token}, CardSpellings...), AccountSpellings...) {
		for _, verb := range []string{"%v", "%s", "%q", "%x", "%X", "%d", "%o", "%b", "%c", "%U"} {
			for _, v := range []any{planted, []byte(planted), raw{S: planted}, raw{B: []byte(planted)}} {
				out := fmt.Sprintf(verb, v)
				_, got, found := d.Find(out)
				if assert.True(t, found, "%s of %#v: %s", verb, v, out) && planted != Secret("x") {
					assert.Equal(t, planted, got)
				}
			}
		}
	}
	for _, planted := range append(append([]string{}, CardSpellings...), AccountSpellings...) {
		_, _, found := d.Find(redact.Digits(planted))
		assert.False(t, found, "the masked form of %s is allowed", planted)
	}
	_, _, found := d.Find("the middle digits 73526163 alone")
	assert.False(t, found, "eight digits are not enough: a decimal pointer could hold them")
	_, _, found = d.Find("the middle digits 4107352616 alone")
	assert.True(t, found, "ten are")
	assert.Panics(t, func() { d.Add("short") })
}

type leaf string

type inner struct {
	Number string
	Kind   string
}

type item interface{ isItem() }

type plainItem struct{ Name string }
type secretItem struct{ Card *inner }

func (*plainItem) isItem()  {}
func (*secretItem) isItem() {}

type outer struct {
	Account  leaf
	Token    string
	Raw      json.RawMessage
	Inner    *inner
	Items    []item
	ByName   map[string]inner
	Note     string
	internal string
}

// TestFillerPlants checks that the filler plants by type name and by field
// name, fills pointers, slices, maps and interfaces (with an
// implementation holding planted values), and leaves other fields
// harmless.
func TestFillerPlants(t *testing.T) {
	maskedTypes["leaf"] = maskedTypes["AccountNumber"]
	defer delete(maskedTypes, "leaf")
	d := NewDetector()
	f := &Filler{Types: []reflect.Type{reflect.TypeFor[plainItem](), reflect.TypeFor[secretItem]()}, Detector: d}
	o := f.Fill(reflect.TypeFor[outer]()).Interface().(outer)

	assert.Contains(t, AccountSpellings, string(o.Account), "by type")
	assert.Equal(t, Secret("Token"), o.Token, "by field name")
	assert.Contains(t, string(o.Raw), CardDashed, "raw JSON")
	require.NotNil(t, o.Inner)
	assert.Contains(t, CardSpellings, o.Inner.Number)
	assert.Equal(t, "v", o.Inner.Kind)
	require.Len(t, o.Items, 1)
	assert.IsType(t, &secretItem{}, o.Items[0], "the implementation holding a card number is chosen")
	assert.Len(t, o.ByName, 1)
	assert.Equal(t, "v", o.Note)
	assert.Empty(t, o.internal)
}
